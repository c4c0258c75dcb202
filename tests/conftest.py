"""Shared fixtures: the seeds, ../shared when present, one NLP tagger per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.json from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def tagger():
    from lrt_minutes.tag import default_tagger

    return default_tagger()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


def regression_texts() -> list[str]:
    """The texts of the cue and tag regression cases (tests/data), for tests that compare a shortcut of the
    tagger with the full way over many texts."""
    data = Path(__file__).resolve().parent / "data"
    texts = [c["text"] for c in json.loads((data / "cue_cases.json").read_text(encoding="utf-8"))]
    for case in json.loads((data / "tag_cases.json").read_text(encoding="utf-8")):
        texts.extend(case["points"])
    return texts
