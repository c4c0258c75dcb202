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


def flat_layer_pdf(words: list[tuple[float, float, float, str]]) -> bytes:
    """A page of invisible text whose glyphs have no height, as another tool's OCR layer writes it over a scan:
    `words` are (x, y, size, text), each piece placed on its own (an OCR layer places each word or piece of a
    line where the tool found it, a little higher or lower than its neighbours). Written by hand: a Type 3
    font whose one glyph is empty and whose font box gives the type its height."""
    widths = " ".join(["500"] * 256)
    diffs = "[0 " + " ".join(["/e"] * 256) + "]"
    content = ["BT 3 Tr"]
    for x, y, size, text in words:
        esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content.append(f"/F1 {size} Tf 1 0 0 1 {x} {y} Tm ({esc}) Tj")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    glyph = b"500 0 0 0 0 0 d1"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
        (
            "<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 500 800] /FontMatrix [0.001 0 0 0.001 0 0] "
            f"/CharProcs << /e 5 0 R >> /Encoding << /Type /Encoding /Differences {diffs} >> "
            f"/FirstChar 0 /LastChar 255 /Widths [{widths}] >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(glyph) + glyph + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)
