"""One document's extraction in a worker: the settings of a run, the work, and its typed result."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..classify import DEFAULT_KINDS
from ..errors import LrtError
from ..limits import DEFAULT_MEMORY_MB

if TYPE_CHECKING:
    from ..models import MinutesDocument
    from ..tag.pipeline import Tagger

Render = Literal["doc", "json", "jsonl", "csv"]


@dataclass(frozen=True, slots=True)
class Options:
    """How documents are extracted."""

    tags: bool = True
    password: str | None = None
    workers: int = 1
    """Worker processes; 0 runs everything in this process (no timeout then)."""
    timeout: float | None = None
    """Seconds one document may take before its worker is killed; None for no limit."""
    ocr: str = "auto"
    """Which PDF pages are read by OCR: "auto" (those without a text layer), "always", "never"."""
    render: Render = "doc"
    """What a result carries: the model, or its serialisation, made in the worker (where it runs in parallel)."""
    kinds: tuple[str, ...] | None = DEFAULT_KINDS
    """The document kinds extracted; parts of other kinds are classified and reported as skipped. None: all."""
    memory_mb: int | None = DEFAULT_MEMORY_MB
    """Memory (address space, MiB) a worker process may take for a document beyond what it holds
    after start; past it the document fails with `memory`. None or 0: no limit."""
    spool: str | None = None
    """A folder where the JSON ("json", "jsonl") of each document is written, a file each, instead of being
    carried as text: a long document's JSON is never held whole, by the worker or by the process that
    writes the outputs (local workers; None: carried as text)."""


@dataclass(frozen=True, slots=True)
class CsvRows:
    """One document's rows for the CSV tables (see `export.formats.tag_rows` and `participant_rows`)."""

    tags: list[list[str]]
    participants: list[list[str]]


@dataclass(frozen=True, slots=True)
class PartResult:
    """One document of a file (the file itself, or one part of a file that holds several)."""

    status: Literal["ok", "skipped"]
    """"skipped": its kind was not asked for (`Options.kinds`); classified, not extracted."""
    doc_kind: str
    """What it is: "minutes", "agenda", "decision-list", "action-list" or "other"."""
    kind_reasons: tuple[str, ...] = ()
    part: tuple[int, int, int, int] | None = None
    """(index, of, first page, last page) for a part of a file of several; None for a file of one document."""
    doc: MinutesDocument | None = None
    """The model, when `Options.render` is "doc"."""
    text: str | None = None
    """The JSON text ("json") or the JSON Lines record ("jsonl")."""
    spooled: str | None = None
    """Instead of `text` (with `Options.spool`): the file that holds it, for the writer of the output to take over."""
    rows: CsvRows | None = None
    """The CSV rows ("csv")."""
    warnings: int = 0
    items: int = 0
    """Agenda items found (for `lrt extract -v`)."""
    tags: int = 0
    """Tags found, those of sub-points included."""


@dataclass(frozen=True, slots=True)
class JobResult:
    """What extracting one file gave: its documents rendered as `Options.render` asks, or why it failed."""

    status: Literal["ok", "failed"]
    seconds: float
    parts: tuple[PartResult, ...] = ()
    """The documents of the file in page order (one for a file of one document)."""
    pages: int | None = None
    kind: str | None = None
    """For a failure: the error kind ("encrypted", "timeout", "internal", ...)."""
    message: str | None = None


def failed(kind: str, message: str, seconds: float) -> JobResult:
    """A failed result."""
    return JobResult("failed", seconds, kind=kind, message=message)


def out_of_memory(opts: Options, seconds: float) -> JobResult:
    """The `memory` failure of a document: the same line whether Python raised MemoryError in the worker or the
    worker died at its limit (which of the two happens depends on where an allocation fails, so on the worker's
    memory layout: a forked local worker and a spawned one on a Dask worker differ)."""
    limit = f" ({opts.memory_mb} MB a worker, --memory)" if opts.memory_mb else ""
    return failed("memory", f"reading it needs more memory than a worker may use{limit}", seconds)


def extract_one(data: bytes, name: str, tagger: Tagger | None, opts: Options) -> JobResult:
    """Extract one document's bytes and render it as `opts.render` asks; never raises for a bad document."""
    from ..api import extract_parts_bytes

    t0 = time.perf_counter()
    try:
        docs = extract_parts_bytes(
            data, name=name, tagger=tagger, tags=opts.tags, password=opts.password, kinds=opts.kinds,
            ocr=opts.ocr,
        )
        parts = tuple(_render(doc, opts) for doc in docs)
    except LrtError as e:
        return failed(e.kind, str(e) or e.__class__.__name__, time.perf_counter() - t0)
    except MemoryError:
        return out_of_memory(opts, time.perf_counter() - t0)
    except Exception as e:  # a bug, reported for this file; the batch goes on
        return failed("internal", f"{e.__class__.__name__}: {e}", time.perf_counter() - t0)
    return JobResult("ok", time.perf_counter() - t0, parts=parts, pages=docs[0].source.pages if docs else None)


def _render(doc: MinutesDocument, opts: Options) -> PartResult:
    from ..export.formats import participant_rows, tag_rows, to_json, to_jsonl
    from ..results import iter_tags

    p = doc.source.part
    part = None if p is None else (p.index, p.of, p.pages[0], p.pages[-1])
    if not doc.extracted:
        return PartResult("skipped", doc.kind, tuple(doc.kind_reasons), part)
    text: str | None = None
    spooled: str | None = None
    rows: CsvRows | None = None
    if opts.render in ("json", "jsonl") and opts.spool is not None:
        spooled = _spool(doc, opts.spool, lines=opts.render == "jsonl")
    elif opts.render == "json":
        text = to_json(doc)
    elif opts.render == "jsonl":
        text = to_jsonl(doc)
    elif opts.render == "csv":
        rows = CsvRows(list(tag_rows(doc)), list(participant_rows(doc)))
    return PartResult(
        "ok", doc.kind, tuple(doc.kind_reasons), part,
        doc=doc if opts.render == "doc" else None, text=text, spooled=spooled, rows=rows, warnings=len(doc.warnings),
        items=len(doc.agenda_items), tags=sum(1 for _ in iter_tags(doc)),
    )  # fmt: skip


def _spool(doc: MinutesDocument, folder: str, lines: bool) -> str:
    """Write the document's JSON (`lines`: its JSON Lines record) to a new file in `folder`, a point at a time; its path."""
    import os
    import tempfile

    from ..export.formats import write_json

    fd, path = tempfile.mkstemp(dir=folder, suffix=".jsonl" if lines else ".json")
    try:
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            write_json(doc, fh, lines=lines)
    except BaseException:
        os.unlink(path)
        raise
    return path


def precheck(data: bytes) -> LrtError | None:
    """Why these bytes are not minutes at all (empty, binary, an HTML page), found without a worker; else None.

    The same checks the extraction starts with (`read.text.sniff`, and decoding for text),
    so the error is the one a worker would give.
    """
    from ..read.text import decode_text, sniff

    try:
        if sniff(data) == "text":
            decode_text(data)
    except LrtError as e:
        return e
    except Exception:  # a surprise here is left to the worker, which reports it for this document alone
        return None
    return None


def prepare() -> None:
    """Load what extracting a document needs (numpy and its thread buffers included), so that a worker
    does so before its memory limit applies: a module that cannot load under the limit is no document's fault."""
    import contextlib

    from .. import api  # noqa: F401
    from ..export import formats  # noqa: F401
    from ..read import ocr, pdf, prescan, redaction  # noqa: F401

    with contextlib.suppress(ImportError):  # OCR is optional
        import tesserocr  # noqa: F401
        from PIL import Image  # noqa: F401


def build_tagger(opts: Options) -> Tagger | None:
    """The NLP tagger a worker uses (built once per process), or None when tags are off."""
    if not opts.tags:
        return None
    from ..tag.pipeline import default_tagger

    return default_tagger()
