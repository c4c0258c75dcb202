"""Where a batch's documents go: JSON Lines on stdout or in one file, a file per document (with the re-run
manifest), or CSV tables.

Every sink takes the outcomes of `runner.run` one by one: `write` an extracted document
(raising OSError when it cannot be written: that document then fails alone), `skipped` a
document of a kind that was not asked for, `failed` a document that failed, and `close` at
the end (`completed` False when the run was cut short: a CSV sink then leaves nothing behind).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Protocol

from ..export.formats import AtomicFile, CsvSink, Writable, XlsxSink, write_atomic
from .inputs import InputFile
from .manifest import Manifest
from .runner import RECALLED, Outcome


class CloseError(Exception):
    """A sink could not finish its output (the manifest or a table could not be saved)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class OutputClosed(Exception):
    """Standard output was closed by its reader (`lrt extract … | head -1`): the run stops, quietly."""


class Sink(Protocol):
    """What the batch writes extracted documents to."""

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Whether the document's output from an earlier run is still good."""
        ...

    def recall(self, f: InputFile, sha256: str) -> tuple[str, str] | None:
        """(kind, message) when the document failed in an earlier run from the same bytes, else None."""
        ...

    def write(self, o: Outcome) -> None:
        """Write an extracted document; OSError when it cannot be written."""
        ...

    def skipped(self, o: Outcome) -> None:
        """A document was classified as a kind not asked for, and not extracted."""
        ...

    def failed(self, o: Outcome) -> None:
        """A document failed (to extract, or to be written)."""
        ...

    def close(self, completed: bool) -> None:
        """The run is over; `completed` is False when it was cut short. CloseError when closing fails."""
        ...


SPOOL_CHUNK = 1 << 20
"""Characters copied at a time from a spooled output (see `job.Options.spool`)."""


def _write_text(o: Outcome, out: Writable) -> None:
    """Write the document's JSON text: the one it carries, or the file it was spooled to (read a piece at
    a time, then removed)."""
    if o.spooled is None:
        assert o.text is not None, "an ok outcome of a json/jsonl run carries its text or its file"
        out.write(o.text)
        return
    try:
        with open(o.spooled, encoding="utf-8", newline="") as src:
            while chunk := src.read(SPOOL_CHUNK):
                out.write(chunk)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(o.spooled)


class StdoutSink:
    """JSON Lines on standard output, one record per document, flushed as each comes."""

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Never: standard output has no earlier run."""
        return False

    def recall(self, f: InputFile, sha256: str) -> tuple[str, str] | None:
        """Never: standard output has no earlier run."""
        return None

    def write(self, o: Outcome) -> None:
        """Print the document's record; OutputClosed when the reader has gone."""
        try:
            _write_text(o, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError as e:
            raise OutputClosed from e

    def skipped(self, o: Outcome) -> None:
        """Nothing to print."""

    def failed(self, o: Outcome) -> None:
        """Nothing to undo."""

    def close(self, completed: bool) -> None:
        """Nothing to close."""


class JsonlFileSink:
    """Every document as a JSON Lines record in one file (`-o all.jsonl`), put in place when the run completes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = AtomicFile(path)

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Never: the file is written whole each run."""
        return False

    def recall(self, f: InputFile, sha256: str) -> tuple[str, str] | None:
        """Never: the file is written whole each run."""
        return None

    def write(self, o: Outcome) -> None:
        """Add the document's record."""
        _write_text(o, self.file.fh)

    def skipped(self, o: Outcome) -> None:
        """A part not extracted has no record."""

    def failed(self, o: Outcome) -> None:
        """A failed document has no record."""

    def close(self, completed: bool) -> None:
        """Put the file in place, or leave nothing when the run was cut short."""
        if not completed:
            self.file.abort()
            return
        try:
            self.file.commit()
        except OSError as e:
            self.file.abort()
            raise CloseError(str(self.path), f"cannot write the JSON Lines file: {e.strerror or e}") from e


class FileSink:
    """OUTDIR/<name>.json (or .jsonl) per document, written atomically; the manifest remembers what was written."""

    def __init__(self, manifest: Manifest, force: bool = False, retry_failed: bool = False) -> None:
        self.manifest = manifest
        self.force = force
        self.retry_failed = retry_failed

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Whether the manifest says the output is up to date (never with --force)."""
        return not self.force and self.manifest.fresh(f, sha256)

    def recall(self, f: InputFile, sha256: str) -> tuple[str, str] | None:
        """The failure of an earlier run on the same bytes (not with --force or --retry-failed)."""
        if self.force or self.retry_failed:
            return None
        return self.manifest.failure(f, sha256)

    def write(self, o: Outcome) -> None:
        """Write the document's file, then record it in the manifest (its old record made incomplete first);
        after a file's last part, its record is complete and the parts it no longer gives are removed."""
        self.manifest.begin(o.name)
        write_atomic(self.manifest.target(o.output), lambda fh: _write_text(o, fh))
        if o.sha256 is not None:
            self.manifest.record(o.name, o.output, o.sha256)
            self._finish(o)

    def skipped(self, o: Outcome) -> None:
        """Remember that the document was read (a re-run need not read it again), without an output."""
        if o.sha256 is not None:
            self.manifest.record(o.name, None, o.sha256)
            self._finish(o)

    def _finish(self, o: Outcome) -> None:
        if o.part is None or o.part[0] == o.part[1]:
            self.manifest.finish(o.name)

    def failed(self, o: Outcome) -> None:
        """Remember the failure with the document's content hash, so that a re-run does not try the same bytes again.

        A document whose output could not be written is forgotten instead: the next run tries it again.
        """
        if o.sha256 is not None and o.kind != "write":
            self.manifest.record_failure(o.name, o.sha256, o.kind or "error", (o.message or "").removesuffix(RECALLED))
        else:
            self.manifest.forget_name(o.name)

    def close(self, completed: bool) -> None:
        """Save the manifest (also after an interrupted run: what was written stays valid)."""
        try:
            self.manifest.save()
        except OSError as e:
            raise CloseError(str(self.manifest.outdir), f"cannot save the re-run record: {e.strerror or e}") from e


class CsvFileSink:
    """OUTDIR/tags.csv and OUTDIR/participants.csv (or OUTDIR/minutes.xlsx); nothing is left on disk unless the run completes."""

    def __init__(self, outdir: Path, dialect: str = "excel", xlsx: bool = False) -> None:
        self.outdir = outdir
        self.csv: CsvSink | XlsxSink | None = None
        self.error: OSError | None = None
        try:
            self.csv = XlsxSink(outdir) if xlsx else CsvSink(outdir, dialect)
        except OSError as e:  # a read-only folder, a full disk: every document's rows fail to be written
            self.error = e

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Never: the tables are written whole each run."""
        return False

    def recall(self, f: InputFile, sha256: str) -> tuple[str, str] | None:
        """Never: the tables are written whole each run."""
        return None

    def write(self, o: Outcome) -> None:
        """Add the document's rows."""
        assert o.rows is not None, "an ok outcome of a csv run carries its rows"
        if self.csv is None:
            assert self.error is not None
            raise self.error
        self.csv.write_rows(o.rows.tags, o.rows.participants)

    def skipped(self, o: Outcome) -> None:
        """A document not extracted has no rows."""

    def failed(self, o: Outcome) -> None:
        """A failed document has no rows."""

    def close(self, completed: bool) -> None:
        """Put the tables in place, or remove them when the run was cut short."""
        if self.csv is None:
            return  # each document already failed with the reason
        try:
            self.csv.close(ok=completed)
        except OSError as e:
            raise CloseError(str(self.outdir), f"cannot write the CSV tables: {e.strerror or e}") from e
