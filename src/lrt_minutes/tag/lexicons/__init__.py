"""Curated data shipped in the package: organisations, cue patterns, abbreviations. Validated on load."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator


class Organisation(BaseModel):
    """An organisation or office that takes part in the meetings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(min_length=1)
    """Canonical code used in the output ("SJenV", "CdK")."""
    name: str
    kind: str
    generic: bool = False
    """A group ("gemeenten", "partijen") rather than one organisation: recognised, never an owner."""
    aliases: tuple[str, ...] = ()


class CuePattern(BaseModel):
    """A spaCy SpanRuler pattern with the label it gives and its rule id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    id: str = Field(min_length=1)
    pattern: list[dict[str, object]]

    @field_validator("label")
    @classmethod
    def _known_label(cls, v: str) -> str:
        if v not in {"DECISION", "ACTION", "AGREEMENT", "COMMITMENT"}:
            raise ValueError(f"unknown cue label {v!r}")
        return v


def _text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def organisations() -> tuple[Organisation, ...]:
    """The organisation lexicon; codes and aliases are unique (case-insensitively)."""
    orgs = tuple(TypeAdapter(list[Organisation]).validate_json(_text("organisations.json")))
    seen: dict[str, str] = {}
    for org in orgs:
        for form in (org.code, *org.aliases):
            key = form.lower()
            if key in seen and seen[key] != org.code:
                raise ValueError(f"organisations.json: {form!r} names both {seen[key]} and {org.code}")
            seen[key] = org.code
    return orgs


@cache
def cue_patterns() -> tuple[CuePattern, ...]:
    """The cue patterns; ids are unique."""
    cues = tuple(CuePattern.model_validate(json.loads(line)) for line in _text("cues.jsonl").splitlines() if line.strip())
    ids = [c.id for c in cues]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"cues.jsonl: duplicate ids {sorted(dupes)}")
    return cues


@cache
def abbreviations() -> tuple[str, ...]:
    """Abbreviations the tokenizer keeps whole."""
    return tuple(
        line.strip() for line in _text("abbreviations.txt").splitlines() if line.strip() and not line.startswith("#")
    )
