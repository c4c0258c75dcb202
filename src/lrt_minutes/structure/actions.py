"""Structure, part 3: action-list tables ("Actielijst" / "Actiepunten": number, action, owner, status, date).

Such a table is read row by row from the cells the PDF reader found (`Line.cells`): a head row
names the columns ("Nr", "Actie", "Naam"/"Wie", "O/G"/"Status", "Datum"), every later cell goes
to the column it stands under, a row with a number starts an action and rows without one carry
on its cells (wrapped text). The rows leave the item's body and become points of their own,
which the tag stage turns into action tags with their number (`ref`) and `status`, and links to
the actiepunt of the text that they repeat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..read.text import Line
from .columns import line_cells, nearest_column

# column heads, by what the column holds
_HEADS: dict[str, re.Pattern[str]] = {
    "ref": re.compile(r"^(?:nr\.?|nummer|no\.?|#|actienr\.?|id|datum\s*/\s*nr\.?|nr\.?\s*/\s*datum)$", re.I),
    "text": re.compile(r"^(?:actie(?:punt)?s?|omschrijving|wat|onderwerp|actiepunt\s+omschrijving)$", re.I),
    "owner": re.compile(r"^(?:naam|wie|actiehouder|houder|eigenaar|door|verantwoordelijke?|trekker|uitvoerder)$", re.I),
    "status": re.compile(
        r"^(?:o\s*/\s*g?|o/g|[oxbg](?:\s*/\s*[oxbg]){1,3}|status|stand|gereed\??|afgerond\??|klaar\??|afgehandeld\??)$", re.I
    ),
    "due": re.compile(r"^(?:deadline|wanneer|termijn|streefdatum|uiterlijk|planning|gepland)$", re.I),
    # the date an action was taken (or last changed): not a deadline
    "date": re.compile(r"^(?:datum|d\.d\.|ingebracht|sinds)$", re.I),
}
# an action's number: "2504/03", "mrt24/03", "12", "3.", "A-12", "2023-07"
_NUMBER = r"[A-Za-z]{0,4}\d{1,4}[/.-]\d{1,3}|\d{1,3}[.)]?"
_REF = re.compile(rf"^(?:{_NUMBER}|[A-Z]{{1,3}}-?\d{{1,4}})$")
_OPEN = re.compile(r"^(?:o|open|lopend|loopt|in behandeling|nog open|o\?)$", re.I)
_DONE = re.compile(r"^(?:g|x|gesloten|afgesloten|afgerond|gereed|klaar|done|afgehandeld|vervallen)$", re.I)
# a row that records a decision rather than an action: status letter "B" (besluit)
_DECIDED = re.compile(r"^(?:b|besluit|besloten)$", re.I)
# a column that asks "done?" ("Afgerond", "Gereed") answers ja / nee
_ASKS_DONE = re.compile(r"^(?:afgerond|gereed|klaar|afgehandeld)\??$", re.I)
# "Actielijst", "Actiepunten", "Overzicht actiepunten", "Openstaande acties" as a heading line
ACTION_LIST_HEADING = re.compile(r"^(?:overzicht\s+)?(?:openstaande\s+)?(?:actielijst|actiepunten(?:lijst)?|acties)\s*:?$", re.I)
SECTION = "Actielijst"


@dataclass(slots=True)
class ActionRow:
    """One row of an action list, its cells joined over wrapped lines."""

    ref: str
    text: str
    owner: str | None
    status: str | None
    """"open", "done", or None when the table gives none (or one not understood)."""
    status_text: str | None
    due: str | None
    page: int | None
    lineno: int
    kind: Literal["action", "decision"] = "action"
    """"decision" for a row whose status letter says it records a decision ("B"), else "action"."""


def kind_of(text: str | None) -> Literal["action", "decision"]:
    """"decision" for a status cell "B" (besluit), else "action"."""
    return "decision" if text and _DECIDED.match(text.strip().strip(".")) else "action"


def status_of(text: str | None, head: str = "") -> str | None:
    """"open" / "done" from a status cell ("O", "G", "open", "afgerond"; "ja"/"nee" under "Afgerond"), else None."""
    if not text:
        return None
    t = text.strip().strip(".")
    if _OPEN.match(t):
        return "open"
    if _DONE.match(t):
        return "done"
    if _ASKS_DONE.match(head.strip()):
        if re.fullmatch(r"ja|yes|x|✓|v", t, re.I):
            return "done"
        if re.fullmatch(r"nee|no|nog niet", t, re.I):
            return "open"
    return None


def _head_kinds(line: Line) -> list[tuple[float, str, str]] | None:
    """The columns named by a head row, as (left edge, kind, head text), or None if the line is not one."""
    kinds: list[tuple[float, str, str]] = []
    for x, text in line.cells:
        kind = next((k for k, rx in _HEADS.items() if rx.match(text.strip())), None)
        if kind is None:
            return None
        kinds.append((x, kind, text.strip()))
    names = {k for _, k, _ in kinds}
    if len(kinds) < 3 or "text" not in names or not ({"owner", "status"} & names) or len(names) != len(kinds):
        return None
    return kinds


def take_action_tables(body: list[Line]) -> tuple[list[Line], list[ActionRow]]:
    """Split an item's body into the lines that stay and the rows of its action-list tables."""
    keep: list[Line] = []
    rows: list[ActionRow] = []
    i = 0
    while i < len(body):
        kinds = _head_kinds(body[i]) if len(body[i].cells) >= 3 else None
        if kinds is None:
            if ACTION_LIST_HEADING.match(body[i].text.strip()) and not body[i].cells:
                end = _read_text_table(body, i + 1, rows)
                if end is not None:
                    i = end
                    continue
            keep.append(body[i])
            i += 1
            continue
        # the table's title and legend just above the head ("Actielijst", "Actiepunt", "O=open/G=gesloten")
        while keep and (not keep[-1].text or _is_legend(keep[-1].text)):
            keep.pop()
        i = _read_table(body, i + 1, kinds, rows)
    return keep, rows


# a text line of an action list: number, text, and maybe owner and status at the end
_TEXT_ROW = re.compile(rf"^(?P<ref>{_NUMBER})\s+(?P<rest>\S.*)$")
_TRAILING_STATUS = re.compile(r"(?<!\s)\s+(?P<status>open|o\??|g|x|b|gesloten|afgesloten|afgerond|gereed|lopend)\.?$", re.I)
# an owner written last: a short code in capitals ("VNG", "SJenV", "CdK’s", "IPO/VNG")
# Codes are joined by a separator ("IPO/VNG", "BZK en VNG"); atomic groups keep the match linear
# (with an optional separator, "AAAA…!" could be cut into codes in exponentially many ways).
_CODE = r"[A-Z][A-Za-z]{0,5}[A-Z][\w’']{0,3}"
_TRAILING_OWNER = re.compile(rf"(?<!\s)\s+(?P<owner>(?>{_CODE})(?>(?:\s*[/,&]\s*|\s+en\s+)(?>{_CODE}))*+(?:\s*[/,&])?)$")
_OWNER_TAIL = 80
"""Only the end of a row is searched for an owner: a list of codes is short."""
_HEAD_WORDS = re.compile(
    r"^(?:nr\.?|nummer|actie(?:punt)?|omschrijving|wie|naam|actiehouder|status|o/g|wanneer|deadline|datum|gereed)\b", re.I
)


def _read_text_table(body: list[Line], i: int, rows: list[ActionRow]) -> int | None:
    """An action list in plain text after an "Actielijst" heading: one row a numbered line.

    Text has no cells, so only the number (first), and a status word and an owner code at the
    end of the row are taken apart; the rest is the action. Lines without a number carry on the
    row above. Returns where the list ends, or None when no numbered line follows the heading
    (then the heading is an ordinary line: "Actiepunten:" above bullets, say).
    """
    j = i
    while j < len(body) and (not body[j].text or _HEAD_WORDS.match(body[j].text.strip()) or _is_legend(body[j].text)):
        if _head_kinds(body[j]) if len(body[j].cells) >= 3 else None:
            return None  # a table read with its cells (PDF): the column reader takes it
        j += 1
    if j >= len(body) or not _TEXT_ROW.match(body[j].text.strip()):
        return None
    current: list[str] | None = None
    start: Line | None = None
    blanks = 0
    while j < len(body):
        text = body[j].text.strip()
        if not text:
            blanks += 1
            if blanks > 1:
                break
            j += 1
            continue
        blanks = 0
        m = _TEXT_ROW.match(text)
        if m:
            if current is not None and start is not None:
                rows.append(_text_row(current, start))
            current, start = [text], body[j]
        elif current is not None:
            current.append(text)
        j += 1
    if current is not None and start is not None:
        rows.append(_text_row(current, start))
    return j


def _text_row(lines: list[str], line: Line) -> ActionRow:
    text = " ".join(lines)
    m = _TEXT_ROW.match(text)
    assert m is not None
    rest = m["rest"].strip()
    status_text = None
    sm = _TRAILING_STATUS.search(rest)
    if sm:
        status_text, rest = sm["status"], rest[: sm.start()].rstrip()
    owner = None
    tail = max(0, len(rest) - _OWNER_TAIL)
    om = _TRAILING_OWNER.search(rest, tail)
    if om and len(rest[: om.start()].split()) >= 2:
        owner, rest = om["owner"].strip(" /,&"), rest[: om.start()].rstrip()
    return ActionRow(
        ref=m["ref"].rstrip(".)"), text=rest, owner=owner, status=status_of(status_text), status_text=status_text,
        due=None, page=line.page, lineno=line.lineno, kind=kind_of(status_text),
    )


def _is_legend(text: str) -> bool:
    t = text.strip()
    return bool(
        ACTION_LIST_HEADING.match(t)
        or re.search(r"\bO\s*=\s*open\b|\bG\s*=\s*(?:af)?gesloten\b", t, re.I)
        or re.fullmatch(r"actiepunt(?:en)?(?:\s+O\s*=.*)?", t, re.I)
    )


def _read_table(body: list[Line], i: int, kinds: list[tuple[float, str, str]], rows: list[ActionRow]) -> int:
    xs = [x for x, _, _ in kinds]
    status_head = next((h for _, k, h in kinds if k == "status"), "")
    # a row starts where its number is; without a number column, where the first column has text
    key = "ref" if any(k == "ref" for _, k, _ in kinds) else kinds[0][1]

    def column(x: float) -> str | None:
        # a cell belongs to the column whose head it is nearest to, if it starts no further left
        # than a little before that head
        best = nearest_column(x, xs, before=25, after=60)
        return None if best is None else kinds[best][1]

    current: dict[str, list[str]] | None = None
    start: Line | None = None
    blanks = 0
    while i < len(body):
        line = body[i]
        if not line.text:
            blanks += 1
            if blanks > 1:
                break
            i += 1
            continue
        if len(line.cells) >= 3 and _head_kinds(line) is not None:
            i += 1  # the head repeated at the top of the next page: the table carries on
            continue
        cells = line_cells(line)
        placed = [(column(x), t) for x, t in cells]
        if any(c is None for c, _ in placed):
            break
        blanks = 0
        by_kind: dict[str, str] = {}
        for c, t in placed:
            by_kind[c] = f"{by_kind[c]} {t}" if c in by_kind else t  # type: ignore[index]
        opener = by_kind.get(key, "").strip()
        if opener and (key != "ref" or _REF.match(opener)):
            if current is not None and start is not None:
                rows.append(_row(current, start, status_head))
            current = {k: [v] for k, v in by_kind.items()}
            start = line
        elif current is None:
            # the rest of the head ("G" under "O/"): nothing to keep
            pass
        else:
            for k, v in by_kind.items():
                current.setdefault(k, []).append(v)
        i += 1
    if current is not None and start is not None:
        rows.append(_row(current, start, status_head))
    return i


def _row(cells: dict[str, list[str]], line: Line, status_head: str = "") -> ActionRow:
    def joined(kind: str) -> str | None:
        parts = [p.strip() for p in cells.get(kind, []) if p.strip()]
        text = " ".join(parts)
        return re.sub(r"(\w)- (\w)", r"\1\2", text) or None

    status_text = joined("status")
    return ActionRow(
        ref=(joined("ref") or "").strip(),
        text=joined("text") or "",
        owner=joined("owner"),
        status=status_of(status_text, status_head),
        status_text=status_text,
        due=joined("due"),
        page=line.page,
        lineno=line.lineno,
        kind=kind_of(status_text),
    )
