"""The SIRET on the motion: checked on entry (Luhn, SIREN of the body), and `petition siret`, which
fills the missing ones from the « API Recherche d'entreprises », tested against a stand-in server
on 127.0.0.1 that answers as the real API does (its models: `PaginatedResponseModel` of
`UniteLegaleResponse`, errors as `{"erreur": …}`, 429 with Retry-After)."""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from stdnum.fr import siret as siret_number

from conftest import CAMPAIGN, CAMPAIGN_2022, PROJECT, RepoBuilder, motion_data
from petition.core.referential import referential
from petition.core.tool import version
from petition.exchange.sirets import insert_siret
from petition.exchange.writer import dump_motion

REF = referential()
LENS = REF.body("commune", "62498")
LIEVIN = REF.body("commune", "62510")
CALL = REF.body("epci", "246200364")
BETHUNE = REF.body("commune", "62119")
assert LENS and LIEVIN and CALL and BETHUNE and LENS.siren and LIEVIN.siren and BETHUNE.siren


def head_office(siren: str) -> str:
    """A valid SIRET of `siren` (the first NIC whose check digit fits), computed here."""
    return next(siren + f"{nic:05d}" for nic in range(10, 100_000)
                if siret_number.is_valid(siren + f"{nic:05d}"))


def unite_legale(siren: str, siret: str, name: str) -> dict[str, Any]:
    """One result, shaped like the API's UniteLegaleResponse (fields it always sends)."""
    return {
        "siren": siren, "nom_complet": name, "nom_raison_sociale": name, "sigle": None,
        "nombre_etablissements": 12, "nombre_etablissements_ouverts": 10,
        "siege": {"siret": siret, "est_siege": True, "etat_administratif": "A",
                  "activite_principale": "84.11Z", "adresse": "PLACE DE LA REPUBLIQUE",
                  "code_postal": "62300", "commune": "62498", "libelle_commune": "LENS",
                  "departement": "62", "region": "32", "latitude": "50.43", "longitude": "2.83"},
        "activite_principale": "84.11Z", "categorie_entreprise": "GE",
        "etat_administratif": "A", "nature_juridique": "7210",
        "complements": {"collectivite_territoriale": {"code": "62498", "code_insee": "62498",
                                                      "niveau": "commune", "elus": []},
                        "est_service_public": True},
        "matching_etablissements": [], "dirigeants": [],
    }


def page(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {"results": results, "total_results": len(results), "page": 1, "per_page": 10,
            "total_pages": 1 if results else 0}


class StandIn:
    """What the stand-in answers for each SIREN: (status, JSON body, headers), or "slow"."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}
        self.asked: list[str] = []
        self.agents: list[str] = []


class _StandInServer(ThreadingHTTPServer):
    """Closing waits for every answer under way (a "slow" one outlives the client's timeout), and
    a client that gave up is no error: nothing is printed later, into another test's output."""

    daemon_threads = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture
def api() -> Iterator[tuple[str, StandIn]]:
    state = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            siren = query.get("q", [""])[0]
            state.asked.append(f"{url.path}?q={siren}")
            state.agents.append(self.headers.get("User-Agent", ""))
            answer = state.answers.get(siren, (200, page([]), {}))
            if answer == "slow":
                time.sleep(1.5)
                answer = (200, page([]), {})
            status, body, headers = answer
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args: Any) -> None:
            pass

    server = _StandInServer(("127.0.0.1", 0), Handler)
    # Polled every 20 ms: shutdown() returns at once instead of after up to half a second.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def lens_file(repo: RepoBuilder, **overrides: Any) -> str:
    return repo.add(motion_data(**overrides)).relative_to(repo.root).as_posix()


def run_siret(repo: RepoBuilder, url: str, *args: str) -> Any:
    return repo.run("siret", "--api", url, "--timeout", "0.5", *args)


def test_fills_the_head_office_siret_keeping_the_rest_of_the_file(
        repo: RepoBuilder, api: tuple[str, StandIn]) -> None:
    url, state = api
    lens_siret, call_siret = head_office(LENS.siren), head_office(CALL.code)
    state.answers[LENS.siren] = (200, page([unite_legale(LENS.siren, lens_siret,
                                                          "COMMUNE DE LENS")]), {})
    state.answers[CALL.code] = (200, page([unite_legale(CALL.code, call_siret,
                                                         "CA DE LENS LIEVIN")]), {})
    lens = lens_file(repo)
    # a second motion of Lens (another date, another campaign) needs no second request
    again = lens_file(repo, campagne=CAMPAIGN_2022, seance={"date": "2022-06-23"})
    call = repo.add(motion_data(collectivite={"type": "epci", "code": CALL.code,
                                              "nom": CALL.nom}, seance={"date": "2023-10-02"},
                                presences={}, vote={"resultat": "adoptee"})
                    ).relative_to(repo.root).as_posix()
    # a comment and the file's own layout are kept: only one line is added
    before = (repo.root / lens).read_text("utf-8").replace("instance:", "# relu\ninstance:")
    (repo.root / lens).write_text(before, "utf-8")
    result = run_siret(repo, url)
    assert (result.exit_code, result.stdout.splitlines()) == (0, [
        f"{again}: SIRET {lens_siret} écrit, siège de « COMMUNE DE LENS »",
        f"{lens}: SIRET {lens_siret} écrit, siège de « COMMUNE DE LENS »",
        f"{call}: SIRET {call_siret} écrit, siège de « CA DE LENS LIEVIN »"])
    assert result.stderr == "3 SIRET écrit(s) ; relisez les fichiers (git diff) avant de valider.\n"
    assert state.asked == [f"/search?q={LENS.siren}", f"/search?q={CALL.code}"]
    # the tool, its version and the repository asking (projet.yml), in ASCII as headers are
    assert state.agents == [f"petition-motions/{version()} (Bibliotheques de proximite; "
                            f"+{PROJECT['depot']}; petition siret)"] * 2
    after = (repo.root / lens).read_text("utf-8")
    assert after == before.replace("  nom: Lens\n", f'  nom: Lens\n  siret: "{lens_siret}"\n')
    assert repo.run("validate").exit_code == 0
    # nothing left to fill: no request at all
    state.asked.clear()
    assert (run_siret(repo, url).exit_code, state.asked) == (0, [])


def test_dry_run_writes_nothing(repo: RepoBuilder, api: tuple[str, StandIn]) -> None:
    url, state = api
    number = head_office(LENS.siren)
    state.answers[LENS.siren] = (200, page([unite_legale(LENS.siren, number, "COMMUNE DE LENS")]),
                                 {})
    lens = lens_file(repo)
    before = (repo.root / lens).read_bytes()
    result = run_siret(repo, url, "--dry-run")
    assert (result.exit_code, result.stdout) == (
        0, f"{lens}: SIRET {number} à écrire (--dry-run), siège de « COMMUNE DE LENS »\n")
    assert (repo.root / lens).read_bytes() == before


def test_no_result_and_siren_mismatch_write_nothing(repo: RepoBuilder,
                                                    api: tuple[str, StandIn]) -> None:
    url, state = api
    # Liévin: the API knows nothing; Béthune: its only result is another legal unit; Lens: the
    # right legal unit but a head office SIRET of another SIREN
    state.answers[LIEVIN.siren] = (200, page([]), {})
    other = head_office(LENS.siren)
    state.answers[BETHUNE.siren] = (200, page([unite_legale(LENS.siren, other, "COMMUNE DE LENS")]),
                                    {})
    state.answers[LENS.siren] = (200, page([unite_legale(LENS.siren, head_office(LIEVIN.siren),
                                                         "COMMUNE DE LENS")]), {})
    files = [lens_file(repo, collectivite={"type": "commune", "code": b.code, "nom": b.nom})
             for b in (LIEVIN, BETHUNE, LENS)]
    before = [(repo.root / f).read_bytes() for f in files]
    result = run_siret(repo, url)
    assert (result.exit_code, result.stdout) == (0, "")
    lievin, bethune, lens = files
    assert result.stderr.splitlines() == [
        f"{bethune}:3: avertissement : l'API Recherche d'entreprises ne connaît pas le SIREN "
        f"{BETHUNE.siren} (Béthune) : cherchez le SIRET sur annuaire-entreprises.data.gouv.fr",
        f"{lens}:3: avertissement : l'API Recherche d'entreprises donne pour Lens un siège dont le "
        f"SIRET ne convient pas (SIRET « {head_office(LIEVIN.siren)} » : son SIREN "
        f"{LIEVIN.siren} est celui de Liévin (commune 62510), pas celui de Lens ({LENS.siren}) : "
        "vérifiez le SIRET ou le code) :"
        " rien n'est écrit, vérifiez-le sur annuaire-entreprises.data.gouv.fr",
        f"{lievin}:3: avertissement : l'API Recherche d'entreprises ne connaît pas le SIREN "
        f"{LIEVIN.siren} (Liévin) : cherchez le SIRET sur annuaire-entreprises.data.gouv.fr",
        "Aucun SIRET écrit."]
    assert [(repo.root / f).read_bytes() for f in files] == before


@pytest.mark.parametrize(("answer", "said"), [
    ((429, {"erreur": "Too Many Requests"}, {"Retry-After": "30"}),
     "l'API Recherche d'entreprises limite le nombre de requêtes (HTTP 429) : relancez "
     "« petition siret » dans 30 s ; les SIRET déjà trouvés sont écrits"),
    ((500, {"erreur": "Une erreur inattendue s'est produite. Veuillez réessayer plus tard."}, {}),
     "l'API Recherche d'entreprises a répondu par une erreur HTTP 500 (« Une erreur inattendue "
     "s'est produite. Veuillez réessayer plus tard. ») : relancez plus tard"),
    ("slow", "pas de réponse de l'API Recherche d'entreprises ({url}) : délai dépassé ; vérifiez "
     "la connexion au réseau et relancez plus tard"),
])
def test_api_errors_stop_cleanly_keeping_what_was_written(
        repo: RepoBuilder, api: tuple[str, StandIn], answer: Any, said: str) -> None:
    url, state = api
    lens_siret = head_office(LENS.siren)
    state.answers[LENS.siren] = (200, page([unite_legale(LENS.siren, lens_siret, "")]), {})
    state.answers[LIEVIN.siren] = answer
    lens = lens_file(repo)
    lievin = lens_file(repo, collectivite={"type": "commune", "code": LIEVIN.code,
                                           "nom": LIEVIN.nom})
    before = (repo.root / lievin).read_bytes()
    result = run_siret(repo, url)
    assert (result.exit_code, result.stdout) == (1, f"{lens}: SIRET {lens_siret} écrit\n")
    assert result.stderr.splitlines() == [f"Erreur : {said.format(url=url)}",
                                          "1 SIRET écrit(s) ; relisez les fichiers (git diff) "
                                          "avant de valider."]
    assert (repo.root / lievin).read_bytes() == before


def test_no_network_fails_cleanly(repo: RepoBuilder) -> None:
    # a port nobody listens on: connection refused, as with no network at all
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    lens_file(repo)
    result = run_siret(repo, f"http://127.0.0.1:{port}")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"Erreur : pas de réponse de l'API Recherche d'entreprises (http://127.0.0.1:{port}) : "
        "connexion refusée ; vérifiez la connexion au réseau et relancez plus tard",
        "Aucun SIRET écrit."]


def test_bodies_without_siren_and_bad_api_address(repo: RepoBuilder,
                                                  api: tuple[str, StandIn]) -> None:
    url, state = api
    spm = REF.body("com", "975")
    assert spm is not None
    rel = repo.add(motion_data(collectivite={"type": "com", "code": "975", "nom": spm.nom},
                               presences={}, vote={"resultat": "adoptee"})
                   ).relative_to(repo.root).as_posix()
    result = run_siret(repo, url)
    assert (result.exit_code, state.asked) == (0, [])
    assert result.stderr.splitlines() == [
        f"{rel}:3: avertissement : collectivité d'outre-mer {spm.nom} : aucune source ici ne donne "
        "son SIREN, le SIRET ne peut pas être cherché ; recopiez celui du conseil depuis "
        "annuaire-entreprises.data.gouv.fr", "Aucun SIRET écrit."]
    bad = repo.run("siret", "--api", "file:///etc/passwd")
    assert bad.exit_code == 2
    assert "« file:///etc/passwd » n'est pas une adresse http(s)://…" in bad.stderr


def test_insert_siret_refuses_layouts_it_cannot_keep() -> None:
    number = head_office(LENS.siren)
    flow = (f'campagne: {CAMPAIGN}\ncollectivite: {{type: commune, code: "62498", nom: Lens}}\n'
            "objet: Motion\n")
    assert insert_siret(flow, number) is None
    text = dump_motion(motion_data())
    assert insert_siret(text, number) == text.replace("  nom: Lens\n",
                                                      f'  nom: Lens\n  siret: "{number}"\n')
    crlf = text.replace("\n", "\r\n")
    assert insert_siret(crlf, number) == crlf.replace("  nom: Lens\r\n",
                                                      f'  nom: Lens\r\n  siret: "{number}"\r\n')


# --- the SIRET on entry --------------------------------------------------------------------------
def test_validate_checks_the_siret(repo: RepoBuilder) -> None:
    good = head_office(LENS.siren)
    wrong_key = good[:-1] + str((int(good[-1]) + 1) % 10)
    other = head_office(LIEVIN.siren)
    files = [lens_file(repo, collectivite={"type": "commune", "code": "62498", "nom": "Lens",
                                           "siret": number}, seance={"date": date})
             for number, date in ((good, "2023-09-27"), (wrong_key, "2023-09-28"),
                                  (other, "2023-09-29"))]
    # a région: the referential has no SIREN for it, so only the check digit is verified
    region = repo.add(motion_data(campagne=CAMPAIGN_2022, collectivite={
        "type": "region", "code": "32", "nom": "Hauts-de-France", "siret": wrong_key},
        seance={"date": "2022-06-23"}, presences={}, vote={"resultat": "adoptee"}))
    newline = repo.write(files[0].replace("09-27", "09-30"), dump_motion(motion_data(
        collectivite={"type": "commune", "code": "62498", "nom": "Lens", "siret": good + "\n"},
        seance={"date": "2023-09-30"})))
    result = repo.run("validate")
    assert result.exit_code == 1
    region_rel = region.relative_to(repo.root).as_posix()
    newline_rel = newline.relative_to(repo.root).as_posix()
    assert result.stdout.splitlines() == [
        f"{region_rel}:7: SIRET « {wrong_key} » : clé de contrôle fausse (un chiffre est faux ou "
        "inversé) : recopiez-le depuis annuaire-entreprises.data.gouv.fr",
        f"{files[1]}:7: SIRET « {wrong_key} » : clé de contrôle fausse (un chiffre est faux ou "
        "inversé) : recopiez-le depuis annuaire-entreprises.data.gouv.fr",
        f"{files[2]}:7: SIRET « {other} » : son SIREN {LIEVIN.siren} est celui de Liévin "
        f"(commune 62510), pas celui de Lens ({LENS.siren}) : vérifiez le SIRET ou le code",
        f"{newline_rel}:7: « collectivite.siret » (SIRET) : retour à la ligne interdit : ce champ "
        "tient sur une seule ligne ; un texte sur plusieurs lignes n'est permis que dans les "
        "champs de texte long (texte, notes, demandes…)"]


def test_new_asks_the_siret_again_until_it_is_the_bodys(repo: RepoBuilder) -> None:
    good = head_office(LIEVIN.siren)
    result = repo.run("new", input="\n".join([
        CAMPAIGN, "commune", "62510", "o",
        LIEVIN.siren,  # a SIREN
        head_office(LENS.siren),  # Lens's, not Liévin's
        " ".join((good[:3], good[3:6], good[6:9], good[9:])),  # as written on paper
        "2023-09-27", "", "Motion bibliothèques", "", "", "", "", "", "", "", "", "", "",
        "https://www.lievin.fr/motion.pdf", "", "o"]) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"  ✗ « {LIEVIN.siren} » est un SIREN : écrivez le SIRET complet (14 chiffres), ou rien",
        f"  ✗ SIRET « {head_office(LENS.siren)} » : son SIREN {LENS.siren} est celui de Lens "
        f"(commune 62498), pas celui de Liévin ({LIEVIN.siren}) : vérifiez le SIRET ou le code"]
    written = repo.root / f"motions/{CAMPAIGN}/commune-62510-lievin-2023-09-27.yml"
    assert f'  siret: "{good}"\n' in written.read_text("utf-8")
    options = repo.run("new", "--campaign", CAMPAIGN, "--type", "commune", "--code", "62498",
                       "--siret", head_office(LIEVIN.siren), "--date", "2023-09-27", "--nature",
                       "motion", "--objet", "Motion bibliothèques", "--resultat", "adoptee",
                       "--no-input")
    assert options.exit_code == 1
    assert options.stderr.splitlines()[0] == (
        f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml:7: SIRET "
        f"« {head_office(LIEVIN.siren)} » : son SIREN {LIEVIN.siren} est celui de Liévin "
        f"(commune 62510), pas celui de Lens ({LENS.siren}) : vérifiez le SIRET ou le code")


def issue_with_siret(tmp_path: Any, value: str) -> Any:
    """The valid ticket of tests/data/issues, with the SIRET field filled."""
    from pathlib import Path

    event = json.loads((Path(__file__).parent / "data/issues/valide.json").read_text("utf-8"))
    event["issue"]["body"] = event["issue"]["body"].replace(
        "### Campagne", f"### SIRET de la collectivité\n\n{value}\n\n### Campagne")
    path = tmp_path / f"event-{len(value)}.json"
    path.write_text(json.dumps(event), "utf-8")
    return path


def test_issue_form_keeps_the_siret_and_refuses_another_bodys(sample_repo: RepoBuilder,
                                                              tmp_path: Any) -> None:
    good = head_office(LIEVIN.siren)
    spaced = " ".join((good[:3], good[3:6], good[6:9], good[9:]))
    result = sample_repo.run("from-issue", str(issue_with_siret(tmp_path, spaced)))
    assert result.exit_code == 0, result.output
    assert f'  nom: Liévin\n  siret: "{good}"\n' in result.stdout
    wrong = head_office(LENS.siren)
    refused = sample_repo.run("from-issue", str(issue_with_siret(tmp_path, wrong + " ")))
    assert (refused.exit_code, refused.stderr) == (1, (
        f"ticket #12:13: SIRET de la collectivité : SIRET « {wrong} » : son SIREN {LENS.siren} "
        f"est celui de Lens (commune 62498), pas celui de Liévin ({LIEVIN.siren}) : vérifiez le "
        "SIRET ou le code\n"))


def test_a_region_is_looked_up_by_the_siren_of_the_shipped_table(
        repo: RepoBuilder, api: tuple[str, StandIn]) -> None:
    from petition.core.sirens import own_siren

    region = REF.body("region", "32")
    assert region is not None
    siren = own_siren(region, "2023-10-02")
    assert siren is not None and region.siren is None  # from the table, not the referential
    found = head_office(siren)
    url, state = api
    state.answers[siren] = (200, page([unite_legale(siren, found, "REGION HAUTS-DE-FRANCE")]), {})
    rel = repo.add(motion_data(collectivite={"type": "region", "code": "32",
                                             "nom": "Hauts-de-France"},
                               nature="voeu", seance={"date": "2023-10-02"}))
    result = run_siret(repo, url)
    assert result.exit_code == 0, result.output
    assert state.asked == [f"/search?q={siren}"]
    assert f'  siret: "{found}"\n' in rel.read_text("utf-8")
