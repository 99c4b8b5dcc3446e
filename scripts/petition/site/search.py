"""The index the site's search reads (`recherche/`): every council of France (communes,
arrondissements, intercommunalités, départements, régions…) with its motions in every campaign,
found by its name as people write it (with or without accents or hyphens, « Paris 13e », « CA de
Lens-Liévin » as « Communauté d'agglomération de Lens-Liévin »), by INSEE code or by postal code.
It serves the header's search, the search page and « Ma commune » on the home page.

The index is cut into small files the browser fetches only when a reader types: one per beginning
of a word of a name (`noms/li.json` holds « Liévin », « Avion-Lille »…), one per beginning of a
postal or INSEE code (`codes/62.json`). A beginning shared by too many names is cut further
(`noms/sai.json`, `noms/sal.json`…), so that no file weighs more than FILE_LIMIT gzipped even with
every council of France; a word that is itself such a beginning has a file of its own
(`noms/eu_.json`: « Eu »). `index.json` holds what every answer needs: the campaigns, the names of
départements and régions, the bodies whose adopted motion covers others' territory, and each
file's key with its number of rows, so that a query reads the smallest file that answers it.

The names' normal form is the one `assets/petition/recherche.js` computes (`words`): lower case,
no accents, words split on anything that is not a letter or a digit, « st », « ste » read as
« saint », « sainte », an ordinal « 13ème », « 13e » read as « 13e », « 1er », « 1re » as « 1e ».
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import Any

from petition.campaign.designation import epci_full_name, named
from petition.core import statuses as law
from petition.core.referential import TYPE_LABELS, Body
from petition.core.vintages import dated_name
from petition.intake.issueform import BY_KEY, form_url
from petition.site import escape
from petition.site.context import Site
from petition.site.layout import Entry, campaign_page, url_of

SEARCH_DIR = "recherche"
INDEX = f"{SEARCH_DIR}/index.json"
PAGES = f"{SEARCH_DIR}/pages.json"  # written by the plugin once MkDocs knows every page
NAMES_DIR = f"{SEARCH_DIR}/noms"
CODES_DIR = f"{SEARCH_DIR}/codes"
# The bodies whose adopted motion covers the territory of others (a commune: its arrondissements).
COVERING_TYPES = ("epci", "ept", "collectivite", "departement", "region")
CITIES = frozenset({"75056", "69123", "13055"})  # communes with arrondissements
# Every council a reader may look for, the most common first (their order in each file).
TYPES = ("commune", "arrondissement", "epci", "ept", "collectivite", "departement", "region", "com")
# No file of the index above this size gzipped (the target is 50 kB; a margin for the format).
FILE_LIMIT = 40_000
EXACT = "_"  # a word that is itself a cut beginning: its own file, `<word>_`
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SAINT = {"st": "saint", "ste": "sainte"}
_ORDINAL = re.compile(r"^(\d+)(?:e|eme|ieme|er|ere|re|nd|nde|d|de)$")
# Not indexed (recherche.js never looks a query up by them either): articles, prepositions, and
# words so common that their file could not stay small (« Saint-… »: a query names the saint).
STOP_WORDS = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le",
                        "les", "sur", "sous"})
WEAK_WORDS = frozenset({"saint", "sainte"})

Files = dict[str, str | bytes]
Row = list[Any]


def words(name: str) -> list[str]:
    """`Saint-Étienne-du-Rouvray` → ['saint', 'etienne', 'du', 'rouvray']; `Paris 13ème` →
    ['paris', '13e']."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    found = []
    for word in _SEPARATORS.split(text):
        if word:
            ordinal = _ORDINAL.match(word)
            found.append(ordinal.group(1) + "e" if ordinal else _SAINT.get(word, word))
    return found


def key_words(text: str) -> set[str]:
    """The words a name is filed under: articles, prepositions and « saint » left out, unless
    the name is nothing else."""
    found = words(text)
    strong = [w for w in found if w not in STOP_WORDS and w not in WEAK_WORDS]
    return set(strong or [w for w in found if w not in STOP_WORDS] or found)


def shard_key(word: str) -> str:
    return word[:2]


def file_of(word: str, keys: Iterable[str]) -> str | None:
    """The file a word is filed in, as recherche.js finds it: the cut beginning it starts with,
    or its own file when it is itself a beginning cut further."""
    keys = set(keys)
    for length in range(len(word), 0, -1):
        if word[:length] in keys:
            return word[:length]
    return word + EXACT if word + EXACT in keys else None


def _gzipped(rows: list[Row]) -> int:
    return len(gzip.compress(escape.json_bytes(rows), 6, mtime=0))


def split(filed: dict[str, list[int]], rows: list[Row], start: Callable[[str], str],
          limit: int = FILE_LIMIT) -> dict[str, list[Row]]:
    """{file key: rows} for rows filed under words (`filed`: word → row numbers): one file per
    beginning `start(word)`, cut one character further while a file weighs more than `limit`
    gzipped. Rows keep their order; a row filed under two words of one file is in it once."""
    groups: dict[str, list[str]] = defaultdict(list)
    for word in sorted(filed):
        groups[start(word)].append(word)
    files: dict[str, list[Row]] = {}
    pending = sorted(groups.items())
    while pending:
        key, members = pending.pop(0)
        numbers = sorted({n for w in members for n in filed[w]})
        content = [rows[n] for n in numbers]
        longer = [w for w in members if len(w) > len(key)]
        if not longer or _gzipped(content) <= limit:
            files[key] = content
            continue
        children: dict[str, list[str]] = defaultdict(list)
        for word in members:
            children[word[:len(key) + 1] if len(word) > len(key) else key + EXACT].append(word)
        pending = sorted([*pending, *children.items()])
    return files


@cache
def postcodes() -> dict[str, str]:
    """INSEE code of a commune or an arrondissement → its postal codes, space-separated
    (`tools/build_postcodes.py`)."""
    text = resources.files("petition.data").joinpath("codes-postaux.json").read_text("utf-8")
    data: dict[str, str] = json.loads(text)["codes_postaux"]
    return data


def _grouped() -> dict[str, list[str]]:
    """Arrondissements that sit as one sector: the sector's code → the codes it holds."""
    groups = {first: [first, second] for first, second in law.MARSEILLE_SECTORS}
    groups[law.PARIS_CENTRE[0]] = list(law.PARIS_CENTRE)
    return groups


def _dump(data: Any) -> bytes:
    return escape.json_bytes(data)


def _also(body: Body, ref: Any) -> str:
    """What else a reader may type for a body: an intercommunalité's legal form in full, the
    arrondissements a sector holds."""
    if body.type in ("epci", "collectivite", "ept"):
        full = epci_full_name(body.nom)
        return full if full != body.nom else ""
    if body.type == "arrondissement" and body.code in _grouped():
        names = [ref.body("arrondissement", c) for c in _grouped()[body.code]]
        return " ".join(b.nom for b in names if b is not None)
    return ""


def _parents(body: Body, epci_of: dict[str, str], ref: Any) -> str:
    """The bodies, besides its département and région, whose motion covers a body's whole
    territory: a commune's intercommunalité, an arrondissement's commune (and its EPCI)."""
    if body.type == "commune":
        here = body.today or body.code
        return f"epci:{epci_of[here]}" if epci_of.get(here) else ""
    if body.type == "arrondissement":
        city = ref.commune_of(body.code)
        found = [f"commune:{city}"]
        if epci_of.get(city):
            found.append(f"epci:{epci_of[city]}")
        return " ".join(found)
    return ""


def pages(site: Site) -> Files:
    ref = site.ref
    campaigns = site.campaigns
    position = {c.id: i for i, c in enumerate(campaigns)}
    motions: dict[str, list[list[Any]]] = defaultdict(list)
    bodies: dict[str, Body] = {}
    for entry in sorted(site.entries, key=lambda e: (position[e.motion.campaign], e.motion.date,
                                                   e.motion.path)):
        motions[entry.body.key].append(_motion(entry, position))
        bodies.setdefault(entry.body.key, entry.body)
    epci_of: dict[str, str] = {}
    for code, _name, _dep, siren in ref.communes_with_epci():
        epci_of[code] = siren
    for body_type in TYPES:
        for code in ref.codes(body_type):
            body = ref.body(body_type, code)
            if body is not None:
                bodies.setdefault(body.key, body)
    cps = postcodes()
    rows: list[Row] = []
    by_word: dict[str, list[int]] = defaultdict(list)
    by_code: dict[str, list[int]] = defaultdict(list)
    order = {t: i for i, t in enumerate(TYPES)}
    for key in sorted(bodies, key=lambda k: (order.get(bodies[k].type, len(TYPES)), k)):
        body = bodies[key]
        # A commune before its merger is found by its name and by today's commune's (its name
        # says both) and postal codes: a reader of Hesdin-la-Forêt finds Huby-Saint-Leu's motion.
        here = body.today or body.code
        codes = ""
        if body.type == "commune":
            codes = cps.get(here, "")
        elif body.type == "arrondissement":
            codes = " ".join(sorted({c for a in _grouped().get(body.code, [body.code])
                                     for c in cps.get(a, "").split()}))
        name = dated_name(ref, body)
        also = _also(body, ref)
        number = len(rows)
        rows.append([body.type, body.code, name, body.departement or "", body.region or "",
                     _parents(body, epci_of, ref), codes, motions.get(key, []), also])
        for word in key_words(f"{name} {also}"):
            by_word[word].append(number)
        official = body.code.lower() if body.type in ("commune", "arrondissement") else ""
        for code in sorted({*codes.split(), *([official] if official else [])}):
            by_code[code].append(number)
    names = split(by_word, rows, shard_key)
    numbers = split(by_code, rows, shard_key)
    files: Files = {f"{NAMES_DIR}/{k}.json": _dump(v) for k, v in sorted(names.items())}
    files.update({f"{CODES_DIR}/{k}.json": _dump(v) for k, v in sorted(numbers.items())})
    files[INDEX] = _dump(_index(site, {k: len(v) for k, v in sorted(names.items())},
                                {k: len(v) for k, v in sorted(numbers.items())}))
    return files


def _motion(entry: Entry, position: dict[str, int]) -> list[Any]:
    """[campaign, 1 adopted | 0 rejected, session date, file stem (the page's folder)]."""
    return [position[entry.motion.campaign], int(entry.motion.adopted), entry.motion.date,
            entry.anchor]


def _index(site: Site, names: dict[str, int], codes: dict[str, int]) -> dict[str, Any]:
    ref = site.ref
    directory_urls = site.settings.directory_urls
    covering: list[dict[str, list[str]]] = []
    for campaign in site.campaigns:
        adopted: dict[str, list[str]] = {}
        for entry in site.by_campaign.get(campaign.id, []):
            body = entry.body
            if entry.motion.adopted and (body.type in COVERING_TYPES or (body.type == "commune"
                                         and body.code in CITIES)):
                known = adopted.get(body.key)
                if known is None or entry.motion.date > known[2]:
                    adopted[body.key] = [named(body, ref), entry.anchor, entry.motion.date]
        covering.append({k: v[:2] for k, v in sorted(adopted.items())})
    repo_url = site.settings.repo_url
    return {
        "campagnes": [[c.id, c.title, url_of(campaign_page(c.id), directory_urls),
                       form_url(repo_url, campagne=c.id) if repo_url else ""]
                      for c in site.campaigns],
        # What the report form's type field shows for each type (its pre-filled link takes it).
        "formulaire_types": {choice: label for label, choice in BY_KEY["type"].choices},
        "types": TYPE_LABELS,
        "departements": {code: name for code, (name, _) in ref.departements().items()},
        "regions": {code: ref.region_name(code) for code in
                    sorted({r for _, r in ref.departements().values() if r})},
        "couvertures": covering,
        "noms": names,
        "codes": codes,
    }
