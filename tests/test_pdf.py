"""PDF input: real minutes PDFs from ../shared (skipped when absent) and broken PDFs made here."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
    # page furniture ("Pagina 2 van 5") never reaches titles or points; a title may still say
    # "Pagination module" (logius-to-api-design-rules-2026-06-04), so the furniture's pattern is checked
    furniture = re.compile(r"\bPagina\s+\d+\s+van\s+\d+", re.I)
    for item in doc.agenda_items:
        assert not furniture.search(item.title or "")
        for point in item.points:
            assert not furniture.search(point.text)


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

    from lrt_minutes.read.pdf import read_pdf

    marker = re.compile(r"^\s*(?:<\s*(?:besluit|actiepunt|toezegging)\b[^>]*>|(?:besluit|toezegging|actiepunt)\b[^:.]{0,20}:)", re.I)
    lines = [ln.text.strip() for ln in read_pdf(path.read_bytes()).lines if marker.match(ln.text)]
    doc = extract(path, tagger=tagger)
    found = [t for it in doc.agenda_items for p in it.points for pp in [p, *p.children] for t in pp.tags]
    tags = [t.text for t in found]
    closing = re.compile(r"^\s*(<[^>]*>)\s*\.")

    def closes_the_sentence_before(line: str) -> bool:
        # "<actiepunt Martin>. In elk geval ..." closes the sentence before it: that sentence is the action, Martin's
        m = closing.match(line)
        return m is not None and any(
            not t.text.startswith("<") and t.owners and t.owners[0].split()[0] in m.group(1) for t in found
        )

    missing = [
        ln for ln in lines if not any(" ".join(ln.split())[:25] in t for t in tags) and not closes_the_sentence_before(ln)
    ]
    assert missing == []


REAL_EXPECTED = json.loads((Path(__file__).parent / "data" / "real_pdf.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not REAL, reason="../shared/real-pdf is not beside the project")
@pytest.mark.parametrize("name", sorted(REAL_EXPECTED))
def test_real_pdf_meeting_items_and_lists(name):
    """Meeting date, time and place, every agenda item with its title, and the size of each list,
    as read by hand from the PDF (tests/data/real_pdf.json)."""
    want = REAL_EXPECTED[name]
    doc = extract(SHARED / "real-pdf" / name, tags=False)
    assert {k: getattr(doc.meeting, k) for k in want["meeting"]} == want["meeting"]
    assert {it.number: it.title for it in doc.agenda_items} == want["items"]
    got = {"members": len(doc.members), "attendees": len(doc.attendees), "absentees": len(doc.absentees)}
    assert got == want["counts"]


@pytest.mark.skipif(not REAL, reason="../shared/real-pdf is not beside the project")
@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_real_pdf_side_column_and_footer_stay_out_of_the_body(path):
    import re

    from lrt_minutes.read.pdf import SIDE_LABEL, read_pdf

    read = read_pdf(path.read_bytes())
    assert read.side, "the side column was found"
    # the template's own lines (labels, addresses, phone numbers, e-mail); a contact's name may be in the text too
    side = {ln.text for ln in read.side if len(ln.text) >= 6 and (SIDE_LABEL.match(ln.text) or re.search(r"[\d@]", ln.text))}
    doc = extract(path, tags=False)
    texts = [it.title for it in doc.agenda_items]
    texts += [p.text for it in doc.agenda_items for p in it.points for p in [p, *p.children]]
    texts += [x for p in doc.attendees + doc.absentees + doc.members for x in (p.raw,)]
    for text in texts:
        assert not re.search(r"\bPagina \d+ van \d+\b", text), text
        assert not [s for s in side if s in text], text


def test_side_column_boundary_needs_alignment_and_a_template_label():
    from lrt_minutes.read.pdf import Segment, column_boundary

    body = [Segment(60, 440, 700 - 12 * i, 708 - 12 * i, f"body line {i}") for i in range(40)]
    side = [Segment(470, 520, 760, 767, "Datum"), Segment(470, 530, 750, 757, "3 mei 2024"), Segment(470, 520, 40, 47, "Pagina 1 van 2")]
    assert column_boundary([body + side], 595) == 470
    # right-aligned cells of a table (no template label among them) are not a side column
    cells = [Segment(470, 500, 700 - 12 * i, 708 - 12 * i, f"{i},00") for i in range(5)]
    assert column_boundary([body + cells], 595) is None
    # body text that runs across the candidate edge on the same line: not a column
    crossing = [Segment(60, 560, 760 - 10 * i, 767 - 10 * i, "a long line across the page") for i in range(3)]
    assert column_boundary([body + side + crossing], 595) is None


def test_text_drawn_twice_over_itself_is_kept_once():
    from lrt_minutes.read.pdf import _undouble

    assert _undouble("4. Roadmap API Access Roadmap API Access") == "4. Roadmap API Access"
    assert _undouble("Het is wat het is") == "Het is wat het is"
    assert _undouble("ja ja") == "ja ja"


@pytest.mark.skipif(not REAL, reason="../shared/real-pdf is not beside the project")
def test_real_pdf_action_list_rows(tagger):
    doc = extract(SHARED / "real-pdf" / "logius-to-api-design-rules-2025-02-04.pdf", tagger=tagger)
    rows = [t for it in doc.agenda_items for p in it.points if p.section == "Actielijst" for t in p.tags]
    assert [(t.ref, t.status) for t in rows] == [
        ("2504/03", "done"), ("2410/04", "done"), ("2410/05", "done"), ("2410/06", "open"),
        ("0204/07", "open"), ("0204/08", "open"), ("0204/09", "open"), ("0204/10", "open"),
    ]  # fmt: skip
    assert all(t.type == "action" and t.rule == "action-list-row" for t in rows)
    assert rows[-1].text == "Read.me bijwerken zodat alles weer uptodate is"
    # the text's "<actiepunt Logius> Read.me bijwerken" is the same action: it carries the row's number
    linked = {t.text: t.ref for it in doc.agenda_items for p in it.points if p.section != "Actielijst" for t in p.tags if t.ref}
    assert linked.get("<actiepunt Logius> Read.me bijwerken") == "0204/10"
    # the table's head and legend are not points
    texts = [p.text for it in doc.agenda_items for p in it.points]
    assert not [t for t in texts if t.startswith(("Nr Actie", "Actiepunt O=", "O=open"))]


def test_a_doubled_tail_is_found_as_the_plain_definition_finds_it():
    """`_doubled_tail` (a quick test first, then a linear scan) agrees with the definition: the longest
    `a` of 8 or more characters, not starting with a space, with text == head + a + " " + a."""
    import random

    from lrt_minutes.read.pdf import _doubled_tail

    def plain(text: str) -> int:
        for k in range((len(text) - 1) // 2, 7, -1):
            a = text[len(text) - k :]
            if text[: len(text) - k].endswith(a + " ") and not a[0].isspace():
                return k
        return 0

    rng = random.Random(3)
    texts = ["4. Roadmap API Access Roadmap API Access", "Het is wat het is", "aaaaaaaa aaaaaaaa", "x" * 40]
    for _ in range(3000):
        words = [rng.choice(["ab", "b a", "Acties", "a", " ", "aa"]) for _ in range(rng.randint(1, 12))]
        tail = "".join(words)
        texts.append(rng.choice(["", "1. ", "Punt "]) + tail + " " + tail if rng.random() < 0.5 else tail)
    found = 0
    for text in texts:
        assert _doubled_tail(text) == plain(text) if "\n" not in text and len(text) >= 17 else True, text
        found += plain(text) > 0
    assert found > 300


def test_characters_printed_twice_are_kept_once():
    from lrt_minutes.read.pdf import _undouble

    assert _undouble("VVeerrssllaagg  LLRRTT") == "Verslag LRT"
    assert _undouble("aabbccdd") == "abcd"
    assert _undouble("11223344") == "11223344"  # digits alone: not text printed twice


def test_nesting_from_indentation_whatever_the_glyph():
    from lrt_minutes.clean.lines import clean
    from lrt_minutes.read.text import Line
    from lrt_minutes.structure.agenda import RawItem, parse_points

    item = RawItem([1], ["Opening"], 1, 1)
    item.body = clean([
        Line("• VNG licht toe:", 1, 2, 90.0),
        Line("• eerste punt", 1, 3, 108.0),
        Line("- tweede punt", 1, 4, 108.0),
        Line("- IPO vult aan.", 1, 5, 90.0),
    ]).lines
    parse_points(item)
    assert [(p.text, [c.text for c in p.children]) for p in item.points] == [
        ("VNG licht toe:", ["eerste punt", "tweede punt"]),
        ("IPO vult aan.", []),
    ]


REDACTED_DIR = SHARED / "real-pdf-redacted"


@pytest.mark.skipif(not (REDACTED_DIR / "jenv_dji_wob_rapporten_blackbox.pdf").is_file(), reason="../shared/real-pdf-redacted absent")
def test_real_release_black_boxes_are_counted():
    """Black boxes with "10.2.e" on them, drawn in form XObjects: each counted, none hides leftover text.

    (659: the text under every one of them is a ground, so none is a stray dark shape.)"""
    doc = extract(REDACTED_DIR / "jenv_dji_wob_rapporten_blackbox.pdf", tags=False)
    assert doc.redactions == 659
    assert "text_under_redaction" not in {w.code for w in doc.warnings}


@pytest.mark.skipif(not REAL, reason="../shared/real-pdf is not beside the project")
@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_real_minutes_without_redactions_have_no_boxes(path):
    """Table shading, rules and logos are not redaction boxes."""
    from lrt_minutes.read.pdf import read_pdf

    assert read_pdf(path.read_bytes()).redaction_boxes == 0


def test_an_ocr_layer_without_glyph_heights_reads_its_pieces_as_one_line():
    """Another tool's OCR layer in an invisible font whose glyphs have no height, a line placed in pieces at
    slightly different heights: the pieces are one line, in reading order, one cell where they stand close."""
    from lrt_minutes.read.pdf import read_pdf

    from .pdfgen import flat_layer_pdf

    pdf = flat_layer_pdf([
        (100, 700, 10, "De werkgroep vindt de termijn"), (249, 703, 10, "te kort; afgesproken wordt het"),
        (100, 686, 10, "punt opnieuw te agenderen."),
        (100, 658, 10, "Rondvraag"), (300, 661, 10, "Geen vragen."),
    ])  # fmt: skip
    lines = [ln for ln in read_pdf(pdf).lines if ln.text]
    assert [ln.text for ln in lines] == [
        "De werkgroep vindt de termijn te kort; afgesproken wordt het",
        "punt opnieuw te agenderen.",
        "Rondvraag Geen vragen.",
    ]
    assert lines[0].cells == ()  # pieces a word's space apart are not table cells
    assert [x for x, _ in lines[2].cells] == [100, 300]  # a column gap still is


def test_a_text_line_whose_words_stand_on_different_rows_is_cut_into_rows():
    """Grounds stamped on redaction boxes one under another can come out of PDFium as one "line" spanning all
    their rows: each word goes to its own row, words side by side on one row stay together."""
    from lrt_minutes.read.pdf import _stacked

    line = "10.2.e 10.2.e 10.2.e 5.1.2e"
    # (x, y) of each character: three grounds on three rows 16 pt apart, a fourth far right of the last one
    places = [(100 + 6 * i, 700.0) for i in range(6)] + [(0, 0)]
    places += [(100 + 6 * i, 684.0) for i in range(6)] + [(0, 0)]
    places += [(100 + 6 * i, 668.0) for i in range(6)] + [(0, 0)] + [(300 + 6 * i, 668.0) for i in range(6)]

    class Boxes:
        def box(self, i: int) -> tuple[float, float, float, float]:
            x, y = places[i]
            return x, y, x + 5, y + 8

        def bold(self, i: int) -> bool:
            return False

    segs = _stacked(line, 0, 0, len(line) - 1, Boxes(), 10.0)  # type: ignore[arg-type]
    assert [(s.text, s.y0) for s in segs] == [("10.2.e", 700.0), ("10.2.e", 684.0), ("10.2.e 5.1.2e", 668.0)]
    assert segs[2].cells == ((100.0, "10.2.e"), (300.0, "5.1.2e"))


def test_a_label_standing_in_the_gap_of_a_line_reads_in_its_place():
    """A ground printed where a name was taken out of a line ("- [gap] (Bond)") is read in its place, left to right."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from lrt_minutes.read.pdf import read_pdf

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "-")
    c.drawString(150, 700, "(Bond)")  # a list's row, with a gap where the name was
    t = c.beginText()  # the grounds, drawn afterwards as one text object
    t.setFont("Helvetica", 11)
    t.setTextOrigin(90, 700)
    t.textOut("10.2.e ")
    t.setTextOrigin(90, 668)
    t.textOut("10.2.e")
    c.drawText(t)
    c.showPage()
    c.save()
    lines = [ln for ln in read_pdf(buf.getvalue()).lines if ln.text]
    assert [ln.text for ln in lines] == ["- 10.2.e (Bond)", "10.2.e"]
    assert [t for _, t in lines[0].cells] == ["-", "10.2.e", "(Bond)"]
