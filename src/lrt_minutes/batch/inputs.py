"""Which documents a command line names, and where each one's output goes.

Arguments are files, folders (searched recursively), "-" for stdin, and zip / tar / tar.gz
archives, whose .txt and .pdf members become documents named "release.zip!/inner/path.pdf".
`load` then reads each document's bytes in order, archives member by member.
"""

from __future__ import annotations

import glob
import hashlib
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputError, LrtError, NotFound, TooLarge
from ..limits import MAX_INPUT_BYTES, MAX_NAME_BYTES
from .archive import ARCHIVE_SUFFIXES, BadArchive, is_archive, is_metadata, list_members, read_members

SUFFIXES = (".txt", ".pdf", *ARCHIVE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class InputFile:
    """One document to process."""

    path: Path | None
    """None for standard input; for an archive member, the archive."""
    name: str
    """How the document is reported: a relative path with "/" ("sub/verslag.pdf",
    "release.zip!/2023/verslag.pdf"), or "-"."""
    output: PurePosixPath
    """Relative output path for `-o` ("sub/verslag.json", "release.zip/2023/verslag.json")."""
    member: str | None = None
    """The member's path inside the archive `path`, for archive members."""
    archive: int | None = None
    """For archive members: which archive argument they came from (members of one archive are consecutive)."""


@dataclass(frozen=True, slots=True)
class Missing:
    """An argument that names nothing processable."""

    arg: str
    message: str
    kind: str = "not-found"


def expand(args: list[str]) -> tuple[list[InputFile], list[Missing]]:
    """Expand PATH arguments: files as given, folders searched recursively, globs, archives, "-" for stdin."""
    found: list[tuple[Path | None, str, str | None, int | None]] = []
    missing: list[Missing] = []
    several = len(args) > 1
    # files named alike in different folders ("x/a.txt y/a.txt") are reported by the paths as given
    names = Counter(Path(a).name for a in args if a != "-" and Path(a).is_file())
    for arg in args:
        if arg == "-":
            found.append((None, "-", None, None))
            continue
        path = Path(arg)
        if path.is_dir():
            files = sorted(
                (
                    p for p in path.rglob("*")
                    if p.is_file() and p.name.lower().endswith(SUFFIXES) and not is_metadata(p.relative_to(path).as_posix())
                ),
                key=lambda p: p.relative_to(path).as_posix(),
            )
            if not files:
                missing.append(Missing(arg, "no .txt, .pdf or archive files in this folder"))
            prefix = PurePosixPath(path.resolve().name) if several else PurePosixPath()
            for p in files:
                _add(found, missing, p, (prefix / p.relative_to(path).as_posix()).as_posix(), named=False)
        elif path.exists():
            _add(found, missing, path, path.name if names[path.name] < 2 else path.as_posix())
        elif any(c in arg for c in "*?["):
            # a quoted glob ("minutes/**/*.pdf"): expanded here, as the shell would, in sorted order
            matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
            matches = [m for m in matches if m.is_file() and m.name.lower().endswith(SUFFIXES) and not is_metadata(m.as_posix())]
            if not matches:
                missing.append(Missing(arg, "the pattern matches no .txt, .pdf or archive file"))
            for m in matches:
                _add(found, missing, m, m.as_posix(), named=False)
        else:
            missing.append(Missing(arg, "no such file or folder"))
    return _assign_outputs(found), missing


def _add(
    found: list[tuple[Path | None, str, str | None, int | None]],
    missing: list[Missing],
    path: Path,
    name: str,
    named: bool = True,
) -> None:
    """A file, or each document member of an archive (listed now, read later).

    An archive without minutes is an error when it was named on the command line, and
    passed over (like any other file that is not minutes) when a folder walk found it.
    """
    if not is_archive(path.name):
        found.append((path, name, None, None))
        return
    try:
        inners = list_members(path)
    except BadArchive as e:
        missing.append(Missing(name, str(e), e.kind))
        return
    except OSError as e:
        missing.append(Missing(name, f"cannot read: {e.strerror or e}", "unreadable"))
        return
    archive = 1 + max((f[3] for f in found if f[3] is not None), default=-1)
    found.extend((path, f"{name}!/{inner}", inner, archive) for inner in inners)
    if not inners and named:
        missing.append(Missing(name, "no .txt or .pdf members in this archive", "empty-archive"))


def _fit(part: str) -> str:
    """A file or folder name short enough to write (with ".part-01.json" after it): a long one is cut,
    and keeps its suffix and a digest of the whole, so that names cut alike stay apart."""
    if len(part.encode()) <= MAX_NAME_BYTES:
        return part
    suffix = Path(part).suffix if len(Path(part).suffix) <= 8 else ""
    digest = hashlib.sha256(part.encode()).hexdigest()[:10]
    head = part.encode()[: MAX_NAME_BYTES - len(suffix) - 12].decode(errors="ignore")
    return f"{head}~{digest}{suffix}"


def _output_name(name: str) -> str:
    if name == "-":
        return "stdin"
    # an archive member's output goes in a folder named after the archive: release.zip/2023/x.json;
    # never outside the output folder, whatever the member is called
    parts = name.replace("\\", "/").replace("!/", "/").split("/")
    return "/".join(_fit(p) for p in parts if p not in ("", ".", "..")) or "unnamed"


def _assign_outputs(found: list[tuple[Path | None, str, str | None, int | None]]) -> list[InputFile]:
    """<stem>.json per document; names that would collide keep their suffix ("a.txt.json", "a.pdf.json")."""

    def stem_out(name: str) -> PurePosixPath:
        return PurePosixPath(_output_name(name)).with_suffix(".json")

    counts = Counter(stem_out(f[1]) for f in found)
    used: set[PurePosixPath] = set()
    out: list[InputFile] = []
    for path, name, member, archive in found:
        target = stem_out(name)
        if counts[target] > 1:
            target = PurePosixPath(_output_name(name) + ".json")
        base, k = target, 1
        while target in used:
            k += 1
            target = base.with_name(f"{base.stem}.{k}.json")
        used.add(target)
        out.append(InputFile(path, name, target, member, archive))
    return out


@dataclass(frozen=True, slots=True)
class Loaded:
    """A document's bytes, or why they could not be read."""

    file: InputFile
    data: bytes | None
    error: LrtError | None = None


def load(files: list[InputFile]) -> Iterator[Loaded]:
    """Each document's bytes, in order; archives are read member by member, never unpacked to disk."""
    i = 0
    while i < len(files):
        f = files[i]
        if f.member is None or f.path is None:
            yield _read_file(f)
            i += 1
            continue
        j = i
        while j < len(files) and files[j].archive == f.archive:
            j += 1
        group = files[i:j]
        k = 0
        try:
            for m in read_members(f.path):
                if k >= len(group):
                    break
                yield Loaded(group[k], m.data, m.error)
                k += 1
            if k < len(group):
                raise BadArchive("the archive changed while it was read")
        except BadArchive as e:
            for job in group[k:]:
                yield Loaded(job, None, e)
        except OSError as e:
            for job in group[k:]:
                yield Loaded(job, None, InputError(f"cannot read the archive: {e.strerror or e}"))
        except Exception as e:  # whatever else the archive does to its reader: its members fail, not the run
            for job in group[k:]:
                yield Loaded(job, None, BadArchive(f"the archive cannot be read: {e.__class__.__name__}: {e}"))
        i = j


def _read_file(f: InputFile) -> Loaded:
    try:
        if f.path is None:
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with f.path.open("rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)  # never more than the limit, whatever stat says
        if len(data) > MAX_INPUT_BYTES:
            return Loaded(f, None, TooLarge(f"more than the limit of {MAX_INPUT_BYTES:,} bytes; not read"))
        return Loaded(f, data)
    except IsADirectoryError:
        return Loaded(f, None, InputError("is a folder, not a file"))
    except FileNotFoundError:
        return Loaded(f, None, NotFound("no such file (removed during the run?)"))
    except OSError as e:
        return Loaded(f, None, InputError(f"cannot read: {e.strerror or e}"))
    except Exception as e:  # pragma: no cover - a reader's surprise is this file's error, not the run's
        return Loaded(f, None, InputError(f"cannot read: {e.__class__.__name__}: {e}"))
