"""Benchmark: PDF pages per second and peak memory, end to end and for raw pypdfium2 text.

Usage: python bench/bench_pdf.py [--pages N] [--keep DIR]

Builds a corpus of letter-template PDFs from the seeds (reportlab, as in tests/test_pdf.py)
until it has at least N pages (default 2,000), then measures on one process:
- raw: pypdfium2 text extraction of every page (and pdfplumber's on the first 40 files, to compare);
- end to end: `lrt_minutes.extract` (read, clean, structure, tag, model) of every file.
Peak memory (ru_maxrss) is reported after each half of the end-to-end run, to show
whether it grows with the corpus.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = ap.parse_args()

    import pypdfium2 as pdfium
    from tests.pdfgen import render

    from lrt_minutes import extract
    from lrt_minutes.tag import default_tagger

    out = args.keep or Path(tempfile.mkdtemp(prefix="lrt-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    files: list[Path] = []
    pages = 0
    t0 = time.perf_counter()
    while pages < args.pages:
        text = seeds[len(files) % len(seeds)] * (1 + len(files) % 3)  # 2 to 12 pages a file
        data = render(text)
        path = out / f"verslag-{len(files):05d}.pdf"
        path.write_bytes(data)
        pages += len(pdfium.PdfDocument(data))
        files.append(path)
    print(f"corpus: {len(files)} PDFs, {pages} pages, built in {time.perf_counter() - t0:.1f} s ({out})")

    t0 = time.perf_counter()
    for path in files:
        pdf = pdfium.PdfDocument(path.read_bytes())
        for page in pdf:
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        pdf.close()
    raw = time.perf_counter() - t0
    print(f"raw pypdfium2 text: {pages / raw:,.0f} pages/s")

    import pdfplumber

    sample = files[:40]
    t0 = time.perf_counter()
    sample_pages = 0
    for path in sample:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                sample_pages += 1
    plumber = time.perf_counter() - t0
    print(f"raw pdfplumber text (first {len(sample)} files, {sample_pages} pages): {sample_pages / plumber:,.0f} pages/s")

    tagger = default_tagger()
    half = len(files) // 2
    t0 = time.perf_counter()
    for i, path in enumerate(files):
        extract(path, tagger=tagger)
        if i + 1 == half:
            print(f"peak memory after {half} files: {peak_mb():.0f} MB")
    e2e = time.perf_counter() - t0
    print(f"peak memory after {len(files)} files: {peak_mb():.0f} MB")
    print(f"end to end (lrt_minutes.extract, tags on): {pages / e2e:,.0f} pages/s, {len(files) / e2e:,.1f} docs/s")


if __name__ == "__main__":
    main()
