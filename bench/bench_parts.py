"""Benchmark: what splitting files into parts and classifying each part costs, beside reading them.

Usage: python bench/bench_parts.py [SHARED]   (default: ../shared beside the project)

For every PDF under SHARED (skipping those without a text layer) it reads the file once,
then times `split_pages` and `classify` of every part over several rounds, and prints pages
per second for reading and for splitting + classifying, apart.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from lrt_minutes.api import part_of, read_bytes
from lrt_minutes.classify.kind import classify
from lrt_minutes.errors import LrtError
from lrt_minutes.split import split_pages

ROUNDS = 5


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent.parent / "shared"
    files = sorted(shared.rglob("*.pdf"))
    if not files:
        sys.exit(f"no PDFs under {shared}")
    reads = []
    t0 = time.perf_counter()
    for f in files:
        try:
            reads.append(read_bytes(f.read_bytes()))
        except LrtError:
            continue
    t_read = time.perf_counter() - t0
    pages = sum(r.pages or 0 for r in reads)
    parts = 0
    t0 = time.perf_counter()
    for _ in range(ROUNDS):
        parts = 0
        for r in reads:
            for span in split_pages(r.lines, r.pages, r.side):
                classify([ln.text for ln in part_of(r, span).lines])
                parts += 1
    t_split = (time.perf_counter() - t0) / ROUNDS
    print(f"{len(reads)} PDFs, {pages} pages, {parts} parts")
    print(f"read:               {t_read:6.2f} s  {pages / t_read:8.1f} pages/s")
    print(f"split + classify:   {t_split:6.2f} s  {pages / t_split:8.1f} pages/s  (mean of {ROUNDS} rounds)")


if __name__ == "__main__":
    main()
