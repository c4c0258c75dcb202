"""`lrt extract --dask`: the same run on a Dask cluster (a LocalCluster over loopback), byte for byte, and when workers die."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")

from lrt_minutes import extract
from lrt_minutes.batch import dask_pool
from lrt_minutes.batch.command import ExtractRequest, extract_paths
from lrt_minutes.batch.job import Options
from lrt_minutes.cli import app
from lrt_minutes.export import to_json

from .conftest import SEEDS, SHARED
from .test_batch import ProgressWatcher, check_progress_ahead_of_output, held, held_first

runner = CliRunner()
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def lrt(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster for the module: 2 worker processes of 1 thread, on 127.0.0.1; a task may see one worker die.

    A worker a test kills is started again by its nanny. But a LocalCluster also closes the nanny of a worker for
    good when, `distributed.deploy.lost-worker-timeout` (15 s) after that worker left the scheduler, no worker of
    its name is there (`SpecCluster._update_worker_status`): a restart slower than that under load, or the same
    worker killed again by the next test and not yet back at that moment, would leave the module one worker short.
    The nannies are kept for the module's run.
    """
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1, "distributed.deploy.lost-worker-timeout": "1h"}):
        lc = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,
        )  # fmt: skip
        client = Client(lc)
        yield client
        client.close()
        lc.close()


def both_workers(client) -> None:
    """Wait for both workers (those a test killed are started again by their nannies; slowly under load)."""
    client.wait_for_workers(2, timeout=180)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def timeless(report: Path) -> dict:
    """The report without what depends on the clock."""
    data = json.loads(report.read_text(encoding="utf-8"))
    data.pop("seconds")
    data.pop("slowest")
    for d in data["documents"]:
        d.pop("seconds")
    return data


def errors_of(r) -> list[str]:
    return sorted(ln for ln in r.stderr.splitlines() if ln.startswith("lrt: error:"))


def both(tmp_path: Path, src: list[str], address: str, *extra: str):
    """The same command run locally (-j 2) and on the cluster; each into its own folder, with its report."""
    out = {}
    for how, flags in (("local", ["-j", "2"]), ("dask", ["--dask", address])):
        r = lrt("extract", *src, "-o", str(tmp_path / how), "--report", str(tmp_path / f"{how}.json"), "-q", *flags, *extra)
        assert "Traceback" not in r.stderr, r.stderr
        out[how] = r
    return out["local"], out["dask"]


def test_help_does_not_import_dask():
    code = "import sys; from lrt_minutes.cli import app; print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    r = subprocess.run(
        [sys.executable, "-c", "import sys; from lrt_minutes.cli import main; sys.argv = ['lrt', 'extract', '--help']\n"
         "try:\n    main()\nexcept SystemExit:\n    pass\nprint('LOADED', 'dask' in sys.modules, 'distributed' in sys.modules)"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "--dask" in r.stdout and r.stdout.strip().endswith("LOADED False False")


def test_seeds_on_the_cluster_are_byte_identical_to_a_local_run(tmp_path, cluster):
    local, dask = both(tmp_path, [str(SEEDS)], cluster.scheduler_info()["address"])
    assert local.exit_code == dask.exit_code == 0
    assert len(tree(tmp_path / "local")) == 6  # five documents and the manifest
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert timeless(tmp_path / "dask.json") == timeless(tmp_path / "local.json")
    # JSON Lines on stdout too, in input order
    assert lrt("extract", str(SEEDS), "--dask", cluster.scheduler_info()["address"]).stdout == lrt("extract", str(SEEDS), "-j", "0").stdout


def test_reruns_on_the_cluster_redo_only_what_changed(tmp_path, cluster):
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    out = tmp_path / "out"
    addr = cluster.scheduler_info()["address"]
    assert lrt("extract", str(src), "-o", str(out), "--dask", addr).exit_code == 0
    r = lrt("extract", str(src), "-o", str(out), "--dask", addr, "--report", str(tmp_path / "r.json"))
    assert r.exit_code == 0 and "5 unchanged" in r.stderr
    changed = SEED_FILES[1].name
    (src / changed).write_text((src / changed).read_text(encoding="utf-8") + "\n• Het verslag wordt vastgesteld.\n", encoding="utf-8")
    # a local run into the same folder takes the cluster's outputs as its own, and the other way round
    r = lrt("extract", str(src), "-o", str(out), "-j", "1", "--report", str(tmp_path / "r.json"))
    statuses = {d["document"]: d["status"] for d in json.loads((tmp_path / "r.json").read_text())["documents"]}
    assert statuses == {p.name: "ok" if p.name == changed else "unchanged" for p in SEED_FILES}
    assert (out / changed).with_suffix(".json").read_text(encoding="utf-8") == to_json(extract(src / changed))


def test_bad_inputs_on_the_cluster_are_those_of_a_local_run(tmp_path, cluster):
    pytest.importorskip("reportlab")
    from .test_bad_inputs import build

    good, bad = build(tmp_path / "all")
    # every broken file and archive, a few of each kind of good one (all of them take long on two cores)
    src = tmp_path / "in"
    for name in [*bad, *sorted(good)[::6]]:
        path = name.split("!/")[0]
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "all" / path, src / path)
    local, dask = both(tmp_path, [str(src)], cluster.scheduler_info()["address"])
    assert local.exit_code == dask.exit_code == 1
    assert errors_of(dask) == errors_of(local) and len(errors_of(dask)) == len(bad)
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert timeless(tmp_path / "dask.json") == timeless(tmp_path / "local.json")


def test_real_pdfs_on_the_cluster_are_byte_identical_to_a_local_run(tmp_path, cluster):
    real = SHARED / "real-pdf"
    if not real.is_dir():
        pytest.skip("../shared/real-pdf is not beside the project")
    local, dask = both(tmp_path, [str(real)], cluster.scheduler_info()["address"])
    assert local.exit_code == dask.exit_code
    assert len(tree(tmp_path / "local")) > 30
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert timeless(tmp_path / "dask.json") == timeless(tmp_path / "local.json")


def test_timeout_holds_on_the_workers(tmp_path, cluster):
    src = tmp_path / "in"
    src.mkdir()
    for p in SEED_FILES[:2]:
        shutil.copy(p, src)
    local, dask = both(tmp_path, [str(src)], cluster.scheduler_info()["address"], "--timeout", "0.001")
    assert local.exit_code == dask.exit_code == 1
    assert errors_of(dask) == errors_of(local)
    assert [ln.split(": ")[3] for ln in errors_of(dask)] == ["timeout", "timeout"]
    assert timeless(tmp_path / "dask.json") == timeless(tmp_path / "local.json")


class KillBusyWorker(threading.Thread):
    """Kills the Dask worker process that is busy with a document, as soon as one is."""

    def __init__(self, client) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.pids = client.run(os.getpid)
        self.killed: tuple[str, list] | None = None
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            processing = self.client.processing().items()
            busy = {w: keys for w, keys in processing if w in self.pids and any("lrt-extract" in str(k) for k in keys)}
            if busy:
                worker = sorted(busy)[0]
                os.kill(self.pids[worker], signal.SIGKILL)
                self.killed = (worker, busy[worker])
                return
            time.sleep(0.01)


class Quiet:
    def error(self, name, kind, message):
        raise AssertionError(f"{name}: {kind}: {message}")

    def start(self, total):
        pass

    def advance(self, name):
        pass

    def done(self, outcome):
        pass

    def stop(self):
        pass


def test_a_worker_killed_mid_run_loses_nothing_and_writes_nothing_twice(tmp_path, cluster):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(10):  # minutes of some length, so that the kill falls in the middle of one
        text = "\n".join(SEED_FILES[(i + k) % 5].read_text(encoding="utf-8") for k in range(4))
        (src / f"verslag-{i:02d}.txt").write_text(text, encoding="utf-8")
    assert lrt("extract", str(src), "-o", str(tmp_path / "local"), "-j", "2", "-q").exit_code == 0

    killer = KillBusyWorker(cluster)
    killer.start()
    out = tmp_path / "dask"
    request = ExtractRequest(
        [str(src)], Options(workers=2, timeout=120), format="json", output=out,
        executor=dask_pool.Connector(cluster.scheduler_info()["address"]),
    )  # fmt: skip
    try:
        rep = extract_paths(request, Quiet())
    finally:
        killer.stop.set()
        killer.join()
    assert killer.killed is not None, "a worker was killed while it held a document"
    # every document once, extracted (its task was run again on a worker that lived), none failed
    assert sorted(o.name for o in rep.outcomes) == sorted(p.name for p in src.iterdir())
    assert {o.status for o in rep.outcomes} == {"ok"}
    assert tree(out) == tree(tmp_path / "local")
    manifest = json.loads((out / ".lrt-manifest").read_text(encoding="utf-8"))["documents"]
    assert sorted(manifest) == sorted(p.name for p in src.iterdir())
    assert all(len(e["outputs"]) == 1 for e in manifest.values())
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.endswith(".journal")]
    both_workers(cluster)


_REAL = dask_pool.extract_on_worker


def _kills_its_worker(seq, name, data, opts):
    """On a Dask worker: a document that takes its whole worker process down with it (as an out-of-memory kill would)."""
    if "killer" in name:
        os._exit(9)
    return _REAL(seq, name, data, opts)


def test_a_document_that_kills_every_worker_fails_alone_as_crashed(tmp_path, cluster, monkeypatch):
    monkeypatch.setattr(dask_pool, "extract_on_worker", _kills_its_worker)
    src = tmp_path / "in"
    src.mkdir()
    for p in SEED_FILES[:3]:
        shutil.copy(p, src)
    shutil.copy(SEED_FILES[3], src / "killer.txt")
    t0 = time.monotonic()
    r = lrt("extract", str(src), "-o", str(tmp_path / "out"), "--dask", cluster.scheduler_info()["address"], "--report", str(tmp_path / "r.json"))
    assert time.monotonic() - t0 < 120
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == 1, r.stderr
    assert errors_of(r) == [
        "lrt: error: killer.txt: crashed: the Dask workers running it died (2 times, the scheduler's allowed-failures)"
    ]
    statuses = {d["document"]: d["status"] for d in json.loads((tmp_path / "r.json").read_text())["documents"]}
    assert statuses == {"killer.txt": "failed", **{p.name: "ok" for p in SEED_FILES[:3]}}
    for p in SEED_FILES[:3]:
        assert (tmp_path / "out" / p.name).with_suffix(".json").read_text(encoding="utf-8") == to_json(extract(p))
    both_workers(cluster)


def _held_on_worker(seq, name, data, opts):
    """On a Dask worker: a document held until its release (see `test_batch.held`)."""
    return _REAL(seq, name, held(data), opts)


def test_progress_follows_the_cluster_s_completed_tasks(tmp_path, cluster, monkeypatch):
    both_workers(cluster)  # the held document takes one; the others need the second
    monkeypatch.setattr(dask_pool, "extract_on_worker", _held_on_worker)
    names = held_first(tmp_path / "in", tmp_path / "release")
    watcher = ProgressWatcher(names, tmp_path / "release")
    request = ExtractRequest(
        [str(tmp_path / "in")], Options(), format="json", output=tmp_path / "out",
        executor=dask_pool.Connector(cluster.scheduler_info()["address"]),
    )  # fmt: skip
    rep = extract_paths(request, watcher)
    assert [o.name for o in rep.outcomes] == names and {o.status for o in rep.outcomes} == {"ok"}
    check_progress_ahead_of_output(watcher, names, tmp_path / "out")


def test_memory_limit_on_the_cluster_is_that_of_a_local_run(tmp_path, cluster):
    from .hostile import many_operators

    src = tmp_path / "in"
    src.mkdir()
    # PDFium needs about 100 MB for this page: under these limits it aborts the worker, or Python raises
    # MemoryError first, depending on where an allocation fails (so on the worker's memory layout)
    (src / "a.pdf").write_bytes(many_operators(150_000))
    for p in SEED_FILES[:2]:
        shutil.copy(p, src)
    for memory in ("32", "64"):
        runs = {}
        for how, flags in (("local", ["-j", "2"]), ("dask", ["--dask", cluster.scheduler_info()["address"]])):
            # in a process of its own, as a user runs it (workers forked from this test process would inherit
            # the memory PDFium reserved for earlier tests)
            runs[how] = subprocess.run(
                [sys.executable, "-m", "lrt_minutes", "extract", str(src), "-o", str(tmp_path / f"{how}-{memory}"),
                 "--memory", memory, "--no-tags", "--report", str(tmp_path / f"{how}-{memory}.json"), *flags],
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
        assert runs["local"].returncode == runs["dask"].returncode == 1, runs["dask"].stderr
        assert errors_of(runs["dask"]) == errors_of(runs["local"]) == [
            f"lrt: error: a.pdf: memory: reading it needs more memory than a worker may use ({memory} MB a worker, --memory)"
        ]
        assert tree(tmp_path / f"dask-{memory}") == tree(tmp_path / f"local-{memory}")
        assert len(tree(tmp_path / f"dask-{memory}")) == 3  # the two seeds and the manifest
        assert timeless(tmp_path / f"dask-{memory}.json") == timeless(tmp_path / f"local-{memory}.json")


def test_unreachable_scheduler_and_bad_address_are_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(dask_pool, "CONNECT_TIMEOUT", 1.0)
    r = lrt("extract", str(SEEDS), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9")
    assert r.exit_code == 1
    assert errors_of(r) == [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert errors_of(r)[0].startswith("lrt: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    r = lrt("extract", str(SEEDS), "--dask", "scheduler")
    assert r.exit_code == 2 and "give a scheduler address" in r.stderr


def _another_version():
    return {"version": "0.0.1", "pid": os.getpid()}


def test_workers_of_another_version_are_refused_before_any_document_is_sent(tmp_path, cluster, monkeypatch):
    monkeypatch.setattr(dask_pool, "probe", _another_version)
    r = lrt("extract", str(SEEDS), "-o", str(tmp_path / "out"), "--dask", cluster.scheduler_info()["address"])
    assert r.exit_code == 1
    assert len(errors_of(r)) == 1 and "runs lrt-minutes 0.0.1, this is" in errors_of(r)[0]
    assert not list((tmp_path / "out").glob("*.json"))


def test_local_cluster_started_and_closed_by_lrt(tmp_path):
    r = lrt("extract", *map(str, SEED_FILES[:2]), "-o", str(tmp_path / "out"), "--dask", "local", "-j", "1", "-q")
    assert r.exit_code == 0, r.stderr
    for p in SEED_FILES[:2]:
        assert (tmp_path / "out" / p.name).with_suffix(".json").read_text(encoding="utf-8") == to_json(extract(p))


def test_library_bag_of_documents(tmp_path, cluster):
    from lrt_minutes import LrtError, iter_tags
    from lrt_minutes.distributed import documents

    docs = documents([SEEDS], files_per_partition=2).compute(scheduler=cluster)
    assert [to_json(d) for d in docs] == [to_json(extract(p)) for p in SEED_FILES]

    # the README's example: one row per tag
    def rows(doc):
        return [
            {"document": doc.source.path, "date": doc.meeting.date, "item": f.item.number, "type": f.tag.type,
             "owners": ";".join(f.tag.owners), "text": f.tag.text}
            for f in iter_tags(doc)
        ]  # fmt: skip

    tags = documents([SEEDS]).map(rows).flatten().compute(scheduler=cluster)
    assert len(tags) == sum(1 for p in SEED_FILES for _ in iter_tags(extract(p))) > 0

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_FILES[0], src)
    (src / "empty.txt").write_bytes(b"")
    assert len(documents([src], errors="skip").compute(scheduler=cluster)) == 1
    with pytest.raises(LrtError) as e:
        documents([src]).compute(scheduler=cluster)
    assert e.value.kind == "empty" and "empty.txt" in str(e.value)
