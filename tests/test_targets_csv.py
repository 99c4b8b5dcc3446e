"""`petition targets import` reads what spreadsheets write, refuses what is too big before reading
it whole, resumes without calling a resumed import an error, and serialises two imports into one
campaign (issue 25; hazards 28-31)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import CAMPAIGN, TODAY, RepoBuilder
from petition.campaign import targetsimport
from petition.core.destinations import destination
from petition.core.locks import locked
from petition.core.referential import referential
from petition.core.tempfiles import lock_name

TARGETS = f"motions/{CAMPAIGN}/cibles.yml"


def official(type_: str, code: str) -> str:
    body = referential().body(type_, code)
    assert body is not None
    return body.nom


def communes(count: int, start: int = 0) -> list[tuple[str, str]]:
    """`count` current communes (code, official name) from the referential, in code order."""
    ref = referential()
    found = []
    for code in ref.commune_codes():
        body = ref.body("commune", code)
        if body is not None and body.code == code and not ref.not_sitting(body, TODAY.isoformat()):
            found.append((code, body.nom))
    return found[start:start + count]


def declared(repo: RepoBuilder) -> dict[str, dict[str, str]]:
    data = yaml.safe_load((repo.root / TARGETS).read_text("utf-8"))
    assert data["campagne"] == CAMPAIGN
    return data["cibles"]


def run_import(repo: RepoBuilder, csv: Path, *more: str) -> tuple[int, str, str]:
    result = repo.run("targets", "import", str(csv), "--campaign", CAMPAIGN, *more)
    return result.exit_code, result.stdout, result.stderr


# --- what spreadsheets write (hazards 28) -----------------------------------------------------
def test_the_reviews_trailing_separator(repo: RepoBuilder, tmp_path: Path) -> None:
    csv = tmp_path / "cibles.csv"
    csv.write_bytes(b"type,code\ncommune,62510,\n")  # the review's literal input
    assert run_import(repo, csv) == (0, "", "1 ligne(s) lue(s) : 1 cible(s) ajoutée(s), 0 déjà "
                                            "déclarée(s), 0 ligne(s) refusée(s).\n")
    assert declared(repo) == {"commune": {"62510": official("commune", "62510")}}


@pytest.mark.parametrize("content", [
    "type,code,\r\ncommune,62510,\r\n",  # every line ends with the separator (LibreOffice)
    "type,code,nom,,,\ncommune,62510,Liévin,,,\n",  # empty trailing columns
    "type,code,nom\ncommune,62510\n",  # a short row: the missing cells are empty
    "\ufefftype;code;nom;\ncommune;62510;Liévin;\n",  # Excel: BOM, semicolons
    "type\tcode\ncommune\t62510\t\t\n",  # tabs
    '"type","code"\n"commune","62510",""\n',  # every cell quoted
])
def test_spreadsheet_layouts_are_read(repo: RepoBuilder, tmp_path: Path, content: str) -> None:
    csv = tmp_path / "cibles.csv"
    csv.write_bytes(content.encode("utf-8"))
    code, out, err = run_import(repo, csv)
    assert (code, out) == (0, "")
    assert err.endswith("1 ligne(s) lue(s) : 1 cible(s) ajoutée(s), 0 déjà déclarée(s), 0 ligne(s) "
                        "refusée(s).\n")
    assert declared(repo) == {"commune": {"62510": official("commune", "62510")}}


def test_windows_1252_from_a_french_excel(repo: RepoBuilder, tmp_path: Path) -> None:
    csv = tmp_path / "cibles.csv"
    name = official("commune", "62510")
    assert "é" in name  # the accent is what tells the encodings apart
    csv.write_bytes(f"type;code;nom\r\ncommune;62510;{name}\r\n".encode("cp1252"))
    assert run_import(repo, csv)[:2] == (0, "")
    assert declared(repo) == {"commune": {"62510": name}}


def test_a_filled_cell_past_the_header_is_still_refused(repo: RepoBuilder, tmp_path: Path) -> None:
    csv = tmp_path / "cibles.csv"
    csv.write_bytes(b"type,code\ncommune,62510,62498\n")
    code, out, _ = run_import(repo, csv)
    assert (code, out) == (1, f"{csv}:2: 3 cellules remplies ou plus, pour 2 colonnes : vérifiez "
                              "le séparateur et les guillemets\n")
    assert not (repo.root / TARGETS).exists()


# --- bounds (hazards 29) ----------------------------------------------------------------------
def test_a_file_over_the_byte_bound_is_refused_without_reading_it_whole(
        repo: RepoBuilder, tmp_path: Path) -> None:
    csv = tmp_path / "enorme.csv"
    with csv.open("wb") as handle:  # 266 MB, as in the review, sparse: nothing to read but zeros
        handle.write(b"type,code\n")
        handle.truncate(266 * 1000 * 1000)
    start = time.perf_counter()
    code, out, _ = run_import(repo, csv)
    assert (code, out) == (1, f"{csv}:1: fichier trop gros (plus de 16 Mo) : une liste de toutes "
                              "les collectivités de France fait environ 1 Mo ; vérifiez que c'est "
                              "bien une liste « type,code »\n")
    assert time.perf_counter() - start < 30  # it ran 11 minutes before the bound
    assert not (repo.root / TARGETS).exists()


def test_a_file_over_the_line_bound_is_refused(repo: RepoBuilder, tmp_path: Path) -> None:
    csv = tmp_path / "long.csv"
    lines = targetsimport.MAX_TARGETS_LINES + 1
    csv.write_bytes(b"type,code\n" + b"commune,62510\n" * lines)
    assert csv.stat().st_size < targetsimport.MAX_TARGETS_BYTES  # the line bound decides
    assert run_import(repo, csv)[:2] == (1, (
        f"{csv}:1: fichier trop long ({lines + 2} lignes, au plus "
        f"{targetsimport.MAX_TARGETS_LINES}) : il y a environ 36 500 collectivités en France ; "
        "vérifiez que c'est bien une liste « type,code »\n"))
    assert not (repo.root / TARGETS).exists()


def test_the_bounds_hold_every_council_of_france(tmp_path: Path) -> None:
    """The bounds are sized to real files: every commune of France, with its name, is far below."""
    ref = referential()
    rows = [f"commune,{code},{ref.body('commune', code).nom}"  # type: ignore[union-attr]
            for code in ref.commune_codes()]
    size = len(("type,code,nom\n" + "\n".join(rows) + "\n").encode("utf-8"))
    assert len(rows) * 2 < targetsimport.MAX_TARGETS_LINES
    assert size * 8 < targetsimport.MAX_TARGETS_BYTES


# --- resuming (hazards 30) --------------------------------------------------------------------
def test_resuming_an_interrupted_import_exits_0_and_counts_what_was_there(
        repo: RepoBuilder, tmp_path: Path) -> None:
    listed = communes(6)
    csv = tmp_path / "cibles.csv"
    csv.write_text("type,code\n" + "".join(f"commune,{c}\n" for c, _ in listed), "utf-8")
    half = tmp_path / "moitie.csv"  # what an interrupted run had written
    half.write_text("type,code\n" + "".join(f"commune,{c}\n" for c, _ in listed[:4]), "utf-8")
    assert run_import(repo, half)[0] == 0
    assert run_import(repo, csv) == (0, "", "6 ligne(s) lue(s) : 2 cible(s) ajoutée(s), 4 déjà "
                                            "déclarée(s), 0 ligne(s) refusée(s).\n")
    before = (repo.root / TARGETS).read_bytes()
    assert run_import(repo, csv) == (0, "", "6 ligne(s) lue(s) : 0 cible(s) ajoutée(s), 6 déjà "
                                            "déclarée(s), 0 ligne(s) refusée(s).\n")
    assert (repo.root / TARGETS).read_bytes() == before
    assert declared(repo) == {"commune": dict(listed)}


def test_resuming_a_motion_import_exits_0_and_only_a_differing_row_is_refused(
        repo: RepoBuilder, tmp_path: Path) -> None:
    header = "type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,abstentions," \
             "resultat,url"
    rows = [f"commune,{code},{name},2023-10-05,motion,Motion pour la CAN,,,,,,,adoptee,"
            for code, name in communes(4) if "," not in name]
    half, full = tmp_path / "moitie.csv", tmp_path / "tout.csv"
    half.write_text("\n".join([header, *rows[:2]]) + "\n", "utf-8")
    full.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    assert repo.run("import", str(half), "--campaign", CAMPAIGN).exit_code == 0
    resumed = repo.run("import", str(full), "--campaign", CAMPAIGN)
    assert (resumed.exit_code, resumed.stdout) == (0, "")
    assert resumed.stderr == (f"{len(rows)} ligne(s) lue(s) : {len(rows) - 2} motion(s) écrite(s), "
                              "2 déjà dans le dépôt à l'identique, 0 ligne(s) refusée(s).\n")
    changed = full.read_text("utf-8").replace("Motion pour la CAN", "Autre objet", 1)
    full.write_text(changed, "utf-8")
    differing = repo.run("import", str(full), "--campaign", CAMPAIGN)
    assert differing.exit_code == 1
    assert differing.stdout.startswith(f"{full}:2: doublon : ")
    assert "objet : « Motion pour la CAN » dans le fichier, « Autre objet » ici" in differing.stdout
    assert differing.stderr.endswith(f"{len(rows) - 1} déjà dans le dépôt à l'identique, "
                                     "1 ligne(s) refusée(s).\n")


# --- two writers, one file (hazards 31) -------------------------------------------------------
def start(repo: RepoBuilder, csv: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PETITION_TODAY": TODAY.isoformat()}
    return subprocess.Popen([sys.executable, "-m", "petition", "--repo", str(repo.root), "targets",
                             "import", str(csv), "--campaign", CAMPAIGN],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_an_import_waits_for_the_lock_then_adds_its_rows(repo: RepoBuilder, tmp_path: Path) -> None:
    first, second = communes(3), communes(3, start=3)
    csv = tmp_path / "b.csv"
    csv.write_text("type,code\n" + "".join(f"commune,{c}\n" for c, _ in second), "utf-8")
    a = tmp_path / "a.csv"
    a.write_text("type,code\n" + "".join(f"commune,{c}\n" for c, _ in first), "utf-8")
    assert run_import(repo, a)[0] == 0
    target = destination(repo.root, TARGETS)
    with locked(target):  # another import holds the file
        process = start(repo, csv)
        time.sleep(1.5)
        assert process.poll() is None  # it waits
        assert declared(repo) == {"commune": dict(first)}
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out) == (0, "")
    assert err.endswith("3 cible(s) ajoutée(s), 0 déjà déclarée(s), 0 ligne(s) refusée(s).\n")
    assert declared(repo) == {"commune": dict(first + second)}
    assert not (repo.root / "motions" / CAMPAIGN / lock_name("cibles.yml")).exists()


def test_two_imports_at_once_into_one_campaign(repo: RepoBuilder, tmp_path: Path) -> None:
    """The review's race: neither reports the other's valid file as erroneous, neither loses
    rows (three rounds, each into a campaign without targets yet)."""
    lists = [communes(300), communes(300, start=300)]
    files = []
    for number, listed in enumerate(lists):
        csv = tmp_path / f"{number}.csv"
        csv.write_text("type,code\n" + "".join(f"commune,{c}\n" for c, _ in listed), "utf-8")
        files.append(csv)
    for _ in range(3):
        (repo.root / TARGETS).unlink(missing_ok=True)
        processes = [start(repo, csv) for csv in files]
        results = [(p.wait(timeout=120), p.communicate()) for p in processes]
        for code, (out, err) in results:
            assert (code, out) == (0, ""), err
            assert "erreurs" not in err
        assert declared(repo) == {"commune": dict(lists[0] + lists[1])}
    assert repo.run("validate").exit_code == 0
