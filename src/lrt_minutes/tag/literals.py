"""The words a regular expression cannot match without, read from its parse: a test in a few substring
look-ups that tells when a search would find nothing, so that it need not run.

The deadline grammar (`deadlines.find_due`) tries some twenty expressions on every tagged sentence; most
sentences hold none of the words they need ("week", "binnen", a month's name), and a search that fails
still visits every character. `needs(pattern)` gives sets of strings such that every match holds one
string of each set; `fold(text)` is the text as those strings are compared with it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

try:  # the parser of the `re` module (Python 3.11 names); without it nothing is skipped
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    sre_constants = sre_parser = None

# Under IGNORECASE an ASCII letter also matches these four (the `re` documentation names them); `str.lower`
# maps the last one to "k" but leaves the dotless i and the long s as they are, and turns "İ" into two characters
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def fold(text: str) -> str:
    """The text in lower case, with the letters that match an ASCII letter without case written as that letter."""
    return text.translate(_FOLD).lower()


@cache
def needs(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of lower-case ASCII strings: every match of `pattern` holds one string of each set (in `fold` of the
    text), so a text whose `fold` lacks every string of one set has no match. Empty when nothing is certain.

    Read from the parse: a run of literal characters is a string every match holds; a group or a repeat of
    at least one holds what its content holds; an alternation holds one of the strings its branches hold
    (each branch's most telling set), if each holds some. Classes, categories, anchors and look-arounds
    say nothing. Only ASCII characters count: what else a character matches without case is `fold`'s concern
    for ASCII letters only.
    """
    if sre_parser is None or not isinstance(pattern.pattern, str):
        return ()
    try:
        parsed = sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a parse we cannot read: nothing is certain
        return ()
    return tuple(_sequence(list(parsed)))


def holds(text_folded: str, pattern: re.Pattern[str]) -> bool:
    """Can `pattern` match the text whose `fold` is `text_folded` (False: certainly not)?"""
    for words in needs(pattern):
        for w in words:
            if w in text_folded:
                break
        else:
            return False
    return True


def _sequence(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is sre_constants.LITERAL and chr(av).isascii():
            run += chr(av).lower()
            continue
        if run:
            out.append(frozenset({run}))
            run = ""
        out.extend(_item(op, av))
    if run:
        out.append(frozenset({run}))
    return out


def _item(op: Any, av: Any) -> list[frozenset[str]]:
    if op is sre_constants.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is sre_constants.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
        low, _high, item = av
        return _sequence(list(item)) if low >= 1 else []
    if op is sre_constants.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            best = _most_telling(_sequence(list(branch)))
            if best is None:
                return []
            union |= best
        return [frozenset(union)]
    return []


def _most_telling(sets: list[frozenset[str]]) -> frozenset[str] | None:
    """The set whose shortest string is longest (fewest false hits), or None."""
    return max(sets, key=lambda s: (min(map(len, s)), -len(s)), default=None)
