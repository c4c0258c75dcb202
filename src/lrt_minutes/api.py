"""The one place where the stages are composed: read → clean → structure → tag → assemble the output model."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .assemble import assemble
from .classify.kind import classify
from .clean.lines import clean
from .errors import InputError, NotFound
from .models import DocWarning, Meeting, MinutesDocument, Part, Source
from .read import ReadResult, read_bytes
from .read.text import text_layer_of
from .split.pages import PagePart, opening_date, split_pages
from .structure.document import structure

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
    except (FileNotFoundError, OSError) as e:
        if isinstance(source, str) and ("\n" in source or len(source) > 255):
            # minutes held in a string are not a file name ("File name too long" helps nobody)
            raise NotFound("no such file: this is text, not a path; extract_text(text) reads minutes held in a string") from e
        if isinstance(e, FileNotFoundError):
            raise NotFound(f"no such file: {path}") from e
        raise InputError(f"cannot read: {e.strerror or e}") from e


def extract(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
    ocr: str = "auto",
) -> MinutesDocument:
    """Extract a file as one document from a path or from bytes.

    `name` is what `source.path` says (default: the file name, or "-" for bytes).
    `tagger` is a built NLP tagger to reuse across documents; one is built on first
    use when `tags` is true. `ocr` ("auto", "always", "never") says which PDF pages are read
    by OCR: those without a text layer, every page, or none (see `read.pdf.read_pdf`).
    Raises `LrtError` subclasses for input that is not minutes. The document says what
    `kind` it is and why. A file that holds several documents (a Woo release, minutes of
    several meetings) is still read as one here, with the warning `several_parts`;
    `extract_parts` gives one document per part.
    """
    data, default_name = read_source(source)
    return extract_bytes(data, name=name or default_name, tagger=tagger, tags=tags, password=password, ocr=ocr)


def extract_parts(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
    kinds: Iterable[str] | None = None,
    ocr: str = "auto",
) -> list[MinutesDocument]:
    """Every document a file holds, one per part in page order (one for a file of one document).

    A file of several parts gives each part its `source.part` {index, of, pages}. `kinds`
    ("minutes", "agenda", "decision-list", "action-list", "other"; None: all) chooses which
    parts are extracted: the others come back classified only, with `extracted` false and
    their content empty.
    """
    data, default_name = read_source(source)
    return extract_parts_bytes(
        data, name=name or default_name, tagger=tagger, tags=tags, password=password, kinds=kinds, ocr=ocr
    )


def extract_text(
    text: str,
    *,
    name: str = "-",
    tagger: Tagger | None = None,
    tags: bool = True,
) -> MinutesDocument:
    """Extract one minutes document from its text held in a string (`source.path` is `name`).

    The text is read as a UTF-8 text file would be: `extract_text(s)` gives the same document
    as `extract(path)` of a file holding `s` (but for `source.path`).
    """
    if not isinstance(text, str):
        kind = type(text).__name__
        raise TypeError(f"extract_text() takes the minutes as a str, not {kind}; use extract() for bytes or a path")
    return extract_bytes(text.encode("utf-8"), name=name, tagger=tagger, tags=tags)


def extract_bytes(
    data: bytes,
    *,
    name: str,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
    ocr: str = "auto",
) -> MinutesDocument:
    """Extract a file's bytes as one document (see `extract`)."""
    read = read_bytes(data, password=password, ocr=ocr)
    doc = _extract_read(read, data, name, tagger, tags)
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
    return doc


def extract_parts_bytes(
    data: bytes,
    *,
    name: str,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
    kinds: Iterable[str] | None = None,
    ocr: str = "auto",
) -> list[MinutesDocument]:
    """Every document in a file's bytes, one per part (see `extract_parts`)."""
    wanted = None if kinds is None else set(kinds)
    read = read_bytes(data, password=password, ocr=ocr)
    spans = split_pages(read.lines, read.pages, read.side)
    docs: list[MinutesDocument] = []
    ordered = len(spans) > 1 and in_page_order(read)
    for index, span in enumerate(spans, start=1):
        sub = read if len(spans) == 1 else part_of(read, span, ordered)
        kind, reasons = classify([ln.text for ln in sub.lines])
        if wanted is not None and kind not in wanted:
            doc = MinutesDocument(
                source=Source(
                    path=name, sha256=hashlib.sha256(data).hexdigest(), format=read.format,
                    pages=read.pages, encoding=read.encoding, text_layer=sub.text_layer,
                ),
                meeting=Meeting(),
                extracted=False,
                warnings=[DocWarning(code="not_extracted", message=f"a document of kind {kind!r}: classified, not extracted")],
            )  # fmt: skip
        else:
            doc = _extract_read(sub, data, name, tagger, tags)
        if len(spans) > 1:
            doc.source.part = Part(index=index, of=len(spans), pages=[span.first, span.last])
        doc.kind, doc.kind_reasons = kind, reasons  # type: ignore[assignment]
        docs.append(doc)
    return docs


def _extract_read(read: ReadResult, data: bytes, name: str, tagger: Tagger | None, tags: bool) -> MinutesDocument:
    """Clean, structure, tag and assemble what was read."""
    cleaned = clean(read.lines)
    side = clean(read.side) if read.side else None
    structured = structure(cleaned, side, paragraph_breaks=read.format == "pdf", redaction_boxes=read.redaction_boxes)
    if structured.meeting.date is None:
        # no labelled date: a document that opens with its meeting's title and date (common for each
        # meeting in a bundle: "Tweede bijeenkomst werkgroep X" over "02-07-2020") states it there
        opening = opening_date(read.lines)
        if opening is not None:
            structured.meeting.date = opening[0]
            structured.warnings.append(
                DocWarning(
                    code="date_from_title",
                    message=f"meeting date taken from the title block {opening[1].text.strip()!r}",
                    line=opening[1].lineno,
                )
            )
    found = None
    if tags:
        if tagger is None:
            from .tag.pipeline import default_tagger

            tagger = default_tagger()
        found = tagger.tag(structured)
    return assemble(read, data, name, structured, found)


def _range(p: PagePart) -> str:
    return str(p.first) if p.first == p.last else f"{p.first}-{p.last}"


_PAGE_IN_WARNING = re.compile(r"\bpage (\d+)\b")


def in_page_order(read: ReadResult) -> bool:
    """Whether every line has a page and the lines come in page order (as both readers give them)."""
    return all(a.page is not None and b.page is not None and a.page <= b.page for a, b in itertools.pairwise(read.lines))


def part_of(read: ReadResult, span: PagePart, ordered: bool | None = None) -> ReadResult:
    """What was read of the pages of one part: its lines, side column, redaction boxes and page warnings."""

    def inside(page: int | None) -> bool:
        return page is not None and span.first <= page <= span.last

    warnings = []
    for code, message in read.warnings or []:
        m = _PAGE_IN_WARNING.search(message)
        if m is None or inside(int(m.group(1))):
            warnings.append((code, message))
    boxes = read.redaction_boxes if read.box_pages is None else sum(1 for p in read.box_pages if inside(p))
    # lines come in page order: the part's lines are one slice
    lo = bisect.bisect_left(read.lines, span.first, key=lambda ln: ln.page or 0)
    hi = bisect.bisect_right(read.lines, span.last, key=lambda ln: ln.page or 0)
    if ordered is None:
        ordered = in_page_order(read)
    layers = None if read.page_layers is None else read.page_layers[span.first - 1 : span.last]
    return ReadResult(
        lines=read.lines[lo:hi] if ordered else [ln for ln in read.lines if inside(ln.page)],
        format=read.format,
        pages=read.pages,
        encoding=read.encoding,
        warnings=warnings,
        side=[ln for ln in read.side or [] if inside(ln.page)],
        redaction_boxes=boxes,
        box_pages=[p for p in read.box_pages or [] if inside(p)],
        page_layers=layers,
        text_layer=read.text_layer if layers is None else text_layer_of(layers),
    )
