"""Benchmark: the tagger's words per second on one process, and the cold start of `lrt extract`.

Usage: python bench/bench_tagger.py [--repeat N]

Words/s: every point text of the five seeds, tagged N times through one built Tagger
(the way `lrt extract` runs it). Cold start: wall time of `lrt extract seeds/<one>.txt`
as a fresh process (Python start, imports, building the spaCy pipeline, one document),
and of `lrt --help`, best of 3.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=40)
    args = ap.parse_args()

    from lrt_minutes import extract
    from lrt_minutes.tag import Tagger

    t0 = time.perf_counter()
    tagger = Tagger()
    build = time.perf_counter() - t0
    texts: list[str] = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        doc = extract(seed, tags=False)
        for item in doc.agenda_items:
            for p in item.points:
                texts.append(p.text)
                texts.extend(c.text for c in p.children)
    words = sum(len(t.split()) for t in texts)
    tagger.tag_point_texts(texts)  # warm-up
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        tagger.tag_point_texts(texts)
    elapsed = time.perf_counter() - t0
    print(f"pipeline build: {build:.2f} s")
    print(f"tagger: {words * args.repeat} words in {elapsed:.2f} s = {words * args.repeat / elapsed:,.0f} words/s (one process)")

    lrt = shutil.which("lrt") or str(Path(sys.executable).with_name("lrt"))
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    for label, cmd in (("lrt extract <one seed>", [lrt, "extract", str(seed), "-q"]), ("lrt --help", [lrt, "--help"])):
        best = min(_timed(cmd) for _ in range(3))
        print(f"cold start, {label}: {best:.2f} s (best of 3)")


def _timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
