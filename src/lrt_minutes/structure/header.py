"""Structure, part 1: the header block (meeting fields and participant lists).

About 400 lines: the participant-list readers (from "participants" below: `parse_table`,
`parse_participants` and their helpers) are the next cut, into structure/participants.py;
they stay here while the header rules are being generalised for other bodies' minutes, so
that that work merges.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field, replace

from ..clean.lines import bullet_kind, join_lines, strip_bullet
from ..dutch.dates import find_date, parse_date, parse_times
from ..dutch.vocabulary import HONORIFIC, HONORIFICS, WOO_GROUND
from ..models import Meeting, Participant
from ..read.text import Line
from .columns import line_cells, nearest_column
from .lexicons import labels

# Header labels, as they start a line of the header block (lexicons/labels.json). The first
# that matches wins, so longer labels come first. Example lines:
#   "Vergaderdatum en -tijd 3 november 2023, 08:45 – 09:30"
#   "Vergaderplaats   Webex", "Locatie : Stadhuis"
#   "Aanwezig: Dhr. De Jonge (MVRO), ..."
#   "Afwezig (met berichtgeving):"
#   "Vergaderdatum en -tijd21 september 2023" (a label glued to its value by OCR)
LABELS: tuple[tuple[str, str], ...] = tuple((lab.field, lab.pattern) for lab in labels().header)
_ALTERNATIVES = "|".join(f"(?P<{name}_{i}>{rx})" for i, (name, rx) in enumerate(LABELS))
_LABEL_RE = re.compile(r"^(?P<label>" + _ALTERNATIVES + r")(?=\s|:|$|\d)\s*:?\s*(?P<value>.*)$", re.I)
# a further label inside a line, always with its colon: "Datum: 3 mei 2023 Tijd: 10.00 uur Locatie: Stadhuis"
_INLINE_LABEL = re.compile(r"(?<=\S)\s+(?P<label>" + "|".join(rx for _, rx in LABELS) + r")\s*:", re.I)


def match_label(text: str) -> tuple[str, str] | None:
    """(field, value) when `text` starts with a header label; labels start with a capital."""
    if not text[:1].isupper():
        return None
    m = _LABEL_RE.match(text)
    if not m:
        return None
    for key, value in m.groupdict().items():
        if value is not None and key not in ("label", "value"):
            return key.rsplit("_", 1)[0], m["value"]
    return None  # pragma: no cover - one group always matches


@dataclass(slots=True)
class HeaderBlock:
    """The lines of one header field."""

    field: str
    lines: list[Line] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        """The field's text: its lines joined."""
        return join_lines([ln.text for ln in self.lines])


@dataclass(slots=True)
class Header:
    """What the header block says."""

    meeting: Meeting
    attendees: list[Participant]
    absentees: list[Participant]
    members: list[Participant]
    found: bool
    """False when the document has no header at all."""
    warnings: list[tuple[str, str, int | None]] = field(default_factory=list)


def split_labels(text: str) -> list[tuple[str, str]]:
    """(field, value) of each label on a line that starts with one: a value stops at the next label.

    "Datum: 3 mei 2023 Tijd: 10.00 uur" gives [("document_date", "3 mei 2023"), ("time", "10.00 uur")];
    "Zwolle Betreft: overleg" as a location's value stops before "Betreft:".
    """
    hit = match_label(text)
    if hit is None:
        return []
    name, value = hit
    if name in PARTICIPANT_FIELDS:
        # the label's own words go on to its colon: "Afwezig middels afmelding: Jan Mol (VNG)"
        qualifier = _QUALIFIER.match(value)
        if qualifier:
            value = value[qualifier.end() :]
    out: list[tuple[str, str]] = []
    while True:
        nxt = next((m for m in _INLINE_LABEL.finditer(value) if value[m.start("label")].isupper()), None)
        if nxt is None:
            out.append((name, value))
            return out
        out.append((name, value[: nxt.start()].strip()))
        rest = match_label(value[nxt.start("label") :])
        if rest is None:  # pragma: no cover - the inline pattern is made of the labels
            out[-1] = (name, value)
            return out
        name, value = rest


PARTICIPANT_FIELDS = ("attendees", "absentees", "members")
_QUALIFIER = re.compile(r"^[a-z][^:(),]{0,50}:\s*")
_TABLE_HEADS = labels().table_heads
_LIST_STOPS = labels().list_stops
# a line of a list that is not finished: "Dhr. A (VNG)," "... en" "Mevr." "(VNG" "Namens IPO:"
_OPEN_LIST_END = re.compile(r"(?:[,;(/&:–-]|\b(?:en|of|de|van|der|den|dhr|mevr|mw|mr|dr|drs|ir|de\s+heer|mevrouw)\.?)$", re.I)


def is_prose(text: str) -> bool:
    """A running sentence, not a list entry: many words, mostly lower case, few commas, no "(org)" entries.

    "Het verslag wordt ongewijzigd vastgesteld en de actielijst is bijgewerkt." is prose;
    "Jan de Vries (VNG), Piet Bos (IPO)" and "de burgemeester, de wethouders en de griffier" are not.
    """
    words = text.split()
    alpha = [w for w in words if w[:1].isalpha()]
    if len(words) < 7 or len(alpha) < 6 or sum(w[0].islower() for w in alpha) < 0.5 * len(alpha):
        return False
    if "(" in text and "," in text:
        return False
    return text.count(",") + text.count(";") < len(words) / 6


def is_sentence(text: str) -> bool:
    """Running text that is a sentence, not a title: prose that ends like a sentence, or is too long for a title.

    "Plan van aanpak versterking van de regietafels en de uitgangspunten" is a title;
    "Het verstrekken van informatie blijft achterwege voor zover dit de eenheid raakt." is not.
    """
    return is_prose(text) and (text.rstrip().endswith((".", "!", "?", ";", ":")) or len(text.split()) >= 16)


def is_table_head(line: Line) -> bool:
    """The head row of an agenda or decision table: two or more cells, each a known column word ("Nr. | Onderwerp")."""
    cells = [t for _, t in line.cells] if line.cells else []
    if len(cells) < 2:
        words = line.text.split()
        return 2 <= len(words) <= 6 and all(w.lower().strip(":") in _TABLE_HEADS for w in words)
    return all(c.lower().strip(" :") in _TABLE_HEADS for c in cells)


def _is_heading_line(line: Line, block: HeaderBlock) -> bool:
    """A heading after a list: a word that heads a section ("Agenda", "Verslag"), or a short bold line
    after a list that is not bold."""
    text = line.text.strip()
    if text.lower().rstrip(" :") in _LIST_STOPS:
        return True
    if line.bold and "(" not in text and "," not in text and len(text.split()) <= 10:
        return not any(ln.bold for ln in block.lines[1:] if ln.text)
    return False


def _ends_list(block: HeaderBlock, line: Line, gap: bool) -> bool:
    """Does `line` lie past the end of a participant list (a table head, a heading, running sentences, a gap)?"""
    text = line.text.strip()
    if is_table_head(line) or is_prose(text) or _is_heading_line(line, block):
        return True
    label_x = block.lines[0].indent
    if line.indent is not None and label_x is not None and line.indent < label_x - 3:
        return True  # a line that starts left of the label is not its value (PDF)
    if gap:
        prev = next((ln.text.strip() for ln in reversed(block.lines) if ln.text.strip()), "")
        entry_like = "(" in text or "," in text or ";" in text or len(line.cells) >= 2
        return bool(prev) and not _OPEN_LIST_END.search(prev) and not entry_like and len(text.split()) <= 8
    return False


def split_blocks(lines: list[Line]) -> tuple[list[Line], list[HeaderBlock], int]:
    """Group header lines under their labels; lines before the first label are the preamble.

    A participant list ends where it ends (see `_ends_list`): what follows it, up to the next
    label, is not part of the header. Also returns where the header ends: the index after
    its last labelled line (without labels: after the title lines at the top).
    """
    preamble: list[Line] = []
    blocks: list[HeaderBlock] = []
    ended = False  # the last participant list has ended: lines go nowhere until the next label
    gap = False
    end = 0
    for idx, line in enumerate(lines):
        if not line.text:
            if blocks and not ended:
                blocks[-1].lines.append(line)
            gap = True
            continue
        found = split_labels(line.text)
        if found:
            ended = False
            end = idx + 1
            first_cells = line.cells[1:] if len(line.cells) > 1 and match_label(line.cells[0][1]) else ()
            for k, (name, value) in enumerate(found):
                cells = first_cells if k == 0 and len(found) == 1 else ()
                first = Line(value, line.page, line.lineno, line.indent, cells, line.bold, line.height)
                blocks.append(HeaderBlock(name, [first]))
        elif blocks and not ended:
            block = blocks[-1]
            if _ends_list(block, line, gap):
                ended = True
            else:
                block.lines.append(line)
                end = idx + 1
        elif not blocks:
            preamble.append(line)
        gap = False
    if not blocks:
        end = _title_end(lines)
    return preamble, blocks, end


def _title_end(lines: list[Line]) -> int:
    """Without labels, the header is the title lines at the top: up to a gap, a sentence, a bullet or a table."""
    seen = 0
    for idx, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            if seen:
                return idx
            continue
        if is_prose(text) or bullet_kind(text) or is_table_head(line) or seen >= 3 or text.endswith("."):
            return idx
        seen += 1
    return len(lines)


def header_end(lines: list[Line]) -> int:
    """The index of the first line after the header (its title, labels and participant lists)."""
    return split_blocks(lines)[2]


# "Verslag LRT", "Verslag van de LRT", "Verslag Technisch Overleg Digikoppeling"
_VERSLAG = re.compile(
    r"^(?:concept[-\s]?)?(?:verslag|notulen|besluitenlijst|aantekeningen|actie-?\s?en\s+besluitenlijst)\s+"
    r"(?:van\s+)?(?:de\s+|het\s+)?(?P<body>.+)$",
    re.I,
)
# "LRT 9 november 2022" (a title line: a body's short name and the meeting date)
_TITLE_WITH_DATE = re.compile(r"^(?P<body>[A-Z][\w&’'-]{1,20}(?:\s+[A-Z][\w&’'-]{1,20}){0,3})\s+(?P<date>\d.*)$")


def _body_from(text: str) -> str | None:
    m = _VERSLAG.match(text.strip())
    if m:
        body = m["body"].strip(" .:")
        hit = find_date(body)
        if hit:
            body = _without_trailing_date_words(body[: hit[1].start()]).strip(" ,.-–")
        return body or None
    return None


# words that lead up to a date in a title: "... van 12 maart", "... d.d. 3 mei", "... op dinsdag 3 mei"
_DATE_WORD = re.compile(
    r"(?:van|op|d\.?|d\.?d\.?|dd|gehouden|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\.?", re.I
)


def _without_trailing_date_words(text: str) -> str:
    """`text` without the words that lead up to a date at its end, read word by word from the end (linear: a
    regex anchored at the end tried from every position was exponential, then quadratic, on "van   van   …")."""
    end = len(text)
    while True:
        j = end
        while j > 0 and (text[j - 1].isspace() or text[j - 1] == ","):
            j -= 1
        k = j
        while k > 0 and j - k <= 12 and (text[k - 1].isalnum() or text[k - 1] == "."):
            k -= 1
        if k == j or (k > 0 and (text[k - 1].isalnum() or text[k - 1] == ".")) or not _DATE_WORD.fullmatch(text, k, j):
            return text[:end]
        end = k


# what may stand beside a date on a date line: "Dinsdag 3 oktober 2023 14.00 – 15.30 uur", "d.d. 18 maart 2024"
_DATE_LINE_REST = re.compile(
    r"^(?:\s|[,.:;–—-]|\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|d\.?\s?d|dd|uur|van|tot|t/m"
    r"|aanvang|om|vanaf|h)\b)*$",
    re.I,
)
# a title that names a meeting: "Besluitenlijst van de openbare raadsvergadering van 12 maart 2019, aanvang 19.30 uur"
_MEETING_WORD = re.compile(r"vergadering|overleg|bijeenkomst|sessie|beraad|zitting|verslag|notulen|besluitenlijst", re.I)


def _date_from_preamble(line: Line) -> tuple[str, str | None, str | None, bool] | None:
    """(date, start, end, from_title) of a line at the top that gives the meeting's date.

    A line that is a date (a weekday, "d.d.", times and "uur" beside it) gives it as it is; a
    title naming a meeting with a date in it gives it too (`from_title`, warned about). Running
    sentences never do.
    """
    text = line.text.strip()
    if is_prose(text) and not _VERSLAG.match(text):
        return None
    hit = find_date(text)
    if hit is None:
        return None
    start, end = parse_times(text)
    rest = text[: hit[1].start()] + " " + text[hit[1].end() :]
    rest = re.sub(r"\d{1,2}[:.]\d{2}", " ", rest)
    if _DATE_LINE_REST.match(rest):
        return hit[0].isoformat(), start, end, False
    if _MEETING_WORD.search(text[: hit[1].start()]) and len(text.split()) <= 20:
        return hit[0].isoformat(), start, end, True
    return None


def parse_header(lines: list[Line]) -> Header:
    """Parse the lines before the first agenda item."""
    meeting = Meeting()
    warnings: list[tuple[str, str, int | None]] = []
    preamble, blocks, _ = split_blocks(lines)
    by_field: dict[str, list[HeaderBlock]] = {}
    for b in blocks:
        by_field.setdefault(b.field, []).append(b)

    def first(name: str) -> HeaderBlock | None:
        found = by_field.get(name)
        return found[0] if found else None

    for name in ("datetime", "date"):
        block = first(name)
        if block and meeting.date is None:
            d = parse_date(block.text)
            if d:
                meeting.date = d.isoformat()
            else:
                warnings.append(("unparsed_date", f"meeting date not understood: {block.text!r}", block.lines[0].lineno))
            start, end = parse_times(block.text)
            meeting.start_time = meeting.start_time or start
            meeting.end_time = meeting.end_time or end
    block = first("time")
    if block and meeting.start_time is None:
        meeting.start_time, meeting.end_time = parse_times(block.text)
    block = first("location")
    if block:
        # a value in a table cell stops at its cell ("Vergaderplaats | Webex | <side column text>")
        cells = block.lines[0].cells
        text = cells[0][1] if cells else block.text
        meeting.location = text.strip(" .,") or None
    block = first("description")
    if block:
        meeting.description = block.text or None
        meeting.body = _body_from(block.text)
    block = first("chair")
    if block:
        meeting.chair = block.text or None
    block = first("minute_taker")
    if block:
        meeting.minute_taker = block.text or None
    block = first("document_date")
    if block:
        d = parse_date(block.text)
        if meeting.date is None and d and (first("time") or first("location")):
            # "Datum: 3 mei 2023" beside "Tijd:" and "Locatie:" is when the meeting was
            meeting.date = d.isoformat()
            if meeting.start_time is None:
                meeting.start_time, meeting.end_time = parse_times(block.text)
        else:
            meeting.document_date = d.isoformat() if d else None

    titled = False  # a title naming a meeting came first: a date line under it is the meeting's
    for line in [ln for ln in preamble if ln.text][:6]:
        title = _VERSLAG.match(line.text.strip()) is not None
        if is_prose(line.text) and not title:
            continue
        if meeting.body is None:
            meeting.body = _body_from(line.text)
        dated = _date_from_preamble(line) if meeting.date is None else None
        if dated is not None and (dated[3] or titled):
            meeting.date = dated[0]
            if meeting.start_time is None:
                meeting.start_time, meeting.end_time = dated[1], dated[2]
            # unlabelled: said where it came from (the title line itself, or the line under it)
            warnings.append(("date_from_title", f"meeting date taken from the title block {line.text!r}", line.lineno))
            continue
        titled = titled or bool(_MEETING_WORD.search(line.text))
        m = _TITLE_WITH_DATE.match(line.text)
        if m and find_date(m["date"]):
            if meeting.body is None:
                meeting.body = m["body"]
            if meeting.date is None:
                meeting.date = parse_date(m["date"]).isoformat()  # type: ignore[union-attr]
                warnings.append(("date_from_title", f"meeting date taken from the title line {line.text!r}", line.lineno))

    attendees = [p for b in by_field.get("attendees", []) for p in parse_participants(b.lines)]
    absentees = [p for b in by_field.get("absentees", []) for p in parse_participants(b.lines)]
    members = [p for b in by_field.get("members", []) for p in parse_participants(b.lines)]

    if meeting.chair is None:
        # no "Voorzitter" label: the attendee marked "(vz)" / ", voorzitter" chairs
        chair = next((p for p in attendees if p.role and re.search(r"\b(?:vz|voorzitter)\b", p.role, re.I)), None)
        if chair is not None:
            meeting.chair = " ".join(x for x in (chair.honorific, chair.name) if x) or None
            if meeting.chair and chair.organisation:
                meeting.chair += f" ({chair.organisation})"
    present = {(p.name, p.organisation) for p in attendees if p.name}
    for p in absentees:
        if (p.name, p.organisation) in present:
            warnings.append(("present_and_absent", f"{p.raw!r} is listed as present and as absent", p.line))

    found = bool(blocks)
    return Header(meeting, attendees, absentees, members, found, warnings)


# ---------------------------------------------------------------- participants

# entries that say who is absent/present but are not a participant: "(18 personen)"
_COUNT_ENTRY = re.compile(r"^\(?\s*\d+\s+(?:personen|deelnemers|leden|aanwezigen)\s*\)?$", re.I)
# words in parentheses that are a role, not an organisation: "(vz)", "(secretaris)"
ROLE_WORDS = {
    "vz", "vz.", "voorzitter", "secretaris", "secretariaat", "notulist", "notulen", "verslag", "toehoorder", "agendalid"
}  # fmt: skip
# roles written after an entry, with a comma: "Dhr. Van der Burg (SJenV), voorzitter"
# ("secretariaat" alone is an entry of its own)
TRAILING_ROLES = {"vz", "voorzitter", "secretaris", "notulist", "agendalid", "toehoorder", "plv. voorzitter"}
# one entry: text then one or more parenthesised groups: "Dhr. De Jonge (MVRO)", "Lizzy Wellink (secretaris)(Logius)"
_ENTRY = re.compile(r"(?P<name>[^(),;]*+)(?P<groups>(?:\([^()]*\)\s*)+)")
_GROUP = re.compile(r"\(([^()]*)\)")
_SEPARATOR = re.compile(r"[\s,;.•◦·–-]+|\ben\b\s+", re.I)


# column heads of a members table: "Leden | Departement | Leden | Departement"
_NAME_HEAD = re.compile(r"^(?:leden|lid|naam|namen|deelnemers?|aanwezigen?)$", re.I)
_ORG_HEAD = re.compile(r"^(?:departement|organisatie|namens|ministerie|instantie|functie|dienst)$", re.I)


def parse_table(lines: list[Line]) -> list[Participant] | None:
    """Participants from a table read with its cells (PDF): name / organisation column pairs.

    The first line's cells name the columns ("Leden", "Departement", twice for two pairs a
    row); each later cell goes to the column it stands under, and a cell alone under a column
    (a wrapped cell) is added to that column's entry of the row above. None when the lines are
    not such a table.
    """
    texts = [ln for ln in lines if ln.text.strip()]
    if not texts or len(texts[0].cells) < 2:
        return None
    heads = texts[0].cells
    kinds = ["name" if _NAME_HEAD.match(t) else "org" if _ORG_HEAD.match(t) else None for _, t in heads]
    if "name" not in kinds or "org" not in kinds or None in kinds:
        return None
    xs = [x for x, _ in heads]

    rows: list[tuple[Line, dict[int, str]]] = []
    for ln in texts[1:]:
        cells = line_cells(ln)
        placed = {c: t for x, t in cells if (c := nearest_column(x, xs, before=30, after=30)) is not None}
        if len(placed) < len(cells) or not placed:  # a cell under no column: the table has ended
            break
        # a row that only fills some columns of the row above, in a different pattern: a wrapped cell
        if rows and len(placed) == 1 and len(rows[-1][1]) > 1:
            (c, t), = placed.items()
            prev = rows[-1][1]
            prev[c] = f"{prev[c]} {t}" if c in prev else t
            continue
        rows.append((ln, placed))
    out: list[Participant] = []
    pairs = [(i, i + 1) for i in range(len(kinds) - 1) if kinds[i] == "name" and kinds[i + 1] == "org"]
    for ln, placed in rows:
        for ni, oi in pairs:
            name, org = placed.get(ni, "").strip(), placed.get(oi, "").strip()
            if not name and not org:
                continue
            raw = f"{name} ({org})" if org else name
            p = _participant(raw, name, [org] if org else [], ln)
            out.append(p)
    return out


_NAME_COMMA_ORG = re.compile(r"^(?P<name>[^,()]{2,60}),\s*(?P<org>[^,()]{1,40}?)\s*(?P<groups>(?:\([^()]*\)\s*)*)$")


# "Namens de gemeente Utrecht:", "Namens IPO", "Gemeente Utrecht: Jan de Vries, Anna Bakker"
_ON_BEHALF = re.compile(r"^namens\s+(?P<org>[^:()\d]{2,60}?)\s*(?::\s*(?P<rest>.*))?$", re.I)
_ORG_FIRST = re.compile(r"^(?P<org>[A-Z][^:,()\d]{1,49}?)\s*:(?:\s+(?P<rest>.*)|\s*)$")


def _org_heading(text: str) -> tuple[str, str] | None:
    """(organisation, rest of the line) of a line that names the organisation of the people after it."""
    m = _ON_BEHALF.match(text)
    if m:
        return m["org"].strip().removeprefix("de ").removeprefix("het "), (m["rest"] or "").strip()
    m = _ORG_FIRST.match(text)
    if m and len(m["org"].split()) <= 5 and not HONORIFIC.match(m["org"]) and match_label(m["org"]) is None:
        return m["org"].strip(), (m["rest"] or "").strip()
    return None


def parse_participants(lines: list[Line]) -> list[Participant]:
    """Participants from an Aanwezig/Afwezig block whose entries may wrap over lines (or from a table).

    Lines that name an organisation first ("Namens de provincie:", "Gemeente Utrecht: A, B") give
    it to the people after them that name none of their own.
    """
    texts = [ln for ln in lines if ln.text.strip()]
    if not texts:
        return []
    texts = [replace(ln, text=strip_bullet(ln.text)) if bullet_kind(ln.text) else ln for ln in texts]
    heads = [_org_heading(ln.text.strip()) for ln in texts]
    if any(h is not None for h in heads) and not parse_table(texts):
        out: list[Participant] = []
        org: str | None = None
        run: list[Line] = []

        def flush() -> None:
            for p in _parse_plain(run):
                out.append(p if p.organisation or org is None else p.model_copy(update={"organisation": org}))
            run.clear()

        for ln, head in zip(texts, heads, strict=True):
            if head is not None:
                flush()
                org = head[0]
                if head[1]:
                    run.append(replace(ln, text=head[1]))
            else:
                run.append(ln)
        flush()
        return out
    return _parse_plain(texts)


def _parse_plain(texts: list[Line]) -> list[Participant]:
    if not texts:
        return []
    table = parse_table(texts)
    if table is not None:
        return table
    # one person a line as "Name, Organisation" ("Peter Haasnoot, Logius", "Maarten van der Veen, Logius (vz)")
    pairs = [_NAME_COMMA_ORG.match(ln.text.strip()) for ln in texts]
    if len(texts) > 2 and sum(m is not None for m in pairs) >= 0.8 * len(texts):
        out_pairs: list[Participant] = []
        for ln, m in zip(texts, pairs, strict=True):
            if m is None:
                out_pairs.extend(_parse_entries(ln.text, ln, [ln]))
                continue
            groups = [m["org"].strip(), *_GROUP.findall(m["groups"] or "")]
            out_pairs.append(_participant(ln.text.strip(), m["name"], groups, ln))
        return out_pairs
    joined = " ".join(ln.text for ln in texts)
    # one entry a line when the list has no separators at all, or when each line holds one "( )"
    one_each = len(texts) > 1 and all(ln.text.count("(") == 1 == ln.text.count(")") for ln in texts)
    if one_each or (len(texts) > 1 and not re.search(r"[,;]", joined) and joined.count("(") <= 1):
        chunks = [(ln.text, ln) for ln in texts]
    else:
        chunks = [(join_lines([ln.text for ln in texts]), texts[0])]
    out: list[Participant] = []
    for text, first_line in chunks:
        out.extend(_parse_entries(text, first_line, texts))
    return out


def _line_ends(lines: list[Line]) -> list[int]:
    """Where each line ends in the text that `join_lines` makes of them (plus one for the joining space)."""
    ends: list[int] = []
    consumed = 0
    for ln in lines:
        consumed += len(" ".join(ln.text.split())) + 1
        ends.append(consumed)
    return ends


def _line_of(ends: list[int], pos: int, lines: list[Line], fallback: Line) -> Line:
    """The line an entry starts on: found by walking the joined text back to its lines (see `_line_ends`)."""
    k = bisect.bisect_right(ends, pos)
    return lines[k] if k < len(lines) else fallback


_LIST_SEPARATOR = re.compile(r"[,;]")


def _parse_entries(text: str, first_line: Line, lines: list[Line]) -> list[Participant]:
    out: list[Participant] = []
    ends = _line_ends(lines)
    pos = 0
    n = len(text)
    while pos < n:
        sep = _SEPARATOR.match(text, pos)
        if sep and sep.end() > pos:
            pos = sep.end()
            continue
        box = _BOXES.match(text, pos)
        if box:  # a redaction box where a name stood (one name may wrap over two boxes): "█, █ en ..."
            out.append(_participant(box.group(0), box.group(0), [], _line_of(ends, pos, lines, first_line)))
            pos = box.end()
            continue
        m = _ENTRY.match(text, pos)
        if m and m.group(0).strip():
            raw = m.group(0).strip()
            groups = _GROUP.findall(m["groups"])
            pos = m.end()
            if _COUNT_ENTRY.match(raw):
                continue
            line = _line_of(ends, m.start(), lines, first_line)
            delegation = _delegation(m["name"], groups)
            if delegation:
                # "VNG (dhr. Rabbae, mw. Bronsvoort)": an organisation with its people in parentheses
                org = m["name"].strip()
                out.extend(_participant(f"{person} ({org})", person, [org], line) for person in delegation)
                continue
            out.append(_participant(raw, m["name"], groups, line))
            continue
        end = _LIST_SEPARATOR.search(text, pos)
        stop = end.start() if end else n
        raw = text[pos:stop].strip().rstrip(".").strip()
        if out and raw.lower().strip(".") in TRAILING_ROLES:
            # "Dhr. Van der Burg (SJenV), voorzitter": a role of the entry before it
            prev = out[-1]
            out[-1] = prev.model_copy(update={"role": f"{prev.role}, {raw}" if prev.role else raw, "raw": f"{prev.raw}, {raw}"})
        elif raw and not _COUNT_ENTRY.match(raw):
            name, groups = raw, []
            half = _HALF_OPEN.match(raw)
            if half:  # "Jan Mol VNG)": the opening bracket was lost; the last word is the organisation
                name, groups = half["name"], [half["org"]]
            out.append(_participant(raw, name, groups, _line_of(ends, pos, lines, first_line)))
        pos = stop + 1 if end else n
    return _once(out)


# redaction boxes read as "█" standing for a name without an organisation in brackets after it
_BOXES = re.compile(r"█(?:\s*█)*(?!\s*[█(])")
# an entry whose organisation lost its opening bracket: "Jan Mol VNG)", "Anna Bakker Maykinmedia.nl)"
_HALF_OPEN = re.compile(r"^(?P<name>[^()]+?)\s+(?P<org>[^\s()]+)\)$")


def _once(people: list[Participant]) -> list[Participant]:
    """A list names a person once: a repeat of the same name and organisation is dropped (redacted entries all stay)."""
    seen: set[tuple[str, str | None]] = set()
    out: list[Participant] = []
    for p in people:
        if p.name:
            key = (" ".join(p.name.lower().split()), (p.organisation or "").lower() or None)
            if key in seen:
                continue
            seen.add(key)
        out.append(p)
    return out


_PERSON = re.compile(r"^(?:de\s+heer|mevrouw|dhr|mevr|mw|mr|drs|dr|ir|prof)\.?\s+\S", re.I)


def _delegation(name_part: str, groups: list[str]) -> list[str] | None:
    """The people of an "ORG (dhr. A, mw. B)" entry, or None when the parentheses hold no people."""
    org = name_part.strip()
    if len(groups) != 1 or not org or HONORIFIC.match(org) or len(org.split()) > 3:
        return None
    people = [p.strip() for p in re.split(r"\s*[,;]\s*|\s+en\s+", groups[0]) if p.strip()]
    if people and all(_PERSON.match(p) for p in people):
        return people
    return None


def _participant(raw: str, name_part: str, groups: list[str], line: Line) -> Participant:
    name = name_part.strip()
    honorific = None
    m = HONORIFIC.match(name)
    if m and (m.end() == len(name) or m.group(0).endswith((".", " "))):
        honorific = HONORIFICS[" ".join(m["h"].lower().split())]
        name = name[m.end() :].strip()
    org = None
    role = None
    for g in groups:
        g = g.strip()
        if g.lower().strip(".") in ROLE_WORDS or g.lower() in ROLE_WORDS:
            role = g if role is None else f"{role}, {g}"
        elif org is None:
            org = g or None
    redacted = False
    ground = None
    gm = WOO_GROUND.search(name)
    if gm and not re.sub(r"[\s\[\]()]", "", name.replace(gm.group(0), "")):
        redacted, ground, name = True, gm.group(0).replace(" ", ""), ""
    if re.fullmatch(r"[\s\[\].…x█■▇_*-]*", name, re.I) and (name or groups):
        redacted = redacted or bool(org) or bool(name)
        name = ""
    if not name and not redacted and (org or honorific):
        redacted = True
    return Participant(
        raw=raw,
        honorific=honorific,
        name=name or None,
        organisation=org,
        redacted=redacted,
        redaction_ground=ground,
        role=role,
        page=line.page,
        line=line.lineno,
    )
