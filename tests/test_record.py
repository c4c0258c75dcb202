"""The re-run record never lies, and the output folder is one run's at a time.

A run killed at any point (kill -9: no clean-up runs) followed by a re-run gives the same
outputs as a clean run; a second run into a busy folder is refused; temporary files never stay
behind; a record or table that cannot be saved makes the run fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lrt_minutes import extract
from lrt_minutes.batch.command import _lock
from lrt_minutes.cli import app

from .conftest import SEEDS
from .test_parts import BUNDLE, LETTER, meeting

runner = CliRunner()
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED = SEEDS / "002_eb9e69540956417c.txt"


def lrt(*args: str):
    return runner.invoke(app, list(args))


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.name.endswith(".tmp"))


_KILL_AFTER = """
import os, signal, sys
from lrt_minutes.batch import job
from lrt_minutes.cli import app
real, seen, kill_at = job.extract_one, [0], int(sys.argv[1])
def extract_one(*a):
    seen[0] += 1
    if seen[0] > kill_at:
        os.kill(os.getpid(), signal.SIGKILL)  # no finally, no atexit: as kill -9 or a power cut of the process
    return real(*a)
job.extract_one = extract_one
app(sys.argv[2:])
"""


def _killed_run(kill_at: int, *args: str) -> None:
    r = subprocess.run([sys.executable, "-c", _KILL_AFTER, str(kill_at), *args], capture_output=True, timeout=300)
    assert r.returncode == -9, r.stderr.decode()


_KILL_IN_WRITE = """
import os, signal, sys
from lrt_minutes.batch import sinks
real, seen, kill_at, after = sinks.write_atomic, [0], int(sys.argv[1]), sys.argv[2] == "after"
def write_atomic(*a, **k):
    seen[0] += 1
    if seen[0] == kill_at and not after:
        os.kill(os.getpid(), signal.SIGKILL)
    out = real(*a, **k)
    if seen[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)  # written, not yet recorded
    return out
sinks.write_atomic = write_atomic
from lrt_minutes.cli import app
app(sys.argv[3:])
"""


def _killed_in_write(kill_at: int, after: bool, *args: str) -> int:
    """Run lrt, killed (-9) at its `kill_at`-th output write (before it, or after it when `after`); its return code."""
    r = subprocess.run(
        [sys.executable, "-c", _KILL_IN_WRITE, str(kill_at), "after" if after else "before", *args],
        capture_output=True, timeout=300,
    )  # fmt: skip
    assert r.returncode in (0, -9), r.stderr.decode()
    return r.returncode


def _clean(src: Path, root: Path, *args: str) -> dict[str, bytes]:
    out = root / "clean"
    shutil.rmtree(out, ignore_errors=True)
    r = lrt("extract", str(src), "-o", str(out), *args)
    assert r.exit_code == 0, r.stderr
    return outputs(out)


def _bundle(meetings: int, version: int) -> str:
    """A file of a letter and `meetings` meetings (its parts); `version` changes what each meeting says."""
    return "\f".join(
        [LETTER, *(meeting(f"{3 + k} maart 2024", f"de gemeente stuurt versie {version} rond.") for k in range(meetings))]
    )


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory, tagger) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("clean") / "out"
    r = lrt("extract", str(SEEDS), "-o", str(out), "-j", "0")
    assert r.exit_code == 0, r.stderr
    return outputs(out)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kill_at=st.integers(min_value=0, max_value=len(SEED_FILES) - 1))
def test_a_run_killed_anywhere_then_rerun_equals_a_clean_run(tmp_path_factory, clean_run, kill_at):
    out = tmp_path_factory.mktemp("record") / "out"
    r = lrt("extract", str(SEEDS), "-o", str(out), "-j", "0")  # tagged
    assert r.exit_code == 0, r.stderr
    # the same folder, other settings, killed after `kill_at` documents: their outputs are untagged now
    _killed_run(kill_at, "extract", str(SEEDS), "-o", str(out), "-j", "0", "--no-tags", "-q")
    r = lrt("extract", str(SEEDS), "-o", str(out), "-j", "0")
    assert r.exit_code == 0, r.stderr
    assert outputs(out) == clean_run
    assert leftovers(out) == []


def test_a_second_run_into_a_busy_folder_is_refused(tmp_path, tagger):
    out = tmp_path / "out"
    held = _lock(out)  # as a run in progress holds it
    assert held is not None
    try:
        r = lrt("extract", str(SEED), "-o", str(out), "--no-tags")
        assert r.exit_code == 1
        assert "another lrt run is writing into this folder" in r.stderr
        assert outputs(out) == {}
    finally:
        held.close()
    r = lrt("extract", str(SEED), "-o", str(out), "--no-tags")
    assert r.exit_code == 0, r.stderr


def test_output_whose_target_is_a_folder_fails_alone_and_leaves_no_temporary_file(tmp_path, tagger):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, folder / name)
    out = tmp_path / "out"
    (out / "a.json").mkdir(parents=True)  # the final rename cannot replace a folder
    r = lrt("extract", str(folder), "-o", str(out), "--no-tags", "-j", "0")
    assert r.exit_code == 1
    assert "a.txt: write" in r.stderr
    assert (out / "b.json").is_file()
    assert leftovers(tmp_path) == []


def test_a_full_disk_fails_each_write_and_leaves_no_temporary_file(tmp_path, tagger, monkeypatch):
    import errno

    from lrt_minutes.export import formats

    left = [8 * 1024]

    class Full:
        """A file on a disk with 8 KB left: writes past them fail."""

        def __init__(self, fh):
            self.fh = fh

        def write(self, text):
            if len(text) > left[0]:
                raise OSError(errno.ENOSPC, "No space left on device")
            left[0] -= len(text)
            return self.fh.write(text)

        def __getattr__(self, name):
            return getattr(self.fh, name)

    real_init = formats.AtomicFile.__init__

    def on_a_full_disk(self, path, encoding="utf-8"):
        real_init(self, path, encoding)
        self.fh = Full(self.fh)

    monkeypatch.setattr(formats.AtomicFile, "__init__", on_a_full_disk)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, folder / name)
    r = lrt("extract", str(folder), "-o", str(tmp_path / "out"), "--no-tags", "-j", "0", "--report", str(tmp_path / "r.json"))
    assert r.exit_code == 1
    assert "a.txt: write: cannot write the output: No space left on device" in r.stderr
    assert "b.txt: write" in r.stderr and "Traceback" not in r.stderr
    assert leftovers(tmp_path) == []


def test_a_journal_that_cannot_be_written_fails_only_the_documents_it_would_lie_about(tmp_path, tagger):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    assert lrt("extract", str(folder), "-o", str(out), "--no-tags", "-j", "0").exit_code == 0
    before = (out / "a.json").read_bytes()
    (folder / "a.txt").write_bytes(SEED.read_bytes() + b"\n")  # changed: its output would be overwritten
    (folder / "b.txt").write_bytes(b"\x00\x01\x02 binary")  # fails, and is recorded as failed
    shutil.copy(SEED, folder / "c.txt")  # new
    (out / ".lrt-manifest.journal").mkdir()  # the journal cannot be written
    rep = tmp_path / "report.json"
    r = lrt("extract", str(folder), "-o", str(out), "--no-tags", "-j", "0", "--report", str(rep))
    assert r.exit_code == 1
    assert "internal" not in r.stderr and "Traceback" not in r.stderr
    docs = {d["document"]: d for d in json.loads(rep.read_text(encoding="utf-8"))["documents"]}
    assert docs["a.txt"]["error"]["kind"] == "write"  # its old output stays, and is not called up to date
    assert (out / "a.json").read_bytes() == before
    assert docs["b.txt"]["status"] == "failed" and docs["c.txt"]["status"] == "ok"


def test_a_surprise_in_the_check_before_the_workers_costs_no_document(tmp_path, tagger, monkeypatch):
    from lrt_minutes.read import text

    real = text.sniff

    def surprised(data):
        if data.startswith(b"SURPRISE"):
            raise RuntimeError("unexpected")
        return real(data)

    monkeypatch.setattr(text, "sniff", surprised)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"SURPRISE\n" + SEED.read_bytes())
    shutil.copy(SEED, folder / "b.txt")
    r = lrt("extract", str(folder), "-o", str(tmp_path / "out"), "--no-tags", "-j", "0")
    # the check only spares the workers the hopeless inputs: its surprise leaves the document to them
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "out" / "a.json").is_file() and (tmp_path / "out" / "b.json").is_file()


def test_a_record_that_cannot_be_saved_fails_the_run(tmp_path, tagger):
    out = tmp_path / "out"
    (out / ".lrt-manifest").mkdir(parents=True)
    r = lrt("extract", str(SEED), "-o", str(out), "--no-tags", "-j", "0")
    assert r.exit_code == 1
    assert "re-run record" in r.stderr
    assert leftovers(tmp_path) == []


def test_csv_into_a_folder_that_cannot_be_written_is_a_write_error(tmp_path, tagger, monkeypatch):
    from lrt_minutes.export import formats

    def refuse(self, path, encoding="utf-8"):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(formats.AtomicFile, "__init__", refuse)
    r = lrt("extract", str(SEED), "-o", str(tmp_path / "out"), "-f", "csv", "--no-tags", "-j", "0")
    assert r.exit_code == 1
    assert ": write: cannot write the output: Permission denied" in r.stderr
    assert "internal" not in r.stderr


def test_report_naming_a_documents_output_is_refused(tmp_path, tagger):
    out = tmp_path / "out"
    r = lrt("extract", str(SEED), "-o", str(out), "--no-tags")
    assert r.exit_code == 0
    before = outputs(out)
    target = out / SEED.with_suffix(".json").name
    r = lrt("extract", str(SEED), "-o", str(out), "--no-tags", "--force", "--report", str(target))
    assert r.exit_code == 2
    assert "would overwrite the output of" in r.stderr
    assert outputs(out) == before
    r = lrt("extract", str(SEED), "-o", str(out), "--no-tags", "--report", str(out / "report.json"))
    assert r.exit_code == 0, r.stderr


def test_files_named_alike_in_two_folders_are_reported_apart(tmp_path, tagger):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED, tmp_path / folder / "a.txt")
    rep = tmp_path / "report.json"
    r = lrt(
        "extract", str(tmp_path / "x" / "a.txt"), str(tmp_path / "y" / "a.txt"),
        "-o", str(tmp_path / "out"), "--no-tags", "--report", str(rep),
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    names = [d["document"] for d in json.loads(rep.read_text())["documents"]]
    assert len(set(names)) == 2 and names[0].endswith("x/a.txt") and names[1].endswith("y/a.txt")
    assert len(outputs(tmp_path / "out")) == 2


def test_a_long_file_name_is_written_under_a_name_that_fits(tmp_path, tagger):
    name = "verslag-" + "x" * 240 + ".txt"
    shutil.copy(SEED, tmp_path / name)
    out = tmp_path / "out"
    r = lrt("extract", str(tmp_path / name), "-o", str(out), "--no-tags")
    assert r.exit_code == 0, r.stderr
    (written,) = out.glob("*.json")
    assert len(written.name.encode()) <= 255 and written.name.startswith("verslag-x")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("date", "phrase", "due"),
    [("31 december 9999", "volgende week", None), ("1 januari 0001", "voor 1 december", (None, "0001-12-01"))],
)
def test_deadlines_at_the_ends_of_the_calendar_are_no_error(tagger, date, phrase, due):
    # a date past year 9999 (or before year 1) cannot be written: the deadline keeps its words, its date is null
    text = f"Vergaderdatum {date}\n\n1. Opening\n• VNG zal {phrase} het plan sturen.\n"
    doc = extract(text.encode(), name="x.txt", tagger=tagger)
    (tag,) = [t for p in doc.agenda_items[0].points for t in p.tags]
    assert tag.due is not None and tag.due.text == phrase
    assert tag.due.date in (due if isinstance(due, tuple) else (due,))


# ------------------------------------------------------------------ parts of a file, and the record's last write


@pytest.mark.parametrize("how", ["killed", "interrupted", "record-not-saved"])
def test_parts_a_file_no_longer_gives_are_removed_however_the_run_that_rewrote_it_ended(tmp_path, tagger, how, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "bundel.txt").write_text(BUNDLE, encoding="utf-8")
    shutil.copy(SEED, src / "z.txt")
    assert lrt("extract", str(src), "-o", str(out), "-j", "0", "--no-tags").exit_code == 0
    assert {"bundel.part-02.json", "bundel.part-03.json"} <= set(outputs(out))
    (src / "bundel.txt").write_text(meeting("3 maart 2024", "de gemeente belt."), encoding="utf-8")
    (src / "z.txt").write_bytes(SEED.read_bytes() + b"\n")
    # the run that rewrites bundel.txt as one document ends before it is whole: its old parts must still go
    if how == "killed":  # kill -9 as it writes z.txt's output
        assert _killed_in_write(2, False, "extract", str(src), "-o", str(out), "-j", "0", "--no-tags", "-q") == -9
    elif how == "interrupted":  # Ctrl-C as it writes z.txt's output
        from lrt_minutes.batch import sinks

        real = sinks.write_atomic

        def interrupt(path, *a, **k):
            if path.name == "z.json":
                raise KeyboardInterrupt
            return real(path, *a, **k)

        monkeypatch.setattr(sinks, "write_atomic", interrupt)
        assert lrt("extract", str(src), "-o", str(out), "-j", "0", "--no-tags").exit_code == 130
        monkeypatch.undo()
    else:  # the run completes but its record cannot be saved
        from lrt_minutes.batch.manifest import Manifest

        def refuse(self):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Manifest, "save", refuse)
        r = lrt("extract", str(src), "-o", str(out), "-j", "0", "--no-tags")
        assert r.exit_code == 1 and "re-run record" in r.stderr
        monkeypatch.undo()
    r = lrt("extract", str(src), "-o", str(out), "-j", "0", "--no-tags")
    assert r.exit_code == 0, r.stderr
    assert outputs(out) == _clean(src, tmp_path, "-j", "0", "--no-tags")
    assert leftovers(out) == []


def test_a_run_killed_between_two_parts_of_a_file_does_not_leave_it_half_new(tmp_path, tagger):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "bundel.txt").write_text(_bundle(3, 1), encoding="utf-8")
    assert lrt("extract", str(src), "-o", str(out), "-j", "0", "--no-tags").exit_code == 0
    (src / "bundel.txt").write_text(_bundle(3, 2), encoding="utf-8")
    # killed once its second meeting is written (and recorded), before its third: that one still says "versie 1"
    assert _killed_in_write(2, True, "extract", str(src), "-o", str(out), "-j", "0", "--no-tags", "-q") == -9
    r = lrt("extract", str(src), "-o", str(out), "-j", "0", "--no-tags")
    assert r.exit_code == 0, r.stderr
    assert outputs(out) == _clean(src, tmp_path, "-j", "0", "--no-tags")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.integers(min_value=1, max_value=3),
    after=st.integers(min_value=1, max_value=3),
    other_changes=st.booleans(),
    kill_at=st.integers(min_value=1, max_value=6),
    written=st.booleans(),
)
def test_a_run_over_changed_files_killed_anywhere_then_rerun_equals_a_clean_run(
    tmp_path_factory, tagger, before, after, other_changes, kill_at, written
):
    """Files of several parts that change between runs, a run killed at any write (before or after it), a re-run:
    the folder holds what a clean run of the last inputs gives, nothing more."""
    root = tmp_path_factory.mktemp("parts")
    src, out = root / "in", root / "out"
    src.mkdir()
    (src / "a.txt").write_text(_bundle(before, 1), encoding="utf-8")
    shutil.copy(SEED, src / "b.txt")
    (src / "c.txt").write_text(_bundle(2, 1), encoding="utf-8")
    assert lrt("extract", str(src), "-o", str(out), "-j", "0", "--no-tags").exit_code == 0
    (src / "a.txt").write_text(_bundle(after, 2), encoding="utf-8")
    if other_changes:
        (src / "c.txt").write_text(meeting("9 mei 2024", "de provincie belt."), encoding="utf-8")
        (src / "b.txt").write_bytes(SEED.read_bytes() + b"\n")
    _killed_in_write(kill_at, written, "extract", str(src), "-o", str(out), "-j", "0", "--no-tags", "-q")
    r = lrt("extract", str(src), "-o", str(out), "-j", "0", "--no-tags")
    assert r.exit_code == 0, r.stderr
    assert outputs(out) == _clean(src, root, "-j", "0", "--no-tags")
    assert leftovers(out) == []

