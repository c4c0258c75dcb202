"""The Dutch pipeline: spacy.blank("nl") + our tokenizer rules, rulers and tagging component.

Built once per process (`default_tagger()`), then reused for every document: `Tagger.tag`
takes a `StructuredDocument` and returns `DocumentTags` (it never sees the output model).

Longer than ~300 lines: besides running the pipeline over each item's points, the tagger
reads what spans points (a list under an introducing marker, resolutions after "De raad
besluit:", action-list rows linked to the actions of the text), which needs the tags of
all points of an item at once. That list reading (`_tag_item` onwards) is the next cut.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from ..dutch.vocabulary import abbreviations
from ..models import DocWarning, Due, Meeting, Participant, Tag
from ..structure.agenda import RawItem
from ..structure.document import PointKey, StructuredDocument
from . import components as _components  # noqa: F401 - registers the "lrt_tag_finder" factory
from .components import Antecedent, TagFinder, complete_name
from .deadlines import find_due, resolve_due
from .lexicons import cue_patterns, organisations, words
from .result import DocumentTags
from .rulers import FACTORY as RULER
from .rulers import LeanSpanRuler

# apostrophes as the minutes write them ("VR´s", "PRT’s"): one character each, so offsets stay valid
_APOSTROPHES = str.maketrans({"´": "'", "’": "'", "‘": "'", "`": "'"})


def normalise(text: str) -> str:
    """Text for the tokenizer: same length as the original, apostrophes unified."""
    return text.translate(_APOSTROPHES)


LONGEST_TOKEN = 200
"""spaCy's tokenizer is quadratic in the length of a run without spaces ("((((…", "----…"):
a longer run is cut by a space every LONGEST_TOKEN characters (same length, so offsets hold)."""


def tokenizable(text: str) -> str:
    """`normalise(text)`, with runs without spaces longer than LONGEST_TOKEN cut (no word or link is that long)."""
    text = normalise(text)
    if len(text) <= LONGEST_TOKEN or max(map(len, text.split()), default=0) <= LONGEST_TOKEN:
        return text
    chars = list(text)
    for m in re.finditer(r"\S+", text):
        for k in range(m.start() + LONGEST_TOKEN, m.end(), LONGEST_TOKEN):
            chars[k] = " "
    return "".join(chars)


def build_nlp() -> Language:
    """A fresh pipeline: tokenizer special cases, sentencizer, organisation and cue rulers, tagger."""
    nlp = spacy.blank("nl", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lrt_marker_sentences")
    first_longest = {"@misc": "spacy.first_longest_spans_filter.v1"}
    # names and codes: phrase patterns, matched on exact spelling (acronyms, "Rijk", "Kamer") or,
    # for lower-case aliases ("staatssecretaris", "gemeenten"), on the lower-cased text
    org_ruler = nlp.add_pipe(
        RULER, name="org_ruler",
        config={"spans_key": "orgs", "spans_filter": first_longest, "phrase_matcher_attr": "ORTH"},
    )  # fmt: skip
    org_lower_ruler = nlp.add_pipe(
        RULER, name="org_lower_ruler",
        config={"spans_key": "orgs", "spans_filter": first_longest, "phrase_matcher_attr": "LOWER", "overwrite": False},
    )  # fmt: skip
    # fixed cues (words, no wildcards) go to a phrase matcher on the lower-cased text, the rest to the token matcher
    cue_phrase_ruler = nlp.add_pipe(
        RULER, name="cue_phrase_ruler", config={"spans_key": "cues", "phrase_matcher_attr": "LOWER"}
    )
    cue_ruler = nlp.add_pipe(RULER, name="cue_ruler", config={"spans_key": "cues", "overwrite": False})
    nlp.add_pipe("lrt_tag_finder")
    nlp.initialize()
    exact, lower = _org_patterns()
    org_ruler.add_patterns(exact)  # type: ignore[attr-defined]
    org_lower_ruler.add_patterns(lower)  # type: ignore[attr-defined]
    phrases, tokens = _split_cue_patterns()
    cue_phrase_ruler.add_patterns(phrases)  # type: ignore[attr-defined]
    cue_ruler.add_patterns(tokens)  # type: ignore[attr-defined]
    return nlp


TOKENIZER = "lrt_minutes.tokenizer.v1"


@spacy.registry.tokenizers(TOKENIZER)
def _create_tokenizer() -> Callable[[Language], Tokenizer]:
    """The Dutch tokenizer with our abbreviations and affix rules, built in one go.

    Setting rules on a built tokenizer re-processes its ~14,000 special cases each time
    (about 2 of the 3 CPU-seconds a pipeline took to build); here they are processed once.
    """

    def make(nlp: Language) -> Tokenizer:
        rules = dict(nlp.Defaults.tokenizer_exceptions)
        rules.update({abbr: [{ORTH: abbr}] for abbr in abbreviations()})
        # "CdK's" -> "CdK" "'s"; "IPO/CdK's" -> "IPO" "/" "CdK" "'s"
        suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[A-Za-z])'s"]
        infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[A-Za-z])/(?=[A-Za-z])"]
        prefixes = nlp.Defaults.prefixes
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
            suffix_search=compile_suffix_regex(suffixes).search,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=nlp.Defaults.token_match,
            url_match=nlp.Defaults.url_match,
        )

    return make


def _fixed_alternatives(token: dict[str, object]) -> list[str] | None:
    """The words a pattern token matches when it is a fixed word or list of words, else None."""
    op = token.get("OP")
    keys = set(token) - {"OP"}
    if op not in (None, "?") or len(keys) != 1:
        return None
    key = next(iter(keys))
    value = token[key]
    if key not in {"LOWER", "ORTH"}:
        return None
    if isinstance(value, str):
        words_ = [value]
    elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        words_ = [str(w) for w in value["IN"]]
    else:
        return None
    if key == "ORTH" and any(w != w.lower() for w in words_):
        return None
    return words_ + ([""] if op == "?" else [])


def _split_cue_patterns() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Cue patterns as phrase patterns (every token a fixed word: matched by a PhraseMatcher, fast) and
    token patterns (wildcards, number or shape tests: matched by the Matcher). Ids stay the cue ids."""
    import itertools

    phrases: list[dict[str, object]] = []
    tokens: list[dict[str, object]] = []
    for cue in cue_patterns():
        alternatives = [_fixed_alternatives(t) for t in cue.pattern]
        sizes = [len(a) for a in alternatives if a is not None]
        if any(a is None for a in alternatives) or _product(sizes) > 2000:
            tokens.append(cue.ruler_pattern())
            continue
        for combo in itertools.product(*[a for a in alternatives if a is not None]):
            text = " ".join(w for w in combo if w)
            if text:
                phrases.append({"label": cue.label, "id": cue.id, "pattern": text})
    return phrases, tokens


def _product(sizes: list[int]) -> int:
    n = 1
    for k in sizes:
        n *= k
    return n


def _org_patterns() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Phrase patterns for every code and alias (the pattern id is the canonical code).

    Forms with a capital match as written, plus their capitalised and upper-case spelling
    and an "'s" plural ("PRT's", "CdK's"); lower-case forms match case-insensitively.
    """
    exact: list[dict[str, object]] = []
    lower: list[dict[str, object]] = []
    for org in organisations():
        label = "GROUP" if org.generic else "ORG"
        for form in (org.code, *org.aliases):
            form = normalise(form)
            if form.islower():
                lower.extend({"label": label, "id": org.code, "pattern": f} for f in (form, f"{form}'s"))
                continue
            spellings = {form, form[:1].upper() + form[1:], form.upper()} if len(form) > 3 else {form}
            for f in sorted(spellings):
                exact.extend({"label": label, "id": org.code, "pattern": p} for p in (f, f"{f}'s"))
    return exact, lower


def _cue_needles(nlp: Language) -> set[str] | None:
    """Words one of which stands (lower-cased) in the text of every point where a cue can make a tag, from the
    cue rulers' patterns (`LeanSpanRuler.needles`); None when the pipeline has rulers that cannot say.

    Block cues ("jurisprudentie") only keep a sentence from being tagged, so they are left out: a point
    without any of these words gets no tags, and the tagger need not run the pipeline over it.
    """
    finder = next((proc for _name, proc in nlp.pipeline if isinstance(proc, TagFinder)), None)
    if finder is None:
        return None
    blocks = {c.id for c in cue_patterns() if c.cls == "block"}
    found: set[str] = set()
    for _name, proc in nlp.pipeline:
        if getattr(proc, "key", None) != finder.cue_key:
            continue
        words_ = proc.needles(blocks) if isinstance(proc, LeanSpanRuler) else None
        if words_ is None:
            return None
        found |= words_
    # a word that holds another is found with it: "actie" finds "actiepunt"
    out: list[str] = []
    for w in sorted(found, key=lambda w: (len(w), w)):
        if not any(shorter in w for shorter in out):
            out.append(w)
    return set(out)


class _Later:
    """Who a pronoun stands for after a point the pipeline did not run over (it has no cue that makes a tag):
    read from that point when first asked for, else from the points before it, as the pipeline would have."""

    def __init__(
        self,
        tagger: Tagger,
        ready: str,
        people: dict[str, list[tuple[str, str | None]]] | None,
        present: set[str] | None,
        before: Antecedent,
    ) -> None:
        self.tagger, self.ready, self.people, self.present, self.before = tagger, ready, people, present, before
        self.done = False
        self.value: list[tuple[str, str | None]] | None = None

    def __call__(self) -> list[tuple[str, str | None]] | None:
        # iteratively, not recursively: a long run of points without cues makes a long chain
        chain: list[_Later] = []
        node: Antecedent = self
        value: list[tuple[str, str | None]] | None = None
        while True:
            if isinstance(node, _Later):
                if node.done:
                    value = node.value
                    break
                chain.append(node)
                own = node.tagger._run(node.ready, node.people, node.present, None, False)._.lrt_last_subject
                if own:
                    value = own
                    break
                node = node.before
            else:
                value = node() if callable(node) else node
                break
        for later in chain:
            later.done, later.value = True, value
        return value


def _anchor(meeting: Meeting) -> dt.date | None:
    value = meeting.date or meeting.document_date
    return dt.date.fromisoformat(value) if value else None


@dataclass(eq=False, slots=True)
class _Slot:
    """A point while it is tagged: where it is (`key`), what it says, and the tags it has so far."""

    key: PointKey
    text: str
    section: str | None
    page: int | None
    line: int
    children: list[_Slot] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)


def _slots(i: int, item: RawItem) -> list[_Slot]:
    """The points of item `i` and their sub-points (the levels that are tagged)."""
    return [
        _Slot(
            (i, j),
            p.text,
            p.section,
            p.page,
            p.lineno,
            children=[_Slot((i, j, k), c.text, c.section, c.page, c.lineno) for k, c in enumerate(p.children)],
        )
        for j, p in enumerate(item.points)
    ]


class Tagger:
    """Tags the points of structured documents; holds one built spaCy pipeline."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or build_nlp()
        self._procs = [proc for _name, proc in self.nlp.pipeline]
        self._intros: dict[str, Tag | None] = {}
        self._heading_owned: set[int] = set()
        """Tags (by id, while an item is tagged) whose actor is left out or "we": owned by the speaker heading."""
        self._needles = _cue_needles(self.nlp)
        """Words one of which stands in every text with a cue that can make a tag (None: no such list)."""
        self._orgs = {o.code.lower(): o.code for o in organisations()}
        for o in organisations():
            for a in o.aliases:
                self._orgs.setdefault(a.lower(), o.code)

    def org_code(self, organisation: str) -> str | None:
        """The canonical code of an organisation as a participant list writes it ("CdK’s", "wnd.IPO")."""
        org = normalise(organisation).removesuffix("'s").split(".")[-1].strip()
        return self._orgs.get(org.lower())

    def people_index(self, participants: list[Participant]) -> dict[str, list[tuple[str, str | None]]]:
        """Each participant's names, lower case, to (full name, organisation) of everyone who carries them.

        "Karin de Vries (VNG)" is found as "karin de vries", "karin" and "vries"; a name written with an
        honorific ("Dhr. Groot Wassink") has no first name, so only the whole name and its last word
        count. The organisation is its code where the lexicon knows it, else as written.
        """
        w = words()
        index: dict[str, list[tuple[str, str | None]]] = {}

        def put(key: str, who: tuple[str, str | None]) -> None:
            entries = index.setdefault(key.lower(), [])
            if who not in entries:
                entries.append(who)

        for p in participants:
            if not p.name or p.redacted:
                continue
            name = " ".join(p.name.split())
            org = None
            if p.organisation:
                raw = p.organisation.split(",")[0].strip()
                org = self.org_code(raw) or raw or None
            who = (name, org)
            parts = name.split()
            put(name, who)
            if parts[-1].lower() not in w.name_particles:
                put(parts[-1], who)
            if len(parts) >= 2 and p.honorific is None and parts[0].lower() not in w.name_particles:
                put(parts[0], who)
        return index

    def tag_point_texts(
        self,
        texts: list[str],
        people: dict[str, list[tuple[str, str | None]]] | None = None,
        anchor: dt.date | None = None,
        present: set[str] | None = None,
    ) -> list[list[Tag]]:
        """Tags for a sequence of point texts of one agenda item (pronouns resolve across them).

        `people` is `people_index` of the participants, `present` holds the codes of the
        organisations at the table, `anchor` is the meeting date that deadlines resolve against.
        """
        return [tags for tags, _empty, _actor in self._tag_texts(texts, people, anchor, present)]

    def _tag_texts(
        self,
        texts: list[str],
        people: dict[str, list[tuple[str, str | None]]] | None = None,
        anchor: dt.date | None = None,
        present: set[str] | None = None,
        actor: bool = False,
    ) -> list[tuple[list[Tag], list[bool], bool]]:
        """Tags per text, each with whether it is a written marker with nothing after it, and (with `actor`,
        else False) whether the text opens with someone who acts ("COA stelt ... op")."""
        out: list[tuple[list[Tag], list[bool], bool]] = []
        antecedent: Antecedent = None
        for text in texts:
            if len(text) > self.nlp.max_length:
                out.append(([], [], False))  # too long to tag: `tag` says so in the document's warnings
                continue
            ready = tokenizable(text)
            if not actor and self._needles is not None:
                low = ready.lower()
                if not any(n in low for n in self._needles):
                    # no cue that makes a tag can match: no tags; who it names is read only if a later
                    # point needs it for a pronoun ("Zij zullen ...")
                    out.append(([], [], False))
                    antecedent = _Later(self, ready, people, present, antecedent)
                    continue
            sdoc = self._run(ready, people, present, antecedent, actor)
            tags = []
            empties = []
            for cand in sdoc._.lrt_tags:
                due = None
                if cand.due_text and cand.due_rule:
                    start = text.find(cand.due_text, cand.start_char) if cand.due_text in text else -1
                    words_ = text[start : start + len(cand.due_text)] if start >= 0 else cand.due_text
                    date = resolve_due(normalise(words_), cand.due_rule, anchor)
                    due = Due(text=words_, date=date.isoformat() if date else None)
                raw = text[cand.start_char : cand.end_char]
                lead = len(raw) - len(raw.lstrip())
                tags.append(
                    Tag(
                        type=cand.type,
                        text=raw.strip(),
                        owners=cand.owners,
                        owner_organisations=cand.owner_organisations,
                        due=due,
                        rule=cand.rule,
                        explicit=cand.explicit,
                        confidence=cand.confidence,
                        start=cand.start_char + lead,
                        end=cand.start_char + lead + len(raw.strip()),
                        status=cand.status,
                    )
                )
                empties.append(cand.empty)
                if cand.heading_actor:
                    self._heading_owned.add(id(tags[-1]))
            out.append((tags, empties, bool(sdoc.user_data.get("opening_actor"))))
            antecedent = sdoc._.lrt_last_subject or antecedent
        return out

    def _run(
        self,
        ready: str,
        people: dict[str, list[tuple[str, str | None]]] | None,
        present: set[str] | None,
        antecedent: Antecedent,
        actor: bool,
    ) -> Doc:
        """The pipeline over one point's text (`tokenizable`)."""
        sdoc = self.nlp.make_doc(ready)
        sdoc.user_data["people"] = people or {}
        sdoc.user_data["present_orgs"] = present or set()
        sdoc.user_data["antecedent"] = antecedent
        sdoc.user_data["want_opening_actor"] = actor
        for proc in self._procs:
            sdoc = proc(sdoc)
        return sdoc

    def tag(self, doc: StructuredDocument) -> DocumentTags:
        """The tags of every point and sub-point and of every action-list row of a structured document."""
        people = self.people_index(doc.attendees + doc.absentees + doc.members)
        present = {c for p in doc.attendees if p.organisation and (c := self.org_code(p.organisation))}
        anchor = _anchor(doc.meeting)
        self._intros = {}
        warnings: list[DocWarning] = []
        items = [_slots(i, item) for i, item in enumerate(doc.items)]
        for item, tops in zip(doc.items, items, strict=True):
            self._tag_item(item.number, tops, people, anchor, present, warnings, " ".join(item.titles) or None)
        rows = self._tag_action_rows(doc, items, people, anchor)
        limit = self.nlp.max_length
        for item, tops in zip(doc.items, items, strict=True):
            for q in (q for p in tops for q in [p, *p.children] if len(q.text) > limit):
                warnings.append(
                    DocWarning(
                        code="untagged_point",
                        message=f"a point of {len(q.text):,} characters in item {item.number} is longer "
                        f"than the {limit:,} the tagger takes: it was not tagged",
                        line=q.line,
                    )
                )
        points = {q.key: q.tags for tops in items for p in tops for q in [p, *p.children]}
        return DocumentTags(points=points, rows=rows, warnings=warnings)

    def tag_item_texts(
        self,
        texts: list[str],
        participants: list[Participant] | None = None,
        anchor: dt.date | None = None,
    ) -> tuple[list[list[Tag]], list[DocWarning]]:
        """Tags for the points of one agenda item given as texts, read as `tag` reads an item: lists under
        a marker, resolutions after "De raad besluit:", owners completed from `participants`."""
        people = self.people_index(participants or [])
        present = {c for p in participants or [] if p.organisation and (c := self.org_code(p.organisation))}
        self._intros = {}
        slots = [_Slot((0, j), text, None, None, j + 1) for j, text in enumerate(texts)]
        warnings: list[DocWarning] = []
        self._tag_item("1", slots, people, anchor, present, warnings)
        return [s.tags for s in slots], warnings

    def _speaker(self, heading: str | None, people: dict[str, list[tuple[str, str | None]]]) -> tuple[str, str | None] | None:
        """Who a speaker heading names ("Andre Verburg/UU", "Reactie SEO:", "VNG"): a known organisation or
        participant, an organisation's code written in capitals, or a name of two or three capitalised words."""
        if not heading:
            return None
        words_ = re.split(r"[/(]", heading)[0].strip().rstrip(":").split()
        while words_ and words_[0].lower() in words().speaker_labels:
            words_ = words_[1:]
        name = " ".join(words_)
        particles = words().name_particles
        if not name or len(words_) > 4 or not all(w[:1].isupper() or w.lower() in particles for w in words_):
            return None
        known = self._known_owner(name, people)
        if known is not None:
            return known
        if (len(words_) == 1 and name.isupper() and len(name) >= 2) or len(words_) >= 2:
            return name, None
        return None

    def _known_owner(
        self, name: str, people: dict[str, list[tuple[str, str | None]]]
    ) -> tuple[str, str | None] | None:
        """An organisation's code (as owner and organisation), or a participant's full name, or None."""
        code = self.org_code(name)
        if code:
            return code, code
        return complete_name(name, people)

    def _owner_of(self, name: str, people: dict[str, list[tuple[str, str | None]]]) -> tuple[str, str | None]:
        """An owner as a table cell writes it: an organisation's code, a participant's full name, or as written."""
        known = self._known_owner(name, people)
        if known is not None:
            return known
        # a cell that runs on past the name into other words ("Peter want ik zit ..."): its first word,
        # when that is a participant's name (a different surname, "Mark Struijker", stays as written)
        words_ = name.split()
        running_on = len(words_) >= 2 and words_[0][:1].isupper() and words_[1].islower()
        known = complete_name(words_[0], people) if running_on else None
        return known if known is not None else (name, None)

    def _tag_action_rows(
        self,
        doc: StructuredDocument,
        items: list[list[_Slot]],
        people: dict[str, list[tuple[str, str | None]]],
        anchor: dt.date | None,
    ) -> dict[tuple[int, int], list[Tag]]:
        """Rows of action-list tables become action tags; a row that repeats an action of the text gives
        that tag (in `items`) its number and status."""
        out: dict[tuple[int, int], list[Tag]] = {}
        text_words = _TagWords([t for tops in items for p in tops for q in [p, *p.children] for t in q.tags])
        for i, rows in enumerate(doc.action_rows):
            for r, row in enumerate(rows):
                if not row.text.strip():
                    continue  # a row of owner cells only: no action to tag
                found: list[tuple[str, str | None]] = []
                if row.owner:
                    for part in re.split(r"\s*(?:,|/|&|\ben\b)\s*", row.owner):
                        if part.strip() and (who := self._owner_of(part.strip(), people)) not in found:
                            found.append(who)
                owners = sorted({name for name, _org in found})
                organisations = sorted({org for _name, org in found if org})
                due = None
                if row.due:
                    hit = find_due(row.due) or find_due("voor " + row.due)
                    date = resolve_due(normalise(hit[0]), hit[1], anchor) if hit else None
                    due = Due(text=row.due, date=date.isoformat() if date else None)
                out[(i, r)] = [
                    Tag(
                        type=row.kind, text=row.text, owners=owners, owner_organisations=organisations, due=due,
                        rule="action-list-row",
                        explicit=True, confidence=0.95, start=0, end=len(row.text), page=row.page,
                        ref=row.ref or None, status=row.status,
                    )
                ]  # fmt: skip
                linked = text_words.repeated_in(row.text)
                if linked is not None:
                    linked.ref = linked.ref or row.ref or None
                    linked.status = linked.status or row.status  # type: ignore[assignment]
        return out

    def _tag_item(
        self,
        number: str | None,
        tops: list[_Slot],
        people: dict[str, list[tuple[str, str | None]]],
        anchor: dt.date | None,
        present: set[str],
        warnings: list[DocWarning],
        title: str | None = None,
    ) -> None:
        """Tag the points of one agenda item (number `number`, its `title`); `warnings` gets the markers with nothing
        after them."""
        flat: list[_Slot] = []
        for point in tops:
            flat.append(point)
            flat.extend(point.children)
        self._heading_owned = set()
        results = self._tag_texts([p.text for p in flat], people, anchor, present)
        for point, (tags, _empties, _actor) in zip(flat, results, strict=True):
            for tag in tags:
                if id(tag) in self._heading_owned:
                    who = self._speaker(point.section, people) or self._speaker(title, people)
                    if who is not None:
                        tag.owners, tag.owner_organisations = [who[0]], [who[1]] if who[1] else []
        self._heading_owned = set()
        empty: dict[int, Tag] = {}
        for point, (tags, empties, _actor) in zip(flat, results, strict=True):
            for tag, is_empty in zip(tags, empties, strict=True):
                tag.page = point.page
                if is_empty and tag.text == point.text.strip():
                    empty[id(point)] = tag
                elif is_empty and tag.owners and tag.start > 0:
                    # "... wordt getest. Actie: Jeroen": the names close the text before them
                    tag.text, tag.start = point.text[: tag.end].strip(), len(point.text) - len(point.text.lstrip())
            point.tags = [t for t in tags if not (t.end <= max((u.end for u in tags if u.start == 0 and u is not t
                                                                 and u.end > t.end), default=-1))]
            _extend_angle_marker(point)
        for k in range(1, len(tops)):
            _close_previous(tops[k - 1], tops[k])
        for point in tops:
            if point.children and not point.tags and point.text.rstrip().endswith(":"):
                # sub-bullets that finish what their point says ("X vraagt of het centrum de volgende taken kan
                # doen:") are its content, not to-dos of the meeting
                for child in point.children:
                    child.tags = [t for t in child.tags if t.rule != "todo-infinitive"]
        # a list under a heading that is a written marker: "Besluit:", "Conclusie:", "Afspraken:"
        for point in tops:
            intro = self._section_intro(point.section, people, present) if point.section else None
            if intro is not None:
                for q in [point, *point.children]:
                    self._tag_from_intro(q, intro, people, anchor, present)
        # a marker with nothing after it in its point introduces the sub-bullets, or the points after it;
        # "De raad besluit (unaniem):" the resolutions after it; alone it says nothing (a warning)
        for k, point in enumerate(tops):
            intro_tag = empty.get(id(point)) or _closing_intro(point)
            if intro_tag is None:
                continue
            rest = None if id(point) in empty else _rest_after_intro(point, intro_tag)
            if rest is not None:
                # "Het college besluit: 1. de nota vast te stellen; 2. ...": the resolutions follow in the point
                point.tags = [t for t in point.tags if t.start < intro_tag.start] + rest
                continue
            lists = intro_tag.text.rstrip().endswith((":", ">")) and not (intro_tag.owners and intro_tag.text.endswith(">"))
            if point.children:
                followers = point.children
            elif id(point) in empty and lists:
                followers = _listed_after(tops, k)
            elif id(point) not in empty and intro_tag.rule in _CUES and _CUES[intro_tag.rule].list_intro:
                followers = _listed_after(tops, k)  # "De volgende afspraken zijn gemaakt:" and the points after it
            elif id(point) not in empty:
                followers = _resolutions_after(tops, k)
            else:
                followers = []
            if followers:
                point.tags = [t for t in point.tags if t is not intro_tag]
                for q in followers:
                    self._tag_from_intro(q, intro_tag, people, anchor, present)
            elif not intro_tag.owners or id(point) not in empty:
                point.tags = [t for t in point.tags if t is not intro_tag]
                announced = intro_tag.rule in _CUES and _CUES[intro_tag.rule].list_intro
                if announced and k + 1 < len(tops) and any(t.explicit for t in tops[k + 1].tags):
                    continue  # "de volgende actie is geformuleerd:" before a point with its own marker
                warnings.append(
                    DocWarning(
                        code="empty_marker",
                        message=f"item {number}: the marker {intro_tag.text!r} has nothing after it; no tag made",
                        line=point.line,
                    )
                )
        for point in flat:
            point.tags = [t for tag in point.tags for t in _split_resolutions(tag, point.text)]

    def _section_intro(
        self, section: str, people: dict[str, list[tuple[str, str | None]]], present: set[str]
    ) -> Tag | None:
        """The tag a sub-heading gives the points under it, when the heading is a written marker alone."""
        key = section.strip().rstrip(":").strip()
        if key not in self._intros:
            ((tags, empties, _actor),) = self._tag_texts([key + ":"], people, None, present)
            self._intros[key] = tags[0] if len(tags) == 1 and empties[0] and tags[0].explicit else None
        return self._intros[key]

    def _tag_from_intro(
        self,
        point: _Slot,
        intro: Tag,
        people: dict[str, list[tuple[str, str | None]]],
        anchor: dt.date | None,
        present: set[str],
    ) -> None:
        """Give a point under an introducing marker its tag: the point's own if it has one, else one
        for the whole bullet of the intro's type (under an agreement heading, an action when the
        bullet opens with who acts), with the intro's owners where the bullet names none."""
        if not point.text.strip() or any(t.explicit for t in point.tags):
            return
        if point.tags and intro.type != "decision":
            return  # under "Afspraken:" a bullet keeps the action it states; under "Besluit:" it is a decision
        marker = _INTRO_PREFIX[intro.type]
        ((tags, _e, actor),) = self._tag_texts([marker + point.text], people, anchor, present, actor=True)
        own = tags[0] if tags else None
        named = bool(own and own.owners)
        if intro.type == "decision" and intro.owners:
            named = False  # who decided is who the intro names: "De raad besluit:", "Besluit college:"
        owners = own.owners if own and named else list(intro.owners)
        orgs = own.owner_organisations if own and named else list(intro.owner_organisations)
        kind = intro.type
        if kind == "agreement" and actor:
            kind = "action"  # someone will act: "COA stelt ... op", "De gemeenten leveren ... aan"
        text = point.text.strip()
        start = point.text.find(text)
        due = own.due if own else None
        point.tags = [
            Tag(
                type=kind, text=text, owners=owners, owner_organisations=orgs, due=due, rule=intro.rule,
                explicit=True, confidence=intro.confidence, start=start, end=start + len(text), page=point.page,
            )
        ]  # fmt: skip


# the marker a bullet under an introducing marker is read with, by the intro's type
_INTRO_PREFIX = {"decision": "Besluit: ", "action": "Actie: ", "agreement": "Afspraak: ", "commitment": "Toezegging: "}
# an enumerated resolution: "1. ...", "a) ...", "ii. ..."
_ENUM = re.compile(r"(?:(?<=\s)|^)(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s+(?=\S)")


# a marker in angle brackets whose "<" was lost (by OCR): "Actiepunt ….?>: ..."
_LOST_ANGLE = re.compile(r"\w+[^:<>\n]{0,20}>\s*:")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z<])")


def _extend_angle_marker(point: _Slot) -> None:
    """A point that opens with a marker in angle brackets ("<actiepunt Martin>: Komende weken. Release
    candidate klaarzetten ...") goes on in the sentences after it, up to the next tag (at most 30 words more)."""
    if not point.tags:
        return
    tag = point.tags[0]
    lead = len(point.text) - len(point.text.lstrip())
    if tag.start != lead or not (tag.text.startswith("<") or _LOST_ANGLE.match(tag.text)):
        return
    stop = point.tags[1].start if len(point.tags) > 1 else len(point.text.rstrip())
    end, words_ = tag.end, 0
    for m in _SENTENCE_END.finditer(point.text, tag.end):
        if m.start() > stop:
            break
        words_ += len(point.text[end : m.start()].split())
        if words_ > 30:
            return _set_end(tag, point.text, end)
        end = m.start()
    if stop > end and words_ + len(point.text[end:stop].split()) <= 30:
        end = stop
    _set_end(tag, point.text, end)


_CLOSING_ANGLE = re.compile(r"\s*<[^<>]{1,60}>\s*\.(?:\s|$)")


def _close_previous(prev: _Slot, point: _Slot) -> None:
    """A point that opens with a marker in angle brackets and a full stop ("<actiepunt Martin>. In elk geval
    ...") closes the sentence before it, cut off into the previous point ("... even nagaan of deze nog
    gelden"): the action is that sentence's, owned by the names in the marker."""
    m = _CLOSING_ANGLE.match(point.text)
    if not m or not point.tags or point.tags[0].start > len(point.text) - len(point.text.lstrip()):
        return
    marker = point.tags[0]
    if marker.type != "action" or not marker.explicit or prev.section != point.section or not prev.text.strip():
        return
    if any(t.explicit for t in prev.tags):
        return
    text = prev.text.rstrip()
    starts = [e.end() for e in _SENTENCE_END.finditer(text)]
    start = starts[-1] if starts else len(prev.text) - len(prev.text.lstrip())
    last = text[start:]
    prev.tags = [t for t in prev.tags if t.end <= start] + [
        marker.model_copy(update={"text": last, "start": start, "end": start + len(last), "page": prev.page})
    ]
    point.tags = point.tags[1:]


def _set_end(tag: Tag, text: str, end: int) -> None:
    part = text[tag.start : end].rstrip()
    tag.text, tag.end = part, tag.start + len(part)


def _listed_after(points: list[_Slot], k: int) -> list[_Slot]:
    """The points after a list's heading written as a point ("Afspraken:"): up to the next point that
    carries a written marker of its own, or another section."""
    out: list[_Slot] = []
    for p in points[k + 1 :]:
        if p.section != points[k].section or not p.text.strip() or any(t.explicit for t in p.tags):
            break
        out.append(p)
    return out


_CUES = {c.id: c for c in cue_patterns()}


def _closing_intro(point: _Slot) -> Tag | None:
    """A decision whose sentence ends with a colon (an enumerator may follow it): "De raad besluit (unaniem):", or a
    sentence that announces a list: "Samenvattend komen we tot de volgende besluiten:"."""
    for tag in point.tags:
        intro = tag.type == "decision" or _CUES[tag.rule].list_intro if tag.rule in _CUES else tag.type == "decision"
        if intro and re.search(r":\s*(?:(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)])?$", tag.text):
            return tag
    return None


def _rest_after_intro(point: _Slot, intro: Tag) -> list[Tag] | None:
    """The resolutions written after an intro in the same point, one decision each, or None if there are none."""
    colon = point.text.rfind(":", intro.start, intro.end)
    rest = point.text[colon + 1 :]
    if colon < 0 or not rest.strip():
        return None
    marks = list(_ENUM.finditer(rest))
    cuts = [m.start() for m in marks] if marks and not rest[: marks[0].start()].strip() else [len(rest) - len(rest.lstrip())]
    out: list[Tag] = []
    for n, cut in enumerate(cuts):
        end = cuts[n + 1] if n + 1 < len(cuts) else len(rest)
        part = rest[cut:end].strip()
        if part:
            start = colon + 1 + rest.index(part, cut)
            out.append(
                intro.model_copy(update={"text": part, "start": start, "end": start + len(part), "due": None})
            )
    return out or None


def _resolutions_after(points: list[_Slot], k: int) -> list[_Slot]:
    """The points after an intro that read as its resolutions: enumerated, lower-case, or after a ";"."""
    out: list[_Slot] = []
    prev = points[k].text.rstrip()
    for p in points[k + 1 :]:
        text = p.text.strip()
        if any(t.explicit for t in p.tags) or p.section != points[k].section or not text:
            break
        if not (_ENUM.match(text) or text[:1].islower() or prev.endswith((";", ":", ","))):
            break
        out.append(p)
        prev = text
    return out


def _split_resolutions(tag: Tag, text: str) -> list[Tag]:
    """A decision whose text lists enumerated resolutions after a colon ("De raad besluit: 1. ...; 2. ...")
    gives one decision per resolution."""
    if tag.type != "decision" or ":" not in tag.text:
        return [tag]
    colon = tag.text.index(":")
    body = tag.text[colon + 1 :]
    marks = list(_ENUM.finditer(body))
    if len(marks) < 2:
        return [tag]
    out: list[Tag] = []
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(body)
        part = body[m.start() : end].strip()
        if not part:
            continue
        start = tag.start + colon + 1 + m.start()
        out.append(tag.model_copy(update={"text": part, "start": start, "end": start + len(part), "due": None}))
    return out or [tag]


_WORD = re.compile(r"\w[\w.]*\w|\w")
_LITTLE = {
    "de", "het", "een", "en", "of", "van", "in", "op", "te", "voor", "met", "aan", "om", "dat", "die", "is", "zijn", "wordt",
    "worden",
}  # fmt: skip


def _content_words(text: str) -> set[str]:
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _LITTLE and len(w) > 2}


class _TagWords:
    """The action tags of the text, each with its content words, found by the words they share with a row.

    Words are computed once per tag and looked up through an index, so that linking rows to tags
    costs what the shared words cost, not every row against every tag's text.
    """

    def __init__(self, tags: list[Tag]) -> None:
        self.tags = [t for t in tags if t.type == "action" and t.ref is None]
        self.words = [_content_words(re.sub(r"^\W*<[^>]*>|^[^:]{0,30}:", "", t.text)) for t in self.tags]
        self.index: dict[str, list[int]] = {}
        for k, tag_words in enumerate(self.words):
            for w in tag_words:
                self.index.setdefault(w, []).append(k)

    def repeated_in(self, row_text: str) -> Tag | None:
        """The action tag that an action-list row repeats: most of the shorter one's words are in the other."""
        row_words = _content_words(row_text)
        shared: dict[int, int] = {}
        for w in row_words:
            for k in self.index.get(w, ()):
                shared[k] = shared.get(k, 0) + 1
        best: tuple[float, int] | None = None
        for k in sorted(shared):
            tag = self.tags[k]
            if tag.ref is not None:  # linked to an earlier row meanwhile
                continue
            smaller = min(len(row_words), len(self.words[k]))
            score = shared[k] / smaller if smaller else 0.0
            if shared[k] >= 2 and smaller and score >= 0.6 and (best is None or score > best[0]):
                best = (score, k)
        return self.tags[best[1]] if best else None


@cache
def default_tagger() -> Tagger:
    """The process-wide tagger, built on first use."""
    return Tagger()
