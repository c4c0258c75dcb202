"""Questions asked of the index: the register, decisions, full-text search, attendance, one meeting.

A little over 300 lines: one SQL question per command, kept together so that they change
with the schema in `db`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .db import person_key

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

    DB = sqlite3.Connection | sqlite_utils.Database
    """An index opened with sqlite3 (the query commands: no sqlite-utils import) or sqlite-utils."""


class QueryError(ValueError):
    """A question the index cannot answer as asked (a bad search expression, an unknown meeting)."""


def _rows(db: DB, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = db.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


_OWNER = "exists (select 1 from json_each({col}) where lower(json_each.value) = lower(?))"


def series_names(db: DB) -> list[str]:
    """The series in the index, sorted."""
    return [r[0] for r in db.execute("select distinct series from meetings where series is not null order by series")]


def _series_filter(db: DB, series: str | None) -> str | None:
    """The series a user means: exact, else case-insensitive, else the only one containing the words; None for all."""
    if series is None:
        return None
    names = series_names(db)
    if series in names:
        return series
    low = [n for n in names if n.casefold() == series.casefold()]
    if low:
        return low[0]
    part = [n for n in names if series.casefold() in n.casefold()]
    if len(part) == 1:
        return part[0]
    if not part:
        raise QueryError(f"no series {series!r} in the index (series: {', '.join(names) or 'none'})")
    raise QueryError(f"{series!r} matches several series: {', '.join(part)}")


def actions(
    db: DB,
    *,
    open_only: bool = False,
    overdue: bool = False,
    owner: str | None = None,
    series: str | None = None,
) -> list[dict[str, Any]]:
    """The register: one dict per action, with its history, in series and first-seen order."""
    where, params = [], []
    s = _series_filter(db, series)
    if s is not None:
        where.append("a.series = ?")
        params.append(s)
    if open_only:
        where.append("a.status = 'open'")
    if overdue:
        where.append("a.overdue = 1")
    if owner:
        where.append(_OWNER.format(col="a.owners"))
        params.append(owner)
    sql = (
        "select a.series, a.ref, a.text, a.owners, a.due_text, a.due_date, a.status, a.overdue, a.first_seen, "
        "a.last_seen, a.closed_in, a.history from actions a"
        + (" where " + " and ".join(where) if where else "")
        + " order by a.series, a.first_seen is null, a.first_seen, a.id"
    )
    out = []
    for r in _rows(db, sql, params):
        out.append(
            {
                "series": r["series"],
                "ref": r["ref"],
                "text": r["text"],
                "owners": json.loads(r["owners"]),
                "due": {"text": r["due_text"], "date": r["due_date"]} if r["due_text"] else None,
                "status": r["status"],
                "overdue": bool(r["overdue"]),
                "first_seen": r["first_seen"],
                "last_seen": r["last_seen"],
                "closed_in": r["closed_in"],
                "history": [{"date": d, "status": st} for d, st in json.loads(r["history"])],
            }
        )
    return out


def decisions(
    db: DB,
    *,
    series: str | None = None,
    since: str | None = None,
    owner: str | None = None,
    types: tuple[str, ...] = ("decision",),
) -> list[dict[str, Any]]:
    """Decisions (or other tag types) with their meeting and agenda item, in meeting order."""
    where = [f"t.type in ({','.join('?' * len(types))})"]
    params: list[Any] = list(types)
    s = _series_filter(db, series)
    if s is not None:
        where.append("m.series = ?")
        params.append(s)
    if since:
        where.append("m.date >= ?")
        params.append(since)
    if owner:
        where.append(_OWNER.format(col="t.owners"))
        params.append(owner)
    sql = (
        "select m.series, m.date, m.path, i.number as item, i.title as item_title, t.type, t.text, t.owners, "
        "t.due_text, t.due_date from tags t join meetings m on m.id = t.meeting_id "
        "join agenda_items i on i.id = t.item_id where "
        + " and ".join(where)
        + " order by m.series, m.date is null, m.date, m.path, t.id"
    )
    out = []
    for r in _rows(db, sql, params):
        r["owners"] = json.loads(r["owners"])
        due_text, due_date = r.pop("due_text"), r.pop("due_date")
        r["due"] = {"text": due_text, "date": due_date} if due_text else None
        out.append(r)
    return out


_FTS_SYNTAX = re.compile(r'["*^():]|\b(?:AND|OR|NOT|NEAR)\b')


def fts_query(text: str) -> str:
    """A search as FTS5 takes it: plain words are quoted (each must occur); FTS5 syntax is passed on as written."""
    if _FTS_SYNTAX.search(text):
        return text
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


MARK = ("«", "»")


def search(
    db: DB,
    query: str,
    *,
    type: str | None = None,
    owner: str | None = None,
    since: str | None = None,
    series: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Full-text search (FTS5) over points, or over tags when a type or owner is asked; best matches first.

    Each hit has a `snippet` with the matching words between « and ».
    """
    import sqlite3

    q = fts_query(query)
    if not q:
        raise QueryError("nothing to search for")
    s = _series_filter(db, series)
    params: list[Any] = [q]
    where = []
    if type or owner:
        table, alias = "tags", "t"
        select = "t.type, t.owners, t.text, t.point_id"
    else:
        table, alias = "points", "p"
        select = "p.section, p.text, p.id as point_id"
    if type:
        where.append("t.type = ?")
        params.append(type)
    if owner:
        where.append(_OWNER.format(col="t.owners"))
        params.append(owner)
    if since:
        where.append("m.date >= ?")
        params.append(since)
    if s is not None:
        where.append("m.series = ?")
        params.append(s)
    sql = (
        f"select m.series, m.date, m.path, i.number as item, i.title as item_title, {select}, "
        f"snippet({table}_fts, 0, '{MARK[0]}', '{MARK[1]}', '…', 16) as snippet "
        f"from {table}_fts join {table} {alias} on {alias}.rowid = {table}_fts.rowid "
        f"join meetings m on m.id = {alias}.meeting_id join agenda_items i on i.id = {alias}.item_id "
        f"where {table}_fts match ?" + "".join(" and " + w for w in where) + f" order by {table}_fts.rank, m.date desc limit ?"
    )
    params.append(limit)
    try:
        rows = _rows(db, sql, params)
    except sqlite3.OperationalError as e:
        raise QueryError(f"cannot search for {query!r}: {e}") from None
    for r in rows:
        if "owners" in r:
            r["owners"] = json.loads(r["owners"])
    return rows


# ---------------------------------------------------------------------------------------------
# attendance

PRESENT, ABSENT, SUBSTITUTED, REDACTED = "present", "absent", "substituted", "redacted"


@dataclass
class Attendance:
    """One series' person-by-meeting matrix."""

    series: str
    meetings: list[dict[str, Any]]
    """{id, date, path} in date order."""
    people: list[dict[str, Any]] = field(default_factory=list)
    """{label, name, organisation, redacted, cells: {meeting id: state}} (a state is present / absent /
    substituted / redacted; a meeting missing from cells did not list the person)."""


def attendance(db: DB, *, series: str | None = None) -> list[Attendance]:
    """Per series, who was present, absent (or substituted) at which meeting; redacted names are rows of their own."""
    s = _series_filter(db, series)
    out = []
    for name in [s] if s else series_names(db):
        meetings = _rows(db, "select id, date, path from meetings where series = ? order by date is null, date, path, id", [name])
        ids = [m["id"] for m in meetings]
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        parts = _rows(
            db,
            f"select meeting_id, list, name, organisation, redacted, person, raw from participants "
            f"where meeting_id in ({marks}) and list in ('attendee', 'absentee') order by meeting_id, list, position",
            ids,
        )
        subs = _rows(db, f"select meeting_id, absent, substitute from substitutions where meeting_id in ({marks})", ids)
        people: dict[str, dict[str, Any]] = {}
        order: list[str] = []
        redacted_seen: dict[tuple[int, str], int] = {}
        for p in parts:
            if p["person"] and not p["redacted"]:
                key = p["person"]
                label = p["name"]
            else:
                org = p["organisation"] or ""
                n = redacted_seen.get((p["meeting_id"], org), 0) + 1
                redacted_seen[(p["meeting_id"], org)] = n
                key = f"█|{org.casefold()}|{n}"
                label = "█" + (f" {n}" if n > 1 else "")
            if key not in people:
                people[key] = {
                    "label": label,
                    "name": p["name"],
                    "organisation": p["organisation"],
                    "redacted": bool(p["redacted"]) or not p["person"],
                    "cells": {},
                }
                order.append(key)
            person = people[key]
            if p["organisation"]:
                person["organisation"] = p["organisation"]
            state = ABSENT if p["list"] == "absentee" else REDACTED if person["redacted"] else PRESENT
            # listed twice in one meeting (present in one list, absent in the other): present wins
            if person["cells"].get(p["meeting_id"]) != PRESENT:
                person["cells"][p["meeting_id"]] = state
        for sub in subs:
            key = person_key(sub["absent"])
            if not key:
                continue
            match = key if key in people else next((k for k in order if k.endswith(" " + key) or key.endswith(" " + k)), None)
            if match is None:
                people[key] = {
                    "label": sub["absent"],
                    "name": sub["absent"],
                    "organisation": None,
                    "redacted": False,
                    "cells": {},
                }
                order.append(key)
                match = key
            people[match]["cells"][sub["meeting_id"]] = SUBSTITUTED
        rows = [people[k] for k in order]
        for r in rows:
            r["label"] = r["label"] + (f" ({r['organisation']})" if r["organisation"] else "")
        rows.sort(key=lambda r: (r["redacted"], r["label"].casefold()))
        out.append(Attendance(name, meetings, rows))
    return out


# ---------------------------------------------------------------------------------------------
# one meeting


def meeting_documents(db: DB, *, date: str | None = None, series: str | None = None) -> list[dict[str, Any]]:
    """The indexed output documents of the meetings on `date` (the latest meeting when no date), in series order."""
    s = _series_filter(db, series)
    where, params = [], []
    if s is not None:
        where.append("m.series = ?")
        params.append(s)
    if date is None:
        row = db.execute(
            "select max(m.date) from meetings m" + (" where " + " and ".join(where) if where else ""), params
        ).fetchone()
        date = row[0] if row else None
        if date is None:
            raise QueryError("the index holds no dated meeting")
    where.append("m.date = ?")
    params.append(date)
    rows = db.execute(
        "select d.json from documents d join meetings m on m.id = d.id where "
        + " and ".join(where)
        + " order by m.series, m.path",
        params,
    ).fetchall()
    if not rows:
        raise QueryError(f"no meeting on {date} in the index" + (f" for series {s!r}" if s else ""))
    return [json.loads(r[0]) for r in rows]
