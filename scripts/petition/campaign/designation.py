"""How a council names itself at the head of its own motion: « Le Conseil municipal de la Ville de
Liévin », « Le Conseil départemental du Pas-de-Calais », « L'Assemblée de Corse ».

French joins a name to « de » with the article the name takes: INSEE's « type de nom en clair »
says which for communes, départements and régions (« du Nord », « de la Somme », « des
Hauts-de-France », « d'Arras »); intercommunalities' names begin with their legal form, which
says it (« de la Communauté d'agglomération… »). Councils with a status of their own (Conseil de
Paris, Métropole de Lyon, Assemblée de Corse, Martinique, Guyane) are named by the law that made
them (the referential's table of assemblies, `core.statuses`).
"""

from __future__ import annotations

import re

from petition.core import statuses as law
from petition.core.referential import Body, Referential

# INSEE « type de nom en clair »: the words joining « de » to the name, and how many characters
# of the name's own article they replace (a commune's name carries its article: « Le Portel »).
_JOINS = {0: ("de ", ""), 1: ("d'", ""), 2: ("du ", "Le "), 3: ("de ", ""), 4: ("des ", "Les "),
          5: ("de ", "")}
# Départements' and régions' names carry no article: it comes from the same code.
_ARTICLES = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'"}
_LEGAL_FORMS = {"CA": "Communauté d'agglomération", "CC": "Communauté de communes",
                "CU": "Communauté urbaine"}
_VOWELS = tuple("AEIOUYÂÀÉÈÊËÎÏÔÖÛÙÜŒaeiouyâàéèêëîïôöûùüœ")
# Below this population a commune is « la Commune de … », from it on « la Ville de … »: INSEE's
# threshold of an urban settlement (unité urbaine), the usual line between the two words.
TOWN_POPULATION = 2000
# Assemblies a law names once for all (Conseil de Paris, Assemblée de Corse, Congrès de la
# Nouvelle-Calédonie…): the referential's own table of them, and the eras that renamed some.
_ERA_ASSEMBLIES = {ref: era.instance for ref, eras in law.ERAS.items() for era in eras[-1:]
                   if era.instance}
_ARRONDISSEMENT = re.compile(r"(?P<city>Paris|Lyon|Marseille) (?P<which>.+?) Arrondissements?")


def of(name: str) -> str:
    """« de » before a name that carries no article: « de Lens », « d'Orléans Métropole »."""
    return ("d'" if name.startswith(_VOWELS) else "de ") + name


def _of_commune(body: Body, ref: Referential) -> str:
    join, article = _JOINS.get(ref.liaison(body) or 0, ("de ", ""))
    name = body.nom
    if article and name.startswith(article):
        name = name[len(article):]
    elif article:
        join = "de "  # the code and the name disagree: keep the name whole
    return join + name


def _of_place(body: Body, ref: Referential) -> str:
    liaison = ref.liaison(body)
    return (_ARTICLES[liaison] + body.nom) if liaison in _ARTICLES else of(body.nom)


def epci_full_name(name: str) -> str:
    """« CA de Lens - Liévin » → « Communauté d'agglomération de Lens - Liévin »."""
    head, _, rest = name.partition(" ")
    return f"{_LEGAL_FORMS[head]} {rest}" if head in _LEGAL_FORMS and rest else name


def _of_epci(name: str) -> str:
    full = epci_full_name(name)
    if full.startswith(("Communauté", "Métropole")):
        return "de la " + full
    if full.startswith("Eurométropole"):
        return "de l'" + full
    return of(full)


def with_article(assembly: str) -> str:
    """« Le Conseil de Paris », « L'Assemblée de Corse »."""
    return ("L'" if assembly.startswith(_VOWELS) else "Le ") + assembly


def _arrondissement(body: Body) -> str:
    """« Le Conseil du 13e arrondissement de Paris », « Le Conseil des 1er et 7e arrondissements
    de Marseille », « Le Conseil d'arrondissement de Paris Centre »."""
    match = _ARRONDISSEMENT.fullmatch(body.nom)
    if match is None:
        return f"Le Conseil d'arrondissement {of(body.nom)}"
    which = match.group("which")
    several = " et " in which
    return (f"Le Conseil {'des' if several else 'du'} {which} "
            f"arrondissement{'s' if several else ''} de {match.group('city')}")


def designation(body: Body, ref: Referential) -> str:
    """The council of `body` as it heads its own acts, with its capitalised article."""
    own = law.BODY_INSTANCES.get((body.type, body.code)) \
        or _ERA_ASSEMBLIES.get((body.type, body.code))
    if own:
        return with_article(own)
    if body.type == "commune":
        pop = ref.population((body.code,))
        word = "Ville" if pop >= TOWN_POPULATION else "Commune"
        return f"Le Conseil municipal de la {word} {_of_commune(body, ref)}"
    if body.type == "epci":
        if ref.epci_kind(body.code) == "METRO":
            return f"Le Conseil {_of_epci(body.nom)}"
        return f"Le Conseil communautaire {_of_epci(body.nom)}"
    if body.type == "departement":
        return f"Le Conseil départemental {_of_place(body, ref)}"
    if body.type == "region":
        return f"Le Conseil régional {_of_place(body, ref)}"
    if body.type == "arrondissement":
        return _arrondissement(body)
    if body.type == "ept":
        return f"Le Conseil de territoire {of(body.nom)}"
    if body.type == "collectivite":
        return f"Le Conseil {_of_epci(body.nom)}"
    if body.type == "com":
        return f"Le Conseil territorial {of(body.nom)}"
    raise ValueError(f"no designation for a body of type {body.type!r}")


# Bodies a law names once for all, as a sentence names them.
_NAMED = {("region", "94"): "la Collectivité de Corse",
          ("region", "02"): "la collectivité territoriale de Martinique",
          ("region", "03"): "la collectivité territoriale de Guyane",
          ("departement", law.ALSACE): "la Collectivité européenne d'Alsace"}


def named(body: Body, ref: Referential) -> str:
    """The body as a sentence names it, with its article: « la région Hauts-de-France », « le
    département du Pas-de-Calais », « la communauté d'agglomération de Lens - Liévin », « le 13e
    arrondissement de Paris », « la commune du Portel »."""
    if (body.type, body.code) in _NAMED:
        return _NAMED[(body.type, body.code)]
    if body.type == "commune":
        return "la commune " + _of_commune(body, ref)
    if body.type == "arrondissement":
        match = _ARRONDISSEMENT.fullmatch(body.nom)
        if match is None:
            return "le secteur " + body.nom
        which = match.group("which")
        several = " et " in which
        return (f"{'les' if several else 'le'} {which} arrondissement{'s' if several else ''} "
                f"de {match.group('city')}")
    if body.type in ("epci", "collectivite"):
        full = epci_full_name(body.nom)
        if full.startswith("Communauté"):
            return "la c" + full[1:]
        if full.startswith("Métropole"):
            return "la " + full
        if full.startswith("Eurométropole"):
            return "l'" + full
        return ("l'intercommunalité " if body.type == "epci" else "la collectivité ") + full
    if body.type == "ept":
        return "l'établissement public territorial " + body.nom
    if body.type == "departement":
        return "le département " + _of_place(body, ref)
    if body.type == "region":
        return "la région " + body.nom
    return "la collectivité d'outre-mer " + body.nom


def to_council(text: str) -> str:
    """« à » before a designation: « au Conseil municipal… », « à l'Assemblée de Corse »."""
    if text.startswith("Le "):
        return "au " + text[3:]
    return "à " + text[:1].lower() + text[1:]


def _of_designation(text: str) -> str:
    """« L'Assemblée de Corse » → « de l'Assemblée de Corse », « Le Congrès… » → « du Congrès… »."""
    if text.startswith("Le "):
        return "du " + text[3:]
    if text.startswith("La "):
        return "de la " + text[3:]
    if text.startswith("L'"):
        return "de l'" + text[2:]
    return of(text)


def signatory(body: Body, ref: Referential) -> str:
    """Who signs for the council (domain « who signs »): the president of the deliberating
    assembly, by the name of the office (« maire » is the same word for a woman)."""
    if body.type == "commune":
        return "Le maire"
    if body.type == "arrondissement":
        return "Le maire d'arrondissement"
    if body.type in ("epci", "ept", "collectivite"):
        return "Le président"
    own = law.BODY_INSTANCES.get((body.type, body.code)) \
        or _ERA_ASSEMBLIES.get((body.type, body.code))
    if own or (body.type == "com" and body.instance and body.instance != "Conseil territorial"):
        return "Le président " + _of_designation(designation(body, ref))
    if body.type == "departement":
        return "Le président du conseil départemental"
    if body.type == "region":
        return "Le président du conseil régional"
    if body.type == "com":
        return "Le président du conseil territorial"
    raise ValueError(f"no signatory for a body of type {body.type!r}")
