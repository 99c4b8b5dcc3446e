"""Killed and failing writes (issue 14, items 4 and 5; hazards 23): no orphan process, no
temporary file left behind (or, after a SIGKILL, one that the next run recognises and removes), no
traceback, a French message, and no false message when two imports race."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CAMPAIGN, TODAY, RepoBuilder, motion_data
from petition.cli.base import INTERRUPTED
from petition.core import pool
from petition.core.referential import referential
from petition.core.repository import load_repository
from petition.core.tempfiles import is_stale, temp_name
from petition.exchange import importer, writer
from petition.exchange.csvformats import TEMPLATE_COLUMNS
from petition.exchange.rows import as_file

FOLDER = f"motions/{CAMPAIGN}"
HEADER = ",".join(TEMPLATE_COLUMNS)
ISSUES = Path(__file__).parent / "data" / "issues"
POSIX = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find the workers")
# `petition` with a low parallel threshold, so that a few hundred rows go to worker processes.
LAUNCHER = ("import sys, petition.exchange.importer as i; i.PARALLEL_THRESHOLD = 20; "
            "i.BATCH_SIZE = 10; from petition.__main__ import main; sys.argv[0] = 'petition'; "
            "main()")


def communes_csv(path: Path, count: int) -> Path:
    """A template CSV of `count` valid rows, one commune each (from the referential)."""
    ref = referential()
    rows = [HEADER]
    for code in ref.commune_codes():
        body = ref.body("commune", code)
        if body is not None and body.code == code and "," not in body.nom:
            rows.append(f"commune,{code},{body.nom},2023-10-05,motion,Motion pour la CAN,,,,,,,"
                        "adoptee,")
        if len(rows) > count:
            break
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def temp_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / FOLDER).iterdir() if p.name.endswith(".tmp"))


def children(pid: int) -> set[int]:
    """Living processes whose parent is `pid` (zombies excluded)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def start_import(repo: RepoBuilder, csv: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PETITION_TODAY": TODAY.isoformat()}
    # Ctrl-C as a terminal sends it: a new session, SIGINT not ignored (a test runner may ignore it).
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, "--repo", str(repo.root), "import", str(csv),
         "--campaign", CAMPAIGN],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for_workers(process: subprocess.Popen[str], root: Path) -> set[int]:
    """The workers of a running import, once it has written its first files."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = children(process.pid)
        if len(workers) >= 2 and len(list((root / FOLDER).iterdir())) > 12:
            return workers
        time.sleep(0.02)
    raise AssertionError("the import never started its workers")


def gone(pids: set[int], within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


# --- kill -9, Ctrl-C, SIGTERM (item 4) --------------------------------------------------------
@POSIX
def test_kill_9_of_the_import_leaves_no_worker_and_nothing_written_after(
        repo: RepoBuilder, tmp_path: Path) -> None:
    process = start_import(repo, communes_csv(tmp_path / "c.csv", 1200))
    workers = wait_for_workers(process, repo.root)
    process.kill()
    process.communicate(timeout=30)
    assert gone(workers)
    written = sorted((repo.root / FOLDER).iterdir())
    time.sleep(0.5)
    assert sorted((repo.root / FOLDER).iterdir()) == written  # only the parent ever wrote
    result = repo.run("validate")  # a temporary file left by the kill is not a contributor's
    assert result.exit_code == 0
    assert temp_files(repo.root) == []


@POSIX
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupted_import_says_so_in_french_and_leaves_nothing(repo: RepoBuilder,
                                                                 tmp_path: Path, how: str) -> None:
    process = start_import(repo, communes_csv(tmp_path / "c.csv", 1200))
    workers = wait_for_workers(process, repo.root)
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # the terminal signals the whole group
    else:
        process.terminate()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.strip().splitlines()[-1] == INTERRUPTED
    assert "Traceback" not in stderr
    assert gone(workers)
    assert temp_files(repo.root) == []
    assert repo.run("validate").exit_code == 0


@POSIX
def test_a_killed_worker_gives_a_french_message(repo: RepoBuilder, tmp_path: Path) -> None:
    process = start_import(repo, communes_csv(tmp_path / "c.csv", 1200))
    workers = wait_for_workers(process, repo.root)
    os.kill(min(workers), signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr == f"Erreur : {pool.WorkerDied()}\n"
    assert gone(workers)
    assert temp_files(repo.root) == []


def test_ctrl_c_at_a_question_of_new(repo: RepoBuilder) -> None:
    env = {**os.environ, "PETITION_TODAY": TODAY.isoformat()}
    process = subprocess.Popen(
        [sys.executable, "-m", "petition", "--repo", str(repo.root), "new"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert process.stdout is not None
    process.stdout.readline()  # the first campaign listed: it is waiting for an answer
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr.strip()) == (1, INTERRUPTED)


def test_pool_results_come_in_order_and_workers_stop() -> None:
    results = list(pool.ordered_map(pow, [(n, 2) for n in range(50)], 3))
    assert results == [n * n for n in range(50)]


# --- temporary files after a SIGKILL (item 4) -------------------------------------------------
def dead_pid() -> int:
    """The pid of a process that has exited."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_temporary_file_of_a_killed_run_is_ignored_then_removed(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    stale = repo.root / FOLDER / f".petition-{dead_pid()}-0123abcd.tmp"
    stale.write_bytes(b"")  # what a kill -9 between open and write leaves
    running = repo.root / FOLDER / temp_name()  # this very process: a write under way
    running.write_bytes(b"x")
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("3 fichier(s) vérifié(s) : 0 erreur(s)")
    assert not stale.exists()
    assert running.exists()  # never taken from a process still writing it
    assert not is_stale(str(running), running.name)


def test_other_hidden_files_are_still_reported(repo: RepoBuilder) -> None:
    repo.write(f"{FOLDER}/.petition-12-notours.tmp", b"")
    result = repo.run("validate")
    assert result.exit_code == 1
    assert ".petition-12-notours.tmp" in result.stdout


# --- read-only folder, full disk, names too long (item 4) -------------------------------------
def failing_open(code: int) -> object:
    real = os.open

    def fake(path: object, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if str(path).endswith(".tmp"):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, mode, **kwargs)  # type: ignore[arg-type]
    return fake


def failing_write(code: int) -> object:
    real = os.fdopen

    class Full:
        def __init__(self, fd: int) -> None:
            self.handle = real(fd, "wb")

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            raise OSError(code, os.strerror(code))

    return lambda fd, *args, **kwargs: Full(fd)


NEW = ("new", "--campaign", CAMPAIGN, "--type", "commune", "--code", "62510", "--date",
       "2023-10-05", "--nature", "motion", "--objet", "Motion bibliothèques", "--resultat", "adoptee",
       "--no-input")
NEW_FILE = f"{FOLDER}/commune-62510-lievin-2023-10-05.yml"


@pytest.mark.parametrize("patch, code, reason", [
    ("open", errno.EROFS, "le dossier est en lecture seule"),
    ("open", errno.EACCES, "droits insuffisants (vérifiez qui peut lire et écrire ce fichier et "
                           "son dossier)"),
    ("write", errno.ENOSPC, "le disque est plein (libérez de la place)"),
])
def test_new_on_a_read_only_folder_or_a_full_disk(repo: RepoBuilder, monkeypatch: pytest.MonkeyPatch,
                                                  patch: str, code: int, reason: str) -> None:
    if patch == "open":
        monkeypatch.setattr(writer.os, "open", failing_open(code))
    else:
        monkeypatch.setattr(writer.os, "fdopen", failing_write(code))
    result = repo.run(*NEW)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (f"Erreur : impossible d'écrire {NEW_FILE} : {reason} ; "
                                             "rien n'a été écrit")
    assert sorted(p.name for p in (repo.root / FOLDER).iterdir()) == ["campagne.yml"]


def test_from_issue_write_on_a_full_disk(sample_repo: RepoBuilder,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer.os, "fdopen", failing_write(errno.ENOSPC))
    result = sample_repo.run("from-issue", str(ISSUES / "valide.json"), "--write")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"Erreur : impossible d'écrire motions/{CAMPAIGN}/commune-62510-lievin-"
                             "2023-10-12.yml : le disque est plein (libérez de la place) ; rien n'a "
                             "été écrit\n")
    assert temp_files(sample_repo.root) == []


def test_import_row_on_a_read_only_folder(repo: RepoBuilder, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer.os, "open", failing_open(errno.EROFS))
    csv = communes_csv(tmp_path / "c.csv", 1)
    result = repo.run("import", str(csv), "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    code = csv.read_text("utf-8").splitlines()[1].split(",")[1]
    assert result.stdout.startswith(f"{csv}:2: impossible d'écrire {FOLDER}/commune-{code}-")
    assert result.stdout.endswith(" : le dossier est en lecture seule ; rien n'a été écrit\n")


def issue_event(tmp_path: Path, **fields: str) -> Path:
    event = json.loads((ISSUES / "valide.json").read_text("utf-8"))
    body = event["issue"]["body"].replace("\r\n", "\n")
    for label, value in fields.items():
        heading = f"### {label}\n\n"
        start = body.index(heading) + len(heading)
        end = body.index("\n", start)
        body = body[:start] + value + body[end:]
    event["issue"]["body"] = body
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), "utf-8")
    return path


@pytest.mark.parametrize("label, value, expected", [
    ("Nom de la collectivité", "L" * 300,
     "Nom de la collectivité : texte de 300 caractères, au plus 200 attendus"),
    ("Date de la séance", "2" * 300,
     "Date de la séance : « " + "2" * 57 + "… » n'est pas une date lisible ; formes acceptées : "
     "AAAA-MM-JJ (2024-02-05), JJ/MM/AAAA (05/02/2024) ou en toutes lettres (5 février 2024, 1er "
     "mars 2024)"),
])
def test_300_characters_in_an_issue_never_reach_the_file_system(
        sample_repo: RepoBuilder, tmp_path: Path, label: str, value: str, expected: str) -> None:
    result = sample_repo.run("from-issue", str(issue_event(tmp_path, **{label: value})), "--write")
    assert result.exit_code == 1
    assert expected in [line.split(": ", 1)[1] for line in result.stderr.splitlines()]
    assert "Traceback" not in result.output and "too long" not in result.output


# --- two imports at once (item 5) -------------------------------------------------------------
def test_a_file_written_meanwhile_is_read_back_not_called_unreadable(repo: RepoBuilder,
                                                                     tmp_path: Path) -> None:
    csv = communes_csv(tmp_path / "c.csv", 3).read_bytes()
    before = load_repository(repo.root, today=TODAY)  # read before the other import writes
    other = importer.import_csv(load_repository(repo.root, today=TODAY), csv, "c.csv",
                                CAMPAIGN, today=TODAY)
    assert (other.errors, len(other.written)) == (0, 3)
    report = importer.import_csv(before, csv, "c.csv", CAMPAIGN, today=TODAY)
    # What a second run says: already there, identical; nothing refused.
    assert (report.written, report.already, report.problems) == ([], [2, 3, 4], [])


def test_a_different_or_broken_file_written_meanwhile(repo: RepoBuilder, tmp_path: Path) -> None:
    csv = communes_csv(tmp_path / "c.csv", 2)
    rows = csv.read_text("utf-8").splitlines()
    before = load_repository(repo.root, today=TODAY)
    first = importer.import_csv(load_repository(repo.root, today=TODAY),
                                "\n".join(rows).replace("Motion pour la CAN", "Autre objet").encode(),
                                "c.csv", CAMPAIGN, today=TODAY)
    assert len(first.written) == 2
    broken = repo.root / first.written[1]
    broken.write_bytes(b"objet: [\n")
    report = importer.import_csv(before, csv.read_bytes(), "c.csv", CAMPAIGN, today=TODAY)
    messages = [p.message for p in report.problems]
    assert messages[0].startswith(f"doublon : {first.written[0]} existe déjà pour cette "
                                  "collectivité, cette date de séance et cette campagne, avec "
                                  "d'autres valeurs (objet : « Autre objet » dans le fichier, "
                                  "« Motion pour la CAN » ici)")
    assert messages[1] == (f"le fichier {first.written[1]} existe déjà (illisible ou invalide) : "
                           "corrigez-le (petition validate), ou retirez la ligne")


def test_the_same_text_is_what_the_other_import_wrote(repo: RepoBuilder) -> None:
    """The comparison above holds because a row's text never depends on the process."""
    data = motion_data()
    rel = f"{FOLDER}/commune-62498-lens-2023-09-27.yml"
    campaigns = load_repository(repo.root, today=TODAY).campaigns
    assert as_file(rel, data, campaigns, TODAY)[0] == as_file(rel, dict(data), campaigns, TODAY)[0]
