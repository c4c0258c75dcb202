"""Benchmark: OCR of image-only pages, on one core and with 2 worker processes, reported apart.

Usage: python bench/bench_ocr.py [--pages N] [--dpi D] [--pytesseract]

Makes N page images (default 8) from letter-template PDFs: the Logius minutes in
../shared/real-pdf when present, else PDFs made from the seeds (tests/pdfgen.py), rendered
at D dpi (default 200) and wrapped into image-only PDFs, as a scan is. Then times
`lrt_minutes.read.pdf.read_pdf` on them (render at 300 dpi, redaction boxes, Tesseract nld
through tesserocr, words into lines): once in this process (one core; tesserocr's
Tesseract runs one thread), and over a pool of 2 processes, one page's PDF per task (the
Dutch model loaded once per process, outside the timing). With --pytesseract it also times
the same pages through pytesseract (a tesseract subprocess per page) for comparison.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "real-pdf"


def source_pdfs() -> list[bytes]:
    if SHARED.is_dir():
        return [p.read_bytes() for p in sorted(SHARED.glob("logius-*.pdf"))]
    from tests.pdfgen import render

    return [render(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]


def image_pages(n: int, dpi: int) -> list[bytes]:
    """n one-page image-only PDFs."""
    import pypdfium2 as pdfium

    out: list[bytes] = []
    for data in source_pdfs():
        pdf = pdfium.PdfDocument(data)
        for i in range(len(pdf)):
            image = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            buf = io.BytesIO()
            image.save(buf, format="PDF", resolution=dpi)
            out.append(buf.getvalue())
            if len(out) == n:
                return out
    return out


def read_one(data: bytes) -> int:
    from lrt_minutes.read.pdf import read_pdf

    return len(read_pdf(data, ocr="auto").lines)


def warm() -> None:
    from lrt_minutes.read import ocr

    ocr._api()


def pytesseract_one(data: bytes) -> int:
    import pypdfium2 as pdfium
    import pytesseract

    image = pdfium.PdfDocument(data)[0].render(scale=300 / 72, grayscale=True).to_pil()
    d = pytesseract.image_to_data(image, lang="nld", config="--psm 6", output_type=pytesseract.Output.DICT)
    return sum(1 for w in d["text"] if w.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--pytesseract", action="store_true")
    args = ap.parse_args()
    from lrt_minutes.read import ocr

    missing = ocr.available()
    if missing:
        sys.exit(f"bench_ocr: {missing}")
    pages = image_pages(args.pages, args.dpi)
    print(f"{len(pages)} image-only pages ({args.dpi} dpi scans), OCR at {ocr.DPI} dpi, cores: {os.cpu_count()}")

    warm()
    t = time.perf_counter()
    lines = sum(read_one(p) for p in pages)
    one = time.perf_counter() - t
    rate = len(pages) / one
    print(f"1 process (one core):  {one:6.1f} s  {rate:5.2f} pages/s  {one / len(pages):5.1f} s/page ({lines} lines)")

    with ProcessPoolExecutor(2) as pool:
        list(pool.map(warm_task, range(2)))
        t = time.perf_counter()
        lines2 = sum(pool.map(read_one, pages))
        two = time.perf_counter() - t
    rate = len(pages) / two
    print(f"2 worker processes:    {two:6.1f} s  {rate:5.2f} pages/s  {two / len(pages):5.1f} s/page ({lines2} lines)")
    print(f"speed-up of 2 workers over 1: {one / two:.2f}x")

    if args.pytesseract:
        t = time.perf_counter()
        n = sum(pytesseract_one(p) for p in pages)
        pt = time.perf_counter() - t
        print(f"pytesseract (tesseract subprocess per page, OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT', 'unset')}): "
              f"{pt:6.1f} s  {len(pages) / pt:5.2f} pages/s  ({n} words)")  # fmt: skip


def warm_task(_: int) -> None:
    warm()
    time.sleep(0.2)  # so that both workers take one


if __name__ == "__main__":
    main()
