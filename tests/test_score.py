"""The shared scorer on the seeds: the issue's bars, measured the way the held-out set is."""

from __future__ import annotations

import json
import subprocess
import sys

from lrt_minutes import extract
from lrt_minutes.export import to_json

from .conftest import SEEDS


def test_scorer_on_seeds_meets_the_bars(shared, tagger, tmp_path):
    for seed in sorted(SEEDS.glob("*.txt")):
        (tmp_path / f"{seed.stem}.json").write_text(to_json(extract(seed, tagger=tagger)), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(shared / "gold"), str(tmp_path), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    s = json.loads(out.stdout)
    assert s["missing_outputs"] == []
    assert s["header_accuracy"] == 1.0 and s["header_wrong_values"] == 0
    assert s["attendees"]["f1"] >= 0.97
    assert s["absentees"]["f1"] >= 0.97
    assert s["agenda"]["f1"] == 1.0
    assert s["tags"]["f1"] >= 0.90
    assert s["explicit_recall"] == 1.0
    assert s["owners"]["f1"] >= 0.85
    assert s["due_recall"] >= 0.85
