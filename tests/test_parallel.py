"""A large repository is validated on every core: the same problems, motions and cache as in one
process, in the same order; one process below the threshold or with one core."""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, RepoBuilder, motion_data
from petition.core import pool, repository

TODAY = dt.date(2026, 11, 22)
BODIES = [("62498", "Lens"), ("62510", "Liévin"), ("62427", "Hénin-Beaumont"), ("59350", "Lille"),
          ("62041", "Arras"), ("59183", "Dunkerque"), ("62193", "Calais"), ("59599", "Tourcoing")]


@pytest.fixture
def broken(repo: RepoBuilder) -> RepoBuilder:
    """Twenty-four motions, one in three with errors of different kinds, in two campaigns, plus a
    file under a wrong extension and one that is not YAML."""
    for index in range(24):
        code, name = BODIES[index % len(BODIES)]
        date = f"2023-{9 + index // 8:02d}-{10 + index % 8:02d}"
        data = motion_data(collectivite={"type": "commune", "code": code, "nom": name},
                           seance={"date": date},
                           campagne=CAMPAIGN if index % 2 else CAMPAIGN_2022)
        if index % 3 == 0:
            data["vote"] = {"resultat": "adoptee", "pour": 50, "contre": 0, "abstentions": 0}
        if index % 6 == 1:
            data["nature"] = "motoin"
        if index % 12 == 5:
            data["collectivite"] = {"type": "commune", "code": "62999", "nom": name}
        repo.add(data)
    repo.write(f"motions/{CAMPAIGN}/commune-62498-lens-2023-12-01.yaml",
               "campagne: x\nvote: &a {pour: 1}\n")
    repo.write(f"motions/{CAMPAIGN}/commune-62510-lievin-2023-12-02.yml", "a: [\n")
    return repo


def load(root: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The repository as `load_repository` gives it, and the cache it writes, as plain values
    (each file's data and lines, and each motion's facts, decoded: marshal's bytes for equal
    values depend on how the process shares them; without the files' statuses, which a file
    gains once settled, a few seconds after it was written)."""
    monkeypatch.setenv("PETITION_CACHE_DIR", str(cache))
    loaded = repository.load_repository(root, today=TODAY)
    cached = repository._read_cache(repository.cache_file(root), repository.fingerprint(TODAY))
    return {"problems": [(p.path, p.line, p.message, p.level, p.field) for p in loaded.problems],
            "motions": [(m.path, m.facts, m.data, m.lines) for m in loaded.motions],
            "campaigns": {k: (c.path, c.data, c.lines) for k, c in loaded.campaigns.items()},
            "cache": {rel: tuple(marshal.loads(part) if index in (1, 3) and isinstance(part, bytes)
                                 else part for index, part in enumerate(entry) if index != 4)
                      for rel, entry in cached.items()}}


@pytest.fixture
def maps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of workers of each parallel run."""
    started: list[int] = []

    def counted(function: Any, jobs: Any, workers: int) -> Iterator[Any]:
        started.append(workers)
        return pool.ordered_map(function, jobs, workers)

    monkeypatch.setattr(repository, "ordered_map", counted)
    return started


def test_parallel_validation_equals_serial(broken: RepoBuilder, tmp_path: Path, maps: list[int],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "_SETTLED_NS", 10**18)  # no file settles: every run reads all
    serial = load(broken.root, tmp_path / "serie", monkeypatch)
    assert maps == []
    monkeypatch.setattr(repository, "PARALLEL_THRESHOLD", 5)
    monkeypatch.setattr(repository, "usable_cores", lambda: 2)
    parallel = load(broken.root, tmp_path / "parallele", monkeypatch)
    assert maps == [2]
    assert parallel == serial
    errors = {path for path, _, _, level, _ in serial["problems"] if level == "erreur"}
    assert len(errors) >= 10  # errors in many files, each chunk with some
    assert len(serial["motions"]) == 24 and len(serial["cache"]) == 28 + 1  # and projet.yml
    # And warm: every file served from the cache written by the workers, the same answer.
    assert load(broken.root, tmp_path / "parallele", monkeypatch) == serial
    assert maps == [2, 2]
    # Once settled, files are read once more (their statuses recorded), then no more: no worker.
    monkeypatch.setattr(repository, "_SETTLED_NS", -10**9)
    assert load(broken.root, tmp_path / "parallele", monkeypatch) == serial
    assert load(broken.root, tmp_path / "parallele", monkeypatch) == serial
    assert maps == [2, 2, 2]


def test_one_process_below_the_threshold_or_with_one_core(broken: RepoBuilder, tmp_path: Path,
                                                          maps: list[int],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "PARALLEL_THRESHOLD", 27)
    monkeypatch.setattr(repository, "usable_cores", lambda: 2)
    load(broken.root, tmp_path / "a", monkeypatch)  # 26 motion files and 2 campaigns: 28
    assert maps == [2]
    monkeypatch.setattr(repository, "PARALLEL_THRESHOLD", 29)
    load(broken.root, tmp_path / "b", monkeypatch)
    monkeypatch.setattr(repository, "PARALLEL_THRESHOLD", 5)
    monkeypatch.setattr(repository, "usable_cores", lambda: 1)
    load(broken.root, tmp_path / "c", monkeypatch)
    assert maps == [2]


def test_a_file_gone_before_it_is_read_is_reported(repo: RepoBuilder,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo.add(motion_data())
    listed = repository.discover(repo.root)
    path.unlink()
    monkeypatch.setattr(repository, "discover", lambda root: listed)
    loaded = repository.load_repository(repo.root, today=TODAY)
    rel = path.relative_to(repo.root).as_posix()
    assert [(p.path, p.line, p.message) for p in loaded.problems] == [
        (rel, 1, "fichier disparu pendant la vérification : relancez la commande")]
    assert loaded.motions == []

