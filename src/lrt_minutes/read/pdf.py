"""Read, PDF part: pages into lines by geometry, with the side column kept apart.

pypdfium2 gives each page's text as segments (runs of text on one line) with their boxes.
Segments are put into rows by their vertical position and rows are read top to bottom, so
a header table drawn after the body in the content stream still comes first, and table
cells on one row stay on one line in left-to-right order. The Dutch government letter
template has a narrow right-hand column (sender, Datum, Kenmerk, "Pagina N van M"): its
left edge is found per document from where segments start (see `column_boundary`), and its
lines are returned apart, for the metadata, never mixed into the body. A vertical gap
larger than a line's height becomes a blank line, as a paragraph break in a text file.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..dutch.vocabulary import TEMPLATE_LABEL, WOO_GROUND
from ..errors import DamagedPdf, EncryptedPdf, NoTextLayer
from .text import Line, ReadResult


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text on one line of a page, with its box in PDF points (origin bottom left)."""

    x0: float
    x1: float
    y0: float
    y1: float
    text: str
    cells: tuple[tuple[float, str], ...] = ()
    """The text cut at wide gaps (table columns), each piece with its left edge; () when there are none."""

    @property
    def mid(self) -> float:
        return (self.y0 + self.y1) / 2


def open_pdf(data: bytes, password: str | None = None) -> pdfium.PdfDocument:
    """Open PDF bytes, mapping PDFium's failures to the library's errors."""
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        message = str(e)
        if "password" in message.lower():
            if password:
                raise EncryptedPdf("the PDF is encrypted and the password given does not open it") from e
            raise EncryptedPdf("the PDF is encrypted: give its password (LRT_PASSWORD, --password-file or --password)") from e
        raise DamagedPdf(f"the PDF cannot be opened ({message.split('(')[-1].rstrip(').') or message})") from e


def _clean_text(text: str) -> str:
    return text.replace("\x00", "").replace("\ufffe", "").replace("\x02", "-").replace("\r", " ").replace("\n", " ")


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


class _Boxes:
    """Character boxes of a text page through PDFium's C API (about 0.7 µs a character)."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.raw = textpage.raw
        self.b = [ctypes.c_double() for _ in range(4)]

    def box(self, i: int) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of character i."""
        left, right, bottom, top = self.b
        pdfium_c.FPDFText_GetCharBox(self.raw, i, left, right, bottom, top)
        return left.value, bottom.value, right.value, top.value

    def gaps(self, pairs: list[tuple[int, int]]) -> list[tuple[float, float]]:
        """(right edge of character a, left edge of character b) for each pair, in one loop over the C API."""
        get, raw = pdfium_c.FPDFText_GetCharBox, self.raw
        left, right, bottom, top = self.b
        out: list[tuple[float, float]] = []
        for a, b in pairs:
            get(raw, a, left, right, bottom, top)
            edge = right.value
            get(raw, b, left, right, bottom, top)
            out.append((edge, left.value))
        return out


_SPACES = re.compile(r" +")


def page_segments(textpage: pdfium.PdfTextPage) -> list[Segment]:
    """The page's text lines as PDFium puts them together, each with its box and table cells.

    The text comes from one `get_text_range` call (whose characters are the text page's
    characters, one for one); a line's box comes from its first and last visible
    characters, and cells from the gaps at its spaces: a few box look-ups per line, not
    one per character.
    """
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP (rare): the offsets would not line up
        return _segments_by_rects(textpage)
    boxes = _Boxes(textpage)
    out: list[Segment] = []
    start = 0
    for m in [*_LINE_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        line = text[start:end]
        first = len(line) - len(line.lstrip())
        last = len(line.rstrip()) - 1
        if last >= first:
            x0, y0, _, y1 = boxes.box(start + first)
            _, b1, x1, t1 = boxes.box(start + last)
            y0, y1 = min(y0, b1), max(y1, t1)
            cells = tuple((x, _undouble(t)) for x, t in _cells(line, start, first, last, y1 - y0, boxes))
            out.append(Segment(x0, max(x1, x0), y0, y1, _undouble(_clean_text(line.strip())), cells))
        start = m.end() if m else len(text)
    return out


def _cells(line: str, offset: int, first: int, last: int, height: float, boxes: _Boxes) -> tuple[tuple[float, str], ...]:
    """Cut a line where a run of spaces spans more than a line's height: a gap between table columns."""
    runs = [(m.start(), m.end()) for m in _SPACES.finditer(line, first, last + 1)]
    if not runs:
        return ()
    wide = max(1.2 * height, 6.0)
    edges = boxes.gaps([(offset + a - 1, offset + b) for a, b in runs])
    cuts = [(a, b, x_right) for (a, b), (x_left, x_right) in zip(runs, edges, strict=True) if x_right - x_left > wide]
    if not cuts:
        return ()
    cells: list[tuple[float, str]] = []
    pos, x = first, boxes.box(offset + first)[0]
    for a, b, next_x in cuts:
        cells.append((round(x, 1), _clean_text(line[pos:a]).strip()))
        pos, x = b, next_x
    cells.append((round(x, 1), _clean_text(line[pos : last + 1]).strip()))
    return tuple(cells)


def _z_array(s: str) -> list[int]:
    """z[i]: the length of the longest common prefix of s and s[i:] (linear time)."""
    n = len(s)
    z = [0] * n
    if n:
        z[0] = n
    left = right = 0
    for i in range(1, n):
        k = min(right - i, z[i - left]) if i < right else 0
        while i + k < n and s[k] == s[i + k]:
            k += 1
        z[i] = k
        if i + k > right:
            left, right = i, i + k
    return z


def _doubled_tail(text: str) -> int:
    """The length of the longest `a` (8 or more characters, not starting with a space) with
    text == head + a + " " + a, or 0. Linear: `a` reversed is a prefix of the reversed text
    that occurs again after one space (a back-reference regex is cubic on "a a a …")."""
    n = len(text)
    if n < 17 or "\n" in text:
        return 0
    r = text[::-1]
    z = _z_array(r)
    for k in range((n - 1) // 2, 7, -1):
        if r[k] == " " and z[k + 1] >= k and not r[k - 1].isspace():
            return k
    return 0


# ------------------------------------------------------------------ redaction boxes

MAX_BOX_LUMA = 140
"""Filled rectangles darker than this (0-255) are redaction boxes: black, or the grey of Woo tools."""


def redaction_boxes(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Dark filled boxes of a text line's height on a page (also inside form XObjects), in page space.

    Flattened redactions are such boxes, often in a form XObject with the ground ("10.2.e")
    printed on them; table shading is lighter and rules are thinner, so neither counts.
    """
    boxes: list[tuple[float, float, float, float]] = []
    raw = page.raw
    stack: list[tuple[object, int, tuple[float, ...]]] = []
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        stack.append((pdfium_c.FPDFPage_GetObject(raw, i), 0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    while stack:
        obj, depth, m = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
            if pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                inner = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                composed = _compose(inner, m)
                for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                    stack.append((pdfium_c.FPDFFormObj_GetObject(obj, k), depth + 1, composed))
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or not fill.value:
            continue
        if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a) or a.value < 128:
            continue
        if 0.299 * r.value + 0.587 * g.value + 0.114 * b.value > MAX_BOX_LUMA:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0 = _apply(m, left.value, bottom.value)
        x1, y1 = _apply(m, right.value, top.value)
        x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        if 5 <= y1 - y0 <= 30 and x1 - x0 >= 8 and x1 - x0 <= 400:
            boxes.append((x0, y0, x1, y1))
    return sorted(boxes, key=lambda bx: (-bx[3], bx[0]))


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix that applies `inner`, then `outer` (PDF's a b c d e f)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2,
    )  # fmt: skip


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _undouble(text: str) -> str:
    """Text drawn twice (bold by overprinting): "4. A A" or "VVeerrssllaagg" comes out once."""
    if len(text) >= 8 and len(text) % 2 == 0 and text[0::2] == text[1::2] and any(c.isalpha() for c in text):
        return text[0::2]
    k = _doubled_tail(text)
    return text[: len(text) - k - 1] if k else text


def _segments_by_rects(textpage: pdfium.PdfTextPage) -> list[Segment]:
    out: list[Segment] = []
    for i in range(textpage.count_rects()):
        x0, y0, x1, y1 = textpage.get_rect(i)
        text = _clean_text(textpage.get_text_bounded(x0, y0, x1, y1))
        if text.strip():
            out.append(Segment(x0, x1, y0, y1, text))
    return out


# words that only the letter template's side column carries
SIDE_LABEL = TEMPLATE_LABEL


def column_boundary(pages: list[list[Segment]], width: float) -> float | None:
    """The left edge of the template's side column, from where lines start; None if there is none.

    The side column's lines start at one x (within a few points) in the right part of the
    page, on several lines, at least one of them a template label ("Datum", "Kenmerk",
    "Pagina 1 van 3", ...), and no body line on the same height runs across that x.
    """
    starts = Counter(round(s.x0) for page in pages for s in page if s.x0 > 0.55 * width)
    for x in sorted(starts):
        aligned = [(i, s) for i, page in enumerate(pages) for s in page if abs(s.x0 - x) <= 3]
        if len(aligned) < 3 or not any(SIDE_LABEL.match(s.text) for _, s in aligned):
            continue
        crossing = 0
        for i, a in aligned:
            crossing += any(
                s.x0 < x - 20 and s.x1 > x + 2 and min(s.y1, a.y1) - max(s.y0, a.y0) > 0 for s in pages[i]
            )
        if crossing <= max(1, len(aligned) // 10):
            return float(x)
    return None


def is_side(s: Segment, boundary: float) -> bool:
    """A line of the side column: it starts where the column does (a table cell further right does not)."""
    return boundary - 3 <= s.x0 <= boundary + 9


def _rows(segs: list[Segment]) -> list[list[Segment]]:
    """Segments grouped into rows (top to bottom), each row left to right.

    A segment joins the row above it when their vertical extents overlap by at least half
    the smaller height, so a bullet or hyphen drawn a little higher stays on its line.
    """
    rows: list[list[Segment]] = []
    bottom = top = 0.0
    for s in sorted(segs, key=lambda s: (-s.mid, s.x0)):
        if rows:
            overlap = min(top, s.y1) - max(bottom, s.y0)
            if overlap >= 0.5 * max(min(top - bottom, s.y1 - s.y0), 0.1):
                rows[-1].append(s)
                bottom, top = min(bottom, s.y0), max(top, s.y1)
                continue
        rows.append([s])
        bottom, top = s.y0, s.y1
    return [sorted(r, key=lambda s: s.x0) for r in rows]


def _row_text(row: list[Segment]) -> str:
    """A row's text: segments joined, with a space where they neither touch nor carry one."""
    parts: list[str] = []
    prev: Segment | None = None
    for s in row:
        if prev is not None:
            gap = s.x0 - prev.x1
            height = max(prev.y1 - prev.y0, s.y1 - s.y0, 1.0)
            dash = prev.text.strip() in DASHES or s.text.strip() in DASHES
            if gap > (0.6 if dash else 0.3) * height and not parts[-1].endswith(" ") and not s.text.startswith(" "):
                parts.append(" ")
        parts.append(s.text)
        prev = s
    return "".join(parts).rstrip()


DASHES = {"-", "–", "/"}


def _page_lines(segs: list[Segment], page: int) -> list[tuple[str, int, float, tuple[tuple[float, str], ...]]]:
    """(text, page, indent, cells) of each row; a blank line where rows are further apart than usual (a paragraph break)."""
    rows = _rows(segs)
    if not rows:
        return []
    tops = [max(s.y1 for s in r) for r in rows]
    pitches = [a - b for a, b in itertools.pairwise(tops) if a - b > 0]
    pitch = statistics.median(pitches) if pitches else 0.0
    out: list[tuple[str, int, float, tuple[tuple[float, str], ...]]] = []
    for k, row in enumerate(rows):
        if k and pitch and tops[k - 1] - tops[k] > 1.45 * pitch:
            out.append(("", page, 0.0, ()))
        cells = tuple(c for s in row for c in (s.cells or ((round(s.x0, 1), s.text),)))
        out.append((_row_text(row), page, round(row[0].x0, 1), cells if len(cells) > 1 else ()))
    return out


def read_pdf(data: bytes, password: str | None = None) -> ReadResult:
    """Lines of every page; damaged pages are skipped with a warning, a PDF without text is an error."""
    pdf = open_pdf(data, password)
    warnings: list[tuple[str, str]] = []
    pages: list[list[Segment]] = []
    chars = 0
    width = 595.0
    boxes = 0
    box_pages: list[int] = []
    covered: list[tuple[int, str]] = []  # (page, text) that lies under a redaction box
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise DamagedPdf("the PDF has no pages")
        for index in range(n_pages):
            segs: list[Segment] = []
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                warnings.append(("damaged_page", f"page {index + 1} could not be read and was skipped"))
                pages.append(segs)
                continue
            textpage = None
            try:
                if index == 0:
                    width = page.get_width()
                textpage = page.get_textpage()
                chars += textpage.count_chars()
                segs = page_segments(textpage)
                for box in redaction_boxes(page):
                    boxes += 1
                    box_pages.append(index + 1)
                    under = " ".join(textpage.get_text_bounded(*box).split())
                    if re.search(r"[^\W\d_]{2}", WOO_GROUND.sub("", under)):
                        covered.append((index + 1, under))
            except pdfium.PdfiumError:
                warnings.append(("damaged_page", f"page {index + 1}: its text could not be read"))
            finally:
                if textpage is not None:
                    textpage.close()
                page.close()
            if not segs:
                warnings.append(("empty_page", f"page {index + 1} has no text"))
            pages.append(segs)
    finally:
        with contextlib.suppress(Exception):
            pdf.close()
    if chars == 0:
        raise NoTextLayer(f"the PDF has {n_pages} page(s) but no text layer: it needs OCR first")

    boundary = column_boundary(pages, width)
    lines: list[Line] = []
    side: list[Line] = []
    lineno = 0
    for number, segs in enumerate(pages, start=1):
        main = segs if boundary is None else [s for s in segs if not is_side(s, boundary)]
        aside = [] if boundary is None else [s for s in segs if is_side(s, boundary)]
        for text, page, indent, cells in _page_lines(main, number):
            lineno += 1
            lines.append(Line(text, page, lineno, indent, cells))
        for text, page, indent, _ in _page_lines(aside, number):
            if text:
                side.append(Line(text, page, 0, indent))
    if covered:
        lines = _black_out(lines, covered, warnings)
    return ReadResult(
        lines=lines, format="pdf", pages=n_pages, warnings=warnings, side=side, redaction_boxes=boxes, box_pages=box_pages
    )


def _black_out(lines: list[Line], covered: list[tuple[int, str]], warnings: list[tuple[str, str]]) -> list[Line]:
    """Text still in the text layer under a redaction box: never passed on, and said so."""
    out = list(lines)
    for page, text in covered:
        words = WOO_GROUND.sub("", text).strip()
        warnings.append(
            ("text_under_redaction", f"page {page}: a redaction box covers text that is still in the PDF; it was left out")
        )
        for k, ln in enumerate(out):
            if ln.page == page and words and words in ln.text:
                out[k] = Line(ln.text.replace(words, "█"), ln.page, ln.lineno, ln.indent, ln.cells and tuple(
                    (x, t.replace(words, "█")) for x, t in ln.cells))
    return out
