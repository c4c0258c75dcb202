"""Abbreviations of Dutch minutes ("dhr.", "o.a.", "z.s.m."): the one list every stage uses.

The tokenizer keeps them whole (tag stage) and a line or sentence that ends in one has not
ended (structure stage). The list is `abbreviations.txt` beside this module, one a line.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files


_MAY_END = "# ---- may end a sentence"


@cache
def _entries() -> tuple[tuple[str, bool], ...]:
    """(abbreviation, may it end a sentence) for every line of abbreviations.txt."""
    text = files(__package__ or "lrt_minutes.dutch").joinpath("abbreviations.txt").read_text(encoding="utf-8")
    out: list[tuple[str, bool]] = []
    may_end = False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(_MAY_END):
            may_end = True
        if not line or line.startswith("#"):
            continue
        if not line.endswith(".") or " " in line:
            raise ValueError(f"abbreviations.txt: every entry is one word ending in a full stop, not {line!r}")
        out.append((line, may_end))
    return tuple(out)


def abbreviations() -> tuple[str, ...]:
    """The abbreviations as written, each with its final full stop ("Dhr.", "i.s.m.")."""
    return tuple(a for a, _ in _entries())


def _ending() -> re.Pattern[str]:
    forms = sorted({a[:-1].lower() for a, may_end in _entries() if not may_end}, key=len, reverse=True)
    return re.compile(rf"(?:\b(?:{'|'.join(map(re.escape, forms))})\.)$", re.I)


# a line or sentence that ends in an abbreviation has not ended: "... dhr.", "... o.a."
ABBREVIATION_END = _ending()
