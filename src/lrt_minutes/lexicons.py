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
    return files("lrt_minutes").joinpath("lexicons", name).read_text(encoding="utf-8")


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


HEADER_FIELDS = frozenset(
    {"datetime", "date", "time", "location", "description", "absentees", "attendees", "members", "chair",
     "minute_taker", "copy", "document_date", "attachments"}
)  # fmt: skip


class HeaderLabel(BaseModel):
    """A header label: the field it fills and the regular expression of its words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str
    pattern: str = Field(min_length=1)

    @field_validator("field")
    @classmethod
    def _known_field(cls, v: str) -> str:
        if v not in HEADER_FIELDS:
            raise ValueError(f"unknown header field {v!r}")
        return v

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        import re

        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"pattern {v!r} does not compile: {e}") from e
        return v


class Labels(BaseModel):
    """labels.json: header labels, agenda-table column heads, words that end a participant list."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    comment: str = Field("", alias="_comment")
    header: tuple[HeaderLabel, ...] = Field(min_length=1)
    table_heads: frozenset[str]
    list_stops: frozenset[str]

    @field_validator("table_heads", "list_stops")
    @classmethod
    def _lower(cls, v: frozenset[str]) -> frozenset[str]:
        if any(w != w.lower() or not w.strip() for w in v):
            raise ValueError("words are written in lower case, not empty")
        return v


@cache
def labels() -> Labels:
    """The label lexicon (labels.json), validated."""
    return Labels.model_validate_json(_text("labels.json"))
