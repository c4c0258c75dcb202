"""Incremental re-runs: which outputs in an output folder were made from which input bytes, under which settings."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path, PurePosixPath
from typing import TextIO

from ..models import SCHEMA_VERSION
from .inputs import InputFile
from .job import Options


def settings_key(opts: Options, fmt: str) -> str:
    """What, besides the input bytes, decides the output: a re-run reuses outputs made under the same key."""
    from .. import __version__

    kinds = "all" if opts.kinds is None else ",".join(sorted(opts.kinds))
    return (
        f"lrt-minutes {__version__}; schema {SCHEMA_VERSION}; tags={int(opts.tags)}; kinds={kinds}; ocr={opts.ocr}; "
        f"format={fmt}"
    )


class Manifest:
    """Which outputs in an output folder were made from which input bytes, under which settings.

    Kept in OUTDIR/.lrt-manifest; a document is not extracted again when its entry has the
    same content hash and settings key and its output files (one per part that was
    extracted; none when every part was of a kind not asked for) still exist.
    """

    FILE = ".lrt-manifest"  # no .json suffix: `out/*.json` globs only see documents
    JOURNAL = ".lrt-manifest.journal"
    """What changed since the manifest was saved, a line per change, written as documents finish: a
    run that is killed leaves a record that holds (the next run reads the manifest, then the journal)."""

    def __init__(self, outdir: Path, key: str, suffix: str = ".json") -> None:
        self.outdir = outdir
        self.key = key
        self.suffix = suffix
        self.entries: dict[str, dict[str, object]] = {}
        self._renewed: set[str] = set()
        self._earlier: dict[str, list[str]] = {}
        """Outputs an earlier run recorded for the documents written again in this one."""
        try:
            data = json.loads((outdir / self.FILE).read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("documents"), dict):
                self.entries = {k: v for k, v in data["documents"].items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass
        self._replay()
        self._journal: TextIO | None = None

    def _replay(self) -> None:
        try:
            lines = (self.outdir / self.JOURNAL).read_text(encoding="utf-8").splitlines()
        except (OSError, ValueError):
            return
        for line in lines:
            try:
                change = json.loads(line)
            except ValueError:
                break  # the last line of a run killed while writing it
            if not isinstance(change, dict) or not isinstance(change.get("document"), str):
                break
            entry = change.get("entry")
            if isinstance(entry, dict):
                self.entries[change["document"]] = entry
            else:
                self.entries.pop(change["document"], None)

    def _log(self, name: str, entry: dict[str, object] | None) -> None:
        """Append a change to the journal, flushed (so it survives the process being killed)."""
        if self._journal is None:
            self.outdir.mkdir(parents=True, exist_ok=True)
            self._journal = (self.outdir / self.JOURNAL).open("a", encoding="utf-8")
        self._journal.write(json.dumps({"document": name, "entry": entry}, ensure_ascii=False, sort_keys=True) + "\n")
        self._journal.flush()

    def target(self, output: PurePosixPath) -> Path:
        """Where a document's output file goes."""
        return self.outdir / output.with_suffix(self.suffix)

    def fresh(self, f: InputFile, sha256: str) -> bool:
        """Whether `f`'s output is up to date: same bytes, same settings, file still there."""
        e = self.entries.get(f.name)
        if e is None or e.get("sha256") != sha256 or e.get("key") != self.key:
            return False
        outputs = e.get("outputs")
        if not isinstance(outputs, list) or not all(isinstance(o, str) for o in outputs):
            return False
        stem = f.output.with_suffix("").as_posix()
        # the outputs must be this document's (its name or its parts' names) and still be there
        return all(o.startswith(stem) and (self.outdir / o).is_file() for o in outputs)

    def record(self, name: str, output: PurePosixPath | None, sha256: str) -> None:
        """Note that `name`'s output (or one part's) was written from bytes with this hash; None for a part not extracted."""
        if name not in self._renewed:
            self._renewed.add(name)
            self._remember_outputs(name)
            self.entries[name] = {"sha256": sha256, "key": self.key, "outputs": []}
        outputs = self.entries[name]["outputs"]
        assert isinstance(outputs, list)
        if output is not None:
            outputs.append(output.with_suffix(self.suffix).as_posix())
        self._log(name, self.entries[name])

    def begin(self, name: str) -> None:
        """`name`'s outputs are about to be (over)written: its old record is made stale first, so that a run
        killed in between never leaves an output that the record calls up to date when it is not."""
        if name not in self._renewed and name in self.entries:
            # stale, not gone: the outputs it lists stay known, so that those a file no longer gives
            # are still pruned, by this run or (when this one is killed) by the next
            self.entries[name] = {"sha256": None, "key": None, "outputs": self.entries[name].get("outputs", [])}
            self._log(name, self.entries[name])

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
        self._renewed.discard(name)
        self._log(name, self.entries[name])

    def _remember_outputs(self, name: str) -> None:
        """Keep what an earlier run wrote for `name`, once, so that `prune` can remove what is no longer written."""
        if name not in self._earlier:
            old = self.entries.get(name, {}).get("outputs")
            self._earlier[name] = [o for o in old if isinstance(o, str)] if isinstance(old, list) else []

    def forget_name(self, name: str) -> None:
        """Drop `name`'s entry (its document failed, so the next run tries it again)."""
        known = self.entries.pop(name, None) is not None
        self._renewed.discard(name)
        if known:
            self._log(name, None)

    def prune(self) -> list[str]:
        """Remove the outputs an earlier run wrote for a document that this run wrote anew and no longer gives
        (a file now split into fewer parts); returns them. Only files this manifest recorded are touched."""
        removed = []
        for name in sorted(self._renewed):
            now = self.entries.get(name, {}).get("outputs")
            keep = set(now) if isinstance(now, list) else set()
            for old in self._earlier.get(name, []):
                target = self.outdir / old
                if old in keep or ".." in PurePosixPath(old).parts or PurePosixPath(old).is_absolute():
                    continue
                try:
                    target.unlink()
                    removed.append(old)
                except OSError:
                    pass
        return removed

    def save(self) -> None:
        """Write the manifest (atomically) into the output folder."""
        from ..export.formats import write_atomic

        body = {"documents": dict(sorted(self.entries.items()))}
        write_atomic(self.outdir / self.FILE, json.dumps(body, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        with contextlib.suppress(FileNotFoundError):
            (self.outdir / self.JOURNAL).unlink()
