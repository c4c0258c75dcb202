"""Properties: on any input the library returns a result or raises its own error type."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lrt_minutes import LrtError, extract
from lrt_minutes.export import to_json
from lrt_minutes.models import MinutesDocument

from .conftest import SEEDS

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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_random_text(tagger, text):
    _ok_or_own_error(text.encode("utf-8"), tagger)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(SEED) - 1), st.text(alphabet=ALPHABET, max_size=20)), max_size=8))
def test_mutated_seed(tagger, edits):
    text = SEED
    for pos, insert in edits:
        text = text[:pos] + insert + text[pos + len(insert) :]
    _ok_or_own_error(text.encode("utf-8"), tagger)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600))
def test_random_bytes(tagger, data):
    _ok_or_own_error(data, tagger)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6))
def test_mutated_pdf_bytes(tagger, edits):
    from .test_pdf import render

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
