"""Table cells to columns: the one rule that header tables and action-list tables share.

A PDF line read with its cells (`Line.cells`) holds each cell's left edge. A cell belongs to
the column whose head's left edge is nearest, if it starts no more than `before` points to
the left of that head and no more than `after` points to the right of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..read.text import Line


def nearest_column(x: float, heads: Sequence[float], *, before: float, after: float) -> int | None:
    """Index of the column (by its head's left edge in `heads`) that a cell starting at `x` stands under, or None."""
    best = min(range(len(heads)), key=lambda i: abs(heads[i] - x))
    return best if -before <= x - heads[best] <= after else None


def line_cells(line: Line) -> tuple[tuple[float, str], ...]:
    """A line's cells; a line read without cells is one cell at its indent (-1 when unknown)."""
    return line.cells or ((line.indent if line.indent is not None else -1.0, line.text),)
