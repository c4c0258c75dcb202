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

    An entry is complete only when all of its document's outputs are written (`finish`): while
    they are being written its hash is null, so a run killed between two parts leaves a
    document that the next run extracts again. Outputs that an earlier run wrote for a
    document are kept in its entry as `stale` until they are removed (those the document no
    longer gives, when it is finished), so that they are found by a later run whatever
    happened to this one: killed, interrupted, or unable to save the record.
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
        """Documents whose outputs this run is writing."""
        self._pending: dict[str, str] = {}
        """The content hash of each document being written, put in its entry when it is finished."""
        self._broken: set[str] = set()
        """Documents of which a part could not be written in this run: their entries stay incomplete."""
        try:
            data = json.loads((outdir / self.FILE).read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("documents"), dict):
                self.entries = {k: v for k, v in data["documents"].items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass
        self._replay()
        self._journal: TextIO | None = None
        self._journal_broken = False

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

    def _log(self, name: str, entry: dict[str, object] | None, strict: bool = False) -> None:
        """Append a change to the journal, flushed (so it survives the process being killed).

        When the journal cannot be written (a full disk), only `strict` changes raise: those made before an
        output is overwritten (the document then fails with `write`, its old output untouched). The others
        reach the record when it is saved at the end of the run."""
        if self._journal_broken:
            if strict:
                raise OSError("the re-run record's journal cannot be written")
            return
        try:
            if self._journal is None:
                self.outdir.mkdir(parents=True, exist_ok=True)
                self._journal = (self.outdir / self.JOURNAL).open("a", encoding="utf-8")
            self._journal.write(json.dumps({"document": name, "entry": entry}, ensure_ascii=False, sort_keys=True) + "\n")
            self._journal.flush()
        except OSError:
            self._journal_broken = True  # a line may be cut short: nothing more is written after it
            if strict:
                raise

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

    def _known(self, name: str) -> list[str]:
        """Every output the record lists for `name`: its outputs and those still to be removed."""
        e = self.entries.get(name, {})
        out: list[str] = []
        for field in ("outputs", "stale"):
            v = e.get(field)
            if isinstance(v, list):
                out += [o for o in v if isinstance(o, str) and o not in out]
        return out

    def begin(self, name: str) -> None:
        """`name`'s outputs are about to be (over)written: its entry is made incomplete first, so that a run
        killed in between never leaves an output that the record calls up to date when it is not."""
        if name not in self._renewed and name in self.entries:
            self.entries[name] = self._incomplete(name)
            self._log(name, self.entries[name], strict=True)

    def _incomplete(self, name: str) -> dict[str, object]:
        """An entry that no run takes as up to date, which keeps every output known for `name` as stale."""
        return {"sha256": None, "key": None, "outputs": [], "stale": self._known(name)}

    def record(self, name: str, output: PurePosixPath | None, sha256: str) -> None:
        """Note that `name`'s output (or one part's) was written from bytes with this hash; None for a part not
        extracted. The entry is complete when `finish` is called, after the document's last part."""
        if name not in self._renewed:
            self._renewed.add(name)
            self.entries[name] = self._incomplete(name)
        self._pending[name] = sha256
        outputs = self.entries[name]["outputs"]
        assert isinstance(outputs, list)
        if output is not None:
            outputs.append(output.with_suffix(self.suffix).as_posix())
        self._log(name, self.entries[name])

    def finish(self, name: str) -> list[str]:
        """Every part of `name` is written: its entry is complete, and the outputs an earlier run wrote for it that
        it no longer gives are removed (only files the record lists); returns them."""
        e = self.entries.get(name)
        if e is None or name not in self._pending or name in self._broken:
            return []
        e["sha256"], e["key"] = self._pending.pop(name), self.key
        self._renewed.discard(name)
        outputs = e.get("outputs")
        keep = set(outputs) if isinstance(outputs, list) else set()
        stale = e.pop("stale", [])
        removed, left = [], []
        for old in stale if isinstance(stale, list) else []:
            if not isinstance(old, str) or old in keep:
                continue
            if ".." in PurePosixPath(old).parts or PurePosixPath(old).is_absolute():
                continue
            try:
                (self.outdir / old).unlink()
                removed.append(old)
            except FileNotFoundError:
                pass
            except OSError:
                left.append(old)  # tried again when the document is next written
        if left:
            e["stale"] = left
        self._log(name, e)
        return removed

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
        """Note that `name` failed from bytes with this hash, so that a re-run does not try it again (outputs of
        earlier runs stay, listed as stale: a later run that reads it removes those it no longer gives)."""
        entry: dict[str, object] = {"sha256": sha256, "key": self.key, "failed": {"kind": kind, "message": message}}
        if stale := self._known(name):
            entry["stale"] = stale
        self.entries[name] = entry
        self._renewed.discard(name)
        self._pending.pop(name, None)
        self._log(name, entry)

    def forget_name(self, name: str) -> None:
        """`name`'s document failed (its output could not be written): the next run tries it again. Outputs the
        record knows for it stay listed, as stale."""
        self._broken.add(name)
        if name not in self.entries:
            return
        self._renewed.discard(name)
        self._pending.pop(name, None)
        if stale := self._known(name):
            self.entries[name] = {"sha256": None, "key": None, "outputs": [], "stale": stale}
            self._log(name, self.entries[name])
        else:
            del self.entries[name]
            self._log(name, None)

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
