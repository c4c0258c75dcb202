"""The tagger splits a point into sentences in one pass: spaCy's sentencizer and the rule that keeps written
markers whole. The starts are those of spaCy's sentencizer followed by that rule."""

from __future__ import annotations

import random

import pytest

spacy = pytest.importorskip("spacy")

from lrt_minutes.tag.pipeline import TOKENIZER, default_tagger, tokenizable  # noqa: E402

from .conftest import regression_texts  # noqa: E402


def _texts() -> list[str]:
    texts = regression_texts()
    words = " ".join(texts).split()
    rng = random.Random(5)
    for n in range(400):
        texts.append(" ".join(rng.choice(words) for _ in range(2 + n % 30)))
    texts += ["", " ", ".", "!!", "Ja. Nee", "<actiepunt Martin>. In elk geval ...", "a.s.) Werkafspraak -> x", "…"]
    return texts


def _starts(doc: object) -> list[bool | None]:
    return [t.is_sent_start for t in doc]  # type: ignore[attr-defined]


def test_one_pass_gives_the_starts_of_the_sentencizer_and_the_marker_rule() -> None:
    nlp = default_tagger().nlp
    split = nlp.get_pipe("lrt_sentences")
    plain = spacy.blank("nl", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    plain.add_pipe("sentencizer")
    plain.add_pipe("lrt_marker_sentences")
    moved = 0
    for text in _texts():
        ours = split(nlp.make_doc(tokenizable(text)))
        theirs = plain(tokenizable(text))
        assert _starts(ours) == _starts(theirs), text
        sentencizer_only = plain.get_pipe("sentencizer")(plain.make_doc(tokenizable(text)))
        moved += _starts(sentencizer_only) != _starts(theirs)
    assert moved > 10  # the marker rule did move sentence starts in these texts
