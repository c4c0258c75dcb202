"""Which series a meeting belongs to.

A series is the meetings of one body: the meeting body as the minutes name it ("Technisch
Overleg API Design Rules"), whitespace tidied; two bodies that differ only in case, spacing
or punctuation are one series. A document whose body is unknown joins the series of the
documents whose file names differ from its own only in digits (the date: "to-adr-2026-03-03.pdf"
beside "to-adr-2025-12-02.pdf"); failing that its file-name pattern is its series. `lrt index
--series NAME` overrides all of this for the documents of that run.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

UNKNOWN = "(unknown)"


def tidy(body: str | None) -> str | None:
    """The body as a series name: whitespace collapsed, trailing punctuation off; None when empty."""
    if not body:
        return None
    name = re.sub(r"\s+", " ", body).strip().strip(".,;:-–— ")
    return name or None


def key(name: str) -> str:
    """What two spellings of one series share: letters and digits, case folded."""
    return re.sub(r"[\W_]+", "", name.casefold())


def name_pattern(path: str) -> str:
    """A document's file name with its digits taken out ("to-adr-#-#-#"): siblings of a series share it."""
    inner = path.split("!/")[-1]
    p = PurePosixPath(inner.replace("\\", "/"))
    folder = p.parent.as_posix()
    stem = p.name.split(".")[0]
    stem = re.sub(r"\.part-\d+$", "", stem)
    pattern = re.sub(r"\d+", "#", stem.casefold())
    return f"{folder}/{pattern}" if folder not in ("", ".") else pattern


def resolve(rows: list[tuple[int, str | None, str, str]]) -> dict[int, str]:
    """Series per meeting id, from (id, body, file name pattern, how: 'body' | 'option' | 'file').

    Meetings whose series is fixed (by body or option) keep it; the others take the most common
    fixed series among the meetings with their file name pattern, or the pattern itself.
    """
    fixed: dict[int, str] = {}
    by_pattern: dict[str, Counter[str]] = {}
    for mid, series, pattern, how in rows:
        if how in ("body", "option") and series:
            fixed[mid] = series
            by_pattern.setdefault(pattern, Counter())[series] += 1
    out: dict[int, str] = dict(fixed)
    for mid, _series, pattern, _how in rows:
        if mid in out:
            continue
        counts = by_pattern.get(pattern)
        if counts:
            # most common, ties broken by name so that the result does not depend on order
            out[mid] = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        else:
            out[mid] = pattern.rsplit("/", 1)[-1].strip("#-_ .") or UNKNOWN
    return out
