"""Council procedure by the law in force on the session's date (issue 13): the casting vote, the
health-emergency quorum and proxies, the attendance lists, the convocation delay and the legal
size of a municipal council, in `validate` and `import` alike; and a 15,000-name list checked in
linear time (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, FIXTURES, ROOT, SAMPLE_LENS, TODAY, RepoBuilder, motion_data
from petition.core import checks, procedure
from petition.core.model import Motion
from petition.core.referential import referential
from petition.core.repository import analyse
from petition.core.yamlstrict import load_bytes
from work import steps

RAW = json.loads((ROOT / "scripts/petition/data/referentiel.json").read_text("utf-8"))
COMMUNES: dict[str, list[Any]] = RAW["communes"]


def problems(repo: RepoBuilder) -> tuple[int, list[tuple[str, str]]]:
    result = repo.run("validate", "--format", "json")
    found = json.loads(result.stdout)["problemes"]
    return result.exit_code, [(p["level"], p["message"]) for p in found]


def session(date: str, presences: dict[str, Any], vote: dict[str, Any] | None = None,
            **extra: Any) -> dict[str, Any]:
    """A motion of Lens (39 members in office) on `date`, in the campaign of that year."""
    campaign = CAMPAIGN if date >= "2023" else CAMPAIGN_2022
    return motion_data(campagne=campaign, seance={"date": date}, presences=presences,
                       vote=vote or {"resultat": "adoptee"}, **extra)


# --- the casting vote -------------------------------------------------------------------------
def test_tie_adopted_is_lawful_with_the_casting_vote(repo: RepoBuilder) -> None:
    repo.add(motion_data(presences={"effectif": 39, "presents": 26, "pouvoirs": 0},
                         vote={"resultat": "adoptee", "pour": 13, "contre": 13}))
    assert problems(repo) == (0, [("avertissement",
        "adoptée à égalité (13 pour, 13 contre) : régulier par la voix prépondérante du président "
        "(CGCT L2121-20), sauf si le vote était secret ; vérifiez que le document le dit")])


def test_tie_of_a_region_cites_its_own_article(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "region", "code": "32", "nom": "Hauts-de-France"},
                         presences={}, vote={"resultat": "adoptee", "pour": 80, "contre": 80}))
    code, found = problems(repo)
    assert code == 0
    assert ("avertissement", "adoptée à égalité (80 pour, 80 contre) : régulier par la voix "
            "prépondérante du président (CGCT L4132-14), sauf si le vote était secret ; vérifiez "
            "que le document le dit") in found


def test_tie_rejected_is_plain(repo: RepoBuilder) -> None:
    repo.add(motion_data(presences={}, vote={"resultat": "rejetee", "pour": 13, "contre": 13}))
    assert problems(repo) == (0, [])


def test_adopted_with_fewer_votes_for_is_still_refused(repo: RepoBuilder) -> None:
    repo.add(motion_data(presences={}, vote={"resultat": "adoptee", "pour": 12, "contre": 13}))
    assert problems(repo) == (1, [("erreur", "adoptée avec 12 pour et 13 contre : vérifiez le "
                                             "résultat ou les voix")])


# --- quorum and proxies by date ---------------------------------------------------------------
# 14 present and 20 proxies of 39 members: lawful only under the state of health emergency
# (14 × 3 = 42 ≥ 39 makes the third; 20 ≤ 2 × 14 proxies).
EMERGENCY_ATTENDANCE = {"effectif": 39, "presents": 14, "pouvoirs": 20}
ORDINARY_VERDICT = [
    ("avertissement", "quorum non atteint (14 présents sur 39) : normal seulement après une seconde "
                      "convocation ; sinon, vérifiez les nombres"),
    ("erreur", "20 pouvoirs pour 14 présents : chaque présent ne peut détenir qu'un pouvoir "
               "(CGCT L2121-20)")]


@pytest.mark.parametrize("date", ["2020-03-24", "2020-08-30", "2020-11-15", "2021-03-15",
                                  "2021-09-30", "2021-11-11", "2022-07-31"])
def test_health_emergency_allows_two_proxies_and_a_third(repo: RepoBuilder, date: str) -> None:
    repo.add(session(date, EMERGENCY_ATTENDANCE))
    code, found = problems(repo)
    assert code == 0
    assert [f for f in found if "pouvoir" in f[1] or "quorum" in f[1]] == []


@pytest.mark.parametrize("date", ["2020-03-23", "2020-08-31", "2020-11-14", "2021-10-01",
                                  "2021-11-10", "2022-08-01"])
def test_outside_the_emergency_the_ordinary_rules_hold(repo: RepoBuilder, date: str) -> None:
    repo.add(session(date, EMERGENCY_ATTENDANCE))
    code, found = problems(repo)
    assert code == 1
    assert [f for f in found if "pouvoir" in f[1] or "quorum" in f[1]] == ORDINARY_VERDICT


def test_emergency_still_has_limits(repo: RepoBuilder) -> None:
    repo.add(session("2021-03-15", {"effectif": 39, "presents": 12, "pouvoirs": 25}))
    code, found = problems(repo)
    assert code == 1
    assert [f for f in found if "pouvoir" in f[1] or "quorum" in f[1]] == [
        ("avertissement", "quorum non atteint (12 présents sur 39 (le tiers des membres en "
                          "exercice : état d'urgence sanitaire : loi n° 2020-1379 du 14 novembre "
                          "2020, art. 6, prolongé par la loi n° 2021-689 du 31 mai 2021 jusqu'au "
                          "30 septembre 2021)) : normal seulement après une seconde convocation ; "
                          "sinon, vérifiez les nombres"),
        ("erreur", "25 pouvoirs pour 12 présents : chaque présent pouvait détenir au plus 2 "
                   "pouvoirs (état d'urgence sanitaire : loi n° 2020-1379 du 14 novembre 2020, "
                   "art. 6, prolongé par la loi n° 2021-689 du 31 mai 2021 jusqu'au 30 septembre "
                   "2021)")]


def test_named_holder_of_three_proxies_in_the_emergency(repo: RepoBuilder) -> None:
    repo.add(session("2022-01-20", {
        "effectif": 5, "presents": 2, "pouvoirs": 3,
        "noms": {"presents": ["M. A", "M. B"],
                 "pouvoirs": [{"mandant": "M. C", "mandataire": "M. A"},
                              {"mandant": "M. D", "mandataire": "M. A"},
                              {"mandant": "M. E", "mandataire": "M. A"}]}}))
    code, found = problems(repo)
    assert code == 1
    assert ("erreur", "M. A détient 3 pouvoirs : un présent pouvait en détenir au plus 2 (état "
                      "d'urgence sanitaire : loi n° 2021-1465 du 10 novembre 2021, art. 10, du "
                      "11 novembre 2021 au 31 juillet 2022)") in found


def test_import_follows_the_session_date(repo: RepoBuilder, tmp_path: Path) -> None:
    csv_file = tmp_path / "vague-2021.csv"
    csv_file.write_text(
        "type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,abstentions,"
        "resultat,url\n"
        "commune,62498,Lens,2021-03-15,motion,Motion pour les bibliothèques,39,14,20,34,0,0,adoptee,\n"
        "commune,62510,Liévin,2021-10-05,motion,Motion pour les bibliothèques,39,14,20,34,0,0,adoptee,\n",
        encoding="utf-8")
    result = repo.run("import", str(csv_file), "--campaign", CAMPAIGN_2022)
    assert result.exit_code == 1
    assert (repo.root / f"motions/{CAMPAIGN_2022}/commune-62498-lens-2021-03-15.yml").is_file()
    assert not (repo.root / f"motions/{CAMPAIGN_2022}/commune-62510-lievin-2021-10-05.yml").exists()
    assert (f"{csv_file}:3: colonne « pouvoirs » : 20 pouvoirs pour 14 présents : chaque présent "
            "ne peut détenir qu'un pouvoir (CGCT L2121-20)") in result.output


# --- attendance lists ------------------------------------------------------------------------
def named(**noms: Any) -> dict[str, Any]:
    counts = {"presents": len(noms.get("presents", [])), "pouvoirs": len(noms.get("pouvoirs", []))}
    for key in ("excuses", "absents"):
        if key in noms:
            counts[key] = len(noms[key])
    return {"effectif": 7, **counts, "noms": noms}


def test_secretary_must_be_present(repo: RepoBuilder) -> None:
    repo.add(motion_data(seance={"date": "2023-09-27", "secretaire": "Mme VINCENT"},
                         presences=named(presents=["M. A", "Mme B", "M. C", "Mme D"],
                                         excuses=["Mme VINCENT"]),
                         vote={"resultat": "adoptee"}))
    code, found = problems(repo)
    assert code == 1
    assert ("erreur", "le secrétaire de séance Mme VINCENT n'est pas dans la liste des présents : "
                      "il est choisi parmi les membres présents (CGCT L2121-15) ; écrivez son nom "
                      "comme dans la liste") in found


def test_secretary_named_with_first_name_is_found(repo: RepoBuilder) -> None:
    # As in the fixture Lens motion: « Claire DUVAL » is secretary, « Mme DUVAL » among those present.
    repo.add(motion_data(seance={"date": "2023-09-27", "secretaire": "Claire DUVAL"},
                         presences=named(presents=["M. LEGRAND", "Mme DUVAL", "M. A", "Mme B"]),
                         vote={"resultat": "adoptee"}))
    assert problems(repo) == (0, [])


def test_member_in_two_lists(repo: RepoBuilder) -> None:
    repo.add(motion_data(presences=named(presents=["M. A", "Mme B", "M. C", "Mme D"],
                                         excuses=["Mme B"]),
                         vote={"resultat": "adoptee"}))
    code, found = problems(repo)
    assert code == 1
    assert ("erreur", "Mme B figure dans plusieurs listes (présents, excusés) : un membre "
                      "n'apparaît que dans une liste") in found


def test_member_present_and_giving_a_proxy(repo: RepoBuilder) -> None:
    repo.add(motion_data(presences=named(presents=["M. A", "Mme B", "M. C", "Mme D"],
                                         pouvoirs=[{"mandant": "M. C", "mandataire": "M. A"}]),
                         vote={"resultat": "adoptee"}))
    code, found = problems(repo)
    assert code == 1
    assert ("erreur", "M. C figure dans plusieurs listes (présents, pouvoirs (mandants)) : un "
                      "membre n'apparaît que dans une liste") in found


def test_sample_lens_motion_passes() -> None:
    # Its full attendance lists, proxies and a secretary named « Claire DUVAL », listed among those
    # present as « Mme DUVAL ».
    rel = SAMPLE_LENS
    loaded = load_bytes((FIXTURES / rel).read_bytes())
    motion = Motion(rel, loaded.data, loaded.lines)
    assert motion.data["seance"]["secretaire"] == "Claire DUVAL"
    assert "Mme DUVAL" in motion.data["presences"]["noms"]["presents"]
    assert list(procedure.check_procedure(motion, referential())) == []
    assert [p for p in analyse("motion", rel, (FIXTURES / rel).read_bytes(), TODAY)[2]
            if p.is_error] == []


# --- convocation delay -------------------------------------------------------------------------
def test_short_convocation_in_a_large_commune(repo: RepoBuilder) -> None:
    assert COMMUNES["62498"][4] >= 3500  # Lens: 5 jours francs
    # Convened on the 24th for the 27th: the 25th and 26th are the only jours francs.
    repo.add(motion_data(dates={"convocation": "2023-09-24"}))
    assert problems(repo) == (0, [("avertissement",
        "convocation du 2023-09-24 pour une séance du 2023-09-27 : 2 jours francs, moins que les "
        "5 jours francs de la loi (CGCT L2121-12) ; normal seulement en cas d'urgence, sinon "
        "vérifiez les dates")])


def test_five_jours_francs_are_enough(repo: RepoBuilder) -> None:
    repo.add(motion_data(dates={"convocation": "2023-09-21"}))  # 22, 23, 24, 25, 26
    assert problems(repo) == (0, [])


def test_small_commune_needs_three_jours_francs(repo: RepoBuilder) -> None:
    code = "62001"  # Ablain-Saint-Nazaire
    name, population = COMMUNES[code][0], COMMUNES[code][4]
    assert population < 3500
    repo.add(motion_data(collectivite={"type": "commune", "code": code, "nom": name},
                         presences={}, dates={"convocation": "2023-09-23"}))  # 24, 25, 26
    assert problems(repo) == (0, [])
    repo.add(motion_data(collectivite={"type": "commune", "code": code, "nom": name},
                         presences={}, seance={"date": "2023-10-05"},
                         dates={"convocation": "2023-10-03"}))
    _, found = problems(repo)
    assert ("avertissement", "convocation du 2023-10-03 pour une séance du 2023-10-05 : 1 jours "
            "francs, moins que les 3 jours francs de la loi (CGCT L2121-11) ; normal seulement en "
            "cas d'urgence, sinon vérifiez les dates") in found


def test_departement_needs_twelve_days(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "departement", "code": "62",
                                       "nom": "Pas-de-Calais"}, presences={},
                         seance={"date": "2023-10-10"}, dates={"convocation": "2023-10-01"}))
    assert problems(repo) == (0, [("avertissement",
        "convocation du 2023-10-01 pour une séance du 2023-10-10 : 9 jours, moins que les 12 jours "
        "de la loi (CGCT L3121-19) ; normal seulement en cas d'urgence, sinon vérifiez les dates")])


# --- the council's legal size (CGCT L2121-2) ------------------------------------------------------
def test_effectif_above_the_legal_size(repo: RepoBuilder) -> None:
    code = "62510"  # Liévin
    population = COMMUNES[code][4]
    assert 30000 <= population < 40000  # L2121-2: 39 members from 30,000 to 39,999 inhabitants
    repo.add(motion_data(collectivite={"type": "commune", "code": code, "nom": "Liévin"},
                         presences={"effectif": 43, "presents": 30}))
    assert problems(repo) == (0, [("avertissement",
        f"43 membres en exercice, plus que les 39 conseillers municipaux d'une commune de "
        f"{population} habitants (CGCT L2121-2 ; population municipale INSEE, millésime 2023 en "
        "vigueur au 1er janvier 2026) : vérifiez l'effectif")])


def test_effectif_at_the_legal_size_is_fine(repo: RepoBuilder) -> None:
    population = COMMUNES["62498"][4]
    assert 30000 <= population < 40000  # Lens: 39 members
    repo.add(motion_data())  # effectif 39
    assert problems(repo) == (0, [])


# --- linear attendance checks (issue 14) ---------------------------------------------------------
class _Name(str):
    """A member's name that counts how often the checks compare or hash it: a lookup in a list
    compares it with every name of the list, a lookup in a set or dict hashes it once."""

    uses = 0

    def __eq__(self, other: object) -> bool:
        _Name.uses += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        _Name.uses += 1
        return str.__hash__(self)


def _attendance(members: int) -> Motion:
    """A council of `members` present members and about half as many proxies, the secretary last
    of the list: only the size is wrong (far more members than Lens's council has)."""
    presents = [_Name(f"M. MEMBRE{i:05d}") for i in range(members)]
    powers = [{"mandant": _Name(f"Mme ABSENTE{i:05d}"), "mandataire": presents[i]}
              for i in range(members * 7 // 15)]
    data = motion_data(seance={"date": "2023-09-27", "secretaire": presents[-1]},
                       presences={"effectif": members + len(powers), "presents": members,
                                  "pouvoirs": len(powers),
                                  "noms": {"presents": presents, "pouvoirs": powers}},
                       vote={"resultat": "adoptee"})
    return Motion(f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml", data, {(): 1})


def _checked(motion: Motion) -> list[str]:
    ref = referential()
    return [p.field for p in [*checks.check_votes(motion), *procedure.check_procedure(motion, ref)]]


def _work(members: int) -> tuple[int, int, int]:
    """Interpreter steps, uses of the names and normalisations of the checks on `members` names."""
    motion = _attendance(members)
    _checked(motion)  # the referential's territory is loaded once, outside what is counted
    normalised = 0
    real = procedure.normalize_name

    def counted(name: str) -> str:
        nonlocal normalised
        normalised += 1
        return real(name)

    _Name.uses = 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(procedure, "normalize_name", counted)
        taken = steps(_checked, motion)
    return taken, _Name.uses, normalised


def test_fifteen_thousand_names_are_checked_in_linear_work() -> None:
    # Only the size is wrong (22,000 members for Lens); a list-membership loop took 6.3 s here.
    assert _checked(_attendance(15000)) == ["presences.effectif"]
    small, large = _work(1500), _work(3000)
    assert small[2] == 1500 + 700 and large[2] == 3000 + 1400  # each name normalised once
    for at_n, at_2n in zip(small, large, strict=True):
        assert at_2n <= 2.1 * at_n, (small, large)  # quadratic work would quadruple
