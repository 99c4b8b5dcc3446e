"""`petition siret`: the SIRET of each body that lacks one, from the public « API Recherche
d'entreprises », written into the motion files for a coordinator to review.

The referential gives communes, intercommunalités, EPT and the Métropole de Lyon their SIREN (an
arrondissement its city's), the shipped table départements and régions (core.sirens); the API's
direct search by SIREN (`/search?q=<SIREN>`, no key) returns the legal unit with its head office,
`siege.siret` (models in the public repository annuaire-entreprises-data-gouv-fr/search-api:
`PaginatedResponseModel.results: list[UniteLegaleResponse]`, `UniteLegaleResponse.siege:
Etablissement`). Only the result whose `siren` is the body's is taken, and its SIRET is checked
(Luhn, SIREN) before anything is written. Each file gets one line, `siret: "…"`, at the end of its
`collectivite` block; the rest of the file is kept byte for byte, and the result is read back to
prove it holds exactly the old data plus the SIRET.
"""

from __future__ import annotations

import copy
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from petition.core.cut import cut
from petition.core.destinations import UnsafePath, WriteError, destination
from petition.core.model import Motion
from petition.core.opendata import siret_problem
from petition.core.problems import WARNING, Problem
from petition.core.referential import TYPE_LABELS, Body, Referential
from petition.core.repository import Repository
from petition.core.sirens import own_siren
from petition.core.tool import DISTRIBUTION
from petition.core.yamlstrict import YamlError, load_bytes
from petition.exchange.download import network_reason
from petition.exchange.writer import replace_file

API = "https://recherche-entreprises.api.gouv.fr"
TIMEOUT = 10.0
# The API accepts at most 7 requests per second from one address (its documentation).
INTERVAL = 0.2
MAX_RESPONSE_BYTES = 5 * 1024 * 1024
NAME = "l'API Recherche d'entreprises"


class ApiError(Exception):
    """The API cannot answer now (network, rate limit, server error): the run stops here."""


@dataclass
class Found:
    """A SIRET the API gave for a SIREN, with the name it gives the legal unit."""

    siret: str
    name: str


@dataclass
class SiretRun:
    """What a run did: files written (path, SIRET, name), problems (by file), and the reason it
    stopped early, if the API failed."""

    written: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stopped: str = ""


def lookup(siren: str, api: str = API, timeout: float = TIMEOUT,
           agent: str = DISTRIBUTION) -> Found | None:
    """The head office SIRET of `siren`, or None when the API knows no such legal unit; `agent`
    is the User-Agent that names the tool and the repository asking (`tool.user_agent`)."""
    wrong = check_api_url(api)
    if wrong:  # never file:// or another scheme urllib would open
        raise ApiError(wrong)
    url = f"{api.rstrip('/')}/search?{urllib.parse.urlencode({'q': siren})}"
    request = urllib.request.Request(url, headers={"User-Agent": agent,  # noqa: S310
                                                   "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise ApiError(_http_error(exc)) from None
    except (urllib.error.URLError, OSError) as exc:
        raise ApiError(f"pas de réponse de {NAME} ({api}) : {network_reason(exc)} ; vérifiez "
                       "la connexion au réseau et relancez plus tard") from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise ApiError(f"réponse de {NAME} trop grosse : relancez plus tard")
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiError(f"réponse illisible de {NAME} (pas du JSON) : relancez plus tard") from None
    results = document.get("results") if isinstance(document, dict) else None
    if not isinstance(results, list):
        raise ApiError(f"réponse inattendue de {NAME} (pas de liste « results ») : relancez plus "
                       "tard")
    for result in results:
        if isinstance(result, dict) and result.get("siren") == siren:
            siege = result.get("siege")
            siret = siege.get("siret") if isinstance(siege, dict) else None
            name = result.get("nom_complet")
            return Found(siret if isinstance(siret, str) else "",
                         name if isinstance(name, str) else "")
    return None


def _http_error(exc: urllib.error.HTTPError) -> str:
    if exc.code == 429:
        wait = exc.headers.get("Retry-After", "") if exc.headers else ""
        when = f"dans {wait} s" if wait.isdigit() else "dans une minute"
        return (f"{NAME} limite le nombre de requêtes (HTTP 429) : relancez « petition siret » "
                f"{when} ; les SIRET déjà trouvés sont écrits")
    detail = ""
    try:
        body = json.loads(exc.read(10_000))
        if isinstance(body, dict) and isinstance(body.get("erreur"), str):
            detail = f" (« {cut(body['erreur'], 200)} »)"
    except (ValueError, OSError, RecursionError):
        pass
    return f"{NAME} a répondu par une erreur HTTP {exc.code}{detail} : relancez plus tard"


def insert_siret(text: str, siret: str) -> str | None:
    """`text` with `siret: "…"` added at the end of its `collectivite` block, every other byte
    kept; None when the file is not laid out so that one line can be added safely (a flow
    mapping, an unreadable file), or when the result would not read back as intended."""
    try:
        loaded = load_bytes(text.encode("utf-8"))
    except YamlError:
        return None
    data = loaded.data
    body = data.get("collectivite") if isinstance(data, dict) else None
    if not isinstance(body, dict) or not body or "siret" in body:
        return None
    parent = loaded.lines.get(("collectivite",), 0)
    children = [loaded.lines.get(("collectivite", key), 0) for key in body]
    if min(children) <= parent:  # `collectivite: {type: …}` on one line
        return None
    lines = text.splitlines(keepends=True)
    last = lines[max(children) - 1]
    indent = len(last) - len(last.lstrip(" "))
    end = max(children)
    while end < len(lines) and lines[end].strip() and \
            len(lines[end]) - len(lines[end].lstrip(" ")) > indent:
        end += 1  # the rest of a value that spans lines
    newline = "\r\n" if last.endswith("\r\n") else "\n"
    before = lines[:end]
    if before and not before[-1].endswith(("\n", "\r")):
        before[-1] += newline
    result = "".join([*before, f'{" " * indent}siret: "{siret}"{newline}', *lines[end:]])
    expected = copy.deepcopy(data)
    expected["collectivite"]["siret"] = siret
    try:
        if load_bytes(result.encode("utf-8")).data != expected:
            return None
    except YamlError:
        return None
    return result


Lookup = Callable[[str], Found | None]


def _missing(repo: Repository, ref: Referential,
             only: set[str] | None = None) -> Iterator[tuple[Motion, Body | None]]:
    """Motions (of `only`, when given) whose body is known and that have no SIRET yet, in file
    order."""
    for m in sorted(repo.motions, key=lambda m: m.path):
        if m.get("collectivite", "siret") or not m.body_type or not m.code:
            continue
        if only is not None and m.path not in only:
            continue
        yield m, ref.body(m.body_type, m.code)


def fill_sirets(repo: Repository, ref: Referential, find: Lookup, *, write: bool = True,
                interval: float = 0.0, only: set[str] | None = None) -> SiretRun:
    """Look up and write the SIRET of every motion that lacks one (once per SIREN)."""
    run = SiretRun()
    answers: dict[str, Found | None] = {}
    for m, body in _missing(repo, ref, only):
        line = m.line("collectivite")
        if body is None:
            continue  # `petition validate` names the unknown body
        day = m.date if len(m.date) == 10 else None
        siren = own_siren(body, day)
        if not siren:
            run.problems.append(Problem(m.path, line, f"{TYPE_LABELS[body.type]} {body.nom} : "
                                        "aucune source ici ne donne son SIREN, le SIRET ne peut pas "
                                        "être cherché ; recopiez celui du conseil depuis "
                                        "annuaire-entreprises.data.gouv.fr", WARNING))
            continue
        if siren not in answers:
            if answers and interval:
                time.sleep(interval)
            try:
                answers[siren] = find(siren)
            except ApiError as exc:
                run.stopped = str(exc)
                return run
        found = answers[siren]
        if found is None:
            run.problems.append(Problem(m.path, line, f"{NAME} ne connaît pas le SIREN "
                                        f"{siren} ({body.nom}) : cherchez le SIRET sur "
                                        "annuaire-entreprises.data.gouv.fr", WARNING))
            continue
        wrong = siret_problem(found.siret, body, ref, day) if len(found.siret) == 14 \
            and found.siret.isdigit() else f"« {cut(found.siret, 20)} » n'a pas 14 chiffres"
        if wrong:
            run.problems.append(Problem(m.path, line, f"{NAME} donne pour {body.nom} un siège "
                                        f"dont le SIRET ne convient pas ({wrong}) : rien n'est "
                                        "écrit, vérifiez-le sur annuaire-entreprises.data.gouv.fr",
                                        WARNING))
            continue
        _write(repo, m, found, run, write)
    return run


def _write(repo: Repository, m: Motion, found: Found, run: SiretRun, write: bool) -> None:
    path = repo.root / m.path
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    new = insert_siret(text, found.siret) if text else None
    if new is None:
        run.problems.append(Problem(m.path, m.line("collectivite"), "SIRET trouvé, "
                                    f"{found.siret}, mais le fichier ne permet pas de l'ajouter "
                                    "sans le réécrire : ajoutez vous-même la ligne "
                                    f'« siret: "{found.siret}" » dans « collectivite »', WARNING))
        return
    if write:
        try:
            replace_file(destination(repo.root, m.path), new.encode("utf-8"))
        except (WriteError, UnsafePath) as exc:
            run.problems.append(Problem(m.path, 1, str(exc)))
            return
    run.written.append((m.path, found.siret, found.name))


def api_finder(api: str, timeout: float, agent: str = DISTRIBUTION) -> Lookup:
    def find(siren: str) -> Found | None:
        return lookup(siren, api, timeout, agent)
    return find


def check_api_url(api: str) -> str:
    """What is wrong with an --api address ("" if nothing): only http(s), with a host."""
    parts = urllib.parse.urlsplit(api)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"« {api} » n'est pas une adresse http(s)://… : par défaut {API}"
    return ""
