"""The documentation a user reads: links that resolve in the repository, the output contract and the
README's JSON excerpt held against what `lrt` writes today."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, SEEDS

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\(([^)\s]+)\)")


def test_docs_are_there():
    assert (ROOT / "docs" / "CONTRACT.md").is_file()
    assert "docs/CONTRACT.md" in {link for link in _links(ROOT / "README.md")}


def _links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # code blocks hold no links
    return [a or b for a, b in _LINK.findall(text)]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves_to_a_file_in_the_repository(doc):
    for target in _links(doc):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a URL or an anchor on the same page
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        assert path.exists(), f"{doc.name}: the link {target} leads nowhere"
        assert path.is_relative_to(ROOT), f"{doc.name}: the link {target} leaves the repository"
        assert ".." not in Path(target).parts or path.is_relative_to(ROOT)
    # the contract is the project's own, not a file beside the repository
    assert "../shared/CONTRACT.md" not in doc.read_text(encoding="utf-8")


# --- the contract against the schema ------------------------------------------------------------------------


def _contract_fields() -> dict[str, list[str]]:
    """The fields each object has in docs/CONTRACT.md's field list: {object: [field, ...]} in the order written."""
    text = (ROOT / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(.*?)```", text, re.DOTALL)
    assert block, "docs/CONTRACT.md has no field list"
    fields: dict[str, list[str]] = {}
    current = None
    for line in block.group(1).splitlines():
        if re.fullmatch(r"[A-Z]\w+", line):
            current = line
            fields[current] = []
        elif (m := re.match(r" {2}(\w+)(?:\s|$)", line)) and current is not None:
            fields[current].append(m.group(1))
    return fields


def test_the_contract_names_every_field_of_the_schema_and_no_other():
    from lrt_minutes import json_schema

    schema = json_schema()
    models = {"MinutesDocument": schema, **schema["$defs"]}
    documented = _contract_fields()
    assert set(documented) == set(models), "the objects in docs/CONTRACT.md are not those of `lrt schema`"
    for name, model in models.items():
        assert documented[name] == list(model["properties"]), f"{name}: docs/CONTRACT.md lists other fields than the schema"


def test_the_contract_states_the_values_the_schema_allows():
    from lrt_minutes import json_schema

    text = (ROOT / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
    schema = json_schema()
    for model in [schema, *schema["$defs"].values()]:
        for field, prop in model["properties"].items():
            for branch in prop.get("anyOf", [prop]):
                for value in branch.get("enum", []):
                    assert f'"{value}"' in text, f"{field}: the value {value!r} is not in docs/CONTRACT.md"
    assert schema["$id"] in text


# --- the README's JSON excerpt against a real output ------------------------------------------------------------

ELIDED = "…"


def _excerpt() -> tuple[str, Any]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"An excerpt of\s+`lrt extract (seeds/\S+)[^`]*`.*?```json\n(.*?)```", text, re.DOTALL)
    assert m, "README.md has no JSON excerpt of a seed's output"
    return m.group(1), json.loads(m.group(2))


def _matches(shown: Any, real: Any, where: str) -> None:
    """`shown` (from the README) says nothing `real` contradicts: "…" stands for what was left out."""
    if isinstance(shown, dict):
        assert isinstance(real, dict), where
        keys = [k for k in shown if k != ELIDED]
        assert [k for k in real if k in keys] == keys, f"{where}: fields missing or out of order: {keys}"
        if ELIDED not in shown:
            assert keys == list(real), f"{where}: the real output has more fields: {[k for k in real if k not in keys]}"
        for k in keys:
            _matches(shown[k], real[k], f"{where}.{k}")
    elif isinstance(shown, list):
        assert isinstance(real, list), where
        rest = iter(enumerate(real))
        for item in shown:
            if item == ELIDED:
                continue
            for i, candidate in rest:  # the items shown, in order, among the real ones
                try:
                    _matches(item, candidate, f"{where}[{i}]")
                    break
                except AssertionError:
                    continue
            else:
                raise AssertionError(f"{where}: {json.dumps(item, ensure_ascii=False)[:120]} is not in the real output")
        if ELIDED not in shown:
            assert len(shown) == len(real), f"{where}: {len(real)} items, the README shows {len(shown)}"
    elif isinstance(shown, str) and shown.endswith(ELIDED):
        assert isinstance(real, str) and real.startswith(shown[:-1].rstrip()), f"{where}: {real!r}"
    else:
        assert shown == real and type(shown) is type(real), f"{where}: README {shown!r}, real {real!r}"


def test_the_json_excerpt_in_the_readme_is_the_current_output(tagger):
    from lrt_minutes import extract
    from lrt_minutes.export.formats import to_json

    seed, shown = _excerpt()
    path = ROOT / seed
    assert path.parent == SEEDS and path.is_file()
    real = json.loads(to_json(extract(path, name=path.name, tagger=tagger)))
    _matches(shown, real, "$")


def test_the_excerpt_check_notices_a_field_that_is_not_shown():
    _seed, shown = _excerpt()
    real = json.loads(json.dumps(shown))
    real["meeting"]["new_field"] = None
    with pytest.raises(AssertionError, match="more fields"):
        _matches(shown, real, "$")
    real = json.loads(json.dumps(shown))
    real["redactions"] = 7
    with pytest.raises(AssertionError, match="redactions"):
        _matches(shown, real, "$")
