"""What `lrt index PATH...` (and the query commands given a PATH) read.

- `.json` files (one output document each; a list of documents is taken too) and `.jsonl`
  files (one document a line), or a folder holding such files (searched recursively);
- otherwise minutes, as `lrt extract` takes them (files, folders, archives, globs): they are
  extracted here, in worker processes, and a document whose bytes are indexed already under
  the same settings is not extracted again.

Everything goes out as (document dict, SHA-256 of its JSON text, extraction settings or None, the JSON text
or None).
A file that cannot be read is reported through `on_error(name, kind, message)` and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .db import sha256_text

if TYPE_CHECKING:
    from ..batch.runner import Outcome

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
ErrorSink = Callable[[str, str, str], None]


def is_json_path(path: Path) -> bool:
    """True for a JSON / JSON Lines file, or a folder of them."""
    if path.is_dir():
        return any(p.is_file() and p.name.lower().endswith(JSON_SUFFIXES) for p in path.rglob("*"))
    return path.name.lower().endswith(JSON_SUFFIXES)


def _document(obj: Any) -> dict[str, Any] | None:
    if isinstance(obj, dict) and isinstance(obj.get("source"), dict) and isinstance(obj.get("meeting"), dict):
        return obj
    return None


def read_json(paths: list[Path], on_error: ErrorSink) -> Iterator[tuple[dict[str, Any], str, str | None, str | None]]:
    """The documents in JSON / JSON Lines files and folders of them, in sorted order within a folder."""
    for arg in paths:
        files = (
            sorted(
                (p for p in arg.rglob("*") if p.is_file() and p.name.lower().endswith(JSON_SUFFIXES)), key=lambda p: p.as_posix()
            )
            if arg.is_dir()
            else [arg]
        )
        for f in files:
            try:
                text = f.read_text(encoding="utf-8-sig")
            except FileNotFoundError:
                on_error(str(f), "not-found", "no such file")
                continue
            except (OSError, UnicodeDecodeError) as e:
                on_error(str(f), "unreadable", f"cannot read: {getattr(e, 'strerror', None) or e}")
                continue
            if f.name.lower().endswith(".json"):
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as e:
                    on_error(str(f), "decode", f"not JSON: {e}")
                    continue
                items = obj if isinstance(obj, list) else [obj]
                for i, item in enumerate(items):
                    doc = _document(item)
                    if doc is None:
                        where = f"{f}[{i}]" if isinstance(obj, list) else str(f)
                        on_error(where, "unsupported", "not an lrt output document (no source and meeting)")
                        continue
                    sha = (
                        sha256_text(json.dumps(item, sort_keys=True, ensure_ascii=False))
                        if isinstance(obj, list)
                        else sha256_text(text.strip())
                    )
                    yield doc, sha, None, None if isinstance(obj, list) else text.strip()
            else:
                for n, line in enumerate(text.splitlines(), 1):
                    if not line.strip():
                        continue
                    try:
                        doc = _document(json.loads(line))
                    except json.JSONDecodeError as e:
                        on_error(f"{f}:{n}", "decode", f"not JSON: {e}")
                        continue
                    if doc is None:
                        on_error(f"{f}:{n}", "unsupported", "not an lrt output document (no source and meeting)")
                        continue
                    yield doc, sha256_text(line.strip()), None, line.strip()


@dataclass
class ExtractCounts:
    """How many inputs an indexing run skipped (unchanged) and how many failed."""

    skipped: int = 0
    failed: int = 0


def extraction_key(tags: bool = True) -> str:
    """What, besides the input bytes, decides an extracted document: the tool version and settings."""
    from .. import __version__
    from ..models import SCHEMA_VERSION

    return f"lrt-minutes {__version__}; schema {SCHEMA_VERSION}; tags={int(tags)}"


def extract_minutes(
    args: list[str],
    on_error: ErrorSink,
    *,
    fresh: set[tuple[str, str]],
    key: str,
    workers: int,
    timeout: float | None,
    counts: ExtractCounts,
    password: str | None = None,
    progress: Callable[[int | None], None] | None = None,
    passed_over: Callable[[Outcome], None] | None = None,
) -> Iterator[tuple[dict[str, Any], str, str | None, str | None]]:
    """Extract minutes files (as `lrt extract` does); documents whose (name, bytes' SHA-256) are in `fresh` are skipped.

    `progress(total)` is called once with the number of files, then `progress(None)` after each one;
    `passed_over(outcome)` hears of each document not extracted: unchanged, or skipped for its kind.
    """
    from ..batch.inputs import expand
    from ..batch.job import Options
    from ..batch.runner import run

    files, missing = expand(args)
    for m in missing:
        counts.failed += 1
        on_error(m.arg, m.kind, m.message)
    opts = Options(tags=True, password=password, workers=workers, timeout=timeout, render="jsonl")
    if progress is not None:
        progress(len(files))
    for o in run(files, opts, skip=lambda f, sha: (f.name, sha) in fresh):
        if progress is not None:
            progress(None)
        if o.status in ("unchanged", "skipped") and passed_over is not None:
            passed_over(o)
        if o.status == "unchanged":
            counts.skipped += 1
        elif o.status == "skipped":  # a part of a kind not extracted (a letter, an e-mail in a release): nothing to index
            continue
        elif o.status == "failed":
            counts.failed += 1
            on_error(o.name, o.kind or "error", o.message or "")
        else:
            text = o.text or ""
            for line in text.splitlines():
                if line.strip():
                    yield json.loads(line), sha256_text(line.strip()), key, line.strip()
