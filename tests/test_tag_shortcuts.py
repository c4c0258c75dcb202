"""The tagger's shortcut: a point whose text holds none of the words a tag-making cue needs is not run
through the pipeline. The tags stay those of running every point, and a pronoun after such points still
finds who they named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def plain(tagger):
    """A tagger on the same pipeline that runs it over every point."""
    from lrt_minutes.tag.pipeline import Tagger

    t = Tagger(tagger.nlp)
    t._needles = None
    return t


def _dump(tags_per_point):
    return [[t.model_dump() for t in tags] for tags in tags_per_point]


def _without_cue_words(tagger, text: str) -> bool:
    return not any(n in text.lower() for n in tagger._needles)


def test_the_tagger_has_cue_words_to_skip_by(tagger):
    assert tagger._needles  # the cue lexicon gives words; without them nothing would be skipped
    assert "actie" in tagger._needles and "besluit" in tagger._needles


def test_skipping_points_without_cue_words_changes_no_tag(tagger, plain):
    cases = json.loads((DATA / "tag_cases.json").read_text(encoding="utf-8"))
    singles = [c["text"] for c in json.loads((DATA / "cue_cases.json").read_text(encoding="utf-8"))]
    skipped = 0
    for points in [c["points"] for c in cases] + [singles[k : k + 6] for k in range(0, len(singles), 6)]:
        skipped += sum(_without_cue_words(tagger, p) for p in points)
        ours, warn_ours = tagger.tag_item_texts(points)
        theirs, warn_theirs = plain.tag_item_texts(points)
        assert _dump(ours) == _dump(theirs), points
        assert [w.model_dump() for w in warn_ours] == [w.model_dump() for w in warn_theirs]
    assert skipped > 0  # the comparison covers points that were skipped


def test_a_pronoun_finds_who_points_without_cues_named(tagger, plain):
    points = ["VNG heeft de notitie opgesteld.", "Het stuk is helder.", "Daarna zal zij het stuk rondsturen."]
    assert _without_cue_words(tagger, points[0]) and _without_cue_words(tagger, points[1])
    tags = tagger.tag_point_texts(points)
    assert [[t.owners for t in p] for p in tags] == [[], [], [["VNG"]]]
    assert _dump(tags) == _dump(plain.tag_point_texts(points))


def test_a_long_run_of_points_without_cues_before_a_pronoun(tagger):
    points = ["IPO heeft het overzicht opgesteld."] + ["Het stuk is helder."] * 3000 + ["Daarna zal zij het stuk rondsturen."]
    assert all(_without_cue_words(tagger, p) for p in points[:-1])
    tags = tagger.tag_point_texts(points)
    assert [t.owners for t in tags[-1]] == [["IPO"]]


def test_a_ruler_with_a_pattern_of_no_fixed_word_gives_no_words(tagger):
    import spacy

    from lrt_minutes.tag.rulers import FACTORY

    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe(FACTORY, config={"spans_key": "cues"})
    ruler.add_patterns([{"label": "X", "id": "a", "pattern": [{"LOWER": "besluit"}, {"ORTH": ":"}]}])
    assert ruler.needles() == {"besluit"}
    ruler.add_patterns([{"label": "X", "id": "b", "pattern": [{"LIKE_NUM": True}]}])
    assert ruler.needles() is None
    assert ruler.needles(skip_ids={"b"}) == {"besluit"}
