"""When each motion was published: the moment its file entered the repository's main line.

One `git log` over `motions/` gives every file's first commit on the first-parent line (a pull
request's merge, a squash or a direct commit), at its committer date: a motion reported late is new
on the day it was merged, whatever the date of its session. Deterministic for a given history.

Without git history (a folder that is not a clone, or git missing), or for a file not committed yet,
the date is the motion's session date (the only date it carries), and `Publications.source` says so.
A shallow clone (GitHub's default checkout) would date every motion at its single commit: the
publishing workflow fetches the whole history, and the build says when it could not.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from petition.core.model import Motion
from petition.core.repository import MOTIONS_DIR

log = logging.getLogger("mkdocs.plugins.petition")
GIT_TIMEOUT = 120


@dataclass(frozen=True)
class Publications:
    dates: dict[str, str] = field(default_factory=dict)  # repository path → ISO 8601 timestamp
    source: str = "seance"  # "git" when the history was read

    def of(self, motion: Motion) -> str:
        """The publication timestamp of a motion (RFC 3339, as Atom wants)."""
        return self.dates.get(motion.path) or f"{motion.date}T00:00:00Z"


def read(root: Path) -> Publications:
    """The first-parent commit date of every file added under motions/, from one git command."""
    try:
        inside = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree",
                                 "--is-shallow-repository", "--show-prefix"],
                                capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return Publications()
    lines = inside.stdout.split("\n")
    if inside.returncode != 0 or lines[0] != "true":
        return Publications()
    if lines[1] == "true":
        log.warning("petition : dépôt git superficiel (shallow) : les dates de publication du flux "
                    "sont celles du seul commit présent ; récupérez tout l'historique "
                    "(fetch-depth: 0)")
    prefix = lines[2] if len(lines) > 2 else ""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", "log", "--first-parent",
             "--no-renames", "--diff-filter=A", "--format=%x00%cI", "--name-only", "--",
             MOTIONS_DIR],
            capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return Publications()
    if result.returncode != 0:
        return Publications()
    return Publications(parse_log(result.stdout, prefix), "git")


def utc(stamp: str) -> str:
    """An ISO 8601 timestamp in UTC, `2026-11-20T13:03:00Z`: the same form for every motion, so
    that timestamps sort as text."""
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_log(output: str, prefix: str = "") -> dict[str, str]:
    """{path relative to the repository root: date} from `git log --format=%x00%cI --name-only`
    (newest commit first: a path added, deleted and added again keeps its latest addition)."""
    dates: dict[str, str] = {}
    for block in output.split("\0"):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        date, paths = utc(lines[0]), lines[1:]
        for path in paths:
            relative = path[len(prefix):] if prefix and path.startswith(prefix) else path
            dates.setdefault(relative, date)
    return dates
