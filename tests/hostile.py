"""Hostile PDFs made from a few bytes, for tests and bench/bench_hostile.py: no dependency but zlib.

`nested_forms` draws a form XObject that draws the next one `fan` times, `levels` deep
(fan ** levels objects from a few kilobytes); `many_operators` is a page of `n` text-showing
operators in one compressed content stream (6 million take 3.5 GB once loaded as objects);
`blank_content` a page whose content is a line of text and `n` blanks (a gigabyte from a megabyte);
`many_pages` a file of `n` pages.
"""

from __future__ import annotations

import zlib


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; object 1 is the catalog), with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def stream(body: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    """A stream object's text (Flate-compressed when `compress`)."""
    if compress:
        body = zlib.compress(body, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def nested_forms(levels: int, fan: int, compress: bool = False) -> bytes:
    """A page whose form XObject draws the next one `fan` times, `levels` deep: fan ** levels objects."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /X 5 0 R >> /Font << /F1 %d 0 R >> >> /Contents 4 0 R >>" % (5 + levels),
        stream(b"BT /F1 12 Tf 72 720 Td (1. Punt) Tj ET /X Do", compress=compress),
    ]
    for k in range(levels):
        last = k == levels - 1
        body = b"0 0 1 1 re f" if last else b" ".join([b"/X Do"] * fan)
        res = b"" if last else b"/Resources << /XObject << /X %d 0 R >> >>" % (6 + k)
        objects.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res, compress=compress))
    objects.append(FONT)
    return pdf(objects)


def many_operators(n: int) -> bytes:
    """One page of minutes text followed by `n` text-showing operators, in one Flate stream (a few bytes each)."""
    body = b"BT /F1 12 Tf 72 720 Td (1. Opening) Tj 0 -14 Td (De voorzitter opent de vergadering.) Tj ET\nBT /F1 1 Tf 10 10 Td\n"
    body += b"(a) Tj\n" * n + b"ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(body, compress=True),
        FONT,
    ]
    return pdf(objects)


def blank_content(n: int) -> bytes:
    """One page of minutes text followed by `n` spaces, in one Flate stream (compressed piece by piece)."""
    z = zlib.compressobj(9)
    body = [z.compress(b"BT /F1 12 Tf 72 720 Td (1. Opening) Tj ET\n")]
    piece = b" " * (1 << 20)
    for start in range(0, n, len(piece)):
        body.append(z.compress(piece[: min(len(piece), n - start)]))
    data = b"".join([*body, z.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        FONT,
    ]
    return pdf(objects)


def many_pages(n: int) -> bytes:
    """A PDF of `n` pages that share one content stream (a hundred bytes a page)."""
    kids = b" ".join(b"%d 0 R" % (5 + k) for k in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        stream(b"BT /F1 12 Tf 72 720 Td (1. Opening) Tj ET"),
        FONT,
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"] * n,
    ]
    return pdf(objects)
