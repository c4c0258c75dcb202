"""The deadline grammar skips an expression when the sentence lacks a word it cannot match without: the
deadlines found stay those of trying every expression."""

from __future__ import annotations

import random
import re

import pytest

from lrt_minutes.tag import deadlines
from lrt_minutes.tag.literals import fold, holds, needs

from .conftest import regression_texts


def test_the_words_an_expression_needs() -> None:
    assert needs(re.compile(r"\bbinnen\s+(?:twee|drie)\s+weken\b", re.I)) == (
        frozenset({"binnen"}), frozenset({"twee", "drie"}), frozenset({"weken"}),
    )  # fmt: skip
    # optional parts and classes need nothing; a branch needs what one of its branches needs
    assert needs(re.compile(r"(?:uiterlijk\s+)?[0-9]+\s*(?:week|maand)", re.I)) == (frozenset({"week", "maand"}),)
    # a branch that needs nothing makes the alternation need nothing
    assert needs(re.compile(r"(?:\d+|week)")) == ()
    # case-sensitive words are compared in lower case all the same
    assert needs(re.compile(r"Q[1-4]")) == (frozenset({"q"}),)


@pytest.mark.parametrize("text", ["BİNNEN TWEE WEKEN", "bınnen twee weken", "binnen twee weken", "BINNEN TWEE WEKEN"])
def test_letters_that_match_without_case_are_folded(text: str) -> None:
    pattern = re.compile(r"binnen\s+twee\s+weken", re.I)
    assert pattern.search(text)
    assert holds(fold(text), pattern)


def test_a_text_without_the_words_is_not_searched() -> None:
    pattern = re.compile(r"\bbinnen\s+\d+\s+dagen", re.I)
    assert not holds(fold("Het stuk volgt later."), pattern)
    assert holds(fold("Binnen 10 dagen"), pattern)


def _texts() -> list[str]:
    texts = regression_texts()
    words = " ".join(texts).split()
    rng = random.Random(7)
    for n in range(600):
        text = " ".join(rng.choice(words) for _ in range(2 + n % 10))
        # capitals, and the letters that match an ASCII letter without case
        text = text.replace("i", rng.choice("iıİI")).replace("s", rng.choice("sſS")).replace("k", rng.choice("kKK"))
        texts += [text, text.upper()]
    return texts


def test_skipping_expressions_finds_the_same_deadlines(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    found = [deadlines.find_due(t) for t in texts]
    monkeypatch.setattr(deadlines, "holds", lambda _folded, _pattern: True)
    assert [deadlines.find_due(t) for t in texts] == found
    assert sum(f is not None for f in found) > 100  # the texts do hold deadlines
