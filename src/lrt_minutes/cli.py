"""The `lrt` command: parses arguments, calls the library, prints, sets exit codes.

Longer than ~300 lines because of what a user reads: every option of `lrt extract` with
its help text and examples, the checks of option combinations, and the run summary. Each
command still calls one function (`batch.command.extract_paths`, `models.json_schema`, ...).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from .cli_options import (
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
    range_words,
    usage_error,
)
from .limits import DEFAULT_MEMORY_MB

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from .batch.dask_pool import Connector
    from .batch.report import Report
    from .batch.runner import Outcome

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as shells report a command stopped with Ctrl-C."""
EXIT_OUTPUT_CLOSED = 141
"""128 + SIGPIPE, as shells report a command whose reader went away (`lrt extract … | head -1`)."""

EXIT_CODES_HELP = (
    "Exit codes: 0 every document was extracted; 1 one or more inputs could not be read "
    "(each named on stderr, the others were still written); 2 usage error; 130 interrupted (Ctrl-C; "
    "a re-run into the same -o folder resumes); 141 standard output was closed by its reader (| head)."
)

MAIN_EXAMPLES = """Examples:

\b
  lrt extract minutes/ -o out                 # out/<name>.json per document
  lrt extract verslag.pdf | jq .meeting.date  # JSON on stdout, messages on stderr
  lrt index out --db minutes.db && lrt actions --open
  lrt COMMAND -h                              # a command's options and examples
"""

app = typer.Typer(
    name="lrt",
    help="Turn Dutch government meeting minutes (LRT verslagen) into structured JSON.\n\n" + EXIT_CODES_HELP,
    epilog=MAIN_EXAMPLES,
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OcrMode(StrEnum):
    """When `lrt extract` reads PDF pages by OCR."""

    auto = "auto"
    always = "always"
    never = "never"


class OutputFormat(StrEnum):
    """Output formats of `lrt extract`."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


class CsvDialect(StrEnum):
    """CSV dialects of `lrt extract -f csv`."""

    excel = "excel"
    excel_nl = "excel-nl"


def _cores() -> int:
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"lrt-minutes {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn Dutch government meeting minutes (LRT verslagen) into structured JSON."""


EXTRACT_EXAMPLES = """Examples:

\b
  lrt extract verslag.pdf                  # one JSON Lines record on stdout
  lrt extract verslag.pdf -f json          # the same, as one pretty document
  lrt extract minutes/ -o out              # out/<name>.json each; re-runs redo what changed
  lrt extract minutes/ -o all.jsonl        # every document in one JSON Lines file
  lrt extract minutes/ | jq .meeting.date  # JSON on stdout; progress, errors on stderr
  lrt extract release.zip -o out --report run.json
  lrt extract minutes/ -o out -f csv       # out/tags.csv, out/participants.csv
  lrt extract minutes/ -o out -f xlsx      # out/minutes.xlsx for Excel, numbers kept as text
  LRT_PASSWORD=secret lrt extract locked.pdf
"""


def _readable_arguments() -> None:
    """Placeholders as Unix tools write them: `PATH...` for a required argument, `[SOURCE]...` for an optional one.

    Typer labels an argument with its Python type ("PATH <list[str]>") and writes a required
    one in braces on the usage line ("{PATH}..."); an argument with a metavar shows just that.
    """
    from typer.core import TyperArgument

    original = getattr(TyperArgument, "display_type_rich", None)
    if original is None or getattr(original, "readable", False):
        return

    def display_type_rich(self: TyperArgument, ctx: typer.Context) -> str | None:
        return None if self.metavar else original(self, ctx)

    def usage_name(self: TyperArgument) -> str:
        name = self.metavar or (self.name or "").upper()
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    display_type_rich.readable = True  # type: ignore[attr-defined]
    setattr(TyperArgument, "display_type_rich", display_type_rich)  # noqa: B010 - a method replaced on the class
    if hasattr(TyperArgument, "_usage_display_name"):
        setattr(TyperArgument, "_usage_display_name", usage_name)  # noqa: B010 - a method replaced on the class


_readable_arguments()


@app.command(epilog=EXTRACT_EXAMPLES + "\n" + EXIT_CODES_HELP)
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Minutes files (.txt or .pdf), folders (searched recursively), zip / tar / tar.gz archives "
            "(read member by member), quoted globs (\"minutes/**/*.pdf\"), or - for text on stdin.",
            show_default=False,
            metavar="PATH",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUTDIR|FILE.jsonl",
            help="Write OUTDIR/<name>.json per document (sub-folders kept), or every document into one JSON Lines "
            "file (-o all.jsonl), instead of JSON Lines on stdout.",
        ),
    ] = None,
    csv_dialect: Annotated[
        CsvDialect,
        typer.Option(
            "--csv-dialect",
            metavar="excel|excel-nl",
            help="excel: commas (pandas, most tools); excel-nl: semicolons and decimal commas, as Excel with Dutch "
            "settings opens a CSV file by double-click.",
        ),
    ] = CsvDialect.excel,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", metavar="json|jsonl|csv|xlsx",
            help="json (one file per document with -o OUTDIR; on stdout, one pretty document for one input file), "
            "jsonl (one line per document), csv (OUTDIR/tags.csv and OUTDIR/participants.csv; needs -o), or xlsx "
            "(OUTDIR/minutes.xlsx, the same tables as sheets, agenda and point numbers kept as text; needs -o). "
            "Default: json with -o OUTDIR, else jsonl.",
        ),
    ] = None,
    tags: Annotated[bool, typer.Option("--tags/--no-tags", help="Tag decisions, actions, agreements, commitments.")] = True,
    password: Password = None,
    password_file: PasswordFile = None,
    ocr: Annotated[
        OcrMode,
        typer.Option(
            "--ocr",
            metavar="auto|always|never",
            help="Read PDF pages with Tesseract (Dutch): auto, the pages without a text layer; always, every page "
            "(also over another tool's OCR layer); never. Needs pip install 'lrt-minutes[ocr]' and the system "
            "packages tesseract-ocr and tesseract-ocr-nld.",
        ),
    ] = OcrMode.auto,
    workers: Workers = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    memory: Annotated[
        int,
        typer.Option(
            "--memory", metavar="MB", callback=at_least(0),
            help="Memory (MB) a worker may take for one document beyond what it holds after start; past it the "
            "document fails with 'memory' (0: no limit).",
        ),
    ] = DEFAULT_MEMORY_MB,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Extract every document again, even those whose output is up to date or that failed before."
        ),
    ] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            help="Try again the documents that failed in an earlier run into the same -o folder "
            "(by default a re-run reports them failed again without reading them, as long as their bytes are unchanged).",
        ),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="FILE", help="Write a JSON report of the run (status, time, error of every document)."),
    ] = None,
    kinds: Annotated[
        str,
        typer.Option(
            "--kinds", metavar="KIND,...", autocompletion=lambda incomplete: _complete_kinds(incomplete),
            help="Which kinds of document to extract, comma-separated, from minutes, agenda, decision-list, "
            "action-list, other, or 'all'. Documents of other kinds (a decision letter, e-mail or inventory in a "
            "Woo release) are classified and reported as skipped.",
        ),
    ] = "minutes,agenda,decision-list,action-list",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    verbose: Verbose = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask", metavar="ADDRESS",
            help="Extract on a Dask cluster: a scheduler (tcp://host:8786; -j is then the cluster's) or 'local' "
            "(-j worker processes on this machine). Same outputs, re-runs and report; inputs are read here and "
            "sent to the workers, outputs written here. Needs pip install 'lrt-minutes[dask]'.",
        ),
    ] = None,
) -> None:
    """Extract minutes into JSON: one document per input, or per part of a file that holds several.

    A file holding several documents (a Woo release, minutes of several meetings) is split by
    page range into parts, written as OUTDIR/<name>.part-01.json, .part-02.json, ...; parts of
    kinds not chosen with --kinds are reported as skipped. With -o, a re-run leaves alone
    documents whose bytes and settings are unchanged since the last run into the same folder
    (kept in OUTDIR/.lrt-manifest); --force redoes them.
    """
    from .batch.command import ExtractRequest, FolderBusy, RequestError, extract_paths, is_jsonl_file
    from .batch.job import Options
    from .batch.pool import WorkerStartError

    jsonl_file = output is not None and is_jsonl_file(output)
    if fmt is None:
        fmt = OutputFormat.json if output is not None and not jsonl_file else OutputFormat.jsonl
    if jsonl_file and fmt is not OutputFormat.jsonl:
        _usage(f"-o {output} writes one JSON Lines file; --format {fmt.value} needs -o OUTDIR (a folder)")
    if fmt in (OutputFormat.csv, OutputFormat.xlsx) and output is None:
        _usage(f"--format {fmt.value} writes files and needs -o OUTDIR")
    if fmt is OutputFormat.xlsx:
        import importlib.util

        if importlib.util.find_spec("openpyxl") is None:
            _usage("--format xlsx needs openpyxl: pip install 'lrt-minutes[xlsx]'")
    if fmt is OutputFormat.json and output is None and not _one_file(paths):
        _usage("--format json on stdout prints one document: give one file, or -o OUTDIR for several")
    if output is not None and not jsonl_file and output.exists() and not output.is_dir():
        _usage(f"{output}: -o needs a folder (or a file ending in .jsonl), and this is a file")
    check_quiet_verbose(quiet, verbose)
    chosen = _kinds(kinds)
    password = password_from(password, password_file)

    if ocr is OcrMode.always:
        from .read.ocr import available

        missing = available()
        if missing:
            err.print(f"lrt: error: --ocr always: {missing}", markup=False)
            raise typer.Exit(EXIT_USAGE)

    executor = None
    if dask is not None:
        executor = _dask_connector(dask, workers)
    request = ExtractRequest(
        paths=paths,
        options=Options(
            tags=tags, password=password, ocr=ocr.value, workers=_cores() if workers is None else workers,
            timeout=timeout or None, kinds=chosen, memory_mb=memory or None,
        ),
        format=fmt.value,
        output=output,
        force=force,
        retry_failed=retry_failed,
        report=report,
        csv_dialect=csv_dialect.value,
        executor=executor,
    )
    try:
        rep = extract_paths(request, _Terminal(quiet, verbose))
    except WorkerStartError as e:
        err.print(f"lrt: error: {e}", markup=False)
        raise typer.Exit(EXIT_FAILED) from None
    except RequestError as e:
        err.print(f"lrt: error: {e}", markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    except FolderBusy as e:
        err.print(f"lrt: error: {e}", markup=False)
        raise typer.Exit(EXIT_FAILED) from None
    if rep.stopped == "output-closed":
        _silence_stdout()
        raise typer.Exit(EXIT_OUTPUT_CLOSED)
    if rep.stopped == "interrupted":
        done = rep.done
        resume = "re-run to resume" if output is not None else "re-run with -o OUTDIR to make runs resumable"
        err.print(f"lrt: interrupted: {done} documents done, {rep.left()} left; {resume}", markup=False)
        raise typer.Exit(EXIT_INTERRUPTED)
    if not quiet:
        _summary(rep)
    raise typer.Exit(EXIT_FAILED if rep.counts()["failed"] else EXIT_OK)


def _dask_connector(address: str, workers: int | None) -> Connector:
    """How --dask reaches its cluster; a usage error when Dask is not installed or the address cannot be one."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        _usage("--dask needs Dask: pip install 'lrt-minutes[dask]'")
    from .batch.dask_pool import LOCAL, Connector
    from .batch.runner import memory_cap

    if address != LOCAL and ("://" not in address or address.startswith("://")):
        _usage(f"--dask {address}: give a scheduler address (tcp://host:8786) or 'local'")
    if address == LOCAL and workers == 0:
        _usage("--dask local runs worker processes: give -j 1 or more")
    n = _cores() if workers is None else workers
    return Connector(address, max(1, min(n, memory_cap())))


def _usage(message: str) -> NoReturn:
    usage_error(message)


def _one_file(paths: list[str]) -> bool:
    """Whether the arguments name one file (or stdin), not folders, archives or patterns."""
    from .batch.archive import is_archive

    if len(paths) != 1:
        return False
    return paths[0] == "-" or (Path(paths[0]).is_file() and not is_archive(paths[0]))


def _silence_stdout() -> None:
    """The reader of stdout has gone: point stdout at /dev/null so that exiting does not complain again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _complete_kinds(incomplete: str) -> list[str]:
    """Shell completion of --kinds: the kinds not yet named, after those typed (`minutes,a` → `minutes,agenda`)."""
    from .classify import KINDS

    typed, _, last = incomplete.rpartition(",")
    named = [k for k in typed.split(",") if k]
    head = typed + "," if typed else ""
    choices = [*KINDS, "all"] if not named else list(KINDS)
    return [head + k for k in choices if k.startswith(last.lower()) and k not in named]


def _kinds(value: str) -> tuple[str, ...] | None:
    """The --kinds value as a tuple of kinds (None for all); a usage error for an unknown kind."""
    from .classify import KINDS

    words = [w.strip().lower() for w in value.split(",") if w.strip()]
    if words == ["all"]:
        return None
    unknown = [w for w in words if w not in KINDS]
    if unknown or not words:
        err.print(
            f"lrt: error: --kinds {value!r}: choose from {', '.join(KINDS)} (comma-separated), or all", markup=False
        )
        raise typer.Exit(EXIT_USAGE)
    return tuple(k for k in KINDS if k in words)


class _Terminal:
    """What the user sees of a run on stderr: one line per error, a progress bar for several documents."""

    def __init__(self, quiet: bool, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def error(self, name: str, kind: str, message: str) -> None:
        _error(name, kind, message)

    def start(self, total: int) -> None:
        if self.quiet or total <= 1 or not err.is_terminal:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err, transient=True, redirect_stdout=False, redirect_stderr=False,
        )  # fmt: skip
        # (rich would otherwise send what is written to stdout, the JSON, to the terminal through the bar)
        self.progress.start()
        self.task = self.progress.add_task("extracting", total=total)

    def advance(self, name: str) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()

    def done(self, outcome: Outcome) -> None:
        if self.verbose and outcome.status != "failed":  # a failure has had its line already
            err.print(detail_line(outcome), markup=False)


def detail_line(o: Outcome) -> str:
    """What `lrt extract -v` says of one document that was extracted, skipped or left unchanged."""
    name = document_name(o.name, o.part)
    if o.status == "unchanged":
        return f"lrt: {name}: unchanged since the last run"
    if o.status == "skipped":
        why = f" ({', '.join(o.kind_reasons)})" if o.kind_reasons else ""
        return f"lrt: {name}: {o.doc_kind or 'other'}, skipped{why}"

    facts = [o.doc_kind or "minutes"]
    if o.part is None and o.pages is not None:
        facts.append(plural(o.pages, "page"))
    facts += [plural(o.items, "agenda item"), plural(o.tags, "tag"), plural(o.warnings, "warning")]
    if o.part is None:
        facts.append(f"{o.seconds:.2f} s")
    elif o.part[0] == o.part[1]:
        facts.append(f"{o.seconds:.2f} s for the file")
    return f"lrt: {name}: {', '.join(facts)}"


def _summary(rep: Report) -> None:
    """A table of the run on stderr (for more than one document), then one summary line."""
    counts = rep.counts()
    if len(rep.outcomes) > 1:
        from rich.table import Table
        from rich.text import Text

        table = Table(title="lrt extract", title_justify="left", show_edge=False)
        table.add_column("status")
        table.add_column("documents", justify="right")
        for status in ("ok", "skipped", "unchanged", "failed"):
            table.add_row(status, str(counts[status]))
        err.print(table)
        passed = [o for o in rep.outcomes if o.status == "skipped"]
        if passed:
            t = Table(title="skipped (classified, not extracted)", title_justify="left", show_edge=False)
            t.add_column("document")
            t.add_column("pages")
            t.add_column("kind")
            t.add_column("why")
            for o in passed[:20]:
                pages = "" if o.part is None else f"{o.part[2]}-{o.part[3]}" if o.part[2] != o.part[3] else str(o.part[2])
                t.add_row(Text(o.name), pages, Text(o.doc_kind or ""), Text(", ".join(o.kind_reasons)))
            if len(passed) > 20:
                t.add_row(Text(f"… and {len(passed) - 20} more (see --report)"), "", "", "")
            err.print(t)
        slow = [o for o in rep.slowest() if o.seconds > 0]
        if slow:
            t = Table(title="slowest", title_justify="left", show_edge=False)
            t.add_column("document")
            t.add_column("seconds", justify="right")
            for o in slow:
                t.add_row(Text(o.name), f"{o.seconds:.2f}")
            err.print(t)
        failed = rep.failed()
        if failed:
            t = Table(title="failed", title_justify="left", show_edge=False)
            t.add_column("document")
            t.add_column("kind")
            t.add_column("why")
            for o in failed:
                t.add_row(Text(o.name), Text(o.kind or ""), Text(o.message or ""))
            err.print(t)
    skipped = ""
    if counts["skipped"]:
        by_kind = ", ".join(f"{n} {k}" for k, n in rep.skipped_kinds().items())
        skipped = f", {counts['skipped']} skipped ({by_kind})"
    unchanged = f", {counts['unchanged']} unchanged" if counts["unchanged"] else ""
    err.print(
        f"lrt: {counts['ok']} documents, {rep.warnings()} warnings, {counts['failed']} failed{skipped}{unchanged}",
        markup=False,
    )


def _error(name: str, kind: str, message: str) -> None:
    message = " ".join(message.split())
    err.print(f"lrt: error: {name}: {kind}: {message}", markup=False)


@app.command(epilog="Examples:\n\n\b\n  lrt schema > lrt-minutes.schema.json\n  lrt schema | jq '.properties | keys'\n")
def schema() -> None:
    """Print the JSON Schema of the output (generated from the models)."""
    from .models import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n")


RESOLUTIONS = (36, 600)
"""The resolutions `lrt inspect --resolution` draws at (dots per inch)."""


@app.command(
    epilog="Examples:\n\n\b\n  lrt inspect verslag.pdf --page 2 -o page-2.png\n"
    "  lrt inspect scan.pdf -p 1 -o p1.png --resolution 150\n"
)
def inspect(
    pdf: Annotated[Path, typer.Argument(metavar="FILE.pdf", help="The PDF to look at.", show_default=False)],
    page: Annotated[
        int, typer.Option("--page", "-p", metavar="N", callback=at_least(1), help="The page (1 is the first).")
    ] = 1,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE.png", help="Where the picture goes (default: <name>.page-N.png)."),
    ] = None,
    resolution: Annotated[
        int,
        typer.Option(
            "--resolution", metavar="DPI", callback=at_least(*RESOLUTIONS),
            help=f"Dots per inch of the picture, {range_words(*RESOLUTIONS)}.",
        ),
    ] = 100,
    password: Password = None,
    password_file: PasswordFile = None,
) -> None:
    """Draw what lrt saw on a PDF page: column boundary, furniture, headings, bullets, table cells, redactions.

    The side column's boundary, the page furniture taken out, agenda headings, bullets,
    where table rows are cut into cells, and redaction boxes. The picture is the page
    rendered by pdfplumber with lrt's reading drawn over it; the legend and the count of
    each kind of line go to stdout.
    """
    from .errors import LrtError
    from .visual import STYLE, draw, view_page

    password = password_from(password, password_file)
    try:
        data = pdf.read_bytes()
    except OSError as e:
        kind = "not-found" if isinstance(e, FileNotFoundError) else "unreadable"
        _error(str(pdf), kind, e.strerror or str(e))
        raise typer.Exit(EXIT_FAILED) from None
    try:
        view = view_page(data, page, password)
        target = output or pdf.with_name(f"{pdf.stem}.page-{page}.png")
        draw(data, view, target, resolution, password)
    except LrtError as e:
        _error(str(pdf), e.kind, str(e))
        raise typer.Exit(EXIT_FAILED) from None
    except OSError as e:
        _error(str(target), "write", e.strerror or str(e))
        raise typer.Exit(EXIT_FAILED) from None
    boundary = "none" if view.boundary is None else f"x = {view.boundary:g} pt"
    lines = [f"{pdf.name}, page {page} of {view.pages}: {target}", f"side-column boundary: {boundary}"]
    counts = view.counts()
    for kind in STYLE:
        r, g, b, _ = STYLE[kind][0]
        lines.append(f"  {kind:<14} {counts.get(kind, 0):>4}   outline #{r:02x}{g:02x}{b:02x}")
    sys.stdout.write("\n".join(lines) + "\n")


# across meetings: lrt index / actions / decisions / search / attendance / show (lrt_minutes/index/cli.py)
from .index.cli import register as _register_index  # noqa: E402

_register_index(app)


def main() -> None:
    """Entry point of the `lrt` script: a bug is reported on one line, never as a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("lrt: interrupted", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit as e:
        # typer turns a Ctrl-C that no command handled into exit 130 without a word; say it (the commands that
        # handle Ctrl-C themselves say more, and their exit does not come from an interrupt typer caught)
        if e.code == EXIT_INTERRUPTED and isinstance(getattr(e.__context__, "__cause__", None), KeyboardInterrupt):
            err.print("lrt: interrupted", markup=False)
        raise
    except Exception as e:  # pragma: no cover - only a bug gets here
        err.print(f"lrt: internal error: {e.__class__.__name__}: {' '.join(str(e).split())}", markup=False)
        sys.exit(EXIT_FAILED)
