"""A folder of over 200 files, good minutes mixed with broken input on purpose, in one batch run."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lrt_minutes import extract
from lrt_minutes.cli import app
from lrt_minutes.export import to_json

from .conftest import SEEDS

pytest.importorskip("reportlab")
from .pdfgen import render

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def build(root: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Write the folder; return {name: bytes} of good documents and {name: expected error kind} of broken ones."""
    rnd = random.Random(20261126)
    good: dict[str, bytes] = {}
    bad: dict[str, str] = {}

    def put(name: str, data: bytes, kind: str | None = None) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if kind is None:
            good[name] = data
        else:
            bad[name] = kind

    for i in range(60):  # UTF-8 text, each a little different
        text = SEED_TEXTS[i % 5] + f"\n• Aanvullend punt {i}: MVRO zal dit uitzoeken.\n"
        put(f"text/{2020 + i % 4}/verslag-{i:03d}.txt", text.encode("utf-8"))
    for i in range(10):  # Windows-1252, as old Word exports are
        text = SEED_TEXTS[i % 5].replace("’", "'").replace("´", "'")
        put(f"encodings/cp1252-{i}.txt", text.encode("cp1252", errors="replace"))
    for i in range(10):  # UTF-16 with a byte-order mark
        put(f"encodings/utf16-{i}.txt", SEED_TEXTS[i % 5].encode("utf-16"))
    for i in range(30):  # letter-template PDFs
        put(f"pdf/verslag-{i:03d}.pdf", render(SEED_TEXTS[i % 5] * (1 + i % 2)))
    put("huge/nonsense.txt", b"woord " * 200_000)
    put("huge/long-minutes.txt", (SEED_TEXTS[1] * 30).encode("utf-8"))

    pdf = render(SEED_TEXTS[0])
    for i in range(20):
        put(f"broken/empty-{i}.txt", b"" if i % 2 else b" \n\t\n", "empty")
    for i in range(20):
        put(f"broken/garbage-{i}.{'pdf' if i % 2 else 'txt'}", bytes(rnd.randrange(256) for _ in range(2000)), "*")
    for i in range(15):
        put(f"broken/truncated-{i}.pdf", pdf[: len(pdf) * (i + 1) // 20], "*")
    for i in range(10):
        put(f"broken/encrypted-{i}.pdf", render(SEED_TEXTS[i % 5], encrypt=f"geheim{i}"), "encrypted")
    for i in range(15):
        put(f"broken/page-{i}.pdf", b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "unsupported")
    for i in range(10):
        put(f"broken/scan-{i}.pdf", render(SEED_TEXTS[i % 5], text_layer=False), "no-text")

    arc = root / "archives" / "release.zip"
    arc.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(arc, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../zip-slip.txt", SEED_TEXTS[0])
        z.writestr("2023/verslag.txt", SEED_TEXTS[2])
    good["archives/release.zip!/2023/verslag.txt"] = SEED_TEXTS[2].encode("utf-8")
    bad["archives/release.zip!/../../zip-slip.txt"] = "unsafe-member"
    with zipfile.ZipFile(root / "archives" / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.txt", b"0" * (64 * 1024 * 1024))
    bad["archives/bomb.zip!/bomb.txt"] = "unsafe-member"
    return good, bad


def test_two_hundred_files_good_and_broken(tmp_path, tagger):
    src, out = tmp_path / "in", tmp_path / "out"
    good, bad = build(src)
    assert len(good) + len(bad) >= 200

    r = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "-j", "2", "--report", str(tmp_path / "report.json")])
    assert r.exit_code == 1  # some failed
    assert "Traceback" not in r.stderr

    # every broken file: one line naming it, with the expected kind; no output file
    errors = {ln.split(": ")[2]: ln.split(": ")[3] for ln in r.stderr.splitlines() if ln.startswith("lrt: error:")}
    assert set(errors) == set(bad)
    for name, kind in bad.items():
        assert kind == "*" or errors[name] == kind, (name, errors[name])
    garbage_kinds = {errors[n] for n in bad if "garbage" in n or "truncated" in n}
    assert garbage_kinds <= {"unsupported", "damaged", "decode", "empty"}

    # every good file: exactly the JSON a single-document run gives
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    outputs = {d["document"]: d["output"] for d in report["documents"] if d["status"] == "ok"}
    # a file of one word over and over is no meeting document: classified "other", reported, not extracted
    not_minutes = {"huge/nonsense.txt"}
    assert {d["document"]: d["kind"] for d in report["documents"] if d["status"] == "skipped"} == dict.fromkeys(not_minutes, "other")
    assert set(outputs) == set(good) - not_minutes
    for name, data in good.items():
        if name in not_minutes:
            continue
        assert (out / outputs[name]).read_text(encoding="utf-8") == to_json(extract(data, name=name, tagger=tagger)), name

    # nothing partial or stray on disk
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == set(outputs.values()) | {".lrt-manifest"}
    assert not [p for p in tmp_path.rglob("*.tmp")]
    assert not (tmp_path / "zip-slip.txt").exists() and not (tmp_path.parent / "zip-slip.json").exists()
    assert report["counts"] == {"ok": len(good) - len(not_minutes), "skipped": len(not_minutes), "unchanged": 0, "failed": len(bad)}
