"""Extract the seeds and every PDF under ../shared into a folder, to diff outputs before and after a change.

    python scripts/compare_outputs.py extract OUTDIR      # OUTDIR/<set>/<file>.json, OUTDIR/errors.txt
    python scripts/compare_outputs.py compare DIR_A DIR_B # byte-for-byte; exit 1 on any difference

The sets are `seeds/*.txt` of this project and `real-pdf/`, `real-minutes-other/` and
`real-pdf-redacted/` of ../shared (those absent are left out). A file that cannot be
extracted is recorded in errors.txt with its error kind instead of a JSON file, so a
refactor that changes which files fail, or why, shows in the comparison as well.
Run `extract` on the commit before a refactor and on the commit after, then `compare`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_SETS = ("real-pdf", "real-minutes-other", "real-pdf-redacted")


def inputs() -> list[tuple[str, Path]]:
    """(set name, file) of every input, in a fixed order."""
    found = [("seeds", p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for name in SHARED_SETS:
        found += [(name, p) for p in sorted((SHARED / name).glob("*.pdf"))]
    return found


def extract_all(outdir: Path) -> int:
    """Write every input's JSON (or its error kind) under `outdir`; return how many failed."""
    from lrt_minutes import LrtError, extract
    from lrt_minutes.export import to_json

    errors: list[str] = []
    for set_name, path in inputs():
        target = outdir / set_name / f"{path.stem}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            text = to_json(extract(path))
        except LrtError as e:
            errors.append(f"{set_name}/{path.name}\t{e.kind}\t{e}\n")
            continue
        target.write_text(text, encoding="utf-8")
    (outdir / "errors.txt").write_text("".join(errors), encoding="utf-8")
    print(f"{len(inputs())} inputs, {len(errors)} failed; written to {outdir}")
    return len(errors)


def compare(a: Path, b: Path) -> int:
    """Print every file that differs or exists on one side only; return how many."""
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = 0
    for name in sorted(names_a | names_b):
        if name not in names_a or name not in names_b:
            print(f"only in {'B' if name not in names_a else 'A'}: {name}")
            differ += 1
        elif (a / name).read_bytes() != (b / name).read_bytes():
            print(f"differs: {name}")
            differ += 1
    print(f"{len(names_a | names_b)} files compared, {differ} differ")
    return differ


def main(argv: list[str]) -> int:
    """Command line: `extract OUTDIR` or `compare DIR_A DIR_B`."""
    if len(argv) == 2 and argv[0] == "extract":
        extract_all(Path(argv[1]))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return 1 if compare(Path(argv[1]), Path(argv[2])) else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
