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
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from petition.campaign.designation import epci_full_name, named
from petition.core import statuses as law
from petition.core.referential import TYPE_LABELS, Body, Referential
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
    if name.isascii():  # nothing to decompose: most names
        text = name.lower()
    else:
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
    def weigh(numbers: list[int]) -> int:
        return _gzipped([rows[n] for n in numbers])
    return {key: [rows[n] for n in numbers]
            for key, numbers in cut(filed, start, weigh, limit).items()}


def cut(filed: dict[str, list[int]], start: Callable[[str], str],
        weigh: Callable[[list[int]], int], limit: int = FILE_LIMIT,
        kept: dict[str, dict[str, list[int]]] | None = None,
        changed: Iterable[str] = ()) -> dict[str, list[int]]:
    """`split`, by row numbers, the rows weighed by `weigh` (their gzipped size, or any size no
    larger than `limit` when it is known that they fit). Each beginning is cut on its own: with
    `kept`, its cuts from an earlier call with the same rows are taken again, unless its rows
    `changed` (the beginnings of their words), and its cuts computed are kept there."""
    groups: dict[str, list[str]] = defaultdict(list)
    for word in sorted(filed):
        groups[start(word)].append(word)
    changed = set(changed)
    files: dict[str, list[int]] = {}
    for key, members in sorted(groups.items()):
        cuts = kept.get(key) if kept is not None and key not in changed else None
        if cuts is None:
            cuts = _cut(key, members, filed, weigh, limit)
            if kept is not None and key not in changed:
                kept[key] = cuts
        files.update(cuts)
    return files


def _cut(key: str, members: list[str], filed: dict[str, list[int]],
         weigh: Callable[[list[int]], int], limit: int) -> dict[str, list[int]]:
    files: dict[str, list[int]] = {}
    pending = [(key, members)]
    while pending:
        key, members = pending.pop(0)
        numbers = sorted({n for w in members for n in filed[w]})
        longer = [w for w in members if len(w) > len(key)]
        if not longer or weigh(numbers) <= limit:
            files[key] = numbers
            continue
        children: dict[str, list[str]] = defaultdict(list)
        for word in members:
            children[word[:len(key) + 1] if len(word) > len(key) else key + EXACT].append(word)
        pending = sorted([*pending, *children.items()])
    return files


def fits(size: int, limit: int) -> bool:
    """Whether any `size` bytes surely weigh no more than `limit` once gzipped: DEFLATE stores
    what it cannot compress, 5 bytes per block of at most 64 KiB, and gzip adds 18 bytes."""
    return size + size // 1024 + 64 <= limit


class Sizes:
    """The gzipped size of each list of rows weighed, by its content's digest: the cuts of a
    referential's index are weighed once per process, however many sites are built (only the
    files holding a motion change from one site to the next)."""

    def __init__(self) -> None:
        self._known: dict[bytes, int] = {}

    def weigh(self, pieces: list[bytes], limit: int) -> int:
        """The gzipped size of the JSON list of these encoded rows, or their length when that
        surely fits under `limit`."""
        size = sum(map(len, pieces)) + len(pieces) + 1
        if fits(size, limit):
            return size
        data = _joined(pieces)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        known = self._known.get(digest)
        if known is None:
            known = self._known[digest] = len(gzip.compress(data, 6, mtime=0))
        return known


def _joined(pieces: list[bytes]) -> bytes:
    """The compact JSON list of encoded rows: what `escape.json_bytes` writes for the rows."""
    return b"[" + b",".join(pieces) + b"]"


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


@dataclass(frozen=True)
class Rows:
    """Rows of the index, as its files write them, and their numbers under each word and code."""

    encoded: list[bytes]
    by_word: dict[str, list[int]]
    by_code: dict[str, list[int]]
    number: dict[str, int]  # a body's key → its row's number


@dataclass(frozen=True)
class Filed:
    """A body's row of the index without its motions, and what it is found by."""

    head: Row  # type, code, name, département, région, covering bodies, postal codes
    also: str  # what else a reader may type (the row's last column)
    words: tuple[str, ...]
    codes: tuple[str, ...]

    @cached_property
    def encoded(self) -> bytes:
        """The row without motions, as the index writes it."""
        return _dump([*self.head, [], self.also])


class Static:
    """What the index holds for a referential whatever the motions: every body of it in the
    index's order, each one's row and words, and the files' weights; computed once per process
    (a referential never changes), lazily."""

    def __init__(self, ref: Referential) -> None:
        self.ref = ref
        self.epci_of = {code: siren for code, _n, _d, siren in ref.communes_with_epci() if siren}
        found: dict[str, Body] = {}
        for body_type in TYPES:
            for code in ref.codes(body_type):
                body = ref.body(body_type, code)
                if body is not None:
                    found.setdefault(body.key, body)
        self.bodies = found
        self.order = sorted(found, key=lambda k: _place(found[k]))
        self._filed: dict[str, Filed] = {}
        self.sizes = Sizes()
        self._rows: Rows | None = None
        # The cuts of each beginning of a word or a code, for the rows of `rows()`.
        self.cuts: tuple[dict[str, dict[str, list[int]]], dict[str, dict[str, list[int]]]] = \
            ({}, {})

    def rows(self) -> Rows:
        """Every body's row without motions, in the index's order, and the rows filed under each
        word and each code."""
        if self._rows is None:
            rows = Rows([], defaultdict(list), defaultdict(list), {})
            for number, key in enumerate(self.order):
                filed = self.filed(key)
                rows.encoded.append(filed.encoded)
                for word in filed.words:
                    rows.by_word[word].append(number)
                for code in filed.codes:
                    rows.by_code[code].append(number)
                rows.number[key] = number
            self._rows = rows
        return self._rows

    def filed(self, key: str, body: Body | None = None, *, keep: bool = True) -> Filed:
        """The row and words of the referential's body of that key (kept, with `keep`), or of
        `body` (a motion's, the same when it equals the referential's)."""
        own = self.bodies.get(key)
        if own is None or (body is not None and body != own):
            assert body is not None, key
            return _filed(body, self.ref, self.epci_of)
        known = self._filed.get(key)
        if known is None:
            known = _filed(own, self.ref, self.epci_of)
            if keep:
                self._filed[key] = known
        return known


@lru_cache(maxsize=2)
def static(ref: Referential) -> Static:
    return Static(ref)


def _place(body: Body) -> tuple[int, str]:
    """A body's place in the index: the most common types first, then by key."""
    return (_ORDER.get(body.type, len(TYPES)), body.key)


_ORDER = {t: i for i, t in enumerate(TYPES)}


def _filed(body: Body, ref: Referential, epci_of: dict[str, str]) -> Filed:
    # A commune before its merger is found by its name and by today's commune's (its name says
    # both) and postal codes: a reader of Hesdin-la-Forêt finds Huby-Saint-Leu's motion.
    cps = postcodes()
    here = body.today or body.code
    codes = ""
    if body.type == "commune":
        codes = cps.get(here, "")
    elif body.type == "arrondissement":
        codes = " ".join(sorted({c for a in _grouped().get(body.code, [body.code])
                                 for c in cps.get(a, "").split()}))
    name = dated_name(ref, body)
    also = _also(body, ref)
    head: Row = [body.type, body.code, name, body.departement or "", body.region or "",
                 _parents(body, epci_of, ref), codes]
    official = body.code.lower() if body.type in ("commune", "arrondissement") else ""
    return Filed(head, also, tuple(key_words(f"{name} {also}")),
                 tuple(sorted({*codes.split(), *([official] if official else [])})))


def pages(site: Site) -> Files:
    ref = site.ref
    known = static(ref)
    campaigns = site.campaigns
    position = {c.id: i for i, c in enumerate(campaigns)}
    motions: dict[str, list[list[Any]]] = defaultdict(list)
    bodies: dict[str, Body] = {}
    for entry in sorted(site.entries, key=lambda e: (position[e.motion.campaign], e.motion.date,
                                                   e.motion.path)):
        motions[entry.body.key].append(_motion(entry, position))
        bodies.setdefault(entry.body.key, entry.body)
    # A few motions of the referential's own bodies (a site's first months, the suite, every
    # rebuild of `mkdocs serve`): its rows with theirs in place, and the cuts of only the
    # beginnings their words start. Otherwise (every council of France, councils of the past),
    # every row and every cut; the rows are kept only for a few motions (at every council of
    # France, they would stay in memory for the rest of the build).
    few = len(bodies) * FEW < len(known.order)
    if few and all(known.bodies.get(key) == body for key, body in bodies.items()):
        return _few(site, known, motions)
    return _all(site, known, motions, bodies, keep=few)


FEW = 10  # at most one council in FEW with a motion: the index is made from the kept rows


def _few(site: Site, known: Static, motions: dict[str, list[list[Any]]]) -> Files:
    rows = known.rows()
    encoded = list(rows.encoded)
    words: set[str] = set()
    codes: set[str] = set()
    for key, listed in motions.items():
        filed = known.filed(key)
        encoded[rows.number[key]] = _dump([*filed.head, listed, filed.also])
        words.update(shard_key(w) for w in filed.words)
        codes.update(shard_key(c) for c in filed.codes)

    def weigh(numbers: list[int]) -> int:
        return known.sizes.weigh([encoded[n] for n in numbers], FILE_LIMIT)

    return _files(site, encoded, cut(rows.by_word, shard_key, weigh, kept=known.cuts[0],
                                     changed=words),
                  cut(rows.by_code, shard_key, weigh, kept=known.cuts[1], changed=codes))


def _all(site: Site, known: Static, motions: dict[str, list[list[Any]]],
         bodies: dict[str, Body], *, keep: bool) -> Files:
    order = known.order
    extra = [key for key in bodies if key not in known.bodies]
    if extra:
        order = sorted([*order, *extra], key=lambda k: _place(bodies.get(k) or known.bodies[k]))
    encoded: list[bytes] = []  # each row as the files write it
    by_word: dict[str, list[int]] = defaultdict(list)
    by_code: dict[str, list[int]] = defaultdict(list)
    for key in order:
        filed = known.filed(key, bodies.get(key), keep=keep)
        number = len(encoded)
        listed = motions.get(key)
        encoded.append(_dump([*filed.head, listed, filed.also]) if listed else filed.encoded)
        for word in filed.words:
            by_word[word].append(number)
        for code in filed.codes:
            by_code[code].append(number)

    def weigh(numbers: list[int]) -> int:
        return known.sizes.weigh([encoded[n] for n in numbers], FILE_LIMIT)

    return _files(site, encoded, cut(by_word, shard_key, weigh), cut(by_code, shard_key, weigh))


def _files(site: Site, encoded: list[bytes], names: dict[str, list[int]],
           numbers: dict[str, list[int]]) -> Files:
    files: Files = {}
    for folder, found in ((NAMES_DIR, names), (CODES_DIR, numbers)):
        for k, v in sorted(found.items()):
            files[f"{folder}/{k}.json"] = _joined([encoded[n] for n in v])
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
