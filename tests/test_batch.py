"""Batch runs as users do them: archives, CSV, reports, workers, timeouts, crashes, incremental re-runs."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lrt_minutes import extract
from lrt_minutes.batch import job, pool
from lrt_minutes.batch.command import ExtractRequest, extract_paths
from lrt_minutes.batch.inputs import expand
from lrt_minutes.batch.job import Options
from lrt_minutes.batch.runner import run
from lrt_minutes.cli import app
from lrt_minutes.export import to_json

from .conftest import SEEDS

runner = CliRunner()
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED = SEEDS / "002_eb9e69540956417c.txt"


def lrt(*args: str):
    return runner.invoke(app, list(args))


def errors_of(r) -> list[str]:
    return [ln for ln in r.stderr.splitlines() if ln.startswith("lrt: error:")]


def leftovers(root: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in root.rglob("*") if p.name.endswith(".tmp"))


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


# --- archives ----------------------------------------------------------------------------


def test_zip_members_keep_their_inner_path(tmp_path, tagger):
    arc = make_zip(tmp_path / "release.zip", {"2023/verslag.txt": SEED.read_bytes(), "readme.md": b"# not minutes"})
    r = lrt("extract", str(arc), "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "out" / "release.zip" / "2023" / "verslag.json"
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["source"]["path"] == "release.zip!/2023/verslag.txt"
    assert doc["meeting"]["date"] == "2023-11-03"
    assert not (tmp_path / "out" / "release.zip" / "readme.json").exists()


@pytest.mark.parametrize("mode,suffix", [("w:gz", ".tar.gz"), ("w", ".tar"), ("w:gz", ".tgz")])
def test_tar_archives_give_the_same_documents_as_files(tmp_path, tagger, mode, suffix):
    arc = tmp_path / f"release{suffix}"
    with tarfile.open(arc, mode) as tf:
        for p in SEED_FILES[:2]:
            tf.add(p, arcname=f"./verslagen/{p.name}")
    r = lrt("extract", str(arc))
    assert r.exit_code == 0, r.stderr
    docs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [d["source"]["path"] for d in docs] == [f"release{suffix}!/verslagen/{p.name}" for p in SEED_FILES[:2]]
    single = [json.loads(lrt("extract", str(p)).stdout) for p in SEED_FILES[:2]]
    for d, s in zip(docs, single, strict=True):
        d["source"].pop("path")
        s["source"].pop("path")
        assert d == s


def test_untrusted_zip_members_are_refused_and_the_rest_is_read(tmp_path, tagger):
    link = zipfile.ZipInfo("link.txt")
    link.external_attr = 0o120777 << 16
    arc = tmp_path / "evil.zip"
    with zipfile.ZipFile(arc, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../escaped.txt", SEED.read_bytes())
        z.writestr("/etc/absolute.txt", SEED.read_bytes())
        z.writestr("bomb.txt", b"\0" * (20 * 1024 * 1024))
        z.writestr(link, "good.txt")
        z.writestr("good.txt", SEED.read_bytes())
    out = tmp_path / "deep" / "out"
    r = lrt("extract", str(arc), "-o", str(out), "--report", str(tmp_path / "report.json"))
    assert r.exit_code == 1
    errs = errors_of(r)
    assert len(errs) == 4
    assert any("evil.zip!/../../escaped.txt: unsafe-member:" in e for e in errs)
    assert any("absolute.txt: unsafe-member: absolute path" in e for e in errs)
    assert any("bomb.txt: unsafe-member: compression ratio" in e for e in errs)
    assert any("link.txt: unsafe-member: link in archive" in e for e in errs)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json")) == [
        "deep/out/evil.zip/good.json", "report.json",
    ]  # fmt: skip
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["counts"] == {"ok": 1, "skipped": 0, "unchanged": 0, "failed": 4}
    assert {d["error"]["kind"] for d in report["documents"] if d["error"]} == {"unsafe-member"}


def test_tar_links_and_climbing_paths_are_refused(tmp_path, tagger):
    arc = tmp_path / "evil.tar.gz"
    with tarfile.open(arc, "w:gz") as tf:
        for name in ("../up.txt", "ok.txt"):
            info = tarfile.TarInfo(name)
            data = SEED.read_bytes()
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        sym = tarfile.TarInfo("sym.txt")
        sym.type = tarfile.SYMTYPE
        sym.linkname = "/etc/passwd"
        tf.addfile(sym)
    r = lrt("extract", str(arc), "-o", str(tmp_path / "out"))
    assert r.exit_code == 1
    assert len(errors_of(r)) == 2
    assert [p.name for p in (tmp_path / "out").rglob("*.json")] == ["ok.json"]


def test_damaged_archive_is_one_error(tmp_path):
    arc = tmp_path / "broken.zip"
    arc.write_bytes(b"PK\x03\x04" + os.urandom(200))
    shutil.copy(SEED, tmp_path / "good.txt")
    r = lrt("extract", str(tmp_path), "-o", str(tmp_path / "out"), "--no-tags")
    assert r.exit_code == 1
    (err,) = errors_of(r)
    assert err.startswith("lrt: error: broken.zip: bad-archive:")
    assert (tmp_path / "out" / "good.json").is_file()


# --- CSV and report ----------------------------------------------------------------------


def test_csv_tables_of_tags_and_participants(tmp_path, tagger):
    r = lrt("extract", str(SEEDS), "-f", "csv", "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stderr
    raw = (tmp_path / "out" / "tags.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads UTF-8
    assert b"\r\n" in raw
    tags = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    docs = [json.loads(x) for x in lrt("extract", str(SEEDS)).stdout.splitlines()]

    def walk(points):
        for p in points:
            yield from p["tags"]
            yield from walk(p["children"])

    expected = [t for d in docs for it in d["agenda_items"] for t in walk(it["points"])]
    assert len(tags) == len(expected) > 20
    assert [t["text"] for t in tags] == [t["text"] for t in expected]
    row = next(t for t in tags if t["type"] == "commitment")
    assert row["owners"] == "SJenV" and row["due_text"] == "volgende week"
    people = list(csv.DictReader(io.StringIO((tmp_path / "out" / "participants.csv").read_text(encoding="utf-8-sig"))))
    assert {p["list"] for p in people} == {"attendee", "absentee"}
    assert any(p["organisation"] == "CdK’s" for p in people)
    assert len(people) == sum(len(d["attendees"]) + len(d["absentees"]) + len(d["members"]) for d in docs)


def test_csv_needs_an_output_folder():
    assert lrt("extract", str(SEED), "-f", "csv").exit_code == 2


def test_report_names_slowest_and_failed(tmp_path, tagger):
    shutil.copy(SEED, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    r = lrt("extract", str(tmp_path), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.json"))
    assert r.exit_code == 1
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert rep["counts"] == {"ok": 1, "skipped": 0, "unchanged": 0, "failed": 1}
    assert rep["slowest"][0]["document"] in {"good.txt", "empty.txt"}
    (failed,) = [d for d in rep["documents"] if d["status"] == "failed"]
    assert failed["document"] == "empty.txt" and failed["error"]["kind"] == "empty" and failed["output"] is None
    # the summary table on stderr says the same
    assert "failed" in r.stderr and "empty.txt" in r.stderr


# --- incremental re-runs -----------------------------------------------------------------


def test_rerun_skips_unchanged_documents_and_redoes_changed_ones(tmp_path, tagger):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for p in SEED_FILES:
        shutil.copy(p, src / p.name)
    assert lrt("extract", str(src), "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.json")}

    r = lrt("extract", str(src), "-o", str(out), "--report", str(tmp_path / "r.json"))
    assert r.exit_code == 0
    assert json.loads((tmp_path / "r.json").read_text())["counts"] == {"ok": 0, "skipped": 0, "unchanged": 5, "failed": 0}
    assert "5 unchanged" in r.stderr
    assert {p.name: p.read_bytes() for p in out.glob("*.json")} == before

    changed = src / SEED_FILES[0].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("november", "december", 1), encoding="utf-8")
    (out / SEED_FILES[1].with_suffix(".json").name).unlink()
    r = lrt("extract", str(src), "-o", str(out), "--report", str(tmp_path / "r.json"))
    rep = json.loads((tmp_path / "r.json").read_text())
    assert rep["counts"] == {"ok": 2, "skipped": 0, "unchanged": 3, "failed": 0}
    assert {d["document"] for d in rep["documents"] if d["status"] == "ok"} == {SEED_FILES[0].name, SEED_FILES[1].name}

    # other settings, or --force, redo everything
    r = lrt("extract", str(src), "-o", str(out), "--no-tags", "--report", str(tmp_path / "r.json"))
    assert json.loads((tmp_path / "r.json").read_text())["counts"]["ok"] == 5
    r = lrt("extract", str(src), "-o", str(out), "--no-tags", "--force", "--report", str(tmp_path / "r.json"))
    assert json.loads((tmp_path / "r.json").read_text())["counts"]["ok"] == 5


def test_corrupt_manifest_means_a_full_run(tmp_path, tagger):
    out = tmp_path / "out"
    assert lrt("extract", str(SEED), "-o", str(out)).exit_code == 0
    (out / ".lrt-manifest").write_text("{not json")
    r = lrt("extract", str(SEED), "-o", str(out))
    assert r.exit_code == 0 and "1 documents" in r.stderr


# --- workers -----------------------------------------------------------------------------


def test_workers_give_the_same_output_in_the_same_order(tagger):
    outs = [lrt("extract", str(SEEDS), "-j", j).stdout for j in ("0", "1", "2")]
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0].splitlines()) == 5


def _slow_or_crashing(data, name, tagger, opts):
    if "slow" in name:
        time.sleep(60)
    if "crash" in name:
        os._exit(3)
    return _REAL_EXTRACT_ONE(data, name, tagger, opts)


_REAL_EXTRACT_ONE = job.extract_one


@pytest.mark.skipif(sys.platform != "linux", reason="the workers inherit the patch through fork")
def test_timeout_and_crash_fail_one_document_each(tmp_path, tagger, monkeypatch):
    monkeypatch.setattr(job, "extract_one", _slow_or_crashing)
    names = ["a.txt", "slow.txt", "b.txt", "crash.txt", "c.txt", "d.txt", "e.txt"]
    for n in names:
        shutil.copy(SEED, tmp_path / n)
    files, _ = expand([str(tmp_path)])
    t0 = time.monotonic()
    outcomes = list(run(files, Options(workers=2, timeout=2.0, render="jsonl")))
    assert time.monotonic() - t0 < 30
    assert [o.name for o in outcomes] == sorted(names)
    status = {o.name: (o.status, o.kind) for o in outcomes}
    assert status["slow.txt"] == ("failed", "timeout")
    assert status["crash.txt"] == ("failed", "crashed")
    assert all(status[n] == ("ok", None) for n in names if n not in {"slow.txt", "crash.txt"})
    # the documents that came out are exactly what a single-file run gives
    ok = next(o for o in outcomes if o.name == "a.txt")
    single = lrt("extract", str(tmp_path / "a.txt"), "-j", "0").stdout
    assert ok.text == single


HOLD = b"HOLD "
"""A document whose bytes start with a line `HOLD <path>` is held by its worker until that path exists."""


def held(data: bytes) -> bytes:
    """Wait (at most 120 s) for a held document's release; its bytes without the HOLD line."""
    if not data.startswith(HOLD):
        return data
    line, _, rest = data.partition(b"\n")
    release = Path(line[len(HOLD) :].decode())
    deadline = time.monotonic() + 120
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return rest


def _held_extract_one(data, name, tagger, opts):
    return _REAL_EXTRACT_ONE(held(data), name, tagger, opts)


def held_first(folder: Path, release: Path) -> list[str]:
    """A folder whose first document is held until `release` exists, then four seeds; their names in input order."""
    folder.mkdir()
    (folder / "0-held.txt").write_bytes(HOLD + str(release).encode() + b"\n" + SEED_FILES[0].read_bytes())
    for p in SEED_FILES[1:]:
        shutil.copy(p, folder)
    return sorted(p.name for p in folder.iterdir())


class ProgressWatcher:
    """An observer of `extract_paths` that notes progress and outcomes, and releases the held document once
    every other one has been told as done."""

    def __init__(self, names: list[str], release: Path) -> None:
        self.others = set(names[1:])
        self.release = release
        self.events: list[tuple[str, str]] = []

    def error(self, name, kind, message):
        raise AssertionError(f"{name}: {kind}: {message}")

    def start(self, total):
        self.events.append(("start", str(total)))

    def advance(self, name):
        self.events.append(("advance", name))
        if {n for what, n in self.events if what == "advance"} >= self.others:
            self.release.touch()

    def done(self, outcome):
        self.events.append(("done", outcome.name))

    def stop(self):
        self.events.append(("stop", ""))


def check_progress_ahead_of_output(watcher: ProgressWatcher, names: list[str], out: Path) -> None:
    """The bar moved on each document as it completed, the held first one last, while outputs and the
    report's outcomes kept input order."""
    advanced = [n for what, n in watcher.events if what == "advance"]
    assert sorted(advanced[:-1]) == names[1:] and advanced[-1] == names[0]
    assert watcher.events[0] == ("start", str(len(names)))
    first_done = watcher.events.index(("done", names[0]))
    assert [w for w, _ in watcher.events[1:first_done]] == ["advance"] * len(names)
    assert [n for what, n in watcher.events if what == "done"] == names
    for p in SEED_FILES[1:]:
        assert (out / p.name).with_suffix(".json").read_text(encoding="utf-8") == to_json(extract(p))


@pytest.mark.skipif(sys.platform != "linux", reason="the workers inherit the patch through fork")
def test_progress_follows_documents_as_they_complete_not_input_order(tmp_path, tagger, monkeypatch):
    monkeypatch.setattr(job, "extract_one", _held_extract_one)
    names = held_first(tmp_path / "in", tmp_path / "release")
    watcher = ProgressWatcher(names, tmp_path / "release")
    request = ExtractRequest([str(tmp_path / "in")], Options(workers=2), format="json", output=tmp_path / "out")
    rep = extract_paths(request, watcher)
    assert [o.name for o in rep.outcomes] == names and {o.status for o in rep.outcomes} == {"ok"}
    check_progress_ahead_of_output(watcher, names, tmp_path / "out")


def test_interrupted_run_leaves_no_partial_files(tmp_path, tagger, monkeypatch):
    calls = {"n": 0}

    def interrupt_on_third(data, name, tagger, opts):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return _REAL_EXTRACT_ONE(data, name, tagger, opts)

    monkeypatch.setattr(job, "extract_one", interrupt_on_third)
    r = lrt("extract", str(SEEDS), "-o", str(tmp_path / "out"), "-f", "csv", "-j", "0")
    assert r.exit_code != 0
    assert not (tmp_path / "out" / "tags.csv").exists()
    assert leftovers(tmp_path) == []


def test_a_run_removes_the_spool_folders_of_killed_runs_only(tmp_path, tagger, monkeypatch):
    """A run killed with SIGKILL cannot remove its spool folder in the temporary directory; the next run
    removes it (no process has its pid) and leaves the folder of a run still going."""
    import subprocess
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        orphan = tmp_path / "tmp" / f"lrt-spool-{gone.pid}-abc"
        running = tmp_path / "tmp" / f"lrt-spool-{alive.pid}-def"
        other = tmp_path / "tmp" / "lrt-spool-notapid"
        for d in (orphan, running, other):
            d.mkdir()
            (d / "x.json").write_text("{}")
        r = lrt("extract", str(SEED), "-o", str(tmp_path / "out"), "-j", "0")
        assert r.exit_code == 0, r.stderr
        assert not orphan.exists() and running.exists() and other.exists()
        assert sorted(p.name for p in (tmp_path / "tmp").iterdir()) == sorted([running.name, other.name])
    finally:
        alive.kill()
        alive.wait()


def test_quoted_glob_is_expanded(tmp_path, tagger, monkeypatch):
    (tmp_path / "2023").mkdir()
    for n in ("a.txt", "b.txt"):
        shutil.copy(SEED, tmp_path / "2023" / n)
    (tmp_path / "2023" / "notes.md").write_text("x")
    monkeypatch.chdir(tmp_path)
    r = lrt("extract", "2023/*.txt", "--no-tags")
    assert r.exit_code == 0, r.stderr
    assert [json.loads(x)["source"]["path"] for x in r.stdout.splitlines()] == ["2023/a.txt", "2023/b.txt"]
    r = lrt("extract", "nothing/*.pdf", "--no-tags")
    assert r.exit_code == 1 and "nothing/*.pdf: not-found: the pattern matches no" in r.stderr


def test_archive_without_minutes_is_an_error_only_when_named(tmp_path, tagger):
    (tmp_path / "in").mkdir()
    photos = make_zip(tmp_path / "in" / "photos.zip", {"a.jpg": b"\xff\xd8\xff"})
    shutil.copy(SEED, tmp_path / "in" / "verslag.txt")
    r = lrt("extract", str(tmp_path / "in"), "--no-tags")
    assert r.exit_code == 0 and errors_of(r) == []
    r = lrt("extract", str(photos), "--no-tags")
    assert r.exit_code == 1 and "photos.zip: empty-archive:" in r.stderr


def test_output_that_cannot_be_written_fails_that_document_only(tmp_path, tagger):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEED, src / "a.txt")
    shutil.copy(SEED, src / "b.txt")
    (out / "a.json").mkdir(parents=True)  # a folder where a.json must go
    r = lrt("extract", str(src), "-o", str(out))
    assert r.exit_code == 1
    (err,) = errors_of(r)
    assert err.startswith("lrt: error: a.txt: write: cannot write the output")
    assert (out / "b.json").is_file()


def test_output_option_naming_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "out").write_text("x")
    r = lrt("extract", str(SEED), "-o", str(tmp_path / "out"))
    assert r.exit_code == 2 and "-o needs a folder" in r.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="the workers inherit the patch through fork")
def test_workers_that_cannot_start_stop_the_run_with_one_line(tmp_path, monkeypatch):
    def broken(opts):
        raise OSError("model files missing")

    monkeypatch.setattr(job, "build_tagger", broken)
    files, _ = expand([str(SEED)])
    with pytest.raises(pool.WorkerStartError, match="model files missing"):
        list(run(files, Options(workers=1, timeout=5)))


@pytest.mark.skipif(sys.platform != "linux", reason="the workers inherit the patch through fork")
def test_outputs_are_copied_from_files_the_workers_write_never_made_as_one_string(tmp_path, tagger, monkeypatch):
    """A document's JSON goes from the worker to -o DIR, -o all.jsonl and stdout through a file written a point
    at a time (`write_json`): neither process makes it as one string, and the files are removed after the run."""
    import tempfile

    from lrt_minutes import extract
    from lrt_minutes.export import formats

    docs = [extract(p, tagger=tagger) for p in SEED_FILES]
    pretty = {p.stem: formats.to_json(d) for p, d in zip(SEED_FILES, docs, strict=True)}
    records = "".join(formats.to_jsonl(d) for d in docs)

    def whole(doc):
        raise AssertionError("a document's whole JSON was made as one string")

    monkeypatch.setattr(formats, "to_json", whole)
    monkeypatch.setattr(formats, "to_jsonl", whole)
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    for j in ("0", "1"):
        out = tmp_path / f"out-{j}"
        r = lrt("extract", str(SEEDS), "-o", str(out), "-j", j)
        assert r.exit_code == 0, r.stderr
        assert {p.stem: p.read_text(encoding="utf-8") for p in out.glob("*.json")} == pretty
        r = lrt("extract", str(SEEDS), "-j", j)
        assert r.exit_code == 0, r.stderr
        assert r.stdout == records
        lines = tmp_path / f"all-{j}.jsonl"
        r = lrt("extract", str(SEEDS), "-o", str(lines), "-j", j)
        assert r.exit_code == 0, r.stderr
        assert lines.read_text(encoding="utf-8") == records
    assert list(spool.iterdir()) == []
