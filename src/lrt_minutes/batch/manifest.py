"""Incremental re-runs: which outputs in an output folder were made from which input bytes, under which settings."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from ..models import SCHEMA_VERSION
from .inputs import InputFile
from .job import Options


def settings_key(opts: Options, fmt: str) -> str:
    """What, besides the input bytes, decides the output: a re-run reuses outputs made under the same key."""
    from .. import __version__

    return f"lrt-minutes {__version__}; schema {SCHEMA_VERSION}; tags={int(opts.tags)}; format={fmt}"


class Manifest:
    """Which outputs in an output folder were made from which input bytes, under which settings.

    Kept in OUTDIR/.lrt-manifest; a document is skipped when its entry has the same
    content hash and settings key and its output file still exists.
    """

    FILE = ".lrt-manifest"  # no .json suffix: `out/*.json` globs only see documents

    def __init__(self, outdir: Path, key: str, suffix: str = ".json") -> None:
        self.outdir = outdir
        self.key = key
        self.suffix = suffix
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads((outdir / self.FILE).read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("documents"), dict):
                self.entries = {k: v for k, v in data["documents"].items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass

    def target(self, output: PurePosixPath) -> Path:
        """Where a document's output file goes."""
        return self.outdir / output.with_suffix(self.suffix)

    def fresh(self, f: InputFile, sha256: str) -> bool:
        """Whether `f`'s output is up to date: same bytes, same settings, file still there."""
        e = self.entries.get(f.name)
        return (
            e is not None
            and "failed" not in e
            and e.get("sha256") == sha256
            and e.get("key") == self.key
            and e.get("output") == f.output.with_suffix(self.suffix).as_posix()
            and self.target(f.output).is_file()
        )

    def record(self, name: str, output: PurePosixPath, sha256: str) -> None:
        """Note that `name`'s output was written from bytes with this hash."""
        self.entries[name] = {"sha256": sha256, "key": self.key, "output": output.with_suffix(self.suffix).as_posix()}

    def failure(self, f: InputFile, sha256: str) -> tuple[str, str] | None:
        """(kind, message) when `f` failed in an earlier run from the same bytes under the same settings."""
        e = self.entries.get(f.name)
        if e is None or e.get("sha256") != sha256 or e.get("key") != self.key:
            return None
        failed = e.get("failed")
        if not isinstance(failed, dict):
            return None
        return str(failed.get("kind") or "error"), str(failed.get("message") or "")

    def record_failure(self, name: str, sha256: str, kind: str, message: str) -> None:
        """Note that `name` failed from bytes with this hash, so that a re-run does not try it again."""
        self.entries[name] = {"sha256": sha256, "key": self.key, "failed": {"kind": kind, "message": message}}

    def forget_name(self, name: str) -> None:
        """Drop `name`'s entry (its document failed, so the next run tries it again)."""
        self.entries.pop(name, None)

    def save(self) -> None:
        """Write the manifest (atomically) into the output folder."""
        from ..export.formats import write_atomic

        body = {"documents": dict(sorted(self.entries.items()))}
        write_atomic(self.outdir / self.FILE, json.dumps(body, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
