"""Words of Dutch government minutes that several stages read: template labels, Woo grounds, honorifics, abbreviations.

Each is defined here once. The letter template's labels tell the PDF reader where the side
column is and tell the clean stage what furniture to take out; Woo grounds mark redactions
for the reader, the header and the redaction count; honorifics open participant entries
and mark a person acting in a sentence; abbreviations (`abbreviations.txt`) stay one token
for the tagger and do not end a sentence or a wrapped line for the structure stage.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

# labels of the Dutch government letter template (side column and sender block), as regex pieces
TEMPLATE_LABELS: dict[str, str] = {
    "datum": r"Datum",
    "kenmerk": r"(?:Ons\s+|Uw\s+)?kenmerk",
    "referentie": r"Onze referentie",
    "contactpersoon": r"Contactpersoon",
    "inlichtingen": r"Inlichtingen(?: bij)?",
    "bezoekadres": r"Bezoekadres",
    "postadres": r"Postadres",
    "postbus": r"Postbus\b",
    "pagina": r"Pagina\s+(?P<n>\d{1,4})\s+van\s+(?P<m>\d{1,4})",
    "bijlagen": r"Bijlage\(n\)",
    "behandeld": r"Behandeld door",
}
TEMPLATE_LABEL = re.compile(r"^(?:" + "|".join(TEMPLATE_LABELS.values()) + ")", re.I)
"""A line that opens with a template label (words that only the side column carries)."""

# Woo and Wob grounds printed on redactions: "5.1.2e", "5.1.2 e", "10.2.e", "10.2e", "11.1"
WOO_GROUND = re.compile(r"\b(?:5\.1\.[12]\s?\.?[a-i]|5\.1\.1|5\.2|10\.[12]\s?\.?[a-g]|11\.1)\b", re.I)

# honorifics as written (lower case, without the full stop) to the form the output uses
HONORIFICS = {
    "dhr": "Dhr.", "de heer": "Dhr.", "heer": "Dhr.",
    "mevr": "Mevr.", "mevrouw": "Mevr.",
    "mw": "Mw.",
    "mr": "Mr.", "dr": "Dr.", "drs": "Drs.", "ir": "Ir.", "prof": "Prof.",
}  # fmt: skip
HONORIFIC = re.compile(
    r"^(?P<h>" + "|".join(sorted((h.replace(" ", r"\s+") for h in HONORIFICS), key=len, reverse=True)) + r")(?:\.|\b)\s*",
    re.I,
)
"""An honorific opening a name: "Dhr.", "mevrouw", "De heer"."""


@cache
def _abbreviation_lines() -> tuple[tuple[str, bool], ...]:
    text = files(__package__).joinpath("abbreviations.txt").read_text(encoding="utf-8")
    rows = (line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple((row[0], row[1:] == ["end"]) for row in rows)


def abbreviations() -> tuple[str, ...]:
    """Abbreviations as written, with their full stop ("t.a.v.", "Dhr."); one a line in abbreviations.txt."""
    return tuple(a for a, _ in _abbreviation_lines())


@cache
def abbreviation_end() -> re.Pattern[str]:
    """Text that ends in an abbreviation that never ends a sentence ("... dhr.", "... o.a."): it goes on."""
    stems = {re.escape(a.lower().removesuffix(".")) for a, ends in _abbreviation_lines() if not ends}
    return re.compile(r"(?:\b(?:" + "|".join(sorted(stems, key=len, reverse=True)) + r")\.)$", re.I)
