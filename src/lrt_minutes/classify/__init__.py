"""Classify: what kind of document a part of a file is (minutes, agenda, decision list, action list, other).

The cue words are data (`cues.json`), validated on load; `kind.classify` decides from
features of the text (header labels, participant lists, numbered items, letter and e-mail
cues, inventory tables) and says which features decided.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, field_validator

KINDS = ("minutes", "agenda", "decision-list", "action-list", "other")
"""Every document kind (CONTRACT.md `kind`)."""
DEFAULT_KINDS = ("minutes", "agenda", "decision-list", "action-list")
"""The kinds extracted unless asked otherwise: everything that is about meetings; "other" is only reported."""


class Cues(BaseModel):
    """The cue words of `cues.json`; every list holds lower-case words or phrases, no duplicates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    titles: dict[str, tuple[str, ...]]
    meeting_words: tuple[str, ...]
    meeting_labels: tuple[str, ...]
    participant_labels: tuple[str, ...]
    email_labels: tuple[str, ...]
    email_required: tuple[str, ...]
    letter_openings: tuple[str, ...]
    letter_closings: tuple[str, ...]
    letter_marks: tuple[str, ...]
    inventory_headings: tuple[str, ...]
    inventory_columns: tuple[str, ...]
    inventory_marks: tuple[str, ...]
    report_marks: tuple[str, ...]
    document_closings: tuple[str, ...]
    action_columns: tuple[str, ...]
    decision_columns: tuple[str, ...]
    outcome_marks: tuple[str, ...]
    action_statuses: tuple[str, ...]

    @field_validator("titles")
    @classmethod
    def _title_kinds(cls, v: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = set(v) - set(KINDS[:-1])
        if unknown:
            raise ValueError(f"titles for unknown kinds: {sorted(unknown)}")
        seen: dict[str, str] = {}
        for kind, words in v.items():
            _check_words(words)
            for w in words:
                if w in seen:
                    raise ValueError(f"title {w!r} is given for both {seen[w]} and {kind}")
                seen[w] = kind
        return v

    @field_validator(
        "meeting_words", "meeting_labels", "participant_labels", "email_labels", "email_required",
        "letter_openings", "letter_closings", "letter_marks", "inventory_headings", "inventory_columns",
        "inventory_marks", "report_marks", "document_closings", "action_columns", "decision_columns", "outcome_marks",
        "action_statuses",
    )  # fmt: skip
    @classmethod
    def _words(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_words(v)


def _check_words(words: tuple[str, ...]) -> tuple[str, ...]:
    if not words:
        raise ValueError("an empty list of cue words")
    for w in words:
        if not w.strip() or w != w.strip() or w != w.lower():
            raise ValueError(f"cue {w!r}: lower case, no surrounding spaces")
    if len(set(words)) != len(words):
        raise ValueError(f"duplicate cue words in {words!r}")
    return words


@cache
def cues() -> Cues:
    """The validated cue lexicon."""
    data = json.loads(files(__name__).joinpath("cues.json").read_text(encoding="utf-8"))
    data.pop("_comment", None)
    cues = Cues.model_validate(data)
    if not set(cues.email_required) <= set(cues.email_labels):
        raise ValueError("cues.json: every email_required label must also be an email_label")
    return cues


def phrase_re(words: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of `words` as whole words (longest first)."""
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I)


def phrase_gate(words: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    """A quick test for lines that cannot hold any of `words` (see `phrase_re`): a line holds one only if its
    `gate_text` holds that word's longest part. Searched without case folding, it runs several times faster than
    `phrase_re` (Python's regex engine scans a case-insensitive pattern that opens with a look-behind position
    by position). None when a word has no ASCII part to test for."""
    anchors: set[str] = set()
    for w in words:
        parts = [part for part in w.split() if part.isascii()]
        if not parts:
            return None
        anchors.add(max(parts, key=len))
    return re.compile("|".join(re.escape(a) for a in sorted(anchors)))


_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
"""The only characters outside ASCII that a case-insensitive pattern matches to an ASCII letter ("İ" and "ı" to
"i", "ſ" to "s", the Kelvin sign to "k"): lower-casing does not turn them into that letter."""


def gate_text(line: str) -> str | None:
    """The line as `phrase_gate` tests it: lower-cased; None when it holds a character that case folding matches
    to an ASCII letter other than by lower-casing (then only the full pattern can tell)."""
    if not line.isascii() and _FOLDS_TO_ASCII.search(line):
        return None
    return line.lower()
