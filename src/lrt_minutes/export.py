"""Export: JSON, JSON Lines and atomic file writes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .models import MinutesDocument


def to_json(doc: MinutesDocument) -> str:
    """The document as pretty JSON (UTF-8, characters as written), ending in a newline."""
    return doc.model_dump_json(indent=2) + "\n"


def to_jsonl(doc: MinutesDocument) -> str:
    """The document as one JSON Lines record, ending in a newline."""
    return doc.model_dump_json() + "\n"


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
