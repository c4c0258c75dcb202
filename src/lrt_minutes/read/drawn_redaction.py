"""Read, redactions drawn in a PDF: dark boxes of vector paths, and text left under a box kept out.

A released (Woo/Wob) PDF with a text layer redacts by drawing filled boxes of a text line's
height, black or the grey of Woo tools, often in a form XObject with the ground printed on
them ("5.1.2e"): `redaction_boxes` finds them. Each is counted; text that the text layer
still holds under a box (a failed redaction) is replaced by "█" and never reaches the
output, with a warning (`black_out`). Boxes burned into a scanned page's image are found
by `redaction` (from the pixels).
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..dutch.vocabulary import WOO_GROUND
from ..errors import TooLarge
from ..limits import MAX_FORM_DEPTH, MAX_PAGE_OBJECTS
from . import capi
from .text import Line

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
    objects = pdfium_c.FPDFPage_CountObjects(raw)
    if objects > MAX_PAGE_OBJECTS:
        raise TooLarge(f"{objects:,} objects on a page, more than the limit of {MAX_PAGE_OBJECTS:,}")
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack.extend((capi.GET_OBJECT(raw, i), 0, identity) for i in range(objects))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    while stack:
        obj, depth, m = stack.pop()
        kind = capi.OBJECT_TYPE(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth >= MAX_FORM_DEPTH:
                raise TooLarge(f"forms nested more than {MAX_FORM_DEPTH} deep on a page")
            if pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                inner = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                composed = _compose(inner, m)
                inside = pdfium_c.FPDFFormObj_CountObjects(obj)
                objects += max(inside, 0)
                if objects > MAX_PAGE_OBJECTS:
                    raise TooLarge(f"more than {MAX_PAGE_OBJECTS:,} objects on a page")
                for k in range(inside):
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


def has_words(under: str) -> bool:
    """Whether text found under a box holds words (more than its printed Woo ground): a failed redaction."""
    return bool(re.search(r"[^\W\d_]{2}", WOO_GROUND.sub("", under)))


def black_out(lines: list[Line], covered: list[tuple[int, str]], warnings: list[tuple[str, str]]) -> list[Line]:
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
                    (x, t.replace(words, "█")) for x, t in ln.cells), ln.bold, ln.height)
    return out
