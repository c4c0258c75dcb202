"""Incremental re-runs: which outputs in an output folder were made from which input bytes, under which settings."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from ..models import SCHEMA_VERSION
from .inputs import InputFile
from .job import Options


def settings_key(opts: Options, fmt: str) -> str:
    """What, besides the input bytes, decides the output: a re-run reuses outputs made under the same key."""
    from .. import __version__

    return f"lrt-minutes {__version__}; schema {SCHEMA_VERSION}; tags={int(opts.tags)}; ocr={opts.ocr}; format={fmt}"


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
        self.entries: dict[str, dict[str, str]] = {}
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
            and e.get("sha256") == sha256
            and e.get("key") == self.key
            and e.get("output") == f.output.with_suffix(self.suffix).as_posix()
            and self.target(f.output).is_file()
        )

    def record(self, name: str, output: PurePosixPath, sha256: str) -> None:
        """Note that `name`'s output was written from bytes with this hash."""
        self.entries[name] = {"sha256": sha256, "key": self.key, "output": output.with_suffix(self.suffix).as_posix()}

    def forget_name(self, name: str) -> None:
        """Drop `name`'s entry (its document failed, so the next run tries it again)."""
        self.entries.pop(name, None)

    def save(self) -> None:
        """Write the manifest (atomically) into the output folder."""
        from ..export.formats import write_atomic

        body = {"documents": dict(sorted(self.entries.items()))}
        write_atomic(self.outdir / self.FILE, json.dumps(body, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
