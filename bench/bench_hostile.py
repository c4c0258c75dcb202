"""Benchmark: time of hostile inputs at 1x, 2x, 4x and 8x their size (linear work grows 8x).

Usage: python bench/bench_hostile.py [--scale 1.0]

Each case is a stage fed a hostile input (the ones of tests/test_linear.py, at larger sizes):
prints the best of three timings at each size and the 8x/1x ratio. A ratio near 8 is linear;
64 would be quadratic.
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
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
