"""Read, redactions: redaction boxes found by geometry, and text left under a box kept out.

A released (Woo/Wob) PDF redacts by drawing filled boxes of a text line's height, black or
the grey of Woo tools, often with the ground printed on them ("5.1.2e"). In a PDF with a text
layer they are vector paths (also inside form XObjects): `redaction_boxes`. In a scan they
are burned into the page image: `find_boxes` finds them as areas of box colour that are
solid over a window of a few points (text strokes, rules and table lines never are), grown
back to their full extent, and kept when they have a text line's height; coordinates come
back in PDF points (origin bottom left), as the text path's boxes do (numpy only; the image
is a 2-D uint8 array of luma). Each box is counted; text that the text layer still holds
under a box (a failed redaction) is replaced by "█" and never reaches the output, with a
warning (`black_out`).
"""

from __future__ import annotations

import ctypes
import re

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..dutch.vocabulary import WOO_GROUND
from ..errors import TooLarge
from ..limits import MAX_FORM_DEPTH, MAX_PAGE_OBJECTS
from .text import Line

# ------------------------------------------------------------------ boxes in the vector drawing

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
    for i in range(objects):
        stack.append((pdfium_c.FPDFPage_GetObject(raw, i), 0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    while stack:
        obj, depth, m = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
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


# ------------------------------------------------------------------ boxes in a page image

BOX_LUMA = 170
"""Pixels darker than this (0-255) can be part of a box: black, or the mid grey of Woo tools; table shading is lighter."""

CORE_W, CORE_H = 8.0, 3.5
"""A box's solid core spans at least this window (points): letters, even bold ones, never fill it."""

MIN_H, MAX_H = 4.5, 30.0
MIN_W, MAX_W = 10.0, 400.0
"""A redaction box has a text line's height (a logo or a photo is taller) and a word's width or more (a heavy "I" is narrower)."""


def _window_sum(mask: np.ndarray, h: int, w: int) -> np.ndarray:
    """For each pixel, how many pixels of `mask` lie in the h x w window whose top-left corner it is."""
    c = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1), dtype=np.int32)
    c[1:, 1:] = np.cumsum(np.cumsum(mask, axis=0, dtype=np.int32), axis=1)
    return c[h:, w:] - c[:-h, w:] - c[h:, :-w] + c[:-h, :-w]


def _spread(core: np.ndarray, h: int, w: int, shape: tuple[int, int]) -> np.ndarray:
    """Every pixel covered by some h x w window whose top-left corner is in `core` (the dilation of an opening)."""
    padded = np.zeros((shape[0] + h - 1, shape[1] + w - 1), dtype=np.uint8)
    padded[h - 1 : h - 1 + core.shape[0], w - 1 : w - 1 + core.shape[1]] = core
    return _window_sum(padded, h, w) > 0


def _runs_along(mask: np.ndarray, n: int, axis: int) -> np.ndarray:
    """How many pixels of `mask` lie in the run of n pixels starting at each pixel along `axis` (0 past the edge)."""
    m = mask.astype(np.int32)
    c = np.cumsum(m, axis=axis)
    c = np.concatenate([np.zeros_like(c.take([0], axis=axis)), c], axis=axis)
    length = mask.shape[axis]
    out = np.zeros_like(m)
    if n > length:
        return out
    lead = c.take(range(n, length + 1), axis=axis) - c.take(range(length - n + 1), axis=axis)
    index = [slice(None), slice(None)]
    index[axis] = slice(0, length - n + 1)
    out[tuple(index)] = lead
    return out


def _close_rows(mask: np.ndarray, gap: int) -> np.ndarray:
    """Horizontal gaps of at most `gap` pixels between two dark pixels filled (white letters on a box)."""
    if gap < 1:
        return mask
    n = gap + 1
    any_right = _runs_along(mask, n, 1) > 0  # a dark pixel at x..x+gap
    any_left = np.zeros_like(mask)
    any_left[:, n - 1 :] = any_right[:, : mask.shape[1] - n + 1]  # a dark pixel at x-gap..x
    return mask | (any_left & any_right)


def _cut(area: np.ndarray, top: int, bottom: int, left: int, right: int, depth: int) -> list[tuple[int, int, int, int]]:
    """The separate blocks of `area` in a window (top, bottom, left, right): cut at empty rows, then empty columns, in turn.

    Boxes stacked line under line (a redacted list of names) are apart by a thin white
    gap that runs through their columns only: each cut looks again inside what it cut.
    """
    sub = area[top:bottom, left:right]
    rows = np.flatnonzero(sub.any(axis=1))
    if rows.size == 0:
        return []
    out: list[tuple[int, int, int, int]] = []
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        t, b = top + band[0], top + band[-1] + 1
        cols = np.flatnonzero(area[t:b, left:right].any(axis=0))
        runs = np.split(cols, np.flatnonzero(np.diff(cols) > 1) + 1)
        for run in runs:
            lft, rgt = left + run[0], left + run[-1] + 1
            if depth < 6 and (len(runs) > 1 or b - t < bottom - top) and (b - t, rgt - lft) != (bottom - top, right - left):
                out.extend(_cut(area, t, b, lft, rgt, depth + 1))
            else:
                out.append((t, b, lft, rgt))
    return out


def find_boxes(luma: np.ndarray, scale: float, page_height: float) -> list[tuple[float, float, float, float]]:
    """Redaction boxes on a rendered page: (x0, y0, x1, y1) in points, top to bottom, left to right.

    `luma` is the page rendered in grey at `scale` pixels per point; `page_height` is in
    points. Rows of a box are dark over a word's width, with gaps no wider than a letter's
    stroke (white letters of a ground) and dense (a line of text, even in bold, is mostly
    white); a box holds such rows over a few points of height. Boxes that touch come out as one.
    """
    step = max(1, round(scale / 1.4))  # about 100 dpi is plenty for boxes a text line high
    img = luma[::step, ::step]
    s = scale / step
    dark = img < BOX_LUMA
    h, w = max(2, round(CORE_H * s)), max(2, round(CORE_W * s))
    if dark.shape[0] < 2 * h or dark.shape[1] < 2 * w:
        return []
    closed = _close_rows(dark, max(1, round(1.5 * s)))
    row_ok = (_runs_along(closed, w, 1) == w) & (_runs_along(dark, w, 1) >= 0.7 * w)
    core = _runs_along(row_ok, h, 0) == h
    if not core.any():
        return []
    area = _spread(core.astype(np.uint8), h, w, dark.shape) & closed
    margin = max(1, round(1.0 * s))
    boxes: list[tuple[float, float, float, float]] = []
    for top, bottom, left, right in _cut(area, 0, area.shape[0], 0, area.shape[1], 0):
        height, width = (bottom - top) / s, (right - left) / s
        if not (MIN_H <= height <= MAX_H and MIN_W <= width <= MAX_W) or width < 0.8 * height:
            continue
        rect = dark[top:bottom, left:right]
        strip = max(1, rect.shape[0] // 4)
        if rect[:strip].mean() < 0.85 or rect[-strip:].mean() < 0.85:
            continue  # a box is solid along its top and bottom (its ground is printed in the middle); letters are not
        above = dark[max(0, top - margin) : top, left:right]
        below = dark[bottom : bottom + margin, left:right]
        if (above.size and above.mean() > 0.5) or (below.size and below.mean() > 0.5):
            continue  # part of something larger and darker: a logo, a photo, a banner
        boxes.append((left / s, page_height - bottom / s, right / s, page_height - top / s))
    return sorted(boxes, key=lambda b: (-b[3], b[0]))


# ------------------------------------------------------------------ text under a box


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
