"""Councils whose existence, name or territory the law changed, with the date and the text.

The referential (COG 2026) knows today's map only. These few facts of law say which council sat
on a given date: a motion dated before a council existed, or after it was replaced, cannot be
its act. Dates are ISO strings; `start` is the first day a state holds, `end` the first day it no
longer does. The methodology page (docs/methode.md) says the same in French for readers.
"""

from __future__ import annotations

from dataclasses import dataclass

BodyRef = tuple[str, str]  # (type, code)


@dataclass(frozen=True)
class Replaced:
    """A council that does not sit from `end` on (or never sat, when `end` is None)."""

    end: str | None
    why: str  # French, after « … » : what happened, with the law
    successor: BodyRef | None  # the council that sits instead, when the referential codes it
    successor_text: str  # French: that council, named


@dataclass(frozen=True)
class Created:
    """A council that sits only from `start` on."""

    start: str
    why: str
    predecessor_text: str  # French: a clause saying who deliberated before


@dataclass(frozen=True)
class Era:
    """From `start` on, the council has another name, assembly or territory."""

    start: str
    nom: str | None = None  # the official name from then on (the COG name stays accepted)
    instance: str | None = None  # its deliberating assembly
    tag: str = ""  # a territory rule of referential.territory()


PARIS_CENTRE_START = "2020-06-28"
# Loi n° 2017-257 du 28 février 2017, art. 21 (code électoral, tableau n° 2): the first four
# arrondissements of Paris form one secteur, « Paris Centre », with one conseil d'arrondissement,
# from the general renewal of 2020, whose second round (loi n° 2020-290, art. 19) was on
# 28 June 2020.
PARIS_CENTRE = ("75101", "75102", "75103", "75104")

# Code électoral, article L261 and its tableau n° 3: the sixteen arrondissements of Marseille form
# eight secteurs, each with one conseil d'arrondissement. A secteur's council is coded here by its
# first arrondissement.
MARSEILLE_SECTORS = (("13201", "13207"), ("13202", "13203"), ("13204", "13205"),
                     ("13206", "13208"), ("13209", "13210"), ("13211", "13212"),
                     ("13213", "13214"), ("13215", "13216"))

METROPOLE_DE_LYON = "200046977"
METROPOLE_DU_GRAND_PARIS = "200054781"
AIX_MARSEILLE_PROVENCE = "200054807"
ALSACE = "6AE"  # INSEE's code of the Collectivité européenne d'Alsace (COG, since 2021)
ALSACE_NAME = "Collectivité européenne d'Alsace"
ALSACE_START = "2021-01-01"

_CORSE = "loi n° 2015-991 du 7 août 2015 (NOTRe), art. 30"
_CTU = ("loi n° 2011-884 du 27 juillet 2011, art. 21 : dès la première réunion de l'assemblée "
        "élue en décembre 2015, le 18 décembre 2015")
_CTU_START = "2015-12-18"
_ALSACE = "loi n° 2019-816 du 2 août 2019"
_PARIS = "loi n° 2017-257 du 28 février 2017, art. 1er"

REPLACED: dict[BodyRef, Replaced] = {
    ("departement", "75"): Replaced(
        "2019-01-01", f"remplacé par la Ville de Paris le 1er janvier 2019 ({_PARIS})",
        ("commune", "75056"), "le Conseil de Paris (Ville de Paris, commune 75056)"),
    ("departement", "2A"): Replaced(
        "2018-01-01", f"remplacé par la Collectivité de Corse le 1er janvier 2018 ({_CORSE})",
        ("region", "94"), "l'Assemblée de Corse (Collectivité de Corse, code 94)"),
    ("departement", "2B"): Replaced(
        "2018-01-01", f"remplacé par la Collectivité de Corse le 1er janvier 2018 ({_CORSE})",
        ("region", "94"), "l'Assemblée de Corse (Collectivité de Corse, code 94)"),
    ("departement", "972"): Replaced(
        _CTU_START, f"remplacé par la collectivité territoriale de Martinique ({_CTU})",
        ("region", "02"), "l'Assemblée de Martinique (collectivité territoriale de Martinique, "
                          "code 02)"),
    ("departement", "973"): Replaced(
        _CTU_START, f"remplacé par la collectivité territoriale de Guyane ({_CTU})",
        ("region", "03"), "l'Assemblée de Guyane (collectivité territoriale de Guyane, code 03)"),
    ("departement", "67"): Replaced(
        ALSACE_START, f"remplacé par la {ALSACE_NAME} le 1er janvier 2021 ({_ALSACE})",
        ("departement", ALSACE), f"le conseil de la {ALSACE_NAME} (code {ALSACE})"),
    ("departement", "68"): Replaced(
        ALSACE_START, f"remplacé par la {ALSACE_NAME} le 1er janvier 2021 ({_ALSACE})",
        ("departement", ALSACE), f"le conseil de la {ALSACE_NAME} (code {ALSACE})"),
    ("region", "06"): Replaced(
        None, "Mayotte n'a pas de conseil régional : le Département de Mayotte exerce les "
              "compétences d'une région (loi n° 2010-1487 du 7 décembre 2010)",
        ("departement", "976"), "le conseil départemental de Mayotte (département 976)"),
    ("com", "984"): Replaced(
        None, "les Terres australes et antarctiques françaises n'ont pas d'assemblée élue",
        None, ""),
    ("com", "989"): Replaced(
        None, "l'île de Clipperton n'a ni population permanente ni assemblée", None, ""),
}
for _code in PARIS_CENTRE[1:]:
    REPLACED["arrondissement", _code] = Replaced(
        PARIS_CENTRE_START, "regroupé avec les 1er, 2e, 3e et 4e arrondissements dans le secteur "
        "« Paris Centre » au renouvellement de 2020 (loi n° 2017-257 du 28 février 2017, art. 21)",
        ("arrondissement", "75101"), "le conseil d'arrondissement de Paris Centre (code 75101)")
for _first, _second in MARSEILLE_SECTORS:
    REPLACED["arrondissement", _second] = Replaced(
        None, "à Marseille, un seul conseil siège pour deux arrondissements (code électoral, "
        "article L261, tableau n° 3)", ("arrondissement", _first),
        f"le conseil des {int(_first[-2:])}e et {int(_second[-2:])}e arrondissements "
        f"(code {_first})".replace(" 1e ", " 1er "))

# Communes codes of collectivités d'outre-mer that have no municipal council: the COM itself
# exercises the communes' powers (Saint-Barthélemy, Saint-Martin: loi organique n° 2007-223 du
# 21 février 2007), or the territory has no commune (Wallis-et-Futuna's three circonscriptions,
# the TAAF's districts, Clipperton).
_COM_2007 = "loi organique n° 2007-223 du 21 février 2007"
NO_COMMUNE_COUNCIL: dict[str, Replaced] = {
    "977": Replaced(None, f"Saint-Barthélemy n'a pas de commune ({_COM_2007})", ("com", "977"),
                    "le conseil territorial de Saint-Barthélemy (code 977)"),
    "978": Replaced(None, f"Saint-Martin n'a pas de commune ({_COM_2007})", ("com", "978"),
                    "le conseil territorial de Saint-Martin (code 978)"),
    "986": Replaced(None, "Wallis-et-Futuna n'a pas de communes mais trois circonscriptions",
                    ("com", "986"), "l'Assemblée territoriale des îles Wallis et Futuna "
                                    "(code 986)"),
    "984": Replaced(None, "les districts des Terres australes et antarctiques françaises n'ont "
                          "pas de conseil élu", None, ""),
    "989": Replaced(None, "l'île de Clipperton n'a ni population permanente ni conseil", None, ""),
}

CREATED: dict[BodyRef, Created] = {
    ("collectivite", METROPOLE_DE_LYON): Created(
        "2015-01-01", "créée le 1er janvier 2015 (loi n° 2014-58 du 27 janvier 2014, art. 26 ; "
        "CGCT L3611-1)", "la Communauté urbaine de Lyon délibérait (elle n'est plus dans le "
                         "référentiel)"),
    ("departement", ALSACE): Created(
        ALSACE_START, f"créée le 1er janvier 2021 ({_ALSACE})",
        "les conseils départementaux du Bas-Rhin (67) et du Haut-Rhin (68) délibéraient"),
    ("epci", METROPOLE_DU_GRAND_PARIS): Created(
        "2016-01-01", "créée le 1er janvier 2016 (loi n° 2014-58 du 27 janvier 2014, art. 12, "
        "modifié par la loi n° 2015-991 du 7 août 2015, art. 59 ; CGCT L5219-1)",
        "les communes et les intercommunalités d'alors délibéraient"),
    ("epci", AIX_MARSEILLE_PROVENCE): Created(
        "2016-01-01", "créée le 1er janvier 2016 par la fusion de six intercommunalités (loi "
        "n° 2014-58 du 27 janvier 2014, art. 42 ; CGCT L5218-1)",
        "ces intercommunalités, dont la communauté urbaine Marseille Provence Métropole, "
        "délibéraient"),
}
# Loi n° 2015-991 du 7 août 2015 (NOTRe), art. 59 (CGCT L5219-2): the établissements publics
# territoriaux of the Métropole du Grand Paris exist from 1 January 2016.
EPT_CREATED = Created("2016-01-01", "les établissements publics territoriaux du Grand Paris "
                      "existent depuis le 1er janvier 2016 (loi n° 2015-991 du 7 août 2015, "
                      "art. 59)", "les communes et les intercommunalités d'alors délibéraient")

ERAS: dict[BodyRef, tuple[Era, ...]] = {
    ("region", "94"): (Era("2018-01-01", "Collectivité de Corse", "Assemblée de Corse"),),
    ("region", "02"): (Era(_CTU_START, "Collectivité territoriale de Martinique",
                           "Assemblée de Martinique"),),
    ("region", "03"): (Era(_CTU_START, "Collectivité territoriale de Guyane",
                           "Assemblée de Guyane"),),
    ("commune", "75056"): (Era("2019-01-01", None, "Conseil de Paris", "ville-de-paris"),),
    ("departement", "69"): (Era("2015-01-01", tag="hors-metropole"),),
    ("arrondissement", "75101"): (Era(PARIS_CENTRE_START, "Paris Centre", tag="paris-centre"),),
}

# Names a council is also known by, whatever the date (the COG name stays the official one).
OTHER_NAMES: dict[BodyRef, tuple[str, ...]] = {
    ("commune", "75056"): ("Ville de Paris",),
    ("departement", "976"): ("Département de Mayotte",),
    ("region", "94"): ("Collectivité de Corse",),
}

INSTANCES = {"commune": "Conseil municipal", "arrondissement": "Conseil d'arrondissement",
             "epci": "Conseil communautaire", "ept": "Conseil de territoire",
             "collectivite": "Conseil de la Métropole", "departement": "Conseil départemental",
             "region": "Conseil régional", "com": "Conseil territorial"}
BODY_INSTANCES: dict[BodyRef, str] = {
    ("collectivite", METROPOLE_DE_LYON): "Conseil de la Métropole de Lyon",
    ("departement", ALSACE): f"Conseil de la {ALSACE_NAME}",
    ("region", "94"): "Assemblée de Corse",
    ("commune", "75056"): "Conseil de Paris",
    ("com", "986"): "Assemblée territoriale des îles Wallis et Futuna",
    ("com", "987"): "Assemblée de la Polynésie française",
    ("com", "988"): "Congrès de la Nouvelle-Calédonie",
}
