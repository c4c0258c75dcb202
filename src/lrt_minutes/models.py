"""The output: pydantic models of one minutes document (see docs/CONTRACT.md, schema version 1)."""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Final = "1"

TagType = Literal["decision", "action", "agreement", "commitment"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


DocumentKind = Literal["minutes", "agenda", "decision-list", "action-list", "other"]


class Part(_Model):
    """Which part of its file a document is, when the file holds several (a Woo release, minutes of several meetings)."""

    index: int
    """1, 2, ... in page order."""
    of: int
    """How many parts the file holds."""
    pages: list[int]
    """[first, last] page of the part."""


class Source(_Model):
    """Where the document came from."""

    path: str
    """The input's path relative to what was given on the command line ("-" for stdin)."""
    sha256: str
    """SHA-256 of the input bytes."""
    format: Literal["pdf", "text"]
    pages: int | None = None
    """Number of pages (PDF), or pages counted from form feeds and page footers (text); null if unknown."""
    encoding: str | None = None
    """The text encoding that was detected (text input only)."""
    part: Part | None = None
    """For a file that holds several documents: which one this is; null for a file of one document."""
    text_layer: Literal["native", "ocr-layer", "ocr"] | None = None
    """Where a PDF's text came from: its own text layer ("native"), a text layer made by another tool's OCR
    over page images ("ocr-layer"), or lrt's OCR of the page images ("ocr", when any page was); null for text input."""


class Meeting(_Model):
    """When and where the meeting took place."""

    body: str | None = None
    """The meeting body as the document names it, e.g. "LRT"."""
    date: str | None = None
    """Meeting date (Vergaderdatum), ISO YYYY-MM-DD."""
    start_time: str | None = None
    """HH:MM"""
    end_time: str | None = None
    """HH:MM"""
    location: str | None = None
    """Vergaderplaats, as written."""
    document_date: str | None = None
    """The letter template's "Datum": when the minutes were written."""
    description: str | None = None
    """The "Omschrijving" / "Onderwerp" line, as written."""
    chair: str | None = None
    """"Voorzitter", as written."""
    minute_taker: str | None = None
    """"Notulist" / "Verslaglegging", as written."""
    kenmerk: str | None = None
    """The letter template's reference number ("Kenmerk")."""


class Participant(_Model):
    """One entry of an Aanwezig / Afwezig / Deelnemers list."""

    raw: str
    """The entry as written, e.g. "Dhr. De Jonge (MVRO)"."""
    honorific: Literal["Dhr.", "Mevr.", "Mw.", "Mr.", "Dr.", "Drs.", "Ir.", "Prof."] | None = None
    name: str | None = None
    """The person's name; null when it was redacted. Entries without a person ("secretariaat") hold that word."""
    organisation: str | None = None
    """The text in parentheses, as written."""
    redacted: bool = False
    """True when the name was removed from the released document."""
    redaction_ground: str | None = None
    """The Woo/Wob ground printed on the redaction, e.g. "5.1.2e", when one was readable."""
    role: str | None = None
    """A role given beside the name ("vz", "secretaris"), as written."""
    page: int | None = None
    line: int | None = None


class Substitution(_Model):
    """Someone who could not attend and who replaced them, as stated in the text."""

    absent: str | None
    """Who was replaced, as written ("Mw. Van Gennip"); null when redacted."""
    substitute: str | None
    """Who replaced them, as written ("DGSZI"); null when redacted."""
    text: str
    agenda_number: str | None = None
    page: int | None = None
    line: int | None = None


class Due(_Model):
    """A deadline: the words as written and, where resolvable, the date they mean."""

    text: str
    date: str | None = None


class Tag(_Model):
    """A decision, action, agreement or commitment found in a point."""

    type: TagType
    text: str
    """The sentence (or clause) that carries it."""
    owners: list[str] = Field(default_factory=list)
    """Who must act or who decided, as the text names them: an organisation as its canonical code
    ("SJenV"), a person as their name, completed from the participant lists where that is unambiguous
    ("Karin" -> "Karin de Vries"), a body as written ("werkgroep", "raad")."""
    owner_organisations: list[str] = Field(default_factory=list)
    """The organisations behind the owners (a person's organisation from the participant lists), codes where known."""
    due: Due | None = None
    rule: str
    """Id of the rule that produced the tag."""
    explicit: bool
    """True when a written marker ("Besluit:", "Afgesproken wordt", ...) was present."""
    confidence: float
    start: int
    """Character offset of `text` in the point's text."""
    end: int
    page: int | None = None
    ref: str | None = None
    """For rows of an action list: the action's number."""
    status: Literal["open", "done"] | None = None
    """For rows of an action list: the action's status."""


class Point(_Model):
    """One bullet (or paragraph) of an agenda item."""

    text: str
    """The full text, line breaks joined and hyphenation repaired, characters as written."""
    section: str | None = None
    """The sub-heading the point stands under ("Opvang", "Reacties")."""
    children: list[Point] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    page: int | None = None
    line: int | None = None
    """Line number (1-based) in the extracted text where the point starts."""


class AgendaItem(_Model):
    """A numbered agenda item with its points."""

    number: str | None
    """"3", "2-4" for items discussed jointly, "1a" for a sub-item. Headings printed without a number
    are numbered by their order; null for the one item that holds the body of minutes without items."""
    numbers: list[int]
    numbered: bool = True
    """True when the number is printed in the document."""
    title: str | None
    """The title on one line, page furniture removed; joint items join their titles with " / ";
    null for the one item that holds the body of minutes without items."""
    titles: list[str] = Field(default_factory=list)
    """The title of each number, for items discussed jointly (else one title)."""
    points: list[Point] = Field(default_factory=list)
    page: int | None = None
    line: int | None = None


class DocWarning(_Model):
    """Something odd that was noticed."""

    code: str
    message: str
    line: int | None = None


class MinutesDocument(_Model):
    """One minutes document: the root of the output."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    kind: DocumentKind = "minutes"
    """What the document is: minutes, an agenda, a decision list, an action list, or other (letter, e-mail, inventory, report)."""
    kind_reasons: list[str] = Field(default_factory=list)
    """The features that decided the kind, e.g. ["title:verslag", "participants:aanwezig"]."""
    extracted: bool = True
    """False for a part of a file that was only classified (its kind was not asked for): its content is left empty."""
    meeting: Meeting
    attendees: list[Participant] = Field(default_factory=list)
    absentees: list[Participant] = Field(default_factory=list)
    members: list[Participant] = Field(default_factory=list)
    """A "Deelnemers" / members table, listed apart from attendance."""
    substitutions: list[Substitution] = Field(default_factory=list)
    agenda_items: list[AgendaItem] = Field(default_factory=list)
    redactions: int = 0
    """How many redactions were noticed: in a PDF the dark redaction boxes, else (or if more) blank names and Woo codes."""
    warnings: list[DocWarning] = Field(default_factory=list)


Minutes = MinutesDocument


SCHEMA_ID = f"urn:lrt-minutes:schema:{SCHEMA_VERSION}"
"""The schema's `$id`: a name (not a place to fetch it from); `lrt schema` prints the schema itself."""

# fields written as ISO dates (YYYY-MM-DD) or as times of day (HH:MM), by model and field
_DATES = {("Meeting", "date"), ("Meeting", "document_date"), ("Due", "date")}
_TIMES = {("Meeting", "start_time"), ("Meeting", "end_time")}


def json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of the output, as it is written.

    Every field is written, null or empty included, so every field is required; dates say
    `"format": "date"`, times of day a `HH:MM` pattern (JSON Schema's "time" needs seconds).
    """
    schema = MinutesDocument.model_json_schema(mode="serialization")
    defs = schema.get("$defs", {})
    for name, model in [("MinutesDocument", schema), *defs.items()]:
        props = model.get("properties", {})
        model["required"] = list(props)
        for field, prop in props.items():
            if (name, field) in _DATES:
                _string_rule(prop, {"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
            elif (name, field) in _TIMES:
                _string_rule(prop, {"pattern": r"^(?:[01]\d|2[0-3]):[0-5]\d$"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def _string_rule(prop: dict[str, Any], rule: dict[str, str]) -> None:
    """Add `rule` to the string branch of a property (`{"type": "string"}` or `anyOf: [string, null]`)."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "string":
            branch.update(rule)
