"""Read: input bytes into lines with page and line numbers."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

from ..errors import DecodeError, EmptyInput, TooLarge, UnsupportedInput
from ..limits import MAX_TEXT_BYTES


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document as read, before any cleaning."""

    text: str
    page: int | None
    lineno: int
    """1-based line number in the document's extracted text."""
    indent: float | None = None
    """Left edge in points (PDF only)."""
    cells: tuple[tuple[float, str], ...] = ()
    """PDF only: the line cut into table cells at wide gaps, each with its left edge; () for ordinary lines."""
    bold: bool = False
    """PDF only: every word of the line is printed bold."""
    height: float | None = None
    """PDF only: the height of the line's text in points (larger type, larger height)."""

    def with_text(self, text: str) -> Line:
        """The line with other text (itself when the text is the same): `dataclasses.replace` at a third of the cost."""
        if text == self.text:
            return self
        return Line(text, self.page, self.lineno, self.indent, self.cells, self.bold, self.height)


@dataclass(slots=True)
class ReadResult:
    """Lines plus what the reader learned about the source."""

    lines: list[Line]
    format: Literal["pdf", "text"]
    pages: int | None
    encoding: str | None = None
    warnings: list[tuple[str, str]] | None = None
    side: list[Line] | None = None
    """PDF only: lines of the letter template's side column (Datum, Kenmerk, sender, footer), kept out of `lines`."""
    redaction_boxes: int = 0
    """PDF only: dark boxes of a text line's height (redactions) on the pages, drawn or in page images."""
    box_pages: list[int] | None = None
    """PDF only: the page of each of those boxes (so that a part of the file counts its own)."""
    page_layers: list[str] | None = None
    """PDF only: how each page was read: "native" (its text layer), "ocr-layer" (another tool's OCR layer
    over the page image), "ocr" (lrt's OCR) or "none" (no text, not read)."""
    text_layer: str | None = None
    """PDF only: source.text_layer: "ocr" when any page was read by OCR, else "ocr-layer" when any page
    carries another tool's OCR layer, else "native"; None for text input."""


def text_layer_of(page_layers: list[str]) -> str:
    """source.text_layer from how each page was read: "ocr" when any page was read by OCR, else "ocr-layer"
    when any page carries another tool's OCR layer, else "native"."""
    for kind in ("ocr", "ocr-layer"):
        if kind in page_layers:
            return kind
    return "native"


def sniff(data: bytes) -> str:
    """"pdf" or "text" from the bytes; raise for empty or unsupported input."""
    if not data.strip():
        raise EmptyInput("the file is empty")
    head = data[:1024]
    at = head.find(b"%PDF-")
    # a PDF's header opens the file (readers accept it within the first KB, after junk); text that
    # mentions "%PDF-" near its start is still text: a PDF has objects ("endobj") as well
    if at >= 0 and (not head[:at].strip() or b"endobj" in data):
        return "pdf"
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")):
        raise UnsupportedInput("not minutes: an HTML/XML page, not a PDF or text file")
    return "text"


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOM, then UTF-8, then cp1252. Reject binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as e:
                raise DecodeError(f"invalid {enc} text: {e.reason} at byte {e.start}") from e
    if b"\x00" in data:
        # UTF-16 without a BOM shows as every other byte zero in ASCII text
        sample = data[:2000]
        if sample[1::2].count(0) > 0.4 * len(sample) / 2:
            try:
                return data.decode("utf-16-le"), "utf-16-le"
            except UnicodeDecodeError:
                pass
        if sample[0::2].count(0) > 0.4 * len(sample) / 2:
            try:
                return data.decode("utf-16-be"), "utf-16-be"
            except UnicodeDecodeError:
                pass
        if data.count(0) > max(8, len(data) // 1000):
            raise UnsupportedInput("binary data, not text or PDF")
        data = data.replace(b"\x00", b"")  # a stray NUL or two in text (a copy-paste, a bad export): dropped
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, enc = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as e:
            raise DecodeError(f"not UTF-8 or cp1252 text (byte {e.start})") from e
    controls = sum(1 for c in text[:5000] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > 0.05 * min(len(text), 5000):
        raise UnsupportedInput("binary data, not text or PDF")
    return text, enc


_NEWLINE = re.compile(r"\r\n|\r|\n")


def text_lines(text: str) -> tuple[list[Line], int]:
    """Split text into Lines; a form feed starts a new page. Returns lines and page count."""
    lines: list[Line] = []
    page = 1
    for lineno, raw in enumerate(_NEWLINE.split(text), start=1):
        parts = raw.split("\f")
        for i, part in enumerate(parts):
            if i:
                page += 1
            if part or i == len(parts) - 1:
                lines.append(Line(part, page, lineno))
    return lines, page


def read_text(data: bytes) -> ReadResult:
    """Read a text file (the text of a minutes PDF, as the seeds are)."""
    if len(data) > MAX_TEXT_BYTES:
        raise TooLarge(f"{len(data):,} bytes of text, more than the limit of {MAX_TEXT_BYTES:,}")
    text, enc = decode_text(data)
    lines, pages = text_lines(text)
    if "\f" not in text:
        # without form feeds the page of a line is unknown (footers may sit anywhere in the text)
        return ReadResult(lines=[Line(ln.text, None, ln.lineno) for ln in lines], format="text", pages=None, encoding=enc)
    return ReadResult(lines=lines, format="text", pages=pages, encoding=enc)
