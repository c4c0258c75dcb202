"""Benchmark: time of hostile inputs at 1x, 2x, 4x and 8x their size (linear work grows 8x).

Usage: python bench/bench_hostile.py [--scale 1.0] [--pdf]

Each case is a stage fed a hostile input (the ones of tests/test_linear.py, at larger sizes):
prints the best of three timings at each size and the 8x/1x ratio. A ratio near 8 is linear;
64 would be quadratic.

--pdf instead reads hostile PDFs (tests/hostile.py) at full size, each in a fresh process
(`extract`, no tags), and prints how it ended, its time and the process's peak memory: forms
nested past the limit, forms drawn ten times eight deep (10^8 objects from 2 KB) and six
million text operators in one page, a gigabyte of blanks in one page's content, a page more than the
page limit.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lrt_minutes.api import extract_bytes  # noqa: E402
from lrt_minutes.clean.lines import clean  # noqa: E402
from lrt_minutes.read.pdf import _undouble  # noqa: E402
from lrt_minutes.read.text import Line  # noqa: E402
from lrt_minutes.structure.actions import take_action_tables  # noqa: E402
from lrt_minutes.structure.header import parse_participants  # noqa: E402
from lrt_minutes.structure.substitutions import sentences  # noqa: E402
from lrt_minutes.tag import default_tagger  # noqa: E402

_unique = itertools.count()


def best(f: Callable[[object], object], make: Callable[[int, int], object], n: int) -> float:
    out = float("inf")
    for _ in range(3):
        arg = make(n, next(_unique))
        t = time.perf_counter()
        f(arg)
        out = min(out, time.perf_counter() - t)
    return out


def lines(*texts: str) -> list[Line]:
    return [Line(t, None, k) for k, t in enumerate(texts, start=1)]


_PDF_CASE = """
import resource, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {src!r})
from tests.hostile import blank_content, many_operators, many_pages, nested_forms
from lrt_minutes import LrtError, extract
data = {make}
t = time.perf_counter()
try:
    extract(data, name="x.pdf", tags=False)
    end = "read"
except LrtError as e:
    end = f"{{e.kind}}: {{e}}"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{len(data):>9,}} B  {{time.perf_counter() - t:7.2f}} s  {{peak:7.0f}} MB  {{end}}")
"""


def pdf_cases() -> None:
    """Each hostile PDF read in a fresh process: how it ended, its time and the process's peak memory."""
    import subprocess

    cases = [
        ("forms nested 9 deep", "nested_forms(9, 1)"),
        ("forms 10 wide, 7 deep (10^7)", "nested_forms(7, 10)"),
        ("forms 10 wide, 8 deep (10^8)", "nested_forms(8, 10)"),
        ("6,000,000 text operators", "many_operators(6_000_000)"),
        ("150,000 text operators", "many_operators(150_000)"),
        ("1 GB of blanks in a page's content", "blank_content(1 << 30)"),
        ("10,001 pages", "many_pages(10_001)"),
    ]
    print(f"{'case':36s} {'input':>11s} {'time':>9s} {'peak':>10s}  end")
    for name, make in cases:
        code = _PDF_CASE.format(root=str(ROOT), src=str(ROOT / "src"), make=make)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        print(f"{name:36s} " + (r.stdout.strip() or f"died ({r.returncode}): {r.stderr.strip()[-200:]}"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--pdf", action="store_true", help="hostile PDFs, each in its own process (time and peak memory)")
    args = ap.parse_args()
    if args.pdf:
        pdf_cases()
        return
    tagger = default_tagger()

    def document(text: object) -> object:
        return extract_bytes(str(text).encode(), name="x.txt", tagger=tagger)

    cases: list[tuple[str, Callable[[object], object], Callable[[int, int], object], int]] = [
        (
            "action-list owner of capitals", take_action_tables,
            lambda n, u: lines("Actielijst", f"1 doe iets nu {'A' * n}! {u}"), 2_000,
        ),
        ("overprinted 'a a a …'", _undouble, lambda n, u: f"{u} " + "a " * n, 20_000),
        ("'Dhr. Dhr. …' sentences", sentences, lambda n, u: f"{u} " + "Dhr. " * n, 50_000),
        (
            "attendees, 2 a line", parse_participants,
            lambda n, u: lines(*(f"Dhr. A{u}x{i} (VNG), Mw. B{i} (IPO)," for i in range(n))), 500,
        ),
        ("'Datum x<spaces>y'", clean, lambda n, u: lines(f"Datum x{u}" + " " * n + "y"), 200_000),
        (
            "'X wordt vervangen door Y.' x n", document,
            lambda n, u: f"1. Punt\n• {u} " + "X wordt vervangen door Y. " * n + "\n", 100,
        ),
        ("'(((…' in the tokenizer", document, lambda n, u: f"1. Punt\n• {u} " + "(" * (n + u % 7) + "\n", 5_000),
    ]
    print(f"{'case':36s} {'1x':>9s} {'2x':>9s} {'4x':>9s} {'8x':>9s}  8x/1x")
    for name, f, make, n in cases:
        n = max(1, int(n * args.scale))
        f(make(n, next(_unique)))
        ts = [best(f, make, n * k) for k in (1, 2, 4, 8)]
        print(f"{name:36s} " + " ".join(f"{t * 1000:7.1f}ms" for t in ts) + f"  {ts[-1] / max(ts[0], 1e-9):5.1f}")


if __name__ == "__main__":
    main()
