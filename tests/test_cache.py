"""The validation cache cannot lie: it knows what is installed, is off in CI, and fails closed."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, RepoBuilder, motion_data
from petition.core import repository

TODAY = dt.date(2026, 11, 22)


def cache_files(repo: RepoBuilder) -> list[Path]:
    return sorted(repository.cache_file(repo.root).parent.iterdir())


def test_fingerprint_changes_with_an_installed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = repository.fingerprint(TODAY)
    installed = repository.installed_distributions()
    assert any(name.startswith("jsonschema-") for name in installed)
    monkeypatch.setattr(repository, "installed_distributions",
                        lambda: [*installed, "rfc3987-1.3.8.dist-info"])
    assert repository.fingerprint(TODAY) != before


def test_an_installed_package_invalidates_a_cached_result(repo: RepoBuilder,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo.add(motion_data())
    assert repo.run("validate").exit_code == 0
    # Plant a « valid » verdict for a file that is not valid, under the old stamp: the stamp of a
    # changed environment must not find it.
    path.write_text(path.read_text().replace("nature: motion", "nature: motoin"))
    entries = repository._read_cache(repository.cache_file(repo.root), repository.fingerprint(TODAY))
    assert entries
    installed = repository.installed_distributions()
    monkeypatch.setattr(repository, "installed_distributions",
                        lambda: [*installed, "rfc3987-1.3.8.dist-info"])
    assert repo.run("validate").exit_code == 1


def test_cache_is_off_when_ci_is_set(repo: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.add(motion_data())
    monkeypatch.setenv("CI", "true")
    assert repo.run("validate").exit_code == 0
    assert not repository.cache_file(repo.root).exists()


def test_planted_cache_is_not_read_in_ci(repo: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo.add(motion_data())
    assert repo.run("validate").exit_code == 0  # a genuine cache entry, « valid »
    path.write_text(path.read_text().replace("nature: motion", "nature: motoin"))
    # Same bytes' key planted back: only CI's refusal to read the cache stops it.
    entries = repository._read_cache(repository.cache_file(repo.root), repository.fingerprint(TODAY))
    key = hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    rel = str(path.relative_to(repo.root))
    entries[rel] = (key, *entries[rel][1:])
    repository._write_cache(repository.cache_file(repo.root), repository.fingerprint(TODAY), entries)
    assert repo.run("validate").exit_code == 0  # the planted lie works outside CI…
    monkeypatch.setenv("CI", "1")
    assert repo.run("validate").exit_code == 1  # …and never in CI


@pytest.mark.parametrize("content", [
    b"",
    b"\x00" * 10,
    b"petition-cache\n",
    b"not a cache at all, but a foreign file with some length to it" * 4,
    b"\xe3\x00\x00\x00\x00garbage marshal",
])
def test_malformed_or_foreign_cache_is_ignored(repo: RepoBuilder, content: bytes) -> None:
    repo.add(motion_data())
    target = repository.cache_file(repo.root)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    result = repo.run("validate")
    assert result.exit_code == 0
    assert "Traceback" not in result.output


def test_truncated_cache_is_ignored(repo: RepoBuilder) -> None:
    path = repo.add(motion_data())
    assert repo.run("validate").exit_code == 0
    target = repository.cache_file(repo.root)
    full = target.read_bytes()
    path.write_text(path.read_text().replace("nature: motion", "nature: motoin"))
    for size in (len(full) // 2, len(full) - 1, 100):
        target.write_bytes(full[:size])
        result = repo.run("validate")
        assert result.exit_code == 1
        assert "motoin" in result.stdout


def test_same_length_corruption_is_ignored(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    assert repo.run("validate").exit_code == 0
    target = repository.cache_file(repo.root)
    raw = bytearray(target.read_bytes())
    raw[-5] ^= 0xFF
    target.write_bytes(bytes(raw))
    stamp = repository.fingerprint(TODAY)
    assert repository._read_cache(target, stamp) == {}
    assert repo.run("validate").exit_code == 0


def test_full_disk_leaves_no_temporary_file(repo: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.add(motion_data())
    real = tempfile.NamedTemporaryFile

    class FullDisk:
        def __init__(self, **kwargs: Any) -> None:
            self.handle = real(**kwargs)
            self.name = self.handle.name

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(repository.tempfile, "NamedTemporaryFile", FullDisk)
    result = repo.run("validate")
    assert result.exit_code == 0
    assert cache_files(repo) == []


# --- the fingerprint knows every rule (issue 25; hazards 32) ----------------------------------
ROOT = Path(__file__).resolve().parent.parent


def test_every_module_validation_runs_is_in_the_fingerprint() -> None:
    """Derived, not listed: what a fresh process imports to load and check a repository's files is
    what the fingerprint hashes (the review found core/campaignfile.py and core/offices.py left
    out of a hand-written list)."""
    code = ("import sys, datetime; from pathlib import Path; "
            "from petition.core import repository; "
            "repository.load_repository(Path(sys.argv[1]), today=datetime.date(2026, 11, 22), "
            "use_cache=False); "
            "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('petition.'))))")
    imported = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True,
                              text=True, check=True).stdout.split()
    deciding = set(repository.deciding_modules())
    assert {"petition.core.campaignfile", "petition.core.offices"} <= deciding
    assert [m for m in imported if m.startswith("petition.core.") and m not in deciding] == []


def test_a_changed_rule_misses_the_cache(repo: RepoBuilder, tmp_path: Path) -> None:
    """A copy of the program where core/campaignfile.py gains a rule: a repository validated (and
    cached) by the copy before the change is checked again, and the new rule applies."""
    package = tmp_path / "programme"
    shutil.copytree(ROOT / "scripts" / "petition", package / "petition",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schema", package / "petition" / "schema",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(package)}

    def validate() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "petition", "--repo", str(repo.root),
                               "validate"], capture_output=True, text=True, env=env)

    repo.add(motion_data())
    first = validate()
    assert first.returncode == 0, first.stderr
    assert cache_files(repo)  # the verdicts are cached
    rules = package / "petition" / "core" / "campaignfile.py"
    anchor = "def check_recipients(c: Campaign) -> Iterator[Problem]:\n"
    assert anchor in rules.read_text("utf-8")
    rules.write_text(rules.read_text("utf-8").replace(
        anchor, anchor + "    yield Problem(c.path, 1, \"nouvelle règle de campagne\")\n"), "utf-8")
    second = validate()
    assert second.returncode == 1
    assert sorted({line.split(":")[0] for line in second.stdout.splitlines()
                   if line.endswith("nouvelle règle de campagne")}) == \
        sorted(f"motions/{c}/campagne.yml" for c in (CAMPAIGN, CAMPAIGN_2022))


# --- a file's status stands for its bytes once settled (as git's index) -----------------------
def never_read(*args: Any) -> bytes:
    raise AssertionError("a settled, unchanged file was read again")


def test_settled_unchanged_files_are_not_read_again(repo: RepoBuilder,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "_SETTLED_NS", -10**9)  # every file counts as settled
    repo.add(motion_data())
    repo.add(motion_data(nature="motoin", collectivite={"type": "commune", "code": "62510",
                                                        "nom": "Liévin"}))
    first = repo.run("validate")
    assert first.exit_code == 1 and "motoin" in first.stdout
    monkeypatch.setattr(repository, "read_file", never_read)
    second = repo.run("validate")
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)


def test_a_file_rewritten_while_fresh_is_read_again(repo: RepoBuilder) -> None:
    """Same size, same modification time, same inode, and possibly the same change time (one
    clock tick): only its age tells, so a fresh file's status is never trusted."""
    path = repo.add(motion_data())
    assert repo.run("validate").exit_code == 0
    before = path.stat()
    with path.open("r+b") as handle:  # rewritten in place: the inode stays
        content = handle.read()
        handle.seek(0)
        handle.write(content.replace(b"nature: motion", b"nature: motoin"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == \
        (before.st_size, before.st_mtime_ns, before.st_ino)
    result = repo.run("validate")
    assert result.exit_code == 1 and "motoin" in result.stdout


def test_a_settled_file_replaced_with_its_size_and_times_is_read_again(
        repo: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "_SETTLED_NS", -10**9)
    path = repo.add(motion_data())
    assert repo.run("validate").exit_code == 0
    before = path.stat()
    twin = path.with_name(".twin")  # an editor's atomic save: a new file renamed over the old
    twin.write_bytes(path.read_bytes().replace(b"nature: motion", b"nature: motoin"))
    os.utime(twin, ns=(before.st_atime_ns, before.st_mtime_ns))
    twin.replace(path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = repo.run("validate")
    assert result.exit_code == 1 and "motoin" in result.stdout


def test_a_fresh_file_has_no_status_to_trust(repo: RepoBuilder,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo.add(motion_data())
    rel = path.relative_to(repo.root).as_posix()
    os.utime(path, ns=(0, 0))  # an old modification time, but changed just now (ctime)
    assert repository._statuses(str(repo.root), [rel, "motions/absent.yml"]) == \
        {rel: None, "motions/absent.yml": None}
    monkeypatch.setattr(repository, "_SETTLED_NS", -10**9)
    info = path.stat()
    assert repository._statuses(str(repo.root), [rel]) == \
        {rel: repository._STATUS.pack(info.st_size, 0, info.st_ctime_ns, info.st_ino, info.st_dev)}


# --- projet.yml's verdict is cached with the files' ---------------------------------------------
def never_checked(raw: bytes) -> Any:
    raise AssertionError("projet.yml checked again with the same bytes")


def test_projet_yml_verdict_is_remembered_for_the_same_bytes(repo: RepoBuilder,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    repo.add(motion_data())
    project = repo.root / "projet.yml"
    project.write_text(project.read_text("utf-8") + "inconnu: 1\n", "utf-8")
    first = repo.run("validate")
    assert first.exit_code == 1 and "projet.yml:" in first.stdout
    # Only inside this block (undo() would also undo the test's isolation: CI's setting back).
    with monkeypatch.context() as patch:
        patch.setattr(repository, "checked_project", never_checked)
        second = repo.run("validate")
        assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
        loaded = repository.load_repository(repo.root, today=TODAY)
        assert loaded.project is None
    project.write_text(project.read_text("utf-8").replace("inconnu: 1\n", ""), "utf-8")
    third = repo.run("validate")
    assert third.exit_code == 0 and "projet.yml:" not in third.stdout
    monkeypatch.setattr(repository, "checked_project", never_checked)
    assert repository.load_repository(repo.root, today=TODAY).project == \
        repository.load_project(repo.root)[0]
