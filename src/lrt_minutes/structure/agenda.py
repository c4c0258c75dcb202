"""Structure, part 2: agenda items, their points, sub-bullets and sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..clean.lines import bullet_kind, join_lines, strip_bullet
from ..dutch.vocabulary import abbreviation_end
from ..read.text import Line

# An agenda item heading. Examples:
#   "1. Algemeen"   "3) Huisvesting"   "0. Opening"
#   "Agendapunt 3: Voortgang huisvesting"   "Agendapunt 3 – Huisvesting"   "Punt 4 Rondvraag"
HEADING = re.compile(
    r"^(?:(?:agendapunt|agenda\s+punt|punt)\s+(?P<n1>\d{1,2})\s*[.:)–-]?"
    r"|(?P<n2>\d{1,2})\s*[.)])"
    r"(?:\s+(?P<title>\S.*))?$",
    re.I,
)
# A further number inside a heading line: several items on one line ("2. X 3. Y 4. Z")
INLINE_NUMBER = re.compile(r"(?<=\s)(?P<n>\d{1,2})\.\s+(?=[^\W\d_])")
# "(Agendapunten 2, 3 en 4 zijn in gezamenlijkheid toegelicht)", "Agendapunt 2 en 3 worden samen behandeld"
JOINT_NOTE = re.compile(
    r"^\(?\s*(?:de\s+)?agendapunt(?:en)?\s+(?P<nums>\d{1,2}(?:\s*(?:,|en|&|t/m|tot\s+en\s+met|-|–)\s*\d{1,2})+)"
    r"\b(?P<rest>[^)]*)\)?\s*\.?$",
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

    @property
    def text(self) -> str:
        return join_lines(self.lines)


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

    @property
    def number(self) -> str:
        if len(self.numbers) == 1:
            return str(self.numbers[0])
        return f"{self.numbers[0]}-{self.numbers[-1]}"


def parse_heading(text: str) -> tuple[int, str] | None:
    """(number, title) when a line opens an agenda item; titles start with a capital."""
    m = HEADING.match(text)
    if not m:
        return None
    title = (m["title"] or "").strip()
    number = int(m["n1"] or m["n2"])
    if m["n2"] is not None and not title:
        return None  # "3." alone on a line: a list number or a page number, not an item
    if title and not (title[0].isupper() or (title[0] in "\"'‘“(" and title[1:2].isupper()) or _BRAND.match(title)):
        return None
    return number, title


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


def find_items(lines: list[Line], paragraph_breaks: bool = False) -> tuple[list[Line], list[RawItem]]:
    """Split cleaned lines into the header lines and the agenda items with their body lines.

    `paragraph_breaks`: blank lines mark paragraphs (they come from the page's geometry, as
    in PDFs), so a title does not go on past one; in text files blank lines fall anywhere.
    """
    width = wrap_width(lines)
    items: list[RawItem] = []
    header: list[Line] = []
    last_number: int | None = None
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        head = parse_heading(line.text) if line.text and not bullet_kind(line.text) else None
        if head and (last_number is None or last_number < head[0] <= last_number + 10):
            number, title = head
            title_parts = [title] if title else []
            last_line = line.text
            j = i + 1
            if not title:  # "Agendapunt 3" with the title on the next line
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
                if k < n and len(title_parts) < 6 and _continues_title(
                    last_line, " ".join(title_parts), lines[k].text, width, paragraph_breaks and k > j
                ):
                    title_parts.append(lines[k].text)
                    last_line = lines[k].text
                    j = k + 1
                else:
                    break
            full = join_lines(title_parts)
            parts = split_inline_items(number, full)
            for num, t in parts:
                items.append(RawItem([num], [t], line.page, line.lineno))
            last_number = parts[-1][0]
            i = j
            continue
        if items:
            items[-1].body.append(line)
        else:
            header.append(line)
        i += 1
    return header, _merge_joint(items)


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


def parse_points(item: RawItem) -> None:
    """Turn an item's body lines into points with children and sections."""
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
            elif current is not None and _continues_point(current, text, blank) and not MARKER_LINE.match(text):
                current.lines.append(text)
                if current is top and not top.children:
                    top_is_intro = text.rstrip().endswith(":")
            else:
                top = RawPoint([text], line.page, line.lineno, section)
                top_is_intro = text.rstrip().endswith(":")
                item.points.append(top)
                current = top
        blank = False
