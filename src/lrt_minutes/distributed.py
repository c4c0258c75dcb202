"""Minutes as a Dask collection, for pipelines of your own: `documents(paths)` is a dask.bag of documents.

```python
from distributed import Client
from lrt_minutes.distributed import documents

client = Client("tcp://scheduler:8786")
docs = documents(["/data/woo/"], kinds={"minutes"}, errors="skip")   # lazy: nothing is read yet
print(docs.map(lambda d: d.meeting.date).compute())
```

The paths are listed here (folders walked, archives' members listed) and read on the
workers, so they must be the same paths there (a shared file system). Each document is
extracted exactly as `lrt extract` extracts it: in the worker thread's own lrt worker
process (the NLP pipeline built once per process), under the per-document timeout and
memory limit (`batch.dask_pool.extract_on_worker`). Needs `pip install 'lrt-minutes[dask]'`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import TYPE_CHECKING, Literal

from .batch.job import Options
from .classify import DEFAULT_KINDS
from .errors import LrtError
from .limits import DEFAULT_MEMORY_MB

if TYPE_CHECKING:
    import dask.bag

    from .batch.inputs import InputFile
    from .models import MinutesDocument

__all__ = ["documents"]

OnError = Literal["raise", "skip"]


def documents(
    paths: Iterable[str | PathLike[str]],
    *,
    tags: bool = True,
    kinds: Iterable[str] | None = DEFAULT_KINDS,
    ocr: str = "auto",
    password: str | None = None,
    timeout: float | None = 300.0,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    errors: OnError = "raise",
    files_per_partition: int = 8,
) -> dask.bag.Bag:
    """A dask.bag of the `MinutesDocument`s that `paths` hold (files, folders, archives, globs), in input order.

    A file that holds several documents gives one per part, in page order (as `extract_parts`);
    parts of kinds not in `kinds` (None: all) are left out. `errors="raise"` makes computing the
    bag raise the `LrtError` of the first document that cannot be read (its `kind` as
    `lrt extract` reports it, its message naming the document); `"skip"` leaves such documents
    out. A partition holds `files_per_partition` files, or every member of one archive.
    """
    import dask
    import dask.bag

    from .batch.inputs import expand

    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    files, missing = expand([str(p) for p in paths])
    if missing and errors == "raise":
        raise _error(missing[0].kind, f"{missing[0].arg}: {missing[0].message}")
    opts = Options(
        tags=tags, password=password, workers=1, timeout=timeout, ocr=ocr, render="doc",
        kinds=None if kinds is None else tuple(sorted(kinds)), memory_mb=memory_mb or None,
    )  # fmt: skip
    task = dask.delayed(_extract_files, pure=False)
    token = uuid.uuid4().hex[:12]
    parts = [
        task(chunk, opts, errors, dask_key_name=(f"lrt-documents-{token}", i))
        for i, chunk in enumerate(_chunks(files, files_per_partition))
    ]
    if not parts:
        return dask.bag.from_sequence([], npartitions=1)
    return dask.bag.from_delayed(parts)


def _chunks(files: list[InputFile], n: int) -> Iterator[list[InputFile]]:
    """Runs of `n` files, never cutting through the members of one archive (they are read in one pass)."""
    chunk: list[InputFile] = []
    for f in files:
        same_archive = f.archive is not None and bool(chunk) and chunk[-1].archive == f.archive
        if len(chunk) >= max(1, n) and not same_archive:
            yield chunk
            chunk = []
        chunk.append(f)
    if chunk:
        yield chunk


def _extract_files(files: list[InputFile], opts: Options, errors: OnError) -> list[MinutesDocument]:
    """On a worker: read the files (an archive's members in one pass) and extract each, as `lrt extract` does."""
    from .batch import job
    from .batch.dask_pool import extract_on_worker
    from .batch.inputs import load

    out: list[MinutesDocument] = []
    for seq, loaded in enumerate(load(files)):
        name = loaded.file.name
        failure: tuple[str, str] | None = None
        if loaded.error is not None or loaded.data is None:
            e = loaded.error
            failure = (e.kind, str(e)) if e is not None else ("unreadable", "cannot read")
        elif (refused := job.precheck(loaded.data)) is not None:
            failure = (refused.kind, str(refused))
        else:
            result = extract_on_worker(seq, name, loaded.data, opts)
            if result.status == "ok":
                out.extend(p.doc for p in result.parts if p.doc is not None)
                continue
            failure = (result.kind or "error", result.message or "")
        if errors == "raise":
            raise _error(failure[0], f"{name}: {failure[1]}")
    return out


def _error(kind: str, message: str) -> LrtError:
    """The LrtError subclass that has this kind (`NotFound` for "not-found", ...), else an LrtError with the kind."""
    from .batch import archive  # noqa: F401  (its BadArchive is a kind of its own)

    todo: list[type[LrtError]] = [LrtError]
    while todo:
        cls = todo.pop()
        if cls.kind == kind:
            return cls(message)
        todo.extend(cls.__subclasses__())
    e = LrtError(message)
    e.kind = kind
    return e
