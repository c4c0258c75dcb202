"""The one place where the stages are composed: read → clean → structure → tag → assemble the output model."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .assemble import Context, assemble, not_extracted
from .classify.kind import classify
from .clean.lines import clean
from .errors import InputError, NotFound
from .models import MinutesDocument, Part
from .read import ReadResult, read_bytes
from .split.pages import opening_date, split_pages
from .split.parts import in_page_order, part_of, several_parts
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
    kind, reasons = classify([ln.text for ln in read.lines])
    notes = several_parts(split_pages(read.lines, read.pages, read.side))
    return _extract_read(read, data, name, tagger, tags, Context(kind, reasons, notes=notes))


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
        part = Part(index=index, of=len(spans), pages=[span.first, span.last]) if len(spans) > 1 else None
        context = Context(kind, reasons, part)
        if wanted is not None and kind not in wanted:
            docs.append(not_extracted(read, data, name, context, text_layer=sub.text_layer))
        else:
            docs.append(_extract_read(sub, data, name, tagger, tags, context))
    return docs


def _extract_read(
    read: ReadResult, data: bytes, name: str, tagger: Tagger | None, tags: bool, context: Context
) -> MinutesDocument:
    """Clean, structure, tag and assemble what was read.

    The read lines are let go once structured (`read.lines` and `read.side` are emptied): a long
    document's lines are not held while it is tagged and its output built.
    """
    cleaned = clean(read.lines)
    side = clean(read.side) if read.side else None
    opening = opening_date(read.lines)
    read.lines, read.side = [], None
    structured = structure(
        cleaned,
        side,
        paragraph_breaks=read.format == "pdf",
        redaction_boxes=read.redaction_boxes,
        opening=opening,
    )
    del cleaned, side
    found = None
    if tags:
        if tagger is None:
            from .tag.pipeline import default_tagger

            tagger = default_tagger()
        found = tagger.tag(structured)
    return assemble(read, data, name, structured, found, context)
