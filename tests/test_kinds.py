"""Document kinds and where one document ends and the next begins, on texts phrased as such documents usually are."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lrt_minutes.classify import Cues, cues, gate_text
from lrt_minutes.classify.kind import classify, features, patterns
from lrt_minutes.read.text import Line
from lrt_minutes.split import split_pages


def kind(text: str) -> str:
    return classify(text.splitlines())[0]


# --- kinds --------------------------------------------------------------------------------

MINUTES = """Verslag van de vergadering van de stuurgroep
12 maart 2024
Aanwezig: mw. De Vries (voorzitter), dhr. Bakker (gemeente), mw. Smit (provincie)
Afwezig: dhr. Jansen
1. Opening
De voorzitter opent de vergadering.
2. Vaststellen verslag
Het verslag wordt ongewijzigd vastgesteld.
"""

AGENDA = """Agenda
Overleg werkgroep wonen
Vergaderdatum: 4 april 2024, 10.00 - 11.30 uur
Locatie: stadhuis, kamer 2
1. Opening en mededelingen
2. Voortgang woningbouwopgave
3. Rondvraag en sluiting
"""

FILLED_AGENDA = """Agenda bestuurlijk overleg energie
d.d. 20 juni 2024
1. Opening
Besluit: het verslag wordt vastgesteld.
2. Voortgang
Afgesproken wordt dat de gemeente een voorstel maakt. Actie: gemeente.
3. Planning
Het overleg gaat akkoord met de planning.
"""

DECISIONS = """Besluitenlijst van de openbare raadsvergadering van 12 maart 2019, aanvang 19.30 uur
1. Vaststelling agenda
De agenda wordt vastgesteld.
"""

DECISION_TABLE = """Overzicht uit de verslagen van het ambtelijk overleg
Datum Agendapunt en tekst uit het verslag Opmerkingen
6 december 2017 4. Rondvraag
De leden wisselen ervaringen uit.
14 maart 2018 2. Werkwijze
Het overleg stemt in met het voorstel.
10 april 2019 1. Afstemming
Afgesproken wordt de lijn te volgen.
"""

ACTIONS = """Actielijst projectgroep
Nr Actie Wie Deadline Status
1 Planning rondsturen secretaris 1 mei open
2 Notitie opstellen gemeente 15 mei afgerond
"""

ACTION_ROWS = """Ter bespreking in het kernteam
12 Contact leggen met de GGD afgehandeld
13 Memo over testbeleid afgerond
14 Cijfers verzamelen per sector lopend
15 Overzicht maken van vragen afgehandeld
16 Navragen bij de regio lopend
"""

LETTER = """> Retouradres Postbus 100 2500 AA Den Haag
Datum 3 maart 2024
Betreft Verslag van het overleg van 1 februari
Geachte heer Jansen,
Hierbij ontvangt u het verslag van het overleg.
Met vriendelijke groet,
de directeur
"""

EMAIL = """Van: Jansen, P.
Verzonden: dinsdag 5 mei 2020 10:12
Aan: secretariaat
Onderwerp: concept verslag overleg
Beste collega's,
Bijgaand het conceptverslag.
"""

EMAIL_OCR = """To secretariaat@example.nl
From
Sent
Tue 12 22 2009 04 20 PM
Subject FW concept verslag
"""

INVENTORY = """Bijlage B
Inventarislijst
Nr. Datum Document Beoordeling Weigeringsgrond
1 3-2-2020 E-mail Deels openbaar 5.1.2e
2 4-2-2020 Notitie Openbaar
"""

REPORT = """Rapport van bevindingen
Informatie per 1/3/2019
Op genoemde datum trof ik in de cel een telefoon aan.
Aldus naar waarheid opgemaakt.
De rapporteur,
"""


ACTION_TABLE = """Overzicht stand van zaken
Nr. Actie Actiehouder Deadline Status
1 Voorstel uitwerken gemeente 1 juni open
2 Brief versturen provincie 15 juni open
"""

MEETING_OVER_DATE = """Derde bijeenkomst klankbordgroep
14-10-2021
Gemeente
- Vraagt naar de planning.
"""

LABELS_ONLY = """Datum: 14 maart 2023
Tijd: 10.00 - 12.00 uur
Locatie: provinciehuis
De leden bespreken de voortgang.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINUTES, "minutes"),
        (AGENDA, "agenda"),
        (FILLED_AGENDA, "minutes"),
        (DECISIONS, "decision-list"),
        (DECISION_TABLE, "decision-list"),
        (ACTIONS, "action-list"),
        (ACTION_ROWS, "action-list"),
        (LETTER, "other"),
        (EMAIL, "other"),
        (EMAIL_OCR, "other"),
        (INVENTORY, "other"),
        (REPORT, "other"),
        ("", "other"),
        (ACTION_TABLE, "action-list"),
        (MEETING_OVER_DATE, "minutes"),
        (LABELS_ONLY, "minutes"),
    ],
    ids=[
        "minutes", "agenda", "agenda-filled-in-with-decisions", "decision-list", "decision-table", "action-list",
        "numbered-rows-with-statuses", "letter-about-minutes", "e-mail-about-minutes", "e-mail-as-ocr-writes-it",
        "inventory", "report", "empty", "action-table-without-title", "meeting-word-over-a-date", "header-labels-only",
    ],
)  # fmt: skip
def test_kind_from_features(text, expected):
    assert kind(text) == expected


def test_every_kind_says_why():
    assert classify(MINUTES.splitlines())[1][:2] == ["title:verslag", "meeting:stuurgroep"]
    assert "participants:aanwezig" in classify(MINUTES.splitlines())[1]
    assert classify(EMAIL.splitlines())[1] == ["email-header:aan,onderwerp,van,verzonden"]
    assert classify(LETTER.splitlines())[1][0] == "letter-salutation"
    assert classify(INVENTORY.splitlines())[1] == ["inventory"]
    assert classify([])[1] == ["no-text"]


def test_an_action_marker_sentence_is_no_action_table_header():
    text = "Bespreking planning\nGemeente\nActie: wie stuurt de status voor de deadline rond?\n- De gemeente doet dat.\n"
    assert kind(text) != "action-list"


def test_a_decision_sentence_is_no_decision_table_header():
    text = ("Overleg regio\nBesluit: het agendapunt over de datum wordt verschoven.\n"
            "3 maart 2024 is de nieuwe datum.\n4 maart 2024 volgt het advies.\n5 maart 2024 het besluit.\n")
    assert kind(text) != "decision-list"


def test_a_sentence_opening_with_aan_or_van_is_no_email_header():
    text = "Notulen overleg regio\n7 mei 2024\nAanwezig: mw. Smit\nAan de orde komt de begroting.\nVan de zijde van de gemeente wordt gevraagd …\n"
    assert kind(text) == "minutes"


def test_cues_written_in_any_case_count_also_where_lower_casing_differs_from_case_folding():
    # "İ", "ı", "ſ" and the Kelvin sign match "i", "s" and "k" when case is ignored, but do not lower-case to them
    letter = "Geachte heer Bakker,\nHierbij het verslag.\n{closing}\nJ. Smit\n"
    for closing in ("Met vriendelijke groet,", "MET VRİENDELİJKE GROET,", "Met vrıendelijke groet,", "Hoogachtend,"):
        assert features(letter.format(closing=closing).splitlines()).closing, closing
    assert not features(letter.format(closing="Tot ziens,").splitlines()).closing
    rows = ["1 Offerte opvragen BZK afgerond", "2 Planning delen VNG vervalt", "3 Brief sturen IPO uitgevoerd"]
    assert features(rows).action_statuses == 3
    assert features([r.upper().replace("I", "İ") for r in rows]).action_statuses == 3
    assert features(["Het voorstel iſ vastgeſteld; besloten is dat de actie blijft."]).outcomes == 3


_CUE_WORDS = [w for ws in (cues().letter_closings, cues().report_marks, cues().outcome_marks, cues().action_statuses) for w in ws]
_FOLDS = {"i": "iIİı", "s": "sSſ", "k": "kK\u212a"}


@st.composite
def _lines_with_a_cue(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(_CUE_WORDS))
    written = "".join(draw(st.sampled_from(_FOLDS.get(c, c + c.upper()))) for c in word)
    filler = st.text(alphabet="abeiknrsté ’•-İıſ", max_size=12)
    return f"{draw(filler)} {written} {draw(filler)}"


@settings(max_examples=300, deadline=None)
@given(_lines_with_a_cue())
def test_a_line_that_a_cue_pattern_matches_always_passes_its_quick_test(line):
    p = patterns()
    low = gate_text(line)
    for name, gate in p.gates.items():
        if getattr(p, name).search(line):
            assert gate is None or low is None or gate.search(low), (name, line)


def test_the_cue_lexicon_is_validated():
    from importlib.resources import files

    data = json.loads(files("lrt_minutes.classify").joinpath("cues.json").read_text(encoding="utf-8"))
    data.pop("_comment")
    Cues.model_validate(data)
    for broken in (
        {**data, "meeting_words": ["Overleg"]},  # upper case
        {**data, "letter_closings": ["hoogachtend", "hoogachtend"]},  # duplicate
        {**data, "titles": {**data["titles"], "memo": ["memo"]}},  # a kind that does not exist
        {**data, "titles": {**data["titles"], "agenda": ["verslag"]}},  # one title for two kinds
    ):
        with pytest.raises(ValidationError):
            Cues.model_validate(broken)


# --- parts ----------------------------------------------------------------------------------


def pages(*texts: str) -> tuple[list[Line], int]:
    lines: list[Line] = []
    for number, text in enumerate(texts, start=1):
        for t in text.splitlines():
            lines.append(Line(t, number, len(lines) + 1))
    return lines, len(texts)


def ranges(*texts: str) -> list[list[int]]:
    lines, n = pages(*texts)
    return [[p.first, p.last] for p in split_pages(lines, n)]


BODY = "De leden bespreken de voortgang.\nHet overleg neemt kennis van de stand van zaken.\n"


def test_a_new_meeting_header_starts_a_part():
    first = "Verslag overleg regio\n3 maart 2024\n" + BODY
    second = "Verslag overleg regio\n7 april 2024\n" + BODY
    assert ranges(first, BODY, second, BODY) == [[1, 2], [3, 4]]


def test_a_meeting_named_by_its_body_over_a_date_line_starts_a_part():
    assert ranges("Eerste bijeenkomst klankbordgroep\n28/05/2020\n" + BODY, "Tweede bijeenkomst klankbordgroep\n02-07-2020\n" + BODY) == [
        [1, 1],
        [2, 2],
    ]


def test_a_running_header_with_the_date_on_every_page_is_one_document():
    head = "Verslag overleg regio 3 maart 2024\n"
    assert ranges(head + BODY, head + BODY, head + BODY) == [[1, 3]]


def test_a_table_row_opening_with_a_date_is_no_meeting_header():
    row = "30 september 2020 4. Agenda van de ambtelijke top\nToelichting op het stuk.\n"
    assert ranges("Overzicht\n" + row, row, row) == [[1, 3]]


def test_document_number_stamps_group_pages():
    assert ranges(BODY + "100234 00001\n", BODY + "100234 00001\n", BODY + "100240 00002\n") == [[1, 2], [3, 3]]
    # a stamp printed over two lines, and a page holding nothing but the stamp
    assert ranges(BODY + "100234\n00001\n", "100234 00001\n", BODY + "100240 00002\n") == [[1, 2], [3, 3]]


def test_page_numbers_and_years_are_no_stamps():
    assert ranges(BODY + "12\n", BODY + "13\n", BODY + "14\n") == [[1, 3]]
    assert ranges(BODY + "00012\n", BODY + "00013\n", BODY + "00014\n") == [[1, 3]]
    assert ranges(BODY, "2026\n" + BODY, BODY) == [[1, 3]]
    assert ranges(BODY + "1/3\n", BODY + "2/3\n", BODY + "3/3\n") == [[1, 3]]  # a page counter written short
    assert ranges(BODY + "Doc. nr. 7\n", BODY + "Doc. nr. 7\n", BODY + "Doc. nr. 8\n") == [[1, 2], [3, 3]]


def test_a_page_counter_holds_a_letter_together_and_its_restart_starts_a_part():
    letter1 = "> Retouradres Postbus 1\nGeachte heer,\n" + BODY + "Pagina 1 van 2\n"
    letter2 = "Van: wie dit schreef\nAan: wie het las\n" + BODY + "Pagina 2 van 2\n"
    other = BODY + "Pagina 1 van 1\n"
    assert ranges(letter1, letter2, other) == [[1, 2], [3, 3]]


def test_an_inventory_starts_a_part_even_inside_the_letters_page_counter():
    letter = "Geachte mevrouw,\n" + BODY + "Pagina 1 van 2\n"
    inventory = "Bijlage B\nInventaris\nNr. Datum Document Beoordeling\nPagina 2 van 2\n"
    assert ranges(letter, inventory) == [[1, 1], [2, 2]]


def test_an_email_and_a_letterhead_at_the_top_of_a_page_start_parts():
    email = "Van: P. Jansen\nAan: secretariaat\nOnderwerp: stukken\n" + BODY
    letter = "> Retouradres Postbus 1\n" + BODY
    assert ranges(BODY, email, letter) == [[1, 1], [2, 2], [3, 3]]


def test_a_sign_off_ends_a_document():
    assert ranges(BODY + "Met vriendelijke groet,\nde secretaris\n", BODY, BODY + "De rapporteur,\n", BODY) == [[1, 1], [2, 3], [4, 4]]


def test_an_annex_heading_carries_on_the_document_before():
    annex = "Bijlage 2: bijdrage per mail ontvangen\nVan: P. Jansen\nAan: secretariaat\nOnderwerp: reactie\n" + BODY
    assert ranges("Verslag overleg regio\n3 maart 2024\n" + BODY, annex) == [[1, 2]]


def test_text_after_pages_without_text_starts_a_part():
    assert ranges("", "", "Bijlage bij het besluit\n" + BODY, BODY) == [[1, 2], [3, 4]]
    assert ranges(BODY, "", BODY) == [[1, 3]]  # one empty page inside a document


def test_a_file_without_pages_is_one_part():
    lines = [Line(t, None, i) for i, t in enumerate((MINUTES + LETTER).splitlines(), 1)]
    assert [[p.first, p.last] for p in split_pages(lines, None)] == [[1, 1]]


def test_the_same_title_over_another_meeting_date_starts_a_part():
    def page(date: str) -> str:
        return f"Verslag overleg werkgroep\nVergaderdatum: {date}\n" + BODY

    assert ranges(page("3 maart 2024"), BODY, page("7 april 2024")) == [[1, 2], [3, 3]]
    assert ranges(page("3 maart 2024"), page("3 maart 2024")) == [[1, 2]]  # the same title and date: a running header


def table_page(number: int, columns: tuple[float, ...], rows: int = 6) -> list[Line]:
    return [
        Line(" ".join(f"cel{k}" for k in range(len(columns))), number, number * 100 + r, columns[0], tuple((x, f"cel{k}") for k, x in enumerate(columns)))
        for r in range(rows)
    ]


def test_a_table_of_other_columns_starts_a_part():
    same = [*table_page(1, (60, 200, 400)), *table_page(2, (62, 201, 398))]
    assert [[p.first, p.last] for p in split_pages(same, 2)] == [[1, 2]]
    other = [*table_page(1, (60, 200, 400, 520)), *table_page(2, (60, 300, 350, 600))]
    assert [[p.first, p.last] for p in split_pages(other, 2)] == [[1, 1], [2, 2]]
    # a page of one-column text cut at gaps is no table
    loose = [*table_page(1, (104,)), *table_page(2, (189,))]
    assert [[p.first, p.last] for p in split_pages(loose, 2)] == [[1, 2]]


def test_a_document_sent_with_a_decision_starts_a_part():
    # the letter ends in its objection clause, not in its sign-off
    objection = "Bezwaar\nTegen dit besluit kunt u binnen zes weken bezwaar maken.\nStuur uw bezwaar naar de afdeling.\nVermeld de datum.\nOnderteken het.\n"
    letter = "Geachte heer,\n" + BODY + "Hoogachtend,\nmr. A. Bakker\n" + objection
    enclosure = "Bijlage bij het besluit op uw verzoek\nOverzicht van de besluiten\n" + BODY
    assert ranges(letter, enclosure, BODY) == [[1, 1], [2, 3]]


def test_minutes_sent_as_the_body_of_an_email_are_minutes():
    mail = "Van: secretariaat\nVerzonden: maandag 4 maart 2024 09:10\nAan: leden\nOnderwerp: stukken\n"
    minutes = "Verslag overleg werkgroep\nAanwezig: mw. De Vries, dhr. Bakker\nAfwezig: mw. Smit\n1. Opening\n"
    assert classify((mail + minutes).splitlines())[0] == "minutes"
    # an invitation names who is invited, not who was there: still an e-mail
    invitation = "Verslag overleg van vorige keer in de bijlage.\nDeelnemers: mw. De Vries, dhr. Bakker\nLocatie: kamer 2\n"
    assert classify((mail + invitation).splitlines())[0] == "other"


def test_a_title_word_that_ocr_glued_to_a_digit_still_names_the_kind():
    """OCR glues a stray digit to a title word ("agenda8"): still the title; a longer word is not ("agendapunten")."""
    glued = AGENDA.replace("Agenda\n", "agenda8 d overleg wonen\n", 1)
    assert kind(glued) == "agenda"
    assert classify(glued.splitlines())[1][0] == "title:agenda"
