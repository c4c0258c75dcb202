"""Across meetings: `lrt index`, the action register, decisions, search, attendance and `lrt show`.

Most tests build small output documents with the pydantic models (the contract's shape), write
them as JSON and run the commands on them as a user would.
"""

from __future__ import annotations

import json
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lrt_minutes.cli import app
from lrt_minutes.models import (
    AgendaItem,
    Due,
    Meeting,
    MinutesDocument,
    Participant,
    Point,
    Source,
    Substitution,
    Tag,
)

from .conftest import SEEDS

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def tag(
    type_: str,
    text: str,
    owners: list[str] | None = None,
    due: tuple[str, str | None] | None = None,
    ref: str | None = None,
    status: str | None = None,
) -> Tag:
    return Tag(
        type=type_,
        text=text,
        owners=owners or [],
        due=Due(text=due[0], date=due[1]) if due else None,
        rule="action-list-row" if ref else "test",
        explicit=True,
        confidence=0.9,
        start=0,
        end=len(text),
        ref=ref,
        status=status,
    )  # type: ignore[arg-type]


def point(text: str, *tags: Tag, section: str | None = None) -> Point:
    return Point(text=text, section=section, tags=list(tags))


def doc(
    path: str,
    date: str | None,
    body: str | None = "Overleg Huisvesting",
    items: list[AgendaItem] | None = None,
    attendees: list[Participant] | None = None,
    absentees: list[Participant] | None = None,
    substitutions: list[Substitution] | None = None,
) -> MinutesDocument:
    return MinutesDocument(
        source=Source(path=path, sha256="0" * 64, format="text"),
        meeting=Meeting(body=body, date=date, start_time="10:00", end_time="11:00", location="Den Haag"),
        attendees=attendees or [],
        absentees=absentees or [],
        substitutions=substitutions or [],
        agenda_items=items or [],
    )


def item(number: str, title: str, *points: Point) -> AgendaItem:
    return AgendaItem(number=number, numbers=[int(number)], title=title, titles=[title], points=list(points))


def person(raw: str, name: str | None, org: str | None, redacted: bool = False) -> Participant:
    return Participant(raw=raw, name=name, organisation=org, redacted=redacted)


def write(folder: Path, d: MinutesDocument) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / (Path(d.source.path).stem + ".json")
    p.write_text(d.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return p


def series_of_three() -> list[MinutesDocument]:
    """Three meetings: a numbered action list that carries over, a ref-less action restated, a decision."""
    m1 = doc(
        "overleg-2024-01-10.txt",
        "2024-01-10",
        items=[
            item(
                "1",
                "Opening",
                point(
                    "Het verslag van de vorige keer is vastgesteld.",
                    tag("decision", "Het verslag van de vorige keer is vastgesteld."),
                ),
            ),
            item(
                "2",
                "Huisvesting statushouders",
                point(
                    "VNG stelt een notitie op over de huisvesting van statushouders in kleine gemeenten.",
                    tag(
                        "action",
                        "VNG stelt een notitie op over de huisvesting van statushouders in kleine gemeenten.",
                        ["VNG"],
                        due=("voor 1 februari", "2024-02-01"),
                    ),
                ),
                point(
                    "Afgesproken wordt dat de werkgroep maandelijks bijeenkomt.",
                    tag("agreement", "Afgesproken wordt dat de werkgroep maandelijks bijeenkomt."),
                ),
            ),
            item(
                "3",
                "Actielijst",
                point(
                    "Overzicht opvanglocaties rondsturen",
                    tag("action", "Overzicht opvanglocaties rondsturen", ["COA"], ref="0110/01", status="open"),
                    section="Actielijst",
                ),
                point(
                    "Brief aan gemeenten opstellen",
                    tag("action", "Brief aan gemeenten opstellen", ["BZK"], ref="0110/02", status="open"),
                    section="Actielijst",
                ),
            ),
        ],
        attendees=[
            person("Mw. De Vries (VNG)", "De Vries", "VNG"),
            person("Dhr. Bakker (COA)", "Bakker", "COA"),
            person("(JenV)", None, "JenV", redacted=True),
        ],
        absentees=[person("Dhr. Jansen (BZK)", "Jansen", "BZK")],
    )
    m2 = doc(
        "overleg-2024-03-06.txt",
        "2024-03-06",
        items=[
            item(
                "1",
                "Huisvesting",
                point(
                    "VNG stelt de notitie over huisvesting van statushouders in kleine gemeenten op.",
                    tag("action", "VNG stelt de notitie over huisvesting van statushouders in kleine gemeenten op.", ["VNG"]),
                ),
                point(
                    "Het COA gaat de capaciteit van de noodopvang in kaart brengen.",
                    tag("action", "Het COA gaat de capaciteit van de noodopvang in kaart brengen.", ["COA"]),
                ),
            ),
            item(
                "2",
                "Actielijst",
                point(
                    "Overzicht opvanglocaties rondsturen",
                    tag("action", "Overzicht opvanglocaties rondsturen", ["COA"], ref="0110/01", status="done"),
                    section="Actielijst",
                ),
                point(
                    "Brief aan gemeenten opstellen",
                    tag("action", "Brief aan gemeenten opstellen", ["BZK"], ref="0110/02", status="open"),
                    section="Actielijst",
                ),
            ),
        ],
        attendees=[person("Mw. de  vries (VNG)", "de  vries", "VNG"), person("Dhr. Jansen (BZK)", "Jansen", "BZK")],
        absentees=[person("Dhr. Bakker (COA)", "Bakker", "COA")],
        substitutions=[
            Substitution(absent="Dhr. Bakker", substitute="Mw. Smit", text="Dhr. Bakker wordt vervangen door Mw. Smit")
        ],
    )
    m3 = doc(
        "overleg-2024-05-15.txt",
        "2024-05-15",
        items=[
            item(
                "1",
                "Besluiten",
                point(
                    "Besluit: het plan voor de noodopvang wordt geaccordeerd.",
                    tag("decision", "Besluit: het plan voor de noodopvang wordt geaccordeerd.", ["BZK"]),
                ),
            ),
            item(
                "2",
                "Actielijst",
                point(
                    "Brief aan gemeenten opstellen",
                    tag("action", "Brief aan gemeenten opstellen", ["BZK"], ref="0110/02", status="open"),
                    section="Actielijst",
                ),
            ),
        ],
        attendees=[person("Mw. De Vries (VNG)", "De Vries", "VNG")],
    )
    return [m1, m2, m3]


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    for d in series_of_three():
        write(folder, d)
    return folder


@pytest.fixture
def indexed(outdir: Path, tmp_path: Path) -> Path:
    db = tmp_path / "minutes.db"
    r = run("index", outdir, "--db", db)
    assert r.exit_code == 0, r.output
    return db


def actions_json(*args: Any) -> list[dict[str, Any]]:
    r = run("actions", *args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


# ---------------------------------------------------------------------------------------------
# the register


def test_numbered_actions_are_followed_by_ref_until_closed(indexed):
    by_ref = {a["ref"]: a for a in actions_json(indexed) if a["ref"]}
    done = by_ref["0110/01"]
    assert (done["first_seen"], done["last_seen"], done["closed_in"], done["status"]) == (
        "2024-01-10",
        "2024-03-06",
        "2024-03-06",
        "done",
    )
    assert [(h["date"], h["status"]) for h in done["history"]] == [("2024-01-10", "open"), ("2024-03-06", "done")]
    still = by_ref["0110/02"]
    assert still["status"] == "open" and still["closed_in"] is None
    assert [h["date"] for h in still["history"]] == ["2024-01-10", "2024-03-06", "2024-05-15"]
    assert still["owners"] == ["BZK"]


def test_an_action_without_ref_is_matched_to_the_previous_meetings_open_action_by_its_words(indexed):
    rows = [a for a in actions_json(indexed) if a["ref"] is None]
    notitie = [a for a in rows if "notitie" in a["text"]]
    assert len(notitie) == 1, "the restated action is one action, not two"
    assert [h["date"] for h in notitie[0]["history"]] == ["2024-01-10", "2024-03-06"]
    # an action on another subject in the second meeting is an action of its own
    capaciteit = [a for a in rows if "capaciteit" in a["text"]]
    assert len(capaciteit) == 1 and capaciteit[0]["first_seen"] == "2024-03-06"


def test_overdue_means_open_with_a_due_date_before_the_latest_meeting(indexed):
    overdue = actions_json(indexed, "--overdue")
    assert [a["due"]["date"] for a in overdue] == ["2024-02-01"]
    assert all(a["status"] == "open" for a in overdue)


def test_filters_open_owner_and_series(indexed):
    assert {a["status"] for a in actions_json(indexed, "--open")} == {"open"}
    assert {tuple(a["owners"]) for a in actions_json(indexed, "--owner", "bzk")} == {("BZK",)}
    assert len(actions_json(indexed, "--series", "huisvesting")) == len(actions_json(indexed))
    r = run("actions", indexed, "--series", "Digikoppeling")
    assert r.exit_code == 2 and "no series 'Digikoppeling'" in r.stderr and "Traceback" not in r.output


def test_owners_naming_several_are_split():
    from lrt_minutes.index.register import split_owners

    assert split_owners(["Dimitri, Joost, Tim", "VNG/IPO", "Tim"]) == ["Dimitri", "Joost", "Tim", "VNG", "IPO"]
    assert split_owners(["Frank T."]) == ["Frank T."]


def test_actions_as_csv_and_on_the_fly_from_json_files(outdir):
    r = run("actions", outdir, "--format", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split(",")[:3] == ["series", "ref", "text"]
    assert any(line.startswith("Overleg Huisvesting,0110/01,") for line in lines)


def test_table_output_names_the_series_and_refs(indexed):
    r = run("actions", indexed, "--format", "table")
    assert r.exit_code == 0
    assert "Overleg Huisvesting" in r.stdout and "0110/02" in r.stdout and "overdue" in r.stdout


def test_decisions_list_meeting_item_text_and_owners(indexed):
    r = run("decisions", indexed, "--format", "json")
    rows = json.loads(r.stdout)
    assert [(d["date"], d["item"]) for d in rows] == [("2024-01-10", "1"), ("2024-05-15", "1")]
    assert rows[1]["owners"] == ["BZK"] and rows[1]["item_title"] == "Besluiten"
    since = json.loads(run("decisions", indexed, "--since", "2024-02-01", "--format", "json").stdout)
    assert [d["date"] for d in since] == ["2024-05-15"]


# ---------------------------------------------------------------------------------------------
# incremental indexing


def _ids(db: Path) -> dict[str, list[int]]:
    con = sqlite3.connect(db)
    try:
        return {t: [r[0] for r in con.execute(f"select id from {t} order by id")] for t in ("documents", "points", "tags")}
    finally:
        con.close()


def test_reindexing_unchanged_documents_leaves_them_alone(indexed, outdir):
    before = _ids(indexed)
    r = run("index", outdir, "--db", indexed)
    assert r.exit_code == 0
    assert "0 added, 0 replaced, 3 unchanged" in r.stderr
    assert _ids(indexed) == before


def test_a_changed_document_replaces_its_rows(indexed, outdir):
    d = series_of_three()[1]
    d.agenda_items[0].points[1] = point(
        "Het COA gaat de wachtlijsten voor de noodopvang publiceren.",
        tag("action", "Het COA gaat de wachtlijsten voor de noodopvang publiceren.", ["COA"]),
    )
    write(outdir, d)
    tags_before = len(_ids(indexed)["tags"])
    r = run("index", outdir, "--db", indexed)
    assert r.exit_code == 0
    assert "0 added, 1 replaced, 2 unchanged" in r.stderr
    assert len(_ids(indexed)["tags"]) == tags_before
    assert _hits(indexed, "wachtlijsten") == 1
    assert _hits(indexed, "capaciteit") == 0
    texts = [a["text"] for a in actions_json(indexed)]
    assert any("wachtlijsten" in t for t in texts) and not any("capaciteit" in t for t in texts)


def test_a_run_stopped_before_its_register_was_rebuilt_is_mended_by_the_next(outdir, tmp_path, monkeypatch):
    """Killed (or a second Ctrl-C) after the documents went in but before the register was rebuilt: the next run,
    though every document is unchanged, rebuilds the register."""
    from lrt_minutes.index import register

    whole = tmp_path / "whole.db"
    assert run("index", outdir, "--db", whole).exit_code == 0
    expected = actions_json(whole)

    def stopped(db, series):
        raise KeyboardInterrupt

    stale = tmp_path / "stale.db"
    with monkeypatch.context() as m:
        m.setattr(register, "rebuild", stopped)
        r = run("index", outdir, "--db", stale)
    assert r.exit_code == 130 and "re-run to resume" in r.stderr
    assert actions_json(stale) == []  # the documents are in, their register is not
    again = run("index", outdir, "--db", stale)
    assert again.exit_code == 0 and "0 added, 0 replaced, 3 unchanged" in again.stderr
    assert actions_json(stale) == expected
    assert run("index", outdir, "--db", stale).exit_code == 0
    assert actions_json(stale) == expected


def test_ctrl_c_while_indexing_keeps_what_was_indexed_and_a_rerun_resumes(tmp_path):
    import os
    import shutil
    import signal
    import subprocess
    import sys

    lrt = shutil.which("lrt", path=str(Path(sys.executable).parent)) or "lrt"
    src = tmp_path / "in"
    src.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for k in range(12):  # long documents, so that the run is still going when Ctrl-C comes
        (src / f"verslag-{k:02d}.txt").write_text(seeds[k % len(seeds)].read_text(encoding="utf-8") * 10, encoding="utf-8")
    db = tmp_path / "m.db"
    proc = subprocess.Popen(
        [lrt, "index", str(src), "--db", str(db), "-j", "1", "-v"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    assert proc.stderr is not None
    told = []
    while not any(": added: " in ln for ln in told):  # the first document is taken
        line = proc.stderr.readline().decode()
        assert line, told
        told.append(line)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends Ctrl-C: to lrt and its workers alike
    stdout, rest = proc.communicate(timeout=120)
    assert proc.returncode == 130 and stdout == b""
    last = rest.decode().strip().splitlines()[-1]
    m = re.fullmatch(rf"lrt: interrupted: (\d+) documents indexed, 0 unchanged, kept in {re.escape(str(db))}; re-run to resume", last)
    assert m, last
    done = int(m[1])
    assert 1 <= done < 12
    con = sqlite3.connect(db)
    try:
        assert con.execute("select count(*) from documents").fetchone()[0] == done
    finally:
        con.close()
    again = run("index", src, "--db", db, "-j", "1")
    assert again.exit_code == 0, again.stderr
    assert f"{12 - done} added, 0 replaced, {done} unchanged, 0 failed; 12 documents" in again.stderr
    fresh = tmp_path / "fresh.db"
    assert run("index", src, "--db", fresh, "-j", "1").exit_code == 0
    assert actions_json(db) == actions_json(fresh)


def _hits(db: Path, word: str) -> int:
    r = run("search", word, "--db", db, "--format", "json")
    assert r.exit_code == 0, r.output
    return len(json.loads(r.stdout))


def test_indexing_minutes_extracts_them_and_skips_unchanged_bytes(tmp_path, tagger):
    db = tmp_path / "m.db"
    folder = tmp_path / "minutes"
    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (folder / seed.name).write_bytes(seed.read_bytes())
    r = run("index", folder, "--db", db, "-j", "0")
    assert r.exit_code == 0, r.output
    assert "1 added" in r.stderr
    r = run("index", folder, "--db", db, "-j", "0")
    assert "0 added, 0 replaced, 1 unchanged" in r.stderr


def test_bad_input_is_one_line_and_costs_no_other_file(outdir, tmp_path):
    (outdir / "broken.json").write_text("{not json", encoding="utf-8")
    (outdir / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    db = tmp_path / "x.db"
    r = run("index", outdir, "--db", db)
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("lrt: error:")]
    assert len(errors) == 2 and "broken.json: decode" in errors[0] and "other.json: unsupported" in errors[1]
    assert "Traceback" not in r.output
    assert "3 added" in r.stderr


def test_a_missing_index_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("actions")
    assert r.exit_code == 2 and "lrt index" in r.stderr


# ---------------------------------------------------------------------------------------------
# search


def test_search_finds_words_with_highlighted_snippets(indexed):
    rows = json.loads(run("search", "statushouders", "--db", indexed, "--format", "json").stdout)
    assert len(rows) == 2
    assert all("«statushouders»" in r["snippet"] for r in rows)
    assert {r["date"] for r in rows} == {"2024-01-10", "2024-03-06"}


def test_search_by_type_owner_and_since_and_prefix(indexed):
    rows = json.loads(run("search", "noodopvang", "--db", indexed, "--type", "decision", "--format", "json").stdout)
    assert [(r["type"], r["date"]) for r in rows] == [("decision", "2024-05-15")]
    rows = json.loads(
        run("search", "statushouder*", "--db", indexed, "--owner", "VNG", "--since", "2024-02-01", "--format", "json").stdout
    )
    assert [(r["date"], r["owners"]) for r in rows] == [("2024-03-06", ["VNG"])]


def test_search_with_a_broken_expression_is_one_line(indexed):
    r = run("search", '"statushouders', "--db", indexed)
    assert r.exit_code == 2 and r.stderr.startswith("lrt: error: cannot search") and "Traceback" not in r.output


# ---------------------------------------------------------------------------------------------
# attendance


def test_attendance_matrix_present_absent_substituted_redacted(indexed):
    r = run("attendance", indexed, "--format", "json")
    rows = {row["person"]: row for row in json.loads(r.stdout)}
    assert rows["De Vries (VNG)"]["2024-01-10"] == "present"
    assert rows["De Vries (VNG)"]["2024-03-06"] == "present", "'de  vries' is the same person"
    assert rows["De Vries (VNG)"]["2024-05-15"] == "present"
    assert rows["Jansen (BZK)"]["2024-01-10"] == "absent" and rows["Jansen (BZK)"]["2024-03-06"] == "present"
    assert rows["Bakker (COA)"]["2024-03-06"] == "substituted"
    assert rows["█ (JenV)"]["2024-01-10"] == "redacted" and rows["█ (JenV)"]["redacted"] is True
    assert rows["Jansen (BZK)"]["2024-05-15"] is None
    csv_out = run("attendance", indexed, "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "series,person,name,organisation,redacted,2024-01-10,2024-03-06,2024-05-15"


# ---------------------------------------------------------------------------------------------
# show


class _Page(HTMLParser):
    """Collects headings, list items (with their classes) and whether anything is fetched from outside."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self.external: list[str] = []
        self.items: list[tuple[str, str]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._li: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            if a.get(k):
                self.external.append(a[k] or "")
        if tag == "li":
            self._li = []
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag not in ("meta", "link", "br"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        if tag == "li" and self._li is not None:
            cls = next((a.get("class") or "" for t, a in reversed(self.stack) if t == "li"), "")
            self.items.append((cls, "".join(self._li).strip()))
            self._li = None
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.text.setdefault(self.stack[-1][0], []).append(data)
        if self._li is not None:
            self._li.append(data)
        if self._cell is not None:
            self._cell.append(data)


def test_show_html_is_a_self_contained_readable_page(outdir, tmp_path):
    page_file = tmp_path / "m.html"
    r = run("show", outdir / "overleg-2024-01-10.json", "--html", "-o", page_file)
    assert r.exit_code == 0, r.output
    page = _Page()
    page.feed(page_file.read_text(encoding="utf-8"))
    assert page.external == [], "nothing is fetched from elsewhere"
    assert page.text["title"] == ["Overleg Huisvesting — 2024-01-10"]
    assert page.text["h1"] == ["Overleg Huisvesting"]
    assert "1. Opening" in page.text["h3"] and "2. Huisvesting statushouders" in page.text["h3"]
    present = [t for c, t in page.items if c == ""]
    assert "Mw. De Vries (VNG)" in present and "Dhr. Jansen (BZK)" in present
    actions = [t for c, t in page.items if c == "tag action"]
    assert any(t.startswith("VNG stelt een notitie") and "VNG" in t and "2024-02-01 (voor 1 februari)" in t for t in actions)
    # the action list is a table of its own, not actions of the item it stands under
    assert not any("0110/01" in t for t in actions)
    assert page.text["h2"] == ["Who was there", "Agenda", "Action list"]
    assert page.rows == [
        ["nr", "action", "owners", "due", "status"],
        ["0110/01", "Overzicht opvanglocaties rondsturen", "COA", "", "open"],
        ["0110/02", "Brief aan gemeenten opstellen", "BZK", "", "open"],
    ]
    assert [t for c, t in page.items if c == "tag agreement"] == ["Afgesproken wordt dat de werkgroep maandelijks bijeenkomt."]


def test_show_escapes_markup_in_the_minutes(tmp_path):
    d = doc(
        "x-2024-01-01.txt",
        "2024-01-01",
        body="<script>alert(1)</script>",
        items=[item("1", "A & B", point("<b>Actie</b>", tag("action", "<b>Actie</b>: VNG <zal>")))],
    )
    f = write(tmp_path, d)
    out = run("show", f, "--html").stdout
    assert "<script>" not in out and "&lt;script&gt;" in out and "<b>" not in out
    md = run("show", f).stdout
    # Markdown shows the minutes' text as written: "<actiepunt X>" is not swallowed as an HTML tag
    assert "<b>" not in md and "\\<b\\>Actie\\</b\\>" in md and "\\<script\\>" in md


def test_show_from_the_index_is_the_same_as_from_the_file(indexed, outdir):
    from_db = run("show", indexed, "--meeting", "2024-03-06")
    from_file = run("show", outdir / "overleg-2024-03-06.json")
    assert from_db.exit_code == 0 and from_db.stdout == from_file.stdout
    md = from_file.stdout
    assert md.startswith("# Overleg Huisvesting — 2024-03-06")
    assert "**Absent (1):** Dhr. Bakker (COA)" in md and "substituted: Dhr. Bakker wordt vervangen door Mw. Smit" in md
    assert "## Action list" in md and "| 0110/01 | Overzicht opvanglocaties rondsturen | COA |  | done |" in md
    r = run("show", indexed, "--meeting", "2023-01-01")
    assert r.exit_code == 2 and "no meeting on 2023-01-01" in r.stderr


# ---------------------------------------------------------------------------------------------
# help


@pytest.mark.parametrize("command", ["index", "actions", "decisions", "search", "attendance", "show"])
def test_every_index_command_has_help_with_examples(command):
    r = run(command, "--help")
    assert r.exit_code == 0 and "Examples" in r.stdout and f"lrt {command}" in r.stdout
    assert command in run("--help").stdout


def test_lrt_help_imports_neither_spacy_nor_sqlite_utils():
    import subprocess
    import sys

    code = (
        "import sys; from lrt_minutes.cli import app; "
        "print(sorted(m for m in ('spacy', 'sqlite_utils', 'datasette') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _follow(meetings: list[list[dict[str, Any]]]) -> list[Any]:
    """The register of meetings given as lists of action tags (text, owners, status), one meeting a list."""
    from lrt_minutes.index.register import Meeting, follow

    ms = [Meeting(i + 1, f"2024-0{i + 1}-01", f"m{i}.txt") for i in range(len(meetings))]
    tags: dict[int, list[dict[str, Any]]] = {}
    n = 0
    for m, ts in zip(ms, meetings, strict=True):
        for text, owners, status in ts:
            n += 1
            tags.setdefault(m.id, []).append(
                {
                    "id": n,
                    "text": text,
                    "owners": json.dumps(owners),
                    "status": status,
                    "ref": None,
                    "rule": "row",
                    "due_text": None,
                    "due_date": None,
                }
            )
    return follow(ms, tags)


def test_an_unnumbered_row_listed_again_after_it_was_closed_is_the_same_action():
    row = "Formulering op de website verbeteren ten aanzien van de genoemde partijen"
    actions = _follow([[(row, ["Logius"], "open")], [(row, ["Logius"], "done")], [(row, ["Logius"], "done")]])
    assert len(actions) == 1
    assert [h["status"] for h in actions[0].history] == ["open", "done", "done"]
    assert actions[0].closed_in == "2024-02-01"


def test_owners_only_keep_apart_actions_whose_words_differ():
    text = "Aanleveren van use case beschrijvingen en opnemen in de documentatie of in de handreiking"
    # the same row, its owner cell read differently: one action
    same = _follow([[(text, ["All"], None)], [(text + ".", ["Alle TO-leden"], None)]])
    assert len(same) == 1
    # half the words alike: the same action when the owners agree, two when they contradict
    a = "Notitie over huisvesting statushouders opstellen voor kleine gemeenten"
    b = "Notitie over huisvesting statushouders opstellen voor grote steden"
    assert len(_follow([[(a, ["VNG"], None)], [(b, ["VNG"], None)]])) == 1
    assert len(_follow([[(a, ["VNG"], None)], [(b, ["IPO"], None)]])) == 2


def test_series_option_puts_a_run_in_one_series_and_json_lines_are_read(tmp_path):
    lines = tmp_path / "all.jsonl"
    docs = series_of_three()
    docs[2].meeting.body = "Overleg Huisvesting en Opvang"  # renamed body: another series by itself
    lines.write_text("".join(d.model_dump_json() + "\n" for d in docs), encoding="utf-8")
    db = tmp_path / "s.db"
    assert run("index", lines, "--db", db).exit_code == 0
    assert {a["series"] for a in actions_json(db)} == {"Overleg Huisvesting", "Overleg Huisvesting en Opvang"}
    r = run("index", lines, "--db", db, "--series", "Huisvesting")
    assert "0 added, 3 replaced" in r.stderr
    assert {a["series"] for a in actions_json(db)} == {"Huisvesting"}
    # the ref carries on into the third meeting once it is in the same series
    by_ref = {a["ref"]: a for a in actions_json(db) if a["ref"]}
    assert by_ref["0110/02"]["last_seen"] == "2024-05-15"
    r = run("index", lines, "--db", db, "--series", "Huisvesting")
    assert "0 added, 0 replaced, 3 unchanged" in r.stderr


def test_a_document_without_a_body_joins_the_series_of_its_date_named_siblings(tmp_path):
    docs = series_of_three()
    docs[1].meeting.body = None
    out = tmp_path / "out"
    for d in docs:
        write(out, d)
    db = tmp_path / "b.db"
    assert run("index", out, "--db", db).exit_code == 0
    con = sqlite3.connect(db)
    try:
        rows = con.execute("select path, series, series_from from meetings order by path").fetchall()
    finally:
        con.close()
    assert rows[1] == ("overleg-2024-03-06.txt", "Overleg Huisvesting", "file")
    assert {r[1] for r in rows} == {"Overleg Huisvesting"}
