"""Run many documents: skip unchanged ones, extract the rest in worker processes, yield outcomes in order.

`run()` reads the inputs in order (`inputs.load`; archives member by member), skips
documents whose content hash and tool settings are unchanged since the last run, sends the
rest to worker processes (`pool`; each builds the NLP pipeline once), and yields one
`Outcome` per document in input order, so that output is deterministic whatever the
number of workers. Progress is told apart, as documents complete (`completed`, in the order
the workers finish them), so that a slow first document does not hold a progress bar.

A worker that passes the timeout on a document, or dies on one, is killed and replaced;
that document is reported as failed and the batch goes on.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Literal, Protocol

from ..errors import InputError
from ..limits import WORKER_MEMORY_MB
from . import job
from .inputs import InputFile, load
from .job import CsvRows, JobResult, Options
from .pool import Finished, Job, Pool

if TYPE_CHECKING:
    from ..models import MinutesDocument
    from ..tag.pipeline import Tagger

Status = Literal["ok", "skipped", "unchanged", "failed"]
"""ok: extracted; skipped: classified as a kind that was not asked for, not extracted;
unchanged: its output from an earlier run is still good; failed: could not be read."""

class Executor(Protocol):
    """Where documents are extracted: `pool.Pool` (worker processes here) or `dask_pool.DaskPool` (a Dask cluster)."""

    @property
    def size(self) -> int:
        """How many documents it works on at once."""
        ...

    def busy(self) -> bool:
        """Whether documents sent are not back yet."""
        ...

    def dispatch(self, queue: deque[Job]) -> None:
        """Take documents from the queue as there is room for them."""
        ...

    def collect(self) -> list[Finished]:
        """Wait until documents are done; their (sequence number, result) pairs."""
        ...

    def close(self, wait: bool = True) -> None:
        """Stop; `wait` False when the run was cut short."""
        ...


RECALLED = " (as in the last run on these bytes; --retry-failed tries again)"
"""Said after the message of a failure recalled from an earlier run instead of tried again."""


@dataclass(slots=True)
class Outcome:
    """What happened to one document (a file, or one part of a file that holds several)."""

    name: str
    output: PurePosixPath
    status: Status
    seconds: float = 0.0
    sha256: str | None = None
    kind: str | None = None
    """For a failure: the error kind."""
    message: str | None = None
    doc: MinutesDocument | None = None
    """The document, when Options.render is "doc"."""
    text: str | None = None
    """The JSON text or JSON Lines record, when Options.render is "json" or "jsonl"."""
    spooled: str | None = None
    """Instead of `text` (with `Options.spool`): the file that holds it; the sink that writes it removes it."""
    rows: CsvRows | None = None
    """The CSV rows, when Options.render is "csv"."""
    pages: int | None = None
    warnings: int = 0
    doc_kind: str | None = None
    """What the document is ("minutes", "other", ...), when it was read."""
    kind_reasons: tuple[str, ...] = ()
    part: tuple[int, int, int, int] | None = None
    """(index, of, first page, last page) for a part of a file that holds several documents."""
    items: int = 0
    """Agenda items of an extracted document."""
    tags: int = 0
    """Tags of an extracted document (sub-points' included)."""

    @classmethod
    def all(cls, f: InputFile, result: JobResult, sha256: str | None) -> list[Outcome]:
        """The outcomes of a file that was read: one per document in it (or its failure)."""
        if result.status == "failed":
            return [cls(f.name, f.output, "failed", result.seconds, sha256, result.kind, result.message)]
        return [
            cls(
                f.name,
                part_output(f.output, p.part),
                p.status,
                result.seconds,
                sha256,
                None,
                None,
                p.doc,
                p.text,
                p.spooled,
                p.rows,
                result.pages,
                p.warnings,
                p.doc_kind,
                p.kind_reasons,
                p.part,
                p.items,
                p.tags,
            )
            for p in result.parts
        ]


def part_output(output: PurePosixPath, part: tuple[int, int, int, int] | None) -> PurePosixPath:
    """Where part k of a file goes: <name>.part-0k.json; a file of one document keeps <name>.json."""
    if part is None:
        return output
    return output.with_name(f"{output.stem}.part-{part[0]:02d}{output.suffix}")


def memory_cap() -> int:
    """How many workers the memory available holds (each with its NLP pipeline and a document)."""
    try:
        with open("/proc/meminfo") as fh:
            info = {k: v for k, v in (line.split(":", 1) for line in fh if ":" in line)}
        available = int(info["MemAvailable"].split()[0]) // 1024  # MiB
    except (OSError, KeyError, ValueError):
        return 1_000_000  # not Linux: the cores decide
    return max(1, available // WORKER_MEMORY_MB)


def run(
    files: list[InputFile],
    opts: Options,
    *,
    skip: Callable[[InputFile, str], bool] | None = None,
    recall: Callable[[InputFile, str], tuple[str, str] | None] | None = None,
    executor: Callable[[Options], Executor] | None = None,
    completed: Callable[[str], None] | None = None,
) -> Generator[Outcome, None, None]:
    """Extract every document of `files`; yield its Outcomes (one per part of a file), in input order.

    `skip(file, sha256)` says whether a document's existing output is still good;
    `recall(file, sha256)` gives (kind, message) when the same bytes failed in an earlier run.
    Neither those nor empty or non-minutes input (`job.precheck`) reach a worker: a run of
    only such documents starts no worker process and builds no NLP pipeline.

    `executor(opts)` makes where the documents are extracted instead of local worker processes
    (a Dask cluster); it is called when the first document needs a worker.

    `completed(name)` is told of each file as soon as it is done (extracted, failed, unchanged,
    ...), in the order the workers finish: before its outcomes are yielded, and possibly long
    before, when a document ahead of it in input order is still being extracted. At most a
    window of files (16, or 4 a worker) is done ahead of the first one not yet done.
    """
    source = load(files)
    by_seq: dict[int, InputFile] = {}
    done: dict[int, list[Outcome]] = {}
    queue: deque[Job] = deque()
    hashes: dict[int, str] = {}
    pool: Executor | None = None
    tagger: Tagger | None = None
    workers = max(0, min(opts.workers, len(files), memory_cap())) if executor is None else 1
    window = max(16, 4 * max(workers, 1))
    pulled = next_emit = 0
    exhausted = finished = False

    def finish(seq: int, outcomes: list[Outcome]) -> None:
        done[seq] = outcomes
        if completed is not None:
            completed(by_seq[seq].name)

    try:
        while True:
            while not exhausted and pulled - next_emit < window and len(queue) <= 2 * max(workers, 1):
                try:
                    loaded = next(source)
                except StopIteration:
                    exhausted = True
                    break
                f = loaded.file
                seq = pulled
                pulled += 1
                by_seq[seq] = f
                if loaded.error is not None or loaded.data is None:
                    e = loaded.error or InputError("cannot read")
                    finish(seq, [Outcome(f.name, f.output, "failed", kind=e.kind, message=str(e))])
                    continue
                sha = hashlib.sha256(loaded.data).hexdigest()
                hashes[seq] = sha
                if skip is not None and skip(f, sha):
                    finish(seq, [Outcome(f.name, f.output, "unchanged", sha256=sha)])
                elif (known := recall(f, sha) if recall is not None else None) is not None:
                    finish(seq, [Outcome(f.name, f.output, "failed", sha256=sha, kind=known[0], message=known[1] + RECALLED)])
                elif (refused := job.precheck(loaded.data)) is not None:
                    finish(seq, [Outcome(f.name, f.output, "failed", sha256=sha, kind=refused.kind, message=str(refused))])
                else:
                    queue.append((seq, f.name, loaded.data))
            while next_emit in done:
                by_seq.pop(next_emit)
                hashes.pop(next_emit, None)
                yield from done.pop(next_emit)
                next_emit += 1
            if exhausted and next_emit == pulled:
                finished = True
                return
            if not queue and not (pool is not None and pool.busy()):
                continue
            results: Iterable[Finished]
            if workers == 0:
                if tagger is None:
                    tagger = job.build_tagger(opts)
                seq, name, data = queue.popleft()
                results = [(seq, job.extract_one(data, name, tagger, opts))]
            else:
                if pool is None:
                    pool = Pool(workers, opts) if executor is None else executor(opts)
                    workers = max(workers, pool.size)
                    window = max(16, 4 * workers)
                pool.dispatch(queue)
                results = pool.collect()
                pool.dispatch(queue)  # keep the workers busy while this process writes results
            for seq, result in results:
                finish(seq, Outcome.all(by_seq[seq], result, hashes.get(seq)))
    finally:
        if pool is not None:
            # cut short (Ctrl-C, the reader of stdout gone): workers still busy are stopped at once
            pool.close(wait=finished)
