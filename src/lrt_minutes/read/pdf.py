"""Read, PDF part: pages into lines by geometry, with the side column kept apart.

pypdfium2 gives each page's text as segments (runs of text on one line) with their boxes.
Segments are put into rows by their vertical position and rows are read top to bottom, so
a header table drawn after the body in the content stream still comes first, and table
cells on one row stay on one line in left-to-right order. The Dutch government letter
template has a narrow right-hand column (sender, Datum, Kenmerk, "Pagina N van M"): its
left edge is found per document from where segments start (see `column_boundary`), and its
lines are returned apart, for the metadata, never mixed into the body. A vertical gap
larger than a line's height becomes a blank line, as a paragraph break in a text file.
Redaction boxes are found by `drawn_redaction` (vector paths, and the text under them kept
out) and `redaction` (page images); pages without a text layer go to `ocr`.

About 500 lines: segments, rows, cells, overprinted text, the side column and the page loop
(its limits, damaged pages, which pages need OCR and the warnings about text layers) are
one reading pass over the same geometry. The page loop (`read_pdf` onwards) is the next cut.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..dutch.vocabulary import TEMPLATE_LABEL, WOO_GROUND
from ..errors import DamagedPdf, EncryptedPdf, NoTextLayer, OcrNotAvailable, TooLarge
from ..limits import MAX_PAGES
from . import capi
from .drawn_redaction import black_out, has_words, redaction_boxes
from .redaction import find_boxes
from .text import Line, ReadResult, text_layer_of


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
    bold: bool = False
    """Printed in a bold font (its weight, or its name, says so; or overprinted)."""
    size: float = 0.0
    """Type size in points (0 when unknown)."""
    flat: bool = False
    """Its glyph boxes have no height (another tool's OCR layer): its box is made as high as its type."""

    @property
    def mid(self) -> float:
        """The vertical middle of the segment."""
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
    """Character boxes of a text page through PDFium's C API (about 0.4 µs a character)."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.raw = textpage.raw
        self.b = [ctypes.c_double() for _ in range(4)]
        self.refs = tuple(ctypes.byref(v) for v in self.b)
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.font = ctypes.create_string_buffer(256)
        self.font_len = ctypes.c_ulong(256)

    def bold(self, i: int) -> bool:
        """Is character i in a bold font (by its weight, else by the font's name)?"""
        weight = capi.FONT_WEIGHT(self.raw, i)
        if weight >= 600:
            return True
        if weight > 0:
            return False
        size = capi.FONT_INFO(self.raw, i, self.font, self.font_len, None)
        if size <= 0:
            return False
        if size > 256:
            buf = ctypes.create_string_buffer(size)
            capi.FONT_INFO(self.raw, i, buf, ctypes.c_ulong(size), None)
            return _bold_name(buf.value)
        return _bold_name(self.font.value)

    def size(self, i: int) -> float:
        """The type size at character i: the height of its loose box (the font's ascent to descent)."""
        if not capi.LOOSE_CHAR_BOX(self.raw, i, self.rect_ref):
            return 0.0
        return abs(self.rect.top - self.rect.bottom)

    def box(self, i: int) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of character i."""
        left, right, bottom, top = self.b
        capi.CHAR_BOX(self.raw, i, *self.refs)
        return left.value, bottom.value, right.value, top.value

    def cuts(self, line: str, offset: int, first: int, last: int, wide: float) -> list[tuple[int, int, float]]:
        """(start, end, left edge of the next character) of each run of spaces in line[first : last + 1] that
        spans more than `wide` points (the right edge of the character before it to the left edge of the one
        after it), in one loop over the C API."""
        get, raw = capi.CHAR_BOX, self.raw
        left, right, _, _ = self.b
        rl, rr, rb, rt = self.refs
        out: list[tuple[int, int, float]] = []
        for m in _SPACES.finditer(line, first, last + 1):
            a, b = m.span()
            get(raw, offset + a - 1, rl, rr, rb, rt)
            edge = right.value
            get(raw, offset + b, rl, rr, rb, rt)
            if left.value - edge > wide:
                out.append((a, b, left.value))
        return out


@functools.lru_cache(maxsize=256)
def _bold_name(name: bytes) -> bool:
    """Does a font's name say it is bold?"""
    return BOLD_FONT.search(name.decode("latin-1")) is not None


_SPACES = re.compile(r" +")
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)


def page_segments(textpage: pdfium.PdfTextPage, text: str | None = None) -> list[Segment]:
    """The page's text lines as PDFium puts them together, each with its box and table cells.

    The text comes from one `get_text_range` call (whose characters are the text page's
    characters, one for one); a line's box comes from its first and last visible
    characters, and cells from the gaps at its spaces: a few box look-ups per line, not
    one per character. `text`: the page's whole text when the caller has it already.
    """
    count = textpage.count_chars()
    if count <= 0:
        return []
    if text is None:
        text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP (rare): the offsets would not line up
        return _segments_by_rects(textpage)
    boxes = _Boxes(textpage)
    box = boxes.box
    out: list[Segment] = []
    start = 0
    for m in [*_LINE_BREAK.finditer(text), None]:
        line = text[start : m.start()] if m else text[start:]
        stripped = line.strip()
        if stripped:
            first = len(line) - len(line.lstrip())
            last = first + len(stripped) - 1
            head = box(start + first)
            tail = box(start + last)
            x0, y0, _, y1 = head
            _, b1, x1, t1 = tail
            y0, y1 = min(y0, b1), max(y1, t1)
            # bold: overprinted, or the first, middle and last letters in a bold font
            letters = [k for k in (first, (first + last) // 2, last) if line[k].isalnum()] or [first]
            letter = letters[0]
            size = round(boxes.size(start + letter), 1)
            if size and line[letter].isalnum():
                flat = _flat(head if letter == first else tail if letter == last else box(start + letter), size)
            else:
                flat = False
            if flat:
                # glyph boxes without height (another tool's OCR layer in an invisible font): the line
                # is as high as its type, around where its glyphs sit, so that its words share a row
                mid = (y0 + y1) / 2
                y0, y1 = mid - size / 2, mid + size / 2
            if size and not flat and y1 - y0 > 1.6 * size and _grounds_only(line):
                out.extend(_stacked(line, start, first, last, boxes, size))
            else:
                cells = _cells(line, start, first, last, y1 - y0, x0, boxes)
                if cells:
                    cells = tuple((x, _undouble(t)) for x, t in cells)
                clean = _clean_text(stripped)
                single = _undouble(clean)
                bold = single != clean or all(boxes.bold(start + k) for k in letters)
                out.append(Segment(x0, max(x1, x0), y0, y1, single, cells, bold, size, flat))
        if m:
            start = m.end()
    return out


def _grounds_only(line: str) -> bool:
    """Two or more Woo grounds and nothing else ("10.2.e 10.2.e"): the labels a Woo tool prints on its boxes."""
    words = line.split()
    return len(words) >= 2 and all(WOO_GROUND.fullmatch(w) for w in words)


def _stacked(line: str, offset: int, first: int, last: int, boxes: _Boxes, size: float) -> list[Segment]:
    """A "line" of PDFium whose words stand on different rows (the grounds a Woo tool stamps on its boxes, one
    under another): one segment per run of words on one row, cut into cells at wide gaps."""
    rows: list[list[tuple[float, float, float, float, str, bool]]] = []
    for m in re.finditer(r"\S+", line[first : last + 1]):
        a, b = offset + first + m.start(), offset + first + m.end() - 1
        x0, y0, _, y1 = boxes.box(a)
        _, b1, x1, t1 = boxes.box(b)
        word = (x0, max(x1, x0), min(y0, b1), max(y1, t1), _clean_text(m.group(0)), boxes.bold(a))
        prev = rows[-1][-1] if rows else None
        if prev is not None and abs((prev[2] + prev[3]) / 2 - (word[2] + word[3]) / 2) < 0.5 * size and word[0] >= prev[1]:
            rows[-1].append(word)
        else:
            rows.append([word])
    out: list[Segment] = []
    for words in rows:
        cells: list[tuple[float, str]] = [(round(words[0][0], 1), words[0][4])]
        for prev, word in itertools.pairwise(words):
            if word[0] - prev[1] > max(1.2 * size, 6.0):
                cells.append((round(word[0], 1), word[4]))
            else:
                cells[-1] = (cells[-1][0], f"{cells[-1][1]} {word[4]}")
        text = " ".join(t for _, t in cells)
        y0, y1 = min(w[2] for w in words), max(w[3] for w in words)
        bold = all(w[5] for w in words)
        out.append(Segment(words[0][0], words[-1][1], y0, y1, text, tuple(cells) if len(cells) > 1 else (), bold, size))
    return out


def _flat(box: tuple[float, float, float, float], size: float) -> bool:
    """A letter's box without height (a letter is never that flat in a real font: an OCR layer's invisible one)."""
    return box[3] - box[1] < 0.1 * size


def _cells(
    line: str, offset: int, first: int, last: int, height: float, x0: float, boxes: _Boxes
) -> tuple[tuple[float, str], ...]:
    """Cut a line where a run of spaces spans more than a line's height: a gap between table columns (`x0`: the
    left edge of the line's first character)."""
    cuts = boxes.cuts(line, offset, first, last, max(1.2 * height, 6.0))
    if not cuts:
        return ()
    cells: list[tuple[float, str]] = []
    pos, x = first, x0
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
    if n < 17 or "\n" in text or text[-8:] + " " not in text:
        return 0  # `a` ends the text and stands before " " + `a`: its last 8 characters and a space occur in it
    r = text[::-1]
    z = _z_array(r)
    for k in range((n - 1) // 2, 7, -1):
        if r[k] == " " and z[k + 1] >= k and not r[k - 1].isspace():
            return k
    return 0


# ------------------------------------------------------------------ redaction boxes in the lines

REDACTED = "█"
"""What a redaction box without text on it reads as."""


def _place_box(segs: list[Segment], box: tuple[float, float, float, float]) -> list[Segment]:
    """Segments with a redaction box read as "█" where it stands: inside a line that runs across it
    (between two of its cells), else as a segment of its own."""
    x0, y0, x1, y1 = box
    for k, s in enumerate(segs):
        overlap = min(s.y1, y1) - max(s.y0, y0)
        if s.cells and s.x0 < x0 < s.x1 and overlap >= 0.5 * min(s.y1 - s.y0, y1 - y0):
            cells = tuple(sorted((*s.cells, (round(x0, 1), REDACTED))))
            text = " ".join(t for _, t in cells if t)
            return [*segs[:k], Segment(s.x0, s.x1, s.y0, s.y1, text, cells, s.bold, s.size), *segs[k + 1 :]]
    return [*segs, Segment(x0, x1, y0, y1, REDACTED)]


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
            redaction = "█" in (prev.text[-1:], s.text[:1]) or any(WOO_GROUND.fullmatch(t) for t in (prev.text, s.text))
            apart = gap > (0.6 if dash else 0.3) * height or redaction
            if apart and not parts[-1].endswith(" ") and not s.text.startswith(" "):
                parts.append(" ")
        parts.append(s.text)
        prev = s
    return "".join(parts).rstrip()


DASHES = {"-", "–", "/"}


def _in_a_gap(row: list[Segment]) -> bool:
    """Does a segment of the row stand wholly inside the gap between two cells of another segment?"""
    for s in row:
        for a, b in itertools.pairwise(s.cells):
            if any(t is not s and a[0] < t.x0 and t.x1 <= b[0] + 1 for t in row):
                return True
    return False


def _row_cells(row: list[Segment]) -> tuple[tuple[float, str], ...]:
    """A row's table cells: each segment's cells, where two segments stand closer than a column gap (a line
    that another tool's OCR layer cut in pieces) their touching cells are one."""
    cells: list[tuple[float, str]] = []
    prev: Segment | None = None
    for s in row:
        own = list(s.cells or ((round(s.x0, 1), s.text),))
        if prev is not None and cells and s.x0 - prev.x1 <= max(1.2 * (prev.y1 - prev.y0), 6.0) and prev.flat and s.flat:
            x, text = cells.pop()
            own[0] = (x, f"{text} {own[0][1]}")
        cells.extend(own)
        prev = s
    return tuple(cells)


PageLine = tuple[str, int, float, tuple[tuple[float, str], ...], bool, float]


def _page_lines(segs: list[Segment], page: int) -> list[PageLine]:
    """(text, page, indent, cells, bold, height) of each row; a blank line where rows are further apart than usual
    (a paragraph break)."""
    rows = _rows(segs)
    if not rows:
        return []
    tops = [max(s.y1 for s in r) for r in rows]
    pitches = [a - b for a, b in itertools.pairwise(tops) if a - b > 0]
    pitch = statistics.median(pitches) if pitches else 0.0
    out: list[PageLine] = []
    for k, row in enumerate(rows):
        if k and pitch and tops[k - 1] - tops[k] > 1.45 * pitch:
            out.append(("", page, 0.0, (), False, 0.0))
        if len(row) == 1:  # most rows: one segment, its own text, cells, weight and size
            s = row[0]
            text, cells, bold, height = s.text.rstrip(), s.cells, s.bold, s.size
            out.append((text, page, round(s.x0, 1), cells if len(cells) > 1 else (), bold, height))
            continue
        cells = _row_cells(row)
        words = [s for s in row if any(ch.isalnum() for ch in s.text)] or row
        bold = all(s.bold for s in words)
        height = max(s.size for s in words)
        text = _row_text(row)
        if _in_a_gap(row):
            # a piece that stands in a gap of another segment (a label stamped where words were taken out):
            # the row reads left to right by its cells
            cells = tuple(sorted(cells))
            text = " ".join(t for _, t in cells if t)
        out.append((text, page, round(row[0].x0, 1), cells if len(cells) > 1 else (), bold, height))
    return out


OcrMode = str
"""How pages are read: "auto" (OCR for pages without text), "always" (OCR for every page), "never"."""

OCR_MODES = ("auto", "always", "never")


def _image_layer(page: pdfium.PdfPage) -> bool:
    """Whether the page is an image with a text layer made by OCR: its text is invisible, or lies under a page-sized image.

    Scanners and release tools (ZyLAB, OCRmyPDF, Acrobat) put the page image down, in one
    piece or in strips, and the OCR's words over it in text render mode 3 (invisible), or
    under the image where it hides them.
    """
    raw = page.raw
    width, height = page.get_size()
    objects = [capi.GET_OBJECT(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))]
    kinds = [capi.OBJECT_TYPE(obj) for obj in objects]
    if pdfium_c.FPDF_PAGEOBJ_IMAGE not in kinds and width * height > 0:
        return False  # no image at all (most pages): the text layer is the page's own
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    image_area = 0.0
    texts = invisible = under = 0
    images_seen = False
    for obj, kind in zip(objects, kinds, strict=True):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            w = min(right.value, width) - max(left.value, 0.0)
            h = min(top.value, height) - max(bottom.value, 0.0)
            if w > 0 and h > 0:
                image_area += w * h
                images_seen = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts += 1
            invisible += pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
            under += not images_seen
    if not texts or image_area < 0.5 * width * height:
        return False
    return invisible >= 0.8 * texts or under >= 0.8 * texts


def _ranges(pages: list[int]) -> str:
    """1, 2, 3, 5 as "1-3, 5"."""
    out: list[str] = []
    for _, group in itertools.groupby(enumerate(pages), key=lambda p: p[1] - p[0]):
        run = [p for _, p in group]
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ", ".join(out)


def read_pdf(data: bytes, password: str | None = None, ocr: OcrMode = "auto") -> ReadResult:
    """Lines of every page; damaged pages are skipped with a warning, a PDF without text is an error.

    `ocr`: "auto" reads pages without a text layer with Tesseract (when it is installed),
    "always" reads every page's image with it (also over another tool's OCR layer), "never"
    reads text layers only.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    from . import ocr as ocr_mod
    from . import prescan

    pdf = open_pdf(data, password)
    warnings: list[tuple[str, str]] = []
    pages: list[list[Segment]] = []
    chars = 0
    width = 595.0
    boxes = 0
    box_pages: list[int] = []
    covered: list[tuple[int, str]] = []  # (page, text) that lies under a redaction box
    layers: list[str] = []  # per page: "native", "ocr-layer", "ocr" or "none"
    replaced: list[int] = []  # pages whose OCR layer of bare words was set aside for OCR
    ocr_missing: str | None = None
    if ocr == "always":
        ocr_missing = ocr_mod.available()
        if ocr_missing:
            with contextlib.suppress(Exception):
                pdf.close()
            raise OcrNotAvailable(f"--ocr always: {ocr_missing}")
    try:
        n_pages = len(pdf)
        if n_pages > MAX_PAGES:
            raise TooLarge(f"the PDF says it has {n_pages:,} pages, more than the limit of {MAX_PAGES:,}")
        if n_pages == 0:
            raise DamagedPdf("the PDF has no pages")
        prescan.check(data)  # a page of too many objects or forms nested too deep, refused before PDFium loads it
        for index in range(n_pages):
            segs: list[Segment] = []
            layer = "none"
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                warnings.append(("damaged_page", f"page {index + 1} could not be read and was skipped"))
                pages.append(segs)
                layers.append(layer)
                continue
            textpage = None
            try:
                if index == 0:
                    width = page.get_width()
                found_boxes = redaction_boxes(page)  # first: it refuses a page of too many objects
                textpage = page.get_textpage()
                count = textpage.count_chars()
                text = textpage.get_text_range(0, count) if count > 0 else ""
                has_text = bool(text.strip())
                image_layer = has_text and _image_layer(page)
                bare = image_layer and ocr == "auto" and bare_words(text)
                run_ocr = ocr == "always" or (ocr == "auto" and (not has_text or bare))
                if run_ocr and ocr_missing is None:
                    ocr_missing = ocr_mod.available()
                if run_ocr and ocr_missing is None:
                    height = page.get_height()
                    luma = ocr_mod.render(page)
                    found = find_boxes(luma, ocr_mod.DPI / 72, height)
                    grounds = [ocr_mod.read_box(luma, box, height) for box in found]
                    words = ocr_mod.ocr_words(ocr_mod.blank_boxes(luma, found, height), height)
                    segs = ocr_mod.words_to_segments(ocr_mod.apply_boxes(words, found, grounds))
                    boxes += len(found)
                    box_pages += [index + 1] * len(found)
                    chars += sum(len(s.text) for s in segs)
                    layer = "ocr"
                    if bare:
                        replaced.append(index + 1)
                elif image_layer:
                    chars += count
                    height = page.get_height()
                    # the layer's words keep their places (its line order is the other tool's); the
                    # boxes in the image are counted, and read with their grounds by --ocr always
                    found = find_boxes(ocr_mod.render(page, BOX_DPI), BOX_DPI / 72, height)
                    segs = page_segments(textpage, text)
                    boxes += len(found)
                    box_pages += [index + 1] * len(found)
                    layer = "ocr-layer"
                else:
                    chars += count
                    segs = page_segments(textpage, text)
                    for box in found_boxes:
                        boxes += 1
                        box_pages.append(index + 1)
                        under = " ".join(textpage.get_text_bounded(*box).split())
                        if has_words(under):
                            covered.append((index + 1, under))
                        elif not under:
                            # a box with nothing on it stands where words were: "█" keeps its place in the line
                            # ("…, █, █ en ambtelijke ondersteuning" lists two redacted people)
                            segs = _place_box(segs, box)
                    layer = "native" if has_text else "none"
            except pdfium.PdfiumError:
                warnings.append(("damaged_page", f"page {index + 1}: its text could not be read"))
            finally:
                if textpage is not None:
                    textpage.close()
                page.close()
            if not segs:
                warnings.append(("empty_page", f"page {index + 1} has no text"))
            pages.append(segs)
            layers.append(layer)
    finally:
        with contextlib.suppress(Exception):
            pdf.close()
    if chars == 0:
        if "ocr" in layers:
            raise NoTextLayer(f"the PDF has {n_pages} page(s) without a text layer, and OCR found no text on them")
        if ocr == "never":
            raise NoTextLayer(f"the PDF has {n_pages} page(s) but no text layer: it needs OCR (--ocr auto)")
        raise NoTextLayer(f"the PDF has {n_pages} page(s) but no text layer: it needs OCR; {ocr_missing or ''}".rstrip("; "))
    _layer_warnings(layers, ocr, ocr_missing, warnings)
    if replaced:
        warnings.append((
            "ocr_layer",
            f"page(s) {_ranges(replaced)} carry another tool's OCR layer of bare words (no punctuation at all: "
            "item numbers, dates and times are lost in it); their images were read by OCR instead",
        ))  # fmt: skip

    boundary = column_boundary(pages, width)
    lines: list[Line] = []
    side: list[Line] = []
    lineno = 0
    for number in range(1, len(pages) + 1):
        # a page's segments go once its lines are made: the segments of every page and the lines of
        # every page are not held at once (a 5,000-page document: about 70 MB less at the peak)
        segs, pages[number - 1] = pages[number - 1], []
        main = segs if boundary is None else [s for s in segs if not is_side(s, boundary)]
        aside = [] if boundary is None else [s for s in segs if is_side(s, boundary)]
        for text, page, indent, cells, bold, height in _page_lines(main, number):
            lineno += 1
            lines.append(Line(text, page, lineno, indent, cells, bold, height or None))
        for text, page, indent, *_ in _page_lines(aside, number):
            if text:
                side.append(Line(text, page, 0, indent))
    if covered:
        lines = black_out(lines, covered, warnings)
    return ReadResult(
        lines=lines, format="pdf", pages=n_pages, warnings=warnings, side=side, redaction_boxes=boxes,
        page_layers=layers, box_pages=box_pages, text_layer=text_layer_of(layers),
    )  # fmt: skip


BARE_WORDS = 40
"""An OCR layer of at least this many words without a single punctuation mark is a layer of bare words."""

_PUNCTUATION = re.compile(r"[.,:;?!()]")


def bare_words(text: str) -> bool:
    """Is a page's OCR layer a list of bare words (a layer for search only, with every full stop, colon, comma
    and bracket dropped: "3. Titel" became "Titel", "7-9-2020" became "7 9 2020")? Such a layer cannot carry
    item numbers, dates or times; lrt's OCR of the page image can."""
    return len(text.split()) >= BARE_WORDS and _PUNCTUATION.search(text) is None


BOX_DPI = 100
"""Resolution at which pages with another tool's OCR layer are rendered to find redaction boxes in their image."""


def _layer_warnings(layers: list[str], ocr: str, ocr_missing: str | None, warnings: list[tuple[str, str]]) -> None:
    """Say which pages were read by OCR, which carry someone's OCR layer, and which need OCR that is missing."""
    by_kind: dict[str, list[int]] = {}
    for number, kind in enumerate(layers, start=1):
        by_kind.setdefault(kind, []).append(number)
    if "ocr" in by_kind:
        warnings.append(
            ("ocr", f"page(s) {_ranges(by_kind['ocr'])} were read by OCR (Tesseract, Dutch): names and numbers may be misread")
        )
    if "ocr-layer" in by_kind:
        warnings.append(
            (
                "ocr_layer",
                f"page(s) {_ranges(by_kind['ocr-layer'])} are images with a text layer made by another tool's OCR; "
                "that text was read as it is (--ocr always reads the images with Tesseract)",
            )
        )
    if "none" in by_kind and ocr != "always":
        why = "--ocr never" if ocr == "never" else (ocr_missing or "OCR is not available")
        pages = _ranges(by_kind["none"])
        warnings.append(("no_text_layer", f"page(s) {pages} have no text layer and were not read by OCR: {why}"))
