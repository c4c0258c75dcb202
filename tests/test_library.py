"""The library as a user calls it: text in a string, the exported names, outputs read back, every tag, missing files."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

import lrt_minutes
from lrt_minutes import LrtError, extract, extract_text, iter_tags, load_jsonl
from lrt_minutes.cli import app
from lrt_minutes.export.formats import to_json, to_jsonl

from .conftest import SEEDS

SEED = SEEDS / "002_eb9e69540956417c.txt"


def test_minutes_in_a_string_give_the_same_document_as_the_file(tagger):
    text = SEED.read_text(encoding="utf-8")
    from_text = extract_text(text, name=SEED.name, tagger=tagger)
    assert from_text.model_dump() == extract(SEED, tagger=tagger).model_dump()


def test_minutes_text_passed_as_a_path_says_what_to_do():
    with pytest.raises(LrtError) as e:
        extract(SEED.read_text(encoding="utf-8"))
    assert e.value.kind == "not-found" and "extract_text" in str(e.value)
    with pytest.raises(TypeError):
        extract_text(SEED.read_bytes())  # type: ignore[arg-type]


def test_a_missing_file_is_the_same_kind_in_the_library_and_the_cli(tmp_path):
    missing = tmp_path / "nowhere.pdf"
    with pytest.raises(LrtError) as e:
        extract(missing)
    assert isinstance(e.value, lrt_minutes.NotFound)
    r = CliRunner().invoke(app, ["extract", str(missing)])
    assert f": {e.value.kind}: " in r.stderr


def test_every_exported_name_is_there_and_listed():
    for name in lrt_minutes.__all__:
        assert getattr(lrt_minutes, name) is not None, name
    for model in ("MinutesDocument", "Meeting", "Participant", "AgendaItem", "Point", "Tag", "Due", "Source"):
        assert model in lrt_minutes.__all__


def test_outputs_read_back_into_models(tmp_path, tagger):
    docs = [extract(p, tagger=tagger) for p in sorted(SEEDS.glob("*.txt"))[:3]]
    jsonl = tmp_path / "all.jsonl"
    jsonl.write_text("".join(to_jsonl(d) for d in docs) + "\n", encoding="utf-8")
    back = list(load_jsonl(jsonl))
    assert [d.model_dump() for d in back] == [d.model_dump() for d in docs]
    assert [d.source.path for d in load_jsonl(io.StringIO(jsonl.read_text(encoding="utf-8")))] == [d.source.path for d in docs]
    pretty = tmp_path / "one.json"
    pretty.write_text(to_json(docs[0]), encoding="utf-8")
    assert [d.model_dump() for d in load_jsonl(pretty)] == [docs[0].model_dump()]


def test_a_line_that_is_not_a_document_is_named(tmp_path, tagger):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(to_jsonl(extract(SEED, tagger=tagger)) + json.dumps({"hello": 1}) + "\n", encoding="utf-8")
    with pytest.raises(LrtError, match="line 2"):
        list(load_jsonl(bad))
    with pytest.raises(LrtError) as e:
        list(load_jsonl(tmp_path / "none.jsonl"))
    assert e.value.kind == "not-found"


def test_iter_tags_gives_every_tag_with_sub_points_flat(tagger):
    text = (
        "Verslag\nVergaderdatum 1 maart 2024\nAanwezig: Dhr. Jansen (BZK)\n\n"
        "1. Huisvesting\n"
        "• Het plan wordt besproken:\n"
        "  o Actie: BZK stuurt de notitie voor 1 april rond.\n"
        "• Besluit: het plan wordt vastgesteld.\n"
    )
    doc = extract_text(text, tagger=tagger)
    nested = [t for it in doc.agenda_items for p in it.points for q in [p, *p.children] for t in q.tags]
    found = list(iter_tags(doc))
    assert [f.tag for f in found] == nested and len(found) >= 2
    sub = [f for f in found if f.parent is not None]
    assert sub and all(f.point in f.parent.children for f in sub)
    assert {f.tag.type for f in found} >= {"action", "decision"}


def test_the_schema_names_itself_requires_every_field_and_checks_dates(tagger):
    jsonschema = pytest.importorskip("jsonschema")
    schema = lrt_minutes.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["$id"]
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    doc = json.loads(to_json(extract(SEED, tagger=tagger)))
    validator.validate(doc)
    for bad in ({"date": "3 november 2023"}, {"start_time": "8.45"}, {"date": "2023-13-45"}):
        wrong = json.loads(json.dumps(doc))
        wrong["meeting"].update(bad)
        assert not validator.is_valid(wrong), bad
    missing = json.loads(json.dumps(doc))
    del missing["meeting"]["location"]
    assert not validator.is_valid(missing)


def test_points_say_every_field_was_set_and_changing_one_point_leaves_the_others(tagger):
    """Points share one set of field names (memory); `model_fields_set` and `exclude_unset` read as before."""
    from lrt_minutes.models import Point

    doc = extract(SEED, tagger=tagger)
    points = [p for it in doc.agenda_items for p in it.points]
    assert len(points) >= 2
    first, second = points[0], points[1]
    assert first.model_fields_set == second.model_fields_set == set(Point.model_fields)
    assert first.model_dump(exclude_unset=True) == first.model_dump()
    first.page = 99
    copy = second.model_copy(update={"line": 7})
    assert first.page == 99 and second.page != 99 and copy.line == 7
    assert second.model_fields_set == set(Point.model_fields) == copy.model_fields_set


class _Pieces:
    """A text file that keeps each write apart."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def write(self, text: str) -> int:
        self.pieces.append(text)
        return len(text)


def test_a_document_is_written_as_to_json_gives_it_one_point_at_a_time(tagger, tmp_path):
    """`write_json` writes the characters of `to_json` (and of `to_jsonl`), but never the whole document's
    JSON at once: each write holds one point at most, so a long document's JSON is never held whole."""
    from lrt_minutes.export.formats import write_json

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    doc = extract_text(text, tagger=tagger)
    points = [p for it in doc.agenda_items for p in it.points]
    assert len(points) >= 30 and any(p.children for p in points) and any(p.tags for p in points)

    pretty = _Pieces()
    write_json(doc, pretty)
    assert "".join(pretty.pieces) == to_json(doc)
    # a point's own "text" line (10 spaces deep: agenda_items > item > points > point) is in one write, alone
    point_line = '\n          "text": '
    assert sum(piece.count(point_line) for piece in pretty.pieces) == len(points)
    assert max(piece.count(point_line) for piece in pretty.pieces) == 1

    lines = _Pieces()
    write_json(doc, lines, lines=True)
    assert "".join(lines.pieces) == to_jsonl(doc)
    record = to_jsonl(doc)
    assert max(len(piece) for piece in lines.pieces) < len(record) / 10
    with (tmp_path / "doc.json").open("w", encoding="utf-8") as fh:
        write_json(doc, fh)
    assert (tmp_path / "doc.json").read_bytes() == to_json(doc).encode("utf-8")
