"""Regression cases for the tagger: Dutch minutes sentences with their expected tag.

The cases (tests/data/cue_cases.json) are written from how Dutch minutes are phrased in
general. Known failures are marked xfail with a reason, never deleted.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lrt_minutes import extract

CASES = json.loads((Path(__file__).parent / "data" / "cue_cases.json").read_text(encoding="utf-8"))
ANCHOR = dt.date(2024, 3, 14)  # a Thursday: "volgende week" ends on Friday 22 March


def _param(case: dict) -> pytest.param:
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(case, id=case["text"][:60], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_cue_case(case, tagger):
    (tags,) = tagger.tag_point_texts([case["text"]], {}, ANCHOR)
    assert [t.type for t in tags] == ([case["type"]] if case["type"] else [])
    if not tags:
        return
    tag = tags[0]
    assert case["text"][tag.start : tag.end] == tag.text
    if "owners" in case:
        assert tag.owners == case["owners"]
    if "due" in case:
        assert (tag.due.text if tag.due else None) == case["due"]
    if "date" in case:
        assert tag.due is not None and tag.due.date == case["date"]
    if "status" in case:
        assert tag.status == case["status"]
    if "tag_text" in case:
        assert tag.text == case["tag_text"]


TAG_CASES = json.loads((Path(__file__).parent / "data" / "tag_cases.json").read_text(encoding="utf-8"))
# known failures of tests/data/tag_cases.json: case id -> why (never deleted; strict xfail)
TAG_CASES_XFAIL = {
    "ctx-persoon-met-org-haakjes": "the lexicon's code for Rijkswaterstaat is 'Rijkswaterstaat' (RWS an alias); "
    "the case wants the abbreviation as the parenthesis writes it",
}


def _participants(case: dict) -> list:
    from lrt_minutes.models import Participant

    return [
        Participant(raw=p["name"], name=p["name"], organisation=p.get("organisation"))
        for p in case.get("participants", [])
    ]


def _tag_case_param(case: dict) -> pytest.param:
    why = TAG_CASES_XFAIL.get(case["id"])
    return pytest.param(case, id=case["id"], marks=[pytest.mark.xfail(reason=why, strict=True)] if why else [])


@pytest.mark.parametrize("case", [_tag_case_param(c) for c in TAG_CASES])
def test_tag_case(case, tagger):
    """The points of one agenda item (council, province, ministry, technical, LRT phrasing) give exactly the
    expected tags: type and text per point, and owners, their organisations, deadline words and status
    where the case states them."""
    got, _warnings = tagger.tag_item_texts(case["points"], _participants(case), ANCHOR)
    assert [[t.type for t in tags] for tags in got] == [[t["type"] for t in tags] for tags in case["expect"]]
    for tags, expected in zip(got, case["expect"], strict=True):
        for tag, want in zip(tags, expected, strict=True):
            assert tag.text == want["text"]
            for key in ("owners", "owner_organisations", "status"):
                if key in want:
                    assert getattr(tag, key) == want[key], key
            if "due" in want:
                assert (tag.due.text if tag.due else None) == want["due"]


def test_tag_cases_cover_the_genres_with_negatives():
    assert len(TAG_CASES) >= 150
    assert sum(all(not e for e in c["expect"]) for c in TAG_CASES) >= 0.4 * len(TAG_CASES)
    assert {c["genre"] for c in TAG_CASES} >= {"council", "province", "ministry", "technical"}


def test_at_least_80_cases():
    assert len(CASES) >= 80
    assert sum(1 for c in CASES if c["type"] is None) >= 20


def test_pronoun_resolves_to_previous_sentence_subject(tagger):
    (tags,) = tagger.tag_point_texts(["MVRO geeft een toelichting. Tijdens het BO zal hij de provincies bellen."])
    assert [t.owners for t in tags] == [["MVRO"]]


def test_pronoun_resolves_across_points_of_one_item(tagger):
    tags = tagger.tag_point_texts(["De PRT’s worden nauw betrokken.", "Zij zullen maandelijks rapporteren."])
    assert [t.owners for t in tags[1]] == [["PRT"]]


def _people(tagger, *entries: tuple[str | None, str, str | None]):
    """The participant index of (honorific, name, organisation) entries."""
    from lrt_minutes.models import Participant

    return tagger.people_index(
        [Participant(raw=f"{h or ''} {n} ({o})", honorific=h, name=n, organisation=o) for h, n, o in entries]
    )


def test_a_named_person_stays_a_person_with_their_organisation(tagger):
    people = _people(tagger, ("Mw.", "Klijnsma", "CdK’s"))
    (tags,) = tagger.tag_point_texts(["Mw. Klijnsma zal de commissarissen informeren."], people)
    assert (tags[0].owners, tags[0].owner_organisations) == (["Klijnsma"], ["CdK"])


def test_variants_map_to_canonical_codes(tagger):
    (tags,) = tagger.tag_point_texts(["Afspraak: SjenV en de CDK’s bekijken de opties."], present={"SJenV", "CdK"})
    assert tags[0].owners == ["SJenV", "CdK"]


def test_tags_on_a_document_carry_rule_page_and_original_text(tagger):
    text = "1. Item\n• Het verslag is vastgesteld. De PRT´s zullen voor 1 juli rapporteren.\n"
    d = extract(text.encode(), tagger=tagger)
    tags = d.agenda_items[0].points[0].tags
    assert [(t.type, t.rule, t.explicit) for t in tags] == [
        ("decision", "decision-participle", True),
        ("action", "future-zal", False),
    ]
    assert tags[1].text == "De PRT´s zullen voor 1 juli rapporteren."
    assert tags[1].owners == ["PRT"]
    assert tags[1].due is not None and tags[1].due.date is None  # no meeting date to anchor on


def test_due_dates_resolve_against_the_meeting_date(tagger):
    text = "Vergaderdatum 14 november 2023\n1. Item\n• COA zal voor 1 februari de cijfers leveren.\n"
    tag = extract(text.encode(), tagger=tagger).agenda_items[0].points[0].tags[0]
    assert tag.due is not None and (tag.due.text, tag.due.date) == ("voor 1 februari", "2024-02-01")


def test_plain_text_action_list_rows_are_action_tags(tagger):
    from lrt_minutes import extract

    text = (
        "1. Opvang\n• Afspraak: SJenV stuurt een brief aan de PRT’s over de opvang.\n\n"
        "Actielijst\nNr. Actie Wie Status\n"
        "2023-07 Brief aan de PRT’s over de opvang SJenV open\n"
        "2023-08 Inventarisatie van locaties voor\nkleinschalige opvang VNG/IPO afgerond\n"
        "2023-09 Voorstel voor de monitor\n"
    )
    doc = extract(text.encode(), tagger=tagger)
    rows = [t for p in doc.agenda_items[0].points if p.section == "Actielijst" for t in p.tags]
    assert [(t.ref, t.status, t.owners) for t in rows] == [
        ("2023-07", "open", ["SJenV"]), ("2023-08", "done", ["IPO", "VNG"]), ("2023-09", None, []),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "words", "date"),
    [
        ("COA levert de cijfers voor 1 november aan.", "voor 1 november", "2023-11-01"),
        ("VNG stuurt de brief volgende week.", "volgende week", "2023-10-20"),
        ("IPO zal eind november een voorstel sturen.", "eind november", "2023-11-30"),
        ("BZK zal in Q1 2024 de regeling publiceren.", "in Q1 2024", "2024-03-31"),
        ("SZW zal het verslag binnen twee weken rondsturen.", "binnen twee weken", "2023-10-24"),
        ("JenV zal binnen 10 werkdagen reageren.", "binnen 10 werkdagen", "2023-10-24"),
        ("MVRO zal binnen een maand een plan sturen.", "binnen een maand", "2023-11-10"),
        ("COA zal op korte termijn de locaties openen.", "op korte termijn", None),
    ],
)
def test_deadline_words_and_dates(tagger, sentence, words, date):
    """Deadlines keep their words and resolve against the meeting date (here Tuesday 10 October 2023)."""
    import datetime as dt

    (tags,) = tagger.tag_point_texts([sentence], {}, dt.date(2023, 10, 10))
    (tag,) = tags
    assert tag.due is not None and (tag.due.text, tag.due.date) == (words, date)


# --- documents: lists under a marker, resolutions, owners from the participant lists ------------


def _doc_tags(tagger, text: str):
    doc = extract(text.encode(), tagger=tagger)
    return doc, [
        (t.type, t.text, t.owners)
        for it in doc.agenda_items
        for p in it.points
        for q in [p, *p.children]
        for t in q.tags
    ]


def test_bullets_under_a_marker_heading_each_get_its_tag(tagger):
    text = (
        "1. Windbeleid\nDe notitie is besproken.\nConclusie:\n- De formulering blijft ongewijzigd.\n"
        "- De wethouder zal dit terugkoppelen aan de gemeenteraad.\nBesluit:\n- Bandbreedte opnemen in afspraken.\n"
        "- De begroting is vastgesteld\n"
    )
    _doc, tags = _doc_tags(tagger, text)
    assert [(t, o) for t, _x, o in tags] == [
        ("agreement", []), ("action", ["wethouder"]), ("decision", []), ("decision", []),
    ]  # fmt: skip
    assert tags[0][1] == "De formulering blijft ongewijzigd."


def test_agreements_heading_gives_actions_where_someone_acts(tagger):
    text = (
        "1. Vervolg\nAfspraken:\n- Het onderzoeksbureau neemt de aandachtspunten mee.\n"
        "- SEO prikt twee data voor de begeleidingsgroep.\n- Gemeenten sturen hun contactpersonen door.\n"
    )
    _doc, tags = _doc_tags(tagger, text)
    # the guideline (tests/data/gold_real/GUIDELINES.md): a bullet that names who will act is an action
    assert [(t, o) for t, _x, o in tags] == [("action", []), ("action", ["SEO"]), ("action", [])]


def test_council_resolutions_on_following_lines_are_each_a_decision(tagger):
    text = (
        "1. Bestemmingsplan\nDe raad besluit (met 20 stemmen voor en 9 tegen):\n"
        "a. het bestemmingsplan gewijzigd vast te stellen;\nb. geen exploitatieplan vast te stellen.\n"
    )
    _doc, tags = _doc_tags(tagger, text)
    assert [(t, x) for t, x, _o in tags] == [
        ("decision", "a. het bestemmingsplan gewijzigd vast te stellen;"),
        ("decision", "b. geen exploitatieplan vast te stellen."),
    ]


def test_resolutions_in_one_paragraph_are_each_a_decision(tagger):
    text = "Het college besluit: 1. de nota vast te stellen; 2. de raad te informeren."
    doc = extract(f"1. Nota\n{text}\n".encode(), tagger=tagger)
    got = [t.text for t in doc.agenda_items[0].points[0].tags]
    assert got == ["1. de nota vast te stellen;", "2. de raad te informeren."]


def test_a_marker_with_nothing_after_it_is_a_warning_not_a_tag(tagger):
    doc, tags = _doc_tags(tagger, "1. Rondvraag\nDe voorzitter dankt iedereen.\nActie:\n\n2. Sluiting\nEinde.\n")
    assert tags == []
    assert [w.code for w in doc.warnings if w.code == "empty_marker"] == ["empty_marker"]


def test_sub_bullets_under_an_empty_marker_are_its_tags(tagger):
    text = "1. Planning\n• Acties:\n  o VNG stuurt de brief rond.\n  o De notitie wordt aangepast.\n"
    doc, tags = _doc_tags(tagger, text)
    assert [(t, o) for t, _x, o in tags] == [("action", ["VNG"]), ("action", [])]
    assert not [w for w in doc.warnings if w.code == "empty_marker"]


def test_a_first_name_is_completed_from_the_participant_list(tagger):
    text = (
        "Aanwezig: Karin de Vries (VNG), Peter Jansen (IPO), Petra Smit\n\n"
        "1. Opvang\n<actiepunt Karin> de cijfers rondsturen.\nActiepunt Peter, Petra: een voorstel schrijven.\n"
        "Vraag aan Karin V: zij zal de planning nagaan.\n"
    )
    doc = extract(text.encode(), tagger=tagger)
    tags = [t for p in doc.agenda_items[0].points for t in p.tags]
    assert [(t.owners, t.owner_organisations) for t in tags] == [
        (["Karin de Vries"], ["VNG"]),
        (["Peter Jansen", "Petra Smit"], ["IPO"]),
        (["Karin de Vries"], ["VNG"]),  # "Karin V": the one Karin whose surname starts with V
    ]


def test_an_ambiguous_first_name_stays_as_written(tagger):
    people = _people(tagger, (None, "Karin de Vries", "VNG"), (None, "Karin Bos", "IPO"))
    (tags,) = tagger.tag_point_texts(["Actiepunt Karin: de brief versturen."], people)
    assert (tags[0].owners, tags[0].owner_organisations) == (["Karin"], [])


def test_text_action_list_status_letters(tagger):
    text = (
        "1. Acties\nActielijst\nNr. Actie Wie Status\n"
        "1 Brief aan de provincies VNG O\n2 Planning herzien IPO X\n3 Het werkplan wordt vastgesteld IPO B\n"
    )
    doc = extract(text.encode(), tagger=tagger)
    rows = [t for p in doc.agenda_items[0].points for t in p.tags]
    assert [(t.type, t.ref, t.status) for t in rows] == [
        ("action", "1", "open"), ("action", "2", "done"), ("decision", "3", None),
    ]  # fmt: skip


def test_every_cue_has_a_class_and_fires_on_a_regression_case(tagger):
    """Every cue of cues.jsonl is validated (class, confidence) and is the rule of a tag in a regression case
    (a blocking cue: is found in a case that expects no tag)."""
    from lrt_minutes.tag.lexicons import cue_patterns

    fired: set[str] = set()
    for case in TAG_CASES:
        got, _warnings = tagger.tag_item_texts(case["points"], _participants(case), ANCHOR)
        fired |= {t.rule for tags in got for t in tags}
        for text, expected in zip(case["points"], case["expect"], strict=True):
            if not expected:
                sdoc = tagger.nlp(text)
                fired |= {s.id_ for s in sdoc.spans["cues"] if s.label_ == "BLOCK"}
    for case in CASES:
        (tags,) = tagger.tag_point_texts([case["text"]], {}, ANCHOR)
        fired |= {t.rule for t in tags}
        if case["type"] is None:
            sdoc = tagger.nlp(case["text"])
            fired |= {s.id_ for s in sdoc.spans["cues"] if s.label_ == "BLOCK"}
    cues = cue_patterns()
    assert all(c.cls and 0 < c.confidence <= 1 for c in cues)
    assert sorted(c.id for c in cues if c.id not in fired) == []


def test_to_dos_under_a_point_that_they_finish_are_its_content(tagger):
    """Infinitive clauses as sub-bullets of a point ending in a colon (a request, a proposal) say what the point
    asks; under a written marker ("Acties:") the same clauses are the actions."""
    text = (
        "1. Opvang\n• De provincie vraagt of het team de volgende taken kan oppakken:\n"
        "  o Overzicht maken van beschikbare locaties.\n  o Contact opnemen met de gemeenten in de regio.\n"
        "• Acties:\n  o Contact opnemen met de gemeenten in de regio.\n"
    )
    _doc, tags = _doc_tags(tagger, text)
    assert [(t, x) for t, x, _o in tags] == [("action", "Contact opnemen met de gemeenten in de regio.")]


def test_a_speaker_heading_owns_the_actions_that_leave_out_who_acts(tagger):
    """Minutes written as speakers' names over their bullets: "Stuurt de tabel na." under "Karin de Vries/BZK"
    is Karin de Vries's action, "we" under "Reactie SEO:" is SEO; under a heading that names no one there is
    no owner."""
    text = (
        "1. Karin de Vries/BZK\n- Er zijn nieuwe cijfers. Stuurt de tabel na.\n2. Presentatie onderzoek\n"
        "Opmerking VNG:\n- De planning is krap.\nReactie SEO:\n- Dit nemen we mee in de volgende fase.\n"
        "3. Planning\n- Stuurt de agenda rond.\n"
    )
    _doc, tags = _doc_tags(tagger, text)
    assert [(t, x, o) for t, x, o in tags] == [
        ("action", "Stuurt de tabel na.", ["Karin de Vries"]),
        ("action", "Dit nemen we mee in de volgende fase.", ["SEO"]),
        ("action", "Stuurt de agenda rond.", []),
    ]
