"""Options and helpers that several `lrt` commands share, defined once so that they read and behave alike.

`lrt extract`, `lrt index` and `lrt inspect` take a password the same three ways; `extract`
and `index` share -j, --timeout and -v. Only typer is imported here: `lrt --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

EXIT_USAGE = 2


def usage_error(message: str) -> NoReturn:
    """One line `lrt: error: MESSAGE` on stderr, exit code 2."""
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(f"lrt: error: {message}", markup=False)
    raise typer.Exit(EXIT_USAGE)


def range_words(low: float, high: float | None = None) -> str:
    """A range of values as a user reads it: '0 or more', '36 to 600'."""
    return f"{low:g} or more" if high is None else f"{low:g} to {high:g}"


def at_least(low: float, high: float | None = None) -> Callable[[float | None], float | None]:
    """A callback that refuses a number below `low` (or above `high`) in words.

    Used instead of typer's `min=` / `max=`, which label the option `[x>=0]` in the help and
    answer "Input should be greater than or equal to 0"; the help text says the range instead.
    """

    def check(value: float | None) -> float | None:
        if value is not None and (value < low or (high is not None and value > high)):
            raise typer.BadParameter(f"{value:g}: give {range_words(low, high)}")
        return value

    return check


# --- a password for encrypted PDFs: the environment, a file, or (shown in `ps`) the command line --------------

PASSWORD_ENV = "LRT_PASSWORD"

Password = Annotated[
    str | None,
    typer.Option(
        "--password", metavar="PASSWORD", envvar=PASSWORD_ENV, show_envvar=True,
        help="Password for encrypted PDFs. On the command line it shows in `ps`: prefer the LRT_PASSWORD "
        "environment variable or --password-file.",
    ),
]  # fmt: skip
PasswordFile = Annotated[
    Path | None,
    typer.Option("--password-file", metavar="FILE", help="Read the password for encrypted PDFs from the first line of FILE."),
]


def password_from(password: str | None, password_file: Path | None) -> str | None:
    """The password to use: the first line of --password-file (without its line end) when given, else --password /
    LRT_PASSWORD; a usage error when the file cannot be read."""
    if password_file is None:
        return password
    try:
        with password_file.open(encoding="utf-8") as f:
            line = f.readline()
    except (OSError, UnicodeDecodeError) as e:
        usage_error(f"--password-file {password_file}: cannot read it: {getattr(e, 'strerror', None) or e}")
    return line.rstrip("\r\n")


# --- running many documents: workers, time, what is said ----------------------------------------------------

DEFAULT_TIMEOUT: float = 300

Workers = Annotated[
    int | None,
    typer.Option(
        "--workers", "-j", metavar="N", callback=at_least(0),
        help="Worker processes (default: the number of cores; 0: none, everything in the lrt process, and no timeout).",
    ),
]  # fmt: skip
Timeout = Annotated[
    float,
    typer.Option(
        "--timeout", metavar="SECONDS", callback=at_least(0),
        help="Seconds one document may take before it is stopped and reported as failed (0: no limit).",
    ),
]  # fmt: skip
Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v",
        help="One line on stderr per document as it is done: its kind, agenda items, tags and warnings (or that it "
        "was unchanged since the last run, or skipped and why). Standard output is not affected.",
    ),
]  # fmt: skip


def check_quiet_verbose(quiet: bool, verbose: bool) -> None:
    """-q and -v together are a usage error."""
    if quiet and verbose:
        usage_error("-q (less) and -v (more) exclude each other: choose one")


def document_name(name: str, part: tuple[int, int, int, int] | None) -> str:
    """How a -v line names a document: the file, and for a part of a file of several, which part and pages."""
    if part is None:
        return name
    index, of, first, last = part
    pages = f"page {first}" if first == last else f"pages {first}-{last}"
    return f"{name} (part {index} of {of}, {pages})"


def plural(count: int, word: str) -> str:
    """'1 tag', '2 tags'."""
    return f"{count} {word}" + ("" if count == 1 else "s")
