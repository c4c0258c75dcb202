"""Working with extracted documents: read outputs back into models, walk every tag."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, TextIO

from .errors import InputError, NotFound
from .models import AgendaItem, MinutesDocument, Point, Tag


def load_jsonl(source: str | Path | TextIO) -> Iterator[MinutesDocument]:
    """The documents of a JSON Lines file written by `lrt extract` (or of an open text stream), one by one.

    Blank lines are passed over; a line that is not a document raises `InputError` naming
    its line number. A `.json` file of `lrt extract -o` (one pretty document) reads too.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            with path.open(encoding="utf-8") as f:
                yield from _documents(f, path.name)
        except FileNotFoundError as e:
            raise NotFound(f"no such file: {path}") from e
        return
    yield from _documents(source, getattr(source, "name", "<stream>"))


def _documents(f: TextIO | io.TextIOBase, name: str) -> Iterator[MinutesDocument]:
    from pydantic import ValidationError

    first = f.readline()
    if first.strip() == "{":  # a pretty-printed document (a .json output): the whole file is one
        text = first + f.read()
        try:
            yield MinutesDocument.model_validate_json(text)
        except ValidationError as e:
            raise InputError(f"{name}: not an lrt document: {e.error_count()} error(s), first: {_first(e)}") from e
        return
    lineno = 0
    line = first
    while line:
        lineno += 1
        if line.strip():
            try:
                yield MinutesDocument.model_validate_json(line)
            except ValidationError as e:
                raise InputError(f"{name}, line {lineno}: not an lrt document: {_first(e)}") from e
        line = f.readline()


def _first(e: Exception) -> str:
    errors = e.errors() if hasattr(e, "errors") else []
    if not errors:
        return str(e).splitlines()[0]
    err = errors[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "document"
    return f"{where}: {err.get('msg', '')}"


class FoundTag(NamedTuple):
    """A tag with where it stands: its agenda item, its point (a sub-point for tags of sub-bullets), and that point's parent."""

    item: AgendaItem
    point: Point
    tag: Tag
    parent: Point | None = None
    """The point that `point` stands under when it is a sub-point, else None."""


def iter_tags(doc: MinutesDocument) -> Iterator[FoundTag]:
    """Every tag of the document in reading order, those of sub-points included (they live under `children`)."""
    for item in doc.agenda_items:
        for point in item.points:
            yield from _point_tags(item, point, None)


def _point_tags(item: AgendaItem, point: Point, parent: Point | None) -> Iterator[FoundTag]:
    for tag in point.tags:
        yield FoundTag(item, point, tag, parent)
    for child in point.children:
        yield from _point_tags(item, child, point)
