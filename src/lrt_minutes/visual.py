"""What lrt saw on a PDF page, drawn over the page with pdfplumber's visual debugging (`lrt inspect`).

Text is read with pypdfium2 as `read.pdf` does (same segments, same column boundary, same
redaction boxes); pdfplumber only renders the page and draws on it, which is what it is
best at. Each line is given the role the next stages give it: the side column read apart,
page furniture taken out, an agenda heading, a bullet, table cells, body text.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .clean.lines import DATUM_INLINE, DATUM_LABEL, KENMERK, PAGE_FOOTER, PAGE_NUMBER, SENDER_LINES, bullet_kind
from .errors import InputError
from .read.pdf import Segment, column_boundary, is_side, open_pdf, page_segments, redaction_boxes
from .structure.agenda import parse_heading

# role -> (stroke, fill) as RGBA
STYLE: dict[str, tuple[tuple[int, int, int, int], tuple[int, int, int, int]]] = {
    "side column": ((30, 90, 220, 255), (30, 90, 220, 40)),
    "furniture": ((220, 30, 30, 255), (220, 30, 30, 60)),
    "heading": ((20, 150, 40, 255), (20, 150, 40, 60)),
    "bullet": ((240, 140, 0, 255), (240, 140, 0, 40)),
    "table row": ((150, 40, 180, 255), (150, 40, 180, 30)),
    "body": ((120, 120, 120, 200), (0, 0, 0, 0)),
    "redaction box": ((255, 0, 255, 255), (255, 0, 255, 90)),
}


@dataclass(frozen=True, slots=True)
class PageView:
    """One page as lrt reads it: its lines with their roles, the column boundary, the redaction boxes."""

    page: int
    pages: int
    width: float
    height: float
    boundary: float | None
    lines: list[tuple[str, Segment]]
    """(role, segment) of every text line, top to bottom."""
    redactions: list[tuple[float, float, float, float]]

    def counts(self) -> dict[str, int]:
        """How many lines have each role, and how many redaction boxes there are."""
        c = Counter(role for role, _ in self.lines)
        if self.redactions:
            c["redaction box"] = len(self.redactions)
        return dict(sorted(c.items()))


def role(s: Segment, boundary: float | None) -> str:
    """The part a text line plays for lrt."""
    text = s.text
    if boundary is not None and is_side(s, boundary):
        return "side column"
    if (
        PAGE_FOOTER.search(text)
        or PAGE_NUMBER.match(text)
        or DATUM_LABEL.match(text)
        or DATUM_INLINE.match(text)
        or KENMERK.match(text)
        or any(p.match(text) for p in SENDER_LINES)
    ):
        return "furniture"
    if parse_heading(text) is not None and not bullet_kind(text):
        return "heading"
    if bullet_kind(text):
        return "bullet"
    if len(s.cells) > 1:
        return "table row"
    return "body"


def view_page(data: bytes, number: int, password: str | None = None) -> PageView:
    """Read page `number` (1-based) of a PDF as lrt does; the column boundary comes from all pages."""
    import pypdfium2 as pdfium

    pdf = open_pdf(data, password)
    try:
        total = len(pdf)
        if not 1 <= number <= total:
            raise InputError(f"the PDF has {total} page(s); there is no page {number}")
        pages: list[list[Segment]] = []
        width = width_n = height = 0.0
        boxes: list[tuple[float, float, float, float]] = []
        for index in range(total):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                pages.append(page_segments(textpage))
                if index == 0:
                    width = page.get_width()
                if index == number - 1:
                    width_n, height = page.get_width(), page.get_height()
                    boxes = redaction_boxes(page)
            except pdfium.PdfiumError:
                pages.append([])
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    boundary = column_boundary(pages, width)
    segs = sorted(pages[number - 1], key=lambda s: (-s.y1, s.x0))
    return PageView(number, total, width_n, height, boundary, [(role(s, boundary), s) for s in segs], boxes)


def draw(data: bytes, view: PageView, out: Path, resolution: int = 100, password: str | None = None) -> None:
    """Draw the page with what lrt saw on it into a PNG file."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
        page = pdf.pages[view.page - 1]
        image = page.to_image(resolution=resolution)
        top_of = page.height  # pdfplumber measures from the top, PDFium from the bottom

        def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
            return (x0, top_of - y1, x1, top_of - y0)

        for kind, s in view.lines:
            stroke, fill = STYLE[kind]
            image.draw_rect(box(s.x0, s.y0, s.x1, s.y1), fill=fill, stroke=stroke, stroke_width=2 if kind == "heading" else 1)
            for x, _ in s.cells[1:]:  # where a table row is cut into cells
                image.draw_line([(x - 1, top_of - s.y1), (x - 1, top_of - s.y0)], stroke=STYLE["table row"][0], stroke_width=2)
        for r in view.redactions:
            stroke, fill = STYLE["redaction box"]
            image.draw_rect(box(*r), fill=fill, stroke=stroke, stroke_width=2)
        if view.boundary is not None:
            image.draw_vline(view.boundary - 3, stroke=STYLE["side column"][0], stroke_width=2)
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(out, format="PNG")
