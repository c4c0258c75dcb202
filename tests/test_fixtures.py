"""The committed PDF fixtures (fixtures/, made by scripts/make_fixtures.py) as a user meets them."""

from __future__ import annotations

import importlib.util

import pytest

from lrt_minutes import extract
from lrt_minutes.errors import DamagedPdf, EncryptedPdf, NoTextLayer

from .conftest import FIXTURES, ROOT, SEEDS

pytest.importorskip("reportlab")
pytest.importorskip("fpdf")


def _script():
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_fixtures_are_what_the_script_makes():
    """Deterministic renderers: the committed bytes are reproducible (run the script after changing it)."""
    made = _script().fixtures()
    assert sorted(made) == sorted(p.name for p in FIXTURES.glob("*.pdf"))
    stale = [name for name, data in made.items() if (FIXTURES / name).read_bytes() != data]
    assert stale == []


def _summary(doc):
    return (
        doc.meeting.model_dump(),
        [(p.raw, p.redacted) for p in doc.attendees + doc.absentees],
        [(it.number, it.title, [(p.section, p.text, [(t.type, t.text, t.owners) for t in p.tags]) for p in it.points]) for it in doc.agenda_items],
    )


@pytest.mark.parametrize("name", ["verslag-reportlab.pdf", "verslag-fpdf2.pdf"])
def test_template_pdfs_read_like_the_text(name, tagger):
    pdf = extract(FIXTURES / name, tagger=tagger)
    text = extract(SEEDS / "002_eb9e69540956417c.txt", tagger=tagger)
    assert _summary(pdf) == _summary(text)
    assert pdf.source.format == "pdf" and pdf.meeting.document_date == "2023-12-07"
    assert all(p.page is not None for it in pdf.agenda_items for p in it.points)


def test_redaction_box_with_woo_ground(tagger):
    doc = extract(FIXTURES / "redacted-5.1.2e.pdf", tagger=tagger)
    redacted = [p for p in doc.attendees if p.redacted]
    assert [(p.name, p.organisation, p.redaction_ground) for p in redacted] == [(None, "IPO", "5.1.2e")]
    assert doc.absentees[0].redacted and doc.absentees[0].organisation == "COA"
    assert doc.redactions == 2
    assert [p.name for p in doc.attendees if not p.redacted] == ["Jansen", "De Vries"]


def test_encrypted_truncated_and_scanned_fixtures():
    with pytest.raises(EncryptedPdf):
        extract(FIXTURES / "encrypted.pdf", tags=False)
    assert extract((FIXTURES / "encrypted.pdf").read_bytes(), tags=False, password="geheim").meeting.date == "2023-11-03"
    with pytest.raises(DamagedPdf):
        extract(FIXTURES / "truncated.pdf", tags=False)
    with pytest.raises(NoTextLayer):
        extract(FIXTURES / "scanned-no-text.pdf", tags=False)


def test_action_list_table_rows_become_action_tags_linked_to_the_text(tagger):
    doc = extract(FIXTURES / "actielijst.pdf", tagger=tagger)
    item = doc.agenda_items[-1]
    rows = [p for p in item.points if p.section == "Actielijst"]
    assert [(t.ref, t.status, t.owners, t.rule, t.explicit) for p in rows for t in p.tags] == [
        ("2501/01", "open", ["Logius"], "action-list-row", True),
        ("2501/02", "done", ["VNG"], "action-list-row", True),
    ]
    assert rows[1].text == "Versie 1.1 van de module opnemen in de standaard (ook in de issuelijst)"
    # the table's title and head are not points; the actiepunt of the text carries the row's number
    assert not [p for p in item.points if p.text in ("Actielijst", "Nr Actie Naam O/G")]
    (marker,) = [t for p in item.points if p.section is None for t in p.tags]
    assert (marker.ref, marker.status) == ("2501/01", "open")


def test_text_left_under_a_redaction_box_is_not_passed_on(tagger):
    doc = extract(FIXTURES / "redacted-badly.pdf", tagger=tagger)
    assert "Bakker" not in doc.model_dump_json()
    ipo = next(p for p in doc.attendees if p.organisation == "IPO")
    assert ipo.redacted and ipo.name is None
    assert doc.redactions == 2
    assert [w.code for w in doc.warnings].count("text_under_redaction") == 2
