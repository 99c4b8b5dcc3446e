"""One Chromium for a whole run of the suite, shared by every worker (pytest-xdist).

The first worker that needs a browser starts Playwright's browser server (`playwright
launch-server`: the same launch as `chromium.launch`, the same switches) and writes its address in
a folder the run's controller made; every worker then connects to it (`chromium.connect`) and opens
its own contexts. The controller stops the server when the run ends. The browser modules can so be
spread over the workers (each its own unit of work) with a single browser launch.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ENV = "PETITION_BROWSER_DIR"
_FOLDER = pytest.StashKey[str]()
_STARTED: list[subprocess.Popen[bytes]] = []  # servers this process started (it reaps them)


def prepare(config: pytest.Config) -> None:
    """In the run's controller (or the only process): the folder the workers share."""
    if hasattr(config, "workerinput") or ENV in os.environ:
        return
    folder = tempfile.mkdtemp(prefix="petition-navigateur-")
    os.environ[ENV] = folder
    config.stash[_FOLDER] = folder


def stop(config: pytest.Config) -> None:
    """In the controller, once every worker is done: the server stopped, its folder removed."""
    folder = config.stash.get(_FOLDER, None)
    if folder is None:
        return
    pid_file = Path(folder) / "pid"
    if pid_file.exists():
        pid = int(pid_file.read_text())
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)  # Playwright closes the browser on SIGTERM
        _wait_gone(pid)
    shutil.rmtree(folder, ignore_errors=True)
    os.environ.pop(ENV, None)


def _wait_gone(pid: int, timeout: float = 15.0) -> None:
    for server in _STARTED:
        if server.pid == pid:
            server.wait(timeout)
            return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def address(executable: Path, args: list[str], timeout: float = 60.0) -> str:
    """The browser server's address, starting it if no worker has yet."""
    folder = Path(os.environ[ENV])  # made by prepare() in the run's controller
    with (folder / "verrou").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        known = folder / "adresse"
        if known.exists():
            return known.read_text("utf-8")
        config = folder / "lancement.json"
        config.write_text(json.dumps({"executablePath": str(executable), "args": args}), "utf-8")
        log = folder / "serveur.log"
        with log.open("wb") as output:
            server = subprocess.Popen(
                [sys.executable, "-m", "playwright", "launch-server", "--browser", "chromium",
                 "--config", str(config)], stdin=subprocess.DEVNULL, stdout=output,
                stderr=subprocess.STDOUT, start_new_session=True)
        _STARTED.append(server)
        (folder / "pid").write_text(str(server.pid), "utf-8")
        deadline = time.monotonic() + timeout
        while True:
            first = log.read_text("utf-8", "replace").split("\n", 1)
            if len(first) == 2 and first[0].startswith("ws://"):
                known.write_text(first[0], "utf-8")
                return first[0]
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("le serveur de Chromium n'a pas démarré : "
                                   + log.read_text("utf-8", "replace")[-2000:])
            time.sleep(0.05)
