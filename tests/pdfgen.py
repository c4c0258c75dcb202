"""Letter-template PDFs made from text, for tests, benchmarks and fixtures (dev dependencies only).

Two renderers with different geometry, fonts and PDF writers: reportlab (`render`) and fpdf2
(`render_fpdf`). Both put the text's own side-column lines ("Datum" and its date, "Kenmerk")
in a narrow right-hand column, drop its old "Pagina N van M" lines and write their own in
that column, as the government letter template does. Both are deterministic (no timestamps).
"""

from __future__ import annotations

import io
import re

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

_PAGE = re.compile(r"^\s*Pagina\s+\d+\s+van\s+\d+\s*$")
_LABEL = re.compile(r"^\s*(Datum|Kenmerk)\s*$")


def split_side(text: str) -> list[tuple[str, list[str]]]:
    """The body lines, each with the side-column lines that came just before it in the text."""
    lines = text.splitlines()
    out: list[tuple[str, list[str]]] = []
    pending: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _PAGE.match(line):
            i += 1
            continue
        if _LABEL.match(line):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            pending += [line.strip(), lines[j].strip() if j < len(lines) else ""]
            i = j + 1
            continue
        out.append((line, pending))
        pending = []
        i += 1
    if pending:
        out.append(("", pending))
    return out


def _pages(text: str, per_page: int) -> list[list[tuple[str, list[str]]]]:
    body = split_side(text)
    return [body[i : i + per_page] for i in range(0, len(body), per_page)] or [[]]


def render(
    text: str,
    *,
    encrypt: str | None = None,
    text_layer: bool = True,
    redact: str | None = None,
    redact_badly: str | None = None,
    tabs: tuple[float, ...] = (),
) -> bytes:
    """A letter-template PDF of `text` made with reportlab (base-14 Helvetica).

    `redact`: every occurrence of this word is covered by a black box with "5.1.2e" printed on
    it in white, and left out of the text layer, as a Woo release does. `redact_badly`: a black
    box is drawn over the word but the word stays in the text layer (a failed redaction). `tabs`: a line with tab
    characters is drawn as table cells starting at these x positions.
    """
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt, invariant=1)
    pages = _pages(text, 55)
    for n, chunk in enumerate(pages, start=1):
        if not text_layer:
            c.setFillGray(0.3)
            c.rect(60, 300, 400, 400, fill=1)
            c.showPage()
            continue
        side = [s for _, pending in chunk for s in pending]
        c.setFont("Helvetica", 7)
        for k, s in enumerate(side):
            c.drawString(470, 780 - 10 * k, s)
        c.drawString(470, 40, f"Pagina {n} van {len(pages)}")
        c.setFont("Helvetica", 9)
        y = 760.0
        for line, _ in chunk:
            if tabs and "\t" in line:
                for x, cell in zip(tabs, line.split("\t"), strict=False):
                    c.drawString(x, y, cell)
            elif redact and redact in line:
                _draw_redacted(c, line, redact, y)
            elif redact_badly and redact_badly in line:
                c.drawString(60, y, line)
                x = 60 + c.stringWidth(line[: line.index(redact_badly)], "Helvetica", 9)
                c.rect(x - 1, y - 2, c.stringWidth(redact_badly, "Helvetica", 9) + 2, 10, fill=1, stroke=0)
            else:
                c.drawString(60, y, line)
            y -= 12.5
        c.showPage()
    c.save()
    return buf.getvalue()


def _draw_redacted(c: canvas.Canvas, line: str, word: str, y: float) -> None:
    x = 60.0
    for k, part in enumerate(line.split(word)):
        if k:
            w = c.stringWidth(word, "Helvetica", 9)
            c.setFillGray(0)
            c.rect(x, y - 2, w, 10, fill=1, stroke=0)
            c.setFillGray(1)
            c.setFont("Helvetica", 6)
            c.drawString(x + 1, y, "5.1.2e")
            c.setFont("Helvetica", 9)
            c.setFillGray(0)
            x += w
        c.drawString(x, y, part)
        x += c.stringWidth(part, "Helvetica", 9)


def render_fpdf(text: str) -> bytes:
    """The same kind of letter-template PDF made by a second renderer (fpdf2): Times, other margins and spacing."""
    import datetime as dt

    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.core_fonts_encoding = "windows-1252"  # the base-14 fonts' WinAnsi encoding: ’ • – “ ” ë
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))  # fixed: same text, same bytes
    pages = _pages(text, 62)
    for n, chunk in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=7.5)
        side = [s for _, pending in chunk for s in pending]
        for k, s in enumerate(side):
            pdf.text(455, 70 + 10 * k, s)
        pdf.text(455, 810, f"Pagina {n} van {len(pages)}")
        pdf.set_font("Times", size=10)
        y = 70.0
        for line, _ in chunk:
            pdf.text(70, y, line)
            y += 11.5
    return bytes(pdf.output())
