"""The one place where the stages are composed: read → clean → structure → tag → model."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .structure.actions import SECTION as ACTION_LIST
from .structure.actions import take_action_tables
from .clean.lines import clean
from .errors import InputError
from .structure.header import WOO_GROUND, parse_header
from .models import (
    AgendaItem,
    DocWarning,
    Meeting,
    MinutesDocument,
    Part,
    Point,
    Source,
    Substitution,
)
from .read.text import ReadResult, read_text, sniff
from .structure.agenda import RawPoint, find_items, parse_points
from .structure.substitutions import find_substitutions
from .classify.kind import classify
from .split.pages import PagePart, split_pages

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
    """Extract a file as one document from a path or from bytes.

    `name` is what `source.path` says (default: the file name, or "-" for bytes).
    `tagger` is a built NLP tagger to reuse across documents; one is built on first
    use when `tags` is true. Raises `LrtError` subclasses for input that is not minutes.
    The document says what `kind` it is and why. A file that holds several documents (a
    Woo release, minutes of several meetings) is still read as one here, with the
    warning `several_parts`; `extract_parts` gives one document per part.
    """
    data, default_name = read_source(source)
    return extract_bytes(data, name=name or default_name, tagger=tagger, tags=tags, password=password)


def extract_parts(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
    kinds: Iterable[str] | None = None,
) -> list[MinutesDocument]:
    """Every document a file holds, one per part in page order (one for a file of one document).

    A file of several parts gives each part its `source.part` {index, of, pages}. `kinds`
    ("minutes", "agenda", "decision-list", "action-list", "other"; None: all) chooses which
    parts are extracted: the others come back classified only, with `extracted` false and
    their content empty.
    """
    data, default_name = read_source(source)
    return extract_parts_bytes(data, name=name or default_name, tagger=tagger, tags=tags, password=password, kinds=kinds)


def read_bytes(data: bytes, password: str | None = None) -> ReadResult:
    """Read a document's bytes (PDF or text) into lines."""
    fmt = sniff(data)
    if fmt == "pdf":
        from .read.pdf import read_pdf

        return read_pdf(data, password=password)
    return read_text(data)


def extract_bytes(
    data: bytes,
    *,
    name: str,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
) -> MinutesDocument:
    """Extract a file's bytes as one document (see `extract`)."""
    read = read_bytes(data, password)
    doc = build_document(read, data, name)
    doc.kind, doc.kind_reasons = classify([ln.text for ln in read.lines])  # type: ignore[assignment]
    parts = split_pages(read.lines, read.pages, read.side)
    if len(parts) > 1:
        ranges = ", ".join(_range(p) for p in parts)
        doc.warnings.append(
            DocWarning(
                code="several_parts",
                message=f"the file holds {len(parts)} documents (pages {ranges}); extract_parts() gives one output each",
            )
        )
    if tags:
        _tag(doc, tagger)
    return doc


def extract_parts_bytes(
    data: bytes,
    *,
    name: str,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
    kinds: Iterable[str] | None = None,
) -> list[MinutesDocument]:
    """Every document in a file's bytes, one per part (see `extract_parts`)."""
    wanted = None if kinds is None else set(kinds)
    read = read_bytes(data, password)
    ranges = split_pages(read.lines, read.pages, read.side)
    docs: list[MinutesDocument] = []
    for index, span in enumerate(ranges, start=1):
        sub = read if len(ranges) == 1 else part_of(read, span)
        kind, reasons = classify([ln.text for ln in sub.lines])
        part = None if len(ranges) == 1 else Part(index=index, of=len(ranges), pages=[span.first, span.last])
        if wanted is not None and kind not in wanted:
            doc = MinutesDocument(
                source=_source(read, data, name), meeting=Meeting(), extracted=False,
                warnings=[DocWarning(code="not_extracted", message=f"a document of kind {kind!r}: classified, not extracted")],
            )  # fmt: skip
        else:
            doc = build_document(sub, data, name)
            if tags:
                _tag(doc, tagger)
        doc.source.part = part
        doc.kind, doc.kind_reasons = kind, reasons  # type: ignore[assignment]
        docs.append(doc)
    return docs


def _range(p: PagePart) -> str:
    return str(p.first) if p.first == p.last else f"{p.first}-{p.last}"


_PAGE_IN_WARNING = re.compile(r"\bpage (\d+)\b")


def part_of(read: ReadResult, span: PagePart) -> ReadResult:
    """What was read of the pages of one part: its lines, side column, redaction boxes and page warnings."""

    def inside(page: int | None) -> bool:
        return page is not None and span.first <= page <= span.last

    warnings = []
    for code, message in read.warnings or []:
        m = _PAGE_IN_WARNING.search(message)
        if m is None or inside(int(m.group(1))):
            warnings.append((code, message))
    boxes = read.redaction_boxes if read.box_pages is None else sum(1 for p in read.box_pages if inside(p))
    return ReadResult(
        lines=[ln for ln in read.lines if inside(ln.page)],
        format=read.format,
        pages=read.pages,
        encoding=read.encoding,
        warnings=warnings,
        side=[ln for ln in read.side or [] if inside(ln.page)],
        redaction_boxes=boxes,
        box_pages=[p for p in read.box_pages or [] if inside(p)],
    )


def _tag(doc: MinutesDocument, tagger: Tagger | None) -> None:
    if tagger is None:
        from .tag.pipeline import default_tagger

        tagger = default_tagger()
    tagger.tag_document(doc)


def _source(read: ReadResult, data: bytes, name: str, pages: int | None = None) -> Source:
    return Source(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=read.format,  # type: ignore[arg-type]
        pages=read.pages if read.pages is not None else pages,
        encoding=read.encoding,
    )


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
    body_start = raw_items[0].lineno if raw_items else None
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
        if meeting.document_date == labelled[0] and not (side and side.document_date):
            meeting.document_date = None
    if not header.found:
        warnings.append(
            DocWarning(
                code="no_header",
                message="no header block (Vergaderdatum, Aanwezig, ...) before the first agenda item; "
                "meeting fields are null",
            )
        )
    if not raw_items:
        warnings.append(DocWarning(code="no_agenda_items", message="no numbered agenda items found"))
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
            title=" / ".join(t for t in it.titles if t),
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
        if not item.title:
            warnings.append(DocWarning(code="empty_title", message=f"agenda item {item.number} has no title"))

    substitutions = [Substitution.model_validate(s) for s in find_substitutions(raw_items)]
    people = header.attendees + header.absentees
    redactions = sum(p.redacted for p in people)
    redactions += sum(s.absent is None or s.substitute is None for s in substitutions)
    redactions += sum(len(WOO_GROUND.findall(p.text)) for it in items for p in it.points)
    # in a PDF, the boxes themselves are counted (a box over a word in a point has no text to count)
    redactions = max(redactions, read.redaction_boxes)

    pages = cleaned.page_total
    return MinutesDocument(
        source=_source(read, data, name, pages),
        meeting=meeting,
        attendees=header.attendees,
        absentees=header.absentees,
        members=header.members,
        substitutions=substitutions,
        agenda_items=items,
        redactions=redactions,
        warnings=warnings,
    )
