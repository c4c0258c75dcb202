"""What kind of document a text is, from features, and which features decided.

`features(texts)` measures what a reader looks at first: the title block (a title word,
a meeting word, a date), header labels, participant lists, numbered items, recorded
outcomes, letter cues (salutation, closing, letterhead marks), e-mail headers, inventory
tables, action and decision tables, report marks. `classify(texts)` turns them into a
kind by an ordered list of rules; every decision names the features that made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..dutch.dates import DAY_MONTH, find_date, is_date_only
from . import Cues, cues, gate_text, phrase_gate, phrase_re

TITLE_ZONE = 6
"""Non-empty lines at the top of a document that hold its title block."""
TOP_ZONE = 14
"""Non-empty lines at the top where e-mail headers, letterheads and inventory headings stand."""
HEADER_ZONE = 40
"""Non-empty lines at the top where header labels and participant lists stand."""


@dataclass(frozen=True, slots=True)
class Patterns:
    """The cue lexicon compiled into patterns."""

    titles: dict[str, re.Pattern[str]]
    meeting_word: re.Pattern[str]
    meeting_label: re.Pattern[str]
    participant_label: re.Pattern[str]
    email_label: re.Pattern[str]
    email_required: frozenset[str]
    opening: re.Pattern[str]
    closing: re.Pattern[str]
    letter_mark: re.Pattern[str]
    inventory_heading: re.Pattern[str]
    inventory_column: re.Pattern[str]
    inventory_mark: re.Pattern[str]
    report_mark: re.Pattern[str]
    document_closing: re.Pattern[str]
    action_column: re.Pattern[str]
    decision_column: re.Pattern[str]
    outcome_mark: re.Pattern[str]
    action_status: re.Pattern[str]
    gates: dict[str, re.Pattern[str] | None]
    """For the patterns searched in every line of a document ("closing", "report_mark", "outcome_mark",
    "action_status"): a quick test for lines that cannot match (`phrase_gate`)."""


def _label(words: tuple[str, ...]) -> re.Pattern[str]:
    """A label at the start of a line: followed by a colon, by the value, or by nothing."""
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alts})(?=\s*:|\s|$)", re.I)


def _title_word(words: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """A title word as a whole word, also where OCR glued a stray digit to it ("agenda8 d ABDUP overleg")."""
    return re.compile(phrase_re(words).pattern.removesuffix(r"(?![\w-])") + r"(?![^\W\d_]|-)", re.I)


@cache
def patterns() -> Patterns:
    """The compiled cue lexicon."""
    c: Cues = cues()
    emails = "|".join(re.escape(w) for w in sorted(c.email_labels, key=len, reverse=True))
    return Patterns(
        titles={kind: _title_word(words) for kind, words in c.titles.items()},
        meeting_word=phrase_re(c.meeting_words),
        meeting_label=_label(c.meeting_labels),
        participant_label=_label(c.participant_labels),
        # "Van: …", "From" alone on its line, "To x@y.nl": a label with a colon, alone, or (English) before a value
        email_label=re.compile(rf"^\s*(?P<label>{emails})\s*(?::|$|(?<=[a-z])\s+(?=\S))", re.I),
        email_required=frozenset(c.email_required),
        opening=re.compile(r"^\s*" + phrase_re(c.letter_openings).pattern + r"(?:\s|,|$)", re.I),
        closing=phrase_re(c.letter_closings),
        letter_mark=_label(c.letter_marks),
        inventory_heading=phrase_re(c.inventory_headings),
        inventory_column=phrase_re(c.inventory_columns),
        inventory_mark=phrase_re(c.inventory_marks),
        report_mark=phrase_re(c.report_marks),
        document_closing=phrase_re(c.document_closings),
        action_column=phrase_re(c.action_columns),
        decision_column=phrase_re(c.decision_columns),
        outcome_mark=phrase_re(c.outcome_marks),
        action_status=phrase_re(c.action_statuses),
        gates={
            "closing": phrase_gate(c.letter_closings),
            "report_mark": phrase_gate(c.report_marks),
            "outcome_mark": phrase_gate(c.outcome_marks),
            "action_status": phrase_gate(c.action_statuses),
        },
    )


_ENGLISH_LABELS = frozenset({"from", "to", "sent", "subject", "cc", "bcc", "importance"})
_NUMBERED = re.compile(r"^\s*(?:agendapunt\s+|ad\s+)?(?P<n>\d{1,2})(?:[.)]|\s)\s*(?=[A-Za-zÀ-ÿ])", re.I)


def email_labels(lines: list[str]) -> set[str]:
    """The e-mail header labels ("van", "aan", "onderwerp", ...) that open lines of `lines`."""
    p = patterns()
    found: set[str] = set()
    for line in lines:
        m = p.email_label.match(line)
        if not m:
            continue
        label = m["label"].lower()
        after = line[m.end("label") :].strip()
        # a Dutch label needs its colon or a line of its own ("Aan de orde komt" is a sentence)
        if label in _ENGLISH_LABELS or not after or after.startswith(":"):
            found.add(label)
    return found


def is_email_header(lines: list[str]) -> bool:
    """Two or more distinct e-mail header labels (Van, Aan, Onderwerp, Verzonden, ...) among `lines`."""
    return len(email_labels(lines) & patterns().email_required) >= 2


def is_inventory(lines: list[str]) -> bool:
    """An inventory of released documents: its heading, or a table header naming how each document was assessed."""
    p = patterns()
    for line in lines:
        words = line.split()
        if p.inventory_heading.search(line) and len(words) <= 6:
            return True
        if len(p.inventory_column.findall(line)) >= 3 and p.inventory_mark.search(line):
            return True
    return False


def has_salutation(lines: list[str]) -> bool:
    """A letter's salutation ("Geachte heer", "Beste collega's,") opening a short line."""
    p = patterns()
    return any(p.opening.match(line) and len(line.split()) <= 8 for line in lines)


def ends_document(lines: list[str]) -> bool:
    """Whether the last lines of a page close a document: a sign-off ("Hoogachtend,", "De rapporteur,")."""
    p = patterns()
    return any(p.document_closing.search(line) and len(line.split()) <= 8 for line in lines)


def title_kind(lines: list[str]) -> tuple[str, str] | None:
    """The kind a title word in the title block names, with the word ("verslag", "agenda", ...)."""
    p = patterns()
    for line in lines:
        if len(line.split()) > 14:
            continue
        hits = [(m.start(), kind, m.group(0)) for kind, pat in p.titles.items() for m in [pat.search(line)] if m]
        if hits:
            _, kind, word = min(hits)
            return kind, word.lower()
    return None


def numbered_run(lines: list[str]) -> int:
    """The longest run of lines numbered one up from the last ("1 …", "2. …", "3) …"); dates are not numbers."""
    best = run = 0
    last: int | None = None
    for t in lines:
        m = _NUMBERED.match(t)
        if not m or DAY_MONTH.match(t.strip()):
            continue
        n = int(m["n"])
        run = run + 1 if last is not None and n == last + 1 else 1
        last = n
        best = max(best, run)
    return best


@dataclass(slots=True)
class Features:
    """What the text shows; each is a short name and, where useful, the words found."""

    empty: bool = False
    title: tuple[str, str] | None = None
    meeting_words: list[str] = field(default_factory=list)
    title_date: bool = False
    meeting_labels: list[str] = field(default_factory=list)
    participant_labels: list[str] = field(default_factory=list)
    numbered: int = 0
    numbered_rows: int = 0
    outcomes: int = 0
    email: list[str] = field(default_factory=list)
    body_title: str | None = None
    """For an e-mail: the kind a title word in its body names."""
    inventory: bool = False
    salutation: bool = False
    closing: bool = False
    letter_marks: list[str] = field(default_factory=list)
    report_marks: list[str] = field(default_factory=list)
    action_table: bool = False
    action_statuses: int = 0
    decision_table: bool = False


def features(texts: list[str]) -> Features:
    """Measure the features of a document's lines (as read, before cleaning)."""
    p = patterns()
    lines = [t for t in texts if t.strip()]
    f = Features()
    if not lines:
        f.empty = True
        return f
    title_zone, top, head = lines[:TITLE_ZONE], lines[:TOP_ZONE], lines[:HEADER_ZONE]
    f.title = title_kind(title_zone)
    f.meeting_words = sorted({m.group(0).lower() for t in title_zone for m in p.meeting_word.finditer(t)})
    # a date on the title line, or on a line of its own right under it
    f.title_date = any(
        (f.title is not None and find_date(t) and f.title[1] in t.lower()) or is_date_only(t) for t in title_zone[:3]
    )
    # the lines that may hold a match of a pattern searched in every line (the others cannot: `phrase_gate`)
    lowered = [gate_text(t) for t in lines]

    def may_hold(name: str) -> list[str]:
        gate = p.gates[name]
        if gate is None:
            return lines
        return [t for t, low in zip(lines, lowered, strict=True) if low is None or gate.search(low)]

    f.action_statuses = sum(1 for t in may_hold("action_status") if p.action_status.search(t))
    f.meeting_labels = sorted({m.group(0).strip().lower() for t in head for m in [p.meeting_label.match(t)] if m})
    f.participant_labels = sorted({m.group(0).strip().lower() for t in head for m in [p.participant_label.match(t)] if m})
    f.numbered = numbered_run(lines)
    f.numbered_rows = len({m["n"] for t in lines for m in [_NUMBERED.match(t)] if m and not DAY_MONTH.match(t.strip())})
    f.outcomes = sum(len(p.outcome_mark.findall(t)) for t in may_hold("outcome_mark"))
    f.email = sorted(email_labels(top)) if is_email_header(top) else []
    if f.email:
        # past the e-mail's header lines: a title of its own in the body
        body = [t for t in lines[:HEADER_ZONE] if not patterns().email_label.match(t)]
        found = title_kind(body[:TOP_ZONE])
        f.body_title = found[0] if found else None
    f.inventory = is_inventory(top)
    f.salutation = has_salutation(lines[:20])
    f.closing = any(p.closing.search(t) for t in may_hold("closing"))
    f.letter_marks = sorted({m.group(0).strip().lower() for t in top for m in [p.letter_mark.match(t)] if m})
    f.report_marks = sorted({m.group(0).lower() for t in may_hold("report_mark") for m in p.report_mark.finditer(t)})
    for t in top:
        cols = {m.group(0).lower() for m in p.action_column.finditer(t)}
        # a table's header row: a short line of column names, not a sentence ("Actie: wie belt?")
        header_row = len(t.split()) <= 10 and ":" not in t
        if header_row and cols & {"actie", "acties", "actiepunt"} and len(cols) >= 2:
            f.action_table = True
        cols = {m.group(0).lower() for m in p.decision_column.finditer(t)}
        if header_row and cols & {"besluit", "besluiten", "agendapunt"} and len(cols) >= 2:
            dated_rows = sum(1 for u in lines if (d := find_date(u[:30])) and d[1].start() == 0)
            f.decision_table = f.decision_table or dated_rows >= 3
    return f


def classify(texts: list[str]) -> tuple[str, list[str]]:
    """The kind of a document ("minutes", "agenda", "decision-list", "action-list", "other") and why.

    The reasons name the features that decided, e.g. ["title:verslag", "participants:aanwezig"].
    """
    return decide(features(texts))


def decide(f: Features) -> tuple[str, list[str]]:
    """Apply the rules, in order, to measured features."""
    if f.empty:
        return "other", ["no-text"]
    participants = [f"participants:{w}" for w in f.participant_labels]
    labels = [f"label:{w}" for w in f.meeting_labels]
    if f.email:
        present = [w for w in f.participant_labels if w.startswith(("aanwezig", "afwezig"))]
        if f.body_title == "minutes" and present:
            # minutes sent as the body of an e-mail: their own title and who was (not) there
            return "minutes", ["email-header:" + ",".join(f.email), "title-in-body", *(f"participants:{w}" for w in present)]
        return "other", ["email-header:" + ",".join(f.email)]
    if f.inventory:
        return "other", ["inventory"]
    if f.salutation and not participants:
        return "other", ["letter-salutation", *(f"letter:{w}" for w in f.letter_marks)]
    title = f.title
    if (title and title[0] == "action-list") or (f.action_table and not participants):
        return "action-list", [f"title:{title[1]}" if title and title[0] == "action-list" else "action-table"]
    if not title and not participants and f.numbered_rows >= 5 and f.action_statuses >= 3:
        # numbered rows, several of them with a status ("afgehandeld", "lopend"): a table of actions
        return "action-list", [f"numbered-rows:{f.numbered_rows}", f"action-statuses:{f.action_statuses}"]
    if (title and title[0] == "decision-list") or (f.decision_table and not participants):
        return "decision-list", [f"title:{title[1]}" if title and title[0] == "decision-list" else "decision-table"]
    meeting = [f"meeting:{w}" for w in f.meeting_words] + (["title-date"] if f.title_date else [])
    if title and title[0] == "agenda":
        if f.outcomes >= 3:
            # an agenda filled in with what was decided is the minutes of the meeting
            return "minutes", [f"title:{title[1]}", f"outcomes:{f.outcomes}", *participants]
        return "agenda", [f"title:{title[1]}", *meeting, *labels]
    if f.report_marks and not participants:
        return "other", ["report:" + ",".join(f.report_marks)]
    if title and title[0] == "minutes" and (meeting or participants or labels):
        return "minutes", [f"title:{title[1]}", *meeting, *participants, *labels]
    if participants or len(labels) >= 2:
        return "minutes", [*participants, *labels]
    if f.closing or len(f.letter_marks) >= 2:
        return "other", ["letter-closing" if f.closing else "letter", *(f"letter:{w}" for w in f.letter_marks)]
    if f.meeting_words and f.title_date:
        # "Tweede bijeenkomst werkgroep X" over a date: a meeting's own header
        return "minutes", meeting
    if meeting and f.numbered >= 3:
        return "minutes", [*meeting, f"numbered-items:{f.numbered}"]
    return "other", ["no-meeting-features"]
