"""`lrt` in a shell, tested as real processes: what it loads, pipes, terminals, Ctrl-C, re-runs."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEEDS

# runs the real entry point in a fresh interpreter and prints which heavy modules it loaded
_LOADED = """
import sys
sys.argv = ["lrt", *sys.argv[1:]]
from lrt_minutes.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc", "pydantic", "pydantic_core")
               or m == "lrt_minutes.models")
print("LOADED", " ".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["-h"], ["extract", "--help"], ["index", "-h"]])
def test_help_and_version_load_neither_models_nor_spacy(args):
    r = subprocess.run([sys.executable, "-c", _LOADED, *args], capture_output=True, text=True, timeout=60)
    loaded = r.stderr.rsplit("LOADED", 1)[1].split()
    if len(args) > 1:  # a command's options are built by typer, which uses pydantic (not our models) to coerce values
        loaded = [m for m in loaded if m.split(".")[0] not in ("pydantic", "pydantic_core")]
    assert loaded == [], f"lrt {' '.join(args)} loaded {loaded[:5]}"
    assert r.stdout.strip()


def test_the_library_still_exports_its_names():
    import lrt_minutes

    for name in lrt_minutes.__all__:
        assert getattr(lrt_minutes, name) is not None
    doc = lrt_minutes.extract(SEEDS / "002_eb9e69540956417c.txt", tags=False)
    assert isinstance(doc, lrt_minutes.MinutesDocument)
    assert json.loads(doc.model_dump_json())["meeting"]["date"] == "2023-11-03"


# --- real processes: a terminal, a pipe that closes, Ctrl-C --------------------------------------

LRT = shutil.which("lrt", path=str(Path(sys.executable).parent)) or "lrt"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _env() -> dict[str, str]:
    return {**os.environ, "TERM": "xterm", "COLUMNS": "100", "PYTHONUNBUFFERED": "1"}


def _on_a_terminal(args: list[str], stdout: Path) -> tuple[int, str]:
    """Run `lrt ARGS > stdout` with stderr on a pseudo-terminal, as typed in one; (exit code, what the terminal showed)."""
    master, slave = pty.openpty()
    with open(stdout, "wb") as out:
        proc = subprocess.Popen([LRT, *args], stdout=out, stderr=slave, env=_env())
    os.close(slave)
    screen = bytearray()
    while True:  # read the terminal until the process closes it
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    return proc.wait(timeout=120), screen.decode("utf-8", "replace")


def test_only_json_on_stdout_while_a_progress_bar_runs_on_a_terminal(tmp_path):
    """`lrt extract FOLDER > all.jsonl` typed in a terminal: stderr is a terminal (a bar), stdout is not."""
    code, shown = _on_a_terminal(["extract", str(SEEDS), "-j", "1"], tmp_path / "all.jsonl")
    assert code == 0
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(SEED_FILES)
    assert [json.loads(ln)["source"]["path"] for ln in lines] == [p.name for p in SEED_FILES]
    assert f"lrt: {len(SEED_FILES)} documents" in shown
    assert '"schema_version"' not in shown


def _count_tags(points: list[dict]) -> int:
    return sum(len(p["tags"]) + _count_tags(p["children"]) for p in points)


def _detail(doc: dict) -> str:
    """The -v line a document should get, from its JSON (counts of items, tags, warnings)."""
    n_items = len(doc["agenda_items"])
    n_tags = sum(_count_tags(i["points"]) for i in doc["agenda_items"])
    n_warn = len(doc["warnings"])
    items = f"{n_items} agenda item{'s' * (n_items != 1)}"
    return f"lrt: {doc['source']['path']}: {doc['kind']}, .*{items}, {n_tags} tags?, {n_warn} warnings?, [0-9.]+ s$"


def test_verbose_tells_each_document_on_stderr_and_stdout_stays_json(tmp_path):
    r = _cli("extract", str(SEEDS), "-v", "-j", "0")
    assert r.exit_code == 0, r.stderr
    docs = [json.loads(ln) for ln in r.stdout.splitlines()]  # nothing but JSON on stdout
    assert len(docs) == len(SEED_FILES)
    told = [ln for ln in r.stderr.splitlines() if ln.startswith("lrt: ") and ".txt:" in ln]
    assert len(told) == len(docs)
    for doc, line in zip(docs, told, strict=True):
        assert re.match(_detail(doc), line), (line, _detail(doc))
    assert "lrt: 5 documents" in r.stderr  # the summary still comes
    # a re-run says what it left alone, a kind not asked for says why it was passed over
    out = tmp_path / "out"
    assert _cli("extract", str(SEED_FILES[0]), "-o", str(out), "-j", "0").exit_code == 0
    again = _cli("extract", str(SEED_FILES[0]), "-o", str(out), "-j", "0", "-v")
    assert f"lrt: {SEED_FILES[0].name}: unchanged since the last run" in again.stderr
    passed = _cli("extract", str(SEED_FILES[0]), "--kinds", "agenda", "-j", "0", "-v")
    assert f"lrt: {SEED_FILES[0].name}: minutes, skipped ({', '.join(docs[0]['kind_reasons'])})\n" in passed.stderr
    assert passed.stdout == ""
    both = _cli("extract", str(SEEDS), "-v", "-q")
    assert both.exit_code == 2 and "-q" in both.stderr and both.stdout == ""


def test_verbose_in_a_real_process_on_a_pipe_and_on_a_terminal(tmp_path):
    r = subprocess.run([LRT, "extract", str(SEEDS), "-v", "-j", "1"], capture_output=True, text=True, env=_env(), timeout=120)
    assert r.returncode == 0, r.stderr
    docs = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert len(docs) == len(SEED_FILES)
    for doc in docs:
        assert re.search(_detail(doc), r.stderr, re.MULTILINE), _detail(doc)
    # typed in a terminal with stdout into a file: the lines go to the terminal, beside the bar
    code, shown = _on_a_terminal(["extract", str(SEEDS), "-v", "-j", "1"], tmp_path / "all.jsonl")
    assert code == 0
    assert [json.loads(ln)["source"]["path"] for ln in (tmp_path / "all.jsonl").read_text().splitlines()] == [
        p.name for p in SEED_FILES
    ]
    for p in SEED_FILES:
        assert f"lrt: {p.name}: minutes, " in shown
    assert '"schema_version"' not in shown


@pytest.mark.skipif(shutil.which("script") is None or shutil.which("wc") is None, reason="needs script(1) and wc")
def test_a_pipe_under_a_terminal_counts_every_document():
    cmd = f"{shlex.quote(LRT)} extract {shlex.quote(str(SEEDS))} | wc -l"
    r = subprocess.run(["script", "-qc", cmd, "/dev/null"], capture_output=True, text=True, env=_env(), timeout=120)
    assert r.stdout.strip().splitlines()[-1].strip() == str(len(SEED_FILES))


def test_a_closed_pipe_stops_the_run_quietly(tmp_path):
    """`lrt extract FOLDER | head -1`: the first record, then exit 141 without a word."""
    src = tmp_path / "many"
    src.mkdir()
    for k in range(30):
        shutil.copy(SEED_FILES[k % len(SEED_FILES)], src / f"verslag-{k:02d}.txt")
    report = tmp_path / "report.json"
    proc = subprocess.Popen(
        [LRT, "extract", str(src), "-j", "1", "--report", str(report)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as head does after its line
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert json.loads(first)["source"]["path"] == "verslag-00.txt"
    assert stderr == ""
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["stopped"] == "output-closed"
    assert len(rep["documents"]) < 30 and rep["left"] == 30 - len(rep["documents"])


def test_ctrl_c_says_where_it_stopped_writes_the_report_and_a_rerun_resumes(tmp_path):
    src, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "report.json"
    src.mkdir()
    for k in range(12):  # long documents, so that the run is still going when Ctrl-C comes
        (src / f"verslag-{k:02d}.txt").write_text(SEED_FILES[k % len(SEED_FILES)].read_text(encoding="utf-8") * 15, encoding="utf-8")
    proc = subprocess.Popen(
        [LRT, "extract", str(src), "-o", str(out), "-j", "2", "--report", str(report), "-v"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), start_new_session=True,
    )  # fmt: skip
    assert proc.stderr is not None
    first = proc.stderr.readline().decode()  # -v tells a document once it is done: the run is under way
    assert first.startswith("lrt: verslag-"), first
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends Ctrl-C: to lrt and its workers alike
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stdout == b""
    lines = [ln for ln in stderr.decode().strip().splitlines() if not ln.startswith("lrt: verslag-")]
    assert len(lines) == 1, lines  # besides what -v tells, one line
    m = re.fullmatch(r"lrt: interrupted: (\d+) documents done, (\d+) left; re-run to resume", lines[0])
    assert m, lines
    done, left = int(m[1]), int(m[2])
    assert done >= 1 and left >= 1 and done + left == 12
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["stopped"] == "interrupted" and rep["left"] == left and len(rep["documents"]) == done
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    written = sorted(p.name for p in out.glob("*.json"))
    assert len(written) == rep["counts"]["ok"]

    again = subprocess.run(
        [LRT, "extract", str(src), "-o", str(out), "-j", "1", "-q", "--report", str(report)],
        capture_output=True, env=_env(), timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["counts"] == {"ok": 12 - len(written), "skipped": 0, "unchanged": len(written), "failed": 0}


def test_ctrl_c_in_any_command_says_so_in_one_line(monkeypatch, capsys):
    """A Ctrl-C that a command does not handle itself (here while `lrt actions` reads its sources): typer would
    exit 130 without a word; the entry point says it was interrupted."""
    from lrt_minutes import cli
    from lrt_minutes.index import cli as index_cli

    def interrupted(sources):
        raise KeyboardInterrupt

    monkeypatch.setattr(index_cli, "_open_sources", interrupted)
    monkeypatch.setattr(sys, "argv", ["lrt", "actions", str(SEEDS)])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 130
    captured = capsys.readouterr()
    assert captured.err == "lrt: interrupted\n" and captured.out == ""
    # an exit that does not come from Ctrl-C says nothing of one
    monkeypatch.setattr(sys, "argv", ["lrt", "schema", "--no-such-option"])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 2 and "interrupted" not in capsys.readouterr().err


# --- re-runs of broken files ------------------------------------------------------------------------

FIXTURES = SEEDS.parent / "fixtures"


def _broken_folder(root: Path) -> Path:
    src = root / "in"
    src.mkdir()
    shutil.copy(SEED_FILES[0], src / "good.txt")
    shutil.copy(FIXTURES / "encrypted.pdf", src / "locked.pdf")  # fails in a worker
    shutil.copy(FIXTURES / "truncated.pdf", src / "cut.pdf")
    (src / "empty.txt").write_bytes(b"")
    (src / "html.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    return src


def _no_workers(monkeypatch):
    """Make starting a worker or building the NLP pipeline fail the test."""
    from lrt_minutes.batch import job, runner

    def boom(*args, **kwargs):
        raise AssertionError("a worker was started or the NLP pipeline built")

    monkeypatch.setattr(runner, "Pool", boom)
    monkeypatch.setattr(job, "build_tagger", boom)


def test_a_rerun_reports_known_failures_without_starting_a_worker(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from lrt_minutes.cli import app

    src, out = _broken_folder(tmp_path), tmp_path / "out"
    cli = CliRunner()
    first = cli.invoke(app, ["extract", str(src), "-o", str(out), "-j", "1", "--report", str(tmp_path / "1.json")])
    assert first.exit_code == 1
    kinds = {d["document"]: (d["error"] or {}).get("kind") for d in json.loads((tmp_path / "1.json").read_text())["documents"]}
    assert kinds == {"good.txt": None, "locked.pdf": "encrypted", "cut.pdf": "damaged", "empty.txt": "empty", "html.pdf": "unsupported"}

    _no_workers(monkeypatch)
    again = cli.invoke(app, ["extract", str(src), "-o", str(out), "-j", "1", "--report", str(tmp_path / "2.json")])
    assert again.exit_code == 1  # still broken, still said
    rep = json.loads((tmp_path / "2.json").read_text())
    assert rep["counts"] == {"ok": 0, "skipped": 0, "unchanged": 1, "failed": 4}
    assert {d["document"]: (d["error"] or {}).get("kind") for d in rep["documents"]} == kinds
    assert "locked.pdf: encrypted:" in again.stderr and "--retry-failed" in again.stderr


def test_retry_failed_and_force_try_failures_again_and_changed_bytes_are_tried(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from lrt_minutes.cli import app

    src, out = _broken_folder(tmp_path), tmp_path / "out"
    cli = CliRunner()
    cli.invoke(app, ["extract", str(src), "-o", str(out), "-j", "0"])
    calls: list[str] = []
    from lrt_minutes.batch import job

    real = job.extract_one

    def counting(data, name, tagger, opts):
        calls.append(name)
        return real(data, name, tagger, opts)

    monkeypatch.setattr(job, "extract_one", counting)
    cli.invoke(app, ["extract", str(src), "-o", str(out), "-j", "0", "--retry-failed"])
    assert sorted(calls) == ["cut.pdf", "locked.pdf"]  # the good one is up to date; empty and HTML never reach extraction
    calls.clear()
    cli.invoke(app, ["extract", str(src), "-o", str(out), "-j", "0", "--force"])
    assert sorted(calls) == ["cut.pdf", "good.txt", "locked.pdf"]
    calls.clear()
    shutil.copy(FIXTURES / "verslag-reportlab.pdf", src / "cut.pdf")  # the file was mended
    r = cli.invoke(app, ["extract", str(src), "-o", str(out), "-j", "0"])
    assert calls == ["cut.pdf"]
    assert (out / "cut.json").is_file() and "error: cut.pdf" not in r.stderr


def test_empty_and_non_minutes_input_never_reach_a_worker(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from lrt_minutes.cli import app

    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.pdf").write_bytes(b"")
    (src / "blank.txt").write_bytes(b"  \n\n ")
    (src / "noise.txt").write_bytes(bytes(range(256)) * 20)
    (src / "page.pdf").write_bytes(b"<html><body>404</body></html>")
    _no_workers(monkeypatch)
    r = CliRunner().invoke(app, ["extract", str(src), "-o", str(tmp_path / "out"), "-j", "2"])
    assert r.exit_code == 1
    said = sorted(ln.split(": ")[2:4] for ln in r.stderr.splitlines() if ln.startswith("lrt: error:"))
    assert said == [["blank.txt", "empty"], ["empty.pdf", "empty"], ["noise.txt", "unsupported"], ["page.pdf", "unsupported"]]


# --- friendly options ---------------------------------------------------------------------------------


def _cli(*args: str, env: dict[str, str] | None = None):
    from typer.testing import CliRunner

    from lrt_minutes.cli import app

    return CliRunner().invoke(app, list(args), env=env)


@pytest.mark.parametrize("command", ["extract", "index", "inspect"])
def test_every_command_that_opens_pdfs_takes_the_password_from_the_environment_or_a_file(command, tmp_path):
    locked = FIXTURES / "encrypted.pdf"
    secret = tmp_path / "pw"
    secret.write_text("geheim\n", encoding="utf-8")
    args = {
        "extract": ["extract", str(locked), "--no-tags", "-j", "0"],
        "index": ["index", str(locked), "-j", "0", "--db"],
        "inspect": ["inspect", str(locked), "-o"],
    }[command]
    target = iter(str(tmp_path / name) for name in ("a", "b", "c", "d"))

    def run(*more: str, env: dict[str, str] | None = None):
        return _cli(*args, *([next(target)] if command != "extract" else []), *more, env=env)

    refused = run()
    assert refused.exit_code == 1 and "encrypted" in refused.stderr
    assert run(env={"LRT_PASSWORD": "geheim"}).exit_code == 0
    assert run("--password-file", str(secret)).exit_code == 0
    missing = run("--password-file", str(tmp_path / "none"))
    assert missing.exit_code == 2 and "--password-file" in missing.stderr
    shown = _cli(command, "-h").stdout
    assert "LRT_PASSWORD" in shown and "--password-file FILE" in shown


def test_lrt_index_verbose_tells_each_document_and_what_became_of_it(tmp_path):
    db = str(tmp_path / "m.db")
    r = _cli("index", str(SEED_FILES[0]), str(SEED_FILES[1]), "--db", db, "-j", "0", "-v")
    assert r.exit_code == 0, r.stderr
    first = json.loads(_cli("extract", str(SEED_FILES[0]), "-j", "0").stdout)
    told = [ln for ln in r.stderr.splitlines() if ln.startswith("lrt: ") and ".txt: " in ln]
    assert len(told) == 2
    n_items, n_tags = len(first["agenda_items"]), sum(_count_tags(i["points"]) for i in first["agenda_items"])
    assert told[0].startswith(
        f"lrt: {SEED_FILES[0].name}: added: minutes of {first['meeting']['date']}, {n_items} agenda items, {n_tags} tags"
    ), told[0]
    again = _cli("index", str(SEED_FILES[0]), "--db", db, "-j", "0", "-v")
    assert f"lrt: {SEED_FILES[0].name}: unchanged since the last run" in again.stderr
    quiet = _cli("index", str(SEED_FILES[0]), "--db", db, "-j", "0")
    assert quiet.stderr.count(SEED_FILES[0].name) == 0  # without -v, only the summary line
    both = _cli("index", str(SEED_FILES[0]), "--db", db, "-v", "-q")
    assert both.exit_code == 2 and "-q" in both.stderr


def test_o_jsonl_writes_one_json_lines_file(tmp_path):
    out = tmp_path / "all.jsonl"
    r = _cli("extract", str(SEEDS), "-o", str(out), "-j", "0")
    assert r.exit_code == 0, r.stderr
    records = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert [d["source"]["path"] for d in records] == [p.name for p in SEED_FILES]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.jsonl"]  # no folder, no manifest, no temporary file
    assert _cli("extract", str(SEEDS), "-o", str(out), "-f", "csv").exit_code == 2


def test_one_input_with_format_json_prints_one_pretty_document():
    r = _cli("extract", str(SEED_FILES[0]), "-f", "json", "-j", "0")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("{\n  ")
    assert json.loads(r.stdout)["source"]["path"] == SEED_FILES[0].name
    several = _cli("extract", str(SEEDS), "-f", "json")
    assert several.exit_code == 2 and "one document" in several.stderr


# what typer writes when a parameter has no placeholder of its own: its Python type, or braces on the usage line
_TYPE_LABEL = re.compile(r"<(?:str|int|float|bool|path|text|list\[[^]]*\]|\w+ range|[\w-]+(?:\|[\w-]+)+)>|\{\w+\}")
# and what it writes for a number with a least or greatest value: [x>=0], [default: 1; 36<=x<=600]
_RANGE_LABEL = re.compile(r"\[[^]]*(?:\bx\s*[<>]=?|[<>]=?\s*x\b)[^]]*\]")


def _commands() -> list[str]:
    from typer.main import get_command

    from lrt_minutes.cli import app

    return sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_examples_and_readable_placeholders(name):
    r = _cli(name, "-h", env={"COLUMNS": "80"})
    assert r.exit_code == 0, name
    text = r.stdout
    assert _TYPE_LABEL.search(text) is None, f"lrt {name} -h: {_TYPE_LABEL.search(text).group()}"
    assert _RANGE_LABEL.search(" ".join(text.split())) is None, f"lrt {name} -h: {_RANGE_LABEL.search(' '.join(text.split()))}"
    usage = text.splitlines()[0]
    assert usage.startswith(f"Usage: lrt {name} [OPTIONS]") and "{" not in usage, usage
    # the examples come after the options, each one a whole command line as typed (not re-wrapped)
    assert "Examples:" in text, f"lrt {name} -h has no examples"
    examples = [ln.strip() for ln in text.split("Examples:", 1)[1].splitlines() if ln.strip()]
    commands = [ln for ln in examples if not ln.startswith("Exit codes:")]
    commands = commands[: next((i for i, ln in enumerate(commands) if not re.match(r"(\w+=\S+ )*lrt ", ln)), len(commands))]
    assert commands and all(f"lrt {name}" in ln or "lrt extract" in ln for ln in commands), examples
    assert text.index("Examples:") > text.index("-h, --help")


def test_the_range_label_check_sees_what_typer_writes():
    for label in ("[x>=0]", "[default: 300.0; x>=0]", "[36<=x<=600]", "[x<=9]"):
        assert _RANGE_LABEL.search(f"  -j, --workers N  Worker processes.  {label}")
    assert _RANGE_LABEL.search("  --since YYYY-MM-DD  Only meetings on or after this date.  [default: none]") is None


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["extract", "-j", "-1", "x.txt"], "-1: give 0 or more"),
        (["extract", "--timeout", "-5", "x.txt"], "-5: give 0 or more"),
        (["extract", "--memory", "-1", "x.txt"], "-1: give 0 or more"),
        (["index", "-j", "-2", "x.txt"], "-2: give 0 or more"),
        (["inspect", "x.pdf", "--page", "0"], "0: give 1 or more"),
        (["inspect", "x.pdf", "--resolution", "5"], "5: give 36 to 600"),
        (["search", "x", "-n", "0"], "0: give 1 or more"),
    ],
)
def test_a_number_out_of_range_is_a_usage_error_in_words(args, said):
    r = _cli(*args)
    assert r.exit_code == 2
    assert said in r.stderr and "greater than" not in r.stderr


def test_lrt_h_lists_the_commands_with_examples():
    r = _cli("-h")
    assert r.exit_code == 0 and r.stdout.startswith("Usage: lrt [OPTIONS] COMMAND [ARGS]...")
    assert _RANGE_LABEL.search(r.stdout) is None
    examples = r.stdout.split("Examples:", 1)[1]
    assert "lrt extract minutes/ -o out" in examples and "lrt COMMAND -h" in examples
    assert r.stdout.index("Commands:") < r.stdout.index("Examples:")


def test_the_commands_list_and_the_placeholders_of_extract():
    from typer.main import get_command

    from lrt_minutes.cli import app

    assert set(get_command(app).commands) == {  # type: ignore[attr-defined]
        "extract", "schema", "inspect", "index", "actions", "decisions", "search", "attendance", "show"
    }
    help_text = _cli("extract", "-h").stdout
    assert help_text.startswith("Usage: lrt extract [OPTIONS] PATH...")
    for shown in ("-o, --output OUTDIR|FILE.jsonl", "--memory MB", "-j, --workers N", "--timeout SECONDS", "--password-file FILE"):
        assert shown in help_text
    assert _cli("actions", "-h").stdout.startswith("Usage: lrt actions [OPTIONS] [SOURCE]...")
    assert "--since YYYY-MM-DD" in _cli("decisions", "-h").stdout


# --- tables for spreadsheets ------------------------------------------------------------------------------

# an item discussed jointly ("2-4") and an item with ten points, so that point 1.10 exists... as a sub-point
_TABLE_MINUTES = (
    "Verslag\nVergaderdatum 1 maart 2024\nAanwezig: Dhr. Jansen (BZK)\n\n"
    "2. Eerste onderwerp\n3. Tweede onderwerp\n4. Derde onderwerp\n"
    "(Agendapunten 2, 3 en 4 zijn gezamenlijk besproken)\n"
    "• Het overleg neemt de punten door:\n"
    + "".join(f"  o Actie: BZK werkt onderdeel {k} uit voor 1 april.\n" for k in range(1, 12))
)


def _tables(tmp_path: Path, *args: str) -> Path:
    src = tmp_path / "in"
    src.mkdir(parents=True, exist_ok=True)
    (src / "verslag.txt").write_text(_TABLE_MINUTES, encoding="utf-8")
    out = tmp_path / "out"
    r = _cli("extract", str(src), "-o", str(out), "-j", "0", *args)
    assert r.exit_code == 0, r.stderr
    return out


def test_excel_nl_csv_uses_semicolons_and_decimal_commas(tmp_path):
    import csv

    out = _tables(tmp_path, "-f", "csv", "--csv-dialect", "excel-nl")
    raw = (out / "tags.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdocument;part;meeting_date;agenda_number") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert {r["agenda_number"] for r in rows} == {"2-4"}
    assert "1.10" in {r["point"] for r in rows}
    assert all("," in r["confidence"] and "." not in r["confidence"] for r in rows)


def test_numbers_stay_text_read_back_with_pandas(tmp_path):
    pd = pytest.importorskip("pandas")
    out = _tables(tmp_path, "-f", "csv")
    tags = pd.read_csv(out / "tags.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert set(tags["agenda_number"]) == {"2-4"} and "1.10" in set(tags["point"])
    nl = _tables(tmp_path / "nl", "-f", "csv", "--csv-dialect", "excel-nl")
    tags_nl = pd.read_csv(nl / "tags.csv", sep=";", decimal=",", encoding="utf-8-sig", dtype={"agenda_number": str, "point": str})
    assert set(tags_nl["agenda_number"]) == {"2-4"} and "1.10" in set(tags_nl["point"])
    assert tags_nl["confidence"].dtype.kind == "f"


def test_xlsx_keeps_agenda_and_point_numbers_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = _tables(tmp_path, "-f", "xlsx")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["minutes.xlsx"]
    book = openpyxl.load_workbook(out / "minutes.xlsx", read_only=True)
    assert book.sheetnames == ["tags", "participants"]
    header, *rows = list(book["tags"].iter_rows(values_only=True))
    col = {name: k for k, name in enumerate(header)}
    assert {r[col["agenda_number"]] for r in rows} == {"2-4"}
    points = [r[col["point"]] for r in rows]
    assert "1.10" in points and all(isinstance(p, str) for p in points)
    assert all(isinstance(r[col["confidence"]], float) for r in rows)
    people = list(book["participants"].iter_rows(values_only=True))
    assert people[0][0] == "document" and len(people) == 2
    pd = pytest.importorskip("pandas")
    # (pandas guesses types from text as well: ask it for text where the cells are text)
    assert "1.10" in set(pd.read_excel(out / "minutes.xlsx", sheet_name="tags", dtype={"point": str})["point"])


# --- lrt inspect ---------------------------------------------------------------------------------------------


def test_inspect_draws_what_lrt_saw_on_a_page(tmp_path):
    out = tmp_path / "page.png"
    r = _cli("inspect", str(FIXTURES / "redacted-5.1.2e.pdf"), "--page", "1", "-o", str(out), "--resolution", "72")
    assert r.exit_code == 0, r.stderr
    png = out.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1  # A4 at 72 dpi: one pixel a point
    counts = {ln.split()[0]: int(ln.split()[-3]) for ln in r.stdout.splitlines() if ln.startswith("  ") and "outline" in ln}
    assert counts["redaction"] >= 1 and counts["heading"] >= 1 and counts["furniture"] >= 1


def test_inspect_finds_the_side_column_and_names_a_page_that_is_not_there(tmp_path):
    r = _cli("inspect", str(FIXTURES / "verslag-reportlab.pdf"), "-p", "1", "-o", str(tmp_path / "p.png"))
    assert r.exit_code == 0, r.stderr
    assert "side-column boundary: x = " in r.stdout
    assert "  side column " in r.stdout
    r = _cli("inspect", str(FIXTURES / "verslag-reportlab.pdf"), "-p", "99", "-o", str(tmp_path / "p99.png"))
    assert r.exit_code == 1 and "no page 99" in r.stderr and not (tmp_path / "p99.png").exists()


# --- shell completion -------------------------------------------------------------------------------------


def _complete(words: str) -> list[str]:
    """What bash completion offers for the command line `words` (the word under the cursor is the last one)."""
    parts = words.split(" ")
    env = {**_env(), "_LRT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    r = subprocess.run([LRT], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_shell_completion_of_commands_options_and_values():
    assert _complete("lrt ex") == ["extract"]
    assert set(_complete("lrt a")) == {"actions", "attendance"}
    assert {"--format", "--force"} <= set(_complete("lrt extract --fo"))
    assert _complete("lrt extract --format ") == ["json", "jsonl", "csv", "xlsx"]
    assert _complete("lrt extract --csv-dialect excel") == ["excel", "excel-nl"]
    assert _complete("lrt extract --kinds minutes,a") == ["minutes,agenda", "minutes,action-list"]
    assert _complete("lrt actions --format ") == ["table", "json", "csv"]
    assert _complete("lrt search x --type ") == ["decision", "action", "agreement", "commitment"]
    script = subprocess.run([LRT, "--show-completion", "bash"], capture_output=True, text=True, env=_env(), timeout=60)
    assert script.returncode == 0 and "_LRT_COMPLETE=complete_bash" in script.stdout
