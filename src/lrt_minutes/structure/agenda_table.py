"""Structure: the right-hand column of a table agenda, read as its own cell per item.

A table agenda ("Nr. | Onderwerp | Toelichting", or "... | Besluit") prints the item's purpose
or its decision in a narrow column right of the discussion: "Ter kennisname", or "Besluit:"
over a few bullets. Read as rows, that column's lines are interleaved with the discussion's
("... wordt - Bandbreedte", "opgenomen in de afspraken. opnemen in"). When at least two item
headings read as table rows (number | title | ...) end in a cell at the same position far right
of the title, that position is the column: every cell of the items' bodies that starts there
is taken out of the discussion and read on its own. The column's text becomes the item's last
points: a label line ("Besluit:") over bullets gives one point per bullet, carrying the label
("Besluit: <bullet>"), so that the tagger sees each as the decision it is; text without
bullets is one point. The points carry the column's head ("Toelichting") as their section
when the table's head row names it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..clean.lines import bullet_kind, join_lines, normalise_bullet, normalise_spaces, strip_bullet
from ..read.text import Line
from .agenda import RawItem, RawPoint
from .header import is_table_head

COLUMN_SLACK = 6.0
"""A cell belongs to the column when it starts at most this many points left of the column's edge."""

MIN_COLUMN_GAP = 150.0
"""The column starts at least this far right of the title cell (a narrow column beside the text)."""

# a label that heads the column's bullets: "Besluit:", "Besluiten:", "Actie:", "Afspraken:"
_LABEL = re.compile(r"^(?P<label>[^\W\d_][\w ]{0,24}):$")


def _column_edge(items: list[RawItem]) -> float | None:
    """The left edge of the column: where the third cell of at least two heading rows (number | title | cell,
    a redaction box aside) starts, far right of the title; only in an agenda that opens at item 0 or 1 (a
    numbered action table that goes on from an earlier one is not an agenda)."""
    if not items or not items[0].numbers or items[0].numbers[0] > 1:
        return None
    xs: list[float] = []
    for item in items:
        cells = [c for c in item.row_cells if c[1].strip("█ ")]
        if len(cells) == 3 and cells[2][0] - cells[1][0] >= MIN_COLUMN_GAP:
            xs.append(cells[2][0])
    xs.sort()
    for k, x in enumerate(xs):
        if sum(1 for y in xs[k:] if y - x <= 2 * COLUMN_SLACK) >= 2:
            return x
    return None


def _head_name(header: list[Line], edge: float) -> str | None:
    """The name of the column in the table's head row ("Toelichting"), when the header has one."""
    for line in reversed(header):
        # the head's words may be read as one cell where the columns stand close ("Nr. Onderwerp")
        if line.text and line.cells and (is_table_head(line) or is_table_head(replace(line, cells=()))):
            named = [t.strip(" :") for x, t in line.cells if x >= edge - 4 * COLUMN_SLACK]
            return named[-1] if named else None
    return None


def _cell_text(cells: list[str]) -> str:
    """Cells joined as the cleaned text of a line is (spaces squeezed, a bullet glyph normalised)."""
    return normalise_bullet(normalise_spaces(" ".join(t.strip() for t in cells)))


def _split(line: Line, edge: float) -> tuple[Line | None, str | None]:
    """A body line cut into its discussion part and its column part (either may be None)."""
    start = edge - COLUMN_SLACK
    if not line.cells:
        if line.text and line.indent is not None and line.indent >= start:
            return None, line.text
        return line, None
    left = [(x, t) for x, t in line.cells if x < start]
    right = [t for x, t in line.cells if x >= start]
    if not right:
        return line, None
    column = _cell_text(right)
    if not left:
        return None, column
    text = _cell_text([t for _, t in left])
    return replace(line, text=text, cells=tuple(left) if len(left) > 1 else (), indent=left[0][0]), column


def _column_points(texts: list[tuple[str, Line]], section: str | None) -> list[RawPoint]:
    """The column's lines as points: a label over bullets gives "Label: bullet" per bullet; else one point per entry."""
    label: str | None = None
    entries: list[tuple[list[str], Line]] = []
    for text, line in texts:
        m = _LABEL.match(text.strip())
        if m and not entries:
            label = m["label"]
        elif bullet_kind(text):
            entries.append(([strip_bullet(text)], line))
        elif entries:
            entries[-1][0].append(text)
        else:
            entries.append(([text], line))
    points: list[RawPoint] = []
    for parts, line in entries:
        text = join_lines(parts)
        if label:
            text = f"{label}: {text}"
        points.append(RawPoint([text], line.page, line.lineno, section))
    if label and not entries:  # a label with nothing under it stays as written
        first = texts[0][1]
        points.append(RawPoint([f"{label}:"], first.page, first.lineno, section))
    return points


def take_side_column(header: list[Line], items: list[RawItem]) -> None:
    """Take a table agenda's right-hand column out of the items' bodies; its text becomes each item's last points
    (in `RawItem.column_points`, added after the body's points by the caller)."""
    edge = _column_edge(items)
    if edge is None:
        return
    section = _head_name(header, edge)
    for item in items:
        texts: list[tuple[str, Line]] = []
        head_cells = [t for x, t in item.row_cells[2:] if x >= edge - COLUMN_SLACK]
        if head_cells:
            first = Line(_cell_text(head_cells), item.page, item.lineno, indent=edge)
            texts.append((first.text, first))
        body: list[Line] = []
        for line in item.body:
            kept, column = _split(line, edge)
            if kept is not None:
                body.append(kept)
            if column:
                texts.append((column, line))
        item.body = body
        if texts:
            item.column_points = _column_points(texts, section)
