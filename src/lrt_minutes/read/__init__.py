"""Stage 1, read: input bytes into numbered lines (text files in `text`, PDFs by geometry in `pdf`).

`text` also holds the hand-off types of this stage (`Line`, `ReadResult`). `pdf` imports
pypdfium2 and is imported only when a PDF is read.
"""

from __future__ import annotations

from .text import Line, ReadResult, read_text, sniff

__all__ = ["Line", "ReadResult", "read_bytes"]


def read_bytes(data: bytes, password: str | None = None, ocr: str = "auto") -> ReadResult:
    """Read a PDF or a text file from its bytes; raise an `InputError` for anything else.

    `ocr` says which PDF pages are read by OCR ("auto", "always", "never"; see `pdf.read_pdf`).
    """
    if sniff(data) == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, password=password, ocr=ocr)
    return read_text(data)
