"""Cleaning rules: page furniture, bullets, line joins. Each test is one rule."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lrt_minutes.clean.lines import bullet_kind, clean, join_lines, normalise_bullet
from lrt_minutes.read.text import Line


def lines(text: str) -> list[Line]:
    return [Line(t, None, i) for i, t in enumerate(text.split("\n"), start=1)]


def texts(result) -> list[str]:
    return [ln.text for ln in result.lines if ln.text]


def test_page_footer_removed_and_counted():
    r = clean(lines("• Er is een versnelling.\n Pagina 3 van 3 \n• Op 11 november"))
    assert texts(r) == ["• Er is een versnelling.", "• Op 11 november"]
    assert r.page_total == 3
    assert [f.kind for f in r.furniture] == ["page_footer"]


def test_page_footer_in_capitals_or_amid_a_line_is_removed():
    r = clean(lines("PAGINA 2 VAN 5\nAfspraken Pagina 4 van 5"))
    assert texts(r) == ["Afspraken"]
    assert r.page_total == 5


def test_datum_label_and_date_on_next_line_is_document_date():
    r = clean(lines("tekst\nDatum \n23 november 2022 \n• verder"))
    assert texts(r) == ["tekst", "• verder"]
    assert r.document_date == "2022-11-23"


def test_datum_on_one_line():
    r = clean(lines("Datum: 2-10-2024"))
    assert texts(r) == []
    assert r.document_date == "2024-10-02"


def test_datum_followed_by_text_is_kept():
    r = clean(lines("Datum\nwordt later bepaald"))
    assert texts(r) == ["Datum", "wordt later bepaald"]
    assert r.document_date is None


def test_kenmerk_recorded():
    r = clean(lines("Kenmerk\n2023-0000123456\n1. Opening"))
    assert texts(r) == ["1. Opening"]
    assert r.kenmerk == "2023-0000123456"


def test_sender_lines_removed():
    r = clean(lines("Contactpersoon\nT 06 1102 4587\nPeter.Haasnoot@logius.nl\nPostbus 20011\n2500 EA  Den Haag\nTekst"))
    assert texts(r) == ["Tekst"]


@pytest.mark.parametrize("glyph", ["•", "(cid:127)", "\uf0b7", "●", "▪"])
def test_bullet_glyphs_become_one_bullet(glyph):
    assert normalise_bullet(f"{glyph} Het COA zal") == "• Het COA zal"


@pytest.mark.parametrize("glyph", ["o", "◦", "-", "–"])
def test_sub_bullet_glyphs(glyph):
    assert bullet_kind(normalise_bullet(f"{glyph} VNG steunt")) == "sub"


def test_o_in_text_is_not_a_bullet():
    assert bullet_kind(normalise_bullet("o.a. de gemeenten")) is None


def test_bullet_in_the_middle_of_a_line_starts_a_new_line():
    r = clean(lines("de wet wordt aangepast. • Het COA zal benaderen"))
    assert texts(r) == ["de wet wordt aangepast.", "• Het COA zal benaderen"]


@pytest.mark.parametrize("glyph", ["•", "(cid:127)", "\uf0b7", "●"])
def test_every_bullet_glyph_amid_a_line_starts_a_new_line(glyph):
    r = clean(lines(f"de wet wordt aangepast. {glyph} Het COA zal benaderen {glyph} VNG volgt"))
    assert texts(r) == ["de wet wordt aangepast.", "• Het COA zal benaderen", "• VNG volgt"]


def test_indented_bullet_at_line_start():
    assert texts(clean(lines(" • Het COA zal"))) == ["• Het COA zal"]


def test_original_apostrophes_kept():
    assert texts(clean(lines("• VR´s en PRT’s"))) == ["• VR´s en PRT’s"]


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["een brief te sturen", "met een verzoek"], "een brief te sturen met een verzoek"),
        (["(ihb doorstroom-", "en voorportaallocaties)"], "(ihb doorstroom- en voorportaallocaties)"),
        (["de huisvestings-", "opgave"], "de huisvestingsopgave"),
        (["alle CNO-", "plekken"], "alle CNO-plekken"),
        (["  veel   spaties ", "", " hier"], "veel spaties hier"),
    ],
)
def test_join_lines(parts, joined):
    assert join_lines(parts) == joined


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab •o-.\t:Pagina 1van2Datum")), max_size=30), max_size=12))
@example(["1 • 1"])  # a number before a mid-line bullet is no page number on the next pass
def test_clean_is_idempotent(raw):
    once = clean([Line(t, None, i) for i, t in enumerate(raw, 1)])
    twice = clean(once.lines)
    assert [ln.text for ln in twice.lines] == [ln.text for ln in once.lines]
