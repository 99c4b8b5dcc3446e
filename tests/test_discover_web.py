"""`petition discover` on the web: the national portal's catalogue (udata's API, stood in on
127.0.0.1, never the real portal), the download cache (ETag, Last-Modified, fail-closed), and
the limits: http(s) only, redirections checked, sizes capped, timeouts, French messages."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, PROJECT, RepoBuilder
from discover_corpus import (
    CORPUS,
    FILES,
    expected_lines,
    expected_problems,
    rows_of,
    searched_fixture,  # noqa: F401 - the fixture `searched`
)
from discover_standin import (
    StandIn,
    catalogue,
    page_path,
    standin_fixture,  # noqa: F401 - the fixture `standin`
)
from petition.core.tool import DISTRIBUTION, version
from petition.exchange.download import DownloadError, Fetcher
from petition.exchange.httpcache import HttpCache


def download_cache() -> Path:
    return Path(os.environ["PETITION_CACHE_DIR"]) / "telechargements"


def run_catalogue(repo: RepoBuilder, standin: StandIn, *args: str) -> Any:
    return repo.run("discover", "--catalogue", "--api", f"{standin.url}/api/1", "--campaign",
                    CAMPAIGN, *args)


def test_catalogue_reads_every_scdl_csv_of_the_portal(searched: RepoBuilder, standin: StandIn,
                                                      tmp_path: Path) -> None:
    addresses = catalogue(standin)
    out = tmp_path / "candidates.csv"
    result = run_catalogue(searched, standin, "-o", str(out))
    assert (result.exit_code, result.stdout.splitlines()) == (1, expected_lines(addresses))
    gone = (f"{standin.url}/actes/disparu.csv:1: non lu : adresse introuvable (HTTP 404) : la "
            "ressource a sans doute été déplacée")
    assert result.stderr.splitlines()[0] == ("Catalogue : 2 jeu(x) de données, 5 fichier(s) CSV à "
                                             "lire (1 ressource(s) dans un autre format laissée(s) "
                                             "de côté).")
    assert sorted(result.stderr.splitlines()[1:5]) == sorted([*expected_problems(addresses), gone])
    assert len(rows_of(out)) == 5
    assert standin.requested() == [page_path(1), page_path(2),
                                   *(f"/actes/{name}" for name in (*FILES, "disparu.csv"))]
    agents = {headers.get("User-Agent") for _, headers in standin.log}
    # The tool and its version, the repository's cause and address (projet.yml), the command.
    assert agents == {f"{DISTRIBUTION}/{version()} (Bibliotheques de proximite; "
                      f"+{PROJECT['depot']}; petition discover)"}


def test_unchanged_files_come_from_the_cache(searched: RepoBuilder, standin: StandIn) -> None:
    catalogue(standin)
    first = run_catalogue(searched, standin)
    standin.log.clear()
    second = run_catalogue(searched, standin)
    assert second.stdout == first.stdout
    conditional = {path: (h.get("If-None-Match"), h.get("If-Modified-Since"))
                   for path, h in standin.log if path.startswith("/actes/")}
    assert conditional == {
        "/actes/agglo-lens-lievin.csv": ('"a1"', None),
        "/actes/gip-actes.csv": ('"g1"', None),
        "/actes/ville-lievin.csv": (None, "Tue, 05 Dec 2023 10:00:00 GMT"),
        "/actes/ville-lille.csv": (None, None),  # no validator: never kept
        "/actes/disparu.csv": (None, None),
    }
    assert "3 fichier(s) inchangé(s) repris du cache" in second.stderr


def test_a_changed_file_is_downloaded_again(searched: RepoBuilder, standin: StandIn) -> None:
    catalogue(standin)
    run_catalogue(searched, standin)
    standin.etags["/actes/gip-actes.csv"] = '"g2"'
    standin.files["/actes/gip-actes.csv"] = (CORPUS / "gip-actes.csv").read_bytes() \
        .replace(b"Motion : CARMA", b"Motion : CARMA (rectifiee)")
    result = run_catalogue(searched, standin)
    assert "(rectifiee)" in result.stdout
    assert "2 fichier(s) inchangé(s) repris du cache" in result.stderr


@pytest.mark.parametrize("damage", ["body", "meta", "foreign"])
def test_a_damaged_cache_entry_is_ignored(searched: RepoBuilder, standin: StandIn,
                                          damage: str) -> None:
    """Fail-closed: an entry whose bytes changed, whose description is not JSON, or which
    describes another address is never served; the file is downloaded again."""
    catalogue(standin)
    first = run_catalogue(searched, standin)
    entries = sorted(download_cache().glob("*.json"))
    assert len(entries) == 3
    for meta in entries:
        body = meta.with_suffix(".body")
        if damage == "body":
            altered = bytearray(body.read_bytes())
            altered[-5] ^= 1  # same size, other bytes
            body.write_bytes(bytes(altered))
        elif damage == "meta":
            meta.write_bytes(b"\x80not json")
        else:
            meta.write_text(meta.read_text().replace(standin.url, "https://ailleurs.example"))
    standin.log.clear()
    result = run_catalogue(searched, standin)
    assert result.stdout == first.stdout
    assert all("If-None-Match" not in h and "If-Modified-Since" not in h for _, h in standin.log)
    assert "0 fichier(s) inchangé(s) repris du cache" in result.stderr


@pytest.mark.parametrize("switch", ["ci", "option"])
def test_no_cache_on_shared_machines_or_when_asked(searched: RepoBuilder, standin: StandIn,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   switch: str) -> None:
    catalogue(standin)
    extra = ("--no-cache",) if switch == "option" else ()
    if switch == "ci":
        monkeypatch.setenv("CI", "true")
    run_catalogue(searched, standin, *extra)
    standin.log.clear()
    run_catalogue(searched, standin, *extra)
    assert all("If-None-Match" not in h for _, h in standin.log)
    assert not download_cache().exists()


# --- the portal misbehaving ----------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_portal_unreachable(searched: RepoBuilder) -> None:
    api = f"http://127.0.0.1:{free_port()}/api/1"
    result = searched.run("discover", "--catalogue", "--api", api, "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert f"{api}:1: catalogue lu en partie : page 1 illisible (pas de réponse : connexion " \
           "refusée)" in result.stderr.splitlines()


@pytest.mark.parametrize(("answer", "said"), [
    (b"<html>maintenance</html>", "page 1 illisible (réponse illisible (pas du JSON))"),
    ({"message": "x"}, "la page 1 n'a pas la forme attendue (pas de liste « data »)"),
    ({"data": [], "next_page": "https://ailleurs.example/api/1/datasets/?page=2"},
     "la page 1 renvoie vers une page suivante inattendue"),
    ({"data": [], "next_page": "file:///etc/passwd"},
     "la page 1 renvoie vers une page suivante inattendue"),
])
def test_portal_answers_badly(searched: RepoBuilder, standin: StandIn, answer: Any,
                              said: str) -> None:
    if isinstance(answer, bytes):
        standin.files["/api/1/datasets/"] = answer
    else:
        standin.pages[page_path(1)] = answer
    result = run_catalogue(searched, standin)
    assert result.exit_code == 1
    assert f"{standin.url}/api/1:1: catalogue lu en partie : {said}" in result.stderr


def test_portal_errors_are_said_in_french(searched: RepoBuilder, standin: StandIn) -> None:
    standin.status["/api/1/datasets/"] = 503
    result = run_catalogue(searched, standin)
    assert "le serveur est en panne (HTTP 503) : relancez plus tard" in result.stderr


def test_retry_after_is_honoured_once(searched: RepoBuilder, standin: StandIn) -> None:
    addresses = catalogue(standin)
    standin.once["/actes/gip-actes.csv"] = (429, {"Retry-After": "1"})
    result = run_catalogue(searched, standin)
    assert result.stdout.splitlines() == expected_lines(addresses)
    assert standin.requested("/actes/gip-actes.csv") == ["/actes/gip-actes.csv"] * 2


# --- limits --------------------------------------------------------------------------------------
def test_size_cap(standin: StandIn) -> None:
    standin.files["/gros.csv"] = b"x" * 5000
    fetcher = Fetcher("discover", interval=0)
    with pytest.raises(DownloadError, match=r"fichier trop gros \(plus de 0 Mo\) : laissé de côté"), \
            fetcher.file(f"{standin.url}/gros.csv", 1000):
        pass


def test_timeout(standin: StandIn) -> None:
    standin.files["/lent.csv"] = b"a"
    standin.slow.add("/lent.csv")
    fetcher = Fetcher("discover", timeout=0.3, interval=0)
    with pytest.raises(DownloadError, match="pas de réponse : délai dépassé"), \
            fetcher.file(f"{standin.url}/lent.csv", 1000):
        pass


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.fr/x.csv"])
def test_redirections_only_to_web_addresses(standin: StandIn, target: str) -> None:
    standin.redirects["/r.csv"] = target
    fetcher = Fetcher("discover", interval=0)
    with pytest.raises(DownloadError, match="redirection refusée"), \
            fetcher.file(f"{standin.url}/r.csv", 1000):
        pass


def test_catalogue_addresses_may_not_reach_this_machine() -> None:
    fetcher = Fetcher("discover", allow_private=False)
    for url in ("http://127.0.0.1:8000/x.csv", "http://localhost/x.csv", "http://10.1.2.3/x.csv",
                "http://169.254.169.254/latest/meta-data/", "http://[::1]/x.csv"):
        assert "adresse locale ou privée" in fetcher.check(url), url
    assert Fetcher("discover").check("http://127.0.0.1:8000/x.csv") == ""


def test_no_temporary_file_is_left_behind(standin: StandIn, tmp_path: Path) -> None:
    standin.files["/gros.csv"] = b"x" * 5000
    cache = HttpCache(tmp_path / "cache")
    fetcher = Fetcher("discover", cache=cache, interval=0)
    with pytest.raises(DownloadError), fetcher.file(f"{standin.url}/gros.csv", 1000):
        pass
    assert list((tmp_path / "cache").iterdir()) == []
