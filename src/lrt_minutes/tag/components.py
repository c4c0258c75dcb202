"""spaCy components: turn cue spans and organisation spans into tags with owners and deadlines.

Registered as spaCy factories, so the pipeline is declared in one place (nlp.py) and each tag
can say which rule produced it (the id of the cue pattern that fired).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from .deadlines import find_due
from .lexicons import organisations

KIND = {o.code: o.kind for o in organisations()}

TYPE_OF_LABEL = {"DECISION": "decision", "ACTION": "action", "AGREEMENT": "agreement", "COMMITMENT": "commitment"}

# cue ids that are written markers at the start of a sentence: "Besluit:", "Actie:", "<actiepunt"
MARKER_IDS = {"besluit-marker", "actie-marker", "actie-done-marker", "afspraak-marker", "toezegging-marker", "actiepunt-angle", "besluit-angle",
              "afspraak-angle", "toezegging-angle"}
MARKER_NOCOLON_IDS = {"besluit-marker-nocolon", "actie-marker-nocolon", "afspraak-marker-nocolon", "toezegging-marker-nocolon"}
PAREN_IDS = {"afspraak-paren", "toezegging-paren", "actie-paren", "besluit-paren"}
DECISION_IDS = {"decision-participle", "gaat-akkoord", "akkoord-met", "colon-akkoord", "stemt-in", "besluit-verb"}
COMMITMENT_IDS = {"zegt-toe", "toegezegd"}
AGREEMENT_IDS = {"afgesproken", "spreken-af"}
IMPLICIT_IDS = {"future-zal", "gaan-infinitive", "passive", "geeft-aan-te", "present-action"}

CONFIDENCE = {
    "marker": 0.95, "marker-nocolon": 0.85, "paren": 0.9, "phrase": 0.9,
    "future-zal": 0.8, "gaan-infinitive": 0.75, "passive-agent": 0.75, "passive-vanuit": 0.75,
    "passive-due": 0.55, "geeft-aan-te": 0.6, "present-action": 0.6,
}  # fmt: skip

PRONOUNS = {"hij", "zij", "ze"}
AUXILIARIES = {"is", "zijn", "wordt", "worden", "werd", "werden"}
MODALS = {"moet", "moeten", "kan", "kunnen", "zou", "zouden", "dient", "dienen", "mag", "mogen", "zal", "zullen"}
NEGATIONS = {"niet", "geen", "nooit"}
# words that may stand between organisations in a subject: "Zowel Rijk als VNG", "IPO/CdK’s", "BZK en IPO"
SUBJECT_GLUE = {"het", "de", "zowel", "als", "en", "ook", "tevens", "/", ",", "'s", "&", "daarom", "dat", "is", "wordt",
                "afgesproken", "overeengekomen", "vanuit", "namens", "eveneens"}  # fmt: skip
NP_GLUE = {"de", "het", "een", "en", "/", ",", "'s", "&", "volgende", "eerstvolgende", "betrokken", "alle", "andere",
           "zowel", "als", "beide", "individuele", "diverse"}  # fmt: skip
# prepositions whose object is not an owner: recipients, topics, times ("aan de CdK’s", "voor de volgende HLRT")
EXCLUDING_PREPOSITIONS = {"aan", "met", "voor", "vóór", "naar", "bij", "over", "richting", "tot", "onder", "tijdens",
                          "na", "in", "op", "uit", "tussen", "tegen", "binnen", "via", "per", "zonder", "van"}  # fmt: skip
AGENT_PREPOSITIONS = {"door", "vanuit"}
COLLABORATION = {"ism", "i.s.m.", "i.o.m.", "iom"}
# reporting verbs whose "dat"-clause reports rather than commits: "VNG geeft aan dat ..."
REPORT_VERBS = {"geeft", "geven", "meldt", "melden", "stelt", "stellen", "constateert", "constateren", "benoemt",
                "verwacht", "verwachten", "denkt", "vindt", "vinden", "vraagt", "vragen", "verzoekt", "verzoeken",
                "benadrukt", "onderstreept", "merkt", "wijst", "informeert", "licht", "deelt", "schetst", "beaamt",
                "herkent", "twijfelt", "reageert", "concludeert", "concluderen", "signaleert", "pleit"}  # fmt: skip
# infinitives after "gaat/gaan" that make it a plan to act: "JenV gaat bezien", "MVRO zal in gesprek gaan"
ACTION_INFINITIVES = {"bezien", "kijken", "bekijken", "verkennen", "uitwerken", "onderzoeken", "zorgen", "regelen", "na",
                      "sturen", "versturen", "informeren", "organiseren", "opstellen", "agenderen", "inventariseren",
                      "oppakken", "nagaan", "uitzoeken", "checken", "navragen", "terugkoppelen", "terugkomen", "delen",
                      "voorbereiden", "plannen", "aanleveren", "leveren", "maken", "doen", "gesprek", "contact",
                      "opnemen", "toelichten", "uitnodigen", "benaderen", "aanpassen", "verwerken", "schrijven",
                      "voeren", "ontwikkelen", "bellen", "afstemmen", "starten", "opzetten", "inrichten"}  # fmt: skip
# passives that report who stands in for whom, not an action: "wordt vervangen door DGSZI"
NOT_ACTION_PARTICIPLES = {"vervangen", "vertegenwoordigd", "voorgezeten"}
# particles a present-tense action verb needs to mean an action: "kijkt naar", "spreken door", "komt terug"
PRESENT_NEEDS = {
    "kijkt": {"naar"}, "kijken": {"naar"}, "spreekt": {"door", "af"}, "spreken": {"door", "af"},
    "komt": {"terug"}, "komen": {"terug"}, "neemt": {"contact", "mee", "initiatief"}, "nemen": {"contact", "mee", "initiatief"}, "pakt": {"op"},
    "pakken": {"op"}, "zoekt": {"uit"}, "zoeken": {"uit"}, "werkt": {"uit"}, "werken": {"uit"},
    "legt": {"contact", "voor"}, "leggen": {"contact", "voor"}, "brengt": {"kaart"}, "brengen": {"kaart"},
    "stemt": {"af"}, "stemmen": {"af"}, "zorgt": {"voor", "ervoor"}, "zorgen": {"voor", "ervoor"}, "levert": {"aan"},
    "leveren": {"aan"}, "bespreekt": {"met"}, "bespreken": {"met"},
}  # fmt: skip


@dataclass(slots=True)
class TagCandidate:
    """A tag found by the component, before deadlines are resolved to dates."""

    type: str
    rule: str
    explicit: bool
    confidence: float
    start_char: int
    end_char: int
    owners: list[str] = field(default_factory=list)
    pronoun: bool = False
    """The owner is "hij"/"zij" with no antecedent in this point: resolve from earlier points."""
    due_text: str | None = None
    due_rule: str | None = None
    status: str | None = None
    """"done" when the marker itself says the action is done ("Actiepunt afgerond: ...")."""


if not Doc.has_extension("lrt_tags"):
    Doc.set_extension("lrt_tags", default=None)
if not Doc.has_extension("lrt_last_subject"):
    Doc.set_extension("lrt_last_subject", default=None)


@Language.component("lrt_marker_sentences")
def keep_markers_whole(doc: Doc) -> Doc:
    """No sentence starts inside a written marker in angle brackets: "<Actiepunt ….?>: tekst" is one sentence.

    Runs after the sentencizer, which would split at the "?" or "." inside the brackets, or leave
    the marker alone as a sentence when a full stop follows it ("<actiepunt Martin>. In elk geval ...").
    """
    for tok in doc:
        if tok.text != "<":
            continue
        for k in range(tok.i + 1, min(tok.i + 12, len(doc))):
            if doc[k].text == ">":
                # the marker, the punctuation after it and the first word: "<actiepunt X>. In elk geval ..."
                j = tok.i + 1
                while j < len(doc) and (j <= k or doc[j - 1].is_punct or doc[j - 1].text == ">"):
                    doc[j].is_sent_start = False
                    j += 1
                break
    return doc


@Language.factory("lrt_tagger", default_config={"org_key": "orgs", "cue_key": "cues"})
def make_tagger(nlp: Language, name: str, org_key: str, cue_key: str) -> MinutesTagger:
    """spaCy factory of the tagging component."""
    return MinutesTagger(org_key, cue_key)


class MinutesTagger:
    """Sets `doc._.lrt_tags` (TagCandidate per tagged sentence) and `doc.spans["tags"]`."""

    def __init__(self, org_key: str = "orgs", cue_key: str = "cues") -> None:
        self.org_key = org_key
        self.cue_key = cue_key

    def __call__(self, doc: Doc) -> Doc:
        orgs = {}
        for span in doc.spans.get(self.org_key, []):
            orgs[span.start] = span
        cues = list(doc.spans.get(self.cue_key, []))
        people: dict[str, str] = doc.user_data.get("people", {})
        tags: list[TagCandidate] = []
        spans: list[Span] = []
        last_subject: list[str] | None = doc.user_data.get("antecedent")
        for sent in doc.sents:
            sent_cues = [c for c in cues if sent.start <= c.start < sent.end]
            subject, pronoun, person = _subject(doc, sent, orgs, people, sent_cues)
            if not subject and not pronoun and not person:
                subject, pronoun = _inverted_subject(doc, sent, orgs, sent_cues)
            # a named person whose organisation is unknown still acts ("Dhr. Rabbae zal ..."): no owner code
            cand = _classify(doc, sent, sent_cues, orgs, subject, pronoun or person)
            resolved = subject or (last_subject if pronoun else None)
            if cand is not None:
                cand.owners = _owners(doc, sent, orgs, cand, resolved or [])
                cand.pronoun = pronoun and not subject and not last_subject
                due = find_due(sent.text)
                if due:
                    cand.due_text, cand.due_rule = due[0], due[1]
                tags.append(cand)
                spans.append(Span(doc, sent.start, sent.end, label=cand.type.upper()))
            if subject:
                last_subject = subject
        doc._.lrt_tags = tags
        doc._.lrt_last_subject = last_subject
        doc.spans["tags"] = spans
        return doc


def _first_word(sent: Span) -> int:
    """Index of the first token of the sentence that is not a bullet or punctuation."""
    for tok in sent:
        if not tok.is_punct or tok.text == "<":
            return tok.i
    return sent.start


def _negated(doc: Doc, i: int, window: int = 3) -> bool:
    return any(doc[j].lower_ in NEGATIONS for j in range(max(0, i - window), i))


def _in_report_clause(doc: Doc, sent: Span, i: int) -> bool:
    """Is token i inside "X geeft aan dat ..." / "X vraagt of ..."?"""
    seen_report = False
    for j in range(sent.start, i):
        low = doc[j].lower_
        if low in REPORT_VERBS:
            seen_report = True
        elif seen_report and low in {"dat", "of", "om"}:
            return True
    return False


def _classify(
    doc: Doc, sent: Span, cues: list[Span], orgs: dict[int, Span], subject: list[str], pronoun: bool
) -> TagCandidate | None:
    """The tag a sentence carries, if any: written markers first, then phrases, then implicit actions."""
    if not cues:
        return None
    first = _first_word(sent)
    question = sent.text.rstrip().endswith("?")

    def make(cue: Span, kind: str, explicit: bool) -> TagCandidate:
        return TagCandidate(
            type=TYPE_OF_LABEL[cue.label_], rule=cue.id_, explicit=explicit, confidence=CONFIDENCE[kind],
            start_char=sent.start_char, end_char=sent.end_char,
        )  # fmt: skip

    for cue in cues:
        if cue.id_ in MARKER_IDS and cue.start == first:
            cand = make(cue, "marker", True)
            if cue.id_ == "actie-done-marker":
                cand.status = "done"
            return cand
    for cue in cues:
        if cue.id_ in MARKER_NOCOLON_IDS and cue.start == first and cue.end < sent.end:
            nxt = doc[cue.end]
            if nxt.text[:1].isupper() and not nxt.is_punct and doc[cue.start].text[:1].isupper():
                return make(cue, "marker-nocolon", True)
    for cue in cues:
        if cue.id_ in PAREN_IDS:
            return make(cue, "paren", True)
    if question:
        return None
    for cue in cues:
        if cue.id_ == "spreken-af" and "af" not in {t.lower_ for t in doc[cue.end : sent.end]}:
            continue  # "spreken af" is a separable verb: "Partijen spreken ... af"
        if cue.id_ in AGREEMENT_IDS and not _negated(doc, cue.start) and not _after(doc, cue.start, {"zoals", "eerder"}):
            return make(cue, "phrase", True)
    for cue in cues:
        if cue.id_ in COMMITMENT_IDS and not _negated(doc, cue.start):
            return make(cue, "phrase", True)
    for cue in cues:
        if cue.id_ not in DECISION_IDS or _negated(doc, cue.start if cue.id_ != "colon-akkoord" else cue.end - 1):
            continue
        if cue.id_ == "decision-participle":
            before = {t.lower_ for t in doc[sent.start : cue.start]} | {t.lower_ for t in doc[cue.end : sent.end]}
            if not before & AUXILIARIES or {t.lower_ for t in doc[sent.start : cue.start]} & MODALS:
                continue
            if _in_report_clause(doc, sent, cue.start):
                continue
        return make(cue, "phrase", True)

    actor = bool(subject) or pronoun
    for cue in cues:
        if cue.id_ not in IMPLICIT_IDS or _negated(doc, cue.start, 2) or _in_report_clause(doc, sent, cue.start):
            continue
        rest = [t.lower_ for t in doc[cue.end : sent.end]]
        if cue.id_ == "future-zal":
            passive = "worden" in rest
            agent_or_due = bool(_agent(doc, sent, orgs, groups=True) or find_due(sent.text))
            if not (actor or (passive and agent_or_due)):
                continue
            if _last_verb(rest) == "zijn" or "sprake" in rest:
                continue  # a prediction: "... sprake zal zijn van ..."
            if passive and not agent_or_due:
                continue
            return make(cue, "future-zal", False)
        if cue.id_ == "gaan-infinitive":
            if not actor or (rest and rest[0] in {"akkoord", "in", "uit", "over"}):
                continue
            if any(w in ACTION_INFINITIVES for w in rest[:7]):
                return make(cue, "gaan-infinitive", False)
        if cue.id_ == "passive":
            if any(t.lower_ in {"werd", "werden"} for t in sent):
                continue
            if NOT_ACTION_PARTICIPLES & set(rest) or _after(doc, cue.start, MODALS, 3):
                continue
            agent = _agent(doc, sent, orgs)
            if agent == "door":
                return _with_rule(make(cue, "passive-agent", False), "passive-door")
            if agent == "vanuit":
                return _with_rule(make(cue, "passive-vanuit", False), "passive-vanuit")
            if find_due(sent.text) and not subject:
                return _with_rule(make(cue, "passive-due", False), "passive-due")
        if cue.id_ == "geeft-aan-te" and subject:
            te = _aan_te(doc, cue, sent)
            if te is not None and not _negated(doc, te, 2) and not (te + 1 < sent.end and doc[te + 1].lower_ in {"zijn", "hebben", "worden"}):
                return make(cue, "geeft-aan-te", False)
        if cue.id_ == "present-action" and subject and cue.start == _subject_end(doc, sent, orgs):
            need = PRESENT_NEEDS.get(doc[cue.start].lower_)
            if need is None or need & set(rest):
                return make(cue, "present-action", False)
    return None


def _aan_te(doc: Doc, cue: Span, sent: Span) -> int | None:
    """Index of "te" in "X geeft (...) aan (...) te <verb>", with no "dat"/"of" clause between."""
    seen_aan = False
    for i in range(cue.end, sent.end):
        low = doc[i].lower_
        if low in {"dat", "of", "?"}:
            return None
        if low == "aan":
            seen_aan = True
        elif low == "te" and seen_aan:
            return i
    return None


def _with_rule(cand: TagCandidate, rule: str) -> TagCandidate:
    cand.rule = rule
    return cand


def _after(doc: Doc, i: int, words: set[str], window: int = 2) -> bool:
    return any(doc[j].lower_ in words for j in range(max(0, i - window), i))


def _last_verb(words: list[str]) -> str | None:
    words = [w for w in words if w.isalpha()]
    return words[-1] if words else None


def _inverted_subject(doc: Doc, sent: Span, orgs: dict[int, Span], cues: list[Span]) -> tuple[list[str], bool]:
    """The subject after the finite verb when a sentence opens with an adverbial: "Tijdens het BO zal hij"."""
    for cue in cues:
        if cue.id_ not in {"future-zal", "gaan-infinitive"}:
            continue
        i = cue.end
        while i < sent.end and doc[i].lower_ in {"ook", "tevens", "daarom", "dan", "er", "het", "de"}:
            i += 1
        if i < sent.end and doc[i].lower_ in PRONOUNS:
            return [], True
        found = _np_orgs(doc, i, sent.end, orgs)
        if found:
            return found, False
    return [], False


def _subject_end(doc: Doc, sent: Span, orgs: dict[int, Span]) -> int:
    """Index of the first token after the sentence-initial subject."""
    i = _first_word(sent)
    while i < sent.end:
        if i in orgs:
            i = orgs[i].end
        elif doc[i].lower_ in {"het", "de", "en", "/", ",", "'s", "zowel", "als", "&"}:
            i += 1
        else:
            break
    return i


def _subject(
    doc: Doc, sent: Span, orgs: dict[int, Span], people: dict[str, str], cues: list[Span]
) -> tuple[list[str], bool, bool]:
    """Owner codes of the sentence-initial subject (after a marker), whether it is a pronoun, and
    whether it is a person named with an honorific whose organisation is not known."""
    i = _first_word(sent)
    markers = [c for c in cues if c.start == i and (c.id_ in MARKER_IDS or c.id_ in MARKER_NOCOLON_IDS)]
    found: list[str] = []
    pronoun = False
    if markers:
        end = max(c.end for c in markers)
        # an owner named inside the marker: "Actie BZK:", "Actiehouder VNG:", "<actiepunt Logius>"
        for k in range(i, end):
            if k in orgs and orgs[k].label_ != "GROUP" and orgs[k].id_ not in found:
                found.append(orgs[k].id_)
        i = end
        if i < sent.end and doc[i].text == ">":
            i += 1
    while i < sent.end:
        tok = doc[i]
        if i in orgs:
            span = orgs[i]
            if span.label_ != "GROUP" and span.id_ not in found:
                found.append(span.id_)
            i = span.end
            continue
        if tok.lower_ in PRONOUNS and not found:
            pronoun = True
            i += 1
            continue
        if tok.lower_ in {"dhr.", "mw.", "mevr.", "mevrouw", "dhr", "mw"} and i + 1 < sent.end:
            code = people.get(doc[i + 1].lower_)
            if code:
                found.append(code)
                i += 2
                continue
            if not found and doc[i + 1].text[:1].isupper():
                return found, pronoun, True
        if tok.lower_ in SUBJECT_GLUE:
            i += 1
            continue
        break
    return found, pronoun, False


def _agent(doc: Doc, sent: Span, orgs: dict[int, Span], groups: bool = False) -> str | None:
    """ "door" or "vanuit" when an organisation (or, with `groups`, a group) is named as the agent."""
    for tok in sent:
        if tok.lower_ in AGENT_PREPOSITIONS and _np_orgs(doc, tok.i + 1, sent.end, orgs, groups):
            return tok.lower_
    return None


def _np_orgs(doc: Doc, i: int, end: int, orgs: dict[int, Span], groups: bool = False) -> list[str]:
    """Organisations in the noun phrase that starts at i ("de CdK’s en IPO"); groups only if asked."""
    found: list[str] = []
    while i < end:
        if i in orgs:
            if (groups or orgs[i].label_ != "GROUP") and orgs[i].id_ not in found:
                found.append(orgs[i].id_)
            i = orgs[i].end
        elif doc[i].lower_ in NP_GLUE:
            i += 1
        else:
            break
    return found


def _owners(doc: Doc, sent: Span, orgs: dict[int, Span], cand: TagCandidate, subject: list[str]) -> list[str]:
    """Who must act or who decided: subject, agents ("door X", "vanuit X"), collaborators ("ism X")."""
    owners = list(subject)

    def add(codes: list[str]) -> None:
        owners.extend(c for c in codes if c not in owners)

    toks = list(sent)
    for k, tok in enumerate(toks):
        low = tok.lower_
        if low in AGENT_PREPOSITIONS or low in COLLABORATION or (low == "met" and k >= 1 and toks[k - 1].lower_ in {"samenwerking", "samen"}):
            add(_np_orgs(doc, tok.i + 1, sent.end, orgs))
    if cand.type == "agreement":
        present: set[str] = doc.user_data.get("present_orgs") or set()

        def party(code: str) -> bool:
            return code in present if present else KIND.get(code) != "body"

        in_pp = False
        i = sent.start
        while i < sent.end:
            low = doc[i].lower_
            if i in orgs:
                if not in_pp and orgs[i].label_ != "GROUP" and (orgs[i].id_ in owners or party(orgs[i].id_)):
                    add([orgs[i].id_])
                i = orgs[i].end
                continue
            if low in EXCLUDING_PREPOSITIONS:
                in_pp = True
            elif low not in NP_GLUE:
                in_pp = False
            i += 1
    return owners
