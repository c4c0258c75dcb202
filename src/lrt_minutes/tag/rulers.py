"""spaCy's span ruler, with the same matches at less cost per point (the tagger runs it on every point).

`LeanSpanRuler` is spaCy's `SpanRuler` (same config, same patterns, same spans in the same
order) with two costs taken out of `match`:

- a matcher without patterns is not run (spaCy runs both the token and the phrase matcher
  every time, under a `warnings.catch_warnings` for the empty one);
- each token pattern has a matcher of its own, run only on a point that has what the
  pattern cannot match without: a token that is one of its fixed words ("besluit", ":") or
  has its flag (a number-like token), for each token the pattern must match. A point
  without them cannot match the pattern. Most points have no marker word with a colon and
  no number, so the token patterns (in spaCy's Matcher, which tests a word list in Python
  at every token) run on few points: the rulers took a sixth of the tagging time, now half that.

What a skipped matcher would have found is nothing, by construction, so the spans are those
of `SpanRuler`; tests/test_rulers.py checks that on the regression texts and shuffled ones.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any, cast

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.symbols import IDS  # the ids of token attributes (spacy.attrs has the same, without a stub)
from spacy.tokens import Doc, Span

FACTORY = "lrt_span_ruler"

_FLAG_ATTRS = {
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
    "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
    "IS_RIGHT_PUNCT", "IS_CURRENCY",
}  # fmt: skip
"""Boolean token attributes a pattern may test."""


Need = tuple[int, frozenset[int]]
"""(token attribute id, values one of which some token of the doc must have): one condition of a pattern."""


def pattern_needs(pattern: list[dict[str, Any]], strings: Any) -> list[Need]:
    """What must stand in a doc for a token pattern to match it: for every token the pattern cannot
    do without (no "OP", or "+"), each of its tests on a word (LOWER, ORTH, TEXT; the words as
    string ids of `strings`) or on a flag (0 or 1). Tests that say nothing certain (regular
    expressions, lengths, negations, NORM) give no condition."""
    needs: list[Need] = []
    for token in pattern:
        if token.get("OP") not in (None, "+"):
            continue
        for key, value in token.items():
            name = key.upper()
            if name in {"LOWER", "ORTH", "TEXT"}:
                if isinstance(value, str):
                    words = [value]
                elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
                    words = [str(w) for w in value["IN"]]
                else:
                    continue
                needs.append((IDS["ORTH" if name == "TEXT" else name], frozenset(strings.add(w) for w in words)))
            elif name in _FLAG_ATTRS and isinstance(value, bool):
                needs.append((IDS[name], frozenset({int(value)})))
    return needs


class LeanSpanRuler(SpanRuler):
    """`SpanRuler` that runs only the matchers that can match (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._parts: list[tuple[list[tuple[int, frozenset[int]]], Matcher]] = []
        self._attrs: list[int] = []
        self._parts_for = -1
        super().__init__(*args, **kwargs)

    def _token_parts(self) -> list[tuple[list[tuple[int, frozenset[int]]], Matcher]]:
        """Each token pattern with its conditions, as (column of `self._attrs`, values), and a matcher of
        its own; made again when the patterns change."""
        if self._parts_for != len(self._patterns):
            strings = self.nlp.vocab.strings
            entries = [p for p in self._patterns if not isinstance(p["pattern"], str)]
            needs = [pattern_needs(cast(list[dict[str, Any]], p["pattern"]), strings) for p in entries]
            self._attrs = sorted({attr for conditions in needs for attr, _values in conditions})
            column = {attr: k for k, attr in enumerate(self._attrs)}
            self._parts = []
            for entry, conditions in zip(entries, needs, strict=True):
                matcher = Matcher(self.nlp.vocab, validate=self.validate, fuzzy_compare=self.matcher_fuzzy_compare)
                key = repr((entry["label"], entry.get("id", "")))  # the key SpanRuler gives it
                matcher.add(key, [cast(list[dict[str, Any]], entry["pattern"])])
                self._parts.append(([(column[attr], values) for attr, values in conditions], matcher))
            self._parts_for = len(self._patterns)
        return self._parts

    def _token_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The matches of the token patterns whose conditions hold for some token of `doc`."""
        parts = self._token_parts()
        values = doc.to_array(list[int | str](self._attrs)).T.tolist() if self._attrs else []  # one array: cheaper than a walk
        columns: dict[int, set[int]] = {}
        matches: list[tuple[int, int, int]] = []
        for conditions, matcher in parts:
            for k, wanted in conditions:
                have = columns.get(k)
                if have is None:
                    have = columns[k] = set(values[k])
                if wanted.isdisjoint(have):
                    break
            else:
                matches.extend(matcher(doc))
        return matches

    def needles(self, skip_ids: Collection[str] = ()) -> set[str] | None:
        """Lower-case strings one of which stands in the lower-cased text of every doc in which a pattern
        matches (patterns with an id in `skip_ids` left out), or None when a pattern has no word it cannot
        match without.

        A phrase pattern gives its longest word, a token pattern the words of its most telling word condition
        (`pattern_needs`, the one whose shortest word is longest): a doc matches only with a token whose
        lower-case form (spaCy's LOWER: `str.lower` of the token's text) is one of them, and that token's text
        is a piece of the doc's text.
        (Python's `str.lower` reads a Greek sigma by its place in the word, so a word with one is no needle.)
        """
        strings = self.nlp.vocab.strings
        found: set[str] = set()
        for entry in self._patterns:
            if entry.get("id", "") in skip_ids:
                continue
            pattern = entry["pattern"]
            if isinstance(pattern, str):
                words_ = [t.lower_ for t in self.nlp.make_doc(pattern)]
                choice = [max(words_, key=len)] if words_ else None
            else:
                choice = None
                for attr, values in pattern_needs(pattern, strings):
                    if attr not in (IDS["LOWER"], IDS["ORTH"]):
                        continue
                    words_ = sorted(strings[v].lower() for v in values)
                    if choice is None or min(map(len, words_)) > min(map(len, choice)):
                        choice = words_
            if not choice or any(not w or "σ" in w or "ς" in w for w in choice):
                return None
            found.update(choice)
        return found

    def match(self, doc: Doc) -> list[Span]:
        """The spans of the matches in `doc`, deduplicated and sorted (as `SpanRuler.match`)."""
        self._require_patterns()
        matches: list[tuple[int, int, int]] = []
        if len(self.phrase_matcher):
            matches.extend(self.phrase_matcher(doc))
        if len(self.matcher):
            matches.extend(self._token_matches(doc))
        labels = self._match_label_id_map
        found = {
            Span(doc, start, end, label=labels[m_id]["label"], span_id=labels[m_id]["id"])
            for m_id, start, end in matches
            if start != end
        }
        return sorted(found)


@Language.factory(
    FACTORY,
    assigns=["doc.spans"],
    default_config={
        "spans_key": "ruler",
        "spans_filter": None,
        "phrase_matcher_attr": None,
        "overwrite": True,
    },
)
def make_lean_span_ruler(
    nlp: Language,
    name: str,
    spans_key: str | None,
    spans_filter: Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]] | None,
    phrase_matcher_attr: int | str | None,
    overwrite: bool,
) -> LeanSpanRuler:
    """spaCy factory of `LeanSpanRuler` (the span-ruler settings the tagger uses)."""
    return LeanSpanRuler(
        nlp, name, spans_key=spans_key, spans_filter=spans_filter, phrase_matcher_attr=phrase_matcher_attr,
        overwrite=overwrite, scorer=None,
    )  # fmt: skip
