"""`lrt extract` as one function: inputs expanded, documents run, outputs written, the report made."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol

from ..export.formats import write_atomic
from .inputs import InputFile, Missing, expand
from .job import Options
from .manifest import Manifest, settings_key
from .report import Report
from .runner import Executor, Outcome, run
from .sinks import CloseError, CsvFileSink, FileSink, JsonlFileSink, OutputClosed, Sink, StdoutSink

Format = Literal["json", "jsonl", "csv", "xlsx"]


@dataclass(frozen=True, slots=True)
class ExtractRequest:
    """What `lrt extract` was asked to do."""

    paths: list[str]
    """Files, folders, archives, globs, or "-" (see `inputs.expand`)."""
    options: Options
    """How to extract (its `render` is set from `format`)."""
    format: Format = "jsonl"
    output: Path | None = None
    """The output folder, or one .jsonl file (format "jsonl"); None writes to stdout."""
    force: bool = False
    """Extract again even documents whose output is up to date (and those that failed before)."""
    retry_failed: bool = False
    """Try again documents that failed in an earlier run into the same folder on the same bytes."""
    report: Path | None = None
    """Where to write the JSON report of the run, if anywhere."""
    csv_dialect: str = "excel"
    """The CSV dialect ("excel" or "excel-nl", see `export.formats.CSV_DIALECTS`)."""
    executor: Callable[[Options], Executor] | None = None
    """Where documents are extracted when not in local worker processes (`dask_pool.connector`: a Dask cluster)."""


class Observer(Protocol):
    """Who is told about a run as it goes (the CLI: messages on stderr and a progress bar)."""

    def error(self, name: str, kind: str, message: str) -> None:
        """A document or an output failed."""
        ...

    def start(self, total: int) -> None:
        """The run is about to extract `total` documents."""
        ...

    def advance(self, name: str) -> None:
        """One more file is done (extracted, failed, unchanged, ...): told as the workers finish files, in any
        order, ahead of its outcomes (`done`, in input order), so that progress does not wait on a slow file."""
        ...

    def done(self, outcome: Outcome) -> None:
        """What happened to one document (or one part of a file), as it happened."""
        ...

    def stop(self) -> None:
        """The run is over (also when it stops early)."""
        ...


def is_jsonl_file(output: Path) -> bool:
    """Whether -o names one JSON Lines file (`-o all.jsonl`) rather than a folder."""
    return output.suffix.lower() == ".jsonl" and not output.is_dir()


def _sink(request: ExtractRequest, opts: Options) -> Sink:
    if request.output is None:
        return StdoutSink()
    if request.format == "jsonl" and is_jsonl_file(request.output):
        return JsonlFileSink(request.output)
    if request.format in ("csv", "xlsx"):
        return CsvFileSink(request.output, request.csv_dialect, xlsx=request.format == "xlsx")
    suffix = ".json" if request.format == "json" else ".jsonl"
    manifest = Manifest(request.output, settings_key(opts, request.format), suffix)
    return FileSink(manifest, force=request.force, retry_failed=request.retry_failed)


class RequestError(Exception):
    """The request cannot be carried out as asked (a usage error: nothing was done)."""


class FolderBusy(Exception):
    """Another run is writing into the output folder."""


class FolderLock:
    """An exclusive lock on the output folder itself (flock on the folder: no lock file left behind)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def close(self) -> None:
        """Let go of the folder."""
        os.close(self.fd)


def _lock(outdir: Path) -> FolderLock | None:
    """Hold the output folder for the run: two runs into one folder would mix their outputs and records.

    None where the folder cannot be locked (not POSIX, or a file system without locks)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        fd = os.open(outdir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise FolderBusy(
            f"{outdir}: another lrt run is writing into this folder; wait until it has finished, or choose another -o"
        ) from None
    except OSError:  # a file system without locks
        os.close(fd)
        return None
    return FolderLock(fd)


def _check_report(request: ExtractRequest, files: list[InputFile], suffix: str) -> None:
    """--report must not name a document's output (it would overwrite it, or be overwritten)."""
    if request.report is None or request.output is None:
        return
    report = request.report.resolve()
    outdir = request.output.resolve()
    if report.parent != outdir and outdir not in report.parents:
        return
    for f in files:
        target = (outdir / f.output).with_suffix(suffix)
        parts = re.fullmatch(re.escape(target.stem) + r"\.part-\d+" + re.escape(suffix), report.name)
        if report == target or (report.parent == target.parent and parts):
            raise RequestError(f"--report {request.report} would overwrite the output of {f.name}; choose another name")
    if report.name in (Manifest.FILE, Manifest.JOURNAL):
        raise RequestError(f"--report {request.report} would overwrite the re-run record of {request.output}")


def extract_paths(request: ExtractRequest, observer: Observer) -> Report:
    """Extract every document the request names into its sink; return the report of the run.

    A document that fails is told to the observer and costs no other; `pool.WorkerStartError`
    (the NLP pipeline cannot be built) stops the run. Ctrl-C and a closed standard output
    stop it too, with `Report.stopped` set: outputs written so far stay, the manifest and
    the report are still written.
    """
    t_start = time.perf_counter()
    files, missing = expand(request.paths)
    _check_report(request, files, ".jsonl" if request.format == "jsonl" else ".json")
    # a folder is held for the run; one JSON Lines file (-o all.jsonl) is written through a temporary file
    folder = request.output is not None and not (request.format == "jsonl" and is_jsonl_file(request.output))
    lock = _lock(request.output) if folder and request.output is not None else None
    try:
        return _extract(request, observer, files, missing, t_start)
    finally:
        if lock is not None:
            lock.close()


_SPOOL = "lrt-spool-"
"""Prefix of a run's spool folder in the temporary directory, followed by the pid of the run that made it."""


def _remove_orphan_spools() -> None:
    """Remove the spool folders of runs that are gone (killed with SIGKILL, or a machine that lost power before
    they could clean up): a folder is an orphan when no process has the pid its name carries."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_SPOOL}*-*"):
        pid = folder.name.removeprefix(_SPOOL).split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or not folder.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # another user's live process (EPERM): not ours to touch
            continue


def _extract(
    request: ExtractRequest, observer: Observer, files: list[InputFile], missing: list[Missing], t_start: float
) -> Report:
    rep = Report()
    for miss in missing:
        observer.error(miss.arg, miss.kind, miss.message)
        rep.add(Outcome(miss.arg, PurePosixPath(), "failed", kind=miss.kind, message=miss.message))

    opts = replace(request.options, render="csv" if request.format == "xlsx" else request.format)
    rep.total = len(missing) + len(files)
    with contextlib.ExitStack() as stack:
        if opts.render in ("json", "jsonl") and request.executor is None:
            # local workers write each document's JSON to a file here, a point at a time, for the sink to copy:
            # a long document's JSON is never held whole (a Dask cluster's workers send it as text)
            _remove_orphan_spools()
            spool = tempfile.TemporaryDirectory(prefix=f"{_SPOOL}{os.getpid()}-", ignore_cleanup_errors=True)
            opts = replace(opts, spool=stack.enter_context(spool))
        return _run(request, observer, opts, rep, files, t_start)


def _run(
    request: ExtractRequest, observer: Observer, opts: Options, rep: Report, files: list[InputFile], t_start: float
) -> Report:
    sink = _sink(request, opts)
    observer.start(len(files))
    completed = False
    try:
        outcomes = run(
            files, opts, skip=sink.skip, recall=sink.recall, executor=request.executor, completed=observer.advance
        )
        with contextlib.closing(outcomes):
            for o in outcomes:
                if o.status == "ok":
                    try:
                        sink.write(o)
                    except OutputClosed:
                        raise
                    except OSError as e:  # disk full, no permission: this document failed, the batch goes on
                        o.status, o.kind, o.message = "failed", "write", f"cannot write the output: {e.strerror or e}"
                    except Exception as e:  # a path too deep for the file system's tools, ...: still only this document
                        o.status, o.kind, o.message = "failed", "write", f"cannot write the output: {e.__class__.__name__}: {e}"
                elif o.status == "skipped":
                    sink.skipped(o)
                if o.status == "failed":
                    observer.error(o.name, o.kind or "error", o.message or "")
                    sink.failed(o)
                rep.add(o)
                observer.done(o)
        completed = True
    except KeyboardInterrupt:  # Ctrl-C: what was written stays (and is recorded for a re-run), the report says where it stopped
        rep.stopped = "interrupted"
    except OutputClosed:  # `lrt extract … | head -1`: the reader has what it wanted
        rep.stopped = "output-closed"
    finally:
        observer.stop()
        try:
            sink.close(completed)
        except CloseError as e:  # the record or the tables were not saved: the run did not succeed
            observer.error(e.name, "write", e.message)
            rep.outcomes.append(Outcome(e.name, PurePosixPath(), "failed", kind="write", message=e.message))
    rep.seconds = time.perf_counter() - t_start
    if request.report is not None:
        try:
            write_atomic(request.report, json.dumps(rep.to_dict(), indent=2, ensure_ascii=False) + "\n")
        except OSError as e:
            observer.error(str(request.report), "write", f"cannot write the report: {e.strerror or e}")
            rep.outcomes.append(Outcome(str(request.report), PurePosixPath(), "failed", kind="write", message=str(e)))
    return rep
