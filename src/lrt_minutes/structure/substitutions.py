"""Structure, part 3: substitutions stated in the text ("X wordt vervangen door Y")."""

from __future__ import annotations

import re

from .agenda import ABBREVIATION_END, RawItem

# "Mw. Van Gennip kan niet aanwezig zijn en wordt vervangen door DGSZI."
PASSIVE = re.compile(
    r"^(?P<absent>.*?)\s*(?:\bis\s+verhinderd\s+en\s+|\bkan\s+niet\s+aanwezig\s+zijn\s+en\s+|\bis\s+afwezig\s+en\s+)?"
    r"\bwordt\s+(?:tijdelijk\s+|vandaag\s+)?vervangen\s+door\b\s*(?P<sub>.*?)(?:\s*\b(?:die|als)\b.*)?[.;]?$",
    re.I,
)
# "Zij vervangt tevens DGVB."
ACTIVE = re.compile(r"^(?P<sub>.*?)\s*\bvervangt\s+(?:tevens\s+|ook\s+|tijdelijk\s+)?(?P<absent>.*?)(?:\s+als\b.*)?[.;]?$", re.I)
# "Introductie SJenV Van der Maat die dhr. Van der Burg tijdelijk vervangt als SJenV."
# (`sub` stops at the first "die": were it free to run on, "x die x die …" would try every "die"
# against the rest, quadratic; a later "die" never succeeds where the first one failed)
RELATIVE = re.compile(
    r"^(?:introductie\s+(?:van\s+)?)?(?P<sub>(?:(?!\s+die\s).)*?)\s+die\s+(?P<absent>.*?)\s+(?:tijdelijk\s+)?vervangt\b.*$",
    re.I,
)
_PRONOUN = re.compile(r"^(?:hij|zij|ze|deze)$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(])")


_ABBREVIATION_TAIL = 12
"""Longer than any abbreviation ABBREVIATION_END knows: only a piece's end is looked at."""


def sentences(text: str) -> list[str]:
    """Split a point's text into sentences, keeping "Mw. Van Gennip" together."""
    out: list[list[str]] = []
    for piece in _SENTENCE_END.split(text):
        if out and ABBREVIATION_END.search(out[-1][-1][-_ABBREVIATION_TAIL:]):
            out[-1].append(piece)
        else:
            out.append([piece])
    return [" ".join(parts) for parts in out]


def _value(text: str | None) -> str | None:
    text = (text or "").strip(" ,.;:")
    return text or None


def find_substitutions(items: list[RawItem]) -> list[dict[str, object]]:
    """Substitutions stated in the points of the items, in document order."""
    found: list[dict[str, object]] = []
    for item in items:
        for point in item.points:
            if "vervang" not in point.text.lower():
                continue  # no sentence of it can say so (most points): not split into sentences
            for sentence in sentences(point.text):
                if "vervang" not in sentence.lower():
                    continue
                m = RELATIVE.match(sentence) or PASSIVE.match(sentence) or ACTIVE.match(sentence)
                if not m:
                    continue
                absent, sub = _value(m["absent"]), _value(m["sub"])
                if sub and _PRONOUN.match(sub) and found:
                    sub = str(found[-1]["substitute"]) if found[-1]["substitute"] else None
                found.append(
                    {
                        "absent": absent,
                        "substitute": sub,
                        "text": sentence,
                        "agenda_number": item.number,
                        "page": point.page,
                        "line": point.lineno,
                    }
                )
    return found
