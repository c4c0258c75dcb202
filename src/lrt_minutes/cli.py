"""The `lrt` command: parses arguments, calls the library, prints, sets exit codes."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Annotated

import typer
from rich.console import Console

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

EXIT_CODES_HELP = (
    "Exit codes: 0 every document was extracted; 1 one or more inputs could not be read "
    "(each named on stderr, the others were still written); 2 usage error."
)

app = typer.Typer(
    name="lrt",
    help="Turn Dutch government meeting minutes (LRT verslagen) into structured JSON.\n\n" + EXIT_CODES_HELP,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    """Output formats of `lrt extract`."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"


DEFAULT_TIMEOUT = 300.0


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


@app.command(epilog=EXIT_CODES_HELP)
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Minutes files (.txt or .pdf), folders (searched recursively), zip / tar / tar.gz archives "
            "(read member by member), or - for text on stdin.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write OUTDIR/<name>.json per document (sub-folders kept) instead of JSON Lines on stdout."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f",
            help="json (one file per document; needs -o), jsonl, or csv (OUTDIR/tags.csv and OUTDIR/participants.csv; "
            "needs -o). Default: json with -o, else jsonl.",
        ),
    ] = None,
    tags: Annotated[bool, typer.Option("--tags/--no-tags", help="Tag decisions, actions, agreements, commitments.")] = True,
    password: Annotated[str | None, typer.Option("--password", help="Password for encrypted PDFs.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", min=0, help="Worker processes (default: the number of cores; 0: none, and no timeout)."
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0, help="Seconds one document may take before it is stopped and reported as failed (0: no limit)."
        ),
    ] = DEFAULT_TIMEOUT,
    force: Annotated[
        bool, typer.Option("--force", help="Extract every document again, even those whose output is up to date.")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a JSON report of the run (status, time, error of every document).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Extract minutes into JSON: one document per input.

    With -o, a re-run skips documents whose bytes and settings are unchanged since the last
    run into the same folder (kept in OUTDIR/.lrt-manifest); --force redoes them.
    """
    import time

    from .batch.runner import Manifest, Options, Outcome, Report, WorkerStartError, run, settings_key
    from .export.formats import CsvSink, write_atomic
    from .batch.inputs import expand

    if fmt is None:
        fmt = OutputFormat.json if output else OutputFormat.jsonl
    if fmt in (OutputFormat.json, OutputFormat.csv) and output is None:
        err.print(f"lrt: error: --format {fmt.value} writes files and needs -o OUTDIR", markup=False)
        raise typer.Exit(EXIT_USAGE)

    if output is not None and output.exists() and not output.is_dir():
        err.print(f"lrt: error: {output}: -o needs a folder, and this is a file", markup=False)
        raise typer.Exit(EXIT_USAGE)

    t_start = time.perf_counter()
    files, missing = expand(paths)
    rep = Report()
    for miss in missing:
        _error(miss.arg, miss.kind, miss.message)
        rep.add(Outcome(miss.arg, PurePosixPath(), "failed", kind=miss.kind, message=miss.message))

    opts = Options(
        tags=tags,
        password=password,
        workers=_cores() if workers is None else workers,
        timeout=timeout or None,
        render=fmt.value,  # type: ignore[arg-type]
    )
    manifest = None
    if output is not None and fmt is not OutputFormat.csv:
        manifest = Manifest(output, settings_key(opts, fmt.value), ".json" if fmt is OutputFormat.json else ".jsonl")
    csv_sink = CsvSink(output) if fmt is OutputFormat.csv and output is not None else None

    progress = None
    if not quiet and len(files) > 1 and err.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err, transient=True,
        )  # fmt: skip
        progress.start()
        task = progress.add_task("extracting", total=len(files))
    completed = False
    try:
        skip = None if (manifest is None or force) else manifest.fresh
        for o in run(files, opts, skip=skip):
            if o.status == "ok":
                try:
                    if csv_sink is not None:
                        csv_sink.write_rows(*o.rendered)  # type: ignore[misc]
                    elif manifest is not None:
                        write_atomic(manifest.target(o.output), o.rendered)  # type: ignore[arg-type]
                    else:
                        sys.stdout.write(o.rendered)  # type: ignore[arg-type]
                        sys.stdout.flush()
                except OSError as e:  # disk full, no permission: this document failed, the batch goes on
                    o.status, o.kind, o.message = "failed", "write", f"cannot write the output: {e.strerror or e}"
                else:
                    if manifest is not None and o.sha256 is not None:
                        manifest.record(o.name, o.output, o.sha256)
            if o.status == "failed":
                _error(o.name, o.kind or "error", o.message or "")
                if manifest is not None:
                    manifest.forget_name(o.name)
            rep.add(o)
            if progress is not None:
                progress.advance(task)
        completed = True
    except WorkerStartError as e:
        err.print(f"lrt: error: {e}", markup=False)
        raise typer.Exit(EXIT_FAILED) from None
    finally:
        if progress is not None:
            progress.stop()
        if csv_sink is not None:
            csv_sink.close(ok=completed)
        if manifest is not None:
            try:
                manifest.save()
            except OSError as e:
                _error(str(output), "write", f"cannot save the re-run record: {e.strerror or e}")
    rep.seconds = time.perf_counter() - t_start
    if report is not None:
        try:
            write_atomic(report, json.dumps(rep.to_dict(), indent=2, ensure_ascii=False) + "\n")
        except OSError as e:
            _error(str(report), "write", f"cannot write the report: {e.strerror or e}")
            rep.outcomes.append(Outcome(str(report), PurePosixPath(), "failed", kind="write", message=str(e)))
    if not quiet:
        _summary(rep)
    raise typer.Exit(EXIT_FAILED if rep.counts()["failed"] else EXIT_OK)


def _summary(rep: object) -> None:
    """A table of the run on stderr (for more than one document), then one summary line."""
    from .batch.runner import Report

    assert isinstance(rep, Report)
    counts = rep.counts()
    if len(rep.outcomes) > 1:
        from rich.table import Table
        from rich.text import Text

        table = Table(title="lrt extract", title_justify="left", show_edge=False)
        table.add_column("status")
        table.add_column("documents", justify="right")
        for status in ("ok", "skipped", "failed"):
            table.add_row(status, str(counts[status]))
        err.print(table)
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
    skipped = f", {counts['skipped']} unchanged (skipped)" if counts["skipped"] else ""
    err.print(
        f"lrt: {counts['ok']} documents, {rep.warnings()} warnings, {counts['failed']} failed{skipped}",
        markup=False,
    )


def _error(name: str, kind: str, message: str) -> None:
    message = " ".join(message.split())
    err.print(f"lrt: error: {name}: {kind}: {message}", markup=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output (generated from the models)."""
    from .models import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> None:
    """Entry point of the `lrt` script: a bug is reported on one line, never as a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("lrt: interrupted", markup=False)
        sys.exit(130)
    except Exception as e:  # pragma: no cover - only a bug gets here
        err.print(f"lrt: internal error: {e.__class__.__name__}: {' '.join(str(e).split())}", markup=False)
        sys.exit(EXIT_FAILED)
