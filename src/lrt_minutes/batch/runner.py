"""Run many documents: worker processes, a per-document timeout, incremental re-runs, a report.

`run()` reads the inputs in order (archives member by member), skips documents whose
content hash and tool settings are unchanged since the last run, sends the rest to worker
processes (each builds the NLP pipeline once), and yields one `Outcome` per document in
input order, so that output is deterministic whatever the number of workers.

A worker that passes the timeout on a document, or dies on one, is killed and replaced;
that document is reported as failed and the batch goes on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path, PurePosixPath
from typing import Literal

from .archive import BadArchive, read_members
from ..errors import InputError, LrtError
from .inputs import InputFile
from ..models import SCHEMA_VERSION, MinutesDocument

Status = Literal["ok", "skipped", "failed"]


@dataclass(slots=True)
class Outcome:
    """What happened to one document."""

    name: str
    output: PurePosixPath
    status: Status
    seconds: float = 0.0
    sha256: str | None = None
    kind: str | None = None
    message: str | None = None
    doc: MinutesDocument | None = None
    """The document, when Options.render is "doc"."""
    rendered: object = None
    """The document as Options.render asks: JSON text, a JSON Lines record, or CSV rows (tags, participants)."""
    pages: int | None = None
    warnings: int = 0


@dataclass(frozen=True, slots=True)
class Options:
    """How documents are extracted."""

    tags: bool = True
    password: str | None = None
    workers: int = 1
    """Worker processes; 0 runs everything in this process (no timeout then)."""
    timeout: float | None = None
    """Seconds one document may take before its worker is killed; None for no limit."""
    render: Literal["doc", "json", "jsonl", "csv"] = "doc"
    """What an Outcome carries: the model, or its serialisation, made in the worker (where it runs in parallel)."""


def settings_key(opts: Options, fmt: str) -> str:
    """What, besides the input bytes, decides the output: a re-run reuses outputs made under the same key."""
    from .. import __version__

    return f"lrt-minutes {__version__}; schema {SCHEMA_VERSION}; tags={int(opts.tags)}; format={fmt}"


# ---------------------------------------------------------------------------------------------
# reading the inputs


def load(files: list[InputFile]) -> Iterator[tuple[InputFile, bytes | None, LrtError | None]]:
    """Each document's bytes, in order; archives are read member by member, never unpacked to disk."""
    i = 0
    while i < len(files):
        f = files[i]
        if f.member is None or f.path is None:
            yield f, *_read_file(f)
            i += 1
            continue
        j = i
        while j < len(files) and files[j].archive == f.archive:
            j += 1
        group = files[i:j]
        k = 0
        try:
            for m in read_members(f.path):
                if k >= len(group):
                    break
                yield group[k], m.data, m.error
                k += 1
            if k < len(group):
                raise BadArchive("the archive changed while it was read")
        except BadArchive as e:
            for job in group[k:]:
                yield job, None, e
        except OSError as e:
            for job in group[k:]:
                yield job, None, InputError(f"cannot read the archive: {e.strerror or e}")
        i = j


def _read_file(f: InputFile) -> tuple[bytes | None, LrtError | None]:
    if f.path is None:
        return sys.stdin.buffer.read(), None
    try:
        return f.path.read_bytes(), None
    except IsADirectoryError:
        return None, InputError("is a folder, not a file")
    except FileNotFoundError:
        return None, InputError("no such file (removed during the run?)")
    except OSError as e:
        return None, InputError(f"cannot read: {e.strerror or e}")


# ---------------------------------------------------------------------------------------------
# incremental re-runs


class Manifest:
    """Which outputs in an output folder were made from which input bytes, under which settings.

    Kept in OUTDIR/.lrt-manifest; a document is skipped when its entry has the same
    content hash and settings key and its output file still exists.
    """

    FILE = ".lrt-manifest"  # no .json suffix: `out/*.json` globs only see documents

    def __init__(self, outdir: Path, key: str, suffix: str = ".json") -> None:
        self.outdir = outdir
        self.key = key
        self.suffix = suffix
        self.entries: dict[str, dict[str, str]] = {}
        try:
            data = json.loads((outdir / self.FILE).read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("documents"), dict):
                self.entries = {k: v for k, v in data["documents"].items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass

    def target(self, output: PurePosixPath) -> Path:
        """Where a document's output file goes."""
        return self.outdir / output.with_suffix(self.suffix)

    def fresh(self, f: InputFile, sha256: str) -> bool:
        e = self.entries.get(f.name)
        return (
            e is not None
            and e.get("sha256") == sha256
            and e.get("key") == self.key
            and e.get("output") == f.output.with_suffix(self.suffix).as_posix()
            and self.target(f.output).is_file()
        )

    def record(self, name: str, output: PurePosixPath, sha256: str) -> None:
        self.entries[name] = {"sha256": sha256, "key": self.key, "output": output.with_suffix(self.suffix).as_posix()}

    def forget_name(self, name: str) -> None:
        self.entries.pop(name, None)

    def save(self) -> None:
        from ..export.formats import write_atomic

        body = {"documents": dict(sorted(self.entries.items()))}
        write_atomic(self.outdir / self.FILE, json.dumps(body, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


# ---------------------------------------------------------------------------------------------
# extraction in workers


def _extract_one(data: bytes, name: str, tagger: object, opts: Options) -> tuple:
    """("ok", doc, rendered, pages, warnings, None, None, seconds) or ("failed", None, ..., kind, message, seconds)."""
    from ..api import extract_bytes
    from ..export.formats import participant_rows, tag_rows, to_json, to_jsonl

    t0 = time.perf_counter()
    try:
        doc = extract_bytes(data, name=name, tagger=tagger, tags=opts.tags, password=opts.password)  # type: ignore[arg-type]
        rendered: object = None
        if opts.render == "json":
            rendered = to_json(doc)
        elif opts.render == "jsonl":
            rendered = to_jsonl(doc)
        elif opts.render == "csv":
            rendered = (list(tag_rows(doc)), list(participant_rows(doc)))
    except LrtError as e:
        return _failed(e.kind, str(e) or e.__class__.__name__, time.perf_counter() - t0)
    except Exception as e:  # a bug, reported for this file; the batch goes on
        return _failed("internal", f"{e.__class__.__name__}: {e}", time.perf_counter() - t0)
    keep = doc if opts.render == "doc" else None
    return "ok", keep, rendered, doc.source.pages, len(doc.warnings), None, None, time.perf_counter() - t0


def _failed(kind: str, message: str, seconds: float) -> tuple:
    return "failed", None, None, None, 0, kind, message, seconds


def _tagger(opts: Options) -> object:
    if not opts.tags:
        return None
    from ..tag.pipeline import default_tagger

    return default_tagger()


class WorkerStartError(RuntimeError):
    """A worker process could not start (its NLP pipeline could not be built)."""


def _worker_main(conn: Connection, opts: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        tagger = _tagger(opts)
    except Exception as e:  # said to the parent, which stops the run with one line
        conn.send(("start-failed", f"{e.__class__.__name__}: {e}"))
        return
    conn.send(("ready",))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        seq, name, data = msg
        conn.send((seq, *_extract_one(data, name, tagger, opts)))


@dataclass(slots=True)
class _Worker:
    proc: multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False
    job: int | None = None
    """The document (its sequence number) being worked on, if any."""
    started: float = 0.0
    """When `job` was sent."""


class _Pool:
    """Worker processes, each sent one document at a time; a worker that overruns is killed and replaced.

    One at a time, because a document is only sent to a worker that waits in recv(): were a
    second one sent ahead, the parent could block sending it while the worker blocks sending
    its (large) result, each waiting on the other's full pipe.
    """

    def __init__(self, size: int, opts: Options) -> None:
        self.opts = opts
        methods = multiprocessing.get_all_start_methods()
        self.ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.workers = [self._start() for _ in range(size)]
        self.start_failures = 0

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.opts), daemon=True, name="lrt-worker")
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def busy(self) -> bool:
        return any(w.job is not None for w in self.workers)

    def dispatch(self, queue: deque[tuple[int, str, bytes]]) -> None:
        for w in self.workers:
            if not queue:
                return
            if w.ready and w.job is None:
                job = queue.popleft()
                w.job, w.started = job[0], time.monotonic()
                with contextlib.suppress(OSError):  # a dead worker is noticed by collect()
                    w.conn.send(job)

    def collect(self) -> list[tuple[int, tuple]]:
        """Wait for something to happen; return finished (seq, result) pairs (failures included)."""
        timeout = None
        if self.opts.timeout is not None:
            now = time.monotonic()
            deadlines = [w.started + self.opts.timeout - now for w in self.workers if w.job is not None]
            timeout = max(0.0, min(deadlines)) if deadlines else None
        ready = wait([w.conn for w in self.workers], timeout=timeout)
        done: list[tuple[int, tuple]] = []
        for i, w in enumerate(self.workers):
            if w.conn in ready:
                try:
                    msg = w.conn.recv()
                except (EOFError, OSError):
                    w.proc.join(1)
                    if not w.ready:
                        self.start_failures += 1
                        if self.start_failures >= 3:
                            raise WorkerStartError(f"worker processes die on start (exit code {w.proc.exitcode})") from None
                    done.extend(self._lost(i, "crashed", f"the worker died (exit code {w.proc.exitcode})", 0.0))
                    continue
                if msg == ("ready",):
                    w.ready = True
                    continue
                if msg[0] == "start-failed":
                    raise WorkerStartError(f"a worker could not build the NLP pipeline: {msg[1]}")
                w.job = None
                done.append((msg[0], msg[1:]))
            elif w.job is not None and self.opts.timeout is not None and time.monotonic() - w.started >= self.opts.timeout:
                msg = f"took longer than {self.opts.timeout:g} s; stopped"
                done.extend(self._lost(i, "timeout", msg, float(self.opts.timeout)))
        return done

    def _lost(self, i: int, kind: str, message: str, seconds: float) -> list[tuple[int, tuple]]:
        """A worker died or was stopped: its document failed; a new worker takes its place."""
        w = self.workers[i]
        failed = [(w.job, _failed(kind, message, seconds))] if w.job is not None else []
        self._replace(i)
        return failed

    def _replace(self, i: int) -> None:
        self._stop(self.workers[i])
        self.workers[i] = self._start()

    @staticmethod
    def _stop(w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)
        w.conn.close()

    def close(self) -> None:
        for w in self.workers:
            if w.job is None and w.proc.is_alive():
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        deadline = time.monotonic() + 5
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            self._stop(w)


# ---------------------------------------------------------------------------------------------
# the loop


def run(
    files: list[InputFile],
    opts: Options,
    *,
    skip: Callable[[InputFile, str], bool] | None = None,
) -> Iterator[Outcome]:
    """Extract every document of `files`; yield one Outcome per document, in input order.

    `skip(file, sha256)` says whether a document's existing output is still good.
    """
    source = load(files)
    by_seq: dict[int, InputFile] = {}
    done: dict[int, Outcome] = {}
    queue: deque[tuple[int, str, bytes]] = deque()
    hashes: dict[int, str] = {}
    pool: _Pool | None = None
    tagger: object | None = None
    workers = max(0, min(opts.workers, len(files)))
    window = max(16, 4 * max(workers, 1))
    pulled = next_emit = 0
    exhausted = False
    try:
        while True:
            while not exhausted and pulled - next_emit < window and len(queue) <= 2 * max(workers, 1):
                try:
                    f, data, error = next(source)
                except StopIteration:
                    exhausted = True
                    break
                seq = pulled
                pulled += 1
                by_seq[seq] = f
                if error is not None or data is None:
                    e = error or InputError("cannot read")
                    done[seq] = Outcome(f.name, f.output, "failed", kind=e.kind, message=str(e))
                    continue
                sha = hashlib.sha256(data).hexdigest()
                hashes[seq] = sha
                if skip is not None and skip(f, sha):
                    done[seq] = Outcome(f.name, f.output, "skipped", sha256=sha)
                else:
                    queue.append((seq, f.name, data))
            while next_emit in done:
                by_seq.pop(next_emit)
                hashes.pop(next_emit, None)
                yield done.pop(next_emit)
                next_emit += 1
            if exhausted and next_emit == pulled:
                return
            if not queue and not (pool is not None and pool.busy()):
                continue
            results: Iterable[tuple[int, tuple]]
            if workers == 0:
                if tagger is None:
                    tagger = _tagger(opts)
                seq, name, data = queue.popleft()
                results = [(seq, _extract_one(data, name, tagger, opts))]
            else:
                if pool is None:
                    pool = _Pool(workers, opts)
                pool.dispatch(queue)
                results = pool.collect()
                pool.dispatch(queue)  # keep the workers busy while this process writes results
            for seq, (status, doc, rendered, pages, warnings, kind, message, seconds) in results:
                f = by_seq[seq]
                done[seq] = Outcome(
                    f.name, f.output, status, seconds, hashes.get(seq), kind, message, doc, rendered, pages, warnings
                )
    finally:
        if pool is not None:
            pool.close()


# ---------------------------------------------------------------------------------------------
# the run report


@dataclass(slots=True)
class Report:
    """A summary of a run: counts per status, the slowest documents, the failures."""

    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    page_counts: dict[str, int | None] = field(default_factory=dict)
    warning_counts: dict[str, int] = field(default_factory=dict)

    def add(self, o: Outcome) -> None:
        """Record an outcome (without keeping its document in memory)."""
        if o.status == "ok":
            self.page_counts[o.name] = o.pages
            self.warning_counts[o.name] = o.warnings
        self.outcomes.append(Outcome(o.name, o.output, o.status, o.seconds, o.sha256, o.kind, o.message))

    def counts(self) -> dict[str, int]:
        c = {"ok": 0, "skipped": 0, "failed": 0}
        for o in self.outcomes:
            c[o.status] += 1
        return c

    def warnings(self) -> int:
        return sum(self.warning_counts.values())

    def pages(self) -> int:
        return sum(p or 0 for p in self.page_counts.values())

    def slowest(self, n: int = 5) -> list[Outcome]:
        ran = [o for o in self.outcomes if o.status != "skipped"]
        return sorted(ran, key=lambda o: (-o.seconds, o.name))[:n]

    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_dict(self) -> dict[str, object]:
        from .. import __version__

        return {
            "tool": f"lrt-minutes {__version__}",
            "seconds": round(self.seconds, 3),
            "counts": self.counts(),
            "pages": self.pages(),
            "warnings": self.warnings(),
            "slowest": [{"document": o.name, "seconds": round(o.seconds, 3)} for o in self.slowest()],
            "documents": [
                {
                    "document": o.name,
                    "status": o.status,
                    "output": None if o.status == "failed" else o.output.as_posix(),
                    "seconds": round(o.seconds, 3),
                    "sha256": o.sha256,
                    "pages": self.page_counts.get(o.name),
                    "warnings": self.warning_counts.get(o.name),
                    "error": None if o.kind is None else {"kind": o.kind, "message": o.message},
                }
                for o in self.outcomes
            ],
        }
