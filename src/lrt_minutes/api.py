"""The one place where the stages are composed: read → clean → structure → tag → model."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from .structure.actions import SECTION as ACTION_LIST
from .structure.actions import take_action_tables
from .clean.lines import clean
from .errors import InputError
from .structure.header import WOO_GROUND, header_end, parse_header
from .models import (
    AgendaItem,
    DocWarning,
    MinutesDocument,
    Point,
    Source,
    Substitution,
)
from .read.text import ReadResult, read_text, sniff
from .structure.agenda import RawItem, RawPoint, find_items, parse_points
from .structure.substitutions import find_substitutions

if TYPE_CHECKING:
    from .tag.pipeline import Tagger


def read_source(source: str | Path | bytes) -> tuple[bytes, str]:
    """The bytes of a source and the name to report it by."""
    if isinstance(source, bytes | bytearray):
        return bytes(source), "-"
    path = Path(source)
    try:
        return path.read_bytes(), path.name
    except IsADirectoryError as e:
        raise InputError("is a folder, not a file") from e
    except FileNotFoundError as e:
        raise InputError("no such file") from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}") from e


def extract(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
) -> MinutesDocument:
    """Extract one minutes document from a path or from bytes.

    `name` is what `source.path` says (default: the file name, or "-" for bytes).
    `tagger` is a built NLP tagger to reuse across documents; one is built on first
    use when `tags` is true. Raises `LrtError` subclasses for input that is not minutes.
    """
    data, default_name = read_source(source)
    return extract_bytes(data, name=name or default_name, tagger=tagger, tags=tags, password=password)


def extract_bytes(
    data: bytes,
    *,
    name: str,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
) -> MinutesDocument:
    """Extract one minutes document from its bytes."""
    fmt = sniff(data)
    if fmt == "pdf":
        from .read.pdf import read_pdf

        read: ReadResult = read_pdf(data, password=password)
    else:
        read = read_text(data)
    doc = build_document(read, data, name)
    if tags:
        if tagger is None:
            from .tag.pipeline import default_tagger

            tagger = default_tagger()
        tagger.tag_document(doc)
    return doc


def _point_model(raw: RawPoint) -> Point:
    return Point(
        text=raw.text,
        section=raw.section,
        children=[_point_model(c) for c in raw.children],
        page=raw.page,
        line=raw.lineno,
    )


def build_document(read: ReadResult, data: bytes, name: str) -> MinutesDocument:
    """Clean and structure what was read into the output model (without tags)."""
    cleaned = clean(read.lines)
    header_lines, raw_items = find_items(cleaned.lines, paragraph_breaks=read.format == "pdf")
    no_items = not raw_items
    if no_items:
        # no item found: the body still comes out, as one item without number or title holding every point
        end = header_end(header_lines)
        rest = header_lines[end:]
        header_lines = header_lines[:end]
        first = next((ln for ln in rest if ln.text), None)
        if first is not None:
            raw_items = [RawItem([], [], first.page, first.lineno, body=rest, numbered=False)]
    header = parse_header(header_lines)
    action_rows = []
    for item in raw_items:
        item.body, rows = take_action_tables(item.body)
        action_rows.append(rows)
        parse_points(item)

    warnings: list[DocWarning] = [DocWarning(code=c, message=m) for c, m in read.warnings or []]
    meeting = header.meeting
    # a PDF's side column was read apart: its Datum / Kenmerk come first
    side = clean(read.side) if read.side else None
    for found in (side, cleaned):
        if found is None:
            continue
        if found.document_date and meeting.document_date is None:
            meeting.document_date = found.document_date
        if found.kenmerk and meeting.kenmerk is None:
            meeting.kenmerk = found.kenmerk
    body_start = raw_items[0].lineno if raw_items and not no_items else None
    labelled = cleaned.labelled_date
    if (
        labelled is not None
        and meeting.date is None
        and (meeting.start_time or meeting.location or header.attendees)
        and (body_start is None or labelled[1] < body_start)
    ):
        # minutes without the letter template: "Datum: 14 maart 2023" beside "Tijd:" and "Locatie:"
        # is when the meeting was; the letter template's own Datum comes without a colon
        meeting.date = labelled[0]
    if (
        labelled is not None
        and meeting.date == labelled[0]
        and meeting.document_date == labelled[0]
        and not (side and side.document_date)
        and (body_start is None or labelled[1] < body_start)
    ):
        # the labelled "Datum:" was the meeting's, not the date the minutes were written
        meeting.document_date = None
    if not header.found:
        warnings.append(
            DocWarning(
                code="no_header",
                message="no header block (Vergaderdatum, Aanwezig, ...) before the first agenda item; "
                "meeting fields are null",
            )
        )
    if no_items:
        warnings.append(
            DocWarning(
                code="no_agenda_items",
                message="no agenda items found: the body is one item without number or title",
            )
        )
    warnings.extend(DocWarning(code=c, message=m, line=ln) for c, m, ln in header.warnings)

    for f in cleaned.furniture:
        if body_start is not None and f.lineno > body_start:
            warnings.append(
                DocWarning(
                    code="page_furniture",
                    message=f"page furniture removed from the body at line {f.lineno}: {f.text!r}",
                    line=f.lineno,
                )
            )

    items = [
        AgendaItem(
            number=it.number,
            numbers=it.numbers,
            numbered=it.numbered,
            title=" / ".join(t for t in it.titles if t) if it.numbers else None,
            titles=it.titles,
            points=[_point_model(p) for p in it.points],
            page=it.page,
            line=it.lineno,
        )
        for it in raw_items
    ]
    for item, rows in zip(items, action_rows, strict=True):
        for row in rows:
            point = Point(text=row.text, section=ACTION_LIST, page=row.page, line=row.lineno)
            point._action_row = row
            item.points.append(point)
    for item in items:
        if not item.title and item.numbers:
            warnings.append(DocWarning(code="empty_title", message=f"agenda item {item.number} has no title"))

    substitutions = [Substitution.model_validate(s) for s in find_substitutions(raw_items)]
    people = header.attendees + header.absentees
    redactions = sum(p.redacted for p in people)
    redactions += sum(s.absent is None or s.substitute is None for s in substitutions)
    redactions += sum(len(WOO_GROUND.findall(p.text)) for it in items for p in it.points)
    # in a PDF, the boxes themselves are counted (a box over a word in a point has no text to count)
    redactions = max(redactions, read.redaction_boxes)

    pages = read.pages if read.pages is not None else cleaned.page_total
    return MinutesDocument(
        source=Source(
            path=name,
            sha256=hashlib.sha256(data).hexdigest(),
            format=read.format,  # type: ignore[arg-type]
            pages=pages,
            encoding=read.encoding,
        ),
        meeting=meeting,
        attendees=header.attendees,
        absentees=header.absentees,
        members=header.members,
        substitutions=substitutions,
        agenda_items=items,
        redactions=redactions,
        warnings=warnings,
    )
