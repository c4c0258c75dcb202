"""Benchmark: `lrt index` from output JSON, and `lrt actions` on an index of 1,000 meetings.

Usage: python bench/bench_index.py [--meetings 1000] [--series 10] [--keep DIR]

Generates the output JSON of N meetings (default 1,000) in S series (default 10), with the
shape real minutes give: 6-10 agenda items of 3-8 points, tagged decisions / agreements /
actions in the text, 15 attendees and a few absentees, and an action list whose numbered rows
carry over from meeting to meeting (open, then done a few meetings later, some never closed)
with owners and due dates. Then times, each as a fresh process (`python -m lrt_minutes ...`,
start-up included):

- `lrt index OUT --db DB` into a new index (documents/s), and the same again (all unchanged);
- `lrt actions DB --format json`, `lrt actions DB --open --format table`, `lrt actions DB --overdue --owner VNG`,
  best of 3;
- `lrt search`, best of 3.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ORGS = ["VNG", "IPO", "COA", "BZK", "SJenV", "JenV", "SZW", "IND", "DJI", "Logius", "Geonovum", "KvK"]
_WORDS = (
    "huisvesting statushouders opvang gemeenten provincies capaciteit noodopvang afspraken planning wetsvoorstel "
    "uitvoering standaard versie consultatie werkgroep voorstel notitie overzicht financiering monitoring regie "
    "spreidingswet doorstroom locaties signalen knelpunten evaluatie rapportage besluitvorming ketenpartners"
)
WORDS = _WORDS.split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize() + "."


def tag(
    type_: str, text: str, owners: list[str], due: dict | None = None, ref: str | None = None, status: str | None = None
) -> dict:
    return {
        "type": type_,
        "text": text,
        "owners": owners,
        "due": due,
        "rule": "action-list-row" if ref else "bench",
        "explicit": True,
        "confidence": 0.9,
        "start": 0,
        "end": len(text),
        "page": 2,
        "ref": ref,
        "status": status,
    }


def generate(out: Path, meetings: int, n_series: int, seed: int = 7) -> int:
    """Write `meetings` output documents into `out`; returns the number of tags written."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    per_series = max(1, meetings // n_series)
    n_tags = 0
    written = 0
    for s in range(n_series):
        body = f"Overleg {WORDS[s % len(WORDS)].capitalize()} {s + 1}"
        people = [(f"Persoon{s}-{i}", rng.choice(ORGS)) for i in range(20)]
        open_rows: list[dict] = []
        day = date(2020, 1, 6) + timedelta(days=s)
        for k in range(per_series if s < n_series - 1 else meetings - written):
            day += timedelta(days=14)
            iso = day.isoformat()
            ref_prefix = day.strftime("%d%m")
            items = []
            for i in range(rng.randint(6, 10)):
                points = []
                for _ in range(rng.randint(3, 8)):
                    text = sentence(rng, rng.randint(8, 30))
                    tags = []
                    r = rng.random()
                    if r < 0.08:
                        tags.append(tag("decision", text, [rng.choice(ORGS)]))
                    elif r < 0.12:
                        tags.append(tag("agreement", text, []))
                    elif r < 0.22:
                        due = (
                            {"text": "binnen twee weken", "date": (day + timedelta(days=14)).isoformat()}
                            if rng.random() < 0.4
                            else None
                        )
                        tags.append(tag("action", text, [rng.choice(ORGS)], due))
                    points.append({"text": text, "section": None, "children": [], "tags": tags, "page": 2, "line": 10})
                items.append(
                    {
                        "number": str(i + 1),
                        "numbers": [i + 1],
                        "title": sentence(rng, 3)[:-1].upper(),
                        "titles": [],
                        "points": points,
                        "page": 1,
                        "line": 20,
                    }
                )
            # the action list: rows still open carry over, some close, new ones are added
            rows = []
            still = []
            for row in open_rows:
                done = rng.random() < 0.35
                rows.append({**row, "status": "done" if done else "open"})
                if not done:
                    still.append(row)
            for j in range(rng.randint(1, 4)):
                due = {"text": "voor de volgende vergadering", "date": (day + timedelta(days=28)).isoformat()}
                row = {
                    "ref": f"{ref_prefix}/{k:02d}{j}",
                    "text": sentence(rng, rng.randint(6, 16)),
                    "owners": [rng.choice(ORGS)],
                    "due": due if rng.random() < 0.6 else None,
                }
                rows.append({**row, "status": "open"})
                still.append(row)
            open_rows = still
            items.append(
                {
                    "number": str(len(items) + 1),
                    "numbers": [len(items) + 1],
                    "title": "ACTIELIJST",
                    "titles": [],
                    "points": [
                        {
                            "text": r["text"],
                            "section": "Actielijst",
                            "children": [],
                            "page": 3,
                            "line": 40,
                            "tags": [tag("action", r["text"], r["owners"], r["due"], r["ref"], r["status"])],
                        }
                        for r in rows
                    ],
                    "page": 3,
                    "line": 38,
                }
            )
            n_tags += sum(len(p["tags"]) for it in items for p in it["points"])
            present = rng.sample(people, 15)
            absent = [p for p in people if p not in present][:3]
            doc = {
                "schema_version": "1",
                "source": {
                    "path": f"series-{s:02d}/verslag-{iso}.pdf",
                    "sha256": f"{s:04d}{k:060d}",
                    "format": "pdf",
                    "pages": 4,
                    "encoding": None,
                },
                "meeting": {
                    "body": body,
                    "date": iso,
                    "start_time": "10:00",
                    "end_time": "12:00",
                    "location": "Den Haag",
                    "document_date": iso,
                    "description": None,
                    "chair": None,
                    "minute_taker": None,
                    "kenmerk": None,
                },
                "attendees": [
                    {
                        "raw": f"{n} ({o})",
                        "honorific": None,
                        "name": n,
                        "organisation": o,
                        "redacted": False,
                        "redaction_ground": None,
                        "role": None,
                        "page": 1,
                        "line": 5,
                    }
                    for n, o in present
                ],
                "absentees": [
                    {
                        "raw": f"{n} ({o})",
                        "honorific": None,
                        "name": n,
                        "organisation": o,
                        "redacted": False,
                        "redaction_ground": None,
                        "role": None,
                        "page": 1,
                        "line": 8,
                    }
                    for n, o in absent
                ],
                "members": [],
                "substitutions": [],
                "agenda_items": items,
                "redactions": 0,
                "warnings": [],
            }
            folder = out / f"series-{s:02d}"
            folder.mkdir(exist_ok=True)
            (folder / f"verslag-{iso}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            written += 1
    return n_tags


def timed(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of `python -m lrt_minutes ARGS` as a fresh process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lrt_minutes", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "160"},
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--meetings", type=int, default=1000)
    ap.add_argument("--series", type=int, default=10)
    ap.add_argument("--keep", type=Path, help="Keep the generated JSON and the index in this folder.")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="lrt-bench-index-"))
    try:
        out, db = work / "out", work / "minutes.db"
        shutil.rmtree(out, ignore_errors=True)
        for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            p.unlink(missing_ok=True)
        t0 = time.perf_counter()
        n_tags = generate(out, a.meetings, a.series)
        size = sum(p.stat().st_size for p in out.rglob("*.json"))
        print(
            f"generated {a.meetings} meetings in {a.series} series: {n_tags} tags, {size / 1e6:.1f} MB of JSON "
            f"({time.perf_counter() - t0:.1f} s)"
        )
        print(
            f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; wall = elapsed, CPU = user + system "
            "of the lrt process (what it costs whatever else runs)"
        )
        wall, cpu = timed(["index", str(out), "--db", str(db), "-q"])
        print(
            f"lrt index, new index:      wall {wall:6.2f} s {a.meetings / wall:6.0f} documents/s | "
            f"CPU {cpu:6.2f} s {a.meetings / cpu:6.0f} documents/s  (fresh process, start-up included)"
        )
        wall, cpu = timed(["index", str(out), "--db", str(db), "-q"])
        print(
            f"lrt index, all unchanged:  wall {wall:6.2f} s {a.meetings / wall:6.0f} documents/s | "
            f"CPU {cpu:6.2f} s {a.meetings / cpu:6.0f} documents/s"
        )
        import sqlite3

        con = sqlite3.connect(db)
        n_actions, n_open = con.execute("select count(*), sum(status = 'open') from actions").fetchone()
        con.close()
        print(f"index: {db.stat().st_size / 1e6:.1f} MB, {n_actions} actions in the register ({n_open} open)")
        for label, args in (
            ("lrt actions --format json", ["actions", str(db), "--format", "json"]),
            ("lrt actions --open --format table", ["actions", str(db), "--open", "--format", "table"]),
            ("lrt actions --overdue --owner VNG", ["actions", str(db), "--overdue", "--owner", "VNG", "--format", "json"]),
            ("lrt search statushouders --type action", ["search", "statushouders", "--db", str(db), "--type", "action"]),
            ("lrt attendance --format csv", ["attendance", str(db), "--format", "csv"]),
        ):
            runs = [timed(args) for _ in range(3)]
            wall = min(w for w, _ in runs)
            cpu = min(c for _, c in runs)
            print(f"{label + ':':42s} wall {wall:5.2f} s | CPU {cpu:5.2f} s  (best of 3, fresh process)")
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
