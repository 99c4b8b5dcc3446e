"""The temporary files of atomic writes, recognisable by their name.

A file is written to a temporary file in its own folder (same file system, so the final link or
rename is atomic), then linked or renamed into place. Every failure the process sees (full disk,
read-only folder, Ctrl-C, SIGTERM) removes the temporary file at once. A SIGKILL or a power cut
runs no cleanup, so the name says what the file is: `.petition-<pid>-<8 hex>.tmp`. Such a file is
never reported as a contributor's file by `petition validate` (it is hidden and never published),
`.gitignore` keeps it out of commits, and any later run that writes in, or reads, that folder
removes it once the process that made it is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

_NAME = re.compile(r"\.petition-([0-9]{1,10})-[0-9a-f]{8}\.tmp")
# The lock of a file being rewritten (`petition.core.locks`): removed by whoever releases it.
_LOCK = re.compile(r"\.petition-[a-z0-9][a-z0-9._-]*\.lock")
# Where no process can be asked whether it still runs (Windows), a day-old one is abandoned.
_ABANDONED_AFTER = 24 * 3600


def temp_name() -> str:
    """A new temporary name for this process: `.petition-<pid>-<8 hex>.tmp`."""
    return f".petition-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def is_temp(name: str) -> bool:
    """Whether `name` is one of the writer's temporary files (whoever made it)."""
    return _NAME.fullmatch(name) is not None


def lock_name(name: str) -> str:
    """The lock file of the file `name`, beside it: `.petition-<name>.lock`."""
    return f".petition-{name}.lock"


def is_lock(name: str) -> bool:
    """Whether `name` is the lock file of a file being rewritten (never a contributor's file)."""
    return _LOCK.fullmatch(name) is not None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process: leave its file alone
    return True


def is_stale(path: str, name: str) -> bool:
    """Whether the temporary file `name` at `path` was abandoned by a process that died."""
    match = _NAME.fullmatch(name)
    if match is None:
        return False
    if os.name == "posix":
        pid = int(match.group(1))
        return pid != os.getpid() and not _running(pid)
    try:
        return time.time() - Path(path).stat().st_mtime > _ABANDONED_AFTER
    except OSError:
        return False


def remove_if_stale(path: str, name: str) -> None:
    """Remove an abandoned temporary file; a folder that refuses (read-only) keeps it."""
    if is_stale(path, name):
        with contextlib.suppress(OSError):
            Path(path).unlink()


_CLEANED: set[str] = set()


def clean_folder(folder: Path) -> None:
    """Remove the abandoned temporary files of `folder` (once per process and folder)."""
    key = str(folder)
    if key in _CLEANED:
        return
    _CLEANED.add(key)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".petition-"):
            remove_if_stale(entry.path, entry.name)
