"""The output model, built once from what the stages found: the read source, the structured document, its tags."""

from __future__ import annotations

import hashlib

from .models import AgendaItem, DocWarning, MinutesDocument, Point, Source, Tag
from .read.text import ReadResult
from .structure.actions import SECTION as ACTION_LIST
from .structure.agenda import RawPoint
from .structure.document import PointKey, StructuredDocument
from .tag.result import DocumentTags


def assemble(read: ReadResult, data: bytes, name: str, doc: StructuredDocument, tags: DocumentTags | None) -> MinutesDocument:
    """The `MinutesDocument` of a source; `tags` None leaves every point untagged."""
    found = tags or DocumentTags()

    def point(raw: RawPoint, key: PointKey) -> Point:
        return Point(
            text=raw.text,
            section=raw.section,
            children=[point(c, (*key, k)) for k, c in enumerate(raw.children)],
            tags=found.points.get(key, []),
            page=raw.page,
            line=raw.lineno,
        )

    def row_tags(i: int, r: int) -> list[Tag]:
        return found.rows.get((i, r), [])

    items = [
        AgendaItem(
            number=it.number,
            numbers=it.numbers,
            numbered=it.numbered,
            title=" / ".join(t for t in it.titles if t) if it.numbers else None,
            titles=it.titles,
            points=[point(p, (i, j)) for j, p in enumerate(it.points)]
            + [
                Point(text=row.text, section=ACTION_LIST, tags=row_tags(i, r), page=row.page, line=row.lineno)
                for r, row in enumerate(doc.action_rows[i])
            ],
            page=it.page,
            line=it.lineno,
        )
        for i, it in enumerate(doc.items)
    ]
    return MinutesDocument(
        source=Source(
            path=name,
            sha256=hashlib.sha256(data).hexdigest(),
            format=read.format,
            pages=read.pages if read.pages is not None else doc.page_total,
            encoding=read.encoding,
            text_layer=read.text_layer,
        ),
        meeting=doc.meeting,
        attendees=doc.attendees,
        absentees=doc.absentees,
        members=doc.members,
        substitutions=doc.substitutions,
        agenda_items=items,
        redactions=doc.redactions,
        warnings=[*(DocWarning(code=c, message=m) for c, m in read.warnings or []), *doc.warnings, *found.warnings],
    )
