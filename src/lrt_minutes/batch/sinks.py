"""Where a batch's documents go: JSON Lines on stdout, a file per document (with the re-run manifest), or CSV tables.

Every sink takes the outcomes of `runner.run` one by one: `write` an extracted document
(raising OSError when it cannot be written: that document then fails alone), `skipped` a
document of a kind that was not asked for, `failed` a document that failed, and `close` at
the end (`completed` False when the run was cut short: a CSV sink then leaves nothing behind).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Protocol

from ..export.formats import CsvSink, write_atomic
from .inputs import InputFile
from .manifest import Manifest
from .runner import Outcome


class CloseError(Exception):
    """A sink could not finish its output (the manifest or a table could not be saved)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class Sink(Protocol):
    """What the batch writes extracted documents to."""

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Whether the document's output from an earlier run is still good."""
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


def _text(o: Outcome) -> str:
    assert o.text is not None, "an ok outcome of a json/jsonl run carries its text"
    return o.text


class StdoutSink:
    """JSON Lines on standard output, one record per document, flushed as each comes."""

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Never: standard output has no earlier run."""
        return False

    def write(self, o: Outcome) -> None:
        """Print the document's record."""
        sys.stdout.write(_text(o))
        sys.stdout.flush()

    def skipped(self, o: Outcome) -> None:
        """Nothing to print."""

    def failed(self, o: Outcome) -> None:
        """Nothing to undo."""

    def close(self, completed: bool) -> None:
        """Nothing to close."""


class FileSink:
    """OUTDIR/<name>.json (or .jsonl) per document, written atomically; the manifest remembers what was written."""

    def __init__(self, manifest: Manifest, force: bool = False) -> None:
        self.manifest = manifest
        self.force = force

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Whether the manifest says the output is up to date (never with --force)."""
        return not self.force and self.manifest.fresh(f, sha256)

    def write(self, o: Outcome) -> None:
        """Write the document's file, then record it in the manifest (its old record dropped first)."""
        self.manifest.begin(o.name)
        write_atomic(self.manifest.target(o.output), _text(o))
        if o.sha256 is not None:
            self.manifest.record(o.name, o.output, o.sha256)

    def skipped(self, o: Outcome) -> None:
        """Remember that the document was read (a re-run need not read it again), without an output."""
        if o.sha256 is not None:
            self.manifest.record(o.name, None, o.sha256)

    def failed(self, o: Outcome) -> None:
        """Forget the document, so that the next run tries it again."""
        self.manifest.forget_name(o.name)

    def close(self, completed: bool) -> None:
        """Save the manifest (also after an interrupted run: what was written stays valid); after a whole run,
        remove the outputs of parts that a document no longer gives."""
        if completed:
            self.manifest.prune()
        try:
            self.manifest.save()
        except OSError as e:
            raise CloseError(str(self.manifest.outdir), f"cannot save the re-run record: {e.strerror or e}") from e


class CsvFileSink:
    """OUTDIR/tags.csv and OUTDIR/participants.csv; nothing is left on disk unless the run completes."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.csv: CsvSink | None = None
        self.error: OSError | None = None
        try:
            self.csv = CsvSink(outdir)
        except OSError as e:  # a read-only folder, a full disk: every document's rows fail to be written
            self.error = e

    def skip(self, f: InputFile, sha256: str) -> bool:
        """Never: the tables are written whole each run."""
        return False

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
