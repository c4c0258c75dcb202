"""How many redactions a document shows: blanked names, blanked substitutions, Woo grounds in the text, boxes."""

from __future__ import annotations

from collections.abc import Iterable

from ..dutch.vocabulary import WOO_GROUND
from ..models import Participant, Substitution


def count_redactions(
    people: Iterable[Participant], substitutions: Iterable[Substitution], texts: Iterable[str], boxes: int = 0
) -> int:
    """Redacted participants, substitutions with a side blanked, and Woo/Wob grounds in `texts`;
    in a PDF at least the dark boxes (`boxes`) themselves (a box over a word has no text to count)."""
    found = sum(p.redacted for p in people)
    found += sum(s.absent is None or s.substitute is None for s in substitutions)
    # every ground opens with "5.", "10." or "11.": a text without any (most texts) is not searched
    found += sum(len(WOO_GROUND.findall(t)) for t in texts if "5." in t or "10." in t or "11." in t)
    return max(found, boxes)
