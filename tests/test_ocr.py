"""OCR of pages without a text layer, other tools' OCR layers, and redaction boxes found in page images."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from lrt_minutes.api import extract
from lrt_minutes.cli import app
from lrt_minutes.errors import NoTextLayer
from lrt_minutes.read import ocr
from lrt_minutes.read.ocr import Word, apply_boxes, read_ground, words_to_segments
from lrt_minutes.read.redaction import find_boxes

from .conftest import SHARED
from .pdfgen import render

GOLD_REAL = Path(__file__).resolve().parent / "data" / "gold_real"
needs_ocr = pytest.mark.skipif(ocr.available() is not None, reason="Tesseract (tesserocr + nld model) not installed")

MINUTES = """Verslag overleg werkgroep
Vergaderdatum 14 maart 2023
Tijd 10:00 - 12:00 uur
Locatie Utrecht
Aanwezig Dhr. Jansen (VNG), Mevr. De Vries (IPO)

1. Opening
- De voorzitter opent de vergadering.
2. Planning
- Afgesproken wordt dat de planning volgende week wordt rondgestuurd.
"""


def image_pdf(pdf_bytes: bytes, dpi: int = 200) -> bytes:
    """The PDF with each page replaced by its picture: a scan without a text layer."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


# ------------------------------------------------------------------ words into lines (no Tesseract needed)


def words(*specs: tuple[float, float, str, int]) -> list[Word]:
    """Words of 10 pt high text: (x, baseline y, text, line)."""
    out = []
    for x, y, text, line in specs:
        out.append(Word(x, y, x + 6 * len(text), y + 10, text, line, 90.0))
    return out


def test_word_under_a_box_is_redacted_and_its_ground_read_as_ocr_writes_it():
    ws = words((100, 700, "Aanwezig:", 1), (170, 700, "Jansen", 1), (220, 700, "(VNG)", 1))
    texts = " ".join(s.text for s in words_to_segments(apply_boxes(ws, [(168, 698, 210, 711)])))
    assert "█" in texts and "Jansen" not in texts and "(VNG)" in texts
    # the ground on the box, as OCR spaced it out
    ws = words((100, 700, "Aanwezig:", 1), (170, 700, "5.1.2", 1), (202, 700, "e", 1), (220, 700, "(VNG)", 1))
    texts = " ".join(s.text for s in words_to_segments(apply_boxes(ws, [(168, 698, 212, 711)])))
    assert "5.1.2e" in texts and "(VNG)" in texts


@pytest.mark.parametrize(
    ("ocr_text", "ground"),
    [("5.1.2e", "5.1.2e"), ("5.1.2 e", "5.1.2e"), ("5 1 2 e", "5.1.2e"), ("10 2 e", "10.2.e"), ("10.2.g", "10.2.g"),
     ("1111111", None), ("IEEE", None)],
)  # fmt: skip
def test_grounds_as_ocr_writes_them(ocr_text, ground):
    assert read_ground(ocr_text) == ground


def test_a_number_beside_a_box_goes_with_the_box_not_a_page_number():
    # OCR cut "10.2.e" printed beside the box short to "10"
    ws = words((100, 700, "Afwezig:", 1), (200, 700, "10", 2))
    segs = words_to_segments(apply_boxes(ws, [(150, 698, 195, 711)]))
    assert sorted(s.text for s in segs) == ["Afwezig:", "█"]
    # a whole ground beside a box is written as the law writes it
    ws = words((100, 700, "Afwezig:", 1), (200, 700, "10", 2), (214, 700, "2", 2), (222, 700, "e", 2))
    segs = words_to_segments(apply_boxes(ws, [(150, 698, 195, 711)]))
    assert "10.2.e" in " ".join(s.text for s in segs)


def test_a_bullet_read_as_a_letter_is_a_bullet():
    ws = [Word(100, 700, 104, 704, "e", 1), Word(115, 698, 150, 708, "Punt", 1), Word(155, 698, 190, 708, "een", 1)]
    assert [s.text for s in words_to_segments(ws)] == ["• Punt een"]
    # a word "e" inside a sentence is left alone
    ws = [Word(100, 698, 130, 708, "punt", 1), Word(133, 698, 138, 704, "e", 1), Word(141, 698, 170, 708, "twee", 1)]
    assert [s.text for s in words_to_segments(ws)] == ["punt e twee"]


def test_words_far_apart_are_separate_pieces_of_a_row():
    ws = words((100, 700, "Datum", 1), (400, 700, "Kenmerk", 1))
    assert [s.text for s in words_to_segments(ws)] == ["Datum", "Kenmerk"]


# ------------------------------------------------------------------ boxes from pixels


def page_image() -> np.ndarray:
    """A 100 dpi page: a line of bold text, a grey box with a white ground on it, a black bar."""
    img = np.full((1169, 827), 255, dtype=np.uint8)
    s = 100 / 72
    # heavy text: strokes 2 pt wide, 6 pt apart
    for k in range(20):
        x = int((100 + 6 * k) * s)
        img[int(100 * s) : int(110 * s), x : x + int(2 * s)] = 0
    # grey box 60 x 11 pt with white letters in the middle
    top, left = int(200 * s), int(100 * s)
    img[top : top + int(11 * s), left : left + int(60 * s)] = 107
    for k in range(6):
        x = left + int((12 + 6 * k) * s)
        img[top + int(3 * s) : top + int(8 * s), x : x + 2] = 255
    # black bar 80 x 12 pt
    img[int(300 * s) : int(312 * s), int(200 * s) : int(280 * s)] = 0
    return img


def test_grey_and_black_boxes_are_found_in_a_page_image_and_text_is_not():
    boxes = find_boxes(page_image(), 100 / 72, 842)
    assert len(boxes) == 2
    grey, black = boxes
    assert grey[0] == pytest.approx(100, abs=2) and grey[2] == pytest.approx(160, abs=2)
    assert 842 - grey[3] == pytest.approx(200, abs=2)
    assert black[0] == pytest.approx(200, abs=2) and black[3] - black[1] == pytest.approx(12, abs=2)


def test_a_grey_box_filled_by_its_ground_edge_to_edge_is_found():
    img = np.full((1169, 827), 255, dtype=np.uint8)
    s = 100 / 72
    top, left = int(400 * s), int(300 * s)
    img[top : top + 15, left : left + int(30 * s)] = 107
    # white letters from one side to the other over the middle rows: no solid core beside them
    for x in range(left + 3, left + int(30 * s) - 3, 2):
        img[top + 5 : top + 10, x] = 255
    boxes = find_boxes(img, s, 842)
    assert len(boxes) == 1 and boxes[0][0] == pytest.approx(300, abs=2)


def test_a_page_without_boxes_has_none():
    assert find_boxes(np.full((1169, 827), 250, dtype=np.uint8), 100 / 72, 842) == []


# ------------------------------------------------------------------ without Tesseract


def test_scan_without_tesseract_fails_with_no_text_and_the_install_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # no Dutch model there
    monkeypatch.setattr(ocr, "_API", None)
    with pytest.raises(NoTextLayer, match=r"pip install 'lrt-minutes\[ocr\]'.*tesseract-ocr-nld"):
        extract(image_pdf(render(MINUTES)), tags=False)
    (tmp_path / "scan.pdf").write_bytes(image_pdf(render(MINUTES)))
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "scan.pdf"), "-j", "0"])
    assert r.exit_code == 1
    assert "scan.pdf: no-text:" in r.stderr and "tesseract-ocr-nld" in r.stderr
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "scan.pdf"), "--ocr", "always"])
    assert r.exit_code == 2 and "--ocr always" in r.stderr


def test_ocr_never_leaves_a_scan_unread(tmp_path):
    with pytest.raises(NoTextLayer, match="--ocr auto"):
        extract(image_pdf(render(MINUTES)), tags=False, ocr="never")


# ------------------------------------------------------------------ another tool's OCR layer


def ocr_layer_pdf(text: str, layer: str | None = None) -> bytes:
    """A page image (the rendered minutes) with the same words over it in invisible text, as scanning software
    makes (or `layer`'s words, a layer that lost some of the text)."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = pdfium.PdfDocument(render(text))[0]
    image = page.render(scale=150 / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    t = c.beginText()
    t.setTextRenderMode(3)
    t.setFont("Helvetica", 9)
    t.setTextOrigin(72, 760)
    for line in (text if layer is None else layer).splitlines():
        t.textLine(line)
    c.drawText(t)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_another_tools_ocr_layer_is_read_and_said():
    doc = extract(ocr_layer_pdf(MINUTES), tags=False, ocr="never")
    assert doc.source.text_layer == "ocr-layer"
    assert any(w.code == "ocr_layer" and "--ocr always" in w.message for w in doc.warnings)
    assert doc.meeting.date == "2023-03-14"


def test_born_digital_and_text_input_say_where_their_text_came_from():
    assert extract(render(MINUTES), tags=False).source.text_layer == "native"
    assert extract(MINUTES.encode(), tags=False).source.text_layer is None


@needs_ocr
@pytest.mark.slow
def test_ocr_always_reads_the_image_under_an_ocr_layer():
    doc = extract(ocr_layer_pdf(MINUTES), tags=False, ocr="always")
    assert doc.source.text_layer == "ocr"
    assert doc.meeting.date == "2023-03-14"


def test_an_ocr_layer_of_bare_words_is_told_from_one_with_punctuation():
    from lrt_minutes.read.pdf import bare_words

    words = " ".join(["Het", "verslag", "wordt", "vastgesteld", "zonder", "wijzigingen"] * 8)
    assert bare_words(words)  # every full stop, colon and bracket dropped: numbers and dates are lost
    assert not bare_words(words + " 3. Rondvraag")
    assert not bare_words("Verslag overleg")  # a page of a few words says nothing either way


@needs_ocr
@pytest.mark.slow
def test_a_page_whose_ocr_layer_lost_all_punctuation_is_read_by_ocr():
    """A layer of bare words ("3 Rondvraag", "14 3 2023") has lost item numbers and dates: the page image is read
    by OCR instead, and the warning says why."""
    bare = re.sub(r"[.,:;()?!]", " ", MINUTES)
    layered = extract(ocr_layer_pdf(MINUTES, layer=bare), tags=False)
    assert layered.source.text_layer == "ocr"
    assert any(w.code == "ocr_layer" and "bare words" in w.message for w in layered.warnings)
    assert layered.meeting.date == "2023-03-14"
    # without OCR, or with --ocr never, the layer is read as it is
    assert extract(ocr_layer_pdf(MINUTES, layer=bare), tags=False, ocr="never").source.text_layer == "ocr-layer"


# ------------------------------------------------------------------ with Tesseract


@needs_ocr
@pytest.mark.slow
def test_a_scan_is_read_by_ocr_like_its_text_layer(tagger):
    text_doc = extract(render(MINUTES), tagger=tagger)
    doc = extract(image_pdf(render(MINUTES)), tagger=tagger)
    assert doc.source.text_layer == "ocr"
    assert any(w.code == "ocr" for w in doc.warnings)
    assert doc.meeting.model_dump() == text_doc.meeting.model_dump()
    assert [(p.name, p.organisation) for p in doc.attendees] == [("Jansen", "VNG"), ("De Vries", "IPO")]
    assert [(i.number, i.title) for i in doc.agenda_items] == [("1", "Opening"), ("2", "Planning")]
    assert [t.type for p in doc.agenda_items[1].points for t in p.tags] == ["agreement"]


@needs_ocr
@pytest.mark.slow
def test_a_black_box_in_a_scan_is_a_redacted_attendee(tagger):
    data = image_pdf(render(MINUTES.replace("Mevr. De Vries", "Mevr. Ruimtevaarder"), redact="Ruimtevaarder"))
    doc = extract(data, tagger=tagger)
    assert doc.redactions >= 1
    redacted = [p for p in doc.attendees if p.redacted]
    assert len(redacted) == 1 and redacted[0].organisation == "IPO" and redacted[0].name is None
    assert "Ruimtevaarder" not in json.dumps(doc.model_dump())


# ------------------------------------------------------------------ real documents of ../shared

REAL = ["logius-to-oauth-2024-04-11", "logius-to-cloudevents-2024-03-07"]
SCORED = ("header_accuracy", "attendees", "absentees", "agenda", "tags")


def _summary(gold: Path, outdir: Path) -> dict[str, float]:
    r = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(outdir), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    s = json.loads(r.stdout)
    return {k: (s[k] if isinstance(s[k], float | int) else s[k]["f1"]) for k in SCORED}


@needs_ocr
@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "real-pdf").is_dir(), reason="../shared/real-pdf absent")
def test_real_minutes_rendered_to_images_score_as_their_text_layer(tmp_path, tagger):
    from lrt_minutes.export.formats import to_json

    gold = tmp_path / "gold"
    gold.mkdir()
    for stem in REAL:
        shutil.copy(GOLD_REAL / f"{stem}.json", gold)
    for kind in ("text", "ocr"):
        (tmp_path / kind).mkdir()
    for stem in REAL:
        data = (SHARED / "real-pdf" / f"{stem}.pdf").read_bytes()
        for kind, pdf in (("text", data), ("ocr", image_pdf(data))):
            doc = extract(pdf, name=f"{stem}.pdf", tagger=tagger)
            assert doc.source.text_layer == ("native" if kind == "text" else "ocr")
            (tmp_path / kind / f"{stem}.json").write_text(to_json(doc), encoding="utf-8")
    text_scores, ocr_scores = _summary(gold, tmp_path / "text"), _summary(gold, tmp_path / "ocr")
    for key in SCORED:
        assert ocr_scores[key] >= text_scores[key] - 0.1, (key, text_scores, ocr_scores)


VWS = SHARED / "real-pdf-redacted" / "vws_179287_verslag_BO_24sep2020.pdf"


@pytest.mark.skipif(not VWS.is_file(), reason="../shared/real-pdf-redacted absent")
def test_a_released_scan_with_an_ocr_layer_is_said_and_its_grey_boxes_counted():
    doc = extract(VWS, tags=False, ocr="never")
    assert doc.source.text_layer == "ocr-layer"
    assert any(w.code == "ocr_layer" for w in doc.warnings)
    # the attendee list alone is some twenty grey boxes; they are found in the page image
    assert doc.redactions >= 20
    assert doc.meeting.date == "2020-09-24"


AZ_BUNDLE = SHARED / "real-minutes-other" / "az-wob-sg-overleg-bundle.pdf"


@needs_ocr
@pytest.mark.slow
@pytest.mark.skipif(not AZ_BUNDLE.is_file(), reason="../shared/real-minutes-other absent")
def test_a_bundle_with_a_scanned_letter_splits_after_ocr():
    from lrt_minutes.read import read_bytes
    from lrt_minutes.split import split_pages

    read = read_bytes(AZ_BUNDLE.read_bytes())
    assert read.page_layers == ["ocr", "ocr", "native", "native", "native", "native"]
    assert [[p.first, p.last] for p in split_pages(read.lines, read.pages, read.side)] == [[1, 2], [3, 6]]
