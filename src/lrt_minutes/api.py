"""The one place where the stages are composed: read → clean → structure → tag → assemble the output model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .assemble import assemble
from .clean.lines import clean
from .errors import InputError
from .models import MinutesDocument
from .read import read_bytes
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
    ocr: str = "auto",
) -> MinutesDocument:
    """Extract one minutes document from a path or from bytes.

    `name` is what `source.path` says (default: the file name, or "-" for bytes).
    `tagger` is a built NLP tagger to reuse across documents; one is built on first
    use when `tags` is true. `ocr` ("auto", "always", "never") says which PDF pages are read
    by OCR: those without a text layer, every page, or none (see `read.pdf.read_pdf`).
    Raises `LrtError` subclasses for input that is not minutes.
    """
    data, default_name = read_source(source)
    return extract_bytes(data, name=name or default_name, tagger=tagger, tags=tags, password=password, ocr=ocr)


def extract_bytes(
    data: bytes,
    *,
    name: str,
    tagger: Tagger | None = None,
    tags: bool = True,
    password: str | None = None,
    ocr: str = "auto",
) -> MinutesDocument:
    """Extract one minutes document from its bytes."""
    read = read_bytes(data, password=password, ocr=ocr)
    cleaned = clean(read.lines)
    side = clean(read.side) if read.side else None
    structured = structure(cleaned, side, paragraph_breaks=read.format == "pdf", redaction_boxes=read.redaction_boxes)
    found = None
    if tags:
        if tagger is None:
            from .tag.pipeline import default_tagger

            tagger = default_tagger()
        found = tagger.tag(structured)
    return assemble(read, data, name, structured, found)
