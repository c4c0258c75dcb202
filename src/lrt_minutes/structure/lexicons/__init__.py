"""Curated data of the structure stage: header labels, agenda-table column heads, list-ending words. Validated on load."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
    agenda_heads: frozenset[str] = frozenset()
    list_stops: frozenset[str]

    @field_validator("table_heads", "agenda_heads", "list_stops")
    @classmethod
    def _lower(cls, v: frozenset[str]) -> frozenset[str]:
        if any(w != w.lower() or not w.strip() for w in v):
            raise ValueError("words are written in lower case, not empty")
        return v


@cache
def labels() -> Labels:
    """The label lexicon (labels.json), validated."""
    return Labels.model_validate_json(files(__name__).joinpath("labels.json").read_text(encoding="utf-8"))
