"""Nothing takes the whole run down: hostile inputs fail alone, each with a clear kind, within the limits.

The hostile inputs are made here, small: a corrupt LZMA member, a member path a thousand
folders deep, a tar bomb, nested archives, forms nested past the limit, pages of too many objects, text past the size
limits, a document that needs more memory than a worker may use.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lrt_minutes import LrtError, extract
from lrt_minutes.batch import archive, inputs
from lrt_minutes.cli import app
from lrt_minutes.limits import MAX_FORM_DEPTH, MAX_PAGES
from lrt_minutes.read import drawn_redaction, prescan
from lrt_minutes.read import pdf as pdf_reader
from lrt_minutes.read.text import decode_text, sniff

from .conftest import FIXTURES, SEEDS
from .hostile import blank_content, many_operators, many_pages, nested_forms

runner = CliRunner()
SEED = SEEDS / "002_eb9e69540956417c.txt"


def lrt(*args: str):
    return runner.invoke(app, list(args))


def report_of(path: Path) -> dict[str, dict]:
    rep = json.loads(path.read_text(encoding="utf-8"))
    return {d["document"]: d for d in rep["documents"]}


def _corrupt_lzma_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("verslag.txt", SEED.read_bytes(), compress_type=zipfile.ZIP_LZMA)
    data = bytearray(buf.getvalue())
    start = data.find(b"verslag.txt") + len("verslag.txt") + 16  # into the compressed data
    for k in range(start, start + 48):
        data[k] ^= 0x5A
    return bytes(data)


# ------------------------------------------------------------------ one input never costs the others


def test_corrupt_lzma_member_fails_alone_and_the_run_writes_its_report(tmp_path, tagger):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.zip").write_bytes(_corrupt_lzma_zip())
    (folder / "c.txt").write_bytes(SEED.read_bytes())
    out, rep = tmp_path / "out", tmp_path / "report.json"
    r = lrt("extract", str(folder), "-o", str(out), "-j", "0", "--report", str(rep))
    assert r.exit_code == 1
    assert (out / "a.json").is_file() and (out / "c.json").is_file()
    docs = report_of(rep)
    assert docs["b.zip!/verslag.txt"]["error"]["kind"] == "bad-archive"
    assert docs["a.txt"]["status"] == docs["c.txt"]["status"] == "ok"
    assert "internal" not in r.stderr


def test_member_path_a_thousand_folders_deep_is_refused_and_the_rest_read(tmp_path, tagger):
    deep = "/".join(["d"] * 1000) + "/verslag.txt"
    arc = tmp_path / "deep.zip"
    with zipfile.ZipFile(arc, "w") as z:
        z.writestr(deep, SEED.read_bytes())
        z.writestr("ok.txt", SEED.read_bytes())
    out, rep = tmp_path / "out", tmp_path / "report.json"
    r = lrt("extract", str(arc), "-o", str(out), "-j", "0", "--report", str(rep))
    assert r.exit_code == 1
    docs = report_of(rep)
    assert docs[f"deep.zip!/{deep}"]["error"]["kind"] == "unsafe-member"
    assert (out / "deep.zip" / "ok.json").is_file()


def test_a_write_that_raises_anything_fails_that_document_only(tmp_path, tagger, monkeypatch):
    from lrt_minutes.batch import sinks

    real = sinks.write_atomic

    def deep_trouble(path, text, *a, **k):
        if path.name == "a.json":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, text, *a, **k)

    monkeypatch.setattr(sinks, "write_atomic", deep_trouble)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(SEED.read_bytes())
    out, rep = tmp_path / "out", tmp_path / "report.json"
    r = lrt("extract", str(folder), "-o", str(out), "-j", "0", "--report", str(rep))
    assert r.exit_code == 1
    docs = report_of(rep)
    assert docs["a.txt"]["error"]["kind"] == "write"
    assert (out / "b.json").is_file()


def test_nested_archive_is_reported_not_silently_passed_over(tmp_path, tagger):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("verslag.txt", SEED.read_bytes())
    arc = tmp_path / "outer.zip"
    with zipfile.ZipFile(arc, "w") as z:
        z.writestr("2023/inner.zip", inner.getvalue())
        z.writestr("verslag.txt", SEED.read_bytes())
    rep = tmp_path / "report.json"
    r = lrt("extract", str(arc), "-o", str(tmp_path / "out"), "-j", "0", "--report", str(rep))
    assert r.exit_code == 1
    docs = report_of(rep)
    assert docs["outer.zip!/2023/inner.zip"]["error"]["kind"] == "unsupported"
    assert "inside an archive" in docs["outer.zip!/2023/inner.zip"]["error"]["message"]
    assert docs["outer.zip!/verslag.txt"]["status"] == "ok"


# ------------------------------------------------------------------ size limits


def test_tar_bomb_member_is_refused_by_the_archives_ratio(tmp_path):
    # a gzip of zeros: 8 MB of "text" in a few kilobytes (tar states no packed size per member)
    arc = tmp_path / "bomb.tar.gz"
    with tarfile.open(arc, "w:gz") as tf:
        body = b"0" * (8 * 1024 * 1024)
        info = tarfile.TarInfo("verslag.txt")
        info.size = len(body)
        tf.addfile(info, io.BytesIO(body))
    assert arc.stat().st_size < 64 * 1024
    (member,) = list(archive.read_members(arc))
    assert member.data is None
    assert member.error is not None and member.error.kind == "unsafe-member"
    assert "times its size" in str(member.error)


@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_archive_members_past_the_size_limits_are_refused_one_by_one(tmp_path, monkeypatch, kind):
    # a stored member past the member limit (no ratio to give it away), then members past the archive's total
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 10_000)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 25_000)
    body = b"1. Opening\n" + b"tekst " * 1000  # 6 KB
    members = [("big.txt", b"x" * 12_000), ("a.txt", body), ("b.txt", body), ("c.txt", body), ("d.txt", body), ("e.txt", body)]
    arc = tmp_path / f"release.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(arc, "w", zipfile.ZIP_STORED) as z:
            for name, data in members:
                z.writestr(name, data)
    else:
        with tarfile.open(arc, "w") as tf:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
    got: dict[str, archive.Member] = {}
    stopped = None
    try:
        for m in archive.read_members(arc):
            got[m.inner] = m
    except archive.BadArchive as e:  # a tar is not unpacked past its total: the rest is not read
        stopped = e
    assert got["big.txt"].error is not None and got["big.txt"].error.kind == "unsafe-member"
    assert "more than the limit of 10,000" in str(got["big.txt"].error)
    if kind == "zip":  # the member limit, then the total: each member past it is refused on its own
        assert [got[n].data is not None for n in ("a.txt", "b.txt", "c.txt", "d.txt")] == [True, True, True, True]
        assert got["e.txt"].error is not None and "archive unpacks to more than 25,000 bytes" in str(got["e.txt"].error)
        assert stopped is None
    else:
        assert [n for n, m in got.items() if m.data is not None] == ["a.txt", "b.txt"]
        assert stopped is not None and "more than 25,000 bytes; rest not read" in str(stopped)


def test_an_archive_of_more_members_than_the_limit_is_one_error(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    arc = tmp_path / "many.zip"
    with zipfile.ZipFile(arc, "w") as z:
        for k in range(5):
            z.writestr(f"{k}.txt", _GOOD)
    rep = tmp_path / "report.json"
    r = lrt("extract", str(arc), "-o", str(tmp_path / "out"), "-j", "0", "--no-tags", "--report", str(rep))
    assert r.exit_code == 1 and "bad-archive" in r.stderr and "Traceback" not in r.stderr


def test_input_past_the_byte_limit_is_too_large_and_not_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    files, _ = inputs.expand([str(big)])
    (loaded,) = list(inputs.load(files))
    assert loaded.data is None and loaded.error is not None and loaded.error.kind == "too-large"


def test_stdin_past_the_byte_limit_is_too_large(monkeypatch):
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 1000)

    class Endless(io.RawIOBase):
        """Like /dev/zero: never ends."""

        def readable(self) -> bool:
            return True

        def readinto(self, b) -> int:
            b[:] = b"\0" * len(b)
            return len(b)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    files, _ = inputs.expand(["-"])
    (loaded,) = list(inputs.load(files))
    assert loaded.error is not None and loaded.error.kind == "too-large"


def test_text_past_the_text_limit_is_too_large(monkeypatch):
    from lrt_minutes.read import text

    monkeypatch.setattr(text, "MAX_TEXT_BYTES", 1000)
    with pytest.raises(LrtError) as e:
        extract(b"1. Punt\n" + b"tekst " * 1000, tags=False)
    assert e.value.kind == "too-large"


def test_pdf_with_more_pages_than_the_limit_is_too_large(monkeypatch):
    pdfs = [p for p in sorted(FIXTURES.glob("*.pdf")) if "encrypted" not in p.name and "truncated" not in p.name]
    data = next(p.read_bytes() for p in pdfs if len(pdf_reader.open_pdf(p.read_bytes())) >= 2)
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    with pytest.raises(LrtError) as e:
        extract(data, name="x.pdf", tags=False)
    assert e.value.kind == "too-large" and "pages" in str(e.value)


@pytest.fixture
def no_page_loaded(monkeypatch):
    """Fail the test if PDFium is asked to load a page: the refusal must come from the PDF's bytes."""

    def refuse(self, index):
        raise AssertionError("PDFium loaded a page that the pre-scan should have refused")

    monkeypatch.setattr(pdf_reader.pdfium.PdfDocument, "get_page", refuse)


def test_forms_nested_past_the_limit_are_too_large_before_a_page_is_loaded(no_page_loaded):
    for compress in (False, True):
        with pytest.raises(LrtError) as e:
            extract(nested_forms(MAX_FORM_DEPTH + 1, 1, compress=compress), name="x.pdf", tags=False)
        assert e.value.kind == "too-large" and f"nested more than {MAX_FORM_DEPTH} deep" in str(e.value)


def test_forms_drawn_many_times_are_too_large_before_a_page_is_loaded(no_page_loaded):
    # ten forms drawn ten times, eight deep: a hundred million objects from 2 KB (PDFium took 11 s and 3 GB, then died)
    with pytest.raises(LrtError) as e:
        extract(nested_forms(MAX_FORM_DEPTH, 10), name="x.pdf", tags=False)
    assert e.value.kind == "too-large" and "objects" in str(e.value)


def test_a_page_of_too_many_operators_is_too_large_before_it_is_loaded(no_page_loaded, monkeypatch):
    # as six million "(a) Tj" in one compressed stream (3.5 GB once loaded), at a limit made small
    monkeypatch.setattr(prescan, "MAX_PAGE_OBJECTS", 1_000)
    with pytest.raises(LrtError) as e:
        extract(many_operators(1_200), name="x.pdf", tags=False)
    assert e.value.kind == "too-large" and "1,000 objects" in str(e.value)


def test_a_page_whose_content_decodes_past_the_limit_is_too_large_before_it_is_loaded(no_page_loaded, monkeypatch):
    # as a gigabyte of blanks in a megabyte of Flate (PDFium took 2.2 GB, then said "no-text"), at a limit made small
    monkeypatch.setattr(prescan, "MAX_PAGE_CONTENT_BYTES", 1024 * 1024)
    with pytest.raises(LrtError) as e:
        extract(blank_content(3 * 1024 * 1024), name="x.pdf", tags=False)
    assert e.value.kind == "too-large" and "decodes to more than 1 MB" in str(e.value)


def test_a_pdf_of_more_pages_than_the_limit_is_too_large_before_a_page_is_loaded(no_page_loaded):
    with pytest.raises(LrtError) as e:
        extract(many_pages(MAX_PAGES + 1), name="x.pdf", tags=False)
    assert e.value.kind == "too-large" and f"{MAX_PAGES + 1:,} pages" in str(e.value)


def test_pages_under_the_object_limit_are_read(monkeypatch):
    monkeypatch.setattr(prescan, "MAX_PAGE_OBJECTS", 1_000)
    doc = extract(many_operators(900), name="x.pdf", tags=False)  # its bytes pass a cheap bound, its operators do not
    assert doc.agenda_items[0].title.startswith("Opening")
    assert extract(nested_forms(MAX_FORM_DEPTH, 1), name="x.pdf", tags=False).source.pages == 1
    assert extract(nested_forms(3, 2), name="x.pdf", tags=False).source.pages == 1
    monkeypatch.setattr(prescan, "MAX_PAGE_CONTENT_BYTES", 1024 * 1024)
    assert extract(blank_content(512 * 1024), name="x.pdf", tags=False).source.pages == 1


def test_a_page_of_more_objects_than_the_limit_is_too_large_also_when_the_scan_cannot_read_it(monkeypatch):
    # an encrypted or oddly filtered file passes the pre-scan; its loaded page is counted instead
    monkeypatch.setattr(prescan, "check", lambda data: None)
    monkeypatch.setattr(drawn_redaction, "MAX_PAGE_OBJECTS", 50)
    with pytest.raises(LrtError) as e:
        extract(nested_forms(3, 8), name="x.pdf", tags=False)  # 8 * 8 forms of one rectangle
    assert e.value.kind == "too-large" and "objects" in str(e.value)
    with pytest.raises(LrtError) as e:
        extract(nested_forms(MAX_FORM_DEPTH + 4, 1), name="x.pdf", tags=False)
    assert e.value.kind == "too-large" and "nested" in str(e.value)


def test_the_pre_scan_passes_every_real_pdf_and_counts_no_fewer_objects_than_pdfium_loads():
    import pypdfium2.raw as pdfium_c

    def loaded(page) -> int:
        stack = [pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))]
        n = 0
        while stack:
            obj = stack.pop()
            n += 1
            if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack += [pdfium_c.FPDFFormObj_GetObject(obj, k) for k in range(pdfium_c.FPDFFormObj_CountObjects(obj))]
        return n

    pdfs = [p for p in sorted(FIXTURES.glob("*.pdf")) if "encrypted" not in p.name and "truncated" not in p.name]
    pdfs += [nested_forms(3, 2), nested_forms(MAX_FORM_DEPTH, 1, compress=True)]
    for source in pdfs:
        data = source if isinstance(source, bytes) else source.read_bytes()
        prescan.check(data)
        pdf = pdf_reader.open_pdf(data)
        most = max(loaded(pdf[i]) for i in range(len(pdf)))
        assert prescan.most_objects(data) >= most, source


# ------------------------------------------------------------------ memory


def _greedy(data, *, name, **kw):
    if b"GREEDY" in data:
        hog = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB, past any limit the test sets
        return hog  # pragma: no cover
    from lrt_minutes.api import _real_extract_parts_bytes  # type: ignore[attr-defined]

    return _real_extract_parts_bytes(data, name=name, **kw)


def test_memory_limit_fails_the_greedy_document_only(tmp_path, tagger, monkeypatch):
    import lrt_minutes.api as api

    monkeypatch.setattr(api, "_real_extract_parts_bytes", api.extract_parts_bytes, raising=False)
    monkeypatch.setattr(api, "extract_parts_bytes", _greedy)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"GREEDY\n" + SEED.read_bytes())
    (folder / "b.txt").write_bytes(SEED.read_bytes())
    rep = tmp_path / "report.json"
    r = lrt("extract", str(folder), "-o", str(tmp_path / "out"), "-j", "1", "--memory", "256", "--report", str(rep))
    assert r.exit_code == 1
    docs = report_of(rep)
    assert docs["a.txt"]["error"]["kind"] == "memory"
    assert docs["a.txt"]["error"]["message"] == "reading it needs more memory than a worker may use (256 MB a worker, --memory)"
    assert docs["b.txt"]["status"] == "ok"


def test_a_pdf_the_pdf_library_runs_out_of_memory_on_is_memory_not_crashed(tmp_path):
    # 150,000 text operators in 2 KB (under the object limit): PDFium needs about 100 MB for the page, and aborts
    # the worker when an allocation fails under the limit (or Python raises MemoryError first): `memory` either way
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(many_operators(150_000))
    (folder / "b.txt").write_bytes(SEED.read_bytes())
    rep = tmp_path / "report.json"
    for memory in ("32", "96"):
        # in a process of its own, as a user runs it (a worker forked from this test process would inherit the
        # memory PDFium reserved for earlier tests, and need no more)
        r = subprocess.run(
            [sys.executable, "-m", "lrt_minutes", "extract", str(folder), "-o", str(tmp_path / memory), "-j", "1",
             "--memory", memory, "--no-tags", "--report", str(rep)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert r.returncode == 1, r.stderr
        docs = report_of(rep)
        assert docs["a.pdf"]["error"]["kind"] == "memory", docs["a.pdf"]
        assert docs["b.txt"]["status"] == "ok"
        assert "Traceback" not in r.stderr and "Exception in thread" not in r.stderr


def _abort_at_the_limit(data, name, tagger, opts):
    """As a C library whose allocation fails under the limit: take memory (as a page's objects are built, a
    megabyte every few milliseconds) until none is left, then abort."""
    if b"GREEDY" in data:
        hog = []
        with contextlib.suppress(MemoryError):
            while True:
                hog.append(b"x" * (1024 * 1024))
                time.sleep(0.005)
    if b"UNSENDABLE" in data:  # as a result too large to be sent back under the limit
        raise MemoryError
    os.abort()


def test_a_worker_that_aborts_at_its_memory_limit_is_memory_and_one_that_crashes_elsewhere_is_crashed(
    tmp_path, monkeypatch
):
    from lrt_minutes.batch import job

    monkeypatch.setattr(job, "extract_one", _abort_at_the_limit)
    monkeypatch.setattr(job, "build_tagger", lambda opts: None)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"GREEDY\n" + SEED.read_bytes())
    (folder / "b.txt").write_bytes(SEED.read_bytes())
    (folder / "c.txt").write_bytes(b"UNSENDABLE\n" + SEED.read_bytes())
    rep = tmp_path / "report.json"
    r = lrt("extract", str(folder), "-o", str(tmp_path / "out"), "-j", "1", "--memory", "256", "--report", str(rep))
    assert r.exit_code == 1
    docs = report_of(rep)
    assert docs["a.txt"]["error"]["kind"] == "memory", docs["a.txt"]
    assert docs["b.txt"]["error"]["kind"] == "crashed", docs["b.txt"]  # aborted far from its limit: a crash
    assert docs["c.txt"]["error"]["kind"] == "memory", docs["c.txt"]
    # a worker that died at its limit is said as a MemoryError is: which of the two happens depends on where an
    # allocation fails, which differs between workers (forked here, spawned on a Dask worker)
    oom = "reading it needs more memory than a worker may use (256 MB a worker, --memory)"
    assert docs["a.txt"]["error"]["message"] == docs["c.txt"]["error"]["message"] == oom
    assert "Traceback" not in r.stderr


# ------------------------------------------------------------------ workers outlive no parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_exit_when_the_parent_is_killed(tmp_path, sig):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    script = (
        "import time\n"
        "from lrt_minutes.batch import job\n"
        "from lrt_minutes.cli import app\n"
        "job.extract_one = lambda *a: time.sleep(600)\n"
        "job.build_tagger = lambda opts: None\n"
        f"app(['extract', {str(folder)!r}, '-j', '2', '-q', '--timeout', '0'])\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        children: list[int] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not children:
            time.sleep(0.2)
            children = _children(parent.pid)
        assert children, "the worker did not start"
        time.sleep(1)  # the worker at work on its document
        parent.send_signal(sig)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.1)
        assert not any(_alive(c) for c in children), "workers outlived their parent"
    finally:
        for c in _children(parent.pid):
            os.kill(c, signal.SIGKILL)
        parent.kill()


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ------------------------------------------------------------------ text that looks odd


def test_a_nul_byte_in_utf8_text_is_text():
    text, enc = decode_text("Verslag\x00 LRT\n1. Opening\n• Het COA zal één plan maken.\n".encode())
    assert enc == "utf-8" and "één" in text and "\x00" not in text


def test_pdf_header_mentioned_in_a_text_file_is_text():
    data = b"Notitie over bestandsformaten: een PDF begint met %PDF-1.7 en eindigt met %%EOF.\n1. Opening\n"
    assert sniff(data) == "text"
    assert sniff(b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n") == "pdf"


# ------------------------------------------------------------------ the tagger's length limit and -j


def test_a_point_too_long_for_the_tagger_is_left_untagged_with_a_warning(tagger, monkeypatch):
    monkeypatch.setattr(tagger.nlp, "max_length", 2_000)
    text = "1. Opening\n• VNG zal het plan sturen.\n• IPO zal " + "nog iets " * 400 + "doen.\n"
    doc = extract(text.encode(), name="x.txt", tagger=tagger)
    short, long = doc.agenda_items[0].points
    assert short.tags and not long.tags
    assert [w.code for w in doc.warnings if w.code == "untagged_point"] == ["untagged_point"]


def test_workers_are_capped_by_the_memory_available(tmp_path, tagger, monkeypatch):
    from lrt_minutes.batch import pool as pool_module
    from lrt_minutes.batch import runner as runner_module

    sizes: list[int] = []
    real_init = pool_module.Pool.__init__

    def counting(self, size, opts):
        sizes.append(size)
        real_init(self, size, opts)

    monkeypatch.setattr(runner_module, "memory_cap", lambda: 2)
    monkeypatch.setattr(pool_module.Pool, "__init__", counting)
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(4):
        (folder / f"{k}.txt").write_bytes(SEED.read_bytes())
    r = lrt("extract", str(folder), "-j", "32", "--no-tags", "-q")
    assert r.exit_code == 0, r.stderr
    assert sizes == [2]


# ------------------------------------------------------------------ property: hostile archives fail member by member

_GOOD = SEED.read_bytes()
_MEMBER = st.sampled_from(["good", "lzma-corrupt", "deep", "nested", "absolute", "climbing", "binary", "empty"])


def _member(kind: str, k: int) -> tuple[str, bytes, int]:
    if kind == "good":
        return f"ok/{k}.txt", _GOOD, zipfile.ZIP_DEFLATED
    if kind == "lzma-corrupt":  # its compressed bytes are damaged once the archive is written
        return f"bad/{k}.txt", _GOOD, zipfile.ZIP_LZMA
    if kind == "deep":
        return "/".join(["d"] * 200) + f"/{k}.txt", _GOOD, zipfile.ZIP_DEFLATED
    if kind == "nested":
        return f"inner{k}.zip", _corrupt_lzma_zip(), zipfile.ZIP_STORED
    if kind == "absolute":
        return f"/etc/{k}.txt", _GOOD, zipfile.ZIP_DEFLATED
    if kind == "climbing":
        return f"../{k}.txt", _GOOD, zipfile.ZIP_DEFLATED
    if kind == "binary":
        return f"bin/{k}.pdf", bytes(range(256)) * 4, zipfile.ZIP_DEFLATED
    return f"empty/{k}.txt", b"", zipfile.ZIP_DEFLATED


KNOWN_KINDS = {"bad-archive", "unsafe-member", "unsupported", "empty", "damaged", "decode", "too-large"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(_MEMBER, min_size=1, max_size=6))
def test_hostile_archives_fail_member_by_member(tmp_path_factory, tagger, kinds):
    root = tmp_path_factory.mktemp("arc")
    arc = root / "release.zip"
    with zipfile.ZipFile(arc, "w") as z:
        for k, kind in enumerate(kinds):
            name, data, method = _member(kind, k)
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    raw = bytearray(arc.read_bytes())
    for k, kind in enumerate(kinds):
        if kind == "lzma-corrupt":
            at = raw.find(f"bad/{k}.txt".encode()) + len(f"bad/{k}.txt") + 16
            raw[at : at + 32] = bytes(b ^ 0x5A for b in raw[at : at + 32])
    arc.write_bytes(bytes(raw))
    rep = root / "report.json"
    r = lrt("extract", str(arc), "-o", str(root / "out"), "-j", "0", "--no-tags", "--report", str(rep))
    assert r.exit_code in (0, 1) and "Traceback" not in r.stderr and "internal" not in r.stderr
    docs = report_of(rep)
    good = [f"release.zip!/ok/{k}.txt" for k, kind in enumerate(kinds) if kind == "good"]
    for name in good:
        assert docs[name]["status"] == "ok", docs[name]
    for name, d in docs.items():
        if name not in good and d["status"] == "failed":
            assert d["error"]["kind"] in KNOWN_KINDS, (name, d["error"])
    assert r.exit_code == (0 if set(kinds) == {"good"} else 1)


_TAR_MEMBER = st.sampled_from(["good", "deep", "absolute", "climbing", "symlink", "hardlink", "fifo", "bomb", "empty", "binary"])


def _tar_member(tf: tarfile.TarFile, kind: str, k: int) -> None:
    def add(name: str, data: bytes = b"", **fields) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        for key, value in fields.items():
            setattr(info, key, value)
        tf.addfile(info, io.BytesIO(data) if data else None)

    if kind == "good":
        add(f"ok/{k}.txt", _GOOD)
    elif kind == "deep":
        add("/".join(["d"] * 200) + f"/{k}.txt", _GOOD)
    elif kind == "absolute":
        add(f"/etc/{k}.txt", _GOOD)
    elif kind == "climbing":
        add(f"../{k}.txt", _GOOD)
    elif kind == "symlink":
        add(f"link/{k}.txt", type=tarfile.SYMTYPE, linkname="/etc/passwd")
    elif kind == "hardlink":
        add(f"hard/{k}.txt", type=tarfile.LNKTYPE, linkname="ok/0.txt")
    elif kind == "fifo":
        add(f"fifo/{k}.txt", type=tarfile.FIFOTYPE)
    elif kind == "bomb":  # 16 MB of one byte: 16 KB packed, past the ratio of the archive's size
        add(f"bomb/{k}.txt", b"a" * (16 * 1024 * 1024))
    elif kind == "binary":
        add(f"bin/{k}.pdf", bytes(range(256)) * 4)
    else:
        add(f"empty/{k}.txt")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(_TAR_MEMBER, min_size=1, max_size=6), cut=st.one_of(st.none(), st.floats(0.05, 0.95)))
def test_hostile_tar_archives_fail_member_by_member_also_when_cut_short(tmp_path_factory, tagger, kinds, cut):
    """Tar members of every hostile kind, in a .tar.gz that may be cut anywhere: the good members before the cut
    are read, every other one fails with a kind of its own, and the run writes its report."""
    root = tmp_path_factory.mktemp("tar")
    arc = root / "release.tar.gz"
    with tarfile.open(arc, "w:gz") as tf:
        for k, kind in enumerate(kinds):
            _tar_member(tf, kind, k)
    if cut is not None:
        data = arc.read_bytes()
        arc.write_bytes(data[: max(1, int(len(data) * cut))])
    rep = root / "report.json"
    r = lrt("extract", str(arc), "-o", str(root / "out"), "-j", "0", "--no-tags", "--report", str(rep))
    assert r.exit_code in (0, 1) and "Traceback" not in r.stderr and "internal" not in r.stderr
    docs = report_of(rep)
    for name, d in docs.items():
        if d["status"] == "failed":
            assert d["error"]["kind"] in KNOWN_KINDS, (name, d["error"])
    if cut is None:
        good = [f"release.tar.gz!/ok/{k}.txt" for k, kind in enumerate(kinds) if kind == "good"]
        assert all(docs[name]["status"] == "ok" for name in good)
        bombs = [f"release.tar.gz!/bomb/{k}.txt" for k, kind in enumerate(kinds) if kind == "bomb"]
        assert all(docs[name]["error"]["kind"] == "unsafe-member" for name in bombs)
        assert r.exit_code == (0 if set(kinds) == {"good"} else 1)
    else:
        assert r.exit_code == 1  # a cut archive is never read whole without a word
