"""Read, redactions in page images: grey or black boxes found from the pixels of a rendered page.

A scanned Woo release has its redactions burned into the page image: filled boxes, grey
or black, a text line high, often with the ground ("5.1.2e") in white letters on them.
They are found as areas of box colour that are solid over a window of a few points (text
strokes, rules and table lines never are), grown back to their full extent, and kept
when they have a text line's height. Coordinates come back in PDF points (origin bottom
left), as the text path's boxes do. numpy only; the image is a 2-D uint8 array (luma).
"""

from __future__ import annotations

import numpy as np

BOX_LUMA = 170
"""Pixels darker than this (0-255) can be part of a box: black, or the mid grey of Woo tools; table shading is lighter."""

GREY_LUMA = 80
"""The mid grey of Woo tools' boxes is lighter than this darkest grey (black text, black bars, dark banners)."""

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
    white); a box holds such rows over a few points of height. A grey box whose ground fills
    it nearly edge to edge is found by its solid top and bottom edges (`_strip_pairs`).
    Boxes that touch come out as one.
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
    found = [
        (round((page_height - y1) * s), round((page_height - y0) * s), round(x0 * s), round(x1 * s)) for x0, y0, x1, y1 in boxes
    ]
    grey = (img >= GREY_LUMA) & dark
    for top, bottom, left, right in _strip_pairs(grey, s):
        if any(t < bottom and top < b and lft < right and left < r for t, b, lft, r in found):
            continue
        above = dark[max(0, top - margin) : top, left:right]
        below = dark[bottom : bottom + margin, left:right]
        if (above.size and above.mean() > 0.5) or (below.size and below.mean() > 0.5):
            continue
        found.append((top, bottom, left, right))
        boxes.append((left / s, page_height - bottom / s, right / s, page_height - top / s))
    return sorted(boxes, key=lambda b: (-b[3], b[0]))


def _strip_pairs(dark: np.ndarray, s: float) -> list[tuple[int, int, int, int]]:
    """Grey boxes whose ground fills them nearly edge to edge: a solid strip above and one below, of one width.

    Such a box has no solid core left beside its letters; what shows it is its top and bottom
    edge, solid over the same columns, a text line apart, with mostly box colour between them
    (a table's rules have white or text between them).
    """
    min_w, min_h = round(MIN_W * s), max(2, round(1.5 * s))
    tol = max(1, round(1.0 * s))
    strips: list[list[int]] = []  # [top, bottom, left, right] of runs of rows solid over the same columns
    open_: list[list[int]] = []
    for y in range(dark.shape[0]):
        row = dark[y]
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.view(np.uint8), [0]))))
        runs = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= min_w]
        still: list[list[int]] = []
        for a, b in runs:
            for st in open_:
                if abs(st[2] - a) <= tol and abs(st[3] - b) <= tol and st[1] == y:
                    st[1] = y + 1
                    still.append(st)
                    break
            else:
                still.append([y, y + 1, a, b])
        for st in open_:
            if st not in still:
                strips.append(st)
        open_ = still
    strips.extend(open_)
    strips = [st for st in strips if st[1] - st[0] >= min_h]
    strips.sort()
    out: list[tuple[int, int, int, int]] = []
    for i, upper in enumerate(strips):
        for lower in strips[i + 1 :]:
            gap = lower[0] - upper[1]
            if gap > round(MAX_H * s):
                break
            if gap < 1 or abs(lower[2] - upper[2]) > tol or abs(lower[3] - upper[3]) > tol:
                continue
            top, bottom = upper[0], lower[1]
            left, right = min(upper[2], lower[2]), max(upper[3], lower[3])
            height, width = (bottom - top) / s, (right - left) / s
            if not (MIN_H <= height <= MAX_H and MIN_W <= width <= MAX_W) or width < 0.8 * height:
                continue
            if dark[upper[1] : lower[0], left:right].mean() < 0.5:
                continue
            # the box's sides are solid too, between the strips
            between = dark[upper[1] : lower[0]]
            if between[:, left : left + 2].mean() < 0.8 or between[:, right - 2 : right].mean() < 0.8:
                continue
            out.append((top, bottom, left, right))
            break
    return out
