"""The Dutch pipeline: spacy.blank("nl") + our tokenizer rules, rulers and tagging component.

Built once per process (`default_tagger()`), then reused for every document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from . import components as _components  # noqa: F401 - registers the "lrt_tagger" factory
from .deadlines import find_due, resolve_due
from .lexicons import abbreviations, cue_patterns, organisations
from ..models import AgendaItem, Due, MinutesDocument, Point, Tag

# apostrophes as the minutes write them ("VR´s", "PRT’s"): one character each, so offsets stay valid
_APOSTROPHES = str.maketrans({"´": "'", "’": "'", "‘": "'", "`": "'"})


def normalise(text: str) -> str:
    """Text for the tokenizer: same length as the original, apostrophes unified."""
    return text.translate(_APOSTROPHES)


def build_nlp() -> Language:
    """A fresh pipeline: tokenizer special cases, sentencizer, organisation and cue rulers, tagger."""
    nlp = spacy.blank("nl", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lrt_marker_sentences")
    first_longest = {"@misc": "spacy.first_longest_spans_filter.v1"}
    # names and codes: phrase patterns, matched on exact spelling (acronyms, "Rijk", "Kamer") or,
    # for lower-case aliases ("staatssecretaris", "gemeenten"), on the lower-cased text
    org_ruler = nlp.add_pipe(
        "span_ruler", name="org_ruler",
        config={"spans_key": "orgs", "spans_filter": first_longest, "phrase_matcher_attr": "ORTH"},
    )  # fmt: skip
    org_lower_ruler = nlp.add_pipe(
        "span_ruler", name="org_lower_ruler",
        config={"spans_key": "orgs", "spans_filter": first_longest, "phrase_matcher_attr": "LOWER", "overwrite": False},
    )  # fmt: skip
    cue_ruler = nlp.add_pipe("span_ruler", name="cue_ruler", config={"spans_key": "cues"})
    nlp.add_pipe("lrt_tagger")
    nlp.initialize()
    exact, lower = _org_patterns()
    org_ruler.add_patterns(exact)  # type: ignore[attr-defined]
    org_lower_ruler.add_patterns(lower)  # type: ignore[attr-defined]
    cue_ruler.add_patterns([c.model_dump() for c in cue_patterns()])  # type: ignore[attr-defined]
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
        suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Za-z])'s"]
        infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z])/(?=[A-Za-z])"]
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


def _anchor(doc: MinutesDocument) -> dt.date | None:
    value = doc.meeting.date or doc.meeting.document_date
    return dt.date.fromisoformat(value) if value else None


_SURNAME = re.compile(r"(?:^|\s)(?P<last>[A-Z][\w-]+)$")


class Tagger:
    """Tags the points of documents; holds one built pipeline."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or build_nlp()
        self._orgs = {o.code.lower(): o.code for o in organisations()}
        for o in organisations():
            for a in o.aliases:
                self._orgs.setdefault(a.lower(), o.code)

    def org_code(self, organisation: str) -> str | None:
        """The canonical code of an organisation as a participant list writes it ("CdK’s", "wnd.IPO")."""
        org = normalise(organisation).removesuffix("'s").split(".")[-1].strip()
        return self._orgs.get(org.lower())

    def _people(self, doc: MinutesDocument) -> dict[str, str]:
        """Each attendee's surname (lowercased) to their organisation's code ("klijnsma" -> "CdK")."""
        people: dict[str, str] = {}
        for p in doc.attendees + doc.absentees:
            code = self.org_code(p.organisation) if p.organisation else None
            if p.name and code:
                people[p.name.split()[-1].lower()] = code
                people[p.name.split()[0].lower()] = code
        return people

    def tag_point_texts(
        self,
        texts: list[str],
        people: dict[str, str] | None = None,
        anchor: dt.date | None = None,
        present: set[str] | None = None,
    ) -> list[list[Tag]]:
        """Tags for a sequence of point texts of one agenda item (pronouns resolve across them).

        `people` maps attendee names to organisation codes, `present` holds the codes of the
        organisations at the table, `anchor` is the meeting date that deadlines resolve against.
        """
        out: list[list[Tag]] = []
        antecedent: list[str] | None = None
        for text in texts:
            sdoc = self.nlp.make_doc(normalise(text))
            sdoc.user_data["people"] = people or {}
            sdoc.user_data["present_orgs"] = present or set()
            sdoc.user_data["antecedent"] = antecedent
            for _name, proc in self.nlp.pipeline:
                sdoc = proc(sdoc)
            tags = []
            for cand in sdoc._.lrt_tags:
                due = None
                if cand.due_text and cand.due_rule:
                    start = text.find(cand.due_text, cand.start_char) if cand.due_text in text else -1
                    words = text[start : start + len(cand.due_text)] if start >= 0 else cand.due_text
                    date = resolve_due(normalise(words), cand.due_rule, anchor)
                    due = Due(text=words, date=date.isoformat() if date else None)
                raw = text[cand.start_char : cand.end_char]
                lead = len(raw) - len(raw.lstrip())
                tags.append(
                    Tag(
                        type=cand.type,
                        text=raw.strip(),
                        owners=cand.owners,
                        due=due,
                        rule=cand.rule,
                        explicit=cand.explicit,
                        confidence=cand.confidence,
                        start=cand.start_char + lead,
                        end=cand.start_char + lead + len(raw.strip()),
                        status=cand.status,  # type: ignore[arg-type]
                    )
                )
            out.append(tags)
            antecedent = sdoc._.lrt_last_subject or antecedent
        return out

    def tag_document(self, doc: MinutesDocument) -> None:
        """Set `tags` on every point and sub-point of the document, in place."""
        people = self._people(doc)
        present = {c for p in doc.attendees if p.organisation and (c := self.org_code(p.organisation))}
        anchor = _anchor(doc)
        for item in doc.agenda_items:
            self._tag_item(item, people, anchor, present)
        self._tag_action_rows(doc, people, anchor)

    def _tag_action_rows(self, doc: MinutesDocument, people: dict[str, str], anchor: dt.date | None) -> None:
        """Rows of action-list tables become action tags; a row that repeats an action of the text is linked to it."""
        from ..structure.actions import ActionRow

        rows: list[tuple[Point, ActionRow]] = [
            (p, p._action_row) for it in doc.agenda_items for p in it.points if isinstance(p._action_row, ActionRow)
        ]
        if not rows:
            return
        text_tags = [
            t for it in doc.agenda_items for p in it.points if p._action_row is None for q in [p, *p.children] for t in q.tags
        ]
        for point, row in rows:
            owners: list[str] = []
            if row.owner:
                for part in re.split(r"\s*(?:,|/|&|\ben\b)\s*", row.owner):
                    code = self.org_code(part) or people.get(part.split()[-1].lower() if part.split() else "")
                    if code and code not in owners:
                        owners.append(code)
                if not owners:
                    owners = [row.owner]  # a person or body the lexicon does not know: as written
            due = None
            if row.due:
                hit = find_due(row.due) or find_due("voor " + row.due)
                date = resolve_due(normalise(hit[0]), hit[1], anchor) if hit else None
                due = Due(text=row.due, date=date.isoformat() if date else None)
            point.tags = [
                Tag(
                    type="action", text=point.text, owners=sorted(owners), due=due, rule="action-list-row",
                    explicit=True, confidence=0.95, start=0, end=len(point.text), page=point.page,
                    ref=row.ref or None, status=row.status,  # type: ignore[arg-type]
                )
            ]  # fmt: skip
            linked = _repeated_in(row.text, text_tags)
            if linked is not None:
                linked.ref = linked.ref or row.ref or None
                linked.status = linked.status or row.status  # type: ignore[assignment]

    def _tag_item(self, item: AgendaItem, people: dict[str, str], anchor: dt.date | None, present: set[str]) -> None:
        flat: list[Point] = []
        for point in item.points:
            if point._action_row is not None:  # rows of an action list: tagged from the table
                continue
            flat.append(point)
            flat.extend(point.children)
        for point, tags in zip(flat, self.tag_point_texts([p.text for p in flat], people, anchor, present), strict=True):
            for tag in tags:
                tag.page = point.page
            point.tags = tags


_WORD = re.compile(r"\w[\w.]*\w|\w")
_LITTLE = {"de", "het", "een", "en", "of", "van", "in", "op", "te", "voor", "met", "aan", "om", "dat", "die", "is", "zijn", "wordt", "worden"}


def _content_words(text: str) -> set[str]:
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _LITTLE and len(w) > 2}


def _repeated_in(row_text: str, tags: list[Tag]) -> Tag | None:
    """The action tag of the text that an action-list row repeats: most of the shorter one's words are in the other."""
    row_words = _content_words(row_text)
    best: tuple[float, Tag] | None = None
    for tag in tags:
        if tag.type != "action" or tag.ref is not None:
            continue
        words = _content_words(re.sub(r"^\W*<[^>]*>|^[^:]{0,30}:", "", tag.text))
        shared = len(row_words & words)
        smaller = min(len(row_words), len(words))
        if shared >= 2 and smaller and shared / smaller >= 0.6 and (best is None or shared / smaller > best[0]):
            best = (shared / smaller, tag)
    return best[1] if best else None


@cache
def default_tagger() -> Tagger:
    """The process-wide tagger, built on first use."""
    return Tagger()
