"""Dutch calendar dates and clock times as written in minutes."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januari": 1, "jan": 1,
    "februari": 2, "feb": 2, "febr": 2,
    "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_RE = rf"(?:{_MONTH_ALT})\.?"

# "9 november 2022", "3 nov. 2023", "donderdag 9 november 2022"
WRITTEN_DATE = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})\.?\s+(?P<year>\d{{4}})\b", re.I)
# "9 november" (year to be taken from context)
DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})\b\.?", re.I)
# "3-11-2023", "03/11/2023", "3.11.2023"
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})\b")
# "2023-11-03"
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
# "08:45", "8.45 uur", "10:00-14:00 uur"
TIME = re.compile(r"(?<![\d.,])(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?![\d.,]\d)")
# a range "08:45 – 09:30", "10.00 tot 11.30", "10:00-14:00"
TIME_RANGE = re.compile(
    r"(?<![\d.,])(?P<h1>[01]?\d|2[0-3])[:.](?P<m1>[0-5]\d)\s*(?:uur\s*)?(?:-|–|—|tot|t/m)\s*"
    r"(?P<h2>[01]?\d|2[0-3])[:.](?P<m2>[0-5]\d)(?!\d)",
    re.I,
)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[dt.date, re.Match[str]] | None:
    """The first full calendar date written in `text`, with its match."""
    found: list[tuple[int, dt.date, re.Match[str]]] = []
    for m in WRITTEN_DATE.finditer(text):
        d = _make(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
        if d:
            found.append((m.start(), d, m))
            break
    for pattern in (NUMERIC_DATE, ISO_DATE):
        for m in pattern.finditer(text):
            d = _make(int(m["year"]), int(m["month"]), int(m["day"]))
            if d:
                found.append((m.start(), d, m))
                break
    if not found:
        return None
    _, d, m = min(found, key=lambda f: f[0])
    return d, m


def parse_date(text: str) -> dt.date | None:
    """The first full calendar date written in `text` ("9 november 2022", "3-11-2023"), or None."""
    hit = find_date(text)
    return hit[0] if hit else None


def is_date_only(text: str) -> bool:
    """True when `text` is a date and nothing else ("23 november 2022", "2-10-2024")."""
    hit = find_date(text)
    if not hit:
        return False
    rest = (text[: hit[1].start()] + text[hit[1].end() :]).strip(" ,.\t")
    weekday = re.fullmatch(r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)?", rest, re.I)
    return weekday is not None


def parse_times(text: str) -> tuple[str | None, str | None]:
    """Start and end time ("HH:MM") written in `text`; either may be None."""
    for pattern in (WRITTEN_DATE, NUMERIC_DATE, ISO_DATE):
        text = pattern.sub(" ", text)
    m = TIME_RANGE.search(text)
    if m:
        return f"{int(m['h1']):02d}:{m['m1']}", f"{int(m['h2']):02d}:{m['m2']}"
    m = TIME.search(text)
    if m:
        return f"{int(m['h']):02d}:{m['m']}", None
    return None, None
