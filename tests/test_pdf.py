"""PDF input: real minutes PDFs from ../shared (skipped when absent) and broken PDFs made here."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lrt_minutes import extract
from lrt_minutes.cli import app
from lrt_minutes.errors import DamagedPdf, EmptyInput, EncryptedPdf, NoTextLayer, UnsupportedInput

from .conftest import SEEDS, SHARED

reportlab = pytest.importorskip("reportlab")
from .pdfgen import render  # noqa: E402

REAL = sorted((SHARED / "real-pdf").glob("*.pdf")) if (SHARED / "real-pdf").is_dir() else []


SEED_TEXT = (SEEDS / "000_b02e470687c8b965.txt").read_text(encoding="utf-8")


def test_rendered_seed_reads_like_its_text(tagger):
    from_text = extract(SEED_TEXT.encode(), name="x", tagger=tagger)
    from_pdf = extract(render(SEED_TEXT), name="x", tagger=tagger)
    assert from_pdf.source.format == "pdf" and from_pdf.source.pages == 3
    assert from_pdf.meeting == from_text.meeting
    assert [(p.name, p.organisation) for p in from_pdf.attendees] == [(p.name, p.organisation) for p in from_text.attendees]
    assert [(i.number, i.title) for i in from_pdf.agenda_items] == [(i.number, i.title) for i in from_text.agenda_items]
    assert [p.text for i in from_pdf.agenda_items for p in i.points] == [
        p.text for i in from_text.agenda_items for p in i.points
    ]
    pages = {p.page for i in from_pdf.agenda_items for p in i.points}
    assert pages == {1, 2, 3}


def test_encrypted_pdf():
    data = render("1. Item", encrypt="geheim")
    with pytest.raises(EncryptedPdf, match="--password"):
        extract(data, tags=False)
    assert extract(data, tags=False, password="geheim").agenda_items[0].title == "Item"


def test_truncated_pdf():
    data = render(SEED_TEXT)
    with pytest.raises(DamagedPdf):
        extract(data[: len(data) // 3], tags=False)


def test_pdf_without_text_layer_needs_ocr():
    with pytest.raises(NoTextLayer, match="OCR"):
        extract(render("", text_layer=False), tags=False)


def test_zero_bytes():
    with pytest.raises(EmptyInput):
        extract(b"", tags=False)


def test_html_saved_as_pdf():
    with pytest.raises(UnsupportedInput, match="HTML"):
        extract(b"<!DOCTYPE html><html><body>Verslag</body></html>", tags=False)


def test_cli_names_each_broken_pdf_and_keeps_the_good_one(tmp_path, tagger):
    (tmp_path / "good.pdf").write_bytes(render(SEED_TEXT))
    (tmp_path / "locked.pdf").write_bytes(render("1. Item", encrypt="x"))
    (tmp_path / "scan.pdf").write_bytes(render("", text_layer=False))
    r = CliRunner().invoke(app, ["extract", str(tmp_path), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert "locked.pdf: encrypted:" in r.stderr
    assert "scan.pdf: no-text:" in r.stderr
    assert [p.name for p in (tmp_path / "out").glob("*.json")] == ["good.json"]
    assert json.loads((tmp_path / "out" / "good.json").read_text())["meeting"]["date"] == "2022-11-09"


@pytest.mark.skipif(not REAL, reason="../shared/real-pdf is not beside the project")
@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_real_pdf_reads_without_error(path, tagger):
    doc = extract(path, tagger=tagger)
    assert doc.source.format == "pdf" and doc.source.pages and doc.source.pages > 1
    assert doc.agenda_items, "no agenda items found"
    for item in doc.agenda_items:
        assert "Pagina" not in item.title
        for point in item.points:
            assert "Pagina " not in point.text


@pytest.mark.skipif(not REAL, reason="../shared/real-pdf is not beside the project")
def test_real_pdf_header_with_time_range(tagger):
    path = SHARED / "real-pdf" / "logius-to-digikoppeling-2024-09-19.pdf"
    m = extract(path, tagger=tagger).meeting
    assert (m.date, m.start_time, m.end_time) == ("2024-09-19", "10:00", "14:00")
    assert m.location is not None and m.location.startswith("Amersfoort")


@pytest.mark.skipif(not REAL, reason="../shared/real-pdf is not beside the project")
@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_real_pdf_written_markers_become_tags(path, tagger):
    """Every "Besluit:", "Toezegging:", "<actiepunt ...>" line of the minutes comes out as a tag."""
    import re

    from lrt_minutes.pdf import read_pdf

    marker = re.compile(r"^\s*(?:<\s*(?:besluit|actiepunt|toezegging)\b[^>]*>|(?:besluit|toezegging|actiepunt)\b[^:.]{0,20}:)", re.I)
    lines = [ln.text.strip() for ln in read_pdf(path.read_bytes()).lines if marker.match(ln.text)]
    doc = extract(path, tagger=tagger)
    tags = [t.text for it in doc.agenda_items for p in it.points for pp in [p, *p.children] for t in pp.tags]
    missing = [ln for ln in lines if not any(" ".join(ln.split())[:25] in t for t in tags)]
    assert missing == []
