"""Structure, part 1: the header block (meeting fields and participant lists)."""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field

from ..clean.lines import join_lines
from ..dutch.dates import find_date, parse_date, parse_times
from ..dutch.vocabulary import HONORIFIC, HONORIFICS, WOO_GROUND
from ..models import Meeting, Participant
from ..read.text import Line
from .columns import line_cells, nearest_column

# Header labels, as they start a line of the header block. The first that matches wins,
# so longer labels come first. Example lines:
#   "Vergaderdatum en -tijd 3 november 2023, 08:45 – 09:30"
#   "Vergaderplaats   Webex"
#   "Aanwezig: Dhr. De Jonge (MVRO), ..."
#   "Afwezig (met berichtgeving):"
LABELS: tuple[tuple[str, str], ...] = (
    ("datetime", r"Vergaderdatum\s+en\s*[-–]?\s*tijd|Datum\s+en\s+tijd(?:stip)?"),
    ("date", r"Vergaderdatum|Datum\s+vergadering|Vergaderdag"),
    ("time", r"Vergadertijd|Tijdstip|Tijd|Aanvang"),
    ("location", r"Vergaderplaats|Vergaderlocatie|Locatie|Plaats"),
    ("description", r"Omschrijving|Onderwerp"),
    (
        "absentees",
        r"Afwezig(?:en)?(?:\s*\(?\s*met\s+(?:kennisgeving|bericht(?:geving)?|afmelding)\s*\)?)?"
        r"|Met\s+kennisgeving\s+afwezig|Afgemeld|Afmeldingen|Verhinderd",
    ),
    ("attendees", r"Aanwezig(?:en|\s+zijn)?"),
    ("members", r"Deelnemers|Leden"),
    ("chair", r"Voorzitter"),
    ("minute_taker", r"Notulist(?:e)?|Verslaglegging|Verslaglegger|Notulen|Verslag(?=\s*:)"),
    ("copy", r"Kopie\s+aan|Cc"),
    ("document_date", r"Datum"),
    ("attachments", r"Bijlagen?"),
)
_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(f"(?P<{name}_{i}>{rx})" for i, (name, rx) in enumerate(LABELS)) + r")"
    r"(?=\s|:|$)\s*:?\s*(?P<value>.*)$",
    re.I,
)


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


def split_blocks(lines: list[Line]) -> tuple[list[Line], list[HeaderBlock]]:
    """Group header lines under their labels; lines before the first label are the preamble."""
    preamble: list[Line] = []
    blocks: list[HeaderBlock] = []
    for line in lines:
        if not line.text:
            if blocks:
                blocks[-1].lines.append(line)
            continue
        hit = match_label(line.text)
        if hit:
            name, value = hit
            cells = line.cells[1:] if len(line.cells) > 1 and match_label(line.cells[0][1]) else ()
            blocks.append(HeaderBlock(name, [Line(value, line.page, line.lineno, line.indent, cells)]))
        elif blocks:
            blocks[-1].lines.append(line)
        else:
            preamble.append(line)
    return preamble, blocks


# "Verslag LRT", "Verslag van de LRT", "Verslag Technisch Overleg Digikoppeling"
_VERSLAG = re.compile(r"^(?:concept[-\s]?)?(?:verslag|notulen|besluitenlijst)\s+(?:van\s+)?(?:de\s+|het\s+)?(?P<body>.+)$", re.I)
# "LRT 9 november 2022" (a title line: a body's short name and the meeting date)
_TITLE_WITH_DATE = re.compile(r"^(?P<body>[A-Z][\w&’'-]{1,20}(?:\s+[A-Z][\w&’'-]{1,20}){0,3})\s+(?P<date>\d.*)$")


def _body_from(text: str) -> str | None:
    m = _VERSLAG.match(text.strip())
    if m:
        body = m["body"].strip(" .:")
        hit = find_date(body)
        if hit:
            body = body[: hit[1].start()].strip(" ,.-–")
        return body or None
    return None


def parse_header(lines: list[Line]) -> Header:
    """Parse the lines before the first agenda item."""
    meeting = Meeting()
    warnings: list[tuple[str, str, int | None]] = []
    preamble, blocks = split_blocks(lines)
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
        meeting.location = block.text.strip(" .,") or None
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
        meeting.document_date = d.isoformat() if d else None

    for line in preamble:
        if meeting.body is None:
            meeting.body = _body_from(line.text)
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
_SEPARATOR = re.compile(r"[\s,;.]+|\ben\b\s+", re.I)


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


def parse_participants(lines: list[Line]) -> list[Participant]:
    """Participants from an Aanwezig/Afwezig block whose entries may wrap over lines (or from a table)."""
    texts = [ln for ln in lines if ln.text.strip()]
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
    one_each = len(texts) > 1 and all(ln.text.count("(") == 1 for ln in texts)
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
            out.append(_participant(raw, raw, [], _line_of(ends, pos, lines, first_line)))
        pos = stop + 1 if end else n
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
