"""Files that hold several documents: parts by page range, kinds, skipped documents, zip metadata; ../shared by hand."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lrt_minutes import extract, extract_parts
from lrt_minutes.cli import app
from lrt_minutes.read.ocr import available as ocr_available

from .conftest import ROOT

runner = CliRunner()

LETTER = """> Retouradres Postbus 100 2500 AA Den Haag
Datum 3 maart 2024
Betreft Besluit op uw verzoek
Geachte heer Jansen,
Hierbij ontvangt u de stukken waar u om vroeg.
Met vriendelijke groet,
de directeur
"""


def meeting(date: str, action: str) -> str:
    return f"""Verslag overleg werkgroep wonen
Vergaderdatum: {date}
Aanwezig: mw. De Vries (voorzitter), dhr. Bakker (gemeente)
1. Opening
De voorzitter opent de vergadering.
2. Woningbouw
Actie: {action}
"""


BUNDLE = "\f".join([LETTER, meeting("3 maart 2024", "de gemeente stuurt de planning rond."), meeting("7 april 2024", "de provincie maakt een notitie.")])


def test_extract_parts_gives_one_document_per_part(tagger):
    docs = extract_parts(BUNDLE.encode(), name="bundel.txt", tagger=tagger)
    assert [(d.source.part.index, d.source.part.of, d.source.part.pages) for d in docs] == [(1, 3, [1, 1]), (2, 3, [2, 2]), (3, 3, [3, 3])]
    assert [d.kind for d in docs] == ["other", "minutes", "minutes"]
    assert [d.meeting.date for d in docs] == [None, "2024-03-03", "2024-04-07"]
    assert docs[2].agenda_items[1].points[0].tags[0].type == "action"
    # each part holds only its own pages
    assert [p.raw for p in docs[1].attendees] == [p.raw for p in docs[2].attendees]
    assert all(d.extracted for d in docs)


def test_parts_of_kinds_not_asked_for_are_classified_only(tagger):
    docs = extract_parts(BUNDLE.encode(), name="bundel.txt", tagger=tagger, kinds=["minutes"])
    letter = docs[0]
    assert (letter.kind, letter.extracted, letter.meeting.date, letter.agenda_items) == ("other", False, None, [])
    assert letter.kind_reasons[0] == "letter-salutation"
    assert [d.extracted for d in docs[1:]] == [True, True]


def test_extract_reads_a_file_of_several_parts_as_one_and_says_so(tagger):
    doc = extract(BUNDLE.encode(), name="bundel.txt", tagger=tagger)
    assert doc.source.part is None
    assert [w.message for w in doc.warnings if w.code == "several_parts"] == [
        "the file holds 3 documents (pages 1, 2, 3); extract_parts() gives one output each"
    ]
    one = extract(meeting("3 maart 2024", "de gemeente belt.").encode(), name="één.txt", tagger=tagger)
    assert one.kind == "minutes" and not [w for w in one.warnings if w.code == "several_parts"]
    assert extract_parts(meeting("3 maart 2024", "de gemeente belt.").encode(), name="één.txt", tagger=tagger)[0] == one


def lrt(*args: str):
    return runner.invoke(app, list(args))


def test_cli_writes_parts_and_reports_other_documents_as_skipped(tmp_path, tagger):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "bundel.txt").write_text(BUNDLE, encoding="utf-8")
    (src / "brief.txt").write_text(LETTER, encoding="utf-8")
    r = lrt("extract", str(src), "-o", str(out), "--report", str(tmp_path / "r.json"), "-j", "0")
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in out.glob("*.json")) == ["bundel.part-02.json", "bundel.part-03.json"]
    part = json.loads((out / "bundel.part-03.json").read_text(encoding="utf-8"))
    assert part["source"]["part"] == {"index": 3, "of": 3, "pages": [3, 3]}
    assert part["kind"] == "minutes" and part["meeting"]["date"] == "2024-04-07"
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert rep["counts"] == {"ok": 2, "skipped": 2, "unchanged": 0, "failed": 0}
    skipped = [(d["document"], d["part"], d["kind"], d["output"]) for d in rep["documents"] if d["status"] == "skipped"]
    assert skipped == [("brief.txt", None, "other", None), ("bundel.txt", {"index": 1, "of": 3, "pages": [1, 1]}, "other", None)]
    assert "2 skipped (2 other)" in r.stderr

    # a re-run leaves everything alone; --kinds all (other settings) extracts the letters too
    r = lrt("extract", str(src), "-o", str(out), "--report", str(tmp_path / "r.json"), "-j", "0")
    assert json.loads((tmp_path / "r.json").read_text())["counts"] == {"ok": 0, "skipped": 0, "unchanged": 2, "failed": 0}
    r = lrt("extract", str(src), "-o", str(out), "--kinds", "all", "-j", "0")
    assert r.exit_code == 0
    assert sorted(p.name for p in out.glob("*.json")) == ["brief.json", "bundel.part-01.json", "bundel.part-02.json", "bundel.part-03.json"]
    assert json.loads((out / "brief.json").read_text())["kind"] == "other"


def test_cli_kinds_must_be_known_kinds(tmp_path):
    (tmp_path / "a.txt").write_text(LETTER, encoding="utf-8")
    r = lrt("extract", str(tmp_path / "a.txt"), "--kinds", "minutes,memo")
    assert r.exit_code == 2 and "--kinds" in r.stderr


def test_csv_rows_name_their_part(tmp_path, tagger):
    (tmp_path / "bundel.txt").write_text(BUNDLE, encoding="utf-8")
    r = lrt("extract", str(tmp_path / "bundel.txt"), "-f", "csv", "-o", str(tmp_path / "out"), "-j", "0")
    assert r.exit_code == 0
    rows = (tmp_path / "out" / "tags.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("document,part,meeting_date,")
    assert [row.split(",")[1:3] for row in rows[1:]] == [["2", "2024-03-03"], ["3", "2024-04-07"]]


def test_zip_and_folder_metadata_are_never_documents(tmp_path, tagger):
    src = tmp_path / "in"
    (src / "__MACOSX").mkdir(parents=True)
    verslag = meeting("3 maart 2024", "de gemeente belt.")
    (src / "verslag.txt").write_text(verslag, encoding="utf-8")
    # what macOS and Windows leave beside documents: resource forks, folder settings
    (src / "._verslag.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 64)
    (src / "__MACOSX" / "verslag.txt").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 64)
    (src / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 64)
    (src / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    with zipfile.ZipFile(src / "release.zip", "w") as z:
        z.writestr("2023/verslag.txt", verslag)
        z.writestr("__MACOSX/2023/._verslag.txt", b"\x00\x05\x16\x07" + b"\x00" * 64)
        z.writestr("2023/.DS_Store", b"\x00\x00\x00\x01Bud1")
    r = lrt("extract", str(src), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.json"), "-j", "0")
    assert r.exit_code == 0, r.stderr
    assert "error" not in r.stderr
    docs = [d["document"] for d in json.loads((tmp_path / "r.json").read_text())["documents"]]
    assert docs == ["release.zip!/2023/verslag.txt", "verslag.txt"]


# --- ../shared, read by hand (tests/data/kinds.json: per file its parts, page ranges and kinds) --------------

KINDS = json.loads((ROOT / "tests" / "data" / "kinds.json").read_text(encoding="utf-8"))
NEEDS_OCR = {"real-minutes-other/overijssel-bo-2024-06-20-scan.pdf"}
"""A scan without a text layer: its parts and kind are read by OCR, when Tesseract is installed."""
SPLIT_MISSES: dict[str, str] = {}
"""Files whose parts are not found as read by hand, with the reason (none at present)."""


@pytest.fixture(scope="module")
def read_shared():
    from lrt_minutes.api import read_bytes

    cache: dict[str, object] = {}

    def read(shared: Path, name: str):
        if name not in cache:
            cache[name] = read_bytes((shared / name).read_bytes())
        return cache[name]

    return read


def _params(expect_miss: dict[str, str]) -> list[object]:
    out = []
    for entry in KINDS:
        marks = []
        if entry["file"] in NEEDS_OCR and ocr_available() is not None:
            marks.append(pytest.mark.skip(reason="image-only scan: needs OCR (Tesseract, see the README)"))
        elif entry["file"] in expect_miss:
            marks.append(pytest.mark.xfail(reason=expect_miss[entry["file"]], strict=True))
        out.append(pytest.param(entry, id=entry["file"].split("/")[-1].removesuffix(".pdf"), marks=marks))
    return out


@pytest.mark.parametrize("entry", _params(SPLIT_MISSES))
def test_shared_files_split_into_the_parts_read_by_hand(entry, shared, read_shared):
    from lrt_minutes.split import split_pages

    read = read_shared(shared, entry["file"])
    got = [[p.first, p.last] for p in split_pages(read.lines, read.pages, read.side)]
    assert got == [p["pages"] for p in entry["parts"]]


@pytest.mark.parametrize("entry", _params({}))
def test_shared_documents_get_the_kind_read_by_hand(entry, shared, read_shared):
    from lrt_minutes.classify.kind import classify

    read = read_shared(shared, entry["file"])
    got = [classify([ln.text for ln in read.lines if a <= (ln.page or 0) <= b])[0] for a, b in (p["pages"] for p in entry["parts"])]
    assert got == [p["kind"] for p in entry["parts"]]


def test_a_meeting_that_opens_with_its_title_and_date_has_that_date(tagger):
    text = "Tweede bijeenkomst werkgroep zorg\n02-07-2020\n\nGemeente\n- Wil de planning eerder zien.\n"
    doc = extract(text.encode(), name="bijeenkomst.txt", tagger=tagger)
    assert doc.meeting.date == "2020-07-02"
    assert [w.code for w in doc.warnings if w.code == "date_from_title"] == ["date_from_title"]
    # a date in the body is no meeting date
    assert extract(b"Gemeente\n- Op 3 maart 2024 komt er een nieuw plan.\n", name="x.txt", tagger=tagger).meeting.date is None
    # nor is a bullet that mentions the minutes of an earlier meeting
    text = "• Het verslag van de vergadering van 25 april 2023 wordt vastgesteld.\n• De gemeente meldt de stand van zaken.\n"
    assert extract(text.encode(), name="y.txt", tagger=tagger).meeting.date is None


def test_a_rerun_removes_the_outputs_of_parts_a_file_no_longer_gives(tmp_path, tagger):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "bundel.txt").write_text(BUNDLE, encoding="utf-8")
    (src / "los.txt").write_text(meeting("1 februari 2024", "de gemeente belt."), encoding="utf-8")
    assert lrt("extract", str(src), "-o", str(out), "-j", "0").exit_code == 0
    assert sorted(p.name for p in out.glob("*.json")) == ["bundel.part-02.json", "bundel.part-03.json", "los.json"]
    # the file now holds one meeting: its old parts go, the other file's output stays
    (src / "bundel.txt").write_text(meeting("3 maart 2024", "de gemeente belt."), encoding="utf-8")
    (out / "vreemd.json").write_text("{}", encoding="utf-8")  # not lrt's: never touched
    assert lrt("extract", str(src), "-o", str(out), "-j", "0").exit_code == 0
    assert sorted(p.name for p in out.glob("*.json")) == ["bundel.json", "los.json", "vreemd.json"]
