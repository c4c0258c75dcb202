"""The shared scorer on the seeds: the issue's bars, measured the way the held-out set is."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lrt_minutes import extract
from lrt_minutes.export import to_json

from .conftest import SEEDS


def _scorer(shared, outdir) -> dict:
    """The shared scorer's JSON summary of the outputs in `outdir`."""
    out = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(shared / "gold"), str(outdir), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    s = json.loads(out.stdout)
    assert s["missing_outputs"] == []
    return s


def test_scorer_on_seeds_meets_the_bars(shared, tagger, tmp_path):
    for seed in sorted(SEEDS.glob("*.txt")):
        (tmp_path / f"{seed.stem}.json").write_text(to_json(extract(seed, tagger=tagger)), encoding="utf-8")
    s = _scorer(shared, tmp_path)
    assert s["header_accuracy"] == 1.0 and s["header_wrong_values"] == 0
    assert s["attendees"]["f1"] >= 0.97
    assert s["absentees"]["f1"] >= 0.97
    assert s["agenda"]["f1"] == 1.0
    assert s["tags"]["f1"] >= 0.90
    assert s["explicit_recall"] == 1.0
    assert s["owners"]["f1"] >= 0.85
    assert s["due_recall"] >= 0.85


FIGURES = ("header_accuracy", "explicit_recall", "due_recall")
F1S = ("attendees", "absentees", "agenda", "tags", "owners")


def _score(shared, outdir):
    s = _scorer(shared, outdir)
    return {**{k: s[k] for k in FIGURES}, **{k: s[k]["f1"] for k in F1S}}


@pytest.mark.parametrize("renderer", ["render", "render_fpdf"])
def test_seeds_rendered_as_pdf_score_as_their_text(shared, tagger, tmp_path, renderer):
    """The seeds as letter-template PDFs (two renderers) score within 0.02 of their text versions on every figure."""
    pytest.importorskip("reportlab")
    pytest.importorskip("fpdf")
    from . import pdfgen

    make = getattr(pdfgen, renderer)
    (tmp_path / "text").mkdir()
    (tmp_path / "pdf").mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        text_doc = extract(seed, tagger=tagger)
        pdf_doc = extract(make(seed.read_text(encoding="utf-8")), name=seed.stem + ".pdf", tagger=tagger)
        assert pdf_doc.source.format == "pdf"
        (tmp_path / "text" / f"{seed.stem}.json").write_text(to_json(text_doc), encoding="utf-8")
        (tmp_path / "pdf" / f"{seed.stem}.json").write_text(to_json(pdf_doc), encoding="utf-8")
    text, pdf = _score(shared, tmp_path / "text"), _score(shared, tmp_path / "pdf")
    assert {k: v for k, v in pdf.items() if abs(v - text[k]) > 0.02} == {}
