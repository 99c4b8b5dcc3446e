"""The SCDL « Délibérations » files of the national portal, data.gouv.fr, listed through its API.

The portal runs udata; its API v1 lists datasets (`GET /api/1/datasets/`), filtered by the schema
their resources declare (`schema=scdl/deliberations`: udata keeps datasets with a resource whose
`schema.name` is that one), a page at a time (`page`, `page_size`; each page gives `data`, `total`
and `next_page`, the address of the next page or null). Each dataset lists its `resources`, each
with `url`, `format`, `title` and `schema` (`{"name", "version"}`): only the resources that
declare the schema themselves are taken (a dataset may hold other files too), and only those in
CSV, the SCDL format (an Excel copy beside it is the same data).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from petition.exchange.download import DownloadError, Fetcher

API = "https://www.data.gouv.fr/api/1"
SCHEMA = "scdl/deliberations"
PAGE_SIZE = 50
MAX_PAGE_BYTES = 32 * 1024 * 1024  # a page of 50 datasets, each with its list of resources
MAX_PAGES = 2000
_CSV_FORMATS = {"", "csv", "txt", "text/csv", "text/plain"}

Progress = Callable[[int, int], None]  # (datasets read, datasets in the catalogue)


@dataclass(frozen=True)
class Resource:
    """One file of the catalogue: its address, its title and its dataset's."""

    url: str
    title: str
    dataset: str
    page: str  # the dataset's page on the portal


@dataclass
class Catalogue:
    """The resources found, how many were set aside (not CSV), and why the listing stopped early
    ("" if it went to the end)."""

    resources: list[Resource] = field(default_factory=list)
    not_csv: int = 0
    datasets: int = 0
    stopped: str = ""


def check_api(api: str) -> str:
    """What is wrong with an --api address ("" if nothing)."""
    parts = urllib.parse.urlsplit(api)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        return f"« {api} » n'est pas une adresse d'API http(s)://… ; par défaut {API}"
    return ""


def first_page(api: str) -> str:
    query = urllib.parse.urlencode({"schema": SCHEMA, "page": 1, "page_size": PAGE_SIZE})
    return f"{api.rstrip('/')}/datasets/?{query}"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _declares_schema(resource: dict[str, Any]) -> bool:
    schema = resource.get("schema")
    return isinstance(schema, dict) and schema.get("name") == SCHEMA


def _is_csv(resource: dict[str, Any]) -> bool:
    fmt = _text(resource.get("format")).lower()
    return fmt in _CSV_FORMATS or fmt.endswith("csv")


def _on_the_portal(url: str, api: str) -> str | None:
    """`url` on the API's own server, with the API's scheme (a portal behind a proxy may write
    its own addresses in http://), or None if it leads elsewhere."""
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(api)
    if a.scheme not in ("http", "https") or a.netloc.lower() != b.netloc.lower():
        return None
    return urllib.parse.urlunsplit(a._replace(scheme=b.scheme))


def list_resources(fetcher: Fetcher, api: str = API, progress: Progress | None = None) -> Catalogue:
    """Every SCDL « Délibérations » CSV resource of the catalogue at `api`, in the catalogue's
    order, each address once. A page that cannot be read stops the listing, said in `stopped`:
    what was listed before is kept."""
    catalogue = Catalogue()
    seen: set[str] = set()
    url: str | None = first_page(api)
    visited: set[str] = set()
    for number in range(1, MAX_PAGES + 1):
        if url is None:
            return catalogue
        visited.add(url)
        try:
            document = fetcher.get_json(url, MAX_PAGE_BYTES)
        except DownloadError as exc:
            catalogue.stopped = f"catalogue lu en partie : page {number} illisible ({exc})"
            return catalogue
        if not isinstance(document, dict) or not isinstance(document.get("data"), list):
            catalogue.stopped = (f"catalogue lu en partie : la page {number} n'a pas la forme "
                                 "attendue (pas de liste « data »)")
            return catalogue
        for dataset in document["data"]:
            if isinstance(dataset, dict):
                _add_dataset(catalogue, dataset, seen)
        if progress is not None:
            total = document.get("total")
            progress(catalogue.datasets, total if isinstance(total, int) else catalogue.datasets)
        following = document.get("next_page")
        url = _on_the_portal(following, api) if isinstance(following, str) else None
        if following is not None and (url is None or url in visited):
            catalogue.stopped = (f"catalogue lu en partie : la page {number} renvoie vers une "
                                 "page suivante inattendue")
            return catalogue
    catalogue.stopped = f"catalogue lu en partie : arrêt après {MAX_PAGES} pages"
    return catalogue


def _add_dataset(catalogue: Catalogue, dataset: dict[str, Any], seen: set[str]) -> None:
    catalogue.datasets += 1
    resources = dataset.get("resources")
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict) or not _declares_schema(resource):
            continue
        url = _text(resource.get("url"))
        if not url or url in seen:
            continue
        seen.add(url)
        if not _is_csv(resource):
            catalogue.not_csv += 1
            continue
        catalogue.resources.append(Resource(url, _text(resource.get("title")),
                                            _text(dataset.get("title")),
                                            _text(dataset.get("page"))))
