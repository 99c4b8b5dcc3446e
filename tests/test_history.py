"""Councils by date: communes that merged or were associated, bodies before their creation, EPCI
from the DGCL's lists, a campaign's period and the office its text addresses, and populations
with their census vintage. Every expected figure, date and name is read here from the shipped
history and referential files (never copied from the program's output)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, ROOT, RepoBuilder, motion_data
from petition.exchange.writer import dump_motion

sys.path.insert(0, str(ROOT / "tools"))

from build_history import RELEASES, Release, ReleaseError, check_release, derive

DATA = ROOT / "scripts" / "petition" / "data"
HISTORY: dict[str, Any] = json.loads((DATA / "historique.json").read_text("utf-8"))
REF: dict[str, Any] = json.loads((DATA / "referentiel.json").read_text("utf-8"))
VINTAGE = HISTORY["versions"][HISTORY["referentiel"]]["population"]
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
COG = "Code officiel géographique"


def french(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def period(code: str, index: int = 0) -> dict[str, Any]:
    """One period of a code in the history file, by its columns' names."""
    row = HISTORY["communes"][code][index]
    return dict(zip(HISTORY["colonnes"]["communes"], [*row, *[None] * 8], strict=False))


def commune_name(code: str) -> str:
    return str(REF["communes"][code][0])


def population(code: str) -> int:
    return int(REF["communes"][code][4])


def since(bound: str) -> str:
    """How a change is dated: exactly (INSEE's history) or by the first release showing it."""
    if len(bound) == 4:
        return f"depuis le 1er janvier {bound} au plus tard ({COG} {bound})"
    return f"depuis le {french(bound)}"


def commune(code: str, name: str, date: str, **extra: Any) -> dict[str, Any]:
    """An adopted motion of a small commune (no attendance: its legal council size is not the
    point here)."""
    return motion_data(collectivite={"type": "commune", "code": code, "nom": name},
                       seance={"date": date}, presences={}, **extra)


def problems(repo: RepoBuilder) -> list[tuple[str, str, str]]:
    result = repo.run("validate", "--format", "json")
    return [(Path(p["path"]).name, p["level"], p["message"])
            for p in json.loads(result.stdout)["problemes"]]


def stats(repo: RepoBuilder) -> dict[str, Any]:
    result = repo.run("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    total: dict[str, Any] = json.loads(result.stdout)["total"]
    return total


# Lomme (59355), commune associée of Lille since 2000; Huby-Saint-Leu (62461), commune déléguée
# of Hesdin-la-Forêt (62447) since 2025; Labuissière (62482), of Bruay-la-Buissière since 1987.
LOMME, LILLE = period("59355"), "59350"
HUBY, HESDIN_LA_FORET = period("62461"), "62447"
LABUISSIERE, BRUAY = period("62482"), "62178"


def gone_message(former: dict[str, Any], code: str, heir: str, status: str, date: str) -> str:
    name = commune_name(heir)
    return (f"« {former['nom']} » (commune {code}) n'a plus de conseil municipal "
            f"{since(former['fin'])} : elle est {status} {name} ; le {french(date)}, c'est le "
            f"conseil municipal de {name} (commune {heir}) qui délibère : indiquez le code "
            f"« {heir} » et le nom « {name} »")


# --- the history file and its script ----------------------------------------------------------
def test_history_file_carries_each_pinned_release() -> None:
    assert HISTORY["versions"] == {
        r.version: {"integrity": r.integrity, "cog": r.cog, "epci": r.epci,
                    "population": r.population,
                    "population_source": f"https://www.insee.fr/fr/{r.population_page}"}
        for r in RELEASES}
    assert all(r.integrity.startswith("sha512-") and len(r.integrity) == 95 for r in RELEASES)
    # Known from the releases themselves: Huby-Saint-Leu's last population is the 2022 census's
    # published by 4.1.0 (COG 2024), before its merger shown by 5.3.0 (COG 2025).
    assert (HUBY["successeur"], HUBY["fin"], HUBY["millesime"]) == (HESDIN_LA_FORET, "2025", 2022)
    assert HUBY["population"] == 840


def _package(root: Path, release: Release, communes: list[dict[str, Any]],
             epci: list[dict[str, Any]], history: list[dict[str, Any]] | None = None,
             readme: str = "") -> Path:
    folder = root / release.version
    (folder / "data").mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"version": release.version}), "utf-8")
    (folder / "README.md").write_text(readme or f"[pop](https://www.insee.fr/fr/"
                                      f"{release.population_page})\n| {release.epci} | "
                                      f"{release.version} |\n", "utf-8")
    (folder / "data" / "communes.json").write_text(json.dumps(communes), "utf-8")
    (folder / "data" / "epci.json").write_text(json.dumps(epci), "utf-8")
    if history is not None:
        (folder / "data" / "historique-communes.json").write_text(json.dumps(history), "utf-8")
    return folder


def test_history_derivation(tmp_path: Path) -> None:
    first = Release("1.0.0", "sha512-x", 2019, 2019, 2016, "statistiques/1")
    second = Release("2.0.0", "sha512-y", 2024, 2024, 2022, "statistiques/2")
    third = Release("3.0.0", "sha512-z", 2025, 2025, 2023, "statistiques/3")

    def actuelle(code: str, nom: str, population: int, siren: str = "") -> dict[str, Any]:
        row = {"code": code, "nom": nom, "type": "commune-actuelle", "population": population}
        return row | ({"siren": siren} if siren else {})

    insee = [  # Ancienne associated with Pôle in 2000; the others unchanged until 2019
        {"id": "COM-10001@1943-01-01", "type": "COM", "code": "10001", "nom": "Ancienne",
         "dateFin": "2000-02-27", "raisonFin": "fusion-association",
         "successeur": "COMA-10001@2000-02-27"},
        {"id": "COMA-10001@2000-02-27", "type": "COMA", "code": "10001", "nom": "Ancienne",
         "dateDebut": "2000-02-27", "pole": "COM-10002@2000-02-27"},
        {"id": "COM-10002@1943-01-01", "type": "COM", "code": "10002", "nom": "Pôle",
         "dateFin": "2000-02-27", "raisonFin": "fusion-association",
         "successeur": "COMP-10002@2000-02-27"},
        {"id": "COMP-10002@2000-02-27", "type": "COMP", "code": "10002", "nom": "Pôle",
         "pole": "COM-10002@2000-02-27"},
        {"id": "COM-10002@2000-02-27", "type": "COM", "code": "10002", "nom": "Pôle",
         "dateDebut": "2000-02-27"},
        {"id": "COM-10003@1943-01-01", "type": "COM", "code": "10003", "nom": "Petite"},
        {"id": "COM-10004@1943-01-01", "type": "COM", "code": "10004", "nom": "Bourg"},
    ]
    associated = {"code": "10001", "nom": "Ancienne", "type": "commune-associee",
                  "chefLieu": "10002"}
    before = [actuelle("10002", "Pôle", 900), actuelle("10003", "Petite", 80, "210000003"),
              actuelle("10004", "Bourg", 700, "210000004"), associated]
    after = [actuelle("10002", "Pôle", 910),
             {"code": "10003", "nom": "Petite", "type": "commune-deleguee", "chefLieu": "10004"},
             {"code": "10004", "nom": "Bourg", "type": "commune-deleguee", "chefLieu": "10004"},
             actuelle("10004", "Bourg-Nouveau", 800, "940000004") | {"anciensCodes": ["10003"]},
             associated]
    members = [{"code": c} for c in ("10002", "10003", "10004")]
    folders = {
        "1.0.0": _package(tmp_path, first, before, [{"code": "200000001", "nom": "CC Une",
                                                     "membres": members}], insee),
        "2.0.0": _package(tmp_path, second, [actuelle("10002", "Pôle", 905),
                                             actuelle("10003", "Petite", 75, "210000003"),
                                             actuelle("10004", "Bourg", 690, "210000004"),
                                             associated],
                          [{"code": "200000001", "nom": "CC Une", "membres": members[:2]},
                           {"code": "200000002", "nom": "CC Deux", "membres": members[2:]}]),
        "3.0.0": _package(tmp_path, third, after,
                          [{"code": "200000001", "nom": "CC Une",
                            "membres": [members[0], members[2]]}]),
    }
    derived = derive((first, second, third), folders)
    assert derived["communes"] == {
        "10001": [["Ancienne", None, "2000-02-27", "10002"]],
        "10002": [["Pôle", None, "2000-02-27", "10002"], ["Pôle", "2000-02-27"]],
        # the last population each had, with its census year, and its own SIREN
        "10003": [["Petite", None, "2025", "10004", 75, 2022, "210000003"]],
        "10004": [["Bourg", None, "2025", "10004", 690, 2022, "210000004"],
                  ["Bourg-Nouveau", "2025"]],
    }
    assert derived["epci"] == {"200000002": ["CC Deux", "2024", "2025"]}
    assert derived["epci_membres"] == {
        "200000001": {"2019": ["10002", "10003", "10004"], "2024": ["10002", "10003"]},
        "200000002": {"2024": ["10004"]},
    }
    check_release(first, folders["1.0.0"], "| 2019 | 1.0.0 |\n")
    with pytest.raises(ReleaseError):  # a README that does not name the population source
        check_release(second, folders["1.0.0"], "| 2024 | 2.0.0 |\n")


# --- communes déléguées and associées after their merger: refused -------------------------------
def test_lomme_in_2023_is_refused_naming_lille(repo: RepoBuilder) -> None:
    repo.add(commune("59355", "Lomme", "2023-05-12"))
    assert problems(repo) == [("commune-59355-lomme-2023-05-12.yml", "erreur",
                               gone_message(LOMME, "59355", LILLE, "commune associée de",
                                            "2023-05-12"))]
    assert LOMME["fin"] == "2000-02-27"  # INSEE's history dates it exactly


def test_labuissiere_in_2023_is_refused_naming_bruay(repo: RepoBuilder) -> None:
    repo.add(commune("62482", "Labuissière", "2023-06-01"))
    assert problems(repo) == [("commune-62482-labuissiere-2023-06-01.yml", "erreur",
                               gone_message(LABUISSIERE, "62482", BRUAY, "commune déléguée de",
                                            "2023-06-01"))]


HUBY_AFTER = gone_message(HUBY, "62461", HESDIN_LA_FORET, "commune déléguée de", "2025-03-15")


def test_huby_saint_leu_in_march_2025_is_refused_everywhere(repo: RepoBuilder,
                                                             tmp_path: Path) -> None:
    repo.add(commune("62461", "Huby-Saint-Leu", "2025-03-15"))
    assert problems(repo) == [("commune-62461-huby-saint-leu-2025-03-15.yml", "erreur",
                               HUBY_AFTER)]
    # petition import: the row is refused with its line named
    rows = tmp_path / "motions.csv"
    rows.write_text("type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,"
                    "abstentions,resultat,url\ncommune,62461,Huby-Saint-Leu,2025-03-15,motion,"
                    "Motion,,,,,,,adoptee,https://www.example.fr/m.pdf\n", "utf-8")
    imported = repo.run("import", str(rows), "--campaign", CAMPAIGN)
    assert imported.exit_code == 1
    assert imported.stdout == f"{rows}:2: colonne « code » : {HUBY_AFTER}\n"
    # petition new: the same judgement, nothing written
    new = repo.run("new", "--no-input", "--campaign", CAMPAIGN, "--type", "commune", "--code",
                   "62461", "--date", "2025-03-15", "--nature", "motion", "--objet", "Motion",
                   "--resultat", "adoptee", "--url", "https://www.example.fr/m.pdf")
    assert new.exit_code == 1
    assert new.stderr == (f"motions/{CAMPAIGN}/commune-62461-huby-saint-leu-2025-03-15.yml:1: "
                          f"« code » : {HUBY_AFTER}\nRien n'a été écrit : corrigez les réponses "
                          "ci-dessus.\n")
    assert sorted(p.name for p in (repo.root / "motions" / CAMPAIGN).glob("*.yml")) == [
        "campagne.yml", "commune-62461-huby-saint-leu-2025-03-15.yml"]  # the one added above


def test_issue_form_refuses_huby_saint_leu_in_2025(repo: RepoBuilder, tmp_path: Path) -> None:
    event = json.loads((ROOT / "tests" / "data" / "issues" / "valide.json").read_text("utf-8"))
    body = event["issue"]["body"].replace("\r\n", "\n")
    for old, new in (("\n62510\n", "\n62461\n"), ("\nLiévin\n", "\nHuby-Saint-Leu\n"),
                     ("12/10/2023", "15/03/2025")):
        assert old in body
        body = body.replace(old, new, 1)
    event["issue"]["body"] = body
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event, ensure_ascii=False), "utf-8")
    result = repo.run("from-issue", str(path))
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(body.split("\n"), 1)
                if text == "### Code officiel de la collectivité")
    assert f"ticket #12:{line}: Code officiel de la collectivité : {HUBY_AFTER}" in \
        result.stderr.splitlines()


# --- before the merger: the commune of the day, its own population and vintage ------------------
def test_huby_saint_leu_in_2023_counts_its_own_population(repo: RepoBuilder) -> None:
    repo.add(commune("62461", "Huby-Saint-Leu", "2023-10-12"))
    assert problems(repo) == []
    total = stats(repo)
    assert total["population_couverte"] == total["population_cumulee"] == HUBY["population"]
    assert total["population_millesime"] == VINTAGE
    assert total["populations_autres_millesimes"] == [
        {"code": "62461", "nom": "Huby-Saint-Leu", "aujourdhui": HESDIN_LA_FORET,
         "population": HUBY["population"], "millesime": HUBY["millesime"]}]
    text = repo.run("stats").stdout
    assert f"  Huby-Saint-Leu (62461, aujourd'hui {commune_name(HESDIN_LA_FORET)}) : " \
        f"{HUBY['population']}, millésime {HUBY['millesime']}\n" in text
    exported = json.loads(repo.run("export", "--format", "json").stdout)["motions"][0]
    assert {k: exported["collectivite"][k] for k in ("code", "nom_officiel", "siren", "population",
                                                     "population_millesime", "aujourdhui")} == {
        "code": "62461", "nom_officiel": "Huby-Saint-Leu", "siren": HUBY["siren"],
        "population": HUBY["population"], "population_millesime": HUBY["millesime"],
        "aujourdhui": {"code": HESDIN_LA_FORET, "nom": commune_name(HESDIN_LA_FORET)}}
    rows = repo.run("export", "--format", "csv").stdout.splitlines()
    header, row = (line.split(";") for line in rows[:2])
    values = dict(zip(header, row, strict=True))
    assert {k: values[k] for k in ("nom_officiel", "population", "population_millesime",
                                   "commune_aujourdhui", "commune_aujourdhui_nom")} == {
        "nom_officiel": "Huby-Saint-Leu", "population": str(HUBY["population"]),
        "population_millesime": str(HUBY["millesime"]), "commune_aujourdhui": HESDIN_LA_FORET,
        "commune_aujourdhui_nom": commune_name(HESDIN_LA_FORET)}


def test_former_commune_adds_nothing_inside_a_covered_commune(repo: RepoBuilder) -> None:
    repo.add(commune("62461", "Huby-Saint-Leu", "2023-10-12"))
    repo.add(commune(HESDIN_LA_FORET, commune_name(HESDIN_LA_FORET), "2025-06-10"))
    total = stats(repo)
    assert total["collectivites"] == 2  # two councils, on their own dates
    assert total["population_couverte"] == population(HESDIN_LA_FORET)
    assert total["population_cumulee"] == population(HESDIN_LA_FORET) + HUBY["population"]
    assert total["populations_autres_millesimes"] == []


def test_former_commune_adds_nothing_inside_an_adopting_epci(repo: RepoBuilder) -> None:
    siren = next(s for s, row in REF["epci"].items() if HESDIN_LA_FORET in row[2])
    members = REF["epci"][siren][2]
    repo.add(commune("62461", "Huby-Saint-Leu", "2023-10-12"))
    repo.add(motion_data(collectivite={"type": "epci", "code": siren, "nom": REF["epci"][siren][0]},
                         instance="Conseil communautaire", seance={"date": "2025-06-10"},
                         presences={}))
    total = stats(repo)
    assert total["population_couverte"] == sum(population(c) for c in members)


def test_hesdin_before_2025_is_hesdin(repo: RepoBuilder) -> None:
    hesdin = period(HESDIN_LA_FORET)  # the commune whose code the commune nouvelle took
    repo.add(commune(HESDIN_LA_FORET, commune_name(HESDIN_LA_FORET), "2023-10-12"))
    repo.add(commune(HESDIN_LA_FORET, hesdin["nom"], "2023-11-12"))
    today = commune_name(HESDIN_LA_FORET)
    assert problems(repo) == [(
        f"commune-62447-{'hesdin-la-foret'}-2023-10-12.yml", "erreur",
        f"« {today} » est le nom de la commune {HESDIN_LA_FORET} {since(period('62447', 1)['debut'])}"
        f" : le 12 octobre 2023, c'était la commune « {hesdin['nom']} », qui a son propre conseil et "
        f"sa propre population ; indiquez le nom « {hesdin['nom']} »")]
    (repo.root / "motions" / CAMPAIGN / "commune-62447-hesdin-la-foret-2023-10-12.yml").unlink()
    assert stats(repo)["population_couverte"] == hesdin["population"]


# --- bodies created on a date -----------------------------------------------------------------
@pytest.mark.parametrize("siren, name, law", [
    ("200054781", "Métropole du Grand Paris",
     "créée le 1er janvier 2016 (loi n° 2014-58 du 27 janvier 2014, art. 12, modifié par la loi "
     "n° 2015-991 du 7 août 2015, art. 59 ; CGCT L5219-1) ; avant, les communes et les "
     "intercommunalités d'alors délibéraient"),
    ("200054807", "Métropole d'Aix-Marseille-Provence",
     "créée le 1er janvier 2016 par la fusion de six intercommunalités (loi n° 2014-58 du 27 "
     "janvier 2014, art. 42 ; CGCT L5218-1) ; avant, ces intercommunalités, dont la communauté "
     "urbaine Marseille Provence Métropole, délibéraient"),
])
def test_metropoles_before_2016_are_refused(repo: RepoBuilder, siren: str, name: str,
                                            law: str) -> None:
    assert REF["epci"][siren][0] == name
    repo.add(motion_data(collectivite={"type": "epci", "code": siren, "nom": name},
                         instance="Conseil de la Métropole", seance={"date": "2015-06-15"},
                         presences={}, campagne=CAMPAIGN_2022))
    found = problems(repo)
    assert [(level, message) for _, level, message in found] == [
        ("erreur", f"aucun conseil « {name} » (epci {siren}) ne siégeait le 15 juin 2015 : {law}")]


# --- EPCI in the DGCL's lists ------------------------------------------------------------------
def test_epci_judged_by_the_list_in_force(repo: RepoBuilder) -> None:
    # The Métropole européenne de Lille took a new SIREN: absent from one list, in the next.
    new = next(s for s, row in HISTORY["epci"].items() if row[1] and row[0] == REF["epci"][s][0]
               and REF["epci"][s][0].startswith("Métropole Européenne de Lille"))
    old = next(s for s, row in HISTORY["epci"].items() if row[2] == HISTORY["epci"][new][1]
               and row[0] == HISTORY["epci"][new][0])
    start = int(HISTORY["epci"][new][1])
    previous = max(r.epci for r in RELEASES if r.epci < start)
    name = REF["epci"][new][0]
    for siren, date in ((new, f"{previous - 1}-06-15"), (new, f"{previous}-06-15"),
                        (old, f"{start}-06-15")):
        repo.add(motion_data(collectivite={"type": "epci", "code": siren, "nom": name},
                             instance="Conseil de la Métropole", seance={"date": date},
                             presences={}, campagne=CAMPAIGN_2022))
    listed = "la liste des EPCI à fiscalité propre de la DGCL"
    assert sorted(problems(repo)) == sorted([
        (f"epci-{new}-metropole-europeenne-de-lille-{previous - 1}-06-15.yml", "erreur",
         f"« {name} » (EPCI {new}) n'existait pas encore le 15 juin {previous - 1} : absente de "
         f"{listed} au 1er janvier {previous}, elle n'y figure qu'à partir du 1er janvier {start} ;"
         " vérifiez la date ou le SIREN"),
        (f"epci-{new}-metropole-europeenne-de-lille-{previous}-06-15.yml", "avertissement",
         f"« {name} » (EPCI {new}) ne figure dans {listed} qu'à partir du 1er janvier {start} "
         f"(absente de celle du 1er janvier {previous}) : vérifiez qu'elle existait le 15 juin "
         f"{previous}"),
        (f"epci-{old}-metropole-europeenne-de-lille-{start}-06-15.yml", "erreur",
         f"« {name} » (EPCI {old}) n'existe plus le 15 juin {start} : elle n'est plus dans "
         f"{listed} au 1er janvier {start} ; ses communes relèvent aujourd'hui de : {name} "
         f"(EPCI {new}) ; indiquez le SIREN de l'intercommunalité qui a délibéré"),
    ])


# --- a campaign's period, and the office its text addresses -----------------------------------
PERIOD_CAMPAIGN = "periode-essai"


def period_campaign(repo: RepoBuilder, **extra: Any) -> None:
    data = {"id": PERIOD_CAMPAIGN, "titre": "Campagne d'essai",
            "texte": "Le Conseil demande au Ministre de la Santé et de la Prévention :",
            "destinataires": [{"id": "ministre-sante", "fonction": "Ministre chargé de la santé",
                               "titres": [{"titre": "Ministre des Solidarités et de la Santé",
                                           "au": "2022-05-20"},
                                          {"titre": "Ministre de la Santé et de la Prévention",
                                           "du": "2022-05-20", "au": "2024-01-11"}]}],
            **extra}
    repo.write(f"motions/{PERIOD_CAMPAIGN}/campagne.yml", dump_motion(data, "campaign"))


def test_motion_outside_the_campaign_period_is_refused(repo: RepoBuilder) -> None:
    period_campaign(repo, periode={"debut": "2023-09-01", "fin": "2024-06-30"})
    repo.add(motion_data(campagne=PERIOD_CAMPAIGN, seance={"date": "2023-05-10"}))
    repo.add(motion_data(campagne=PERIOD_CAMPAIGN, seance={"date": "2023-09-27"}))
    assert problems(repo) == [(
        "commune-62498-lens-2023-05-10.yml", "erreur",
        f"séance du 10 mai 2023 hors de la période de la campagne « {PERIOD_CAMPAIGN} » (du "
        "1er septembre 2023 au 30 juin 2024) : vérifiez la date de séance, ou rangez la motion "
        "dans la campagne de cette période")]


def test_motion_before_the_addressed_office_is_warned(repo: RepoBuilder) -> None:
    title = "Ministre de la Santé et de la Prévention"
    period_campaign(repo, texte_adresse_a={"destinataire": "ministre-sante", "titre": title})
    repo.add(motion_data(campagne=PERIOD_CAMPAIGN, seance={"date": "2021-05-10"}))
    repo.add(motion_data(campagne=PERIOD_CAMPAIGN, seance={"date": "2022-05-20"}))
    assert problems(repo) == [(
        "commune-62498-lens-2021-05-10.yml", "avertissement",
        f"séance du 10 mai 2021 : le texte de la campagne « {PERIOD_CAMPAIGN} » est adressé au titre "
        f"« {title} », qui n'existe qu'à partir du 20 mai 2022 ; une motion adoptée avant ne peut "
        "pas reprendre ce texte : vérifiez la date de séance ou la campagne")]


def test_addressed_office_must_be_a_recipients_title(repo: RepoBuilder) -> None:
    period_campaign(repo, texte_adresse_a={"destinataire": "ministre-sante",
                                           "titre": "Ministre de la Santé"})
    assert problems(repo) == [(
        "campagne.yml", "erreur",
        "« Ministre de la Santé » n'est pas un des titres du destinataire « ministre-sante » "
        "(« Ministre des Solidarités et de la Santé » ; « Ministre de la Santé et de la "
        "Prévention ») : recopiez-le tel qu'il figure sous « titres », ou ajoutez-y ce titre avec "
        "ses dates")]


def test_former_commune_covers_part_of_todays_target(repo: RepoBuilder, tmp_path: Path) -> None:
    repo.add(commune("62461", "Huby-Saint-Leu", "2023-10-12"))
    targets = tmp_path / "cibles.csv"
    targets.write_text(f"type,code\ncommune,{HESDIN_LA_FORET}\n", "utf-8")
    assert repo.run("targets", "import", str(targets), "--campaign", CAMPAIGN).exit_code == 0
    state = json.loads(repo.run("targets", "--campaign", CAMPAIGN, "--format", "json").stdout)[0]
    assert {k: state[k] for k in ("statut", "population", "couverture", "population_couverte",
                                  "couverte_par")} == {
        "statut": "en_attente", "population": population(HESDIN_LA_FORET),
        "couverture": "partielle", "population_couverte": HUBY["population"],
        "couverte_par": [{"type": "commune", "code": "62461", "nom": "Huby-Saint-Leu"}]}
