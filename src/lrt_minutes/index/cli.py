"""The commands `lrt index`, `lrt actions`, `lrt decisions`, `lrt search`, `lrt attendance`, `lrt show`.

Registered on the `lrt` app by `register(app)`. Only typer is imported here at module level:
sqlite-utils, rich tables and the extraction are imported when a command runs.

Longer than ~300 lines only because six commands declare their options here; each command
parses options and calls the index.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..cli_options import (
    DEFAULT_TIMEOUT,
    Password,
    PasswordFile,
    Timeout,
    Verbose,
    Workers,
    at_least,
    check_quiet_verbose,
    document_name,
    password_from,
    plural,
)

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_DB = "minutes.db"


class Fmt(str, Enum):  # noqa: UP042 - typer takes str enums
    """Output formats of the query commands."""

    table = "table"
    json = "json"
    csv = "csv"


class TagKind(str, Enum):  # noqa: UP042 - typer takes str enums
    """The tag types `--type` accepts."""

    decision = "decision"
    action = "action"
    agreement = "agreement"
    commitment = "commitment"


SOURCES_HELP = (
    f"An index made by `lrt index` (default: {DEFAULT_DB}), or output JSON / JSON Lines files or folders, or minutes "
    "files, folders and archives (indexed in memory for this command)."
)
FORMAT_HELP = "table (rich, on a terminal), json or csv. Default: table on a terminal, else json."
SERIES_HELP = "Only this series (the meeting body, e.g. 'Technisch Overleg API Design Rules'; a unique part of it will do)."


def _err(message: str) -> None:
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(message, markup=False)


def _error(name: str, kind: str, message: str) -> None:
    _err(f"lrt: error: {name}: {kind}: {' '.join(message.split())}")


def _usage(message: str) -> typer.Exit:
    _err(f"lrt: error: {message}")
    return typer.Exit(EXIT_USAGE)


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _index_paths(
    db: sqlite_utils.Database,
    paths: list[str],
    *,
    series: str | None,
    workers: int | None,
    timeout: float | None,
    password: str | None = None,
    show_progress: bool = False,
    verbose: bool = False,
) -> tuple[Any, int]:
    """Index PATHs (JSON outputs or minutes) into `db`; returns (stats, failed inputs).

    With `show_progress`, a bar on stderr (when it is a terminal) follows the extraction of minutes;
    with `verbose`, one line on stderr per document says what became of it.
    """
    import os

    from .db import Interrupted, fresh_sources, load
    from .sources import ExtractCounts, extract_minutes, extraction_key, is_json_path, read_json

    failed = 0

    bar: Any = None
    task: Any = None

    def say(line: str) -> None:
        if bar is not None:
            bar.console.print(line, markup=False, highlight=False)
        else:
            _err(line)

    def on_error(name: str, kind: str, message: str) -> None:
        nonlocal failed
        failed += 1
        say(f"lrt: error: {name}: {kind}: {' '.join(message.split())}")

    def on_document(doc: dict[str, Any], status: str) -> None:
        say(indexed_line(doc, status))

    def passed_over(outcome: Any) -> None:
        from ..cli import detail_line

        say(detail_line(outcome))

    def progress(total: int | None) -> None:
        nonlocal bar, task
        if total is not None:
            from rich.console import Console

            console = Console(stderr=True)
            if show_progress and total > 1 and console.is_terminal:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                bar = Progress(
                    TextColumn("extracting"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    console=console,
                    transient=True,
                    redirect_stdout=False,
                    redirect_stderr=False,
                )
                bar.start()
                task = bar.add_task("extracting", total=total)
        elif bar is not None:
            bar.advance(task)

    json_paths = [Path(p) for p in paths if Path(p).exists() and is_json_path(Path(p))]
    minutes = [p for p in paths if not (Path(p).exists() and is_json_path(Path(p)))]
    key = extraction_key()
    counts = ExtractCounts()

    def documents() -> Any:
        yield from read_json(json_paths, on_error)
        if minutes:
            n = (
                workers
                if workers is not None
                else max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
            )
            yield from extract_minutes(
                minutes,
                on_error,
                fresh=fresh_sources(db, key),
                key=key,
                workers=n,
                timeout=timeout,
                counts=counts,
                password=password,
                progress=progress,
                passed_over=passed_over if verbose else None,
            )

    try:
        stats = load(db, documents(), series=series, on_document=on_document if verbose else None)
    except Interrupted as e:
        e.stats.unchanged += counts.skipped
        raise
    finally:
        if bar is not None:
            bar.stop()
    stats.unchanged += counts.skipped
    return stats, failed


def indexed_line(doc: dict[str, Any], status: str) -> str:
    """What `lrt index -v` says of one document taken into the index (as `lrt extract -v` names documents)."""
    source = doc.get("source") or {}
    part = source.get("part")
    name = document_name(
        str(source.get("path")),
        (part["index"], part["of"], *part["pages"]) if isinstance(part, dict) else None,
    )
    if status == "unchanged":
        return f"lrt: {name}: unchanged since the last run"

    def tags(points: list[dict[str, Any]]) -> int:
        return sum(len(p.get("tags") or ()) + tags(p.get("children") or []) for p in points)

    items = doc.get("agenda_items") or []
    date = (doc.get("meeting") or {}).get("date")
    facts = [
        f"{doc.get('kind') or 'minutes'} of {date}" if date else f"{doc.get('kind') or 'minutes'}, no meeting date",
        plural(len(items), "agenda item"),
        plural(sum(tags(i.get("points") or []) for i in items), "tag"),
        plural(len(doc.get("warnings") or ()), "warning"),
    ]
    return f"lrt: {name}: {status}: {', '.join(facts)}"


def _index_version(path: Path) -> str | None:
    """The version of the index in `path`, or None (no file, not an index)."""
    import sqlite3

    if not _is_sqlite(path):
        return None
    try:
        con = sqlite3.connect(path)
        try:
            row = con.execute("select value from lrt_index where key = 'version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _open_sources(sources: list[str]) -> sqlite3.Connection | sqlite_utils.Database:
    """The index to query: an index file (opened with sqlite3 alone), or the given outputs / minutes indexed in memory."""
    from .db import INDEX_VERSION, ensure_schema

    if len(sources) == 1 and _is_sqlite(Path(sources[0])):
        if _index_version(Path(sources[0])) != INDEX_VERSION:
            raise _usage(
                f"{sources[0]}: not an lrt index of this version: make it again with `lrt index PATH... --db {sources[0]}`"
            )
        import sqlite3

        return sqlite3.connect(sources[0])
    missing = [s for s in sources if not Path(s).exists() and not any(c in s for c in "*?[")]
    if missing:
        if sources == [DEFAULT_DB]:
            raise _usage(f"no index {DEFAULT_DB} here: make one with `lrt index PATH... --db {DEFAULT_DB}`, or name one")
        raise _usage(f"{missing[0]}: no such file or folder")
    import sqlite_utils

    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    _stats, failed = _index_paths(db, sources, series=None, workers=None, timeout=300.0)
    if failed and not db.execute("select count(*) from documents").fetchone()[0]:
        raise typer.Exit(EXIT_FAILED)
    return db


def _fmt(fmt: Fmt | None) -> Fmt:
    if fmt is not None:
        return fmt
    return Fmt.table if sys.stdout.isatty() else Fmt.json


def _print_table(table: Any) -> None:
    from rich.console import Console

    Console(highlight=False).print(table)


def _query(fn: Any) -> Any:
    from .queries import QueryError

    try:
        return fn()
    except QueryError as e:
        raise _usage(str(e)) from None


Sources = Annotated[list[str] | None, typer.Argument(help=SOURCES_HELP, show_default=False, metavar="SOURCE")]
FmtOpt = Annotated[Fmt | None, typer.Option("--format", "-f", metavar="table|json|csv", help=FORMAT_HELP)]
SeriesOpt = Annotated[str | None, typer.Option("--series", "-s", metavar="NAME", help=SERIES_HELP)]
OwnerOpt = Annotated[
    str | None,
    typer.Option("--owner", metavar="OWNER", help="Only those with this owner (a code as 'VNG', or a name; any case)."),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="Only meetings on or after this date (YYYY-MM-DD).")
]


def _check_date(value: str | None, option: str) -> None:
    import re

    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise _usage(f"{option} takes a date as YYYY-MM-DD, not {value!r}")


# ---------------------------------------------------------------------------------------------
# the commands


def index(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Output JSON / JSON Lines files (or folders of them) from `lrt extract`, or minutes as `lrt extract` "
            "takes them (files, folders, zip / tar archives), which are extracted first.",
            show_default=False,
            metavar="PATH",
        ),
    ],
    db_path: Annotated[Path, typer.Option("--db", metavar="FILE", help="The SQLite index to create or update.")] = Path(
        DEFAULT_DB
    ),
    series: Annotated[
        str | None,
        typer.Option(
            "--series", metavar="NAME", help="Put the documents of this run in this series (default: their meeting body)."
        ),
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="FILE.json",
            help="Also write Datasette metadata (labels, facets) to this JSON file: `datasette minutes.db -m metadata.json`.",
        ),
    ] = None,
    workers: Workers = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    password: Password = None,
    password_file: PasswordFile = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line.")] = False,
    verbose: Verbose = False,
) -> None:
    """Index minutes into SQLite: meetings, participants, items, points, tags, the action register, full-text search.

    Re-running is incremental: documents whose JSON is unchanged are skipped, a changed one
    replaces its rows, and the register of every series touched is rebuilt. The file opens
    in Datasette as it is.
    """
    import json

    from .db import INDEX_VERSION, Interrupted, datasette_metadata, open_db

    check_quiet_verbose(quiet, verbose)
    password = password_from(password, password_file)
    if db_path.exists() and not _is_sqlite(db_path) and db_path.stat().st_size > 0:
        raise _usage(f"{db_path}: exists and is not an SQLite file; name another --db")
    old = _index_version(db_path)
    if old is not None and old != INDEX_VERSION:
        _err(f"lrt: {db_path}: made by another index version ({old}): made again from scratch; index all documents again")
    try:
        db = open_db(db_path)
    except Exception as e:  # a file that cannot be opened or written
        raise _usage(f"{db_path}: cannot open the index: {e}") from None
    try:
        stats, failed = _index_paths(
            db, paths, series=series, workers=workers, timeout=timeout or None, password=password,
            show_progress=not quiet, verbose=verbose,
        )  # fmt: skip
    except Interrupted as e:  # Ctrl-C: what was taken so far is in the index, its register rebuilt
        done = e.stats.added + e.stats.replaced
        _err(f"lrt: interrupted: {done} documents indexed, {e.stats.unchanged} unchanged, kept in {db_path}; re-run to resume")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except KeyboardInterrupt:  # a second Ctrl-C while the registers were rebuilt: the next run rebuilds them
        _err(f"lrt: interrupted; {db_path} keeps what was indexed; re-run to resume")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if metadata is not None:
        metadata.write_text(json.dumps(datasette_metadata(db_path.stem), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not quiet:
        total = db.execute("select count(*) from documents").fetchone()[0]
        actions_n = db.execute("select count(*) from actions").fetchone()[0]
        _err(
            f"lrt: {db_path}: {stats.added} added, {stats.replaced} replaced, {stats.unchanged} unchanged, {failed} failed; "
            f"{total} documents, {actions_n} actions in the register"
        )
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


def actions(
    sources: Sources = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only actions still open.")] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open actions whose due date passed by the latest meeting.")
    ] = False,
    owner: OwnerOpt = None,
    series: SeriesOpt = None,
    fmt: FmtOpt = None,
) -> None:
    """The action register: every action followed across the meetings of its series.

    Per action: its number (ref) when the minutes give one, owners, due date, status, the
    meetings where it was first and last seen and where it was closed, and its status in
    every meeting (history).
    """
    from . import queries, render

    db = _open_sources(sources or [DEFAULT_DB])
    rows = _query(lambda: queries.actions(db, open_only=open_only, overdue=overdue, owner=owner, series=series))
    if _fmt(fmt) is Fmt.table:
        import shutil

        color = sys.stdout.isatty() and "NO_COLOR" not in __import__("os").environ
        sys.stdout.write(render.actions_table(rows, width=shutil.get_terminal_size((100, 24)).columns, color=color))
        return
    _emit(rows, _fmt(fmt), render.ACTION_COLUMNS, render.actions_table)


def decisions(
    sources: Sources = None,
    series: SeriesOpt = None,
    since: SinceOpt = None,
    owner: OwnerOpt = None,
    fmt: FmtOpt = None,
) -> None:
    """Decisions taken, per meeting and agenda item, with who decided."""
    from . import queries, render

    _check_date(since, "--since")
    db = _open_sources(sources or [DEFAULT_DB])
    rows = _query(lambda: queries.decisions(db, series=series, since=since, owner=owner))
    _emit(rows, _fmt(fmt), render.DECISION_COLUMNS, render.decisions_table)


def search(
    query: Annotated[
        str,
        typer.Argument(
            help="Words to find (all of them), or an FTS5 expression "
            "('statushouder*', '\"eerste lezing\"', 'opvang OR huisvesting').",
            show_default=False,
            metavar="QUERY",
        ),
    ],
    db_path: Annotated[
        str, typer.Option("--db", metavar="DB|PATH", help="The index to search (or outputs / minutes, indexed in memory).")
    ] = DEFAULT_DB,
    kind: Annotated[
        TagKind | None,
        typer.Option(
            "--type",
            metavar="decision|action|agreement|commitment",
            help="Only tags of this type (searches the tags' sentences).",
        ),
    ] = None,
    owner: OwnerOpt = None,
    since: SinceOpt = None,
    series: SeriesOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", callback=at_least(1), help="At most this many hits (1 or more).")
    ] = 50,
    fmt: FmtOpt = None,
) -> None:
    """Full-text search over the points (and tags) of all meetings, with highlighted snippets."""
    from . import queries, render

    _check_date(since, "--since")
    db = _open_sources([db_path])
    rows = _query(
        lambda: queries.search(db, query, type=kind.value if kind else None, owner=owner, since=since, series=series, limit=limit)
    )
    _emit(
        rows,
        _fmt(fmt),
        render.SEARCH_COLUMNS if (kind or owner) else [c for c in render.SEARCH_COLUMNS if c not in ("type", "owners")],
        render.search_table,
    )


def attendance(
    sources: Sources = None,
    series: SeriesOpt = None,
    fmt: FmtOpt = None,
) -> None:
    """Who attended which meeting of a series: present, absent, substituted, redacted.

    One row per person (redacted names are rows of their own, per organisation), one column
    per meeting.
    """
    from . import queries, render

    db = _open_sources(sources or [DEFAULT_DB])
    tables = _query(lambda: queries.attendance(db, series=series))
    f = _fmt(fmt)
    if f is Fmt.table:
        for a in tables:
            _print_table(render.attendance_table(a))
        return
    rows = list(render.attendance_rows(tables))
    if f is Fmt.json:
        sys.stdout.write(render.to_json(rows))
        return
    columns = ["series", "person", "name", "organisation", "redacted"]
    for a in tables:
        for m in a.meetings:
            c = m["date"] or m["path"]
            if c not in columns:
                columns.append(c)
    sys.stdout.write(render.to_csv(rows, columns))


def show(
    source: Annotated[
        str,
        typer.Argument(
            help="An output JSON file, a minutes file (extracted first), or an index.", show_default=False, metavar="SOURCE"
        ),
    ],
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            "-m",
            metavar="YYYY-MM-DD",
            help="From an index: the meeting on this date (YYYY-MM-DD; default: the latest).",
        ),
    ] = None,
    series: SeriesOpt = None,
    as_html: Annotated[bool, typer.Option("--html", help="A self-contained HTML page instead of Markdown.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """One meeting as a readable summary: header, who was there, and per agenda item its decisions, actions and agreements."""
    import json

    from . import queries, render

    _check_date(meeting, "--meeting")
    path = Path(source)
    if not path.exists():
        raise _usage(f"{source}: no such file")
    docs: list[dict[str, Any]]
    if _is_sqlite(path) or (meeting is not None and path.is_dir()):
        db = _open_sources([source])
        docs = _query(lambda: queries.meeting_documents(db, date=meeting, series=series))
    elif path.is_file() and path.name.lower().endswith((".json", ".jsonl")):
        try:
            text = path.read_text(encoding="utf-8-sig")
            docs = (
                [json.loads(line) for line in text.splitlines() if line.strip()]
                if path.name.lower().endswith(".jsonl")
                else [json.loads(text)]
            )
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            _error(source, "decode", f"not an output JSON file: {e}")
            raise typer.Exit(EXIT_FAILED) from None
        if meeting is not None:
            docs = [d for d in docs if (d.get("meeting") or {}).get("date") == meeting]
            if not docs:
                raise _usage(f"{source}: no meeting on {meeting}")
    elif path.is_file():
        from .. import LrtError, extract

        try:
            docs = [json.loads(extract(path, name=path.name).model_dump_json())]
        except LrtError as e:
            _error(source, e.kind, str(e))
            raise typer.Exit(EXIT_FAILED) from None
    else:
        raise _usage(f"{source}: name a file (JSON, minutes) or an index; for a folder index it first")
    bad = [d for d in docs if not isinstance(d, dict) or "meeting" not in d]
    if bad:
        _error(source, "unsupported", "not an lrt output document (no meeting)")
        raise typer.Exit(EXIT_FAILED)
    text = "\n".join(render.html_page(d) for d in docs[:1]) if as_html else "\n---\n\n".join(render.markdown(d) for d in docs)
    if as_html and len(docs) > 1:
        _err(f"lrt: {len(docs)} meetings on that date; showing the first (name one with --series)")
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _emit(rows: list[dict[str, Any]], fmt: Fmt, columns: list[str], table: Any) -> None:
    from . import render

    if fmt is Fmt.table:
        _print_table(table(rows))
    elif fmt is Fmt.json:
        sys.stdout.write(render.to_json(rows))
    else:
        sys.stdout.write(render.to_csv(rows, columns))


def _examples(*lines: str) -> str:
    """An epilog of examples, kept line by line as written (click's \\b: no re-wrapping)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines) + "\n"


EXAMPLES = {
    "index": _examples(
        "lrt index minutes/ --db minutes.db            # PDFs / texts, extracted on the way",
        "lrt extract minutes/ -o out && lrt index out --db minutes.db",
        "lrt index out/*.json --db minutes.db --metadata metadata.json && datasette minutes.db -m metadata.json",
    )
    + "\nExit codes: 0 every input was indexed; 1 one or more inputs could not be read (each named on stderr, the others "
    "were indexed); 2 usage error; 130 interrupted (Ctrl-C; what was indexed is kept, a re-run resumes).\n",
    "actions": _examples(
        "lrt actions --open                          # the open actions in minutes.db",
        "lrt actions minutes.db --owner VNG --overdue",
        'lrt actions out/ --series "API Design Rules" --format csv > actions.csv',
    ),
    "decisions": _examples(
        "lrt decisions                               # all decisions in minutes.db",
        "lrt decisions --series LRT --since 2023-01-01 --format csv > decisions.csv",
    ),
    "search": _examples(
        "lrt search statushouders",
        'lrt search "statushouder*" --type action --owner VNG --since 2023-01-01',
        "lrt search '\"eerste lezing\"' --db minutes.db --format json",
    ),
    "attendance": _examples(
        'lrt attendance --series "Technisch Overleg OAuth"',
        "lrt attendance minutes.db --format csv > attendance.csv",
    ),
    "show": _examples(
        "lrt show out/verslag-2024-04-25.json",
        "lrt show minutes.db --meeting 2024-10-24 --series OAuth --html -o oauth-2024-10-24.html",
        "lrt show verslag.pdf | less",
    ),
}
"""The examples each command shows under its options (`lrt COMMAND -h`)."""


def register(app: typer.Typer) -> None:
    """Add the index commands to the `lrt` app."""
    for fn in (index, actions, decisions, search, attendance, show):
        app.command(fn.__name__, epilog=EXAMPLES[fn.__name__])(fn)
