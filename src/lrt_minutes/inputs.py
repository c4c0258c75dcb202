"""Which files a command line names, and where each one's output goes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

SUFFIXES = (".txt", ".pdf")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One document to process."""

    path: Path | None
    """None for standard input."""
    name: str
    """How the document is reported: a relative path with "/" ("sub/verslag.pdf"), or "-"."""
    output: PurePosixPath
    """Relative output path for `-o` ("sub/verslag.json")."""


@dataclass(frozen=True, slots=True)
class Missing:
    """An argument that names nothing processable."""

    arg: str
    message: str


def expand(args: list[str]) -> tuple[list[InputFile], list[Missing]]:
    """Expand PATH arguments: files as given, folders searched recursively, "-" for stdin."""
    found: list[tuple[Path | None, str]] = []
    missing: list[Missing] = []
    several = len(args) > 1
    for arg in args:
        if arg == "-":
            found.append((None, "-"))
            continue
        path = Path(arg)
        if path.is_dir():
            files = sorted(
                (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES),
                key=lambda p: p.relative_to(path).as_posix(),
            )
            if not files:
                missing.append(Missing(arg, "no .txt or .pdf files in this folder"))
            prefix = PurePosixPath(path.resolve().name) if several else PurePosixPath()
            found.extend((p, (prefix / p.relative_to(path).as_posix()).as_posix()) for p in files)
        elif path.exists():
            found.append((path, path.name))
        else:
            missing.append(Missing(arg, "no such file or folder"))
    return _assign_outputs(found), missing


def _assign_outputs(found: list[tuple[Path | None, str]]) -> list[InputFile]:
    """<stem>.json per document; names that would collide keep their suffix ("a.txt.json", "a.pdf.json")."""
    def stem_out(name: str) -> PurePosixPath:
        p = PurePosixPath("stdin" if name == "-" else name)
        return p.with_suffix(".json")

    counts = Counter(stem_out(name) for _, name in found)
    used: set[PurePosixPath] = set()
    out: list[InputFile] = []
    for path, name in found:
        target = stem_out(name)
        if counts[target] > 1:
            target = PurePosixPath(("stdin" if name == "-" else name) + ".json")
        base, k = target, 1
        while target in used:
            k += 1
            target = base.with_name(f"{base.stem}.{k}.json")
        used.add(target)
        out.append(InputFile(path, name, target))
    return out
