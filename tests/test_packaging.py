"""What a package index and someone who downloads the source distribution get: licence, metadata,
an sdist that holds its tests and passes them."""

from __future__ import annotations

import email
import importlib.util
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def test_the_licence_declared_is_the_licence_shipped():
    assert PROJECT["license"] == "EUPL-1.2"  # an SPDX expression (PEP 639)
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "EUPL" in text and "Version 1.2" in text and "SPDX-License-Identifier: EUPL-1.2" in text
    # the whole Licence ships, not only a pointer to it: its title, its articles and its appendix
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in text
    articles = re.findall(r"^(\d+)\.\s*\S", text, flags=re.M)
    assert [int(a) for a in articles if int(a) <= 15][:15] == list(range(1, 16)), articles
    assert "Appendix" in text and "Compatible Licences" in text
    # PEP 639: the licence is said once, by the expression, not again by a classifier
    assert not [c for c in PROJECT["classifiers"] if c.startswith("License ::")]


def test_classifiers_match_the_python_versions_required():
    low = tuple(int(x) for x in PROJECT["requires-python"].removeprefix(">=").split("."))
    versions = [c.rsplit(":: ", 1)[1] for c in PROJECT["classifiers"] if c.startswith("Programming Language :: Python :: 3.")]
    assert versions and all(tuple(int(x) for x in v.split(".")) >= low for v in versions)
    assert f"Programming Language :: Python :: {low[0]}.{low[1]}" in PROJECT["classifiers"]
    assert "Natural Language :: Dutch" in PROJECT["classifiers"] and "Environment :: Console" in PROJECT["classifiers"]


def _tracked(*folders: str) -> set[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist has no git history)")
    r = subprocess.run(["git", "ls-files", "--", *folders], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(r.stdout.split())


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source distribution, built offline with the build front end (no isolated environment, nothing fetched)."""
    if importlib.util.find_spec("build") is None:
        pytest.skip("needs the build front end (pip install -e '.[dev]')")
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    (built,) = out.glob("lrt_minutes-*.tar.gz")
    return built


def test_the_sdist_holds_the_source_its_tests_their_data_and_the_docs(sdist):
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
        info = tar.extractfile(next(n for n in names if n.count("/") == 1 and n.endswith("/PKG-INFO")))
        assert info is not None
        meta = email.message_from_bytes(info.read())
    top = names[0].split("/")[0]
    inside = {n.split("/", 1)[1] for n in names if "/" in n}
    needed = _tracked("src", "tests", "seeds", "fixtures", "docs") | {"LICENSE", "README.md", "pyproject.toml"}
    missing = sorted(needed - inside)
    assert not missing, f"{sdist.name} lacks {missing[:10]}"
    assert top == f"lrt_minutes-{PROJECT['version']}"
    assert meta["License-Expression"] == "EUPL-1.2" and meta["License-File"] == "LICENSE"
    assert meta["Requires-Python"] == PROJECT["requires-python"]
    assert set(meta.get_all("Classifier")) == set(PROJECT["classifiers"])
    assert "docs/CONTRACT.md" in (meta.get_payload() or "")  # the README, with its link to the contract


@pytest.mark.slow
def test_tests_run_from_the_unpacked_sdist(sdist, tmp_path):
    """Someone with only the sdist runs its tests against its own source (../shared absent: those skip)."""
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path, filter="data")
    (root,) = tmp_path.iterdir()
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    code = (
        "import sys, pytest, lrt_minutes; "
        f"assert lrt_minutes.__file__.startswith({str(root)!r}), lrt_minutes.__file__; "
        "sys.exit(pytest.main(sys.argv[1:]))"
    )
    tests = ["tests/test_docs.py", "tests/test_golden.py", "tests/test_clean.py", "tests/test_library.py"]
    r = subprocess.run(
        [sys.executable, "-c", code, "-q", "-p", "no:cacheprovider", *tests],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert " passed" in r.stdout and " failed" not in r.stdout
