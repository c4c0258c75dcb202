"""Clean: page furniture out (and recorded), bullets normalised, text joins repaired.

Pure functions over lines; cleaning cleaned lines changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dutch.dates import find_date, is_date_only
from ..dutch.vocabulary import TEMPLATE_LABELS as LABEL
from ..read.text import Line

BULLET = "•"
SUB_BULLET = "o"

# Glyphs that stand for a first-level bullet in extracted text.
# "(cid:127)" is what pdfplumber gives for "•" in non-embedded standard fonts; U+F0B7 is Symbol's bullet.
TOP_BULLETS = ("(cid:127)", "\uf0b7", "●", "▪", "■", "•", "·", "∙", "➢", "►", "*")
# Glyphs of second-level bullets: "o", "◦", "-", "–" (Word's default list styles).
SUB_BULLETS = ("o", "◦", "○", "▫", "\uf0a7", "-", "–", "—")

# A bullet glyph at the start of a line, followed by a space: "• Het COA", "o VNG", "- tekst"
_TOP_RE = re.compile(r"^\s*(?:" + "|".join(re.escape(b) for b in TOP_BULLETS) + r")\s+")
_SUB_RE = re.compile(r"^\s*(?:" + "|".join(re.escape(b) for b in SUB_BULLETS) + r")\s+(?=\S)")
# A bullet that starts in the middle of a line: "... gehaald. • Het COA zal"
_MID_BULLET = re.compile(r"(?<=\S)\s++(?=(?:•|●|\(cid:127\)|\uf0b7)\s)")


def _has_bullet_glyph(text: str) -> bool:
    """Does the text hold a glyph that `_MID_BULLET` looks for? (A line without any, most lines, is not searched.)"""
    return "•" in text or "●" in text or "(cid:127)" in text or "\uf0b7" in text


# "Pagina 3 van 3" (footer of the letter template), anywhere on a line
PAGE_FOOTER = re.compile(rf"\b{LABEL['pagina']}\b", re.I)
# "Datum" alone on a line (the side column's label), or "Datum 23 november 2022"
DATUM_LABEL = re.compile(rf"^\s*{LABEL['datum']}\s*:?\s*$", re.I)
# (values end in a non-space, matched greedily: a lazy value before `\s*$` is quadratic in a run of spaces)
DATUM_INLINE = re.compile(rf"^\s*{LABEL['datum']}\s*:?\s+(?P<value>\S(?:.*\S)?)\s*$", re.I)
# "Kenmerk", "Ons kenmerk 2023-0000123"
KENMERK = re.compile(rf"^\s*{LABEL['kenmerk']}\b\s*:?\s*(?P<value>\S(?:.*\S)?)?\s*$", re.I)
KENMERK_VALUE = re.compile(r"^\s*(?=[\w./-]*\d)[\w./-]{4,40}\s*$")
# sender block lines of the letter template
SENDER_LINES = (
    re.compile(rf"^\s*{LABEL['contactpersoon']}\s*:?\s*$", re.I),
    re.compile(rf"^\s*{LABEL['postbus']}\s+\d+\s*$", re.I),  # "Postbus 20011"
    re.compile(r"^\s*\d{4}\s?[A-Z]{2}\s+[A-Z][\w' -]+\s*$"),  # "2500 EA  Den Haag"
    re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I),  # "www.rijksoverheid.nl"
    re.compile(r"^\s*(?:T|Tel\.?|M)\s+[+\d][\d ()-]{7,}\s*$"),  # "T 06 1102 4587"
    re.compile(r"^\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$"),  # "Peter.Haasnoot@logius.nl"
)
# any of them, in one pass over the line (each keeps its own case rule)
_SENDER_LINE = re.compile(
    "|".join(f"(?{'i' if p.flags & re.I else '-i'}:{p.pattern})" for p in SENDER_LINES)
)
# a page number alone on a line ("2 ")
PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass(frozen=True, slots=True)
class Furniture:
    """A piece of page furniture that was taken out of the text."""

    kind: str
    text: str
    lineno: int


@dataclass(slots=True)
class CleanResult:
    """The cleaned lines and what was taken out of them."""

    lines: list[Line]
    furniture: list[Furniture] = field(default_factory=list)
    document_date: str | None = None
    kenmerk: str | None = None
    labelled_date: tuple[str, int] | None = None
    """The first "Datum: <date>" line with a colon (ISO date, line number)."""
    page_total: int | None = None


def normalise_spaces(text: str) -> str:
    """Tabs and non-breaking spaces to spaces; keep every other character as written."""
    return text.replace("\t", " ").replace("\xa0", " ").replace("\u202f", " ").rstrip()


def normalise_bullet(text: str) -> str:
    """Map any first-level bullet glyph to "•" and second-level glyphs to "o"."""
    m = _TOP_RE.match(text)
    if m:
        return f"{BULLET} {text[m.end():]}"
    m = _SUB_RE.match(text)
    if m:
        return f"{SUB_BULLET} {text[m.end():]}"
    if text.lstrip().startswith("(cid:127)"):
        return f"{BULLET} {text.lstrip()[len('(cid:127)'):].lstrip()}"
    return text


def bullet_kind(text: str) -> str | None:
    """"top", "sub" or None for a cleaned line."""
    if text.startswith(_TOP_MARK) or text == BULLET:
        return "top"
    if text.startswith(_SUB_MARK):
        return "sub"
    return None


_TOP_MARK = f"{BULLET} "
_SUB_MARK = f"{SUB_BULLET} "


def strip_bullet(text: str) -> str:
    """The text of a bullet line without its glyph."""
    return text[2:] if bullet_kind(text) else text


def clean(lines: list[Line]) -> CleanResult:
    """Remove page furniture, normalise whitespace and bullets, split mid-line bullets."""
    result = CleanResult(lines=[])
    out = result.lines
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        text = normalise_spaces(line.text)

        footer = PAGE_FOOTER.search(text) if "pag" in text.lower() else None  # (a quick test first: most lines are no footer)
        if footer:
            result.furniture.append(Furniture("page_footer", footer.group(0), line.lineno))
            result.page_total = max(result.page_total or 0, int(footer["m"]))
            text = (text[: footer.start()] + text[footer.end() :]).rstrip()
            if not text.strip():
                i += 1
                continue

        # "Datum" + a date on the next non-blank line: the template's document date
        if DATUM_LABEL.match(text):
            j = i + 1
            while j < n and not lines[j].text.strip() and j - i <= 3:
                j += 1
            if j < n and is_date_only(lines[j].text):
                _record_date(result, lines[j].text, line.lineno)
                i = j + 1
                continue
        m = DATUM_INLINE.match(text)
        if m and is_date_only(m["value"]):
            if ":" in text[: m.start("value")] and result.labelled_date is None:
                # "Datum: 14 maart 2023": a label of a header, which may be the meeting's (see api)
                hit = find_date(m["value"])
                result.labelled_date = (hit[0].isoformat(), line.lineno) if hit else None
            _record_date(result, m["value"], line.lineno)
            i += 1
            continue

        m = KENMERK.match(text)
        if m:
            value = m["value"]
            j = i + 1
            if not value and j < n and KENMERK_VALUE.match(lines[j].text):
                value = lines[j].text.strip()
                j += 1
            if value is None or KENMERK_VALUE.match(value):
                result.furniture.append(Furniture("kenmerk", text.strip(), line.lineno))
                if value and result.kenmerk is None:
                    result.kenmerk = value.strip()
                i = j
                continue

        if _SENDER_LINE.match(text):
            result.furniture.append(Furniture("sender", text.strip(), line.lineno))
            i += 1
            continue
        if PAGE_NUMBER.match(text):
            result.furniture.append(Furniture("page_number", text.strip(), line.lineno))
            i += 1
            continue

        parts = _MID_BULLET.split(text) if _has_bullet_glyph(text) else [text]
        if len(parts) > 1 and PAGE_NUMBER.match(parts[0]):
            # "1 • Opening": a number before a bullet is not a page number standing alone; kept
            # with its text so that cleaning the output again removes nothing (idempotent)
            parts = [f"{parts[0]} {parts[1]}", *parts[2:]]
        for part in parts:
            out.append(line.with_text(normalise_bullet(part.strip()).strip()))
        i += 1
    return result


def _record_date(result: CleanResult, text: str, lineno: int) -> None:
    hit = find_date(text)
    result.furniture.append(Furniture("document_date", f"Datum {text.strip()}", lineno))
    if hit and result.document_date is None:
        result.document_date = hit[0].isoformat()


# Words after a line-final hyphen that show it is a list hyphen: "doorstroom- en voorportaallocaties"
_LIST_CONTINUATION = re.compile(r"^(?:en|of|tot|t/m|als|dan|noch)\b", re.I)
_SOFT_HYPHEN_END = re.compile(r"(?<=[a-zà-ÿ])-$")


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines into one text: spaces squeezed, hyphenation at line ends repaired.

    "huisvestings-" + "opgave" gives "huisvestingsopgave"; "doorstroom-" + "en" keeps
    "doorstroom- en"; "CNO-" + "plekken" keeps "CNO-plekken".
    """
    text = ""
    for raw in parts:
        part = " ".join(raw.split())
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith("-") and not text.endswith(" -"):
            if _LIST_CONTINUATION.match(part):
                text = f"{text} {part}"
            elif _SOFT_HYPHEN_END.search(text) and part[:1].islower():
                text = text[:-1] + part
            else:
                text = text + part
        else:
            text = f"{text} {part}"
    return text
