"""Worker processes for a batch: one document at a time each, a per-document timeout, replaced when they die.

Each worker builds the NLP pipeline once (`job.build_tagger`) and then extracts the
documents it is sent (`job.extract_one`); both are looked up on the `job` module at call
time, so a test can replace them before the workers fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkContext, SpawnContext

from . import job
from .job import JobResult, Options

Job = tuple[int, str, bytes]
"""A document sent to a worker: (sequence number, name, bytes)."""
Finished = tuple[int, JobResult]
"""A document's sequence number and its result."""


class WorkerStartError(RuntimeError):
    """A worker process could not start (its NLP pipeline could not be built)."""


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the `lrt` process dies (kill -9 included); Linux only."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above: nobody waits for this worker
        os._exit(1)


OUT_OF_MEMORY = 88
"""Exit code of a worker that ran out of memory outside a document's extraction (receiving it, sending its result)."""
NEAR_MB = 64
"""A worker that dies with its address space this close to its limit (or a quarter of its margin) ran out of memory."""
SAMPLE_SECONDS = 0.01
"""How often a worker with a memory limit notes its address space for the parent (`_Gauge`)."""


def _address_space() -> int:
    """This process's address space in bytes (what RLIMIT_AS limits)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


class _Gauge:
    """A worker's memory limit and its address space as last seen, in memory shared with the parent.

    The PDF library does not raise when an allocation fails under the limit: it aborts the
    process. The parent tells that death from a crash by the gauge: a worker that died with
    its address space near its limit ran out of memory (`memory`), another one `crashed`.
    """

    def __init__(self, ctx: ForkContext | SpawnContext) -> None:
        self.values = ctx.RawArray("q", 3)  # [limit, address space last seen, margin], in bytes; 0: none

    def near_limit(self) -> bool:
        """Whether the worker's address space, when last seen, was near its limit: within a quarter of its margin,
        or of NEAR_MB (one allocation of a page image or a text page's arrays may be that large)."""
        limit, seen, margin = self.values[0], self.values[1], self.values[2]
        return limit > 0 and seen > 0 and limit - seen <= max(margin // 4, NEAR_MB * 1024 * 1024)

    def watch(self, limit: int, margin: int) -> None:
        """Start noting this process's address space every SAMPLE_SECONDS (a daemon thread: C calls release the GIL)."""
        import threading

        self.values[0], self.values[2] = limit, margin

        def sample() -> None:
            while True:
                with contextlib.suppress(Exception):  # MemoryError included: the limit holds for this thread too
                    self.values[1] = _address_space()
                time.sleep(SAMPLE_SECONDS)

        threading.Thread(target=sample, name="lrt-memory-gauge", daemon=True).start()


def _limit_memory(megabytes: int | None, gauge: _Gauge | None = None) -> None:
    """Cap this process's address space at what it uses now plus `megabytes` (RLIMIT_AS), so that a
    document that needs more fails with MemoryError (the `memory` error) instead of swapping the machine."""
    if not megabytes:
        return
    with contextlib.suppress(Exception):
        import resource

        margin = megabytes * 1024 * 1024
        if gauge is not None:  # its thread (and stack) first, then the limit
            gauge.watch(_address_space() + 16 * 1024 * 1024 + margin, margin)
        limit = _address_space() + margin
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        if gauge is not None:
            gauge.values[0] = limit


def _worker_main(conn: Connection, opts: Options, parent: int, gauge: _Gauge | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent(parent)
    try:
        tagger = job.build_tagger(opts)
        job.prepare()  # the modules a document needs, loaded before the memory limit applies
    except Exception as e:  # said to the parent, which stops the run with one line
        conn.send(("start-failed", f"{e.__class__.__name__}: {e}"))
        return
    _limit_memory(opts.memory_mb, gauge)
    conn.send(("ready",))
    try:
        _serve(conn, opts, tagger)
    except MemoryError:  # receiving a document or sending its result: the parent reports `memory`
        os._exit(OUT_OF_MEMORY)


def _serve(conn: Connection, opts: Options, tagger: object) -> None:
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        seq, name, data = msg
        result = job.extract_one(data, name, tagger, opts)  # type: ignore[arg-type]
        del data, msg
        try:
            conn.send((seq, result))
        except (EOFError, OSError):
            return
        except MemoryError:
            raise
        except Exception as e:  # the result cannot be sent (pickled): still this document's error
            conn.send((seq, job.failed("internal", f"{e.__class__.__name__}: {e}", result.seconds)))


@dataclass(slots=True)
class _Worker:
    proc: multiprocessing.process.BaseProcess
    conn: Connection
    gauge: _Gauge | None = None
    """Its memory limit and address space, when it has a limit."""
    ready: bool = False
    job: int | None = None
    """The document (its sequence number) being worked on, if any."""
    started: float = 0.0
    """When `job` was sent."""


class Pool:
    """Worker processes, each sent one document at a time; a worker that overruns is killed and replaced.

    One at a time, because a document is only sent to a worker that waits in recv(): were a
    second one sent ahead, the parent could block sending it while the worker blocks sending
    its (large) result, each waiting on the other's full pipe.
    """

    def __init__(self, size: int, opts: Options, *, spawn: bool = False) -> None:
        """`spawn`: start workers as fresh interpreters, never by fork (for a process that runs threads of its
        own, such as a Dask worker, where a forked child could inherit a lock held by another thread)."""
        self.opts = opts
        methods = multiprocessing.get_all_start_methods()
        self.ctx: ForkContext | SpawnContext = (
            multiprocessing.get_context("fork") if "fork" in methods and not spawn else multiprocessing.get_context("spawn")
        )
        self.workers = [self._start() for _ in range(size)]
        self.start_failures = 0

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        gauge = _Gauge(self.ctx) if self.opts.memory_mb else None
        proc = self.ctx.Process(
            target=_worker_main, args=(child, self.opts, os.getpid(), gauge), daemon=True, name="lrt-worker"
        )
        proc.start()
        child.close()
        return _Worker(proc, parent, gauge)

    @property
    def size(self) -> int:
        """How many documents the pool works on at once."""
        return len(self.workers)

    def busy(self) -> bool:
        """Whether a worker is working on a document."""
        return any(w.job is not None for w in self.workers)

    def dispatch(self, queue: deque[Job]) -> None:
        """Send queued documents to the workers that are ready and idle."""
        for w in self.workers:
            if not queue:
                return
            if w.ready and w.job is None:
                item = queue.popleft()
                w.job, w.started = item[0], time.monotonic()
                with contextlib.suppress(OSError):  # a dead worker is noticed by collect()
                    w.conn.send(item)

    def collect(self) -> list[Finished]:
        """Wait for something to happen; return finished (seq, result) pairs (failures included)."""
        timeout = None
        if self.opts.timeout is not None:
            now = time.monotonic()
            deadlines = [w.started + self.opts.timeout - now for w in self.workers if w.job is not None]
            timeout = max(0.0, min(deadlines)) if deadlines else None
        ready = wait([w.conn for w in self.workers], timeout=timeout)
        done: list[Finished] = []
        for i, w in enumerate(self.workers):
            if w.conn in ready:
                try:
                    # a worker says ("ready",), ("start-failed", why) or (sequence number, JobResult)
                    msg = w.conn.recv()
                except (EOFError, OSError):
                    w.proc.join(1)
                    if not w.ready:
                        self.start_failures += 1
                        if self.start_failures >= 3:
                            raise WorkerStartError(f"worker processes die on start (exit code {w.proc.exitcode})") from None
                    done.extend(self._lost(i, *self._death(w), time.monotonic() - w.started))
                    continue
                if msg == ("ready",):
                    w.ready = True
                    continue
                if msg[0] == "start-failed":
                    raise WorkerStartError(f"a worker could not build the NLP pipeline: {msg[1]}")
                seq, result = msg
                w.job = None
                done.append((seq, result))
            elif w.job is not None and self.opts.timeout is not None and time.monotonic() - w.started >= self.opts.timeout:
                message = f"took longer than {self.opts.timeout:g} s; stopped"
                done.extend(self._lost(i, "timeout", message, float(self.opts.timeout)))
        return done

    def _death(self, w: _Worker) -> tuple[str, str]:
        """(kind, message) of a worker that died on a document: out of memory (said as a MemoryError is), or crashed."""
        near = w.gauge is not None and w.gauge.near_limit()
        if self.opts.memory_mb and (w.proc.exitcode == OUT_OF_MEMORY or near):
            oom = job.out_of_memory(self.opts, 0.0)
            return "memory", oom.message or ""
        why = f"the worker died (exit code {w.proc.exitcode})"
        if self.opts.memory_mb:
            why += f"; it may have passed the memory limit ({self.opts.memory_mb} MB a worker, --memory)"
        return "crashed", why

    def _lost(self, i: int, kind: str, message: str, seconds: float) -> list[Finished]:
        """A worker died or was stopped: its document failed; a new worker takes its place."""
        w = self.workers[i]
        lost = [(w.job, job.failed(kind, message, seconds))] if w.job is not None else []
        self._replace(i)
        return lost

    def _replace(self, i: int) -> None:
        self._stop(self.workers[i])
        self.workers[i] = self._start()

    @staticmethod
    def _stop(w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)
        w.conn.close()

    def close(self, wait: bool = True) -> None:
        """Ask idle workers to finish, then stop them all (`wait` False: busy ones are killed without waiting)."""
        for w in self.workers:
            if w.job is None and w.proc.is_alive():
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        deadline = time.monotonic() + (5 if wait else 0.5)
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            self._stop(w)
