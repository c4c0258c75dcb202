"""Where one document ends and the next begins, page by page.

A Woo release is often one PDF holding a decision letter, its inventory and the released
documents; minutes of several meetings come in one file. Each page is looked at for what
starts a document and for what carries one on; the pages between two starts are a part.

Carries on (the page belongs to the document before it):
- the page counter goes on: "Pagina 3 van 5" after "Pagina 2 van 5";
- the document-number stamp is the same as the page before ("689883 00007" on both).

Starts (unless the page carries on):
- a document-number stamp that differs from the page before (or appears where there was none);
  an inventory (its heading, or a table header naming how each document was assessed) starts
  a part even inside a page counter;
- a page counter that starts again ("Pagina 1 van 4");
- an e-mail header at the top (Van / Aan / Onderwerp / Verzonden, two or more);
- a letterhead at the top ("Retouradres", a salutation "Geachte …");
- a meeting's own header at the top: a title word ("Verslag", "Agenda") or a meeting word
  ("overleg", "bijeenkomst") with a date on that line or on a line of its own under it,
  that is not the same as the top of the page before (a running header);
- a heading "Bijlage bij …" at the top (a document sent with a decision, as against "Bijlage 2: …",
  which carries the document before on);
- the page before ended with a sign-off ("Hoogachtend,", "Met vriendelijke groet", "De rapporteur,");
- pages with text after two or more pages without a text layer (or at the start of the file).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..classify.kind import ends_document, is_email_header, is_inventory, patterns, title_kind
from ..dutch.dates import find_date, is_date_only
from ..read.text import Line

PAGE_COUNTER = re.compile(r"\bPagina\s+(?P<n>\d{1,4})\s+(?:van|/)\s+(?P<m>\d{1,4})\b", re.I)
# a document-number stamp alone on the first or last line of a page: "689883 00007", "Doc. nr. 12", "Document 0042"
STAMP = re.compile(
    r"^\s*(?:(?:doc(?:ument)?\.?|documentnummer|nr\.?)\s*(?:nr\.?|nummer)?\s*:?\s*)?"
    r"(?P<id>\d{1,10})(?:[\s._/-]+(?P<seq>\d{1,6}))?\s*$",
    re.I,
)
# an annex heading opening a page: "Bijlage 2: …", "Bijlage A", "Annex" — it belongs to the document before
ANNEX = re.compile(r"^\W*(?:bijlage|bijlagen|annex|appendix)\b(?!\s+bij\b)", re.I)
# "Bijlage bij het besluit …", "Bijlage bij Wob-besluit …": a document released with a decision, a part of its own
ENCLOSURE = re.compile(r"^\W*bijlage\s+bij\b", re.I)
STRONG = ("new-stamp", "inventory", "page-counter-restarts", "text-after-pages-without-text")
"""Starts that hold even on a page that seems to carry on (an inventory inside the letter's page counter)."""
DATE_LABEL = re.compile(r"^\s*(?:vergaderdatum|datum|d\.d\.|gehouden op|op)\b", re.I)
TOP = 8
"""Non-empty lines at the top of a page where a document's start shows."""
BOTTOM = 4
"""Non-empty lines at the bottom of a page where a sign-off shows."""


@dataclass(slots=True)
class PagePart:
    """A run of pages that holds one document, and why it starts where it does."""

    first: int
    last: int
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Page:
    number: int
    lines: list[str]
    counter: tuple[int, int] | None = None
    stamp: str | None = None
    columns: tuple[float, ...] = ()
    """For a page that is mostly table rows: the left edges of its columns."""


def _is_stamp(text: str) -> bool:
    m = STAMP.match(text)
    if not m:
        return False
    ident, seq = m["id"], m["seq"] or ""
    if not text.strip()[0].isdigit():  # "Doc. nr. 12": a label says so
        return True
    # a year ("2026"), a page number ("12") or a counter ("3/4") is no document number:
    # five digits or more, or a number of three or more with a sequence number of three or more
    return len(ident) >= 5 or (len(ident) >= 3 and len(seq) >= 3)


def _stamp(lines: list[str]) -> str | None:
    """A document-number stamp on the last line(s) or the first line of a page ("689883 00005" may be two lines)."""
    if not lines:
        return None
    tail = lines[-2:] if len(lines) >= 2 and all(t.strip().isdigit() for t in lines[-2:]) else lines[-1:]
    joined = " ".join(" ".join(tail).split())
    if _is_stamp(joined):
        return joined
    if _is_stamp(lines[0]):
        return " ".join(lines[0].split())
    return None


def _pages(lines: list[Line], side: list[Line], count: int) -> list[_Page]:
    pages = [_Page(n, []) for n in range(1, count + 1)]
    by_page: list[list[Line]] = [[] for _ in range(count)]
    for ln in lines:
        if ln.page is not None and 1 <= ln.page <= count and ln.text.strip():
            pages[ln.page - 1].lines.append(ln.text.strip())
            by_page[ln.page - 1].append(ln)
    for ln in [*lines, *side]:
        if ln.page is None or not 1 <= ln.page <= count:
            continue
        m = PAGE_COUNTER.search(ln.text) if "pag" in ln.text.lower() else None  # (a quick test first)
        if m and pages[ln.page - 1].counter is None:
            pages[ln.page - 1].counter = (int(m["n"]), int(m["m"]))
    for p in pages:
        p.stamp = _stamp(p.lines)
        p.columns = _columns(by_page[p.number - 1])
    _drop_page_numbers(pages)
    return pages


COLUMN_TOLERANCE = 12.0
"""Points two column edges may differ by and still be one column."""


def _columns(lines: list[Line]) -> tuple[float, ...]:
    """The column edges of a page of table rows (most lines cut into cells): edges that a third of the rows share."""
    rows = [ln.cells for ln in lines if ln.cells]
    if len(rows) < 5 or len(rows) < 0.6 * len(lines):
        return ()
    edges: list[list[float]] = []  # clusters of left edges
    for row in rows:
        for x, _ in row:
            for cluster in edges:
                if abs(cluster[0] - x) <= COLUMN_TOLERANCE:
                    cluster.append(x)
                    break
            else:
                edges.append([x])
    columns = tuple(sorted(c[0] for c in edges if len(c) >= len(rows) / 3))
    return columns if len(columns) >= 2 else ()  # one column is no table


def _same_table(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two pages of table rows have (mostly) the same columns."""
    shared = sum(1 for x in a if any(abs(x - y) <= COLUMN_TOLERANCE for y in b))
    return shared >= 0.5 * max(len(a), len(b))


def _drop_page_numbers(pages: list[_Page]) -> None:
    """Stamps that count up by one a page are page numbers, not document numbers."""
    stamped = [p for p in pages if p.stamp is not None]
    if len(stamped) < 2:
        return
    ids: list[int] = []
    for p in stamped:
        m = STAMP.match(p.stamp or "")
        if not m or m["seq"]:
            return
        ids.append(int(m["id"]))
    if all(b == a + 1 for a, b in itertools.pairwise(ids)):
        for p in stamped:
            p.stamp = None


def _meeting_header(top: list[str]) -> tuple[str, str] | None:
    """The title line and date of a meeting's own header block, if the top of a page opens with one."""
    p = patterns()
    for i, line in enumerate(top[:2]):
        words = line.split()
        # a title: short, opening with a capital, not a sentence ending in a full stop, not a bullet
        if len(words) > 16 or not line[:1].isupper() or line.rstrip().endswith("."):
            continue
        head = " ".join(words[:3])
        # the title or meeting word opens the line ("Verslag …", "Tweede bijeenkomst …"), as a title does
        if title_kind([head]) is None and p.meeting_word.search(head) is None:
            continue
        dated = find_date(line)
        if dated and dated[1].start() > 0 and "/" not in line[max(0, dated[1].start() - 1) : dated[1].start()]:
            return line, dated[0].isoformat()
        below = top[i + 1] if i + 1 < len(top) else ""
        found = find_date(below)
        # on the line under the title: the date alone, or after a date label ("Vergaderdatum: …", "d.d. …")
        if found and (is_date_only(below) or DATE_LABEL.match(below)):
            return line, found[0].isoformat()
    return None


def opening_date(lines: list[Line]) -> tuple[str, Line] | None:
    """The meeting date of a document whose first lines are a meeting's header ("Tweede bijeenkomst werkgroep" over
    "02-07-2020", "Verslag overleg X 21/09/2020"), with the line it stands on; None otherwise."""
    top = [ln for ln in lines if ln.text.strip()][:TOP]
    found = _meeting_header([ln.text.strip() for ln in top])
    if found is None:
        return None
    line = next(ln for ln in top if ln.text.strip() == found[0])
    return found[1], line


def _letterhead(top: list[str]) -> bool:
    p = patterns()
    return any(re.match(r"^\W*retouradres\b", t, re.I) for t in top) or any(
        p.opening.match(t) and len(t.split()) <= 8 for t in top
    )


def _starts(page: _Page, before: _Page | None, gap: int) -> tuple[list[str], list[str]]:
    """Why `page` starts a document, and why it carries on the one before (either may be empty)."""
    starts: list[str] = []
    carries: list[str] = []
    top = page.lines[:TOP]
    if before is None:
        return ["first-page"], []
    if page.stamp is not None and page.stamp == before.stamp:
        carries.append("same-stamp")
    elif page.stamp is not None:
        starts.append("new-stamp")
    if is_inventory(top):
        starts.append("inventory")
    if page.counter and before.counter and page.counter[1] == before.counter[1] and page.counter[0] == before.counter[0] + 1:
        carries.append("page-counter")
    elif page.counter and page.counter[0] == 1:
        starts.append("page-counter-restarts")
    if not page.lines:
        return [], ["no-text"]
    if gap >= 2:
        starts.append("text-after-pages-without-text")
    if is_email_header(top):
        starts.append("email-header")
    if _letterhead(top):
        starts.append("letterhead")
    header = _meeting_header(top)
    if header is not None and header != _meeting_header(before.lines[:TOP]):  # the same on the page before: a running header
        starts.append("meeting-header")
    if before.lines and ends_document(before.lines[-BOTTOM:]):
        starts.append("sign-off-before")
    if page.columns and before.columns and not _same_table(page.columns, before.columns):
        starts.append("table-columns-change")
    if top and ANNEX.match(top[0]):
        carries.append("annex-heading")
    elif top and ENCLOSURE.match(top[0]):
        starts.append("enclosure-heading")
    return starts, carries


def split_pages(lines: list[Line], pages: int | None, side: list[Line] | None = None) -> list[PagePart]:
    """The parts of a document by page range; one part for a file without pages or with one document."""
    if not pages or pages < 2:
        return [PagePart(1, pages or 1, ["first-page"])]
    info = _pages(lines, side or [], pages)
    parts: list[PagePart] = []
    gap = 0  # pages without text just before this one
    lead = True  # no page with text seen yet
    for k, page in enumerate(info):
        before = info[k - 1] if k else None
        starts, carries = _starts(page, before, gap if not lead else max(gap, 2 if gap else 0))
        strong = [s for s in starts if s in STRONG]
        if before is None or strong or (starts and not carries):
            parts.append(PagePart(page.number, page.number, starts))
        else:
            parts[-1].last = page.number
        if page.lines:
            gap, lead = 0, False
        else:
            gap += 1
    return parts
