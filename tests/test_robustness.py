"""Properties: on any input the library returns a result or raises its own error type."""

from __future__ import annotations

import io
import tarfile
import zipfile
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lrt_minutes import LrtError, extract
from lrt_minutes.export import to_json
from lrt_minutes.models import MinutesDocument

from .conftest import SEEDS

# "never hangs": an example that takes this long fails (generous, for slow CI machines)
NO_HANG = timedelta(seconds=20)
SEED = (SEEDS / "002_eb9e69540956417c.txt").read_text(encoding="utf-8")
ALPHABET = st.sampled_from(list("abcDEF 019.:;,()•o-–\n\t´’Pagina van Datum Aanwezig Afwezig Vergaderdatum november"))


def _ok_or_own_error(data: bytes, tagger) -> None:
    try:
        doc = extract(data, tagger=tagger)
    except LrtError:
        return
    # whatever came out is valid output that round-trips through JSON
    assert MinutesDocument.model_validate_json(to_json(doc)) == doc
    for item in doc.agenda_items:
        for point in item.points:
            for tag in point.tags:
                assert point.text[tag.start : tag.end] == tag.text


@settings(max_examples=150, deadline=NO_HANG, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_random_text(tagger, text):
    _ok_or_own_error(text.encode("utf-8"), tagger)


@settings(max_examples=100, deadline=NO_HANG, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(SEED) - 1), st.text(alphabet=ALPHABET, max_size=20)), max_size=8))
def test_mutated_seed(tagger, edits):
    text = SEED
    for pos, insert in edits:
        text = text[:pos] + insert + text[pos + len(insert) :]
    _ok_or_own_error(text.encode("utf-8"), tagger)


@settings(max_examples=100, deadline=NO_HANG, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600))
def test_random_bytes(tagger, data):
    _ok_or_own_error(data, tagger)


@settings(max_examples=60, deadline=NO_HANG, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6))
def test_mutated_pdf_bytes(tagger, edits):
    from .pdfgen import render

    data = bytearray(render("1. Item\n• Het COA zal bellen.\n2. Rondvraag"))
    for pos, chunk in edits:
        pos %= len(data)
        data[pos : pos + len(chunk)] = chunk
    _ok_or_own_error(bytes(data), tagger)


def test_utf16_and_cp1252_text(tagger):
    text = "Vergaderdatum 9 november 2022\n1. Opening\n• Het verslag is vastgesteld. Café.\n"
    for enc, bom in (("utf-16", b""), ("cp1252", b""), ("utf-8", b"\xef\xbb\xbf")):
        doc = extract(bom + text.encode(enc), tagger=tagger)
        assert doc.meeting.date == "2022-11-09"
        assert doc.agenda_items[0].points[0].text.endswith("Café.")


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # members of the same name: a real case
@settings(max_examples=80, deadline=NO_HANG)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(["a", "..", ".", "", "/", "sub", "C:", "\\", "x.txt", "y.pdf"]), min_size=1, max_size=5),
            st.binary(max_size=50),
        ),
        max_size=6,
    )
)
def test_archive_members_never_escape(members):
    """Whatever the member names, a member is either refused or named by a path inside the archive."""
    from lrt_minutes.batch.archive import UnsafeMember, read_members
    from lrt_minutes.batch.inputs import _output_name

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for parts, data in members:
            z.writestr("/".join([*parts, "v.txt"]), data)
    for m in read_members(buf.getvalue()):
        if m.error is not None:
            assert isinstance(m.error, UnsafeMember)
            continue
        assert not m.inner.startswith("/") and ".." not in m.inner.split("/")
        out = _output_name(f"release.zip!/{m.inner}")
        assert out.startswith("release.zip/") and ".." not in out.split("/")


def _archive(kind: str) -> bytes:
    buf = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("a/verslag.txt", SEED)
            z.writestr("b.pdf", b"%PDF-1.4 not really")
    else:
        with tarfile.open(fileobj=buf, mode="w:gz") as tf:
            for name, body in (("a/verslag.txt", SEED.encode()), ("b.pdf", b"%PDF-1.4 not really")):
                info = tarfile.TarInfo(name)
                info.size = len(body)
                tf.addfile(info, io.BytesIO(body))
    return buf.getvalue()


@settings(max_examples=60, deadline=NO_HANG)
@given(
    st.sampled_from(["zip", "tar.gz"]),
    st.lists(st.tuples(st.integers(0, 5_000), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6),
)
def test_mutated_archive_bytes(kind, edits):
    """A damaged archive gives members, refused members, or the project's own error."""
    from lrt_minutes.batch.archive import read_members

    data = bytearray(_archive(kind))
    for pos, chunk in edits:
        pos %= len(data)
        data[pos : pos + len(chunk)] = chunk
    try:
        for m in read_members(bytes(data)):
            assert m.error is None or isinstance(m.error, LrtError)
    except LrtError:
        pass
