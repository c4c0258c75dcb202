"""The structure stage as one step: cleaned lines in, a typed `StructuredDocument` out.

The tag stage reads this document (points, action-list rows, participants, the meeting
date that deadlines resolve against) and returns tags addressed by `PointKey`; the output
model is built once from both (`assemble`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..clean.lines import CleanResult
from ..models import DocWarning, Meeting, Participant, Substitution
from ..read.text import Line
from .actions import ActionRow, take_action_tables
from .agenda import RawItem, RawPoint, find_items, parse_points
from .agenda_table import take_side_column
from .header import header_end, parse_header
from .meeting import date_from_opening, settle_meeting
from .redactions import count_redactions
from .substitutions import find_substitutions

PointKey = tuple[int, ...]
"""Where a point is: (item index, point index), then a child's index for each level below."""


@dataclass(frozen=True, slots=True)
class StructuredDocument:
    """What the structure stage found: the header, the agenda items with their points and action-list rows."""

    meeting: Meeting
    attendees: list[Participant]
    absentees: list[Participant]
    members: list[Participant]
    items: list[RawItem]
    action_rows: list[list[ActionRow]]
    """Per item (same order as `items`): the rows of its action-list tables, taken out of its body."""
    substitutions: list[Substitution]
    redactions: int
    warnings: list[DocWarning]
    page_total: int | None
    """The "Pagina N van M" total of the page footers, if any."""

    def points(self) -> Iterator[tuple[PointKey, RawPoint]]:
        """Every point (children after their parent), in document order, with its key."""

        def walk(points: list[RawPoint], key: PointKey) -> Iterator[tuple[PointKey, RawPoint]]:
            for j, p in enumerate(points):
                yield (*key, j), p
                yield from walk(p.children, (*key, j))

        for i, item in enumerate(self.items):
            yield from walk(item.points, (i,))


def structure(
    cleaned: CleanResult,
    side: CleanResult | None = None,
    *,
    paragraph_breaks: bool = False,
    redaction_boxes: int = 0,
    opening: tuple[str, Line] | None = None,
) -> StructuredDocument:
    """Header, agenda items, points and action-list rows of cleaned lines.

    `side`: the cleaned side column of a PDF (its Datum / Kenmerk). `paragraph_breaks`: blank
    lines mark paragraphs (PDF). `redaction_boxes`: dark boxes the PDF reader counted.
    `opening`: the date of the document's opening title block and its line, if it has one
    (the meeting's date when no other source gives one).
    """
    header_lines, items = find_items(cleaned.lines, paragraph_breaks=paragraph_breaks)
    take_side_column(header_lines, items)
    no_items = not items
    if no_items:
        # no item found: the body still comes out, as one item without number or title holding every point
        end = header_end(header_lines)
        rest = header_lines[end:]
        header_lines = header_lines[:end]
        first = next((ln for ln in rest if ln.text), None)
        if first is not None:
            items = [RawItem([], [], first.page, first.lineno, body=rest, numbered=False)]
    header = parse_header(header_lines)
    action_rows = []
    for item in items:
        item.body, rows = take_action_tables(item.body)
        action_rows.append(rows)
        parse_points(item)
        # the body's lines are let go once its points are made: nothing after this reads them, and
        # a long document's lines (every line of every page) are not held while it is tagged
        item.body = []
    body_start = items[0].lineno if items and not no_items else None
    meeting = settle_meeting(header, cleaned, side, body_start)

    warnings: list[DocWarning] = []
    if not header.found:
        warnings.append(
            DocWarning(
                code="no_header",
                message="no header block (Vergaderdatum, Aanwezig, ...) before the first agenda item; "
                "meeting fields are null",
            )
        )
    if no_items:
        warnings.append(
            DocWarning(code="no_agenda_items", message="no agenda items found: the body is one item without number or title")
        )
    warnings.extend(DocWarning(code=c, message=m, line=ln) for c, m, ln in header.warnings)
    for f in cleaned.furniture:
        if body_start is not None and f.lineno > body_start:
            warnings.append(
                DocWarning(
                    code="page_furniture",
                    message=f"page furniture removed from the body at line {f.lineno}: {f.text!r}",
                    line=f.lineno,
                )
            )
    for item in items:
        if not any(item.titles) and item.numbers:
            warnings.append(DocWarning(code="empty_title", message=f"agenda item {item.number} has no title"))

    meeting, dated = date_from_opening(meeting, opening)
    warnings.extend(dated)

    substitutions = [Substitution.model_validate(s) for s in find_substitutions(items)]
    point_texts = [p.text for item in items for p in item.points] + [r.text for rows in action_rows for r in rows]
    redactions = count_redactions(header.attendees + header.absentees, substitutions, point_texts, redaction_boxes)
    return StructuredDocument(
        meeting=meeting,
        attendees=header.attendees,
        absentees=header.absentees,
        members=header.members,
        items=items,
        action_rows=action_rows,
        substitutions=substitutions,
        redactions=redactions,
        warnings=warnings,
        page_total=cleaned.page_total,
    )
