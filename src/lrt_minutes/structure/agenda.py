"""Structure, part 2: agenda items, their points, sub-bullets and sections.

Longer than ~300 lines: finding items (headings, wrapped and joint titles, items in a
table agenda) and cutting their bodies into points are one pass over the same lines. The
point reader (`parse_points` onwards) is the next cut.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from ..clean.lines import bullet_kind, join_lines, strip_bullet
from ..dutch.vocabulary import abbreviation_end
from ..read.text import Line
from .header import header_end, is_sentence, is_table_head
from .lexicons import labels

AGENDA_HEADS = labels().agenda_heads
"""Column heads that make a table an agenda ("Nr. | Onderwerp"), not an action list ("Nr | Actie | Wie")."""

# An agenda item heading. Examples:
#   "1. Algemeen"   "3) Huisvesting"   "0. Opening"
#   "Agendapunt 3: Voortgang huisvesting"   "Agendapunt 3 – Huisvesting"   "Punt 4 Rondvraag"
HEADING = re.compile(
    r"^(?:(?:agendapunt|agenda\s+punt|punt|ad)\s+(?P<n1>\d{1,2})(?P<s1>[a-h](?![\w.]))?\s*[.:)–-]?"
    r"|(?P<n2>\d{1,2})(?P<s2>[a-h])?\s*[.)])"
    r"(?:\s+(?P<title>\S.*))?$",
    re.I,
)
# a number in a table cell of its own, left of the title's cell: "3" | "Memo beleid", "3." | ..., "3a" | ...
NUMBER_CELL = re.compile(r"^(?P<n>\d{1,2})(?P<s>[a-h])?[.)]?$")
# A further number inside a heading line: several items on one line ("2. X 3. Y 4. Z")
INLINE_NUMBER = re.compile(r"(?<=\s)(?P<n>\d{1,2})\.\s+(?=[^\W\d_])")
# "(Agendapunten 2, 3 en 4 zijn in gezamenlijkheid toegelicht)", "Agendapunt 2 en 3 worden samen behandeld"
JOINT_NOTE = re.compile(  # possessive: the numbers, then the rest, each read once (was quadratic in the line)
    r"^\(?\s*(?:de\s+)?agendapunt(?:en)?\s+(?P<nums>\d{1,2}(?!\d)(?:\s*+(?:,|en|&|t/m|tot\s+en\s+met|-|–)\s*+\d{1,2}(?!\d))++)"
    r"\b(?P<rest>[^)]*+)\)?\s*+\.?$",
    re.I,
)
_JOINT_WORDS = re.compile(r"gezamenlijk|samen|tegelijk|gecombineerd|in\s+samenhang|als\s+één", re.I)
# Words that leave a title unfinished at a line end: "... EN", "Plan van aanpak versterking van"
_OPEN_END = re.compile(r"(?:\b(?:en|of|van|de|het|der|voor|met|op|in|over|inzake|tot|bij|aan|&)|[,&/–-])$", re.I)
# a line or sentence that ends in an abbreviation has not ended: "... dhr.", "... o.a."
ABBREVIATION_END = abbreviation_end()


# A line that opens with a written marker starts a point of its own, also in paragraph text:
# "Besluit: ...", "Actie BZK: ...", "<actiepunt Logius> ...", "Toezegging: ..."
MARKER_LINE = re.compile(
    r"^(?:<\s*(?:besluit|actie(?:punt)?|afspraak|toezegging)\b[^>]*>|"
    r"(?:besluit|besluiten|actie|actiepunt|afspraak|afspraken|werkafspraak|toezegging)\b[^:.]{0,30}:)",
    re.I,
)


@dataclass(slots=True)
class RawPoint:
    """A point while it is being assembled from lines."""

    lines: list[str]
    page: int | None
    lineno: int
    section: str | None
    children: list[RawPoint] = field(default_factory=list)
    _joined: tuple[tuple[str, ...], str] = field(default=((), ""), repr=False, compare=False)
    """The lines `text` was last made of, and that text (it is read several times once the point is complete)."""

    @property
    def text(self) -> str:
        """The point's text: its lines joined, hyphenation repaired."""
        lines = tuple(self.lines)
        if lines != self._joined[0]:
            self._joined = (lines, join_lines(self.lines))
        return self._joined[1]

    def settle(self) -> None:
        """The point is complete: its text is made once more at most, and every reader (tagging, the output)
        shares that one string; the lines are let go (a long document's points are not held twice)."""
        self._joined = ((), self.text)
        self.lines = []
        for child in self.children:
            child.settle()


@dataclass(slots=True)
class RawItem:
    """An agenda item while it is being assembled."""

    numbers: list[int]
    titles: list[str]
    page: int | None
    lineno: int
    points: list[RawPoint] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    joint_note: str | None = None
    suffix: str = ""
    """The letter of a sub-item as printed: "a" of "1a"."""
    numbered: bool = True
    """False for headings printed without a number (numbered by their order) and for the one item
    that holds the body of a document without items."""
    row_cells: tuple[tuple[float, str], ...] = ()
    """The cells of the heading's line when the heading is a table row (number | title | ...)."""
    column_points: list[RawPoint] = field(default_factory=list)
    """Points read from a table agenda's right-hand column (see `agenda_table`), after the body's points."""

    @property
    def number(self) -> str | None:
        """"3", or "2-4" for items discussed jointly; None for an item without a number."""
        if not self.numbers:
            return None
        if len(self.numbers) == 1:
            return f"{self.numbers[0]}{self.suffix}"
        return f"{self.numbers[0]}-{self.numbers[-1]}"


def parse_heading(text: str) -> tuple[int, str] | None:
    """(number, title) when a line opens an agenda item; titles start with a capital."""
    hit = _heading(text)
    if hit is None or (hit[3] and not hit[2]):
        return None  # "3." alone on a line: only an item when a title follows (see find_items)
    return hit[0], hit[2]


def _title_case(title: str) -> bool:
    if not title:
        return False
    return title[0].isupper() or (title[0] in "\"'‘“(" and title[1:2].isupper()) or _BRAND.match(title) is not None


def _heading(text: str) -> tuple[int, str, str, bool] | None:
    """(number, suffix, title, bare) of a heading line; bare: a number with a dot or bracket and no title."""
    m = HEADING.match(text)
    if not m:
        return None
    title = (m["title"] or "").strip()
    number = int(m["n1"] or m["n2"])
    suffix = (m["s1"] or m["s2"] or "").lower()
    if title and (not _title_case(title) or is_sentence(title)):
        return None  # "2. Het verstrekken van informatie blijft achterwege voor zover dit:": a list, not an item
    return number, suffix, title, m["n2"] is not None and not title


def _cell_heading(line: Line) -> tuple[int, str, str] | None:
    """(number, suffix, title) of a table row whose first cell is a number and whose second cell starts a title."""
    if len(line.cells) < 2:
        return None
    m = NUMBER_CELL.match(line.cells[0][1].strip())
    title = line.cells[1][1].strip()
    if not m or not _title_case(title) or bullet_kind(title) or is_sentence(title):
        return None
    return int(m["n"]), (m["s"] or "").lower(), title


# a title may open with a name written in lower case first: "eDelivery", "iGOV", "eHerkenning"
_BRAND = re.compile(r"^[a-z]{1,2}[A-Z]\w*")


def split_inline_items(number: int, title: str) -> list[tuple[int, str]]:
    """Split "GEZAMENLIJKE INZET 3. PAKKET BZK 4. INRICHTING" into consecutive numbered titles."""
    items = [(number, title)]
    while True:
        n, t = items[-1]
        split = next((m for m in INLINE_NUMBER.finditer(t) if int(m["n"]) == n + 1), None)
        if not split:
            return items
        items[-1] = (n, t[: split.start()].strip())
        items.append((n + 1, t[split.end() :].strip()))


def parse_joint_note(text: str) -> list[int] | None:
    """The item numbers of a note that says items were discussed together, else None."""
    m = JOINT_NOTE.match(text.strip())
    if not m or not _JOINT_WORDS.search(m["rest"]):
        return None
    nums: list[int] = []
    for a, b in re.findall(r"(\d{1,2})(?:\s*(?:t/m|tot\s+en\s+met|-|–)\s*(\d{1,2}))?", m["nums"]):
        lo = int(a)
        hi = int(b) if b else lo
        nums.extend(range(lo, hi + 1))
    return sorted(set(nums)) if len(set(nums)) > 1 else None


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def wrap_width(lines: list[Line]) -> int:
    """The width (in characters) at which this document's lines wrap."""
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) >= 30)
    if len(lengths) < 5:
        return 80
    return lengths[int(0.9 * (len(lengths) - 1))]


def _continues_title(title_line: str, title_so_far: str, nxt: str, width: int, blank: bool = False) -> bool:
    """Does `nxt` carry on a title that wrapped at the end of `title_line` (after a blank line if `blank`)?"""
    if not nxt or bullet_kind(nxt) or parse_heading(nxt) or parse_joint_note(nxt):
        return False
    if nxt.endswith((".", ";", "?", "!")) and len(nxt.split()) > 3:
        return False
    if _is_upper(title_so_far):
        return _is_upper(nxt)
    if _OPEN_END.search(title_line.strip()):
        return True
    if blank:  # a paragraph break: only a title left open ("... en", all capitals) goes on after it
        return False
    first_word = nxt.split()[0]
    return len(title_line) + 1 + len(first_word) > 0.85 * width and len(nxt) < 0.85 * width


def _title_like(text: str) -> bool:
    """A line that can be a title on its own: a capital, not too long, not a sentence or a bullet."""
    words = text.split()
    return (
        _title_case(text)
        and 0 < len(words) <= 14
        and not bullet_kind(text)
        and not text.endswith((".", ";", ",", "?", "!"))
        and not is_sentence(text)
    )


@dataclass(slots=True)
class _Head:
    """A heading found on a line: its number, sub-letter, title (if on the line) and the line's style."""

    number: int
    suffix: str
    title: str
    bare: bool
    from_cells: bool
    indent: float | None
    bold: bool


def _head_of(line: Line, in_other_table: bool) -> _Head | None:
    if not line.text or bullet_kind(line.text):
        return None
    hit = _heading(line.text)
    if hit is not None:
        return _Head(hit[0], hit[1], hit[2], hit[3], False, line.indent, line.bold)
    cell = None if in_other_table else _cell_heading(line)
    if cell is not None:
        return _Head(cell[0], cell[1], cell[2], False, True, line.indent, line.bold)
    return None


def _in_sequence(head: _Head, last: _Head | None, items: list[RawItem], pdf: bool) -> bool:
    """Agenda numbers rise by one ("3" after "2", "2b" after "2a"); a number that breaks the sequence
    belongs to a list inside the item. A jump of two or three is taken when the line looks like the
    headings before it (same position and weight in a PDF)."""
    if last is None:
        return True
    if head.number == last.number:
        return bool(head.suffix) and head.suffix > last.suffix
    if head.number == last.number + 1:
        return True
    if not last.number + 1 < head.number <= last.number + 3:
        return False
    if not pdf or last.indent is None or head.indent is None:
        return True
    return abs(head.indent - last.indent) <= 4 and head.bold == last.bold


def _numbered_sentence(title: str, nxt: Line | None) -> bool:
    """A numbered sentence rather than a title: a sentence by itself, or a long line that the next line
    carries on in lower case to the end of a sentence."""
    if is_sentence(title) and len(title.split()) >= 12:
        return True
    if nxt is None or not nxt.text or len(title.split()) < 8 or not nxt.text[:1].islower() or bullet_kind(nxt.text):
        return False
    return nxt.text.rstrip().endswith((".", ":", ";")) or is_sentence(f"{title} {nxt.text}")


def _is_overview(items: list[RawItem], head: _Head) -> bool:
    """Numbers that start again at the first number after items without content: those were the agenda's overview."""
    if len(items) < 2 or head.number != items[0].numbers[0] or head.suffix:
        return False
    # the discussion opens with the overview's first title again
    first = set(re.findall(r"\w+", (items[0].titles[0] or "").lower()))
    again = set(re.findall(r"\w+", head.title.lower()))
    if not first or len(first & again) < 0.5 * max(len(first), len(again)):
        return False
    return all(sum(1 for ln in it.body if ln.text) <= 2 for it in items)


def find_items(lines: list[Line], paragraph_breaks: bool = False) -> tuple[list[Line], list[RawItem]]:
    """Split cleaned lines into the header lines and the agenda items with their body lines.

    `paragraph_breaks`: blank lines mark paragraphs (they come from the page's geometry, as
    in PDFs), so a title does not go on past one; in text files blank lines fall anywhere.
    Headings: "1. Titel", "1) Titel", "Agendapunt 1", "Ad 1", "1a."; a table row whose first cell
    is the number ("3 | Memo"); a number alone on a line with its title on the next. Without any,
    headings printed without a number are found by typography and position (`find_unnumbered`).
    """
    width = wrap_width(lines)
    items: list[RawItem] = []
    header: list[Line] = []
    last: _Head | None = None
    in_other_table = False  # inside a table whose head is not an agenda's (an action list)
    sub_next: int | None = None  # the next number of a numbered list inside the current item
    sub_at = 0  # the line of that list's last number
    sub_x: float | None = None
    sub_bold = False
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.text and is_table_head(line):
            heads = {t.lower().strip(" .:") for _, t in line.cells} or {w.lower().strip(" .:") for w in line.text.split()}
            in_other_table = not heads & AGENDA_HEADS
        head = _head_of(line, in_other_table)
        if head is not None and head.bare:
            # "3." alone: an item when its title stands on the next line
            k = i + 1
            while k < n and not lines[k].text and k - i <= 2:
                k += 1
            if k < n and _title_like(lines[k].text) and _head_of(lines[k], True) is None:
                head.title = ""
            else:
                head = None
        if head is not None and _is_overview(items, head):
            items, last = [], None
        if head is not None and items and sub_next is not None and head.number == sub_next and i - sub_at <= 3:
            # "1. … 2. … 3. …" inside an item goes on, unless the line looks like the agenda's headings (PDF)
            agenda_like = (
                paragraph_breaks and last is not None and head.indent is not None and last.indent is not None
                and abs(head.indent - last.indent) <= 4 and head.bold == last.bold
                and not (sub_x is not None and abs(head.indent - sub_x) <= 4 and head.bold == sub_bold)
            )  # fmt: skip
            if not agenda_like:
                sub_next, sub_at = head.number + 1, i
                head = None
        if head is not None and not _in_sequence(head, last, items, paragraph_breaks):
            if items and head.number in (0, 1) and not head.suffix:  # a list that starts inside the item
                sub_next, sub_at, sub_x, sub_bold = head.number + 1, i, head.indent, head.bold
            head = None
        if head is not None:
            title = head.title
            title_parts = [title] if title else []
            last_line = title if head.from_cells else line.text
            j = i + 1
            if not title:  # "Agendapunt 3" or "3." with the title on the next line
                while j < n and not lines[j].text:
                    j += 1
                if j < n and not bullet_kind(lines[j].text):
                    title_parts.append(lines[j].text)
                    last_line = lines[j].text
                    j += 1
            while True:
                k = j
                while k < n and not lines[k].text and k - j < 3:
                    k += 1
                if k < n and len(title_parts) < 6 and not (head.from_cells and lines[k].cells) and _continues_title(
                    last_line, " ".join(title_parts), lines[k].text, width, paragraph_breaks and k > j
                ):
                    title_parts.append(lines[k].text)
                    last_line = lines[k].text
                    j = k + 1
                else:
                    break
            full = join_lines(title_parts)
            if not head.from_cells and _numbered_sentence(full, lines[j] if j < n else None):
                # "2. Het verstrekken van informatie blijft achterwege voor zover" + "dit:": a list, not an item
                head = None
        if head is not None:
            parts = split_inline_items(head.number, full)
            for num, t in parts:
                items.append(RawItem([num], [t], line.page, line.lineno, suffix=head.suffix if num == head.number else ""))
            if head.from_cells:
                items[-1].row_cells = line.cells
            last = _Head(parts[-1][0], head.suffix if len(parts) == 1 else "", "", False, head.from_cells, head.indent, head.bold)
            sub_next = None
            i = j
            continue
        if items:
            items[-1].body.append(line)
        else:
            header.append(line)
        i += 1
    if not items and paragraph_breaks:
        return find_unnumbered(lines)
    return header, _merge_joint(items)


def _title_lines_end(lines: list[Line], k: int) -> int:
    """After a heading line, the lines that carry on its title: same position and weight, no gap, short (at most two)."""
    j = k + 1
    x = lines[k].indent
    while (
        j < len(lines) and j - k <= 2 and lines[j].text and lines[j].bold == lines[k].bold
        and x is not None and (y := lines[j].indent) is not None and abs(y - x) <= 4
        and len(lines[j].text.split()) <= 10 and not is_sentence(lines[j].text) and not bullet_kind(lines[j].text)
        and not lines[k + (j - k - 1)].text.rstrip().endswith((".", ":"))
    ):  # fmt: skip
        j += 1
    return j


def find_unnumbered(lines: list[Line]) -> tuple[list[Line], list[RawItem]]:
    """Headings printed without a number, found by typography and position (PDF lines only).

    After the header, a heading is a short title-like line after a paragraph break that is
    either bold where the text is not, or stands left of the text that follows it. At least
    two such headings, at one position, make the agenda; they are numbered by their order
    ("1", "2", ...) with `numbered` false. Otherwise no items (the caller keeps the body).
    """
    start = header_end(lines)
    texts = [ln for ln in lines[start:] if ln.text]
    if len(texts) < 4:
        return lines, []
    candidates: list[tuple[int, int]] = []  # (heading line, first line after its title)
    for k in range(start, len(lines)):
        line = lines[k]
        if not line.text or not _title_like(line.text) or line.text.rstrip().endswith(":"):
            continue
        if not (k == start or not lines[k - 1].text or lines[k - 1].page != line.page):  # after a break or at a page top
            continue
        j = _title_lines_end(lines, k)
        nxt = next((ln for ln in lines[j:] if ln.text), None)
        if nxt is None:
            continue
        bold = line.bold and not nxt.bold
        left = line.indent is not None and nxt.indent is not None and nxt.indent - line.indent >= 12
        if bold or left:
            candidates.append((k, j))
    if len(candidates) < 2:
        return lines, []
    # one position for all headings (within a few points)
    xs = sorted(lines[k].indent or 0.0 for k, _ in candidates)
    x = xs[len(xs) // 2]
    candidates = [(k, j) for k, j in candidates if abs((lines[k].indent or 0.0) - x) <= 4]
    if len(candidates) < 2:
        return lines, []
    items: list[RawItem] = []
    header = lines[: candidates[0][0]]
    bounds = [*candidates, (len(lines), len(lines))]
    for order, ((k, j), (end, _)) in enumerate(itertools.pairwise(bounds), start=1):
        item = RawItem([order], [join_lines([ln.text for ln in lines[k:j]])], lines[k].page, lines[k].lineno, numbered=False)
        item.body = lines[j:end]
        items.append(item)
    return header, items


def _merge_joint(items: list[RawItem]) -> list[RawItem]:
    """Merge items that a note says were discussed together into one item ("2-4")."""
    out: list[RawItem] = []
    for item in items:
        note = next((ln for ln in item.body if parse_joint_note(ln.text)), None)
        if note is None:
            out.append(item)
            continue
        nums = parse_joint_note(note.text) or []
        group = [it for it in out if it.numbers[0] in nums and not any(ln.text for ln in it.body)]
        if item.numbers[0] not in nums or not group:
            out.append(item)
            continue
        first = group[0]
        for other in [*group[1:], item]:
            first.numbers.extend(other.numbers)
            first.titles.extend(other.titles)
        first.body = item.body
        first.joint_note = note.text
        out = [it for it in out if it is first or it not in group]
    return out


def _is_section(text: str, next_text: str | None, prev: RawPoint | None, blank_before: bool) -> bool:
    """A sub-heading inside an item ("Opvang", "Huisvesting", "Reacties"): short, capitalised, bullets follow."""
    if not text[:1].isupper() or len(text) > 50 or len(text.split()) > 5:
        return False
    if text.endswith((".", ",", ";", "?", "!")) or any(c.isdigit() for c in text):
        return False
    if next_text is None or not bullet_kind(next_text):
        return False
    if prev is None or blank_before:
        return True
    return prev.lines[-1].rstrip().endswith((".", "!", "?", ":", ";", ")"))


def _continues_point(point: RawPoint, text: str, blank_before: bool) -> bool:
    """Does a plain line carry on the current point (a wrapped line, possibly after a blank)?"""
    if not blank_before:
        return True
    last = point.lines[-1].rstrip()
    if not last.endswith((".", "!", "?")) or ABBREVIATION_END.search(last):
        return True
    return not text[:1].isupper()


INDENT_STEP = 8.0
"""Points further right than an item's leftmost bullet by more than this are sub-bullets (PDF)."""


MAX_POINT_CHARS = 50_000
"""A point is never longer: text without any structure (no line ends, no sentences) is cut at spaces."""


def _bounded(body: list[Line]) -> list[Line]:
    """Lines longer than a point may be are cut at spaces into paragraphs (blank lines between them)."""
    if all(len(ln.text) <= MAX_POINT_CHARS for ln in body):
        return body
    out: list[Line] = []
    for ln in body:
        text = ln.text
        while len(text) > MAX_POINT_CHARS:
            cut = text.rfind(" ", 0, MAX_POINT_CHARS)
            cut = cut if cut > 0 else MAX_POINT_CHARS
            out += [replace(ln, text=text[:cut].strip()), replace(ln, text="")]
            text = text[cut:].strip()
        out.append(replace(ln, text=text))
    return out


def parse_points(item: RawItem) -> None:
    """Turn an item's body lines into points with children and sections."""
    item.body = _bounded(item.body)
    section: str | None = None
    top: RawPoint | None = None
    top_is_intro = False
    current: RawPoint | None = None
    blank = False
    body = item.body
    texts = [ln.text for ln in body]
    # in a PDF, nesting comes from where the bullet stands, whatever its glyph
    # (when its bullets stand at more than one position; else the glyph says it: "•" top, "o"/"-" sub)
    bullet_x = [ln.indent for ln in body if ln.indent is not None and bullet_kind(ln.text)]
    base_x = min(bullet_x) if bullet_x and max(bullet_x) - min(bullet_x) > INDENT_STEP else None
    has_top = any(bullet_kind(t) == "top" for t in texts)
    # the next non-blank text after each line, found in one pass from the end (not by scanning the rest per line)
    following: list[str | None] = [None] * len(texts)
    upcoming: str | None = None
    for k in range(len(texts) - 1, -1, -1):
        following[k] = upcoming
        if texts[k]:
            upcoming = texts[k]
    for idx, line in enumerate(body):
        text = line.text
        if not text:
            blank = True
            continue
        if parse_joint_note(text):
            blank = True
            continue
        kind = bullet_kind(text)
        if kind and base_x is not None and line.indent is not None:
            kind = "sub" if line.indent > base_x + INDENT_STEP else "top"
        elif kind == "sub" and not has_top and not (top is not None and top_is_intro):
            # an item whose only bullets are "-" or "o": they are its points (unless a paragraph
            # ending in ":" introduces them)
            kind = "top"
        if kind == "top" or (kind == "sub" and top is None):
            top = RawPoint([strip_bullet(text)], line.page, line.lineno, section)
            top_is_intro = False
            item.points.append(top)
            current = top
        elif kind == "sub" and top is not None:
            child = RawPoint([strip_bullet(text)], line.page, line.lineno, section)
            top.children.append(child)
            current = child
        else:
            if _is_section(text, following[idx], current, blank):
                section = text.rstrip(" :")
                top = current = None
            elif (
                current is not None and _continues_point(current, text, blank) and not MARKER_LINE.match(text)
                and sum(map(len, current.lines)) + len(text) <= MAX_POINT_CHARS
            ):  # fmt: skip
                current.lines.append(text)
                if current is top and not top.children:
                    top_is_intro = text.rstrip().endswith(":")
            else:
                top = RawPoint([text], line.page, line.lineno, section)
                top_is_intro = text.rstrip().endswith(":")
                item.points.append(top)
                current = top
        blank = False
    item.points.extend(item.column_points)
    for point in item.points:
        point.settle()
