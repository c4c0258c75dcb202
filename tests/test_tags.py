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
