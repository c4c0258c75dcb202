"""What was read, cut to one part's pages; and the warning that a file holds several documents."""

from __future__ import annotations

import bisect
import itertools
import re

from ..models import DocWarning
from ..read.text import ReadResult, text_layer_of
from .pages import PagePart

_PAGE_IN_WARNING = re.compile(r"\bpage (\d+)\b")


def in_page_order(read: ReadResult) -> bool:
    """Whether every line has a page and the lines come in page order (as both readers give them)."""
    return all(a.page is not None and b.page is not None and a.page <= b.page for a, b in itertools.pairwise(read.lines))


def part_of(read: ReadResult, span: PagePart, ordered: bool | None = None) -> ReadResult:
    """What was read of the pages of one part: its lines, side column, redaction boxes and page warnings."""

    def inside(page: int | None) -> bool:
        return page is not None and span.first <= page <= span.last

    warnings = []
    for code, message in read.warnings or []:
        m = _PAGE_IN_WARNING.search(message)
        if m is None or inside(int(m.group(1))):
            warnings.append((code, message))
    boxes = read.redaction_boxes if read.box_pages is None else sum(1 for p in read.box_pages if inside(p))
    # lines come in page order: the part's lines are one slice
    lo = bisect.bisect_left(read.lines, span.first, key=lambda ln: ln.page or 0)
    hi = bisect.bisect_right(read.lines, span.last, key=lambda ln: ln.page or 0)
    if ordered is None:
        ordered = in_page_order(read)
    layers = None if read.page_layers is None else read.page_layers[span.first - 1 : span.last]
    return ReadResult(
        lines=read.lines[lo:hi] if ordered else [ln for ln in read.lines if inside(ln.page)],
        format=read.format,
        pages=read.pages,
        encoding=read.encoding,
        warnings=warnings,
        side=[ln for ln in read.side or [] if inside(ln.page)],
        redaction_boxes=boxes,
        box_pages=[p for p in read.box_pages or [] if inside(p)],
        page_layers=layers,
        text_layer=read.text_layer if layers is None else text_layer_of(layers),
    )


def _range(p: PagePart) -> str:
    return str(p.first) if p.first == p.last else f"{p.first}-{p.last}"


def several_parts(parts: list[PagePart]) -> list[DocWarning]:
    """A warning when a file extracted as one document holds several (none for one part)."""
    if len(parts) <= 1:
        return []
    ranges = ", ".join(_range(p) for p in parts)
    return [
        DocWarning(
            code="several_parts",
            message=f"the file holds {len(parts)} documents (pages {ranges}); extract_parts() gives one output each",
        )
    ]
