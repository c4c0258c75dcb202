"""The `lrt` command as a user runs it: files, folders, stdin, JSON Lines, errors, exit codes."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from lrt_minutes.cli import app

from .conftest import SEEDS

runner = CliRunner()
SEED = SEEDS / "002_eb9e69540956417c.txt"


def run(*args: str, input: bytes | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["schema", "--help"]])
def test_every_command_has_help(args):
    r = run(*args)
    assert r.exit_code == 0
    assert "Usage" in r.stdout


@pytest.mark.parametrize("args", [["-h"], ["extract", "-h"], ["index", "-h"]])
def test_help_documents_exit_codes(args):
    text = " ".join(run(*args).stdout.split())
    codes = text.split("Exit codes:", 1)[1]
    for code in ("0", "1", "2", "130"):
        assert f" {code} " in f" {codes}", (args, code)
    if args[0] != "index":  # (lrt index writes nothing on stdout)
        assert " 141 standard output was closed" in codes


def test_extract_is_a_subcommand():
    r = run(str(SEED))
    assert r.exit_code != 0


def test_file_to_json_lines_on_stdout(tagger):
    r = run("extract", str(SEED))
    assert r.exit_code == 0, r.stderr
    (line,) = r.stdout.splitlines()
    doc = json.loads(line)
    assert doc["schema_version"] == "1"
    assert doc["source"]["path"] == SEED.name
    assert doc["meeting"]["date"] == "2023-11-03"
    assert "1 documents, " in r.stderr


def test_folder_to_output_dir_keeps_sub_folders(tmp_path, tagger):
    src = tmp_path / "in"
    (src / "2023").mkdir(parents=True)
    (src / "2024").mkdir()
    shutil.copy(SEED, src / "2023" / "verslag.txt")
    shutil.copy(SEED, src / "2024" / "verslag.txt")
    r = run("extract", str(src), "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stderr
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json")) == [
        "2023/verslag.json", "2024/verslag.json",
    ]  # fmt: skip
    doc = json.loads((tmp_path / "out" / "2023" / "verslag.json").read_text(encoding="utf-8"))
    assert doc["source"]["path"] == "2023/verslag.txt"
    assert r.stdout == ""


def test_same_stem_different_suffix_does_not_collide(tmp_path, tagger):
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "a.pdf").write_bytes(b"<html><body>not a pdf</body></html>")
    r = run("extract", str(tmp_path), "-o", str(tmp_path / "out"))
    assert r.exit_code == 1
    assert [p.name for p in (tmp_path / "out").glob("*.json")] == ["a.txt.json"]


def test_stdin(tagger):
    r = run("extract", "-", input=SEED.read_bytes())
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["source"]["path"] == "-"
    assert len(doc["agenda_items"]) == 3


def test_json_lines_one_document_a_line(tagger):
    r = run("extract", str(SEEDS))
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == 5
    assert [json.loads(x)["source"]["path"] for x in lines] == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_bad_file_is_named_others_still_written(tmp_path, tagger):
    shutil.copy(SEED, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbage.pdf").write_bytes(bytes(range(256)) * 4)
    r = run("extract", str(tmp_path), "-o", str(tmp_path / "out"))
    assert r.exit_code == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("lrt: error:")]
    assert len(errors) == 2
    assert any("empty.txt: empty:" in e for e in errors)
    assert any("garbage.pdf:" in e for e in errors)
    assert "Traceback" not in r.stderr
    assert [p.name for p in (tmp_path / "out").glob("*.json")] == ["good.json"]
    assert "1 documents, " in r.stderr and "2 failed" in r.stderr


def test_missing_path_fails_with_its_name(tmp_path):
    r = run("extract", str(tmp_path / "nope.txt"), "--no-tags")
    assert r.exit_code == 1
    assert "nope.txt: not-found:" in r.stderr


def test_format_json_of_several_documents_needs_output_dir():
    # (one input file with --format json prints one pretty document: tests/test_shell.py)
    r = run("extract", str(SEEDS), "--format", "json")
    assert r.exit_code == 2


def test_unknown_option_is_a_usage_error():
    assert run("extract", str(SEED), "--bogus").exit_code == 2


def test_no_tags_leaves_tags_empty():
    r = run("extract", str(SEED), "--no-tags")
    doc = json.loads(r.stdout)
    assert all(not p["tags"] for it in doc["agenda_items"] for p in it["points"])


def test_schema_is_valid_json_schema_and_validates_output(tagger):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads(run("extract", str(SEED)).stdout)
    jsonschema.validate(doc, schema)


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("lrt-minutes ")
