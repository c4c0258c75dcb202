"""Export: JSON, JSON Lines, CSV, and atomic file writes."""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from ..models import AgendaItem, MinutesDocument, Point


def to_json(doc: MinutesDocument) -> str:
    """The document as pretty JSON (UTF-8, characters as written), ending in a newline."""
    text = doc.model_dump_json(indent=2)
    text += "\n"  # in place (the only reference): a long document's JSON is not copied
    return text


def to_jsonl(doc: MinutesDocument) -> str:
    """The document as one JSON Lines record, ending in a newline."""
    return doc.model_dump_json() + "\n"


class Writable(Protocol):
    """Where `write_json` writes: an open text file, `sys.stdout`, an `io.StringIO`."""

    def write(self, text: str, /) -> object:
        """Write `text`."""
        ...


# the lists written an element at a time: the document's agenda items, then each item's points
_STREAMED = ("agenda_items", "points")


def write_json(doc: MinutesDocument, out: Writable, *, lines: bool = False) -> None:
    """Write the document to `out` as `to_json` gives it (`lines`: as `to_jsonl`), the same characters,
    one point at a time.

    The whole document's JSON is never held: for a long document (thousands of pages) that string,
    and pydantic's buffer behind it, took more memory than the document itself. Each agenda item is
    written as its fields up to its points, then point by point, then the rest of its fields.
    """
    _write_model(doc, out, None if lines else 2, 0, _STREAMED)
    out.write("\n")


def _write_model(model: BaseModel, out: Writable, indent: int | None, level: int, streamed: tuple[str, ...]) -> None:
    """Write `model` as pydantic's `model_dump_json(indent=indent)` writes it nested `level` deep, the list field
    `streamed[0]` an element at a time (each element itself by `streamed[1:]`)."""
    field = streamed[0] if streamed else None
    elements = getattr(model, field) if field is not None else None
    if field is None or not elements:
        out.write(_nested(model.model_dump_json(indent=indent), indent, level))
        return
    # the model's JSON with the list empty, cut where the list stands: a key (quoted, followed by
    # a colon) is never inside a string value, where every quote is escaped
    empty = f'"{field}": []' if indent is not None else f'"{field}":[]'
    shell = model.model_copy(update={field: []}).model_dump_json(indent=indent)
    head, tail = shell.split(empty)
    out.write(_nested(head, indent, level) + empty[:-1])
    for k, element in enumerate(elements):
        sep = "," if k else ""
        out.write(sep if indent is None else f"{sep}\n{' ' * (indent * (level + 2))}")
        _write_model(element, out, indent, level + 2, streamed[1:])
    out.write("]" if indent is None else f"\n{' ' * (indent * (level + 1))}]")
    out.write(_nested(tail, indent, level))


def _nested(json: str, indent: int | None, level: int) -> str:
    """JSON written at the top level, as it is written `level` deep in pretty JSON (newlines in strings are escaped)."""
    if indent is None or level == 0:
        return json
    return json.replace("\n", "\n" + " " * (indent * level))


def write_atomic(path: Path, text: str | Callable[[Writable], object], encoding: str = "utf-8") -> None:
    """Write `text` (or what `text(file)` writes into the file) to `path` through a temporary file and a
    rename: never a half-written file."""
    f = AtomicFile(path, encoding)
    try:
        if isinstance(text, str):
            f.fh.write(text)
        else:
            text(f.fh)
    except BaseException:
        f.abort()
        raise
    f.commit()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


class AtomicFile:
    """A file written under a temporary name and renamed into place on `commit()`; `abort()` leaves nothing."""

    def __init__(self, path: Path, encoding: str = "utf-8") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # the temporary name is the target's, cut short: a name near the file system's 255 bytes still fits
        fd, self._tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
        self.path = path
        self.fh = os.fdopen(fd, "w", encoding=encoding, newline="")

    def commit(self) -> None:
        """Put the file in place; when that fails (disk full on the last flush, the target a folder, ...)
        the temporary file is removed and the error raised."""
        try:
            self.fh.close()
            os.chmod(self._tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file the user's usual mode
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Close the file and remove it: nothing is left behind."""
        with contextlib.suppress(OSError):
            self.fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)


# CSV: one table of tags and one of participants, for spreadsheets and pandas.
TAG_COLUMNS = (
    "document", "part", "meeting_date", "agenda_number", "agenda_title", "point", "type", "owners",
    "due_text", "due_date", "text", "rule", "explicit", "confidence", "page", "ref", "status",
)  # fmt: skip
PARTICIPANT_COLUMNS = (
    "document", "part", "meeting_date", "list", "raw", "honorific", "name", "organisation", "redacted",
    "redaction_ground", "role",
)  # fmt: skip
CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark, so that Excel shows "CdK’s" and "ë" right; lines end in CRLF."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _part(doc: MinutesDocument) -> str | None:
    """The part's number ("2") for a file of several documents, else empty."""
    return None if doc.source.part is None else str(doc.source.part.index)


def tag_rows(doc: MinutesDocument) -> Iterator[list[str]]:
    """One row per tag, in document order; `point` numbers points within the item ("2", "2.1")."""

    def walk(points: list[Point], prefix: str, item: AgendaItem) -> Iterator[list[str]]:
        for i, p in enumerate(points, 1):
            number = f"{prefix}{i}"
            for t in p.tags:
                yield [
                    _cell(v)
                    for v in (
                        doc.source.path, _part(doc), doc.meeting.date, item.number, item.title, number, t.type,
                        "; ".join(t.owners),
                        t.due.text if t.due else None, t.due.date if t.due else None, t.text, t.rule, t.explicit,
                        t.confidence, t.page, t.ref, t.status,
                    )
                ]  # fmt: skip
            yield from walk(p.children, f"{number}.", item)

    for item in doc.agenda_items:
        yield from walk(item.points, "", item)


def participant_rows(doc: MinutesDocument) -> Iterator[list[str]]:
    """One row per attendee, absentee and member."""
    for kind, people in (("attendee", doc.attendees), ("absentee", doc.absentees), ("member", doc.members)):
        for p in people:
            yield [
                _cell(v)
                for v in (
                    doc.source.path, _part(doc), doc.meeting.date, kind, p.raw, p.honorific, p.name, p.organisation, p.redacted,
                    p.redaction_ground, p.role,
                )
            ]  # fmt: skip


class ExcelNl(csv.excel):
    """Excel with Dutch regional settings: fields separated by ";" (the "," is the decimal separator there)."""

    delimiter = ";"


CSV_DIALECTS: dict[str, type[csv.Dialect]] = {"excel": csv.excel, "excel-nl": ExcelNl}
"""`--csv-dialect`: "excel" (commas, what pandas and most tools expect) or "excel-nl" (semicolons, decimal commas)."""

NUMBER_COLUMNS = {"confidence": float, "page": int}
"""Columns that hold numbers (written with a decimal comma in "excel-nl", as numbers in .xlsx); all others are text."""


class CsvSink:
    """OUTDIR/tags.csv and OUTDIR/participants.csv, written through temporary files (nothing partial on disk)."""

    def __init__(self, outdir: Path, dialect: str = "excel") -> None:
        self.files: list[AtomicFile] = []
        try:
            for name in ("tags.csv", "participants.csv"):
                self.files.append(AtomicFile(outdir / name, CSV_ENCODING))
        except BaseException:
            self.close(ok=False)
            raise
        self.tags, self.people = (csv.writer(f.fh, dialect=CSV_DIALECTS[dialect]) for f in self.files)
        self.decimal_comma = [TAG_COLUMNS.index("confidence")] if dialect == "excel-nl" else []
        self.tags.writerow(TAG_COLUMNS)
        self.people.writerow(PARTICIPANT_COLUMNS)

    def write_rows(self, tags: Iterable[list[str]], people: Iterable[list[str]]) -> None:
        """Add one document's rows (from `tag_rows` and `participant_rows`)."""
        if self.decimal_comma:
            tags = ([c.replace(".", ",") if k in self.decimal_comma else c for k, c in enumerate(row)] for row in tags)
        self.tags.writerows(tags)
        self.people.writerows(people)

    def close(self, ok: bool = True) -> None:
        """Put both tables in place (ok) or remove them; when one cannot be put in place, neither is left half-done."""
        pending = list(self.files)
        try:
            while pending:
                f = pending.pop(0)
                f.commit() if ok else f.abort()
        finally:
            for f in pending:
                f.abort()


class XlsxSink:
    """OUTDIR/minutes.xlsx with the sheets "tags" and "participants" (the CSV tables), put in place when complete.

    Every cell is text but for the number columns, so Excel never turns an agenda number
    "2-4" into a date or a point "1.10" into 1.1, whatever the regional settings.
    """

    def __init__(self, outdir: Path) -> None:
        from openpyxl import Workbook

        self.path = outdir / "minutes.xlsx"
        self.book = Workbook(write_only=True)
        self.tags = self.book.create_sheet("tags")
        self.people = self.book.create_sheet("participants")
        self.tags.append(list(TAG_COLUMNS))
        self.people.append(list(PARTICIPANT_COLUMNS))
        self.numbers = {TAG_COLUMNS.index(c): kind for c, kind in NUMBER_COLUMNS.items()}

    def write_rows(self, tags: Iterable[list[str]], people: Iterable[list[str]]) -> None:
        """Add one document's rows (from `tag_rows` and `participant_rows`)."""
        for row in tags:
            self.tags.append([self.numbers[k](c) if c and k in self.numbers else c for k, c in enumerate(row)])
        for row in people:
            self.people.append(row)

    def close(self, ok: bool = True) -> None:
        """Write the workbook (atomically) when the run completed (`ok`); otherwise leave nothing."""
        if not ok:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        try:
            self.book.save(tmp)
            os.chmod(tmp, 0o666 & ~_UMASK)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
