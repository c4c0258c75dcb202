"""Read, PDF pre-scan: a page that would draw too many objects, or nest forms too deep, refused from the bytes.

PDFium builds every object of a page when it loads the page, those inside form XObjects
included, each time a form is drawn: a few kilobytes of forms that draw the next form ten
times, eight deep, are a hundred million objects (minutes and gigabytes before the page can
be looked at), and one compressed stream of six million "(a) Tj" is six million objects.
So before PDFium loads a page, `check` reads the PDF's own objects (the cross-reference is
not trusted: objects are found by their "N G obj" headers, and inside object streams), finds
every page, decodes its content streams and those of the forms it draws (Flate, ASCII85,
ASCIIHex; in chunks, never more than `MAX_DECODED` bytes a document) and counts the
operators that make an object (text shown, paths painted, images, shadings, forms), a
form's objects once for each time it is drawn. A page past `MAX_PAGE_OBJECTS`, a form
nested deeper than `MAX_FORM_DEPTH`, or content that decodes to more than
`MAX_PAGE_CONTENT_BYTES` (a gigabyte of blanks from a megabyte of Flate) is `TooLarge` at once.

The counts are an upper bound (an operator's name inside a string counts too). What the scan
cannot read (encrypted files, other filters, broken syntax) it passes over: the limits are
checked again on the loaded page (`drawn_redaction.redaction_boxes`), later and at more cost.
"""

from __future__ import annotations

import base64
import bisect
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..errors import TooLarge
from ..limits import MAX_FORM_DEPTH, MAX_PAGE_CONTENT_BYTES, MAX_PAGE_OBJECTS, MiB

MAX_DECODED = 256 * 1024 * 1024
"""Most bytes the pre-scan decodes for one document (content streams and object streams); past it, it stops."""
MAX_OBJECT_STREAM = 16 * 1024 * 1024
"""Largest object stream read whole (they hold dictionaries: kilobytes); a larger one is passed over."""
_CHUNK = 1024 * 1024


class _GiveUp(Exception):
    """The scan cannot go on (a budget spent, syntax it does not read): the loaded page is checked instead."""


@dataclass(frozen=True, slots=True)
class _Ref:
    num: int


# ------------------------------------------------------------------ objects

_DELIM = rb"()<>\[\]{}/%"
_WS = re.compile(rb"(?:\s|%[^\r\n]*+)*+")
_NAME = re.compile(rb"/([^\s" + _DELIM + rb"]*)")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R(?![^\s" + _DELIM + rb"])")
_KEYWORD = re.compile(rb"[A-Za-z]+")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_MAX_NESTING = 32


def _value(data: bytes, pos: int, depth: int = 0) -> tuple[object, int]:
    """The PDF value at `pos` (dicts with str keys, lists, ints, floats, _Ref, bytes for strings, str for names)."""
    if depth > _MAX_NESTING:
        raise _GiveUp
    pos = _WS.match(data, pos).end()  # type: ignore[union-attr]
    head = data[pos : pos + 2]
    if head == b"<<":
        out: dict[str, object] = {}
        pos += 2
        while True:
            pos = _WS.match(data, pos).end()  # type: ignore[union-attr]
            if data.startswith(b">>", pos):
                return out, pos + 2
            m = _NAME.match(data, pos)
            if m is None:
                raise _GiveUp
            key = m.group(1).decode("latin-1")
            out[key], pos = _value(data, m.end(), depth + 1)
    if head[:1] == b"[":
        items: list[object] = []
        pos += 1
        while True:
            pos = _WS.match(data, pos).end()  # type: ignore[union-attr]
            if data.startswith(b"]", pos):
                return items, pos + 1
            if pos >= len(data):
                raise _GiveUp
            item, pos = _value(data, pos, depth + 1)
            items.append(item)
    if head[:1] == b"/":
        m = _NAME.match(data, pos)
        assert m is not None
        return m.group(1).decode("latin-1"), m.end()
    if head[:1] == b"(":
        return _string(data, pos)
    if head[:1] == b"<":
        m = _HEX.match(data, pos)
        if m is None:
            raise _GiveUp
        return b"", m.end()
    m = _REF.match(data, pos)
    if m is not None:
        return _Ref(int(m.group(1))), m.end()
    m = _NUMBER.match(data, pos)
    if m is not None:
        text = m.group()
        return (float(text) if b"." in text else int(text)), m.end()
    m = _KEYWORD.match(data, pos)
    if m is not None:
        return m.group().decode("latin-1"), m.end()
    raise _GiveUp


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string "(...)" with balanced parentheses and escapes; its content is not needed."""
    level, i, n = 0, pos, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 2
            continue
        if c == 0x28:
            level += 1
        elif c == 0x29:
            level -= 1
            if level == 0:
                return b"", i + 1
        i += 1
    raise _GiveUp


_HEADER = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+$")
_STREAM = re.compile(rb"\s*stream\r?\n")
_PAGE = re.compile(rb"/Type\s*/Page(?![^\s" + _DELIM + rb"])")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm(?![^\s" + _DELIM + rb"])")


class _Objects:
    """The PDF's objects by number, read as needed; the last definition of a number counts (incremental updates)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at: dict[int, int] = {}
        self.starts: list[int] = []
        """Where each "N G obj" header starts, in file order."""
        self.numbers: list[int] = []
        # "obj" is found by a plain search (fast over image data); its number is read just before it
        pos = data.find(b"obj")
        while pos >= 0:
            after = data[pos + 3 : pos + 4]
            if (not after or after in b" \t\r\n\f\x00<[/(%") and data[pos - 3 : pos] != b"end":
                m = _HEADER.search(data, max(0, pos - 24), pos)
                if m is not None:
                    num = int(m.group(1))
                    self.at[num] = pos + 3
                    self.starts.append(m.start())
                    self.numbers.append(num)
            pos = data.find(b"obj", pos + 3)
        self.cache: dict[int, object] = {}
        self.in_streams: dict[int, tuple[bytes, int]] = {}
        self.decoded = 0

    def live_at(self, offset: int) -> int | None:
        """The number of the object whose definition holds `offset`, when that definition is the one that counts."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k < 0:
            return None
        num = self.numbers[k]
        later = k + 1 < len(self.starts) and self.starts[k + 1] <= self.at[num] - 3
        return None if later else num

    def get(self, num: int) -> object:
        if num in self.cache:
            return self.cache[num]
        value: object = None
        if num in self.at:
            value, end = _value(self.data, self.at[num])
            if isinstance(value, dict) and (m := _STREAM.match(self.data, end)) is not None:
                value = _Stream(value, m.end())
        elif num in self.in_streams:
            body, at = self.in_streams[num]
            value = _value(body, at)[0]
        self.cache[num] = value
        return value

    def resolve(self, v: object) -> object:
        return self.get(v.num) if isinstance(v, _Ref) else v

    def raw(self, s: _Stream) -> bytes:
        """The stream's bytes as stored (by its /Length when that is right, else up to "endstream")."""
        length = self.resolve(s.dict.get("Length"))
        start = s.start
        if isinstance(length, int) and 0 <= length <= len(self.data) - start:
            end = start + length
            after = _WS.match(self.data, end)
            if after is not None and self.data.startswith(b"endstream", after.end()):
                return self.data[start:end]
        end = self.data.find(b"endstream", start)
        if end < 0:
            raise _GiveUp
        return self.data[start:end].rstrip(b"\r\n")

    def chunks(self, s: _Stream) -> Iterator[bytes]:
        """The stream decoded, in chunks; _GiveUp for a filter the scan does not read or when the budget is spent."""
        filters = self.resolve(s.dict.get("Filter"))
        names = [self.resolve(f) for f in (filters if isinstance(filters, list) else [filters] if filters else [])]
        if not all(n in ("FlateDecode", "Fl", "ASCII85Decode", "A85", "ASCIIHexDecode", "AHx") for n in names):
            raise _GiveUp
        if s.dict.get("DecodeParms") is not None and any(n in ("FlateDecode", "Fl") for n in names):
            parms = self.resolve(s.dict.get("DecodeParms"))
            if parms and (not isinstance(parms, dict) or parms.get("Predictor", 1) != 1):
                raise _GiveUp  # predictors are for images and cross-reference streams, not drawing
        data = self.raw(s)
        for n in names[:-1] if names and names[-1] in ("FlateDecode", "Fl") else names:
            data = _ascii_decode(n, data)
        if names and names[-1] in ("FlateDecode", "Fl"):
            d = zlib.decompressobj()
            while data:
                try:
                    out = d.decompress(data, _CHUNK)
                except zlib.error:
                    return  # PDFium reads what decodes; so does the scan
                data = d.unconsumed_tail
                self._spend(len(out))
                if out:
                    yield out
                if d.eof:
                    return
            if rest := d.flush():
                self._spend(len(rest))
                yield rest
        else:
            self._spend(len(data))
            yield data

    def _spend(self, n: int) -> None:
        self.decoded += n
        if self.decoded > MAX_DECODED:
            raise _GiveUp

    def pages(self) -> list[int]:
        """The numbers of every page object (one no page tree reaches included), in file order; object streams
        (PDF 1.5) are read first, for the pages and the objects they hold."""
        found: list[int] = []
        for m in _PAGE.finditer(self.data):
            num = self.live_at(m.start())
            if num is not None and num not in found[-1:]:
                found.append(num)
        for m in _OBJSTM.finditer(self.data):
            num = self.live_at(m.start())
            if num is not None:
                found += self._object_stream(num)
        return list(dict.fromkeys(found))

    def _object_stream(self, num: int) -> list[int]:
        """Note the objects an object stream holds (those not defined directly); return the pages among them."""
        try:
            s = self.get(num)
            if not isinstance(s, _Stream) or s.dict.get("Type") != "ObjStm":
                return []
            n, first = self.resolve(s.dict.get("N")), self.resolve(s.dict.get("First"))
            if not isinstance(n, int) or not isinstance(first, int) or n < 0:
                return []
            parts: list[bytes] = []
            size = 0
            for chunk in self.chunks(s):
                parts.append(chunk)
                size += len(chunk)
                if size > MAX_OBJECT_STREAM:
                    return []
            body = b"".join(parts)
            head = [int(x) for x in body[:first].split()[: 2 * n]]
        except (_GiveUp, ValueError, RecursionError):
            return []
        members = sorted((first + head[k + 1], head[k]) for k in range(0, len(head) - 1, 2))
        offsets = [o for o, _ in members]
        for off, obj in members:
            if obj not in self.at:
                self.in_streams.setdefault(obj, (body, off))
        pages = []
        for p in _PAGE.finditer(body, first):
            k = bisect.bisect_right(offsets, p.start()) - 1
            if k >= 0 and self.in_streams.get(members[k][1], (None,))[0] is body:
                pages.append(members[k][1])
        return pages


def _ascii_decode(name: object, data: bytes) -> bytes:
    try:
        if name in ("ASCII85Decode", "A85"):
            text = data.strip()
            text = text[2:] if text.startswith(b"<~") else text
            return _a85decode(text.split(b"~>")[0])
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">")[0]).decode()
        return bytes.fromhex(digits + "0" * (len(digits) % 2))
    except ValueError as e:
        raise _GiveUp from e


_A85_IGNORED = b" \t\r\n\f\x00"
_A85_DIGITS = bytes(range(ord("!"), ord("u") + 1))


def _a85decode(text: bytes) -> bytes:
    """`base64.a85decode(text, ignorechars=whitespace)`, the same bytes and the same ValueError, five digits at a
    time in numpy (the standard library's loop is a Python statement per byte: half the pre-scan's time
    on a file of ASCII85 streams). Text with "z" (four zero bytes) or with bytes that are not digits goes to
    the standard library's decoder."""
    digits = text.translate(None, _A85_IGNORED)
    if digits.translate(None, _A85_DIGITS):
        return base64.a85decode(text, ignorechars=_A85_IGNORED)
    short = -len(digits) % 5  # a last group of fewer than five digits is padded with "u" and cut short again
    padded = digits + b"u" * short
    parts: list[bytes] = []
    for at in range(0, len(padded), _A85_STEP):  # a slice at a time: the arrays stay a few megabytes
        piece = np.frombuffer(padded[at : at + _A85_STEP], dtype=np.uint8).reshape(-1, 5).astype(np.uint64) - 33
        groups = (((piece[:, 0] * 85 + piece[:, 1]) * 85 + piece[:, 2]) * 85 + piece[:, 3]) * 85 + piece[:, 4]
        if int(groups.max()) > 0xFFFFFFFF:
            raise ValueError("Ascii85 overflow")
        parts.append(groups.astype(">u4").tobytes())
    out = b"".join(parts)
    return out[: len(out) - short] if short else out


_A85_STEP = 5 * 65536
"""Digits decoded at once by `_a85decode` (whole groups of five)."""


@dataclass(frozen=True, slots=True)
class _Stream:
    dict: dict[str, object]
    start: int


# ------------------------------------------------------------------ counting what a page draws

# an operator that makes a page object: text shown, a path painted, an inline image, a shading, an XObject
_OPERATORS = frozenset([b"Tj", b"TJ", b"'", b'"', b"f", b"f*", b"F", b"B", b"B*", b"b", b"b*", b"S", b"s", b"sh", b"BI", b"Do"])
_TOKENS = bytes.maketrans(b"[]()<>{}/%\x00", b"           ")
"""Delimiters read as spaces: the operators are then the tokens between spaces (a string's words count too)."""


def _operators(text: bytes) -> int:
    """How many operators that make an object the content holds (an upper bound: words in strings count too)."""
    return sum(map(_OPERATORS.__contains__, text.translate(_TOKENS).split()))
_DO = re.compile(rb"/([^\s" + _DELIM + rb"]+)\s*Do(?![^\s\[\(/<%])")


@dataclass(slots=True)
class _Drawing:
    size: int
    """Bytes decoded."""
    objects: int
    """Operators that make an object, `Do` included (or, roughly: half the stream's bytes, an upper bound)."""
    forms: Counter[str]
    """XObject names drawn, with how often."""


class _TooMany(Exception):
    """A page passes the object limit by the count at hand."""


class _Scan:
    """Counts what pages draw. A first pass bounds each stream's objects by half its bytes (an object
    takes at least two: an operator and a space), which is cheap; only a page whose bound passes the
    limit has its operators counted one by one."""

    def __init__(self, data: bytes) -> None:
        self.objects = _Objects(data)
        self.drawings: dict[tuple[int, bool], _Drawing] = {}
        self.forms: dict[tuple[int, int, bool], int] = {}
        self.busy: set[int] = set()

    def drawing(self, refs: list[object], precise: bool) -> _Drawing:
        """What the content streams draw (counted once per stream, however many pages share it)."""
        total = _Drawing(0, 0, Counter())
        for ref in refs:
            key = (ref.num if isinstance(ref, _Ref) else -1, precise)
            d = self.drawings.get(key)
            if d is None:
                s = self.objects.resolve(ref)
                d = self._count(s, precise) if isinstance(s, _Stream) else _Drawing(0, 0, Counter())
                if key[0] >= 0:
                    self.drawings[key] = d
            total.size += d.size
            total.objects += d.objects
            total.forms.update(d.forms)
            if total.size > MAX_PAGE_CONTENT_BYTES:
                raise TooLarge(f"a page's content decodes to more than {MAX_PAGE_CONTENT_BYTES // MiB} MB (the limit)")
        return total

    def _count(self, s: _Stream, precise: bool) -> _Drawing:
        d = _Drawing(0, 0, Counter())
        tail = b""
        for chunk in self.objects.chunks(s):
            text = tail + chunk
            # cut before the last name ("/X Do" stays whole), or after the last space when that is far back
            cut = text.rfind(b"/")
            if cut < 0 or len(text) - cut > 4096:
                cut = max(text.rfind(b" "), text.rfind(b"\n"), text.rfind(b"\r")) + 1
            if cut <= 0:
                tail = text[-4096:]
                continue
            text, tail = text[:cut], text[cut:]
            self._add(d, text, precise)
            d.size += len(chunk)
            if d.objects > MAX_PAGE_OBJECTS or d.size > MAX_PAGE_CONTENT_BYTES:
                return d  # enough to refuse the page (or to count it one by one)
        self._add(d, tail, precise)
        return d

    @staticmethod
    def _add(d: _Drawing, text: bytes, precise: bool) -> None:
        d.objects += _operators(text) if precise else (len(text) + 1) // 2
        if b"Do" in text:
            d.forms.update(m.decode("latin-1") for m in _DO.findall(text))

    def page_objects(self, contents: object, resources: object, owner: int, level: int = 0, precise: bool = False) -> int:
        """Objects a content stream (list) makes with the forms it draws, each drawing counted; _TooMany past the limit
        (TooLarge for forms nested too deep)."""
        refs = contents if isinstance(contents, list) else [contents]
        d = self.drawing(refs, precise)
        total = d.objects
        if total > MAX_PAGE_OBJECTS:
            raise _TooMany
        xobjects = self.objects.resolve(resources.get("XObject")) if isinstance(resources, dict) else None
        for name, times in d.forms.items():
            ref = xobjects.get(name) if isinstance(xobjects, dict) else None
            if not isinstance(ref, _Ref):
                continue
            total += times * self.form_objects(ref, resources, owner, level + 1, precise)
            if total > MAX_PAGE_OBJECTS:
                raise _TooMany
        return total

    def form_objects(self, ref: _Ref, outer: object, owner: int, level: int, precise: bool) -> int:
        """Objects inside one drawing of a form XObject (0 for an image)."""
        s = self.objects.get(ref.num)
        if not isinstance(s, _Stream) or s.dict.get("Subtype") != "Form":
            return 0
        if level > MAX_FORM_DEPTH:
            raise TooLarge(f"forms nested more than {MAX_FORM_DEPTH} deep on a page")
        own = self.objects.resolve(s.dict.get("Resources"))
        resources, whose = (own, ref.num) if isinstance(own, dict) else (outer, owner)
        key = (ref.num, whose, precise)
        if key in self.forms:
            return self.forms[key]
        if ref.num in self.busy:  # a form that draws itself: PDFium stops there
            return 0
        self.busy.add(ref.num)
        try:
            n = self.page_objects(ref, resources, whose, level, precise)
        finally:
            self.busy.discard(ref.num)
        self.forms[key] = n
        return n

    def check_page(self, num: int, page: dict[str, object]) -> None:
        """TooLarge when the page draws too many objects or nests forms too deep."""
        contents, resources = self.objects.resolve(page.get("Contents")), self.resources(page)
        try:
            self.page_objects(contents, resources, num)
        except _TooMany:
            try:
                self.page_objects(contents, resources, num, precise=True)
            except _TooMany:
                raise TooLarge(
                    f"a page draws more than {MAX_PAGE_OBJECTS:,} objects (the limit; a form counts each time it is drawn)"
                ) from None

    def pages(self) -> Iterator[tuple[int, dict[str, object]]]:
        """Every page object of the file, with its number."""
        for num in self.objects.pages():
            try:
                v = self.objects.get(num)
            except (_GiveUp, RecursionError):
                continue
            if isinstance(v, dict) and v.get("Type") == "Page":
                yield num, v

    def resources(self, page: dict[str, object]) -> object:
        """The page's resources, inherited from the page tree when it has none of its own."""
        node: object = page
        for _ in range(64):
            if not isinstance(node, dict):
                return None
            res = self.objects.resolve(node.get("Resources"))
            if isinstance(res, dict):
                return res
            node = self.objects.resolve(node.get("Parent"))
        return None


_ENCRYPTED = re.compile(rb"/Encrypt(?![^\s" + _DELIM + rb"])")


def check(data: bytes) -> None:
    """Raise `TooLarge` when a page of this PDF draws more than `MAX_PAGE_OBJECTS` objects or nests forms
    deeper than `MAX_FORM_DEPTH`, found from the file's bytes before PDFium loads any page.

    Files the scan cannot read (encrypted, filters other than Flate and ASCII, broken syntax)
    pass; their pages are checked once loaded.
    """
    if _ENCRYPTED.search(data):
        return
    scan = _Scan(data)
    try:
        for num, page in scan.pages():
            try:
                scan.check_page(num, page)
            except (_GiveUp, RecursionError):
                continue
    except (_GiveUp, RecursionError):
        return


def most_objects(data: bytes) -> int:
    """The most objects the scan counts on one page of this PDF (operators one by one), or -1 when it cannot read it."""
    if _ENCRYPTED.search(data):
        return -1
    scan = _Scan(data)
    try:
        counts = [
            scan.page_objects(scan.objects.resolve(page.get("Contents")), scan.resources(page), num, precise=True)
            for num, page in scan.pages()
        ]
    except (_GiveUp, _TooMany, RecursionError):
        return -1
    return max(counts, default=0)
