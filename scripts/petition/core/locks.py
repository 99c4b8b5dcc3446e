"""One writer at a time for a file that is read, changed and rewritten (a campaign's cibles.yml).

Atomic writes keep a reader from ever seeing half a file, but two processes that each read the
file, add their rows and write it back would lose one's rows, and one could read the file between
the other's checks. `locked` serialises them: the lock is a hidden file beside the target,
`.petition-<name>.lock`, held with the system's advisory lock (released by the system if the
process dies, even by kill -9) and removed by the process that releases it. A lock file left by a
killed process is taken over by the next run, which removes it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from petition.core.destinations import Destination, WriteError, failing
from petition.core.tempfiles import lock_name

WAIT_SECONDS = 120.0
_POLL = 0.05

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


def _same_file(fd: int, path: Path) -> bool:
    """Whether the locked file is still the one at `path` (its last holder may have removed it
    between our open and our lock: then a newcomer could lock a new file at the same time)."""
    try:
        return os.path.samestat(os.fstat(fd), path.stat())
    except OSError:
        return False


@contextmanager
def locked(target: Destination, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock of `target` for the block; another process waits up to `wait` seconds, then
    gets a WriteError saying who holds it."""
    target.make_folders()
    path = target.path.parent / lock_name(target.path.name)
    deadline = time.monotonic() + wait
    while True:
        with failing(target.shown):
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
        if _try_lock(fd) and _same_file(fd, path):
            break
        os.close(fd)
        if time.monotonic() > deadline:
            raise WriteError(target.shown, f"une autre commande l'écrit depuis plus de {wait:.0f} s "
                             f"(verrou {lock_name(target.path.name)}) ; réessayez quand elle aura "
                             "fini")
        time.sleep(_POLL)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still held: a waiter then sees that it locked a removed file
        os.close(fd)  # closing releases the lock
