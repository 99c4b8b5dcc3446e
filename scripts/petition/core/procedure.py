"""Council procedure by the law in force on the session's date (CGCT): quorum and proxies (with
the health-emergency periods), the president's casting vote, the attendance lists, the convocation
delay and the legal size of a municipal council.

Every check here is linear in the size of the attendance lists: names are compared through sets,
so that a 15,000-name list (the file size cap's worst case) is checked in milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from petition.core.model import Motion, as_count, result_word
from petition.core.problems import ERROR, WARNING, Problem
from petition.core.referential import Body, Referential, normalize_name
from petition.core.vintages import population_known, vintage_text


@dataclass(frozen=True)
class Rules:
    """Quorum and proxies for a session."""

    proxies: int  # how many proxies one present member may hold
    third: bool  # quorum: at least one third present (else more than half)
    source: str  # French: the law that sets these rules

    def quorum_reached(self, presents: int, effectif: int) -> bool:
        return presents * 3 >= effectif if self.third else presents * 2 > effectif

    @property
    def quorum_text(self) -> str:
        return "le tiers des membres en exercice" if self.third else \
            "plus de la moitié des membres en exercice"


ORDINARY = Rules(1, False, "CGCT L2121-17 et L2121-20")

# The state of health emergency's council rules: a third of the members in office make the quorum,
# and a member may hold two proxies. Each period's first and last day, both included:
# - loi n° 2020-290 du 23 mars 2020, art. 10, in force from 24 March 2020 (published and in force
#   that day), « jusqu'au 30 août 2020 » as amended by loi n° 2020-760 du 22 juin 2020, art. 3;
# - loi n° 2020-1379 du 14 novembre 2020, art. 6 (Journal officiel of 15 November 2020), extended to
#   30 September 2021 by loi n° 2021-689 du 31 mai 2021;
# - loi n° 2021-1465 du 10 novembre 2021, art. 10: from 11 November 2021 to 31 July 2022.
HEALTH_EMERGENCY = (
    (dt.date(2020, 3, 24), dt.date(2020, 8, 30),
     "loi n° 2020-290 du 23 mars 2020, art. 10, jusqu'au 30 août 2020"),
    (dt.date(2020, 11, 15), dt.date(2021, 9, 30),
     "loi n° 2020-1379 du 14 novembre 2020, art. 6, prolongé par la loi n° 2021-689 du "
     "31 mai 2021 jusqu'au 30 septembre 2021"),
    (dt.date(2021, 11, 11), dt.date(2022, 7, 31),
     "loi n° 2021-1465 du 10 novembre 2021, art. 10, du 11 novembre 2021 au 31 juillet 2022"),
)


def rules_at(day: dt.date | None) -> Rules:
    """The rules in force on a session's date (the ordinary ones when the date is unknown)."""
    if day is not None:
        for first, last, source in HEALTH_EMERGENCY:
            if first <= day <= last:
                return Rules(2, True, f"état d'urgence sanitaire : {source}")
    return ORDINARY


# CGCT L2121-2: members of the municipal council by population (Paris, Lyon and Marseille excepted:
# code électoral, tableaux n° 2 to 4). (population below which, members); 69 from 300,000 on.
# Since 23 March 2014 (loi n° 2013-403 du 17 mai 2013, art. 29), 7 members under 100 inhabitants;
# 9 before.
COUNCIL_SIZES = ((100, 7), (500, 11), (1500, 15), (2500, 19), (3500, 23), (5000, 27),
                 (10000, 29), (20000, 33), (30000, 35), (40000, 39), (50000, 43), (60000, 45),
                 (80000, 49), (100000, 53), (150000, 55), (200000, 59), (250000, 61),
                 (300000, 65))
LARGEST_COUNCIL = 69
SMALLEST_BEFORE_2014 = 9
SIZE_TABLE_2014 = dt.date(2014, 3, 23)
PLM = frozenset({"75056", "69123", "13055"})


def legal_council_size(population: int, day: dt.date | None = None) -> int:
    """The number of municipal councillors for a population (CGCT L2121-2)."""
    for below, members in COUNCIL_SIZES:
        if population < below:
            if below == 100 and day is not None and day < SIZE_TABLE_2014:
                return SMALLEST_BEFORE_2014
            return members
    return LARGEST_COUNCIL


# Convocation: 3 jours francs in communes under 3,500 inhabitants (CGCT L2121-11), 5 from 3,500 on
# (L2121-12); EPCI follow their communes' rules, those with a commune of 3,500 or more the latter
# (L5211-1); 12 days for départements (L3121-19) and régions (L4132-18).
SMALL_COMMUNE = 3500


def convocation_rule(body: Body, ref: Referential) -> tuple[int, bool, str] | None:
    """(days, counted as jours francs, the law) for the body's council, or None when no rule is
    checked here (collectivités à statut particulier, collectivités d'outre-mer)."""
    if body.type in ("departement", "region"):
        return (12, False, "CGCT L3121-19" if body.type == "departement" else "CGCT L4132-18")
    if body.type == "commune":
        small = ref.population(ref.territory(body)) < SMALL_COMMUNE
    elif body.type == "arrondissement":
        small = False  # Paris, Lyon and Marseille
    elif body.type in ("epci", "ept"):
        small = all(ref.population([c]) < SMALL_COMMUNE for c in ref.member_communes(body))
    else:
        return None
    return (3, True, "CGCT L2121-11") if small else (5, True, "CGCT L2121-12")


def _names(value: Any) -> list[str]:
    """The well-formed names of a list (the schema reports the others)."""
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def _problem(m: Motion, path: tuple[str, ...], message: str, level: str = ERROR) -> Problem:
    return Problem(m.path, m.line(*path), message, level, ".".join(path))


def check_procedure(m: Motion, ref: Referential) -> Iterator[Problem]:
    """Every rule of this module for one motion."""
    session = m.day("seance", "date")
    rules = rules_at(session)
    yield from check_quorum_and_proxies(m, rules)
    yield from check_attendance_names(m, rules)
    yield from check_casting_vote(m)
    if m.body_type and m.code:
        body = ref.body(m.body_type, m.code, session.isoformat() if session else None)
        # An old code's council (a commune merged since) had another population: not checked; a
        # commune of the past is, with its own, when one was published.
        if body is not None and not body.former_name and \
                population_known(ref, ref.territory(body)):
            yield from check_convocation(m, body, ref, session)
            yield from check_council_size(m, body, ref, session)


def check_quorum_and_proxies(m: Motion, rules: Rules) -> Iterator[Problem]:
    presences = m.block("presences")
    effectif = as_count(presences.get("effectif"))
    presents = as_count(presences.get("presents"))
    pouvoirs = as_count(presences.get("pouvoirs"))
    if presents is not None and pouvoirs is not None and pouvoirs > presents * rules.proxies:
        if rules is ORDINARY:
            yield _problem(m, ("presences", "pouvoirs"), f"{pouvoirs} pouvoirs pour {presents} "
                           "présents : chaque présent ne peut détenir qu'un pouvoir (CGCT L2121-20)")
        else:
            yield _problem(m, ("presences", "pouvoirs"), f"{pouvoirs} pouvoirs pour {presents} "
                           f"présents : chaque présent pouvait détenir au plus {rules.proxies} "
                           f"pouvoirs ({rules.source})")
    if effectif is not None and presents is not None and presents <= effectif \
            and not rules.quorum_reached(presents, effectif):
        rule = "" if rules is ORDINARY else f" ({rules.quorum_text} : {rules.source})"
        yield _problem(m, ("presences", "presents"), f"quorum non atteint ({presents} présents sur "
                       f"{effectif}{rule}) : normal seulement après une seconde convocation ; "
                       "sinon, vérifiez les nombres", WARNING)


def check_attendance_names(m: Motion, rules: Rules) -> Iterator[Problem]:
    """The secretary is present, nobody is in two lists, a proxy holder is present and holds no
    more proxies than the law allows (CGCT L2121-15, L2121-20)."""
    names = m.get("presences", "noms")
    if not isinstance(names, dict):
        return
    powers = names.get("pouvoirs")
    pairs = [(p["mandant"], p["mandataire"]) for p in powers
             if isinstance(p, dict) and isinstance(p.get("mandant"), str)
             and isinstance(p.get("mandataire"), str) and p["mandant"] and p["mandataire"]] \
        if isinstance(powers, list) else []
    lists = {"presents": _names(names.get("presents")), "pouvoirs": [a for a, _ in pairs],
             "excuses": _names(names.get("excuses")), "absents": _names(names.get("absents"))}
    labels = {"presents": "présents", "pouvoirs": "pouvoirs (mandants)", "excuses": "excusés",
              "absents": "absents"}
    # Each distinct name is normalised once: normalising is the costly step on long lists.
    norm = {n: normalize_name(n) for listed in lists.values() for n in listed}
    where: dict[str, list[str]] = {}
    for key, listed in lists.items():
        for name in dict.fromkeys(norm[n] for n in listed):
            where.setdefault(name, []).append(key)
    shown = {normal: n for n, normal in norm.items()}
    for name, keys in sorted(where.items()):
        if len(keys) > 1:
            yield _problem(m, ("presences", "noms", keys[1]), f"{shown[name]} figure dans plusieurs "
                           f"listes ({', '.join(labels[k] for k in keys)}) : un membre n'apparaît "
                           "que dans une liste")
    given = Counter(norm[a] for a, _ in pairs)
    for name in sorted(n for n, c in given.items() if c > 1):
        yield _problem(m, ("presences", "noms", "pouvoirs"), f"{shown[name]} a donné plusieurs "
                       "pouvoirs : un membre absent n'en donne qu'un")
    holders = Counter(h for _, h in pairs)
    for holder in sorted(h for h, n in holders.items() if n > rules.proxies):
        if rules is ORDINARY:
            yield _problem(m, ("presences", "noms", "pouvoirs"), f"{holder} détient plusieurs "
                           "pouvoirs : un présent ne peut en détenir qu'un (CGCT L2121-20)")
        else:
            yield _problem(m, ("presences", "noms", "pouvoirs"), f"{holder} détient "
                           f"{holders[holder]} pouvoirs : un présent pouvait en détenir au plus "
                           f"{rules.proxies} ({rules.source})")
    if isinstance(names.get("presents"), list):
        present = _Present(lists["presents"], norm)
        for holder in sorted(h for h in holders if not present.could_be(h)):
            yield _problem(m, ("presences", "noms", "pouvoirs"), f"le mandataire {holder} n'est pas"
                           " dans la liste des présents : un pouvoir se donne à un membre présent")
        secretary = m.get("seance", "secretaire")
        if isinstance(secretary, str) and secretary and not present.could_be(secretary):
            yield _problem(m, ("seance", "secretaire"), f"le secrétaire de séance {secretary} "
                           "n'est pas dans la liste des présents : il est choisi parmi les membres "
                           "présents (CGCT L2121-15) ; écrivez son nom comme dans la liste")


_CIVILITIES = frozenset({"m", "mm", "mme", "mmes", "mlle", "mlles", "monsieur", "messieurs",
                         "madame", "mesdames", "mademoiselle", "dr", "docteur", "me", "pr"})


def _words(normal: str) -> frozenset[str]:
    """A person's normalised name words without civility or punctuation: « Mme NION » → {nion}."""
    words = normal.replace(".", " ").replace(",", " ").split()
    return frozenset(w for w in words if w not in _CIVILITIES)


class _Present:
    """The present members, indexed by name word: « Christiane NION » could be « Mme NION » (the
    same document often writes a name both ways), looked up without scanning the whole list."""

    def __init__(self, listed: list[str], norm: dict[str, str]) -> None:
        self._norm = norm
        self._by_word: dict[str, list[frozenset[str]]] = {}
        for name in listed:
            key = _words(norm[name])
            for word in key:
                self._by_word.setdefault(word, []).append(key)

    def could_be(self, name: str) -> bool:
        key = _words(self._norm.get(name) or normalize_name(name))
        if not key:
            return True  # a bare civility names nobody: nothing to check
        by_word = self._by_word
        return any(key <= other or other <= key for word in key for other in by_word.get(word, ()))


_CASTING_VOTE = {"departement": "CGCT L3121-15", "region": "CGCT L4132-14"}


def check_casting_vote(m: Motion) -> Iterator[Problem]:
    """With as many votes for as against, the president's vote decides, unless the vote was
    secret: « adoptée » is then lawful, and said so."""
    vote = m.block("vote")
    pour, contre = as_count(vote.get("pour")), as_count(vote.get("contre"))
    if pour is None or contre is None or pour != contre or pour == 0:
        return
    if vote.get("resultat") == "adoptee":
        law = _CASTING_VOTE.get(m.body_type, "CGCT L2121-20")
        yield _problem(m, ("vote", "resultat"), f"{result_word(m.nature, True)} à égalité "
                       f"({pour} pour, {contre} contre) :"
                       f" régulier par la voix prépondérante du président ({law}), sauf si le vote "
                       "était secret ; vérifiez que le document le dit", WARNING)


def check_convocation(m: Motion, body: Body, ref: Referential,
                      session: dt.date | None) -> Iterator[Problem]:
    convened = m.day("dates", "convocation")
    if session is None or convened is None or convened > session:
        return  # a convocation after the session is check_dates' error
    rule = convocation_rule(body, ref)
    if rule is None:
        return
    days, francs, law = rule
    # Jours francs: neither the day of the convocation nor the day of the session counts.
    counted = (session - convened).days - (1 if francs else 0)
    if counted < days:
        unit = "jours francs" if francs else "jours"
        yield _problem(m, ("dates", "convocation"), f"convocation du {convened.isoformat()} pour "
                       f"une séance du {session.isoformat()} : {counted} {unit}, moins que les "
                       f"{days} {unit} de la loi ({law}) ; normal seulement en cas d'urgence, "
                       "sinon vérifiez les dates", WARNING)


def check_council_size(m: Motion, body: Body, ref: Referential,
                       session: dt.date | None) -> Iterator[Problem]:
    effectif = m.count("presences", "effectif")
    if effectif is None or body.type != "commune" or body.code in PLM:
        return
    territory = ref.territory(body)
    population = ref.population(territory)
    legal = legal_council_size(population, session)
    if effectif > legal:
        merged = " ; une commune nouvelle peut en compter davantage jusqu'au renouvellement " \
            "suivant sa création (CGCT L2113-8)" if not body.until and ref.has_merged(body.code) \
            else ""
        yield _problem(m, ("presences", "effectif"), f"{effectif} membres en exercice, plus que les "
                       f"{legal} conseillers municipaux d'une commune de {population} habitants "
                       f"(CGCT L2121-2 ; {vintage_text(ref, territory)}){merged} : "
                       "vérifiez l'effectif", WARNING)

