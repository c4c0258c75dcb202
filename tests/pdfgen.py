"""Letter-template PDFs made from text with reportlab (a dev dependency), for tests, benchmarks and fixtures."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def render(text: str, *, encrypt: str | None = None, text_layer: bool = True) -> bytes:
    """A small letter-template PDF of `text`: body column, side column with Datum, footer."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt, invariant=1)
    lines = text.splitlines()
    per_page = 55
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    for n, chunk in enumerate(pages, start=1):
        if text_layer:
            c.setFont("Helvetica", 7)
            c.drawString(470, 780, "Datum")
            c.drawString(470, 770, "23 november 2022")
            c.drawString(470, 40, f"Pagina {n} van {len(pages)}")
            c.setFont("Helvetica", 9)
            y = 760
            for line in chunk:
                c.drawString(60, y, line)
                y -= 12.5
        else:
            c.setFillGray(0.3)
            c.rect(60, 300, 400, 400, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()
