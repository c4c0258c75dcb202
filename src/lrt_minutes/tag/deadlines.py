"""Deadlines in Dutch minutes: the words as written, resolved against the meeting date.

A small grammar rather than a general date parser: "voor 1 juli", "eind juni", "in de
week van 11 juli", "voor de MR van 10 november" and "volgende week" all need the meeting
date as anchor, and vague ones ("z.s.m.", "deze zomer") must keep their words with no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..dutch.dates import MONTH_ALT, MONTHS
from .lexicons import words
from .literals import fold, holds

# number words (words.json): "binnen twee weken", "binnen negen dagen"
_NUMBERS = words().number_words
_NUMBER_ALT = "|".join(sorted(map(re.escape, _NUMBERS), key=len, reverse=True))

_WEEKDAY = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_DAYMONTH = rf"(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_ALT})\.?(?:\s+(?P<year>\d{{4}}))?"
_MEETINGS = (
    r"(?:(?-i:[A-Z]{1,5})-)?(?:(?-i:MR|LRT|HLRT|BO|PRT|VB|TO)|ministerraad|overleg|vergadering|bijeenkomst|regietafel|"
    r"Kamerdebat|commissiedebat|debat|zomerreces|kerstreces|reces|stuurgroep|werkgroep|sessie|livegang|"
    r"kerstperiode|kerstvakantie|zomervakantie|herfstvakantie|voorjaarsvakantie|jaarwisseling|consultatieperiode|"
    r"consultatie|oplevering|release|zomer|Voorjaarsnota|Prinsjesdag)(?:['’´]s)?\b"
)
# "in de werkgroep", "in het overleg" without "volgende" / "komende" or a date: a place, not a deadline
_PLACE_NOT_TIME = re.compile(r"(?i)in\s+(?:de|het)\s+(?!(?:volgende|eerstvolgende|komende|eerste|nieuwe)\b)(?!.*\svan\s)")
_WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
_ORDINAL_QUARTER = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": 4}

# Each pattern: (id, regex, resolver kind). Longer and more specific patterns come first.
PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    # "voor de MR van 10 november", "voor de volgende HLRT en LRT", "tijdens het BO"
    (
        "before-meeting",
        re.compile(
            rf"\b(?:uiterlijk\s+)?(?:vóór|voor|tijdens|in|na)\s+(?:de|het)\s+(?:(?:volgende|eerstvolgende|komende|eerste|"
            rf"nieuwe)\s+)?{_MEETINGS}(?:\s+(?:en|of|/)\s+{_MEETINGS})?(?:\s+van\s+(?:{_DAYMONTH}|{_WEEKDAY}\b))?",
            re.I,
        ),
        "meeting",
    ),
    # "begin van de week van 19 september", "in de week van 11 juli"
    (
        "week-of",
        re.compile(rf"\b(?:(?:begin|eind|in)\s+(?:van\s+)?)?de\s+week\s+van\s+{_DAYMONTH}", re.I),
        "date",
    ),
    # "vóór 1 juli", "per 1 januari 2024", "uiterlijk vrijdag 10 november", "op vrijdag 10 november"
    (
        "on-date",
        re.compile(
            rf"\b(?:(?:uiterlijk|vóór|voor|per|op|tegen|rond|vanaf|na)\s+)?(?:{_WEEKDAY}\s+)?{_DAYMONTH}", re.I
        ),
        "date",
    ),
    # "eind juni", "begin juli 2024", "medio september"
    (
        "part-of-month",
        re.compile(
            rf"\b(?:(?:voor|vóór|uiterlijk)\s+)?(?P<part>eind|einde|begin|medio|half|halverwege)\s+(?P<month>{MONTH_ALT})"
            r"(?:\s+(?P<year>\d{4}))?",
            re.I,
        ),
        "month",
    ),
    # "volgende week", "deze week", "komende maand", "eind dit jaar"
    (
        "relative",
        re.compile(
            r"\b(?:(?:uiterlijk|voor|vóór|in)\s+)?(?P<rel>volgende|komende|deze|aankomende)\s+(?P<unit>week|maand)\b"
            r"|\b(?:voor\s+|vóór\s+)?(?:het\s+)?(?:eind|einde)\s+(?:van\s+)?(?:dit|het)\s+jaar\b",
            re.I,
        ),
        "relative",
    ),
    # "binnen twee weken", "binnen 10 werkdagen", "binnen een maand"
    (
        "within",
        re.compile(
            rf"\bbinnen\s+(?P<n>\d{{1,2}}|{_NUMBER_ALT})\s+"
            r"(?P<unit>werkdagen|dagen|dag|weken|week|maanden|maand)\b",
            re.I,
        ),
        "relative",
    ),
    # "in Q3 2024"
    (
        "quarter",
        re.compile(r"\b(?:(?:in|voor|eind|uiterlijk|uiterlijk\s+in)\s+)?Q(?P<q>[1-4])(?:\s+(?P<year>\d{4}))?\b"),
        "quarter",
    ),
    # "in het derde kwartaal", "voor het eind van het eerste kwartaal 2025"
    (
        "quarter-word",
        re.compile(
            r"\b(?:(?:in|voor|vóór|uiterlijk|uiterlijk\s+in|eind|aan\s+het\s+eind\s+van)\s+)?(?:het\s+)?"
            r"(?P<qw>eerste|tweede|derde|vierde|laatste)\s+kwartaal(?:\s+(?:van\s+)?(?P<year>\d{4}))?\b",
            re.I,
        ),
        "quarter",
    ),
    # "uiterlijk in week 12", "voor week 40"
    ("week-number", re.compile(r"\b(?:(?:uiterlijk|voor|vóór|in|uiterlijk\s+in)\s+)?week\s+(?P<week>\d{1,2})\b", re.I), "week"),
    # "voor dinsdag", "uiterlijk vrijdag" (a weekday without a date: the next one after the meeting)
    (
        "weekday",
        re.compile(rf"\b(?:uiterlijk|vóór|voor|op|tegen|per)\s+(?:a\.s\.\s+)?(?P<weekday>{_WEEKDAY})\b(?!\s+\d)", re.I),
        "weekday",
    ),
    # vague: words kept, no date
    (
        "vague",
        re.compile(
            r"\bz\.s\.m\.|\bzsm\b|\bzo\s+(?:snel|spoedig)\s+mogelijk\b|\bop\s+(?:zeer\s+)?korte\s+termijn\b|"
            r"\bbinnenkort\b|\bper\s+omgaande\b|\bper\s+direct\b|\b(?:deze|komende|na\s+de|voor\s+de|in\s+de)\s+(?:zomer|herfst|winter|lente)\b|"
            r"\bna\s+het\s+(?:zomer|kerst)?reces\b|\bop\s+termijn\b",
            re.I,
        ),
        "none",
    ),
]
# a date after one of these words is not a deadline: "het verslag van 5 oktober 2022"
_NOT_DUE_BEFORE = re.compile(r"\b(?:van|sinds|d\.d\.|dd|gedateerd)\s*$", re.I)


def find_due(text: str) -> tuple[str, str, int, int] | None:
    """The first deadline phrase in `text`: (words, pattern id, start, end), or None."""
    best: tuple[int, int, str, str] | None = None
    folded = fold(text)
    for pid, pattern, _kind in PATTERNS:
        if not holds(folded, pattern):
            continue  # a word the pattern cannot match without is missing: no search
        for m in pattern.finditer(text):
            if pid == "on-date" and not re.match(r"(?i)(?:uiterlijk|vóór|voor|per|op|tegen|rond|vanaf|na|"
                                                 + _WEEKDAY + r")\b", m.group(0)):
                # a bare date is a deadline only with a preposition or a weekday before it
                continue
            if pid == "on-date" and _NOT_DUE_BEFORE.search(text[: m.start()]):
                continue
            if pid == "before-meeting" and _PLACE_NOT_TIME.match(m.group(0)):
                continue  # "in de werkgroep" says where, not when ("in de volgende werkgroep" says when)
            cand = (m.start(), -(m.end() - m.start()), pid, m.group(0))
            if best is None or cand < best:
                best = cand
            break
    if best is None:
        return None
    start, _neg_len, pid, words = best
    words = words.strip()
    if pid != "vague" and words.endswith(".") and not re.search(rf"\b(?:{MONTH_ALT})\.$", words[:-1] + "", re.I):
        words = words[:-1]  # the sentence's full stop, not an abbreviation's ("3 nov.")
    return words, pid, start, start + len(words)




def _add_working_days(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _year_for(month: int, day: int, anchor: dt.date) -> int:
    """The year that puts day-month closest after the anchor (allowing a month back)."""
    for year in (anchor.year, anchor.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d >= anchor - dt.timedelta(days=31):
            return year
    return anchor.year + 1


def resolve_due(words: str, pid: str, anchor: dt.date | None) -> dt.date | None:
    """The date a deadline phrase means, given the meeting date; None when vague or unanchored."""
    pattern = next(p for i, p, _ in PATTERNS if i == pid)
    m = pattern.search(words)
    if m is None:
        return None
    groups = m.groupdict()
    try:
        if groups.get("day") and groups.get("month"):
            month = MONTHS[groups["month"].lower()]
            day = int(groups["day"])
            if groups.get("year"):
                return dt.date(int(groups["year"]), month, day)
            return dt.date(_year_for(month, day, anchor), month, day) if anchor else None
        if pid == "part-of-month":
            month = MONTHS[groups["month"].lower()]
            year = int(groups["year"]) if groups.get("year") else (_year_for(month, 28, anchor) if anchor else None)
            if year is None:
                return None
            part = groups["part"].lower()
            if part.startswith("eind"):
                return dt.date(year, month, calendar.monthrange(year, month)[1])
            if part in ("medio", "half", "halverwege"):
                return dt.date(year, month, 15)
            return dt.date(year, month, 1)
        if pid == "within" and anchor:
            n = _NUMBERS.get(groups["n"].lower()) or int(groups["n"])
            unit = groups["unit"].lower()
            if unit.startswith("werkdag"):
                return _add_working_days(anchor, n)
            if unit.startswith("dag"):
                return anchor + dt.timedelta(days=n)
            if unit in ("week", "weken"):
                return anchor + dt.timedelta(weeks=n)
            month = anchor.month - 1 + n
            year, month = anchor.year + month // 12, month % 12 + 1
            return dt.date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))
        if pid == "week-number":
            year = anchor.year if anchor else None
            week = int(groups["week"])
            if year is None or not 1 <= week <= 53:
                return None
            if anchor and week < anchor.isocalendar()[1] - 4:
                year += 1
            return dt.date.fromisocalendar(year, week, 5)
        if pid == "weekday" and anchor:
            target = _WEEKDAYS.index(groups["weekday"].lower())
            return anchor + dt.timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
        if pid in {"quarter", "quarter-word"}:
            q = int(groups["q"]) if groups.get("q") else _ORDINAL_QUARTER[groups["qw"].lower()]
            if groups.get("year"):
                year = int(groups["year"])
            elif anchor:
                year = anchor.year if 3 * q >= anchor.month else anchor.year + 1
            else:
                return None
            return dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
        if pid == "relative" and anchor:
            if groups.get("unit") is None:  # end of this year
                return dt.date(anchor.year, 12, 31)
            weeks = 0 if groups["rel"].lower() == "deze" else 1
            if groups["unit"].lower() == "week":
                # the Friday of that week: the working week's end
                monday = anchor - dt.timedelta(days=anchor.weekday())
                return monday + dt.timedelta(weeks=weeks, days=4)
            month = anchor.month + weeks
            year = anchor.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            return dt.date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, OverflowError):  # a day that does not exist, or one past year 9999 / before year 1
        return None
    return None
