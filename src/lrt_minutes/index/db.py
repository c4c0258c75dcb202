"""The SQLite index: schema, loading documents, incremental re-indexing, full-text search.

Built with sqlite-utils' Python API, so that Datasette opens the file as it is (foreign keys,
FTS5 tables with their triggers, plain column types). One document (one output JSON) is one
row in `documents` and one in `meetings` (same id); its participants, agenda items, points
and tags hang from the meeting. `actions` and `action_history` are the register, rebuilt per
series from the tags after every change (register.py).

Incremental: a document is known by its `source.path` (and part); its JSON text's SHA-256 is
kept. Indexing the same JSON again changes nothing; a changed one replaces all of its rows.

Longer than ~300 lines because the schema and the code that loads a document into it (and
replaces it) must change together; queries and the register live apart.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import series as series_mod

if TYPE_CHECKING:
    import sqlite_utils

INDEX_VERSION = "2"
"""Bumped when the schema or the way rows are made changes: an index of another version is rebuilt."""

TAG_TYPES = ("decision", "action", "agreement", "commitment")

# table -> (columns, primary key, foreign keys); created in this order, dropped in reverse
SCHEMA: dict[str, tuple[dict[str, type], str, list[tuple[str, str, str]]]] = {
    "documents": (
        {
            "id": int,
            "path": str,
            "part": int,
            "source_sha256": str,
            "json_sha256": str,
            "format": str,
            "pages": int,
            "kind": str,
            "schema_version": str,
            "warnings": int,
            "redactions": int,
            "extracted_by": str,
            "json": str,
        },
        "id",
        [],
    ),
    "meetings": (
        {
            "id": int,
            "document_id": int,
            "series": str,
            "series_from": str,
            "name_pattern": str,
            "body": str,
            "date": str,
            "start_time": str,
            "end_time": str,
            "location": str,
            "document_date": str,
            "description": str,
            "chair": str,
            "minute_taker": str,
            "kenmerk": str,
            "path": str,
        },
        "id",
        [("document_id", "documents", "id")],
    ),
    "participants": (
        {
            "id": int,
            "meeting_id": int,
            "list": str,
            "position": int,
            "raw": str,
            "honorific": str,
            "name": str,
            "organisation": str,
            "redacted": int,
            "redaction_ground": str,
            "role": str,
            "person": str,
        },
        "id",
        [("meeting_id", "meetings", "id")],
    ),
    "substitutions": (
        {"id": int, "meeting_id": int, "absent": str, "substitute": str, "text": str, "agenda_number": str},
        "id",
        [("meeting_id", "meetings", "id")],
    ),
    "agenda_items": (
        {"id": int, "meeting_id": int, "position": int, "number": str, "title": str, "page": int},
        "id",
        [("meeting_id", "meetings", "id")],
    ),
    "points": (
        {
            "id": int,
            "meeting_id": int,
            "item_id": int,
            "parent_id": int,
            "position": int,
            "depth": int,
            "section": str,
            "text": str,
            "page": int,
            "line": int,
        },
        "id",
        [("meeting_id", "meetings", "id"), ("item_id", "agenda_items", "id"), ("parent_id", "points", "id")],
    ),
    "tags": (
        {
            "id": int,
            "meeting_id": int,
            "item_id": int,
            "point_id": int,
            "series": str,
            "type": str,
            "text": str,
            "owners": str,
            "due_text": str,
            "due_date": str,
            "rule": str,
            "explicit": int,
            "confidence": float,
            "ref": str,
            "status": str,
            "page": int,
        },
        "id",
        [("meeting_id", "meetings", "id"), ("item_id", "agenda_items", "id"), ("point_id", "points", "id")],
    ),
    "actions": (
        {
            "id": int,
            "series": str,
            "key": str,
            "ref": str,
            "text": str,
            "owners": str,
            "due_text": str,
            "due_date": str,
            "status": str,
            "overdue": int,
            "first_seen": str,
            "last_seen": str,
            "closed_in": str,
            "meetings": int,
            "first_meeting_id": int,
            "last_meeting_id": int,
            "history": str,
        },
        "id",
        [("first_meeting_id", "meetings", "id"), ("last_meeting_id", "meetings", "id")],
    ),
    "action_history": (
        {"id": int, "action_id": int, "meeting_id": int, "date": str, "status": str, "tag_id": int},
        "id",
        [("action_id", "actions", "id"), ("meeting_id", "meetings", "id"), ("tag_id", "tags", "id")],
    ),
}
CHILD_TABLES = ("tags", "points", "agenda_items", "substitutions", "participants", "meetings")
FTS = {"points": ["text", "section"], "tags": ["text"]}
INDEXES = [
    ("documents", ["path", "part"], True),
    ("meetings", ["series", "date"], False),
    ("participants", ["meeting_id"], False),
    ("agenda_items", ["meeting_id"], False),
    ("points", ["meeting_id"], False),
    ("tags", ["meeting_id"], False),
    ("tags", ["type"], False),
    ("tags", ["point_id"], False),
    ("actions", ["series", "status"], False),
    ("action_history", ["action_id"], False),
]


def open_db(path: str | Path) -> sqlite_utils.Database:
    """The index at `path`, created (or rebuilt, if made by another index version) as needed."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    if str(path) != ":memory:":
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the tables, indexes and FTS5 tables if they are missing; rebuild an index of another version."""
    version = None
    if "lrt_index" in db.table_names():
        row = next(iter(db.table("lrt_index").rows_where("key = ?", ["version"])), None)
        version = row["value"] if row else None
    if version == INDEX_VERSION and all(t in db.table_names() for t in SCHEMA):
        return
    with db.atomic():
        for name in [*reversed(SCHEMA), "lrt_index"]:
            for fts in (f"{name}_fts",):
                if fts in db.table_names():
                    db.table(fts).drop()
            if name in db.table_names():
                db.table(name).drop()
        for trigger in db.triggers:
            db.execute(f"DROP TRIGGER IF EXISTS [{trigger.name}]")
        db.table("lrt_index").create({"key": str, "value": str}, pk="key")
        db.table("lrt_index").insert({"key": "version", "value": INDEX_VERSION})
        for name, (columns, pk, fks) in SCHEMA.items():
            db.table(name).create(columns, pk=pk, foreign_keys=fks)
        for table, cols, unique in INDEXES:
            db.table(table).create_index(cols, unique=unique)
        for table, cols in FTS.items():
            db.table(table).enable_fts(cols, fts_version="FTS5", create_triggers=False, tokenize="unicode61 remove_diacritics 2")


# ---------------------------------------------------------------------------------------------
# one document's rows


def person_key(name: str | None) -> str | None:
    """A person's name as a key: case folded, accents, dots and extra spaces gone ("Mw. A. de Vriës" and "a de vries" meet)."""
    if not name:
        return None
    import re
    import unicodedata

    k = re.sub(r"^(?:dhr|mevr|mw|mr|dr|drs|ir|prof)\.?\s+", "", name.strip(), flags=re.I)
    # "André" and "Andre" are one person: accents off
    k = "".join(c for c in unicodedata.normalize("NFKD", k) if not unicodedata.combining(c))
    k = re.sub(r"[.\s]+", " ", k).strip().casefold()
    return k or None


@dataclass
class Rows:
    """The rows of documents being loaded, per table, with their ids assigned."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in SCHEMA})
    next_id: dict[str, int] = field(default_factory=dict)

    def new_id(self, table: str) -> int:
        """The next free row id of `table`."""
        self.next_id[table] += 1
        return self.next_id[table]


def _walk(points: list[dict[str, Any]], depth: int = 0) -> Iterator[tuple[dict[str, Any], int, dict[str, Any] | None]]:
    for p in points:
        yield p, depth, None
        for child, d, parent in _walk(p.get("children") or [], depth + 1):
            yield child, d, parent if parent is not None else p


def add_document(
    rows: Rows,
    doc: dict[str, Any],
    json_sha: str,
    series_override: str | None,
    extracted_by: str | None = None,
    text: str | None = None,
) -> int:
    """Append one document's rows (all tables but the register); returns its id."""
    source = doc.get("source") or {}
    meeting = doc.get("meeting") or {}
    part = source.get("part") or {}
    did = rows.new_id("documents")
    rows.tables["documents"].append(
        {
            "id": did,
            "path": source.get("path") or "",
            "part": int(part.get("index") or 0),
            "source_sha256": source.get("sha256"),
            "json_sha256": json_sha,
            "format": source.get("format"),
            "pages": source.get("pages"),
            "kind": doc.get("kind") or "minutes",
            "schema_version": doc.get("schema_version"),
            "warnings": len(doc.get("warnings") or []),
            "redactions": doc.get("redactions") or 0,
            "extracted_by": extracted_by,
            "json": text if text is not None else json.dumps(doc, ensure_ascii=False, sort_keys=True),
        }
    )
    name: str | None
    if series_override:
        name, how = series_override, "option"
    else:
        body = series_mod.tidy(meeting.get("body"))
        name, how = (body, "body") if body else (None, "file")
    path = source.get("path") or ""
    rows.tables["meetings"].append(
        {
            "id": did,
            "document_id": did,
            "series": name,
            "series_from": how,
            "name_pattern": series_mod.name_pattern(path),
            "body": meeting.get("body"),
            "date": meeting.get("date"),
            "start_time": meeting.get("start_time"),
            "end_time": meeting.get("end_time"),
            "location": meeting.get("location"),
            "document_date": meeting.get("document_date"),
            "description": meeting.get("description"),
            "chair": meeting.get("chair"),
            "minute_taker": meeting.get("minute_taker"),
            "kenmerk": meeting.get("kenmerk"),
            "path": path,
        }
    )
    for lst, key in (("attendee", "attendees"), ("absentee", "absentees"), ("member", "members")):
        for pos, p in enumerate(doc.get(key) or []):
            rows.tables["participants"].append(
                {
                    "id": rows.new_id("participants"),
                    "meeting_id": did,
                    "list": lst,
                    "position": pos,
                    "raw": p.get("raw"),
                    "honorific": p.get("honorific"),
                    "name": p.get("name"),
                    "organisation": p.get("organisation"),
                    "redacted": int(bool(p.get("redacted"))),
                    "redaction_ground": p.get("redaction_ground"),
                    "role": p.get("role"),
                    "person": person_key(p.get("name")),
                }
            )
    for s in doc.get("substitutions") or []:
        rows.tables["substitutions"].append(
            {
                "id": rows.new_id("substitutions"),
                "meeting_id": did,
                "absent": s.get("absent"),
                "substitute": s.get("substitute"),
                "text": s.get("text"),
                "agenda_number": s.get("agenda_number"),
            }
        )
    for ipos, item in enumerate(doc.get("agenda_items") or []):
        iid = rows.new_id("agenda_items")
        rows.tables["agenda_items"].append(
            {
                "id": iid,
                "meeting_id": did,
                "position": ipos,
                "number": item.get("number"),
                "title": item.get("title"),
                "page": item.get("page"),
            }
        )
        ids: dict[int, int] = {}
        for ppos, (p, depth, parent) in enumerate(_walk(item.get("points") or [])):
            pid = rows.new_id("points")
            ids[id(p)] = pid
            rows.tables["points"].append(
                {
                    "id": pid,
                    "meeting_id": did,
                    "item_id": iid,
                    "parent_id": ids.get(id(parent)) if parent else None,
                    "position": ppos,
                    "depth": depth,
                    "section": p.get("section"),
                    "text": p.get("text") or "",
                    "page": p.get("page"),
                    "line": p.get("line"),
                }
            )
            for t in p.get("tags") or []:
                due = t.get("due") or {}
                rows.tables["tags"].append(
                    {
                        "id": rows.new_id("tags"),
                        "meeting_id": did,
                        "item_id": iid,
                        "point_id": pid,
                        "series": name,
                        "type": t.get("type"),
                        "text": t.get("text") or "",
                        "owners": json.dumps(t.get("owners") or [], ensure_ascii=False),
                        "due_text": due.get("text"),
                        "due_date": due.get("date"),
                        "rule": t.get("rule"),
                        "explicit": int(bool(t.get("explicit"))),
                        "confidence": t.get("confidence"),
                        "ref": t.get("ref"),
                        "status": t.get("status"),
                        "page": t.get("page"),
                    }
                )
    return did


# ---------------------------------------------------------------------------------------------
# loading


@dataclass
class IndexStats:
    """What one `lrt index` run did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    series: list[str] = field(default_factory=list)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during `load`: what was indexed until then is kept (and its register rebuilt); `stats` says how much."""

    def __init__(self, stats: IndexStats) -> None:
        super().__init__()
        self.stats = stats


STALE = "register-stale"
"""The `lrt_index` key set while documents are in the index whose series' register is not rebuilt yet: a run
stopped between the two (killed, a second Ctrl-C) leaves it, and the next run rebuilds every register."""


def sha256_text(text: str) -> str:
    """SHA-256 (hex) of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fresh_sources(db: sqlite_utils.Database, extracted_by: str) -> set[tuple[str, str]]:
    """(path, source SHA-256) of documents this index extracted itself under the same settings: no need to extract again."""
    return {
        (r[0], r[1])
        for r in db.execute("select path, source_sha256 from documents where extracted_by = ?", [extracted_by]).fetchall()
    }


def known(db: sqlite_utils.Database) -> dict[tuple[str, int], tuple[int, str, str | None, str | None]]:
    """(path, part) -> (document id, JSON SHA-256, source SHA-256, series set by --series) of every indexed document."""
    return {
        (r[0], r[1]): (r[2], r[3], r[4], r[5])
        for r in db.execute(
            "select d.path, d.part, d.id, d.json_sha256, d.source_sha256, "
            "case when m.series_from = 'option' then m.series end "
            "from documents d join meetings m on m.id = d.id"
        ).fetchall()
    }


def load(
    db: sqlite_utils.Database,
    docs: Iterable[tuple[dict[str, Any], str, str | None, str | None]],
    *,
    series: str | None = None,
    batch: int = 500,
    on_document: Callable[[dict[str, Any], str], None] | None = None,
) -> IndexStats:
    """Index documents given as (output JSON as a dict, its text's SHA-256, extraction settings or None, its JSON text
    or None), in batches.

    A document whose path (and part) is indexed with the same JSON SHA-256 is left alone; one with
    another is deleted and indexed again. The register of every series touched is rebuilt at the end
    (every series, when an earlier run stopped before it rebuilt its registers).
    `on_document(doc, status)` hears of each document as it is taken: "added", "replaced" or "unchanged".
    Ctrl-C (KeyboardInterrupt) while the documents come: those taken so far are indexed, the registers
    rebuilt, and `Interrupted` is raised with the counts.
    """
    from .register import rebuild

    stats = IndexStats()
    stale = any(True for _ in db.table("lrt_index").rows_where("key = ?", [STALE]))
    have = known(db)
    touched: set[str] = set()
    pending: list[tuple[dict[str, Any], str, str | None, str | None]] = []
    inserted: list[int] = []

    def flush() -> None:
        if not pending:
            return
        rows = Rows(next_id={t: _max_id(db, t) for t in SCHEMA})
        replaced: list[int] = []
        now: dict[tuple[str, int], tuple[int, str, str | None, str | None]] = {}
        for doc, sha, by, text in pending:
            k = _doc_key(doc)
            old = have.get(k)
            if old is not None:
                replaced.append(old[0])
            did = add_document(rows, doc, sha, series, by, text)
            now[k] = (did, sha, (doc.get("source") or {}).get("sha256"), series)
        with db.atomic():  # all of a batch or none of it (Ctrl-C here: the batch is taken again after)
            db.table("lrt_index").upsert({"key": STALE, "value": "1"}, pk="key")
            gone = _delete(db, replaced) if replaced else set()
            insert_rows(db, rows.tables)
            fts_add(db, rows.tables)
        touched.update(gone)
        have.update(now)
        inserted.extend(v[0] for v in now.values())
        pending.clear()

    try:
        _take(docs, series, have, pending, stats, flush, batch, on_document)
    except KeyboardInterrupt:
        interrupted = True
    else:
        interrupted = False
    flush()
    if stats.added or stats.replaced or stale:
        touched.update(refresh_series(db))
        if stale:
            touched.update(r[0] for r in db.execute("select distinct series from meetings where series is not null"))
        for i in range(0, len(inserted), 500):
            chunk = inserted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            touched.update(r[0] for r in db.execute(f"select distinct series from meetings where id in ({marks})", chunk))
        stats.series = sorted(touched)
        rebuild(db, sorted(touched))
        db.table("lrt_index").delete_where("key = ?", [STALE])
    if interrupted:
        raise Interrupted(stats)
    return stats


def _take(
    docs: Iterable[tuple[dict[str, Any], str, str | None, str | None]],
    series: str | None,
    have: dict[tuple[str, int], tuple[int, str, str | None, str | None]],
    pending: list[tuple[dict[str, Any], str, str | None, str | None]],
    stats: IndexStats,
    flush: Callable[[], None],
    batch: int,
    on_document: Callable[[dict[str, Any], str], None] | None,
) -> None:
    """Sort the documents of a run into unchanged ones (counted) and those to index (`pending`, flushed by `batch`)."""
    seen: set[tuple[str, int]] = set()
    for doc, sha, by, text in docs:
        k = _doc_key(doc)
        if k in seen:
            # the same path twice in one run (two outputs of one name): the later one wins
            pending[:] = [p for p in pending if _doc_key(p[0]) != k]
        seen.add(k)
        old = have.get(k)
        if old is not None and old[1] == sha and (series is None or old[3] == series):
            stats.unchanged += 1
            status = "unchanged"
        else:
            pending.append((doc, sha, by, text))  # (before it is told: a document told of is indexed, Ctrl-C or not)
            if old is None:
                stats.added += 1
                status = "added"
            else:
                stats.replaced += 1
                status = "replaced"
        if on_document is not None:
            on_document(doc, status)
        if len(pending) >= batch:
            flush()


def insert_rows(db: sqlite_utils.Database, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Insert rows made for the tables of SCHEMA (all keys present), in one statement per table.

    The tables, indexes and FTS triggers are sqlite-utils'; rows go in through `executemany`,
    about five times faster than `insert_all`, which inspects every value.
    """
    for table, records in tables.items():
        if not records:
            continue
        cols = list(SCHEMA[table][0])
        sql = f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) values ({', '.join('?' * len(cols))})"
        db.conn.executemany(sql, [tuple(r.get(c) for c in cols) for r in records])


def fts_add(db: sqlite_utils.Database, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Add just-inserted rows to the FTS5 tables, in one statement per table (per-row triggers cost five times more)."""
    for table, cols in FTS.items():
        records = tables.get(table) or []
        if records:
            names = ", ".join(cols)
            db.execute(
                f"insert into {table}_fts(rowid, {names}) select id, {names} from {table} where id between ? and ?",
                [records[0]["id"], records[-1]["id"]],
            )


def _doc_key(doc: dict[str, Any]) -> tuple[str, int]:
    source = doc.get("source") or {}
    return source.get("path") or "", int((source.get("part") or {}).get("index") or 0)


def _max_id(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"select coalesce(max(id), 0) from [{table}]").fetchone()[0])


def _delete(db: sqlite_utils.Database, ids: list[int]) -> set[str]:
    """Delete documents and all their rows; returns the series they were in (their registers must be rebuilt)."""
    marks = ",".join("?" * len(ids))
    old_series = {r[0] for r in db.execute(f"select distinct series from meetings where id in ({marks})", ids)}
    for table, cols in FTS.items():
        # an external-content FTS5 table forgets a row when told its old values
        names = ", ".join(cols)
        db.execute(
            f"insert into {table}_fts({table}_fts, rowid, {names}) select 'delete', id, {names} from {table} "
            f"where meeting_id in ({marks})",
            ids,
        )
    for table in CHILD_TABLES:
        col = "id" if table == "meetings" else "meeting_id"
        db.execute(f"delete from [{table}] where {col} in ({marks})", ids)
    db.execute(f"delete from documents where id in ({marks})", ids)
    return {s for s in old_series if s}


def refresh_series(db: sqlite_utils.Database) -> set[str]:
    """Settle every meeting's series (spellings of one body merged; body-less documents placed); returns changed series."""
    rows = db.execute("select id, series, name_pattern, series_from, body from meetings").fetchall()
    # one spelling per body: the most common, ties by name
    spellings: dict[str, Counter[str]] = {}
    for _mid, _s, _pat, how, body in rows:
        if how == "body":
            name = series_mod.tidy(body)
            if name:
                spellings.setdefault(series_mod.key(name), Counter())[name] += 1
    canon = {k: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for k, c in spellings.items()}
    fixed: list[tuple[int, str | None, str, str]] = []
    for mid, s, pat, how, body in rows:
        if how == "body":
            name = series_mod.tidy(body)
            s = canon[series_mod.key(name)] if name else None
        fixed.append((mid, s, pat, how))
    resolved = series_mod.resolve(fixed)
    changed: set[str] = set()
    updates = [(resolved[mid], mid) for mid, s, _p, _h, _b in rows if resolved[mid] != s]
    for mid, s, *_rest in rows:
        if resolved[mid] != s:
            changed.add(resolved[mid])
            if s:
                changed.add(s)
    with db.atomic():
        if updates:
            db.conn.executemany("update meetings set series = ? where id = ?", updates)
        # tags carry their meeting's series, for Datasette's facets
        db.execute(
            "update tags set series = m.series from meetings m where m.id = tags.meeting_id and tags.series is not m.series"
        )
    return changed


def datasette_metadata(db_name: str) -> dict[str, Any]:
    """Datasette metadata for an index file named `db_name` (its stem): labels, descriptions, facets."""
    tables: dict[str, Any] = {
        "actions": {
            "description": "The action register: one row per action followed across the meetings of its series.",
            "label_column": "text",
            "facets": ["series", "status", {"array": "owners"}, "overdue"],
            "sort": "first_seen",
        },
        "action_history": {"description": "The status of each action in each meeting that mentions it.", "facets": ["status"]},
        "tags": {
            "description": "Decisions, actions, agreements and commitments found in the points.",
            "label_column": "text",
            "facets": ["type", {"array": "owners"}, "status", "series"],
        },
        "meetings": {
            "description": "One row per meeting (document).",
            "label_column": "date",
            "facets": ["series"],
            "sort_desc": "date",
        },
        "documents": {
            "description": "The indexed output documents (the JSON as extracted).",
            "label_column": "path",
            "facets": ["kind", "format"],
        },
        "participants": {
            "description": "Attendees, absentees and members as the minutes list them.",
            "label_column": "raw",
            "facets": ["list", "organisation", "redacted"],
        },
        "substitutions": {"description": "Who was replaced by whom.", "label_column": "text"},
        "agenda_items": {"description": "Numbered agenda items.", "label_column": "title"},
        "points": {
            "description": "The points (bullets) of the agenda items; full-text searchable.",
            "label_column": "text",
            "facets": ["section"],
        },
    }
    return {
        "title": "Minutes index (lrt)",
        "description": "Meetings, their points and tags, and the action register, made by lrt index.",
        "databases": {db_name: {"tables": tables}},
    }
