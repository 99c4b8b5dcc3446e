"""The index the site's search reads (`recherche/`): every commune of France and every other body of
the referential, with its motions in every campaign, found by name (with or without accents) or by
postal code. It serves the header's search and « Ma commune » on the home page.

The index is cut into small files the browser fetches only when a reader types: one per first two
letters of each word of a name (`noms/li.json` holds « Liévin », « Avion-Lille »…), one per first
two digits of a postal code (`cp/62.json`). Even with every council of France, a reader downloads a
few tens of kilobytes, never the whole list. `index.json` holds what every answer needs: the
campaigns, the names of départements and régions, the bodies whose adopted motion covers others'
territory, the files that exist.

The names' normal form is the one `assets/petition/recherche.js` computes (`words`): lower case,
no accents, words split on anything that is not a letter or a digit, « st », « ste » read as
« saint », « sainte ».
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

from petition.core.referential import TYPE_LABELS, Body
from petition.core.vintages import dated_name
from petition.intake.issueform import form_url
from petition.site import escape
from petition.site.context import Site
from petition.site.layout import Entry, campaign_page, url_of

SEARCH_DIR = "recherche"
INDEX = f"{SEARCH_DIR}/index.json"
PAGES = f"{SEARCH_DIR}/pages.json"  # written by the plugin once MkDocs knows every page
COVERING_TYPES = ("epci", "departement", "region")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SAINT = {"st": "saint", "ste": "sainte"}
# Not indexed (recherche.js never looks a query up by them either).
STOP_WORDS = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le",
                        "les", "sur", "sous"})

Files = dict[str, str | bytes]


def words(name: str) -> list[str]:
    """`Saint-Étienne-du-Rouvray` → ['saint', 'etienne', 'du', 'rouvray']."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return [_SAINT.get(w, w) for w in _SEPARATORS.split(text) if w]


def shard_key(word: str) -> str:
    return word[:2]


def shards(name: str) -> set[str]:
    """The files a name is listed in: one per word, articles and prepositions left out (« Le
    Touquet » is found by « touquet »), unless the name is nothing else."""
    found = words(name)
    meaningful = [w for w in found if w not in STOP_WORDS] or found
    return {shard_key(w) for w in meaningful}


@cache
def postcodes() -> dict[str, str]:
    """INSEE code of a commune → its postal codes, space-separated (`tools/build_postcodes.py`)."""
    text = resources.files("petition.data").joinpath("codes-postaux.json").read_text("utf-8")
    data: dict[str, str] = json.loads(text)["codes_postaux"]
    return data


def _dump(data: Any) -> bytes:
    return escape.json_bytes(data)


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
    for body_type in ("region", "departement", "epci", "commune"):
        for code in _codes(site, body_type):
            body = ref.body(body_type, code)
            if body is not None:
                bodies.setdefault(body.key, body)
    cps = postcodes()
    by_name: dict[str, list[list[Any]]] = defaultdict(list)
    by_postcode: dict[str, list[list[Any]]] = defaultdict(list)
    for key in sorted(bodies, key=lambda k: (bodies[k].type != "commune", k)):
        body = bodies[key]
        # A commune before its merger is found by its name and by today's commune's (its name
        # says both) and postal codes: a reader of Hesdin-la-Forêt finds Huby-Saint-Leu's motion.
        here = body.today or body.code
        codes = cps.get(here, "") if body.type == "commune" else ""
        name = dated_name(ref, body)
        row = [body.type, body.code, name, body.departement or "", body.region or "",
               epci_of.get(here, "") if body.type == "commune" else "", codes,
               motions.get(key, [])]
        for shard in sorted(shards(name)):
            by_name[shard].append(row)
        for shard in sorted({c[:2] for c in codes.split()}):
            by_postcode[shard].append(row)
    files: Files = {f"{SEARCH_DIR}/noms/{k}.json": _dump(v) for k, v in sorted(by_name.items())}
    files.update({f"{SEARCH_DIR}/cp/{k}.json": _dump(v) for k, v in sorted(by_postcode.items())})
    files[INDEX] = _dump(_index(site, sorted(by_name), sorted(by_postcode)))
    return files


def _codes(site: Site, body_type: str) -> list[str]:
    ref = site.ref
    if body_type == "commune":
        return ref.commune_codes()
    if body_type == "departement":
        return sorted(ref.departements())
    if body_type == "region":
        return sorted({region for _, region in ref.departements().values() if region})
    return sorted({siren for *_, siren in ref.communes_with_epci() if siren})


def _motion(entry: Entry, position: dict[str, int]) -> list[Any]:
    """[campaign, 1 adopted | 0 rejected, session date, file stem (the page's folder)]."""
    return [position[entry.motion.campaign], int(entry.motion.adopted), entry.motion.date,
            entry.anchor]


def _index(site: Site, names: list[str], codes: list[str]) -> dict[str, Any]:
    ref = site.ref
    directory_urls = site.settings.directory_urls
    covering: list[dict[str, list[str]]] = []
    for campaign in site.campaigns:
        adopted: dict[str, list[str]] = {}
        for entry in site.by_campaign.get(campaign.id, []):
            if entry.motion.adopted and entry.body.type in COVERING_TYPES:
                known = adopted.get(entry.body.key)
                if known is None or entry.motion.date > known[2]:
                    adopted[entry.body.key] = [entry.body.nom, entry.anchor, entry.motion.date]
        covering.append({k: v[:2] for k, v in sorted(adopted.items())})
    repo_url = site.settings.repo_url
    return {
        "campagnes": [[c.id, c.title, url_of(campaign_page(c.id), directory_urls),
                       form_url(repo_url, type="commune", campagne=c.id) if repo_url else ""]
                      for c in site.campaigns],
        "types": TYPE_LABELS,
        "departements": {code: name for code, (name, _) in ref.departements().items()},
        "regions": {code: ref.region_name(code) for code in
                    sorted({r for _, r in ref.departements().values() if r})},
        "couvertures": covering,
        "noms": names,
        "cp": codes,
    }
