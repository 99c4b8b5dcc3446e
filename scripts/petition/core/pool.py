"""Worker processes that never outlive their parent, never hang, and never print a traceback.

`validate` and `import` check large repositories on every core. Workers only compute: every file
is written by the parent, so killing the parent (even with SIGKILL, which runs no cleanup) stops
every write at once, and each worker exits as soon as its parent is gone. Workers ignore Ctrl-C
(the terminal sends it to the whole group): the parent stops them and says so once, in French. A
worker killed by the system (out of memory, kill -9) is seen at once through its process sentinel
and becomes a `WorkerDied` error with a French message.

Each worker has its own pipe and one job at a time. `concurrent.futures.ProcessPoolExecutor` was
used before: a worker killed while results were on their way left its shared queues deadlocked, the
parent waiting forever.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

R = TypeVar("R")
_WATCH_INTERVAL = 0.2  # seconds between two looks at the parent
_STOP_GRACE = 2.0  # seconds a worker gets to exit after SIGTERM before SIGKILL


class WorkerDied(Exception):
    """A worker process stopped before finishing its part (killed, or out of memory)."""

    def __init__(self) -> None:
        super().__init__("un processus de vérification s'est arrêté avant la fin (arrêt forcé ou "
                         "mémoire insuffisante) : relancez la commande ; ce qui est déjà écrit est "
                         "complet et n'est pas réécrit")


class WorkerFailed(Exception):
    """A worker raised an exception (a bug, not bad data): its traceback, for the maintainers."""


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(_WATCH_INTERVAL)
        if os.getppid() != parent:  # reparented: the parent is gone, nobody wants the result
            os._exit(1)


def _serve(conn: Connection, function: Callable[..., Any], parent: int) -> None:
    """A worker: run `function` on each job received, send back the result, until told to stop,
    until the pipe closes, or until the parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's stop: die quietly, not a traceback
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = (True, function(*job))
        except Exception:
            reply = (False, traceback.format_exc())
        conn.send(reply)


def ordered_map(function: Callable[..., R], jobs: Iterable[tuple[Any, ...]],
                workers: int) -> Iterator[R]:
    """`function(*job)` for each job, computed by `workers` processes, yielded in the order of
    `jobs` (read lazily: each job is taken when a worker is free). However the loop ends (done,
    an exception, Ctrl-C, a generator closed early), every worker is stopped before it returns."""
    context = multiprocessing.get_context()
    processes: list[BaseProcess] = []
    pipes: list[Connection] = []
    try:
        for _ in range(workers):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, function, os.getpid()),
                                      daemon=True)
            process.start()
            theirs.close()
            processes.append(process)
            pipes.append(mine)
        yield from _dispatch(jobs, processes, pipes)
    except BaseException:
        _stop(processes, pipes, graceful=False)  # they only compute: nothing to finish
        raise
    _stop(processes, pipes, graceful=True)


def _dispatch(jobs: Iterable[tuple[Any, ...]], processes: list[BaseProcess],
              pipes: list[Connection]) -> Iterator[Any]:
    """One job at a time per worker (a job is sent only to a worker waiting for one, so no pipe
    can fill up both ways); the next job is prepared while the workers compute."""
    source = iter(jobs)
    busy: dict[int, int] = {}  # worker → index of its job
    done: dict[int, Any] = {}
    sent = wanted = 0
    following = next(source, None)
    while True:
        for worker in range(len(processes)):
            if following is None:
                break
            if worker in busy:
                continue
            try:
                pipes[worker].send(following)
            except OSError:  # the worker died while idle
                raise WorkerDied() from None
            busy[worker] = sent
            sent += 1
            following = next(source, None)
        if not busy:
            break
        handles: dict[Any, tuple[bool, int]] = {}
        for worker in busy:
            handles[pipes[worker]] = (False, worker)
            handles[processes[worker].sentinel] = (True, worker)
        # Results first: a worker that answered and then died is still a worker that died.
        for died, worker in sorted(handles[h] for h in wait(list(handles))):
            if died:
                raise WorkerDied()
            try:
                ok, value = pipes[worker].recv()
            except (EOFError, OSError):
                raise WorkerDied() from None
            if not ok:
                raise WorkerFailed(value)
            done[busy.pop(worker)] = value
        while wanted in done:
            yield done.pop(wanted)
            wanted += 1


def _stop(processes: list[BaseProcess], pipes: list[Connection], *, graceful: bool) -> None:
    """Stop every worker: asked to (all idle, `graceful`) or at once with SIGTERM; SIGKILL for one
    that lingers."""
    for pipe in pipes:
        if graceful:
            with contextlib.suppress(OSError, ValueError):
                pipe.send(None)
        pipe.close()
    deadline = time.monotonic() + (_STOP_GRACE if graceful else 0.0)
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.terminate()
            process.join(_STOP_GRACE)
        if process.is_alive():
            process.kill()
            process.join()
