"""Read, OCR part: page images into words with boxes (Tesseract, Dutch), and words into lines.

A page without a text layer is rendered with pypdfium2 (grey, 300 dpi) and read by
Tesseract's Dutch model through tesserocr (its C API: the model is loaded once per
process, no subprocess and no image file per page). Each word comes with its box,
confidence and its block and line numbers; the words of one OCR line become one
`Segment` with its box and table cells, the same as the text layer gives, so rows,
the side column and everything after the read stage are shared with born-digital PDFs.

Redaction boxes in the image (see `redaction`) replace the words under them: by the
ground printed on them or beside them ("5.1.2e", "10.2.e"), read also as OCR writes it
("5.1.2 e", "10 2 e"), else by "█".

Longer than ~300 lines: rendering, Tesseract's words and their grouping into lines are
one pass; which pages need OCR is decided in `pdf`.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pypdfium2 as pdfium

    from .pdf import Segment

DPI = 300
LANG = "nld"
INSTALL_HINT = (
    "install OCR with: pip install 'lrt-minutes[ocr]' and the system packages tesseract-ocr and tesseract-ocr-nld "
    "(or set TESSDATA_PREFIX to a folder holding nld.traineddata)"
)

# where Linux distributions and Homebrew put Tesseract's models
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


class OcrUnavailable(Exception):
    """Tesseract (tesserocr) or its Dutch model is not installed; the message says what is missing."""


@dataclass(frozen=True, slots=True)
class Word:
    """A word on a page with its box in PDF points (origin bottom left)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    line: int
    """Words of one line share this number (Tesseract's block and line, or the text layer's line)."""
    conf: float = 100.0


def tessdata_dir() -> str | None:
    """The folder holding the Dutch model: TESSDATA_PREFIX, else the usual system places."""
    env = os.environ.get("TESSDATA_PREFIX")
    # as Tesseract itself does, a TESSDATA_PREFIX that is set is the only place looked at
    for d in [env, str(Path(env) / "tessdata")] if env else _TESSDATA_DIRS:
        if d and (Path(d) / f"{LANG}.traineddata").is_file():
            return d
    return None


_API: Any = None


def _api() -> Any:
    """This process's Tesseract, built on first use (loading the model takes a moment)."""
    global _API
    if _API is None:
        try:
            import tesserocr
        except ImportError as e:
            raise OcrUnavailable(f"tesserocr is not installed; {INSTALL_HINT}") from e
        path = tessdata_dir()
        if path is None:
            raise OcrUnavailable(f"Tesseract's Dutch model (nld.traineddata) was not found; {INSTALL_HINT}")
        try:
            _API = tesserocr.PyTessBaseAPI(path=path, lang=LANG, psm=tesserocr.PSM.SINGLE_BLOCK)
        except RuntimeError as e:
            raise OcrUnavailable(f"Tesseract could not load its Dutch model from {path}: {e}; {INSTALL_HINT}") from e
    return _API


def available() -> str | None:
    """None when OCR can likely run here (tesserocr imports, the Dutch model is found), else why not, with the hint.

    Cheap: the model is not loaded.
    """
    if _API is not None:
        return None
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return f"tesserocr is not installed; {INSTALL_HINT}"
    if tessdata_dir() is None:
        return f"Tesseract's Dutch model (nld.traineddata) was not found; {INSTALL_HINT}"
    return None


def render(page: pdfium.PdfPage, dpi: int = DPI) -> np.ndarray:
    """The page in grey, `dpi` pixels per inch, as a 2-D uint8 array."""
    import numpy as np

    bitmap = page.render(scale=dpi / 72, grayscale=True)
    image = bitmap.to_pil().convert("L")
    return np.asarray(image)


def ocr_words(luma: np.ndarray, page_height: float, dpi: int = DPI) -> list[Word]:
    """Tesseract's words on a rendered page, in PDF points, with their line numbers and confidence."""
    import tesserocr
    from PIL import Image

    api = _api()
    api.SetImage(Image.fromarray(luma))
    api.SetSourceResolution(dpi)
    api.Recognize()
    k = 72 / dpi
    words: list[Word] = []
    line = 0
    it = api.GetIterator()
    if it is None:
        return words
    level = tesserocr.RIL.WORD
    for w in tesserocr.iterate_level(it, level):
        if w.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
            line += 1
        try:
            text = w.GetUTF8Text(level)
        except RuntimeError:  # tesserocr's way of saying the page (or this word) holds no text
            continue
        box = w.BoundingBox(level)
        if not text or not text.strip() or box is None:
            continue
        x0, top, x1, bottom = box
        conf = w.Confidence(level)
        words.append(Word(x0 * k, page_height - bottom * k, x1 * k, page_height - top * k, text.strip(), line, conf))
    api.Clear()
    return words


def read_box(luma: np.ndarray, box: tuple[float, float, float, float], page_height: float, dpi: int = DPI) -> str | None:
    """The ground printed on a redaction box ("5.1.2e" in white on grey), read from the box alone; None if there is none."""
    import numpy as np
    import tesserocr
    from PIL import Image

    k = dpi / 72
    top, bottom = max(0, int((page_height - box[3]) * k)), int((page_height - box[1]) * k) + 1
    left, right = max(0, int(box[0] * k)), int(box[2] * k) + 1
    crop = luma[top:bottom, left:right]
    if crop.size == 0:
        return None
    if crop.mean() < 128:  # light letters on a dark box: make them dark on light
        crop = 255 - crop
    lo, hi = int(crop.min()), int(crop.max())
    if hi - lo < 40:
        return None  # a plain box: nothing printed on it
    crop = ((crop.astype(np.int32) - lo) * 255 // (hi - lo)).astype(np.uint8)
    pad = np.full((crop.shape[0] + 20, crop.shape[1] + 20), 255, dtype=np.uint8)
    pad[10:-10, 10:-10] = crop
    api = _api()
    api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)
    api.SetVariable("tessedit_char_whitelist", "0123456789.abcdefghi ")
    try:
        api.SetImage(Image.fromarray(pad))
        api.SetSourceResolution(dpi)
        text = api.GetUTF8Text() or ""
    finally:
        api.SetVariable("tessedit_char_whitelist", "")
        api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
        api.Clear()
    return read_ground(text)


Box = tuple[float, float, float, float]


def blank_boxes(luma: np.ndarray, boxes: list[Box], page_height: float, dpi: int = DPI) -> np.ndarray:
    """The page with its redaction boxes painted white, so OCR reads no noise in them nor joins rows across them."""
    out = luma.copy()
    k = dpi / 72
    for x0, y0, x1, y1 in boxes:
        top, bottom = max(0, int((page_height - y1) * k) - 2), int((page_height - y0) * k) + 3
        out[top:bottom, max(0, int(x0 * k) - 2) : int(x1 * k) + 3] = 255
    return out


# ------------------------------------------------------------------ grounds and boxes

# a Woo/Wob ground as OCR writes it: "5.1.2e", "5.1.2 e", "5 1 2 e", "10.2.e", "10 2 e", "10.2.g", "11.1"
_SEP = r"[.,:·\s]{0,2}"
OCR_GROUND = re.compile(
    rf"(?<![\w.])(?:5{_SEP}1{_SEP}([12]){_SEP}([a-i])|10{_SEP}([12]){_SEP}([a-g])|11{_SEP}1)(?![\w])", re.I
)
# what a line holds beside a box when OCR cut the ground short ("10", "5.1.2")
_GROUND_STUB = re.compile(r"^(?:10|11|5[.,]1[.,]?[12]?)[.,]?$")


def canonical_ground(match: re.Match[str]) -> str:
    """A ground as the law writes it: "5.1.2e", "10.2.e", "11.1"."""
    text = match.group(0)
    if match.group(1):
        return f"5.1.{match.group(1)}{match.group(2).lower()}"
    if match.group(3):
        return f"10.{match.group(3)}.{match.group(4).lower()}"
    return "11.1" if text.startswith("11") else text


def read_ground(text: str) -> str | None:
    """The ground in a box's (or its neighbour's) OCR text, or None when it reads as noise."""
    m = OCR_GROUND.search(text)
    return canonical_ground(m) if m else None


def _inside(w: Word, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _overlaps(w: Word, box: tuple[float, float, float, float]) -> bool:
    """The word's centre is in the box, or half of the word is."""
    if _inside(w, box):
        return True
    ox = min(w.x1, box[2]) - max(w.x0, box[0])
    oy = min(w.y1, box[3]) - max(w.y0, box[1])
    return ox > 0 and oy > 0 and ox * oy >= 0.5 * max((w.x1 - w.x0) * (w.y1 - w.y0), 0.01)


def apply_boxes(
    words: list[Word], boxes: list[tuple[float, float, float, float]], grounds: list[str | None] | None = None
) -> list[Word]:
    """Words under a redaction box are replaced by one word for the box: its ground, or "█".

    `grounds` are what was read on each box on its own (see `read_box`); without one, the
    ground is looked for in the words under the box. Each box is a line of its own: rows
    are made from positions later, as for every other piece of text. A ground beside the
    box on its row is written out as the law writes it; one cut short by OCR ("10") goes
    with the box, so it is never taken for a page number.
    """
    if not boxes:
        return words
    words = _join_grounds(words)
    taken: set[int] = set()
    out: list[Word] = []
    for k, box in enumerate(boxes):
        under = [i for i, w in enumerate(words) if i not in taken and _overlaps(w, box)]
        taken.update(under)
        ground = (grounds[k] if grounds else None) or read_ground(" ".join(words[i].text for i in under))
        out.append(Word(box[0], box[1], box[2], box[3], ground or "█", -1 - k))
    for i, w in enumerate(words):
        if i in taken:
            continue
        beside = _beside(w, boxes)
        if beside is not _STUB:
            out.append(beside or w)
    return out


def _join_grounds(words: list[Word]) -> list[Word]:
    """A ground that OCR split into words ("10" "2" "e") made one word ("10.2.e")."""
    ordered = sorted(words, key=lambda w: (w.line, w.x0))
    out: list[Word] = []
    i = 0
    while i < len(ordered):
        for n in (4, 3, 2):
            run = ordered[i : i + n]
            if len(run) == n and len({w.line for w in run}) == 1:
                m = OCR_GROUND.fullmatch(" ".join(w.text for w in run))
                if m:
                    out.append(Word(run[0].x0, min(w.y0 for w in run), run[-1].x1, max(w.y1 for w in run),
                                    canonical_ground(m), run[0].line, min(w.conf for w in run)))  # fmt: skip
                    i += n
                    break
        else:
            out.append(ordered[i])
            i += 1
    return out


def _beside(w: Word, boxes: list[tuple[float, float, float, float]]) -> Word | None:
    """The word written as a ground when it stands right beside a box on its line and reads as one.

    A ground cut short by OCR ("10", "5.1") beside a box gives `_STUB`: it goes with the box.
    """
    height = max(w.y1 - w.y0, 1.0)
    for b in boxes:
        same_row = min(w.y1, b[3]) - max(w.y0, b[1]) > 0.4 * min(height, b[3] - b[1])
        near = -2 * height <= w.x0 - b[2] <= 2.5 * height or -2 * height <= b[0] - w.x1 <= 2.5 * height
        if same_row and near:
            ground = read_ground(w.text)
            if ground:
                return Word(w.x0, w.y0, w.x1, w.y1, ground, w.line, w.conf)
            if _GROUND_STUB.match(w.text):
                return _STUB  # part of the redaction, not a page number
    return None


_STUB = Word(0, 0, 0, 0, "", 0)


def normalise_grounds(text: str) -> str:
    """Grounds as OCR writes them ("5.1.2 e", "10 2 e") written as the law does."""
    return OCR_GROUND.sub(canonical_ground, text)


# ------------------------------------------------------------------ words into segments

MIN_CONF = 20.0
"""Words Tesseract is less sure of than this, holding no letter or digit, are specks and rules, not text."""


# what OCR makes of a bullet ("•") at the start of a line
_BULLET_LOOKALIKES = {"e", "«", "°", "©", "@", "*", "»", "¢", "o", "•", "®", "+", "."}


def words_to_segments(words: list[Word]) -> list[Segment]:
    """The words of each line, left to right, as segments: a new segment where a gap is wider than a line's height.

    Pieces of one row (table cells, the side column) are separate segments, as a text
    layer's are, and are put back into rows by their height on the page like those.
    A single bullet-like mark ("e", "°", "«") before a wide gap at the start of a line is the bullet "•".
    """
    from .pdf import Segment

    by_line: dict[int, list[Word]] = {}
    for w in words:
        if w.conf < MIN_CONF and not any(c.isalnum() for c in w.text) and w.text != "█":
            continue
        by_line.setdefault(w.line, []).append(w)
    out: list[Segment] = []
    for line in by_line.values():
        line.sort(key=lambda w: w.x0)
        heights = sorted(w.y1 - w.y0 for w in line if w.text != "█" and len(w.text) > 1) or [line[0].y1 - line[0].y0]
        height = heights[len(heights) // 2]
        pieces: list[list[Word]] = [[line[0]]]
        for prev, w in itertools.pairwise(line):
            apart = min(w.y1, prev.y1) - max(w.y0, prev.y0) <= 0  # OCR put words of two rows on one line
            if w.x0 - prev.x1 > max(1.2 * height, 6.0) or apart:
                pieces.append([w])
            else:
                pieces[-1].append(w)
        for k, piece in enumerate(pieces):
            first = piece[0]
            texts = [w.text for w in piece]
            if k == 0 and first.text in _BULLET_LOOKALIKES and (len(piece) > 1 or len(pieces) > 1):
                after = piece[1].x0 if len(piece) > 1 else pieces[1][0].x0
                if after - first.x1 > 0.6 * height and first.y1 - first.y0 < 0.8 * height:
                    texts[0] = "•"
            out.append(
                Segment(
                    first.x0, max(w.x1 for w in piece), min(w.y0 for w in piece), max(w.y1 for w in piece),
                    normalise_grounds(" ".join(texts)),
                )
            )  # fmt: skip
    return out


