"""Benchmark: where the memory of extracting one long document goes, stage by stage.

Usage: python bench/bench_memory.py [PDF] [--keep DIR] [--big PAGES]

Runs in a fresh process the stages `lrt_minutes.api` composes (read, classify and split,
clean, structure, tag, assemble the model, write its JSON file with `export.write_json`) on
one document (default: the --big-page letter-template PDF of bench_scale.py, built or reused
with --keep) and prints after each stage the resident memory (VmRSS) and the peak so far
(VmHWM), with what the stage added. The process's start (Python, pydantic, spaCy, the NLP
pipeline) is broken down the same way. Linux only (/proc/self/status).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = r"""
import gc, sys

def status():
    with open("/proc/self/status") as f:
        d = {ln.split(":")[0]: int(ln.split()[1]) / 1024 for ln in f if ln.startswith(("VmRSS:", "VmHWM:"))}
    return d["VmRSS"], d["VmHWM"]

last = [0.0]

def mark(name):
    gc.collect()
    rss, hwm = status()
    print(f"{name:34s} {rss:6.0f} MB ({rss - last[0]:+5.0f})   peak {hwm:6.0f} MB", flush=True)
    last[0] = rss

mark("python")
from lrt_minutes import models  # noqa: F401  (pydantic and the output models)
mark("import lrt_minutes, pydantic")
import spacy  # noqa: F401
mark("import spacy")
from lrt_minutes.tag import default_tagger
tagger = default_tagger()
mark("NLP pipeline built")
from lrt_minutes.api import read_source
from lrt_minutes.assemble import Context, assemble
from lrt_minutes.classify.kind import classify
from lrt_minutes.clean.lines import clean
from lrt_minutes.export import write_json
from lrt_minutes.read import read_bytes
from lrt_minutes.read import pdf  # noqa: F401
from lrt_minutes.split.pages import opening_date, split_pages
from lrt_minutes.split.parts import several_parts
from lrt_minutes.structure.document import structure
mark("import the stages (pypdfium2)")
data, name = read_source(sys.argv[1])
read = read_bytes(data)
mark(f"read: {read.pages} pages, {len(read.lines):,} lines")
kind, reasons = classify([ln.text for ln in read.lines])
notes = several_parts(split_pages(read.lines, read.pages, read.side))
mark("classify, split into parts")
cleaned = clean(read.lines)
side = clean(read.side) if read.side else None
opening = opening_date(read.lines)
read.lines, read.side = [], None
mark("clean (read lines let go)")
structured = structure(
    cleaned, side, paragraph_breaks=read.format == "pdf", redaction_boxes=read.redaction_boxes, opening=opening
)
del cleaned, side
mark("structure (cleaned lines let go)")
found = tagger.tag(structured)
mark("tag")
doc = assemble(read, data, name, structured, found, Context(kind, reasons, notes=notes))
del structured, found
mark("assemble the output model")
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    write_json(doc, fh)
mark("write its JSON file")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf", type=Path, nargs="?", help="the document (default: bench_scale.py's big one)")
    ap.add_argument("--keep", type=Path, help="build bench_scale.py's documents here (reused if they exist)")
    ap.add_argument("--big", type=int, default=5000, help="pages of the document built")
    args = ap.parse_args()
    path = args.pdf
    if path is None:
        from bench.bench_scale import build

        out = args.keep or Path(tempfile.mkdtemp(prefix="lrt-scale-"))
        out.mkdir(parents=True, exist_ok=True)
        path = build(out, f"doc-{args.big}.pdf", args.big)
    with tempfile.TemporaryDirectory(prefix="lrt-memory-") as tmp:
        target = Path(tmp) / "out.json"
        print(f"{path}: resident memory after each stage (what it added), and the peak so far")
        subprocess.run([sys.executable, "-c", STAGES, str(path), str(target)], check=True)
        print(f"JSON file: {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
