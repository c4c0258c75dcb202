"""The output model, built once from what the stages found: the read source, the structured document, its tags.

Nothing changes a `MinutesDocument` after it is built here: what else the output says (the
document's kind, which part of a file it is, warnings about the file as a whole) is passed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import AgendaItem, DocWarning, Meeting, MinutesDocument, Part, Point, Source, Tag
from .read.text import ReadResult
from .structure.actions import SECTION as ACTION_LIST
from .structure.agenda import RawPoint
from .structure.document import PointKey, StructuredDocument
from .tag.result import DocumentTags


@dataclass(frozen=True, slots=True)
class Context:
    """What the output says of a document beyond its own content: its kind, its part of the file, file warnings."""

    kind: str = "minutes"
    kind_reasons: list[str] = field(default_factory=list)
    part: Part | None = None
    notes: Sequence[DocWarning] = ()
    """Warnings about the file as a whole, after the document's own."""


def _source(
    read: ReadResult, data: bytes, name: str, pages: int | None, part: Part | None, text_layer: str | None
) -> Source:
    return Source(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=read.format,
        pages=pages,
        encoding=read.encoding,
        part=part,
        text_layer=text_layer,
    )


_POINT_FIELDS = set(Point.model_fields)
"""Every field of a point: the set that all points share as their fields set (see `_every_field_set`)."""


def _every_field_set(point: Point) -> Point:
    """The point, sharing one set of field names when every field was given (as `assemble` gives them).

    pydantic keeps a set of the fields given at construction with each instance (728 bytes for
    six names, more than half of a point): one set for all points holds the same names. Setting a
    field later adds a name the set holds already, so it never changes; `model_copy` copies it.
    """
    if point.__pydantic_fields_set__ == _POINT_FIELDS:
        object.__setattr__(point, "__pydantic_fields_set__", _POINT_FIELDS)
    return point


def assemble(
    read: ReadResult,
    data: bytes,
    name: str,
    doc: StructuredDocument,
    tags: DocumentTags | None,
    context: Context | None = None,
) -> MinutesDocument:
    """The `MinutesDocument` of a source; `tags` None leaves every point untagged.

    The structured document's points are let go as the model's are made (each item's `points`
    is left empty): a long document's points are not held twice at the end.
    """
    found = tags or DocumentTags()
    ctx = context or Context()

    def point(raw: RawPoint, key: PointKey) -> Point:
        return _every_field_set(
            Point(
                text=raw.text,
                section=raw.section,
                children=[point(c, (*key, k)) for k, c in enumerate(raw.children)],
                tags=found.points.get(key, []),
                page=raw.page,
                line=raw.lineno,
            )
        )

    def row_tags(i: int, r: int) -> list[Tag]:
        return found.rows.get((i, r), [])

    def points(i: int, raw: list[RawPoint]) -> list[Point]:
        # from the last point to the first, each let go once its model is made
        made = []
        while raw:
            p = raw.pop()
            made.append(point(p, (i, len(raw))))
        made.reverse()
        return made

    items = [
        AgendaItem(
            number=it.number,
            numbers=it.numbers,
            numbered=it.numbered,
            title=" / ".join(t for t in it.titles if t) if it.numbers else None,
            titles=it.titles,
            points=points(i, it.points)
            + [
                _every_field_set(
                    Point(text=row.text, section=ACTION_LIST, tags=row_tags(i, r), page=row.page, line=row.lineno)
                )
                for r, row in enumerate(doc.action_rows[i])
            ],
            page=it.page,
            line=it.lineno,
        )
        for i, it in enumerate(doc.items)
    ]
    return MinutesDocument(
        source=_source(
            read, data, name, read.pages if read.pages is not None else doc.page_total, ctx.part, read.text_layer
        ),
        kind=ctx.kind,
        kind_reasons=ctx.kind_reasons,
        meeting=doc.meeting,
        attendees=doc.attendees,
        absentees=doc.absentees,
        members=doc.members,
        substitutions=doc.substitutions,
        agenda_items=items,
        redactions=doc.redactions,
        warnings=[
            *(DocWarning(code=c, message=m) for c, m in read.warnings or []), *doc.warnings, *found.warnings, *ctx.notes
        ],
    )


def not_extracted(
    read: ReadResult, data: bytes, name: str, context: Context, text_layer: str | None = None
) -> MinutesDocument:
    """The output of a part that was classified only (its kind was not asked for): content left empty.

    `read` is what was read of the whole file; `text_layer` the part's own (see `Source.text_layer`).
    """
    return MinutesDocument(
        source=_source(read, data, name, read.pages, context.part, text_layer),
        kind=context.kind,
        kind_reasons=context.kind_reasons,
        meeting=Meeting(),
        extracted=False,
        warnings=[
            DocWarning(code="not_extracted", message=f"a document of kind {context.kind!r}: classified, not extracted")
        ],
    )
