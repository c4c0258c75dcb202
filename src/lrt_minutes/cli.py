"""The `lrt` command: parses arguments, calls the library, prints, sets exit codes."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
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
            help="Minutes files (.txt or .pdf), folders (searched recursively), or - for text on stdin.",
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
        typer.Option("--format", "-f", help="json (one file per document; needs -o) or jsonl. Default: json with -o, else jsonl."),
    ] = None,
    tags: Annotated[bool, typer.Option("--tags/--no-tags", help="Tag decisions, actions, agreements, commitments.")] = True,
    password: Annotated[str | None, typer.Option("--password", help="Password for encrypted PDFs.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line.")] = False,
) -> None:
    """Extract minutes into JSON: one document per input."""
    from .api import extract_bytes, read_source
    from .errors import LrtError
    from .export import to_json, to_jsonl, write_atomic
    from .inputs import expand

    if fmt is None:
        fmt = OutputFormat.json if output else OutputFormat.jsonl
    if fmt is OutputFormat.json and output is None:
        err.print("lrt: error: --format json writes one file per document and needs -o OUTDIR", markup=False)
        raise typer.Exit(EXIT_USAGE)

    files, missing = expand(paths)
    failures = 0
    for miss in missing:
        failures += 1
        _error(miss.arg, "not-found", miss.message)

    tagger = None
    n_docs = n_warnings = 0
    progress = None
    if not quiet and len(files) > 1 and err.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err, transient=True,
        )  # fmt: skip
        progress.start()
        task = progress.add_task("extracting", total=len(files))
    try:
        for item in files:
            try:
                data = sys.stdin.buffer.read() if item.path is None else read_source(item.path)[0]
                if tags and tagger is None:
                    from .nlp import default_tagger

                    tagger = default_tagger()
                doc = extract_bytes(data, name=item.name, tagger=tagger, tags=tags, password=password)
            except LrtError as e:
                failures += 1
                _error(item.name, e.kind, str(e) or e.__class__.__name__)
            except Exception as e:
                failures += 1
                _error(item.name, "internal", f"{e.__class__.__name__}: {e}")
            else:
                n_docs += 1
                n_warnings += len(doc.warnings)
                if output is not None and fmt is OutputFormat.json:
                    write_atomic(output / item.output, to_json(doc))
                elif output is not None:
                    write_atomic((output / item.output).with_suffix(".jsonl"), to_jsonl(doc))
                else:
                    sys.stdout.write(to_jsonl(doc))
                    sys.stdout.flush()
            if progress is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    if not quiet:
        err.print(f"lrt: {n_docs} documents, {n_warnings} warnings, {failures} failed", markup=False)
    raise typer.Exit(EXIT_FAILED if failures else EXIT_OK)


def _error(name: str, kind: str, message: str) -> None:
    message = " ".join(message.split())
    err.print(f"lrt: error: {name}: {kind}: {message}", markup=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output (generated from the models)."""
    from .models import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> None:
    """Entry point of the `lrt` script."""
    app()
