"""Benchmark: `lrt extract` on a Dask cluster of 1 and 2 workers next to local runs with -j 1 and -j 2.

Usage: python bench/bench_dask.py [--pages N] [--files F] [--keep DIR] [--workers 1 2]

Builds the corpus of bench/bench_batch.py (letter-template PDFs made from the seeds; smaller
by default: at least 600 pages in at least 120 files), then times the real command, a fresh
process each time, start-up included, into an empty folder:

- `lrt extract CORPUS -o OUT -q -j W` (local worker processes);
- `lrt extract CORPUS -o OUT -q --dask tcp://127.0.0.1:PORT` on a LocalCluster of W worker
  processes of one thread, started for that run (its start not timed; the lrt worker
  process each Dask worker starts, and its NLP pipeline, are);
- `lrt extract CORPUS -o OUT -q --dask local -j W` (lrt starts and closes the cluster: timed).

Every run's outputs are checked to be byte-identical to the first's. Prints docs/s and
pages/s, and the load average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import build_corpus, timed  # noqa: E402


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def main() -> None:
    """Build or reuse the corpus, time each way of running, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--files", type=int, default=120)
    ap.add_argument("--keep", type=Path, help="build the corpus here (reused if it exists)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()

    from distributed import LocalCluster

    base = args.keep or Path(tempfile.mkdtemp(prefix="lrt-bench-dask-"))
    corpus = base / "corpus"
    if corpus.is_dir() and any(corpus.rglob("*.pdf")):
        import pypdfium2 as pdfium

        files = list(corpus.rglob("*.pdf"))
        n, pages = len(files), sum(len(pdfium.PdfDocument(p)) for p in files)
    else:
        n, pages = build_corpus(corpus, args.pages, args.files)
    print(f"corpus: {n} PDFs, {pages} pages ({corpus})")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average before: {os.getloadavg()}")

    lrt = [sys.executable, "-m", "lrt_minutes", "extract", str(corpus), "-q", "-o"]
    reference: dict[str, bytes] | None = None

    def report(label: str, t: float, out: Path) -> None:
        nonlocal reference
        got = tree(out)
        if reference is None:
            reference = got
        same = "same bytes" if got == reference else "OUTPUTS DIFFER"
        print(f"{label:<34} {t:7.2f} s  {n / t:6.1f} docs/s  {pages / t:7.1f} pages/s  ({same})")

    for w in args.workers:
        out = base / f"local-{w}"
        shutil.rmtree(out, ignore_errors=True)
        report(f"-j {w} (local processes)", timed([*lrt, str(out), "-j", str(w)]), out)

        cluster = LocalCluster(
            n_workers=w, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )  # fmt: skip
        try:
            out = base / f"dask-{w}"
            shutil.rmtree(out, ignore_errors=True)
            report(f"--dask tcp://… ({w} worker(s))", timed([*lrt, str(out), "--dask", cluster.scheduler_address]), out)
        finally:
            cluster.close()

        out = base / f"dask-local-{w}"
        shutil.rmtree(out, ignore_errors=True)
        report(f"--dask local -j {w} (cluster start)", timed([*lrt, str(out), "--dask", "local", "-j", str(w)]), out)
    print(f"load average after: {os.getloadavg()}")
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
