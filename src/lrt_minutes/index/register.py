"""The action register: every action followed across the meetings of its series.

Meetings of a series are taken in date order. An action tag with a `ref` (the number in an
action list, "2410/04") belongs to the action of that ref in the series. One without a ref is
matched, by the words it shares, to an action seen in the previous meeting (minutes restate open
actions in other words, and action lists without numbers list a closed one once more); otherwise
it is a new action. Owners must not contradict (share one, or one side names none) unless the
words are nearly the same (extracted owners of one row can differ from meeting to meeting).

Per action, per meeting where it is seen: the status the minutes give (an action-list row's
open / done); a mention without a status keeps the status it had (a new action is open). The
action's status is its status in the last meeting that mentions it; `closed_in` is the meeting
where it last became done; `overdue` means it is open and its due date lies before the latest
meeting of the series. Owners and due date are the latest ones given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

# words that say nothing about which action is meant
_STOP_WORDS = (
    "aan als bij dat de deze die dit door een en er het hier hun in is kan met moet na naar niet nog of om "
    "onder op over te ten ter tot uit van voor wat we wel wij wordt worden zal zijn zullen ook dan the and for"
)
_STOP = frozenset(_STOP_WORDS.split())
SIMILAR = 0.5
"""Share of words (Jaccard) from which a ref-less action is the same as one of the previous meeting."""
SAME = 0.8
"""Share of words from which it is the same whatever the owners say."""
_OWNER_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\ben\b|\band\b)\s*", re.I)


def split_owners(owners: list[str]) -> list[str]:
    """Owners as single names: "Dimitri, Joost, Tim" and "VNG/IPO" name several; order kept, duplicates out."""
    out: list[str] = []
    for o in owners:
        for part in _OWNER_SPLIT.split(o):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def norm_ref(ref: str) -> str:
    """An action number as a key: spaces out, case folded, a trailing dot off ("2410 / 04" is "2410/04")."""
    return re.sub(r"\s+", "", ref).rstrip(".").casefold()


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\w{3,}", text.casefold()) if w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class Action:
    """One action of a series, as it is followed."""

    ref: str | None
    key: str
    text: str
    words: frozenset[str]
    owners: list[str] = field(default_factory=list)
    due_text: str | None = None
    due_date: str | None = None
    status: str = "open"
    closed_in: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    first_meeting: int | None = None
    last_meeting: int | None = None
    from_row: bool = False
    """Whether `text` comes from an action-list row (preferred over a sentence of the text)."""


@dataclass
class Meeting:
    id: int
    date: str | None
    path: str


def follow(meetings: list[Meeting], tags: dict[int, list[dict[str, Any]]]) -> list[Action]:
    """Follow the action tags of one series' meetings (in order); `tags` maps meeting id to its action tags in order."""
    actions: list[Action] = []
    by_ref: dict[str, Action] = {}
    previous: list[Action] = []
    for m in meetings:
        here: dict[int, list[dict[str, Any]]] = {}  # id(action) -> its tags in this meeting
        order: list[Action] = []
        new_count = 0
        for t in tags.get(m.id, []):
            ref = t.get("ref")
            owners = split_owners(json.loads(t["owners"]) if isinstance(t["owners"], str) else t["owners"] or [])
            a: Action | None = None
            if ref:
                a = by_ref.get(norm_ref(ref))
                if a is None:
                    # an action first stated without its number and now listed with it
                    a = _match(t, owners, [c for c in previous if c.ref is None and id(c) not in here])
                    if a is not None:
                        a.ref = ref
                        by_ref[norm_ref(ref)] = a
            else:
                a = _match(t, owners, [c for c in previous if id(c) not in here])
            if a is None:
                new_count += 1
                key = f"ref:{norm_ref(ref)}" if ref else f"{m.date or m.path}#{new_count}"
                a = Action(ref=ref, key=key, text=t["text"], words=words(t["text"]), first_meeting=m.id)
                actions.append(a)
                if ref:
                    by_ref[norm_ref(ref)] = a
            if id(a) not in here:
                here[id(a)] = []
                order.append(a)
            here[id(a)].append(t)
        for a in order:
            _observe(a, m, here[id(a)])
        previous = order
    return actions


def _match(t: dict[str, Any], owners: list[str], candidates: list[Action]) -> Action | None:
    w = words(t["text"])
    best: tuple[float, int] | None = None
    mine = {o.casefold() for o in owners}
    for i, c in enumerate(candidates):
        s = similarity(w, c.words)
        if s < SIMILAR or len(w & c.words) < 3:
            continue
        if s < SAME and mine and c.owners and not mine & {o.casefold() for o in c.owners}:
            continue
        if best is None or s > best[0]:
            best = (s, i)
    return candidates[best[1]] if best else None


def _observe(a: Action, m: Meeting, tags: list[dict[str, Any]]) -> None:
    """Record what one meeting says about an action (its tags there, in order)."""
    rows = [t for t in tags if t.get("status")]
    status = rows[-1]["status"] if rows else a.status if a.history else "open"
    if status == "done" and (a.status != "done" or not a.history):
        a.closed_in = m.date
    if status == "open":
        a.closed_in = None
    a.status = status
    # owners: the action list's own row has the last word, then other sentences with a status, then any
    for t in sorted(rows or tags, key=lambda t: t.get("rule") == "action-list-row"):
        owners = split_owners(json.loads(t["owners"]) if isinstance(t["owners"], str) else t["owners"] or [])
        if owners:
            a.owners = owners
    for t in tags:
        if t.get("due_text"):
            a.due_text, a.due_date = t["due_text"], t.get("due_date")
    if rows and not a.from_row:
        # the action list's own row (rule action-list-row) says it best; else the first sentence with a status
        row = next((t for t in rows if t.get("rule") == "action-list-row"), rows[0])
        a.text, a.words, a.from_row = row["text"], words(row["text"]) | a.words, True
    a.history.append({"meeting_id": m.id, "date": m.date, "status": status, "tag_id": (rows or tags)[-1]["id"]})
    a.last_meeting = m.id


def rebuild(db: sqlite_utils.Database, series: list[str]) -> None:
    """Rebuild the register (tables actions and action_history) of the given series."""
    from .db import insert_rows

    with db.atomic():
        for s in series:
            ids = [r[0] for r in db.execute("select id from actions where series = ?", [s])]
            if ids:
                marks = ",".join("?" * len(ids))
                db.execute(f"delete from action_history where action_id in ({marks})", ids)
                db.execute(f"delete from actions where id in ({marks})", ids)
        next_action = int(db.execute("select coalesce(max(id), 0) from actions").fetchone()[0])
        next_hist = int(db.execute("select coalesce(max(id), 0) from action_history").fetchone()[0])
        action_rows: list[dict[str, Any]] = []
        hist_rows: list[dict[str, Any]] = []
        for s in series:
            meetings = [
                Meeting(r[0], r[1], r[2])
                for r in db.execute(
                    "select id, date, path from meetings where series = ? order by date is null, date, path, id", [s]
                )
            ]
            if not meetings:
                continue
            tags: dict[int, list[dict[str, Any]]] = {}
            cur = db.execute(
                "select t.id, t.meeting_id, t.text, t.owners, t.due_text, t.due_date, t.ref, t.status, t.rule from tags t "
                "join meetings m on m.id = t.meeting_id where m.series = ? and t.type = 'action' order by t.meeting_id, t.id",
                [s],
            )
            cols = [d[0] for d in cur.description]
            for r in cur:
                t = dict(zip(cols, r, strict=True))
                tags.setdefault(t["meeting_id"], []).append(t)
            latest = max((m.date for m in meetings if m.date), default=None)
            for a in follow(meetings, tags):
                next_action += 1
                overdue = bool(a.status == "open" and a.due_date and latest and a.due_date < latest)
                first, last = a.history[0], a.history[-1]
                action_rows.append(
                    {
                        "id": next_action,
                        "series": s,
                        "key": a.key,
                        "ref": a.ref,
                        "text": a.text,
                        "owners": json.dumps(a.owners, ensure_ascii=False),
                        "due_text": a.due_text,
                        "due_date": a.due_date,
                        "status": a.status,
                        "overdue": int(overdue),
                        "first_seen": first["date"],
                        "last_seen": last["date"],
                        "closed_in": a.closed_in,
                        "meetings": len(a.history),
                        "first_meeting_id": first["meeting_id"],
                        "last_meeting_id": last["meeting_id"],
                        "history": json.dumps([[h["date"], h["status"]] for h in a.history]),
                    }
                )
                for h in a.history:
                    next_hist += 1
                    hist_rows.append({"id": next_hist, "action_id": next_action, **h})
        insert_rows(db, {"actions": action_rows, "action_history": hist_rows})
