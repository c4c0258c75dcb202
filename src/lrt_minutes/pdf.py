"""Read, PDF part: pages into lines with page numbers, using pypdfium2's text extraction.

Text comes in content-stream order, which for the government letter template puts the side
column (Datum, Kenmerk, sender) and the "Pagina N van M" footer between body lines, exactly
as in the text versions of the minutes; the clean stage takes them out and records them.
"""

from __future__ import annotations

import contextlib
import re

import pypdfium2 as pdfium

from .errors import DamagedPdf, EncryptedPdf, NoTextLayer
from .read import Line, ReadResult

_NEWLINES = re.compile(r"\r\n|\r|\n")


def open_pdf(data: bytes, password: str | None = None) -> pdfium.PdfDocument:
    """Open PDF bytes, mapping PDFium's failures to the library's errors."""
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        message = str(e)
        if "password" in message.lower():
            if password:
                raise EncryptedPdf("the PDF is encrypted and the password given does not open it") from e
            raise EncryptedPdf("the PDF is encrypted: give its password with --password") from e
        raise DamagedPdf(f"the PDF cannot be opened ({message.split('(')[-1].rstrip(').') or message})") from e


def read_pdf(data: bytes, password: str | None = None) -> ReadResult:
    """Lines of every page; damaged pages are skipped with a warning, a PDF without text is an error."""
    pdf = open_pdf(data, password)
    lines: list[Line] = []
    warnings: list[tuple[str, str]] = []
    lineno = 0
    chars = 0
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise DamagedPdf("the PDF has no pages")
        for index in range(n_pages):
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                warnings.append(("damaged_page", f"page {index + 1} could not be read and was skipped"))
                continue
            textpage = None
            try:
                textpage = page.get_textpage()
                count = textpage.count_chars()
                text = textpage.get_text_range() if count > 0 else ""
            except pdfium.PdfiumError:
                warnings.append(("damaged_page", f"page {index + 1}: its text could not be read"))
                text, count = "", 0
            finally:
                if textpage is not None:
                    textpage.close()
                page.close()
            chars += count
            if not text.strip():
                warnings.append(("empty_page", f"page {index + 1} has no text"))
            for raw in _NEWLINES.split(text.replace("\x00", "")):
                lineno += 1
                lines.append(Line(raw.replace("\ufffe", "").replace("\x02", "-"), index + 1, lineno))
    finally:
        with contextlib.suppress(Exception):
            pdf.close()
    if chars == 0:
        raise NoTextLayer(f"the PDF has {n_pages} page(s) but no text layer: it needs OCR first")
    return ReadResult(lines=lines, format="pdf", pages=n_pages, warnings=warnings)
