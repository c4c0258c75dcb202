"""Documents extracted on a Dask cluster (`lrt extract --dask ADDRESS`): the same jobs as a local run, run elsewhere.

Only where a document is extracted changes. `runner.run` still reads the inputs, hashes them,
skips unchanged documents and yields outcomes in input order; the sinks, the manifest, the
folder lock and the report stay in the `lrt` process. `DaskPool` takes the place of
`pool.Pool`: it sends each document's bytes to the cluster as a task and hands back its
`JobResult` as the task completes (`distributed.as_completed`).

On a Dask worker a task (`extract_on_worker`) goes to that worker thread's own `pool.Pool`
of one lrt worker process, started on first use (spawned, never forked from the threaded
Dask worker), which builds the NLP pipeline once and enforces the per-document timeout and
memory limit exactly as locally; a document that crashes it fails alone as `crashed`, and
the Dask worker lives on. A Dask worker that dies itself (killed, out of memory, its machine
gone) is the scheduler's to handle: its tasks are retried on other workers; a task that saw
more workers die than the scheduler's `allowed-failures` fails as `crashed`.

Dask is imported only here, and only when a cluster is used.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import job
from .job import JobResult, Options
from .pool import Finished, Job, Pool, WorkerStartError

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

LOCAL = "local"
"""The address that starts a LocalCluster of `-j` worker processes on 127.0.0.1 for the run."""

CONNECT_TIMEOUT = 10.0
"""Seconds to reach the scheduler."""
WORKER_WAIT = 60.0
"""Seconds to wait for a first worker at the start, and for any worker when all are gone during the run."""
LARGE = 1024 * 1024
"""Documents larger than this (bytes) are scattered to the cluster ahead of their task, not put in it."""


class ClusterError(WorkerStartError):
    """The Dask cluster cannot do the work: not reachable, no workers, another lrt-minutes, or lost during the run."""


# --- on a Dask worker ---------------------------------------------------------------------

_local = threading.local()


def _thread_pool(opts: Options) -> Pool:
    """This worker thread's pool of one lrt worker process for `opts` (started once, replaced when it dies)."""
    pool: Pool | None = getattr(_local, "pool", None)
    if pool is not None and pool.opts != opts:
        pool.close()
        pool = None
    if pool is None:
        _allow_children()
        pool = _local.pool = Pool(1, opts, spawn=True)
    return pool


def _allow_children() -> None:
    """Let this Dask worker start lrt worker processes.

    Dask runs its workers as daemonic processes, and multiprocessing refuses children to
    those (so that none is left behind). An lrt worker process is never left behind: the
    kernel kills it when its parent dies (`pool._die_with_parent`), and the pool stops it.
    """
    import multiprocessing

    config = getattr(multiprocessing.current_process(), "_config", None)
    if isinstance(config, dict) and config.get("daemon"):
        config["daemon"] = False


def extract_on_worker(seq: int, name: str, data: bytes, opts: Options) -> JobResult:
    """Extract one document in this worker thread's lrt worker process; never raises for a bad document.

    Raises `pool.WorkerStartError` when lrt worker processes cannot start here (the NLP
    pipeline cannot be built): the run stops, as it does locally.
    """
    pool = _thread_pool(opts)
    queue: deque[Job] = deque([(seq, name, data)])
    try:
        while True:
            pool.dispatch(queue)  # sent once the process is ready
            for _, result in pool.collect():
                return result
    except BaseException:
        _local.pool = None
        pool.close(wait=False)
        raise


def probe() -> dict[str, Any]:
    """What a worker runs: its lrt-minutes version, checked against the client's before work starts."""
    from .. import __version__

    return {"version": __version__, "python": f"{sys.version_info[0]}.{sys.version_info[1]}", "pid": os.getpid()}


# --- in the lrt process -------------------------------------------------------------------


class DaskPool:
    """Documents sent to a Dask cluster as tasks; what `runner.run` drives in place of `pool.Pool`."""

    def __init__(self, client: Client, opts: Options, cluster: LocalCluster | None = None) -> None:
        from distributed import as_completed

        self.client = client
        self.cluster = cluster
        """The LocalCluster started for this run (closed with the pool), if any."""
        self.opts = opts
        self.token = uuid.uuid4().hex[:12]
        self.pending: dict[Future, int] = {}
        self.done = as_completed(loop=client.loop)
        self.scattered: dict[int, Future] = {}
        self._size = max(1, sum(client.nthreads().values()))

    @property
    def size(self) -> int:
        """Worker threads of the cluster when the run started."""
        return self._size

    def busy(self) -> bool:
        """Whether tasks are on the cluster."""
        return bool(self.pending)

    def dispatch(self, queue: deque[Job]) -> None:
        """Submit queued documents, one per worker thread: a worker that dies takes no other document's
        task down with it (the scheduler counts a death against every task a worker holds)."""
        while queue and len(self.pending) < self._size:
            seq, name, data = queue.popleft()
            arg: bytes | Future = data
            if len(data) > LARGE:
                arg = self.scattered[seq] = self.client.scatter(data, hash=False)
            # looked up at call time, so that a test can replace it
            fut = self.client.submit(
                extract_on_worker, seq, name, arg, self.opts, key=(f"lrt-extract-{self.token}", seq), pure=False
            )
            self.pending[fut] = seq
            self.done.add(fut)

    def collect(self) -> list[Finished]:
        """Wait for completed tasks (as they complete, in any order); their (sequence number, result) pairs."""
        if not self.pending:
            return []
        finished: list[Finished] = []
        for fut in self._wait():
            seq = self.pending.pop(fut, None)
            if seq is None:
                continue
            if seq in self.scattered:
                self.scattered.pop(seq).release()
            finished.append((seq, self._result(fut)))
        return finished

    def _wait(self) -> list[Future]:
        no_workers_since: float | None = None
        while True:
            batch: list[Future] = self.done.next_batch(block=False)
            if batch:
                return batch
            time.sleep(0.01)
            if self.client.status not in ("running", "connecting"):
                raise ClusterError(f"lost the connection to the Dask scheduler ({self.client.status})")
            if no_workers_since is None or time.monotonic() - no_workers_since > 1:
                if self.client.nthreads():
                    no_workers_since = None
                elif no_workers_since is None:
                    no_workers_since = time.monotonic()
                elif time.monotonic() - no_workers_since > WORKER_WAIT:
                    raise ClusterError(f"the Dask cluster has had no worker for {WORKER_WAIT:g} s")

    def _result(self, fut: Future) -> JobResult:
        from distributed import KilledWorker

        if fut.status == "finished":
            result: JobResult = fut.result()
            return result
        if fut.status == "cancelled":
            raise ClusterError("the Dask scheduler cancelled the work (was it restarted?)")
        exc = fut.exception()
        if isinstance(exc, KilledWorker):
            return job.failed(
                "crashed",
                f"the Dask workers running it died ({exc.allowed_failures + 1} times, the scheduler's allowed-failures)",
                0.0,
            )
        if isinstance(exc, WorkerStartError):
            raise exc
        if isinstance(exc, ImportError):
            raise ClusterError(f"a Dask worker cannot run lrt-minutes: {exc}; install lrt-minutes[dask] on every worker")
        raise ClusterError(f"a Dask task failed: {exc.__class__.__name__}: {exc}")

    def close(self, wait: bool = True) -> None:
        """Cancel what is still on the cluster; close the connection (and the LocalCluster started for the run)."""
        with contextlib.suppress(Exception):
            if self.pending:
                self.client.cancel(list(self.pending))
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()


@dataclass(frozen=True, slots=True)
class Connector:
    """How to reach the cluster: `connect` makes the `DaskPool` of a run (`runner.run` calls it when the first
    document needs a worker, so that a re-run of unchanged documents does not start or reach a cluster)."""

    address: str
    """A scheduler ("tcp://host:8786", any address Dask takes) or "local"."""
    workers: int = 1
    """Worker processes of a "local" cluster (one thread each)."""

    def __call__(self, opts: Options) -> DaskPool:
        """Connect, check the workers, and return the pool; ClusterError with one line when that fails."""
        return connect(self.address, opts, self.workers)


def connect(address: str, opts: Options, workers: int = 1) -> DaskPool:
    """A `DaskPool` on the scheduler at `address`, or on a LocalCluster of `workers` processes for "local".

    Before any document is sent: the scheduler must answer, a worker must be there, and every
    worker must run this lrt-minutes version (another version gives other bytes).
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--dask needs Dask: pip install 'lrt-minutes[dask]'") from None

    cluster: LocalCluster | None = None
    try:
        if address == LOCAL:
            cluster = LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
            )  # fmt: skip
            client = Client(cluster, timeout=CONNECT_TIMEOUT, set_as_default=False)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as e:
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e.__class__.__name__}: {e}") from None
    pool = DaskPool(client, opts, cluster)
    try:
        _check(client, address)
        pool._size = max(1, sum(client.nthreads().values()))
    except BaseException:
        pool.close(wait=False)
        raise
    return pool


def _check(client: Client, address: str) -> None:
    from .. import __version__

    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except TimeoutError:
        raise ClusterError(
            f"the Dask scheduler at {address} has no worker (waited {WORKER_WAIT:g} s); start one with: dask worker {address}"
        ) from None
    try:
        found = client.run(probe)
    except ImportError as e:
        raise ClusterError(
            f"the Dask workers cannot import lrt_minutes ({e}); install lrt-minutes[dask] on every worker"
        ) from None
    except Exception as e:
        raise ClusterError(f"the Dask workers could not be checked: {e.__class__.__name__}: {e}") from None
    for worker, info in sorted(found.items()):
        if info.get("version") != __version__:
            raise ClusterError(
                f"the Dask worker {worker} runs lrt-minutes {info.get('version')}, this is {__version__}: "
                "their outputs would differ; install the same version on every worker"
            )
