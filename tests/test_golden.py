"""Golden JSON of the five seeds: the git diff of tests/golden is the review of any change.

Regenerate with `pytest tests/test_golden.py --update-golden`.
"""

from __future__ import annotations

import pytest

from lrt_minutes import extract
from lrt_minutes.export import to_json

from .conftest import GOLDEN, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.stem for p in SEED_FILES])
def test_seed_matches_golden(seed, tagger, update_golden):
    got = to_json(extract(seed, tagger=tagger))
    golden = GOLDEN / f"{seed.stem}.json"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden file for {seed.name}: run pytest --update-golden"
    assert got == golden.read_text(encoding="utf-8")


def test_output_is_deterministic(tagger):
    seed = SEED_FILES[0]
    first = to_json(extract(seed, tagger=tagger))
    second = to_json(extract(seed.read_bytes(), name=seed.name, tagger=tagger))
    assert first == second


def test_five_seeds_present():
    assert len(SEED_FILES) == 5
