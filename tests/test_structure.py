"""Agenda items and points: headings, wrapped titles, joint items, bullets, sections."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrt_minutes import extract
from lrt_minutes.dutch.vocabulary import WOO_GROUND
from lrt_minutes.read.text import Line
from lrt_minutes.structure.agenda import parse_heading, parse_joint_note, split_inline_items
from lrt_minutes.structure.redactions import count_redactions


def doc(text: str):
    return extract(text.encode("utf-8"), tags=False)


def items(text: str):
    return [(i.number, i.title) for i in doc(text).agenda_items]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. Algemeen", (1, "Algemeen")),
        ("0. Opening", (0, "Opening")),
        ("3) Huisvesting", (3, "Huisvesting")),
        ("Agendapunt 3: Voortgang huisvesting", (3, "Voortgang huisvesting")),
        ("Agendapunt 4 – Rondvraag", (4, "Rondvraag")),
        ("5. W.v.t.t.k. en sluiting", (5, "W.v.t.t.k. en sluiting")),
    ],
)
def test_headings(line, expected):
    assert parse_heading(line) == expected


@pytest.mark.parametrize("line", ["2000 plaatsen zijn nodig", "51.000 plekken", "1. de gemeenten moeten", "3."])
def test_not_headings(line):
    assert parse_heading(line) is None


def test_items_numbered_from_zero_and_skipping():
    assert items("0. Opening\n• a.\n2. Spreiding\n• b.\n5. Rondvraag") == [("0", "Opening"), ("2", "Spreiding"), ("5", "Rondvraag")]


def test_numbered_list_inside_an_item_is_not_an_item():
    got = items("3. Huisvesting\n• De opties zijn:\n1. Bouwen\n2. Kopen\n4. Rondvraag")
    assert [n for n, _ in got] == ["3", "4"]


def test_upper_case_title_wrapped_over_lines_with_blanks():
    got = items("3. PLAN VAN AANPAK VERSTERKING EN \n\nUITGANGSPUNTEN BESTUURLIJKE \nAFSTEMMING \n\n• Besluit: akkoord.")
    assert got == [("3", "PLAN VAN AANPAK VERSTERKING EN UITGANGSPUNTEN BESTUURLIJKE AFSTEMMING")]


def test_title_ending_in_a_preposition_continues():
    assert items("2. Plan van aanpak voor de opvang van\nOekraïense ontheemden\n• tekst.") == [
        ("2", "Plan van aanpak voor de opvang van Oekraïense ontheemden")
    ]


def test_short_title_then_section_is_not_one_title():
    d = doc("2. Spreidingswet\n\nOpvang\n• Het COA zal bellen.")
    assert d.agenda_items[0].title == "Spreidingswet"
    assert d.agenda_items[0].points[0].section == "Opvang"


def test_several_items_on_one_line_without_a_note_stay_apart():
    got = items("2. INZET UITSTROOM 3. PAKKET BZK\n• tekst.")
    assert got == [("2", "INZET UITSTROOM"), ("3", "PAKKET BZK")]


def test_joint_items():
    d = doc("2. INZET UITSTROOM 3. PAKKET BZK\nWOONRUIMTE 4. INRICHTING\n\n(Agendapunten 2, 3 en 4 zijn in gezamenlijkheid toegelicht)\n• tekst.")
    (item,) = d.agenda_items
    assert (item.number, item.numbers) == ("2-4", [2, 3, 4])
    assert item.titles == ["INZET UITSTROOM", "PAKKET BZK WOONRUIMTE", "INRICHTING"]
    assert item.points[0].text == "tekst."


@pytest.mark.parametrize(
    ("note", "nums"),
    [
        ("(Agendapunten 2, 3 en 4 zijn in gezamenlijkheid toegelicht)", [2, 3, 4]),
        ("Agendapunten 5 en 6 worden samen behandeld.", [5, 6]),
        ("(Agendapunten 2 t/m 4 zijn gezamenlijk besproken)", [2, 3, 4]),
        ("Agendapunt 3 is vervallen", None),
    ],
)
def test_joint_notes(note, nums):
    assert parse_joint_note(note) == nums


def test_split_inline_items_needs_consecutive_numbers():
    assert split_inline_items(2, "TITEL MET 7. NIET") == [(2, "TITEL MET 7. NIET")]


def test_empty_item():
    (_a, b) = doc("4. Voortgang\n• tekst.\n5. WVTTK").agenda_items
    assert (b.number, b.title, b.points) == ("5", "WVTTK", [])


def test_bullet_with_continuation_lines_and_blank_line():
    (p,) = doc("1. Algemeen\n• SJenV geeft aan de PRT´s een brief te sturen \n\nmet een verzoek.").agenda_items[0].points
    assert p.text == "SJenV geeft aan de PRT´s een brief te sturen met een verzoek."


def test_blank_line_after_a_finished_paragraph_starts_a_new_point():
    pts = doc("1. Algemeen\nDe voorzitter opent.\n\nHet verslag wordt vastgesteld.").agenda_items[0].points
    assert [p.text for p in pts] == ["De voorzitter opent.", "Het verslag wordt vastgesteld."]


def test_abbreviation_at_line_end_does_not_end_a_point():
    (p,) = doc("1. Algemeen\n• Er sluit aan: dhr.\n\nGroot Wassink.").agenda_items[0].points
    assert p.text == "Er sluit aan: dhr. Groot Wassink."


def test_sub_bullets_are_children():
    (p,) = doc("2. Huisvesting\n• VNG maakt opmerkingen:\no VNG steunt het\nvoorstel.\no Oproep tot actie.").agenda_items[0].points
    assert [c.text for c in p.children] == ["VNG steunt het voorstel.", "Oproep tot actie."]


def test_sections():
    pts = doc("2. Item\nOpvang\n• a.\n• b.\n\nHuisvesting\n• c.\n• d.\n Reacties\n\n• e.").agenda_items[0].points
    assert [(p.section, p.text) for p in pts] == [
        ("Opvang", "a."), ("Opvang", "b."), ("Huisvesting", "c."), ("Huisvesting", "d."), ("Reacties", "e."),
    ]  # fmt: skip


def test_furniture_inside_a_point_is_removed_and_warned():
    d = doc("1. Item\n• Er is een versnelling\n\n Pagina 3 van 3 \n\nDatum \n23 november 2022 \n\nzichtbaar.")
    (p,) = d.agenda_items[0].points
    assert p.text == "Er is een versnelling zichtbaar."
    assert d.meeting.document_date == "2022-11-23"
    assert {w.code for w in d.warnings} == {"page_furniture", "no_header"}


def test_substitutions():
    d = doc(
        "1. Opening\n• Mw. Van Gennip kan niet aanwezig zijn en wordt vervangen door DGSZI.\n"
        "• Dhr. De Jonge wordt vervangen door DGRVB. Zij vervangt tevens DGVB."
    )
    assert [(s.absent, s.substitute) for s in d.substitutions] == [
        ("Mw. Van Gennip", "DGSZI"), ("Dhr. De Jonge", "DGRVB"), ("DGVB", "DGRVB"),
    ]  # fmt: skip


def test_redacted_substitution():
    (s,) = doc("1. Opening\n•  wordt vervangen door  die de rol van de  overneemt.").substitutions
    assert (s.absent, s.substitute) == (None, None)


def test_document_without_header_warns_and_has_nulls():
    d = doc("1. OPENING\n• Het verslag wordt vastgesteld.")
    assert d.meeting.date is None and d.attendees == []
    assert "no_header" in {w.code for w in d.warnings}


@pytest.mark.parametrize("marker", ["Besluit: akkoord met de versie.", "<actiepunt Logius> Read.me bijwerken.", "Actie BZK: brief sturen."])
def test_marker_line_starts_its_own_point_in_paragraph_text(marker):
    pts = doc(f"3. Release\nDe wijzigingen worden besproken en er is\n{marker}\nDaarna volgt de planning.").agenda_items[0].points
    assert pts[1].text.startswith(marker)


def _cells(lineno: int, *cells: tuple[float, str]) -> Line:
    return Line(" ".join(t for _, t in cells), 3, lineno, cells[0][0], cells if len(cells) > 1 else ())


def test_action_table_without_number_column_and_done_as_ja():
    from lrt_minutes.structure.actions import take_action_tables

    body = [
        Line("Zie de actielijst hieronder.", 3, 1),
        Line("Actielijst", 3, 2),
        _cells(3, (110, "Datum"), (170, "Actiepunt"), (400, "Houder"), (480, "Afgerond")),
        _cells(4, (110, "7-12-23"), (170, "Formulering op website verbeteren t.a.v."), (400, "Edwin W"), (480, "Ja")),
        _cells(5, (170, "genoemde partijen")),
        _cells(6, (110, "7-3-24"), (170, "Mail ter verheldering sturen"), (400, "VNG"), (480, "Nee")),
        Line("", 3, 7),
        Line("", 3, 8),
        Line("Volgende vergadering op 12 september.", 3, 9, 60),
    ]
    keep, rows = take_action_tables(body)
    assert [ln.text for ln in keep] == ["Zie de actielijst hieronder.", "", "Volgende vergadering op 12 september."]
    assert [(r.ref, r.text, r.owner, r.status) for r in rows] == [
        ("", "Formulering op website verbeteren t.a.v. genoemde partijen", "Edwin W", "done"),
        ("", "Mail ter verheldering sturen", "VNG", "open"),
    ]


def test_a_table_that_is_not_an_action_list_stays_text():
    from lrt_minutes.structure.actions import take_action_tables

    body = [_cells(1, (60, "Leden"), (200, "Departement")), _cells(2, (60, "Jan"), (200, "VNG"))]
    keep, rows = take_action_tables(body)
    assert rows == [] and keep == body


def test_dash_bullets_alone_are_the_items_points():
    d = doc("2. Spreidingswet\n- MBZK geeft een toelichting.\n- VNG vraagt aandacht voor de financiering.\n- IPO sluit aan.")
    assert [(p.text, len(p.children)) for p in d.agenda_items[0].points] == [
        ("MBZK geeft een toelichting.", 0), ("VNG vraagt aandacht voor de financiering.", 0), ("IPO sluit aan.", 0),
    ]  # fmt: skip


def test_paragraph_ending_in_colon_introduces_dash_bullets():
    d = doc("2. Spreidingswet\nVNG maakt twee opmerkingen over\nde planning:\n- eerst de AMvB;\n- dan de regeling.\n\nIPO sluit aan.")
    (intro, after) = d.agenda_items[0].points
    assert intro.text == "VNG maakt twee opmerkingen over de planning:"
    assert [c.text for c in intro.children] == ["eerst de AMvB;", "dan de regeling."]
    assert after.text == "IPO sluit aan."


def test_action_list_in_plain_text():
    d = doc(
        "5. Rondvraag\n• Geen punten.\n\nActielijst\nNr. Actie Wie Status\n"
        "2023-07 Brief aan de PRT’s over de opvang SJenV open\n"
        "2023-08 Inventarisatie van locaties voor\nkleinschalige opvang VNG/IPO afgerond\n"
        "2023-09 Voorstel voor de monitor\n"
    )
    item = d.agenda_items[0]
    rows = [p for p in item.points if p.section == "Actielijst"]
    assert [p.text for p in rows] == [
        "Brief aan de PRT’s over de opvang", "Inventarisatie van locaties voor kleinschalige opvang",
        "Voorstel voor de monitor",
    ]  # fmt: skip
    assert [p.text for p in item.points if p.section is None] == ["Geen punten."]


def test_actiepunten_heading_above_bullets_stays_text():
    d = doc("3. Huisvesting\nActiepunten\n• VNG zal de gemeenten informeren.\n• IPO stuurt de cijfers.")
    assert [p.section for p in d.agenda_items[0].points] == ["Actiepunten", "Actiepunten"]


def test_heading_forms_ad_and_sub_items():
    got = items("Ad 1 Opening\n• Welkom.\nAd 2. Verslag\n• Vastgesteld.\n2a. Actielijst\n• Bijgewerkt.\n3) Rondvraag\n• Geen.")
    assert got == [("1", "Opening"), ("2", "Verslag"), ("2a", "Actielijst"), ("3", "Rondvraag")]


def test_number_apart_from_its_title():
    got = items("1.\nOpening en mededelingen\n• Welkom.\n2.\nVerslag vorige vergadering\n• Vastgesteld.")
    assert got == [("1", "Opening en mededelingen"), ("2", "Verslag vorige vergadering")]


def test_a_restarting_numbered_list_stays_points_of_its_item():
    d = doc("1. Opening\n• Welkom.\n2. Huisvesting\nDe opties zijn:\n1. Bouwen\n2. Kopen\n3. Huren\n3. Rondvraag\n• Geen.")
    assert [(i.number, i.title) for i in d.agenda_items] == [("1", "Opening"), ("2", "Huisvesting"), ("3", "Rondvraag")]
    assert "Kopen" in " ".join(p.text for p in d.agenda_items[1].points)


def test_a_number_that_breaks_the_sequence_is_a_list():
    got = items("1. Opening\n• Welkom.\n2. Begroting\n• De punten:\n7. Verhoging\n3. Rondvraag")
    assert [n for n, _ in got] == ["1", "2", "3"]


def test_agenda_overview_then_discussion_gives_the_discussed_items():
    text = (
        "Agenda\n1. Opening\n2. Verslag vorige vergadering\n3. Rondvraag\n\n"
        "1. Opening\nDe voorzitter heet iedereen welkom.\n"
        "2. Verslag vorige vergadering\nHet verslag wordt vastgesteld.\n"
        "3. Rondvraag\nEr zijn geen vragen.\n"
    )
    d = doc(text)
    assert [(i.number, i.title) for i in d.agenda_items] == [("1", "Opening"), ("2", "Verslag vorige vergadering"), ("3", "Rondvraag")]
    assert [len(i.points) for i in d.agenda_items] == [1, 1, 1]


def test_numbered_sentences_are_not_items():
    text = (
        "Artikel 10 luidt:\n1. Het verstrekken van informatie ingevolge deze wet blijft achterwege voor zover\n"
        "dit de veiligheid van de staat kan schaden.\n2. Het tweede lid is niet van toepassing voor zover de betrokken\n"
        "persoon heeft ingestemd.\n"
    )
    assert items(text) == [(None, None)]


def test_no_items_the_body_is_one_item_and_it_is_tagged():
    from lrt_minutes.tag import default_tagger

    text = "Verslag overleg\nAanwezig: Jan Mol (VNG), Els Dam (IPO)\n\nHet verslag wordt vastgesteld.\nActie: VNG stuurt de notitie rond.\n"
    d = extract(text.encode("utf-8"), tagger=default_tagger())
    (item,) = d.agenda_items
    assert (item.number, item.numbered, item.title, item.numbers) == (None, False, None, [])
    assert [p.text for p in item.points] == ["Het verslag wordt vastgesteld.", "Actie: VNG stuurt de notitie rond."]
    assert [t.type for p in item.points for t in p.tags] == ["decision", "action"]
    assert "no_agenda_items" in [w.code for w in d.warnings]
    assert [p.name for p in d.attendees] == ["Jan Mol", "Els Dam"]


def cells_line(lineno: int, *cells: tuple[float, str], bold: bool = False) -> Line:
    text = " ".join(t for _, t in cells)
    return Line(text, 1, lineno, cells[0][0], cells if len(cells) > 1 else (), bold)


def test_table_agenda_number_in_its_own_cell_and_rows_that_wrap():
    from lrt_minutes.structure.agenda import find_items

    lines = [
        Line("Verslag overleg", 1, 1),
        cells_line(2, (80.0, "Nr."), (100.0, "Onderwerp"), (420.0, "Besluit")),
        cells_line(3, (80.0, "1"), (100.0, "Opening")),
        cells_line(4, (80.0, "2"), (100.0, "Begroting volgend jaar"), (420.0, "Ter besluitvorming")),
        Line("De begroting wordt besproken en vastgesteld.", 1, 5, 100.0),
        cells_line(6, (80.0, "3"), (100.0, "Rondvraag")),
    ]
    _, got = find_items(lines, paragraph_breaks=True)
    assert [(it.number, it.titles) for it in got] == [("1", ["Opening"]), ("2", ["Begroting volgend jaar"]), ("3", ["Rondvraag"])]
    # in an action list (its head names no subject column), numbered rows are actions, not items
    rows = [cells_line(1, (80.0, "Nr"), (100.0, "Actie"), (400.0, "Wie")), cells_line(2, (80.0, "1"), (100.0, "Notitie sturen"), (400.0, "VNG"))]
    assert find_items(rows, paragraph_breaks=True)[1] == []


def test_headings_without_numbers_by_typography_and_position():
    from lrt_minutes.structure.agenda import find_items

    def para(k: int, text: str, x: float = 100.0, bold: bool = False) -> Line:
        return Line(text, 1, k, x, (), bold)

    blank = [Line("", 1, 0)]
    bold_doc = [
        para(1, "Verslag werkgroep"), para(2, "Datum: 3 mei 2023"), *blank,
        para(3, "Opening", bold=True), para(4, "De voorzitter opent de vergadering om tien uur precies."), *blank,
        para(5, "Financiering van de regeling", bold=True), para(6, "Er is gesproken over de bedragen en de verdeling."),
        *blank, para(7, "Rondvraag", bold=True), para(8, "Er zijn geen vragen meer van de aanwezigen."),
    ]  # fmt: skip
    _, got = find_items(bold_doc, paragraph_breaks=True)
    assert [(it.number, it.numbered, it.titles) for it in got] == [
        ("1", False, ["Opening"]), ("2", False, ["Financiering van de regeling"]), ("3", False, ["Rondvraag"]),
    ]  # fmt: skip
    # no bold, the headings stand left of their text; a title wraps onto a second line
    left_doc = [
        para(1, "Verslag werkgroep"), para(2, "Datum: 3 mei 2023"), *blank,
        para(3, "Opening", 70.0), para(4, "De voorzitter opent de vergadering om tien uur precies."), *blank,
        para(5, "Financiering van de regeling voor de opschaling in het", 70.0), para(6, "kader van de crisis", 70.0),
        para(7, "Er is gesproken over de bedragen en de verdeling."),
    ]  # fmt: skip
    _, got = find_items(left_doc, paragraph_breaks=True)
    assert [it.titles for it in got] == [["Opening"], ["Financiering van de regeling voor de opschaling in het kader van de crisis"]]


def test_table_agenda_right_column_is_read_as_its_own_cell(tagger):
    """A table agenda whose narrow right-hand column holds each item's purpose or its decisions: the column's
    lines are interleaved with the discussion row by row; each is read apart, and a "Besluit:" over bullets
    gives one decision per bullet."""
    from .pdfgen import render

    rows = [
        "Verslag van het regionaal overleg",
        "Datum: 4 februari 2025",
        "",
        "Nr.\tOnderwerp\t\tToelichting",
        "1\tOpening\t\tTer kennisname",
        "2\tSubsidieregeling\t\tBesluit:",
        "\t- De regeling wordt voor twee jaar\t\t- Regeling loopt",
        "\tverlengd, zo stelt de voorzitter voor.\t\tdoor tot 2027.",
        "\t- Het budget blijft gelijk aan dat\t\t- Budget blijft",
        "\tvan vorig jaar.\t\tongewijzigd.",
        "3\tRondvraag\t\tTer bespreking",
        "\t- Er zijn geen vragen.",
    ]
    pdf = render("\n".join(rows), tabs=(60.0, 80.0, 250.0, 330.0))
    doc = extract(pdf, name="tabel.pdf", tagger=tagger)
    items = {it.number: it for it in doc.agenda_items}
    assert [it.title for it in doc.agenda_items] == ["Opening", "Subsidieregeling", "Rondvraag"]
    assert [p.text for p in items["2"].points] == [
        "De regeling wordt voor twee jaar verlengd, zo stelt de voorzitter voor.",
        "Het budget blijft gelijk aan dat van vorig jaar.",
        "Besluit: Regeling loopt door tot 2027.",
        "Besluit: Budget blijft ongewijzigd.",
    ]
    assert {p.section for p in items["2"].points[2:]} == {"Toelichting"}
    assert [t.type for p in items["2"].points[2:] for t in p.tags] == ["decision", "decision"]
    assert [p.text for p in items["1"].points] == ["Ter kennisname"]
    assert [p.text for p in items["3"].points] == ["Er zijn geen vragen.", "Ter bespreking"]
    # numbered rows that go on from an earlier table (not an agenda from its first item) are left as read
    later = [f"{int(r[0]) + 11}{r[1:]}" if r[:1].isdigit() else r for r in rows]
    doc = extract(render("\n".join(later), tabs=(60.0, 80.0, 250.0, 330.0)), name="tabel.pdf", tags=False)
    assert [it.number for it in doc.agenda_items] == ["12", "13", "14"]
    assert not any(p.text.startswith("Besluit") for it in doc.agenda_items for p in it.points)


@settings(max_examples=200, deadline=None)
@given(ground=st.from_regex(WOO_GROUND, fullmatch=True), before=st.sampled_from(["", "naam ", "(", "art. "]))
def test_every_woo_ground_in_a_point_counts_as_a_redaction(ground, before):
    # whatever grounds the vocabulary knows: the counter's quick test must never pass one over
    text = f"{before}{ground} is weggelakt"
    assert count_redactions([], [], [text]) == len(WOO_GROUND.findall(text)) >= 1
