"""spaCy components: turn cue spans and organisation spans into tags with owners and deadlines.

Registered as spaCy factories, so the pipeline is declared in one place (pipeline.py) and each tag
can say which rule produced it (the id of the cue pattern that fired). What a cue means (its
class, confidence and conditions) and the word lists live in `lexicons/` (cues.jsonl,
words.json): this module holds only the grammar that reads them.

Longer than the ~300 lines a module should be, on purpose: every rule reads the same
per-sentence token walk (`_Context`, orgs, people) and is reached from `_classify`, so they
change together. The next cut is the who-is-named readers (`_person_at`, `_owner_at`,
`_slot_owners`, `_marker_slot`) into their own module.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.symbols import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, LOWER, ORTH, SPACY  # the ids of token attributes
from spacy.tokens import Doc, Span

from ..dutch.vocabulary import HONORIFICS
from .deadlines import find_due
from .lexicons import CuePattern, cue_patterns, organisations, words

KIND = {o.code: o.kind for o in organisations()}
CUES: dict[str, CuePattern] = {c.id: c for c in cue_patterns()}
W = words()
# honorifics as a token or two tokens write them ("dhr.", "Mevr", "de heer"): from the one list in dutch/vocabulary
HONORIFIC_FORMS = frozenset(f for h in HONORIFICS for f in (h, f"{h}."))

TYPE_OF_LABEL = {"DECISION": "decision", "ACTION": "action", "AGREEMENT": "agreement", "COMMITMENT": "commitment"}
# among phrases, the stronger reading first: "afgesproken ... akkoord" is an agreement
PHRASE_ORDER = ("AGREEMENT", "COMMITMENT", "DECISION", "ACTION")
SEPARATORS = {",", "/", "en", "&", "+", ";"}

Owner = tuple[str, str | None]
"""Who: the name as the output gives it, and the organisation behind it (a code where known) or None."""
Antecedent = list[Owner] | Callable[[], list[Owner] | None] | None
"""Who "hij"/"zij" stands for from the points before: the owners, or a function that reads them when asked."""


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
    owner_organisations: list[str] = field(default_factory=list)
    pronoun: bool = False
    """The owner is "hij"/"zij" with no antecedent in this point: resolve from earlier points."""
    due_text: str | None = None
    due_rule: str | None = None
    status: str | None = None
    """"done" when the marker itself says the action is done ("Actiepunt afgerond: ...")."""
    empty: bool = False
    """A written marker with nothing after it ("Besluit:"): it introduces what follows, or is a slip."""
    named: list[Owner] = field(default_factory=list)
    """Names that are all a marker has after it ("Actie: Jeroen"): the owners of the text before it."""
    heading_actor: bool = False
    """The sentence leaves out who acts ("Stuurt handleiding.") or says "we": a speaker heading names them."""


if not Doc.has_extension("lrt_tags"):
    Doc.set_extension("lrt_tags", default=None)
if not Doc.has_extension("lrt_last_subject"):
    Doc.set_extension("lrt_last_subject", default=None)


@dataclass(slots=True)
class TokenView:
    """The words and flags of a doc's tokens as lists, read once: the rules look at tokens many times, and
    `doc[i]` makes a new Token object at every look."""

    text: list[str]
    low: list[str]
    """`Token.lower_`."""
    punct: list[bool]
    alpha: list[bool]
    lower: list[bool]
    """`Token.is_lower`."""
    idx: list[int]
    doc_text: str

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`."""
        end = min(end, len(self.text))
        if start >= end:
            return ""
        return self.doc_text[self.idx[start] : self.idx[end - 1] + len(self.text[end - 1])]


_VIEW = "lrt_token_view"


_VIEW_ATTRS = [ORTH, LOWER, SPACY, IS_PUNCT, IS_ALPHA, IS_LOWER, IDX]
_STRINGS: dict[int, str] = {}
"""The text of string ids as `StringStore` gives it (ids are hashes of the text, the same in every vocab)."""


def token_view(doc: Doc) -> TokenView:
    """The doc's `TokenView`, made on first use and kept in `doc.user_data` (the components change no tokens).

    Made from one `Doc.to_array` (words as string ids, read through `_STRINGS`): a Token object per token
    and `Doc.text` (which makes one more) cost twice as much."""
    view = doc.user_data.get(_VIEW)
    if view is None or len(view.text) != len(doc):
        orth, lower_, spacy_, punct, alpha, lower, idx = doc.to_array(_VIEW_ATTRS).T.tolist()
        known = _STRINGS
        if len(known) > 500_000:
            known.clear()  # a long run over varied text: the ids are read again as they come
        store = doc.vocab.strings
        text = [known[h] if h in known else known.setdefault(h, store[h]) for h in orth]
        low = [known[h] if h in known else known.setdefault(h, store[h]) for h in lower_]
        doc_text = "".join([w + " " if sp else w for w, sp in zip(text, spacy_, strict=True)])
        view = doc.user_data[_VIEW] = TokenView(
            text, low, [p == 1 for p in punct], [a == 1 for a in alpha], [x == 1 for x in lower], idx, doc_text
        )
    return view


@Language.component("lrt_marker_sentences")
def keep_markers_whole(doc: Doc) -> Doc:
    """No sentence starts inside a written marker in angle brackets: "<Actiepunt ….?>: tekst" is one sentence.

    Runs after the sentencizer, which would split at the "?" or "." inside the brackets, or leave
    the marker alone as a sentence when a full stop follows it ("<actiepunt Martin>. In elk geval ...").
    Reads the tokens' words and flags from `token_view` (lists, not a Token object per look).
    """
    v = token_view(doc)
    text, low, punct, alpha, lower = v.text, v.low, v.punct, v.alpha, v.lower
    n = len(text)
    marker_words = W.marker_words
    # only a token that is one of these, or follows one of those, can be a sentence start to change
    at = {"We", "Wij", "(", ">", ":", "<"}
    after = {".", ",", ";", ":", "(", ")"}
    seen = [i for i, t in enumerate(text) if t in at or t in after]
    candidates = sorted({i for i in seen if text[i] in at} | {i + 1 for i in seen if text[i] in after and i + 1 < n})
    for i in candidates:
        t = text[i]
        if i > 1 and text[i - 1] in {".", ",", ";", ":", "("} and (lower[i] or t in {",", ";", ")"}):
            # a full stop before a lower-case word ends no sentence: "Voor versie 1.1. gaan we ...", "2.0., correctie";
            # nor does a comma after one: "Voor versie 1.2., de vragen ..."
            doc[i].is_sent_start = False
        if i > 0 and t in {"We", "Wij"} and alpha[i - 1] and lower[i - 1]:
            doc[i].is_sent_start = True  # a capital "We" mid-sentence: a sentence end was lost with a line (a link)
        if i > 0 and text[i - 1] in {")", ":"} and t[:1].isupper():
            slashed = i + 2 < n and text[i + 1] == "/" and low[i + 2] in marker_words
            marker = low[i] in marker_words and i + 1 < n and text[i + 1] in {":", "-", "="}
            if marker or slashed:
                # a written marker after a closing bracket or a colon opens a sentence: "(... a.s.) Werkafspraak -> ...",
                # "... Digipoort: Vraag/Actiepunt all: ..."
                doc[i].is_sent_start = True
        if t == "(" and i + 1 < n and low[i + 1] in marker_words:
            # "... rond (actie: Financiën) 4. Volgend punt": a marker in brackets closes its statement
            close = next((k for k in range(i + 2, min(i + 12, n)) if text[k] == ")"), None)
            if close is not None and close + 1 < n and not punct[close + 1]:
                doc[close + 1].is_sent_start = True
        if t in {">", ":"}:
            doc[i].is_sent_start = False  # a closing bracket ends no sentence: "Actiepunt ….?>: tekst"
        if t != "<":
            continue
        for k in range(i + 1, min(i + 12, n)):
            if text[k] == ">":
                closes = i > 0 and not doc[i].is_sent_start and text[i - 1] not in {".", "!", "?", ":", ";"}
                if i > 0 and text[i - 1] == ":" and alpha[i + 1]:
                    doc[i].is_sent_start = True  # "Waar zien we ...: <voorzitter> Samenvattend ..." opens a statement
                j = i + 1
                if closes:
                    # after text, the marker closes that text: "... even nagaan <actiepunt Martin>. In elk geval ..."
                    while j < n and (j <= k or punct[j]):
                        doc[j].is_sent_start = False
                        j += 1
                    if j < n:
                        doc[j].is_sent_start = True
                    break
                # the marker, the punctuation after it and the first word: "<actiepunt X>. In elk geval ..."
                while j < n and (j <= k or punct[j - 1] or text[j - 1] == ">"):
                    doc[j].is_sent_start = False
                    j += 1
                break
    return doc


@Language.factory("lrt_tag_finder", default_config={"org_key": "orgs", "cue_key": "cues"})
def make_tag_finder(nlp: Language, name: str, org_key: str, cue_key: str) -> TagFinder:
    """spaCy factory of the tagging component."""
    return TagFinder(org_key, cue_key)


_due_in = lru_cache(maxsize=16)(find_due)
"""`find_due`, kept for the last sentences: a tag and the checks before it read a sentence's deadline alike."""

MAX_CUES_PER_SENTENCE = 32
"""More cues than this in one sentence is not prose: the rest are not weighed."""


class TagFinder:
    """Sets `doc._.lrt_tags` (TagCandidate per tagged sentence) and `doc.spans["tags"]`.

    `doc.user_data["people"]` maps a participant's names (full, first, surname; lower case) to
    the (full name, organisation) of every participant that carries it; `doc.user_data["antecedent"]`
    is who a pronoun before any subject stands for (`Antecedent`). With
    `doc.user_data["want_opening_actor"]` set, `doc.user_data["opening_actor"]` says whether the
    first sentence opens with someone who acts (`_opening_actor`).
    """

    def __init__(self, org_key: str = "orgs", cue_key: str = "cues") -> None:
        self.org_key = org_key
        self.cue_key = cue_key

    def __call__(self, doc: Doc) -> Doc:
        """Find the tags of every sentence of `doc`; set them on `doc._.lrt_tags` and `doc.spans["tags"]`."""
        orgs = {}
        for span in doc.spans.get(self.org_key, []):
            orgs[span.start] = _Mark(span.start, span.end, span.id_, span.label_)
        cues = [_Mark(c.start, c.end, c.id_, c.label_) for c in doc.spans.get(self.cue_key, [])]
        all_cues = cues if self.cue_key == "cues" else [
            _Mark(c.start, c.end, c.id_, c.label_) for c in doc.spans.get("cues", [])
        ]  # fmt: skip
        ctx = _Context(doc, token_view(doc), orgs, doc.user_data.get("people") or {}, all_cues)
        tags: list[TagCandidate] = []
        spans: list[Span] = []
        last_subject: Antecedent = doc.user_data.get("antecedent")
        sents = [_sentence(ctx.v, s.start, s.end) for s in doc.sents]
        # the cues of each sentence, in their order, in one pass (not all cues for every sentence)
        starts = [sent.start for sent in sents]
        by_sent: dict[int, list[_Mark]] = {}
        for c in cues:
            by_sent.setdefault(bisect.bisect_right(starts, c.start) - 1, []).append(c)
        for n, sent in enumerate(sents):
            # each cue is weighed against the whole sentence: a sentence made of cues ("X wordt
            # vervangen door Y." repeated, where "Y." never ends one) would cost cues x length
            sent_cues = by_sent.get(n, [])[:MAX_CUES_PER_SENTENCE]
            ctx.group_subject = False
            ctx.heading_actor = False
            start, prefix = _after_prefix(ctx, sent, sent_cues)
            if prefix:
                last_subject = prefix  # "Vraag aan Karin V: zij zal ...": "zij" is Karin V
            subject, pronoun = _subject(ctx, sent, sent_cues, start)
            if not subject and not pronoun:
                subject, pronoun = _inverted_subject(ctx, sent, sent_cues)
            cand = _classify(ctx, sent, sent_cues, subject, pronoun)
            if cand is not None:
                if pronoun and not subject and callable(last_subject):
                    last_subject = last_subject()  # read only when a pronoun asks for it
                resolved = subject or (last_subject if pronoun and not callable(last_subject) else None)
                if CUES[cand.rule].check == "todo":
                    resolved = []  # a to-do names no subject: who acts is who it is done with ("met Heiko")
                owners = cand.named or _owners(ctx, sent, cand, resolved or [])
                cand.owners = _names(owners)
                cand.owner_organisations = _organisations(owners)
                cand.pronoun = pronoun and not subject and not last_subject
                cand.heading_actor = ctx.heading_actor and not owners
                due = _due_in(sent.text)
                if due:
                    cand.due_text, cand.due_rule = due[0], due[1]
                tags.append(cand)
                spans.append(Span(doc, sent.start, sent.end, label=cand.type.upper()))
            if subject:
                last_subject = subject
            if doc.user_data.get("want_opening_actor") and "opening_actor" not in doc.user_data:
                doc.user_data["opening_actor"] = _opening_actor(ctx, sent, start, bool(subject))
        doc._.lrt_tags = tags
        doc._.lrt_last_subject = last_subject
        doc.spans["tags"] = spans
        return doc


@dataclass(slots=True)
class _Mark:
    """A span of a ruler (a cue or an organisation) as the rules read it: read once from the Span."""

    start: int
    end: int
    id_: str
    label_: str


@dataclass(slots=True)
class _Sent:
    """A sentence: its token range, characters and text, and its first word (`_first_word`)."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    first: int


def _sentence(v: TokenView, start: int, end: int) -> _Sent:
    text = v.span_text(start, end)
    start_char = v.idx[start] if start < end else 0
    return _Sent(start, end, start_char, start_char + len(text), text, _first_word(v, start, end))


@dataclass(slots=True)
class _Context:
    doc: Doc
    v: TokenView
    orgs: dict[int, _Mark]
    people: dict[str, list[Owner]]
    cues: list[_Mark]
    """All cues of the doc, in the ruler's order."""
    subject_end: int = -1
    """Index of the first token after the sentence's subject (set by `_subject`)."""
    group_subject: bool = False
    """The sentence's subject is a group ("de provincie", "gemeenten"): an actor, never an owner."""
    heading_actor: bool = False
    """The present-action check read a left-out subject or "we" (set per sentence)."""


def _names(owners: list[Owner]) -> list[str]:
    out: list[str] = []
    for name, _org in owners:
        if name and name not in out:
            out.append(name)
    return out


def _organisations(owners: list[Owner]) -> list[str]:
    out: list[str] = []
    for _name, org in owners:
        if org and org not in out:
            out.append(org)
    return out


def _first_word(v: TokenView, start: int, end: int) -> int:
    """Index of the first token of the sentence that is not a bullet or punctuation; after "Vraag/" the
    word after the slash ("Vraag/Actiepunt all: ...")."""
    text, punct, alpha = v.text, v.punct, v.alpha
    for i in range(start, end):
        if not punct[i] or text[i] == "<":
            slash = i + 2 < end and text[i + 1] == "/" and alpha[i] and alpha[i + 2]
            if slash and v.low[i + 2].startswith(("actie", "besluit", "afspra", "toezeg")):
                return i + 2
            return i
    return start


def _negated(v: TokenView, i: int, window: int = 3) -> bool:
    low, negations = v.low, W.negations
    return any(low[j] in negations for j in range(max(0, i - window), i))


def _in_report_clause(v: TokenView, sent: _Sent, i: int) -> bool:
    """Is token i inside "X geeft aan dat ..." / "X vraagt of ..."?"""
    seen_report = False
    for low in v.low[sent.start : i]:
        if low in W.report_verbs:
            seen_report = True
        elif seen_report and low in W.report_conjunctions:
            return True
    return False


def _before(v: TokenView, i: int, wordset: frozenset[str] | set[str], window: int = 2) -> bool:
    """Does one of `wordset` stand in the `window` tokens before token i?"""
    low = v.low
    return any(low[j] in wordset for j in range(max(0, i - window), i))


def _blocked(v: TokenView, sent: _Sent, cues: list[_Mark]) -> bool:
    """A report rather than a tag: case law, a reason, a past time at the start ("Vorige week is ...")."""
    first = sent.first
    for cue in cues:
        spec = CUES[cue.id_]
        if spec.cls == "block" and (not spec.at_start or cue.start == first):
            if spec.not_before and cue.end < sent.end and v.low[cue.end] in spec.not_before:
                continue  # "Als reactie op ...": no hypothesis
            return True
    return False


def _classify(
    ctx: _Context, sent: _Sent, cues: list[_Mark], subject: list[Owner], pronoun: bool
) -> TagCandidate | None:
    """The tag a sentence carries, if any: written markers first, then phrases, then implicit actions."""
    if not cues:
        return None
    v = ctx.v
    text = v.text
    first = sent.first
    question = sent.text.rstrip().endswith("?")

    def make(cue: _Mark, explicit: bool = True) -> TagCandidate:
        spec = CUES[cue.id_]
        return TagCandidate(
            type=TYPE_OF_LABEL[spec.label], rule=spec.id, explicit=explicit, confidence=spec.confidence,
            start_char=sent.start_char, end_char=sent.end_char, status=spec.status,
        )  # fmt: skip

    by_class: dict[str, list[_Mark]] = {}
    for cue in cues:
        by_class.setdefault(CUES[cue.id_].cls, []).append(cue)

    for cue in by_class.get("marker", []):
        if cue.start == first:
            cand = make(cue)
            cand.empty, cand.named = _marker_content(ctx, sent, cue)
            return cand
        if text[cue.start] == "<" and cue.start > first:
            # "... even nagaan of deze nog gelden <actiepunt Martin>.": the marker closes its sentence
            owners, end = _marker_slot(ctx, sent, cue)
            if all(v.punct[k] for k in range(end, sent.end)):
                cand = make(cue)
                cand.named = owners
                return cand
    for cue in by_class.get("marker-nocolon", []):
        if cue.start == first and cue.end < sent.end:
            nxt = text[cue.end]
            if nxt[:1].isupper() and not v.punct[cue.end] and text[cue.start][:1].isupper():
                cand = make(cue)
                cand.empty, cand.named = _marker_content(ctx, sent, cue)
                return cand
    for cue in by_class.get("paren", []):
        return make(cue)
    if question or _blocked(v, sent, cues):
        return None
    phrases = sorted(
        by_class.get("phrase", []), key=lambda c: (PHRASE_ORDER.index(CUES[c.id_].label), not CUES[c.id_].list_intro)
    )
    for cue in phrases:
        if _phrase_holds(v, sent, cue):
            return make(cue)

    actor = bool(subject) or pronoun or ctx.group_subject
    for cue in by_class.get("implicit", []):
        if _negated(v, cue.start, 2) or _in_report_clause(v, sent, cue.start):
            continue
        if _implicit_holds(ctx, sent, cue, subject, actor):
            return make(cue, explicit=False)
    return None


def _phrase_holds(v: TokenView, sent: _Sent, cue: _Mark) -> bool:
    """The conditions the cue's data states: not negated, the later particle, no excluded neighbours."""
    spec = CUES[cue.id_]
    if _negated(v, cue.end - 1 if cue.end - cue.start > 1 and v.punct[cue.start] else cue.start):
        return False
    rest = set(v.low[cue.end : sent.end])
    if spec.needs_later and not set(spec.needs_later) & rest:
        return False
    if spec.not_after and _before(v, cue.start, set(spec.not_after), 1):
        return False
    if spec.not_before and cue.end < sent.end and v.low[cue.end] in spec.not_before:
        return False
    if spec.needs_auxiliary:
        words_before = set(v.low[sent.start : cue.start])
        if not (words_before | rest) & W.auxiliaries or words_before & W.modals:
            return False
        if _in_report_clause(v, sent, cue.start):
            return False
    return True


def _implicit_holds(ctx: _Context, sent: _Sent, cue: _Mark, subject: list[Owner], actor: bool) -> bool:
    """The implicit-action checks, by the name the cue's data gives."""
    v = ctx.v
    low = v.low
    check = CUES[cue.id_].check
    rest = low[cue.end : sent.end]
    if check == "future":
        if not subject:
            named = _named_before(ctx, sent, cue.start)
            if named:
                subject.extend(named)  # "... en Dimitri zal hiertoe issues aanmaken"
                actor = True
        passive = "worden" in rest
        agent_or_due = bool(_agent(ctx, sent, groups=True) or _due_in(sent.text))
        if not (actor or (passive and agent_or_due)):
            return False
        if _last_verb(rest) in W.prediction_verbs or W.prediction_words & set(rest):
            return False  # a prediction: "... sprake zal zijn van ..."
        return not (passive and not agent_or_due)
    if check == "gaan":
        if not actor or (rest and rest[0] in W.gaan_not_followed_by):
            return False
        return any(w in W.action_infinitives for w in rest[:7])
    if check in {"passive-door", "passive-vanuit", "passive-due"}:
        words_ = low[sent.start : sent.end]
        if any(w in W.past_auxiliaries for w in words_):
            return False
        if W.not_action_participles & set(rest) or _before(v, cue.start, W.modals, cue.start - sent.start):
            return False
        if W.negations & set(rest):
            return False  # "wordt door IPO niet gesteund"
        if any(low[k] in W.agent_prepositions and k > sent.start and low[k - 1] in W.relative_pronouns
               for k in range(sent.start, sent.end)):
            return False  # "de API's die door VNG beheerd worden": a description, not an action
        agent = _agent(ctx, sent)
        if check == "passive-door":
            return agent == "door"
        if check == "passive-vanuit":
            return agent == "vanuit"
        return agent is None and bool(_due_in(sent.text)) and not subject
    if check == "geeft-aan-te" and subject:
        te = _aan_te(v, cue, sent)
        return (
            te is not None
            and not _negated(v, te, 2)
            and not (te + 1 < sent.end and low[te + 1] in W.te_not_followed_by)
        )
    if check == "intends":
        # "De staatssecretaris is voornemens de notitie ... te zenden": a named actor's stated plan
        return bool(subject) and "te" in rest and not W.negations & set(rest[:3])
    if check == "todo":
        return _todo_clause(v, sent, cue)  # a name before the infinitive is its object: "Presentatie delen"
    if check != "present-action":
        return False
    first = sent.first
    elided = not subject and cue.start == first and v.text[first][:1].isupper() and low[first].endswith("t")
    we = not subject and (
        (cue.start == first + 1 and low[first] in W.first_person)
        or (cue.start > first and cue.end < sent.end and low[cue.end] in W.first_person)
    )
    if elided or we:
        ctx.heading_actor = True
    if (subject and cue.start in {ctx.subject_end, _subject_end(ctx, sent)}) or elided or we:
        # "COA stuurt ...", "Stuurt binnenkort een artikel." under a speaker's name, "We vragen ... na", "Dit nemen we mee"
        if W.negations & set(rest[:4]):
            return False  # "Kifid pakt dit niet op"
        verb = low[cue.start]
        if set(W.present_excludes.get(verb, ())) & set(rest[:4]):
            return False  # "VNG deelt de zorgen van IPO": an opinion
        need = W.present_needs.get(verb)
        if need is None:
            return True
        last = next((w for w in reversed(rest) if w.isalpha()), "")

        def particle(w: str) -> bool:
            if not w.endswith("$"):
                return w in rest
            # the particle ends the clause: "vraagt na", "vraagt na hoeveel ..."
            k = rest.index(w[:-1]) if w[:-1] in rest else -1
            return last == w[:-1] or (0 <= k < len(rest) - 1 and rest[k + 1] in W.question_words)

        return any(particle(w) for w in need)
    return False


def _todo_clause(v: TokenView, sent: _Sent, cue: _Mark) -> bool:
    """A to-do written as an infinitive clause: the infinitive opens or closes its clause (between commas,
    semicolons or a colon) and the clause has no finite verb, subject pronoun or "te": "Agenderen voor de
    volgende vergadering.", "Issue is ingediend, agenderen voor versie 2.", "Presentatie rondsturen."."""
    text, low = v.text, v.low
    bounds = {",", ";", ":", "(", ")"}
    start = cue.start
    while start > sent.start and text[start - 1] not in bounds:
        start -= 1
    end = cue.end
    while end < sent.end and text[end] not in bounds:
        end += 1
    clause = [k for k in range(start, end) if not v.punct[k] or k == cue.start]
    if len(clause) < 2 or (clause[0] == cue.start and cue.end < sent.end and low[cue.end] in W.todo_not_followed_by):
        return False
    after = [k for k in clause if k >= cue.end]
    if clause[0] != cue.start and after and low[after[0]] not in W.excluding_prepositions:
        return False  # the infinitive closes its clause, or a prepositional phrase follows it: "rondsturen aan de leden"
    if cue.start > start and low[cue.start - 1] in W.todo_not_after:
        return False  # "om ... te delen", "het delen van", "twee delen"
    finite = W.auxiliaries | W.past_auxiliaries | W.perfect_auxiliaries | W.modals | W.state_verbs | W.report_verbs
    return not any(low[k] in finite or low[k] in W.todo_blockers for k in clause)


def _named_before(ctx: _Context, sent: _Sent, i: int) -> list[Owner]:
    """Someone named right before token i after "en", "," or ";" in mid-sentence: "..., en Dimitri zal ..."."""
    low = ctx.v.low
    for k in range(max(sent.start + 1, i - 4), i):
        if low[k - 1] not in {"en", ",", ";"}:
            continue
        owner, j = _owner_at(ctx, k, i)
        if owner is not None and j == i and owner[0] and (owner[1] or ctx.people.get(owner[0].lower())):
            return [owner]
    return []


def _marker_content(ctx: _Context, sent: _Sent, cue: _Mark) -> tuple[bool, list[Owner]]:
    """Is the marker empty ("Besluit:", "Besluiten: geen.", "<actiepunt Logius>", "Actie: Jeroen"), and the
    names that stand after it when names are all there is."""
    v = ctx.v
    text, punct = v.text, v.punct
    _slot, end = _marker_slot(ctx, sent, cue)
    content = [k for k in range(end, sent.end) if not punct[k] or text[k] in {"-", "–"}]
    if content:
        said = v.span_text(content[0], sent.end).strip().rstrip(".;").strip().lower()
        if said in W.empty_contents or v.low[content[0]] == "zie" or said in {"-", "–"}:
            return True, []  # "Besluit: n.v.t.", "Actiepunten: zie de actielijst"
        if len(content) <= 5 and text[content[0]][:1].isupper():
            names = _slot_owners(ctx, content[0], sent.end)
            if names:
                return True, names  # "Actie: Jeroen" after the sentence it assigns
        return False, []
    if text[cue.start] == "<":
        # "<actiepunt Logius: organiseren werksessie>" holds its action inside the brackets
        gt = next((k for k in range(cue.end, sent.end) if text[k] == ">"), sent.end)
        inner = [k for k in range(cue.end, gt) if not punct[k]]
        return (not inner or _slot_owners(ctx, cue.end, gt) is not None), []
    return True, []


def _aan_te(v: TokenView, cue: _Mark, sent: _Sent) -> int | None:
    """Index of "te" in "X geeft (...) aan (...) te <verb>", with no "dat"/"of" clause between."""
    seen_aan = False
    for i in range(cue.end, sent.end):
        low = v.low[i]
        if low in W.geeft_aan_stops:
            return None
        if low == "aan":
            seen_aan = True
        elif low == "te" and seen_aan:
            return i
    return None


def _last_verb(tokens: list[str]) -> str | None:
    tokens = [w for w in tokens if w.isalpha()]
    return tokens[-1] if tokens else None


# --- who: organisations, people, bodies -------------------------------------------------------


def _is_namelike(tok_text: str) -> bool:
    low = tok_text.lower()
    return tok_text[:1].isupper() and low not in W.not_names and low not in W.subject_glue and low not in W.excluding_prepositions


def _person_at(ctx: _Context, i: int, end: int, unknown_ok: bool) -> tuple[Owner | None, int]:
    """A person named at token i: "Dhr. Rabbae", "Karin", "Karin de Vries", "Martin vd Plas"."""
    v = ctx.v
    text, low = v.text, v.low
    j = i
    honorific = False
    if low[j] in HONORIFIC_FORMS:
        honorific = True
        j += 1
    elif j + 1 < end and f"{low[j]} {low[j + 1]}" in HONORIFIC_FORMS:
        honorific = True
        j += 2
    k = j
    while k < end:
        t = text[k]
        capital = t[:1].isupper()
        initial = k > j and capital and len(t) <= 3  # "Karin V", "Martin vd Plas"
        particle = k > j and low[k] in W.name_particles and k + 1 < end and text[k + 1][:1].isupper()
        if (capital and v.alpha[k]) or initial or particle:
            k += 1
        else:
            break
    particle_name = k - j >= 2 and low[j] in W.name_particles  # "Van Dam", "De Vries"
    if k == j or (not honorific and not particle_name and not _is_namelike(text[j])) or k - j > 4:
        return None, i
    written = v.span_text(j, k)
    known = complete_name(written, ctx.people)
    if known is not None:
        return known, k
    if honorific or unknown_ok:
        return (written, None), k
    return None, i


def _is_body_word(text: str) -> bool:
    """A noun that names a body: in the list ("werkgroep", "GS"), or ending like one ("auditcommissie", "SG-overleg")."""
    low = text.lower()
    if low in W.bodies:
        return True
    return low.endswith(W.body_suffixes) and any(low.endswith(x) and len(low) > len(x) + 1 for x in W.body_suffixes)


# every start of a body's name, as written and without its spaces ("tech", "technisch o", "technischo"): a run
# of tokens can spell a body only if its first token is one of these
_BODY_STARTS = frozenset(
    form[:k] for body in W.bodies for form in (body, body.replace(" ", "")) for k in range(1, len(form) + 1)
)


def complete_name(written: str, people: dict[str, list[Owner]]) -> Owner | None:
    """The one participant a name as written stands for, or None: "Karin" -> "Karin de Vries", "Karin V" and
    "Martin vd Plas" -> the one Karin / Martin whose surname starts with / ends in that last word."""
    words_ = written.replace(".", " ").split()
    if not words_:
        return None
    known = people.get(" ".join(words_).lower()) or (people.get(words_[0].lower()) if len(words_) == 1 else None)
    if known is None and len(words_) >= 2:
        last = words_[-1].lower()
        known = [
            p for p in people.get(words_[0].lower(), [])
            if (surname := p[0].split()[-1].lower()) == last or (len(last) <= 2 and surname.startswith(last))
        ] or None  # fmt: skip
    return known[0] if known and len(known) == 1 else None


def _body_at(ctx: _Context, i: int, end: int) -> tuple[Owner | None, int]:
    """A body or role named by a common noun: "werkgroep", "de raad", "GS", "TO-leden", "technisch overleg";
    a role before a name is that person: "wethouder Van Dam", "Gedeputeerde Hermans"."""
    v = ctx.v
    text, low = v.text, v.low
    # (a token of spaces is stripped off the words)
    may_spell = low[i] in _BODY_STARTS or " " in text[i] or not text[i].strip()
    for n in (3, 2):
        if i + n <= end and may_spell:
            key = v.span_text(i, i + n).strip().lower()
            if key in W.bodies or key.replace(" ", "") in W.bodies:
                return (v.span_text(i, i + n), None), i + n
    if low[i] in W.roles and i + 1 < end and text[i + 1][:1].isupper() and i + 1 not in ctx.orgs:
        person, k = _person_at(ctx, i + 1, end, unknown_ok=True)
        if person is not None:
            return person, k
    if low[i] in W.bodies:
        return (text[i], None), i + 1
    # "SG-overleg", "auditcommissie", "technisch overleg": an adjective may stand before the noun
    j = i + 1 if v.lower[i] and low[i].endswith(("isch", "lijk", "lijke")) and i + 1 < end else i
    k = j
    while k + 1 < end and text[k + 1] in {"-"} and k + 2 < end:
        k += 2
    if v.alpha[i] or text[i][:1].isupper():
        word = v.span_text(j, k + 1).replace(" ", "")
        if _is_body_word(word) and low[i] not in W.not_names and low[i] not in W.excluding_prepositions:
            return (v.span_text(i, k + 1), None), k + 1
    return None, i


def _org_head_at(ctx: _Context, i: int, end: int) -> tuple[Owner | None, int]:
    """An organisation named by its kind and name: "provincie Gelderland", "gemeente Ede" (as written)."""
    v = ctx.v
    text = v.text
    if v.low[i] in W.org_heads and i + 1 < end and text[i + 1][:1].isupper() and v.alpha[i + 1]:
        k = i + 2
        while k < end and text[k][:1].isupper() and v.alpha[k]:
            k += 1
        name = v.span_text(i, k)
        return (name, name), k
    return None, i


def _owner_at(ctx: _Context, i: int, end: int, unknown_ok: bool = False, groups: bool = False) -> tuple[Owner | None, int]:
    """Who is named at token i (an organisation, a person, a body), and where the name ends."""
    named, k = _org_head_at(ctx, i, end)
    if named is not None:
        return named, k
    if i in ctx.orgs:
        span = ctx.orgs[i]
        # a body with an organisation's name inside: "TO-leden", "LRT leden" stay the organisation
        if span.label_ == "GROUP" and not groups:
            return ("", None), span.end
        return (span.id_, span.id_), span.end
    body, j = _body_at(ctx, i, end)
    if body is not None:
        return body, j
    return _person_at(ctx, i, end, unknown_ok)


def _unknown_name(owner: Owner) -> Owner:
    """A name no list knows, as written (an acronym may be a body as well as an organisation: "IDO", "SGO")."""
    return owner


def _slot_owners(ctx: _Context, i: int, end: int) -> list[Owner] | None:
    """The names written in a marker's slot ("Actie BZK", "<actiepunt Dimitri en Martin>",
    "(Actie: MvF/Belastingdienst)"): every part a name, or None when the slot holds other words."""
    v = ctx.v
    text, low = v.text, v.low
    found: list[Owner] = []
    while i < end and low[i] in {"voor", "door", ":"}:
        i += 1
    if i >= end:
        return None
    depth = 0
    while i < end:
        t = text[i]
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        if depth or t in {"(", ")"} or low[i] in SEPARATORS or low[i] in {"zowel", "als", "."}:
            i += 1
            continue
        owner, j = _owner_at(ctx, i, end, unknown_ok=True)
        if owner is None or j == i:
            # a lower-case word that is no body: the slot is not a list of names ("<actiepunt: issue aanmaken>")
            if t[:1].isupper() or t.isupper():
                owner, j = _unknown_name((t, None)), i + 1
            else:
                return None
        # "TO leden", "FSC team": a name and a body word belong together
        while j < end and low[j] in W.body_heads | {"-"}:
            j += 1
        if j - i > 1 and owner[1] is None and low[i] not in W.roles:
            owner = (v.span_text(i, j), None)
        owner = _unknown_name(owner) if owner[1] is None and not ctx.people.get(owner[0].lower()) else owner
        if owner[0] and owner not in found:
            found.append(owner)
        i = j
    return found or None


def _marker_slot(ctx: _Context, sent: _Sent, cue: _Mark) -> tuple[list[Owner], int]:
    """Owners named inside a marker, and the index where the marker's text ends.

    "Actie BZK: ...", "Actiepunt Edwin, Sjaak: ...", "<actiepunt Logius: organiseren werksessie>",
    "<actiepunt: Logius>", "Toezegging wethouder: ...", "Advies TO: Akkoord", "(Actie: X/Y)"."""
    text = ctx.v.text
    angle = text[cue.start] == "<"
    if text[cue.end - 1].endswith(":") and not angle:
        # the pattern holds the colon: "Actie BZK:", "Besluit:"
        return (_slot_owners(ctx, cue.start + 1, cue.end - 1) or []) if cue.end - cue.start > 2 else [], cue.end
    stop = {">"} if angle else {":"}
    limit = min(sent.end, cue.end + 10)
    j = cue.end
    while j < limit and text[j] not in stop and not (angle and text[j] == ":"):
        j += 1
    if j >= limit:
        if angle or CUES[cue.id_].cls != "marker-nocolon":
            return [], cue.end
        # "Besluit TO leden" as a heading: the names run to the end
        owners = _slot_owners(ctx, cue.end, sent.end) if sent.end - cue.end <= 4 else None
        return owners or [], sent.end if owners else cue.end
    owners = _slot_owners(ctx, cue.end, j) if j > cue.end else None
    if angle and text[j] == ":" and owners is None:
        # "<actiepunt: Logius>", "<actiepunt Logius: organiseren ...>"
        k = j + 1
        while k < limit and text[k] != ">":
            k += 1
        if k < limit and k > j + 1:
            owners = _slot_owners(ctx, j + 1, k)
    if angle:
        while j < sent.end and text[j] != ">":
            j += 1
    return owners or [], min(j + 1, sent.end)


def _colon_slot(ctx: _Context, sent: _Sent, cue: _Mark) -> list[Owner]:
    """Who decided in "Advies TO: Akkoord", "TO leden: akkoord", "Besluit raad: conform": the names before the colon."""
    v = ctx.v
    i = sent.first
    labels = {"advies", "besluit", "reactie", "standpunt", "stemming", "oordeel"}
    while i < cue.start and (v.low[i] in labels or v.punct[i]):
        i += 1
    if cue.start - i > 6 or i >= cue.start:
        return []
    return _slot_owners(ctx, i, cue.start) or []


def _after_prefix(ctx: _Context, sent: _Sent, cues: list[_Mark]) -> tuple[int, list[Owner] | None]:
    """Where the subject may start, and names from a short prefix: "Vraag aan Karin V: zij zal ..."."""
    v = ctx.v
    first = sent.first
    if any(c.start == first and CUES[c.id_].cls in {"marker", "marker-nocolon"} for c in cues):
        return first, None
    for k in range(first, min(first + 8, sent.end)):
        if v.text[k] == ":":
            if k + 1 >= sent.end:
                return first, None
            names = None
            for a in range(first, k):
                if v.low[a] == "aan":
                    names = _slot_owners(ctx, a + 1, k)
                    break
            return k + 1, names
    return first, None


def _subject(ctx: _Context, sent: _Sent, cues: list[_Mark], start: int) -> tuple[list[Owner], bool]:
    """Owners of the sentence-initial subject (after a marker, with the names in the marker) and
    whether it is a pronoun."""
    v = ctx.v
    text, low = v.text, v.low
    i = start
    markers = [c for c in cues if c.start == i and CUES[c.id_].cls in {"marker", "marker-nocolon"}]
    found: list[Owner] = []
    pronoun = False
    if markers:
        cue = max(markers, key=lambda c: c.end)
        slot, i = _marker_slot(ctx, sent, cue) if CUES[cue.id_].owner_slot else ([], cue.end)
        found.extend(o for o in slot if o not in found)
        if found:
            return found, False  # the marker names who: "Toezegging wethouder: de raad ontvangt ..."
        if i < sent.end and text[i] in {">", ":"}:
            i += 1
    cue_starts = {c.start for c in cues if CUES[c.id_].subject_first}

    def verb_follows(k: int) -> bool:
        # past further names joined by "en", "," or "/": "Bas en Fatima zorgen ...", "Tom/Dennis delen ..."
        several = False
        while k + 1 < sent.end and low[k] in SEPARATORS and _is_namelike(text[k + 1]):
            _guess, k = _person_at(ctx, k + 1, sent.end, unknown_ok=True)
            several = True
            if _guess is None:
                return False
        if not several and not markers and k < sent.end and low[k].endswith("en"):
            return False  # one unknown name before a plural verb is no subject: "Presentatie delen", "Link delen in ..."
        return k in cue_starts or (bool(markers) and k < sent.end and _present_verb(v, k))

    while i < sent.end:
        if low[i] in W.pronouns and not found:
            pronoun = True
            i += 1
            continue
        owner, j = _owner_at(ctx, i, sent.end)
        if owner == ("", None) and not found:
            ctx.group_subject = True  # "De provincie zal ...": someone acts, though a group owns nothing
        if owner is None and _is_namelike(text[i]):
            # a name no list knows counts only right before the verb of a cue ("Tubbergen zal ...", "Bas en
            # Fatima zorgen ..."), or after a marker before a verb in the present tense ("Actie: Noor zet ...")
            guess, k = _person_at(ctx, i, sent.end, unknown_ok=True)
            if guess is not None and verb_follows(k):
                owner, j = _unknown_name(guess), k
        if owner is not None and j > i:
            if owner[0] and owner not in found:
                found.append(owner)
            i = j
            continue
        if low[i] in W.subject_glue:
            i += 1
            continue
        break
    ctx.subject_end = i
    return found, pronoun


def _opening_actor(ctx: _Context, sent: _Sent, start: int, named: bool) -> bool:
    """Does the sentence open with someone who acts: a subject (also a group) and a verb that is no state
    ("COA stelt ... op", "De gemeenten in de regio leveren ...", not "De LRT komt ... bijeen")."""
    v = ctx.v
    low = v.low
    i = ctx.subject_end if ctx.subject_end > start else start
    subject = named or (
        i > start
        and any(k in ctx.orgs or _owner_at(ctx, k, sent.end, groups=True)[0] is not None for k in range(start, i))
    )
    if not subject:
        owner, k = _owner_at(ctx, start if low[start] not in {"de", "het"} else start + 1, sent.end, groups=True)
        if owner is None:
            return _noun_phrase_acts(ctx, sent, start)
        i, subject = k, True
    for k in range(i, min(i + 5, sent.end)):
        if not v.alpha[k]:
            return False
        w = low[k]
        if w in W.state_verbs or w in W.modals:
            return False
        if v.lower[k] and w.endswith(("t", "en")) and w not in W.excluding_prepositions and w not in W.np_glue:
            return True
    return False


def _noun_phrase_acts(ctx: _Context, sent: _Sent, start: int) -> bool:
    """A short noun phrase no list knows before a verb of acting: "Het onderzoeksbureau neemt ... mee",
    "Financiële dienstverleners sturen ...": someone acts (the verb's particle, if it needs one, follows)."""
    v = ctx.v
    low = v.low
    colon = next((k for k in range(start, min(start + 3, sent.end)) if v.text[k] == ":"), None)
    start = colon + 1 if colon is not None else start  # after the marker a list's bullet is read with
    blocked = W.state_verbs | W.modals | W.report_verbs | W.excluding_prepositions | W.pronouns | W.todo_blockers
    for cue in ctx.cues:
        if CUES[cue.id_].check != "present-action" or not start < cue.start <= start + 3 or cue.start >= sent.end:
            continue
        if low[cue.start] in W.state_verbs:
            return False  # "Het onderwerp komt terug op de agenda": a state, not someone acting
        if any(not v.alpha[k] or low[k] in blocked or (k > start and not v.lower[k]) for k in range(start, cue.start)):
            return False
        if low[cue.start - 1] in W.np_glue:
            return False
        need = W.present_needs.get(low[cue.start])
        rest = low[cue.end : sent.end]
        return need is None or any(w.rstrip("$") in rest for w in need)
    return False


def _present_verb(v: TokenView, k: int) -> bool:
    """A lower-case word that reads as a verb in the present tense after its subject: "prikt", "stuurt"."""
    t = v.text[k]
    return v.alpha[k] and t.islower() and t.endswith("t") and v.low[k] not in W.not_names


def _inverted_subject(ctx: _Context, sent: _Sent, cues: list[_Mark]) -> tuple[list[Owner], bool]:
    """The subject after the finite verb when a sentence opens with an adverbial: "Tijdens het BO zal hij"."""
    low = ctx.v.low
    for cue in cues:
        if CUES[cue.id_].check not in {"future", "gaan"} and not (
            CUES[cue.id_].subject_first and CUES[cue.id_].label == "DECISION"
        ):
            continue
        i = cue.end
        while i < sent.end and low[i] in W.inversion_glue:
            i += 1
        if i < sent.end and low[i] in W.pronouns:
            return [], True
        found = _np_owners(ctx, i, sent.end)
        if found:
            return found, False
        if i in ctx.orgs and ctx.orgs[i].label_ == "GROUP" and CUES[cue.id_].check in {"future", "gaan"}:
            ctx.group_subject = True  # "Hiervoor zal de provincie een format delen"
    return [], False


def _subject_end(ctx: _Context, sent: _Sent) -> int:
    """Index of the first token after the sentence-initial subject."""
    low = ctx.v.low
    i = sent.first
    while i < sent.end:
        owner, j = _owner_at(ctx, i, sent.end, groups=True)
        if owner is not None and j > i:
            i = j
        elif low[i] in W.subject_end_glue:
            i += 1
        else:
            break
    return i


def _agent(ctx: _Context, sent: _Sent, groups: bool = False) -> str | None:
    """ "door" or "vanuit" when someone (with `groups`, also a group) is named as the agent."""
    low = ctx.v.low
    for k in range(sent.start, sent.end):
        if low[k] in W.agent_prepositions and _np_owners(ctx, k + 1, sent.end, groups):
            return low[k]
    return None


def _np_owners(ctx: _Context, i: int, end: int, groups: bool = False) -> list[Owner]:
    """Who is named in the noun phrase that starts at i ("de CdK’s en IPO", "de werkgroep"); groups only if asked."""
    low = ctx.v.low
    found: list[Owner] = []
    while i < end:
        owner, j = _owner_at(ctx, i, end, groups=groups)
        if owner is not None and j > i:
            if groups and i in ctx.orgs and ctx.orgs[i].label_ == "GROUP":
                owner = (ctx.orgs[i].id_, None)
            if owner[0] and owner not in found:
                found.append(owner)
            i = j
        elif low[i] in W.np_glue:
            i += 1
        else:
            break
    return found


def _owners(ctx: _Context, sent: _Sent, cand: TagCandidate, subject: list[Owner]) -> list[Owner]:
    """Who must act or who decided: subject, agents ("door X", "vanuit X"), collaborators ("ism X"),
    the names in a parenthesised marker ("(Actie: X/Y)") or before "…: akkoord"."""
    v = ctx.v
    low = v.low
    owners = list(subject)

    def add(found: list[Owner]) -> None:
        owners.extend(o for o in found if o not in owners)

    spec = CUES[cand.rule]
    if spec.owner_slot and spec.cls == "paren":
        for cue in ctx.cues:
            if cue.id_ == spec.id and sent.start <= cue.start < sent.end:
                k = cue.end
                while k < sent.end and v.text[k] != ")":
                    k += 1
                add(_slot_owners(ctx, cue.end, k) or [])
    if spec.owner_slot and spec.cls == "phrase":
        for cue in ctx.cues:
            if cue.id_ == spec.id and sent.start <= cue.start < sent.end:
                add(_colon_slot(ctx, sent, cue))
                break
    for k in range(sent.start, sent.end):
        w = low[k]
        if (
            w in W.agent_prepositions
            or w in W.collaboration
            or (w == "met" and k > sent.start and low[k - 1] in W.collaboration_heads)
        ):
            add(_np_owners(ctx, k + 1, sent.end))
    if spec.check == "todo":
        for k in range(sent.start, sent.end):
            if low[k] == "met":
                add(_np_owners(ctx, k + 1, sent.end))  # "Uitbreiding met Heiko oppakken"
    if cand.type == "agreement":
        present: set[str] = ctx.doc.user_data.get("present_orgs") or set()
        codes = {o[0] for o in owners}

        def party(code: str) -> bool:
            return code in present if present else KIND.get(code) != "body"

        in_pp = False
        i = sent.start
        while i < sent.end:
            w = low[i]
            if i in ctx.orgs:
                span = ctx.orgs[i]
                if not in_pp and span.label_ != "GROUP" and (span.id_ in codes or party(span.id_)):
                    add([(span.id_, span.id_)])
                i = span.end
                continue
            if w in W.excluding_prepositions:
                in_pp = True
            elif w not in W.np_glue:
                in_pp = False
            i += 1
    return owners
