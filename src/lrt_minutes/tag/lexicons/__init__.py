"""Curated data of the tag stage, shipped in the package: organisations, cue patterns, word lists. Validated on load.

(Abbreviations and honorifics, which the structure stage reads too, are in `dutch/abbreviations.txt` and
`dutch/vocabulary.py`: one source each.)
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator


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


CueClass = Literal["marker", "marker-nocolon", "paren", "phrase", "implicit", "block"]
"""How a cue makes a tag:
- marker: a written marker at the start of a sentence ("Besluit:", "<actiepunt X>"), explicit;
- marker-nocolon: the same without a colon ("Actiepunt Edwin: ...", "Besluit TO leden"), only before a capital;
- paren: a marker in parentheses anywhere ("(afspraak)", "(Actie: BZK)");
- phrase: a phrase anywhere ("wordt geaccordeerd", "zegt toe"), not in a question, not negated;
- implicit: an implicit action, judged by the named `check` ("future": "X zal ...");
- block: words that make a sentence a report rather than a tag ("jurisprudentie"): no phrase or implicit tag."""

# the checks an implicit cue may name; each is a function of the tagging component
IMPLICIT_CHECKS = (
    "future", "gaan", "passive-door", "passive-vanuit", "passive-due", "geeft-aan-te", "present-action", "todo", "intends",
)  # fmt: skip


class CuePattern(BaseModel):
    """A spaCy SpanRuler pattern with the label it gives, its rule id, its class and confidence."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    label: str
    id: str = Field(min_length=1)
    cls: CueClass = Field(alias="class")
    confidence: float = Field(ge=0.0, le=1.0)
    pattern: list[dict[str, object]]
    check: str | None = None
    """For implicit cues: the check that decides ("future", "passive-door", ...)."""
    needs_later: tuple[str, ...] = ()
    """A word one of which must follow in the sentence: "spreken ... af"."""
    not_after: tuple[str, ...] = ()
    """Words that must not stand in the two tokens before: "zoals afgesproken"."""
    not_before: tuple[str, ...] = ()
    """Words that must not follow the cue directly: "wordt aangenomen dat"."""
    needs_auxiliary: bool = False
    """A participle that needs "is/wordt/zijn/worden" in its sentence, no modal before it, and no reporting verb."""
    owner_slot: bool = False
    """Names written inside the marker or before its colon are the owners: "Actie BZK:", "Advies TO: Akkoord"."""
    status: Literal["open", "done"] | None = None
    """The action's status the marker states ("Actiepunt afgerond:")."""
    subject_first: bool = False
    """The cue opens with a finite verb whose subject stands before it ("X zal", "X zegt toe")."""
    list_intro: bool = False
    """The cue announces a list after a colon ("de volgende besluiten:"): the points after it take its type."""
    at_start: bool = False
    """A block cue that counts only at the start of the sentence ("Vorige week ...")."""

    @field_validator("label")
    @classmethod
    def _known_label(cls, v: str) -> str:
        if v not in {"DECISION", "ACTION", "AGREEMENT", "COMMITMENT", "BLOCK"}:
            raise ValueError(f"unknown cue label {v!r}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> CuePattern:
        if (self.cls == "block") != (self.label == "BLOCK"):
            raise ValueError(f"cue {self.id}: class 'block' goes with label 'BLOCK' only")
        if self.cls == "implicit" and self.check not in IMPLICIT_CHECKS:
            raise ValueError(f"cue {self.id}: an implicit cue needs a check, one of {IMPLICIT_CHECKS}")
        if self.cls != "implicit" and self.check is not None:
            raise ValueError(f"cue {self.id}: only implicit cues have a check")
        return self

    def ruler_pattern(self) -> dict[str, object]:
        """The pattern as spaCy's SpanRuler takes it."""
        return {"label": self.label, "id": self.id, "pattern": self.pattern}


class Words(BaseModel):
    """The tagger's Dutch word lists (words.json): lower case, no duplicates, none empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str = Field(alias="_doc")
    pronouns: frozenset[str]
    auxiliaries: frozenset[str]
    past_auxiliaries: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    modals: frozenset[str]
    negations: frozenset[str]
    subject_glue: frozenset[str]
    np_glue: frozenset[str]
    subject_end_glue: frozenset[str]
    inversion_glue: frozenset[str]
    excluding_prepositions: frozenset[str]
    agent_prepositions: frozenset[str]
    collaboration: frozenset[str]
    collaboration_heads: frozenset[str]
    report_verbs: frozenset[str]
    report_conjunctions: frozenset[str]
    action_infinitives: frozenset[str]
    gaan_not_followed_by: frozenset[str]
    todo_not_followed_by: frozenset[str]
    """Words after an infinitive that opens its clause that make it a noun: "Vaststellen van de agenda"."""
    todo_not_after: frozenset[str]
    """Words before an infinitive that make it no to-do: "te delen", "het delen", "twee delen"."""
    todo_blockers: frozenset[str]
    """Subject pronouns and verbs of will: with one in its clause an infinitive is no to-do ("we delen", "wil delen")."""
    not_action_participles: frozenset[str]
    prediction_words: frozenset[str]
    prediction_verbs: frozenset[str]
    te_not_followed_by: frozenset[str]
    geeft_aan_stops: frozenset[str]
    agreement_not_after: frozenset[str]
    present_needs: dict[str, frozenset[str]]
    present_excludes: dict[str, frozenset[str]]
    """Words after a verb of acting that make it an opinion or a state: "deelt de zorgen", "neemt kennis"."""
    relative_pronouns: frozenset[str]
    """Words that open a relative clause: "die door VNG beheerd worden" describes, it does not assign."""
    speaker_labels: frozenset[str]
    """Words before a speaker's name in a heading: "Reactie SEO:", "Vraag VNG:"."""
    first_person: frozenset[str]
    """"we", "wij": the meeting's own plan ("We vragen ... na", "Dit nemen we mee")."""
    question_words: frozenset[str]
    """Words that open an indirect question after a particle: "vraagt na hoeveel ..."."""
    marker_words: frozenset[str]
    """Words that open a written marker ("Besluit:", "Werkafspraak ->"): a new sentence starts at them after a bracket."""
    name_particles: frozenset[str]
    bodies: frozenset[str]
    body_suffixes: tuple[str, ...]
    roles: frozenset[str]
    org_heads: frozenset[str]
    state_verbs: frozenset[str]
    empty_contents: frozenset[str]
    body_heads: frozenset[str]
    not_names: frozenset[str]
    number_words: dict[str, int]

    @model_validator(mode="before")
    @classmethod
    def _lists_are_clean(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        for key, value in data.items():
            if key.startswith("_"):
                continue
            if isinstance(value, dict):
                words = list(value) + [w for v in value.values() if isinstance(v, list) for w in v]
            else:
                words = list(value)
            if not words:
                raise ValueError(f"words.json: {key} is empty")
            if isinstance(value, list) and len(set(value)) != len(value):
                raise ValueError(f"words.json: {key} has duplicates")
            bad = [w for w in words if not isinstance(w, str) or w != w.lower() or w != w.strip() or not w]
            if bad:
                raise ValueError(f"words.json: {key} has words that are not lower case and trimmed: {bad}")
        return data


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
    cues = tuple(
        CuePattern.model_validate(json.loads(line))
        for line in _text("cues.jsonl").splitlines()
        if line.strip() and not line.startswith("#")
    )
    ids = [c.id for c in cues]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"cues.jsonl: duplicate ids {sorted(dupes)}")
    return cues


@cache
def words() -> Words:
    """The tagger's word lists."""
    return Words.model_validate_json(_text("words.json"))
