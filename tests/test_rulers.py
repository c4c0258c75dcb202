"""The tagger's span rulers skip matchers that cannot match: the spans stay those of spaCy's own SpanRuler."""

from __future__ import annotations

import random

import pytest

spacy = pytest.importorskip("spacy")

from lrt_minutes.tag.pipeline import TOKENIZER, default_tagger, tokenizable  # noqa: E402
from lrt_minutes.tag.rulers import LeanSpanRuler, pattern_needs  # noqa: E402

from .conftest import regression_texts  # noqa: E402

RULERS = ("org_ruler", "org_lower_ruler", "cue_phrase_ruler", "cue_ruler")


def _texts() -> list[str]:
    """The cue and tag regression texts, and sentences made of their words in a shuffled order
    (markers away from their colon, numbers next to "op" and "is", words run together)."""
    texts = regression_texts()
    words = " ".join(texts).split()
    rng = random.Random(12)
    for n in range(300):
        texts.append(" ".join(rng.choice(words) for _ in range(3 + n % 25)))
    texts += ["", " ", "Besluit", ":", "op 12 is", "In 2023 waren", "Actie :", "actie BZK, IPO :", "op twee zijn"]
    return texts


def _spans(doc: object, key: str) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label_, s.id_) for s in doc.spans.get(key, [])]  # type: ignore[attr-defined]


def test_lean_rulers_give_the_spans_of_spacy_span_ruler() -> None:
    nlp = default_tagger().nlp
    plain = spacy.blank("nl", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})  # phrase patterns alike
    for name in RULERS:
        lean = nlp.get_pipe(name)
        assert isinstance(lean, LeanSpanRuler)
        ruler = plain.add_pipe(
            "span_ruler",
            name=name,
            config={
                "spans_key": lean.spans_key,
                "phrase_matcher_attr": lean.phrase_matcher_attr,
                "overwrite": lean.overwrite,
                "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"} if lean.spans_filter else None,
            },
        )
        ruler.add_patterns(lean.patterns)  # type: ignore[attr-defined]
    checked = 0
    for text in _texts():
        ours, theirs = nlp.make_doc(tokenizable(text)), nlp.make_doc(tokenizable(text))
        for name in RULERS:
            ours = nlp.get_pipe(name)(ours)
            theirs = plain.get_pipe(name)(theirs)
        for key in ("orgs", "cues"):
            assert _spans(ours, key) == _spans(theirs, key), (text, key)
            checked += len(_spans(ours, key))
    assert checked > 500  # the texts do carry organisations and cues


def test_a_pattern_needs_its_fixed_words_and_flags() -> None:
    """Only tokens a match cannot do without give conditions; regular expressions and optional tokens give none."""
    from spacy.attrs import LIKE_NUM, LOWER, ORTH

    strings = spacy.blank("nl").vocab.strings
    pattern = [
        {"LOWER": {"IN": ["actie", "acties"]}},
        {"IS_PUNCT": False, "OP": "{0,3}"},
        {"TEXT": ":"},
        {"LIKE_NUM": True, "OP": "?"},
        {"LIKE_NUM": True},
        {"TEXT": {"REGEX": "^x"}},
    ]
    assert pattern_needs(pattern, strings) == [
        (LOWER, frozenset({strings["actie"], strings["acties"]})),
        (ORTH, frozenset({strings[":"]})),
        (LIKE_NUM, frozenset({1})),
    ]
