"""Benchmark: pages per CPU-second on one core, against raw pypdfium2 text, and how time grows with length.

Usage: python bench/bench_scale.py [--keep DIR] [--big PAGES] [--no-big]

Builds (or reuses, with --keep) letter-template PDFs made from the seeds (reportlab,
tests/pdfgen.py): ten documents of about 100 pages, one of about 1,000 pages and one of
about --big pages (default 5,000). Every figure is CPU time of one process
(`time.process_time`), so that other work on the machine does not change it:

- raw: pypdfium2 text of every page (`get_text_range`), the floor for any PDF reader;
- end to end: `lrt_minutes.extract` (read, clean, structure, tag, model) with one built tagger;
- ratio: end-to-end time over raw time on the same files (target: within 10x);
- linearity: seconds per page of the 1,000-page document over those of the ten 100-page
  ones (target: within 1.2);
- peak memory (VmHWM, else ru_maxrss) of a fresh process that extracts the big document and
  writes its JSON file (`export.write_json`, as `lrt extract` writes it; target: under 300 MB), and of
  the same process's start (Python, spaCy, the pipeline). `bench/bench_memory.py` breaks it down by stage.
"""

from __future__ import annotations

import argparse
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(out: Path, name: str, pages: int) -> Path:
    """A PDF of at least `pages` pages: the seeds one after the other, repeated (reused if it exists)."""
    path = out / name
    if path.exists():
        return path
    import pypdfium2 as pdfium
    from tests.pdfgen import render

    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    per = len(pdfium.PdfDocument(render(seeds)))
    path.write_bytes(render("\n".join([seeds] * math.ceil(pages / per))))
    return path


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def raw_seconds(paths: list[Path]) -> float:
    import pypdfium2 as pdfium

    t0 = time.process_time()
    for path in paths:
        pdf = pdfium.PdfDocument(path.read_bytes())
        for page in pdf:
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        pdf.close()
    return time.process_time() - t0


def e2e_seconds(paths: list[Path], tagger: object) -> float:
    from lrt_minutes import extract

    t0 = time.process_time()
    for path in paths:
        extract(path, tagger=tagger)  # type: ignore[arg-type]
    return time.process_time() - t0


PEAK = """
import resource, sys

def peak_mb():
    # VmHWM: the peak of this process's own memory. ru_maxrss of a child started by a large
    # process also counts the parent's memory it was forked from, before exec
    try:
        with open("/proc/self/status") as f:
            return next(int(ln.split()[1]) for ln in f if ln.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

import os
from lrt_minutes.tag import default_tagger
from lrt_minutes import extract
from lrt_minutes.export import write_json
tagger = default_tagger()
start = peak_mb()
doc = extract(sys.argv[1], tagger=tagger)
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    write_json(doc, fh)
peak = peak_mb()
print(f"{start:.0f} {peak:.0f} {os.path.getsize(sys.argv[2])}")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", type=Path, help="build the documents here (reused if they exist)")
    ap.add_argument("--big", type=int, default=5000, help="pages of the document measured for peak memory")
    ap.add_argument("--no-big", action="store_true", help="leave out the big document")
    args = ap.parse_args()

    out = args.keep or Path(tempfile.mkdtemp(prefix="lrt-scale-"))
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    hundred = build(out, "doc-100.pdf", 100)
    thousand = build(out, "doc-1000.pdf", 1000)
    big = None if args.no_big else build(out, f"doc-{args.big}.pdf", args.big)
    print(f"documents built or reused in {time.perf_counter() - t0:.1f} s ({out})")

    from lrt_minutes.tag import default_tagger

    t0 = time.process_time()
    tagger = default_tagger()
    print(f"pipeline build: {time.process_time() - t0:.2f} CPU-s")
    e2e_seconds([hundred], tagger)  # warm-up: first-use costs (lazy imports, caches) stay out of the figures

    ten = [hundred] * 10
    p_ten = page_count(hundred) * 10
    p_thousand = page_count(thousand)
    raw_ten, e2e_ten = raw_seconds(ten), e2e_seconds(ten, tagger)
    raw_k, e2e_k = raw_seconds([thousand]), e2e_seconds([thousand], tagger)
    print(f"ten {p_ten // 10}-page documents: raw pypdfium2 {p_ten / raw_ten:,.0f} pages/s, "
          f"end to end {p_ten / e2e_ten:,.1f} pages/s (one core), ratio {e2e_ten / raw_ten:.1f}x raw")
    print(f"one {p_thousand}-page document: raw pypdfium2 {p_thousand / raw_k:,.0f} pages/s, "
          f"end to end {p_thousand / e2e_k:,.1f} pages/s (one core), ratio {e2e_k / raw_k:.1f}x raw")
    print(f"linearity: {(e2e_k / p_thousand) / (e2e_ten / p_ten):.2f}x the time per page of the 100-page documents")

    if big is not None:
        with tempfile.TemporaryDirectory(prefix="lrt-scale-json-") as tmp:
            target = Path(tmp) / "big.json"
            r = subprocess.run([sys.executable, "-c", PEAK, str(big), str(target)], capture_output=True, text=True, check=True)
        start, peak, size = r.stdout.split()
        print(f"peak memory, {page_count(big)}-page document: {peak} MB (the process before it: {start} MB; "
              f"JSON file {int(size) / 1e6:.1f} MB)")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
