"""Benchmark: `lrt extract` on a folder, 1 and 2 workers, first run and re-run.

Usage: python bench/bench_batch.py [--pages N] [--keep DIR] [--workers 1 2]

Builds a corpus of letter-template PDFs from the seeds (reportlab, tests/pdfgen.py) with
at least N pages (default 2,000) in at least F files (--files, default 500), then times the real command
(`python -m lrt_minutes extract CORPUS -o OUT -q -j W`, a fresh process, spaCy start-up
included) for each worker count: a first run into an empty folder, and a re-run into the
same folder, which skips every unchanged document. Prints docs/s and pages/s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(out: Path, min_pages: int, min_files: int) -> tuple[int, int]:
    """Write PDFs (2 to 12 pages each) made from the seeds into `out`; return (files, pages)."""
    import pypdfium2 as pdfium
    from tests.pdfgen import render

    out.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    n = pages = 0
    while pages < min_pages or n < min_files:
        data = render(seeds[n % len(seeds)] * (1 + n % 3))
        (out / f"{n // 100:02d}").mkdir(exist_ok=True)
        (out / f"{n // 100:02d}" / f"verslag-{n:05d}.pdf").write_bytes(data)
        pages += len(pdfium.PdfDocument(data))
        n += 1
    return n, pages


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--keep", type=Path, help="build the corpus here (reused if it exists)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="lrt-bench-batch-"))
    corpus = base / "corpus"
    t0 = time.perf_counter()
    if corpus.is_dir() and any(corpus.rglob("*.pdf")):
        import pypdfium2 as pdfium

        files = list(corpus.rglob("*.pdf"))
        n, pages = len(files), sum(len(pdfium.PdfDocument(p)) for p in files)
    else:
        n, pages = build_corpus(corpus, args.pages, args.files)
    print(f"corpus: {n} PDFs, {pages} pages ({corpus}), ready in {time.perf_counter() - t0:.1f} s")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")

    first: dict[int, float] = {}
    for w in args.workers:
        out = base / f"out-{w}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [sys.executable, "-m", "lrt_minutes", "extract", str(corpus), "-o", str(out), "-q", "-j", str(w)]
        first[w] = t = timed(cmd)
        print(f"{w} worker(s), first run: {t:6.2f} s  {n / t:7.1f} docs/s  {pages / t:7.1f} pages/s")
        t = timed(cmd)
        print(f"{w} worker(s), re-run:    {t:6.2f} s  {n / t:7.1f} docs/s  {pages / t:7.1f} pages/s"
              f"  ({first[w] / t:.0f}x faster than the first run)")  # fmt: skip
    if 1 in first and 2 in first:
        print(f"speed-up of 2 workers over 1 (first run): {first[1] / first[2]:.2f}x")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
