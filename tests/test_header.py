"""Header rules: labels, dates and times, participants."""

from __future__ import annotations

import pytest

from lrt_minutes.read.text import Line
from lrt_minutes.structure.header import match_label, parse_header, parse_participants


def ls(text: str) -> list[Line]:
    return [Line(t.strip(), None, i) for i, t in enumerate(text.split("\n"), start=1)]


def people(text: str):
    return [(p.honorific, p.name, p.organisation, p.redacted) for p in parse_participants(ls(text))]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("Vergaderdatum 9 november 2022", "date"),
        ("Vergaderdatum en -tijd 3 november 2023, 08:45 – 09:30", "datetime"),
        ("Vergaderdatum en tijd 19 september 2024", "datetime"),
        ("Vergaderplaats   Webex", "location"),
        ("Aanwezig: Dhr. A (VNG)", "attendees"),
        ("Aanwezig", "attendees"),
        ("Afwezig (met berichtgeving):", "absentees"),
        ("Notulist: mw. J. de Vries", "minute_taker"),
        ("Voorzitter: SJenV", "chair"),
        ("Omschrijving   Verslag LRT", "description"),
    ],
)
def test_labels(line, field):
    assert match_label(line)[0] == field


@pytest.mark.parametrize("line", ["aanwezig zijn en wordt vervangen", "Aanwezigheid is belangrijk", "secretariaat, ondersteuning"])
def test_not_labels(line):
    assert match_label(line) is None


def test_date_time_and_place():
    h = parse_header(ls("Vergaderdatum en -tijd   3 november 2023, 08:45 – 09:30\nVergaderplaats   Webex"))
    assert (h.meeting.date, h.meeting.start_time, h.meeting.end_time, h.meeting.location) == (
        "2023-11-03", "08:45", "09:30", "Webex",
    )  # fmt: skip


def test_time_on_the_next_line_and_uur():
    h = parse_header(ls("Vergaderdatum en tijd 19 september 2024\n10:00-14:00 uur"))
    assert (h.meeting.date, h.meeting.start_time, h.meeting.end_time) == ("2024-09-19", "10:00", "14:00")


def test_numeric_meeting_date_and_dotted_times():
    h = parse_header(ls("Vergaderdatum: 03-11-2023\nTijd: 10.00 - 11.30 uur"))
    assert (h.meeting.date, h.meeting.start_time, h.meeting.end_time) == ("2023-11-03", "10:00", "11:30")


def test_colon_labels_and_notulist():
    h = parse_header(ls("Vergaderdatum: 9 november 2022\nAanwezig: Dhr. De Jonge (MVRO), mw. Lamers (Aedes)\nNotulist: secretariaat LRT"))
    assert [p.name for p in h.attendees] == ["De Jonge", "Lamers"]
    assert h.meeting.minute_taker == "secretariaat LRT"


def test_body_from_description():
    assert parse_header(ls("Omschrijving Verslag LRT\nVergaderdatum 1 mei 2023")).meeting.body == "LRT"


def test_no_header_gives_nulls():
    h = parse_header([])
    assert not h.found
    assert h.meeting.date is None and h.attendees == []


def test_invalid_date_is_not_guessed():
    h = parse_header(ls("Vergaderdatum 31 februari 2023"))
    assert h.meeting.date is None
    assert [w[0] for w in h.warnings] == ["unparsed_date"]


def test_entries_without_comma_between_them():
    assert people("Dhr. De Jonge (MVRO) Dhr. Van der Burg (SJenV),") == [
        ("Dhr.", "De Jonge", "MVRO", False),
        ("Dhr.", "Van der Burg", "SJenV", False),
    ]


def test_entry_split_over_lines():
    assert people("Mevr.\nVan Gennip (MSZW), Dhr Groot Wassink (VNG)") == [
        ("Mevr.", "Van Gennip", "MSZW", False),
        ("Dhr.", "Groot Wassink", "VNG", False),
    ]


def test_lower_case_honorific_is_normalised_and_raw_kept():
    (p,) = parse_participants(ls("mw. Lamers (Aedes)"))
    assert (p.raw, p.honorific, p.name) == ("mw. Lamers (Aedes)", "Mw.", "Lamers")


def test_redacted_names():
    assert people(" (JenV),  (wnd.IPO), (CDK’s)") == [
        (None, None, "JenV", True),
        (None, None, "wnd.IPO", True),
        (None, None, "CDK’s", True),
    ]


def test_woo_code_in_place_of_a_name():
    (p,) = parse_participants(ls("5.1.2e (JenV)"))
    assert (p.name, p.organisation, p.redacted, p.redaction_ground) == (None, "JenV", True, "5.1.2e")


def test_entries_without_a_person():
    assert people("Dhr. Schoenmaker (COA), secretariaat, ondersteuning.") == [
        ("Dhr.", "Schoenmaker", "COA", False),
        (None, "secretariaat", None, False),
        (None, "ondersteuning", None, False),
    ]


def test_role_in_second_parentheses():
    (a, b) = parse_participants(ls("Peter Haasnoot (Logius)(vz), Lizzy Wellink (secretaris)(Logius)."))
    assert (a.name, a.organisation, a.role) == ("Peter Haasnoot", "Logius", "vz")
    assert (b.name, b.organisation, b.role) == ("Lizzy Wellink", "Logius", "secretaris")


def test_count_line_is_not_a_participant():
    assert people("(18 personen)\nJan Jansen (VNG), Piet Pietersen (IPO)") == [
        (None, "Jan Jansen", "VNG", False),
        (None, "Piet Pietersen", "IPO", False),
    ]


def test_one_entry_a_line_without_commas():
    assert people("Jan Jansen\nPiet Pietersen") == [(None, "Jan Jansen", None, False), (None, "Piet Pietersen", None, False)]


def test_present_and_absent_is_kept_with_a_warning():
    h = parse_header(ls("Aanwezig Dhr. Weterings (VNG), Dhr. Kip (Aedes)\nAfwezig Dhr. Weterings (VNG)"))
    assert [p.name for p in h.attendees] == ["Weterings", "Kip"]
    assert [p.name for p in h.absentees] == ["Weterings"]
    assert [w[0] for w in h.warnings] == ["present_and_absent"]


def test_one_person_a_line_as_name_comma_organisation():
    got = people("Maarten van der Veen, Logius (vz)\nPeter Haasnoot, Logius\nHans Sinnige, RINIS\nEdwin Wisse, min. BZK")
    assert got == [
        (None, "Maarten van der Veen", "Logius", False), (None, "Peter Haasnoot", "Logius", False),
        (None, "Hans Sinnige", "RINIS", False), (None, "Edwin Wisse", "min. BZK", False),
    ]  # fmt: skip
    assert parse_participants(ls("Maarten van der Veen, Logius (vz)\nAnna Bos, VNG\nCor Dek, IPO"))[0].role == "vz"


def row(page_line: int, *cells: tuple[float, str]) -> Line:
    return Line(" ".join(t for _, t in cells), 1, page_line, cells[0][0], cells if len(cells) > 1 else ())


def test_members_table_from_cells_two_pairs_a_row_with_a_wrapped_cell():
    lines = [
        row(1, (168.0, "Leden"), (271.0, "Departement"), (367.0, "Leden"), (461.0, "Departement")),
        row(2, (168.0, "Antoon Bijen"), (271.0, "JustID"), (367.0, "Jos van Kester"), (461.0, "VNG")),
        row(3, (168.0, "Peter Haasnoot"), (271.0, "Logius"), (367.0, "Edwin Wisse"), (461.0, "Logius")),
        row(4, (271.0, "Standaarden")),
        row(5, (168.0, "Han Welmer"), (271.0, "TNO")),
    ]
    got = [(p.name, p.organisation, p.line) for p in parse_participants(lines)]
    assert got == [
        ("Antoon Bijen", "JustID", 2), ("Jos van Kester", "VNG", 2),
        ("Peter Haasnoot", "Logius Standaarden", 3), ("Edwin Wisse", "Logius", 3),
        ("Han Welmer", "TNO", 5),
    ]  # fmt: skip


def test_table_cells_without_column_heads_are_read_as_text():
    lines = [row(1, (100.0, "Dhr. A (VNG)"), (300.0, "Mw. B (IPO)"))]
    assert [p.name for p in parse_participants(lines)] == ["A", "B"]


def test_datum_with_colon_beside_time_and_place_is_the_meeting_date():
    from lrt_minutes import extract

    text = (
        "Verslag overleg\nDatum: 14 maart 2023\nTijd: 10.00 - 11.30 uur\nLocatie: Den Haag\n"
        "Aanwezig: dhr. De Jonge (MVRO)\n1. Opening\n• Welkom.\n"
    )
    m = extract(text.encode(), tags=False).meeting
    assert (m.date, m.start_time, m.end_time, m.document_date) == ("2023-03-14", "10:00", "11:30", None)
    # the letter template's Datum (no colon) stays the document date
    text2 = "Vergaderdatum 9 maart 2023\nDatum\n14 maart 2023\nAanwezig: dhr. De Jonge (MVRO)\n1. Opening\n• Welkom.\n"
    m2 = extract(text2.encode(), tags=False).meeting
    assert (m2.date, m2.document_date) == ("2023-03-09", "2023-03-14")


def test_organisation_with_its_people_in_parentheses():
    got = people("SJenV (vz), VNG (dhr. Rabbae, mw. Bronsvoort), IPO")
    assert got == [
        (None, "SJenV", None, False), ("Dhr.", "Rabbae", "VNG", False), ("Mw.", "Bronsvoort", "VNG", False),
        (None, "IPO", None, False),
    ]  # fmt: skip
    # an organisation in parentheses stays one entry
    assert people("Dhr. De Jonge (MVRO)") == [("Dhr.", "De Jonge", "MVRO", False)]


def test_verslag_with_colon_is_the_minute_taker_not_a_title():
    assert match_label("Verslag: secretariaat LRT") == ("minute_taker", "secretariaat LRT")
    assert match_label("Verslag LRT 21 juni 2023") is None


def test_chair_from_the_attendee_marked_as_chair():
    from lrt_minutes import extract

    text = (
        "Vergaderdatum 7 september 2023\nAanwezig:\nDhr. Van der Burg (SJenV), voorzitter\nMevr. De Jonge (MVRO)\n"
        "Dhr. Groot Wassink (VNG)\n1. Opening\n• Welkom.\n"
    )
    doc = extract(text.encode(), tags=False)
    assert [(p.name, p.organisation, p.role) for p in doc.attendees] == [
        ("Van der Burg", "SJenV", "voorzitter"), ("De Jonge", "MVRO", None), ("Groot Wassink", "VNG", None),
    ]  # fmt: skip
    assert doc.meeting.chair == "Dhr. Van der Burg (SJenV)"


def test_several_labels_on_one_line_each_value_stops_at_the_next_label():
    h = parse_header(ls("Datum: 3 oktober 2023 Tijd: 14.00 – 15.30 uur Locatie: Stadhuis"))
    m = h.meeting
    assert (m.date, m.start_time, m.end_time, m.location, m.document_date) == ("2023-10-03", "14:00", "15:30", "Stadhuis", None)
    assert parse_header(ls("Locatie: Utrecht Betreft: Overleg over de begroting")).meeting.location == "Utrecht"


def test_space_before_the_colon_and_a_label_glued_to_its_value():
    assert parse_header(ls("Locatie : Gemeentehuis")).meeting.location == "Gemeentehuis"
    m = parse_header(ls("Vergaderdatum en -tijd21 september 2023 19.30 uur")).meeting
    assert (m.date, m.start_time) == ("2023-09-21", "19:30")


def test_attendee_list_ends_at_a_table_head():
    lines = ls("Aanwezig: Jan de Vries (gemeente), Anna Bakker (provincie)\nen ambtelijke ondersteuning\nNr. Onderwerp Toelichting")
    assert [p.name for p in parse_header(lines).attendees] == ["Jan de Vries", "Anna Bakker", "ambtelijke ondersteuning"]


def test_attendee_list_ends_at_running_sentences():
    text = (
        "Aanwezig: Jan de Vries (gemeente), Anna Bakker (provincie)\n"
        "De voorzitter opent de vergadering en heet iedereen van harte welkom bij dit overleg.\n"
        "Er zijn geen mededelingen vanuit de deelnemers aan dit overleg."
    )
    h = parse_header(ls(text))
    assert [p.name for p in h.attendees] == ["Jan de Vries", "Anna Bakker"]


def test_attendee_list_ends_at_a_heading_after_a_gap():
    text = "Aanwezig: Jan de Vries (gemeente), Anna Bakker (provincie)\n\nOpening\nWelkom."
    assert [p.name for p in parse_header(ls(text)).attendees] == ["Jan de Vries", "Anna Bakker"]
    # a list that goes on after a gap (the line before it is open) stays one list
    text = "Aanwezig: Jan de Vries (gemeente),\n\nAnna Bakker (provincie)"
    assert [p.name for p in parse_header(ls(text)).attendees] == ["Jan de Vries", "Anna Bakker"]


def test_a_bold_line_after_a_plain_list_is_a_heading():
    lines = [
        Line("Aanwezig: Jan de Vries, Anna Bakker, Piet Smit,", 1, 1),
        Line("Kees Jansen", 1, 2),
        Line("Financiering van de regeling", 1, 3, bold=True),
    ]
    assert [p.name for p in parse_header(lines).attendees] == ["Jan de Vries", "Anna Bakker", "Piet Smit", "Kees Jansen"]


def test_header_labels_lexicon_is_validated():
    from pydantic import ValidationError

    from lrt_minutes.structure.lexicons import Labels, labels

    assert any(lab.field == "attendees" for lab in labels().header)
    with pytest.raises(ValidationError):
        Labels.model_validate({"header": [{"field": "nonsense", "pattern": "X"}], "table_heads": [], "list_stops": []})
    with pytest.raises(ValidationError):
        Labels.model_validate({"header": [{"field": "date", "pattern": "(unclosed"}], "table_heads": [], "list_stops": []})


def test_people_under_an_organisation_named_first():
    got = people("Namens de gemeente Utrecht:\nmevrouw A. Jansen, de heer B. de Vries\nNamens IPO: Piet Smit\nKees Bos (VNG)")
    assert got == [
        ("Mevr.", "A. Jansen", "gemeente Utrecht", False), ("Dhr.", "B. de Vries", "gemeente Utrecht", False),
        (None, "Piet Smit", "IPO", False), (None, "Kees Bos", "VNG", False),
    ]  # fmt: skip
    assert people("Provincie Zeeland: Jan Mol, Els Dam") == [
        (None, "Jan Mol", "Provincie Zeeland", False), (None, "Els Dam", "Provincie Zeeland", False),
    ]  # fmt: skip


def test_bulleted_participants():
    assert people("- Jan Mol (VNG)\n- (IPO)\n- Els Dam (BZK)") == [
        (None, "Jan Mol", "VNG", False), (None, None, "IPO", True), (None, "Els Dam", "BZK", False),
    ]  # fmt: skip


def test_date_on_the_line_under_the_title():
    m = parse_header(ls("Verslag van het bestuurlijk overleg\nDinsdag 3 oktober 2023 14.00 – 15.30 uur\nAanwezig: Jan Mol (VNG)")).meeting
    assert (m.date, m.start_time, m.end_time) == ("2023-10-03", "14:00", "15:30")
    h = parse_header(ls("Verslag overleg regio\nd.d. 18 maart 2024\nLocatie: Zwolle"))
    assert h.meeting.date == "2024-03-18"
    assert [w[0] for w in h.warnings] == ["date_from_title"]


def test_date_inside_the_title():
    h = parse_header(ls("Besluitenlijst van de openbare raadsvergadering van 12 maart 2019, aanvang 19.30 uur"))
    assert (h.meeting.date, h.meeting.start_time) == ("2019-03-12", "19:30")
    assert h.meeting.body == "openbare raadsvergadering"
    assert [w[0] for w in h.warnings] == ["date_from_title"]


def test_no_meeting_date_from_a_sentence_or_a_letter_date():
    assert parse_header(ls("Vandaag 2 januari 2019 waren wij met een aantal collega's aanwezig bij de opening.")).meeting.date is None
    # a date at the top of a letter, with no meeting title above it
    assert parse_header(ls("Ministerie van Financiën\n29 mei 2019\nOnderwerp: besluit op uw verzoek")).meeting.date is None


def test_absentee_label_with_words_in_brackets_or_before_its_colon():
    assert match_label("Afwezig (danwel met bericht): Jan Mol") == ("absentees", "Jan Mol")
    h = parse_header(ls("Afwezig na afmelding per mail: Jan Mol (VNG), Els Dam (IPO)"))
    assert [p.name for p in h.absentees] == ["Jan Mol", "Els Dam"]


def test_a_person_listed_twice_is_one_entry():
    assert people("Jan Mol (VNG), Els Dam (IPO), Jan Mol (VNG)") == [(None, "Jan Mol", "VNG", False), (None, "Els Dam", "IPO", False)]


def test_an_organisation_that_lost_its_opening_bracket():
    assert people("Jan Mol (VNG), Els Dam\nIPO), Piet Smit (BZK)") == [
        (None, "Jan Mol", "VNG", False), (None, "Els Dam", "IPO", False), (None, "Piet Smit", "BZK", False),
    ]  # fmt: skip


def test_redaction_boxes_in_a_list_are_redacted_entries():
    # a PDF reads a box without text on it as "█"; a name may wrap over two boxes
    got = people("Jan Mol (gemeente), █\n█, █ en ambtelijke ondersteuning")
    assert got == [
        (None, "Jan Mol", "gemeente", False), (None, None, None, True), (None, None, None, True),
        (None, "ambtelijke ondersteuning", None, False),
    ]  # fmt: skip
