"""The site's configuration, read from the repository: the settings that name the cause (site name,
description, addresses, copyright line) and the rendering settings (theme, Markdown extensions,
link checks) that the written `mkdocs.yml` carries over.

One function reads them (`project_config`): today from the repository's own `mkdocs.yml`; the cause's
settings are meant to move to a `projet.yml` of their own, and only this module will change then.
`mkdocs.yml` is code (MkDocs loads it with an unsafe loader): it is read here as data, every tag
ignored, and nothing in it is ever evaluated.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

CONFIG_FILE = "mkdocs.yml"
# What the written mkdocs.yml keeps of the repository's own, as written there.
CARRIED = ("site_name", "site_description", "site_url", "repo_url", "repo_name", "copyright",
           "use_directory_urls", "theme", "markdown_extensions", "validation", "extra", "nav")


class ProjectError(ValueError):
    """The repository's site configuration is missing or unreadable."""


class _DataLoader(yaml.SafeLoader):
    """A safe loader that reads `!!python/…` and `!ENV` tags as nothing (MkDocs evaluates them)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_DataLoader.add_multi_constructor("!", _ignore_tag)
_DataLoader.add_multi_constructor("tag:", _ignore_tag)


@dataclass(frozen=True)
class ProjectConfig:
    """The repository's site settings, as data."""

    site_name: str
    site_url: str  # absolute, ends with "/": the feed needs absolute addresses
    repo_url: str = ""
    copyright: str = ""
    description: str = ""
    docs_dir: str = "docs"  # the pages written by hand, relative to the repository
    edit_uri: str = ""  # relative to repo_url: where the hand-written pages are edited
    directory_urls: bool = True
    rendering: dict[str, Any] = field(default_factory=dict)  # CARRIED keys, as written

    def edit_url(self, repo_path: str) -> str | None:
        """The address that edits a file of the repository (`docs/contribuer.md`), or None."""
        if not self.repo_url or not self.edit_uri:
            return None
        docs = urljoin(self.repo_url.rstrip("/") + "/", self.edit_uri.rstrip("/") + "/")
        root = urljoin(docs, "../" * len(Path(self.docs_dir).parts))
        return root + repo_path

    def check_site(self) -> None:
        """The settings a site cannot do without."""
        if not self.site_url.startswith(("http://", "https://")):
            raise ProjectError(f"{CONFIG_FILE} : indiquez « site_url », l'adresse complète du site "
                               "(le flux Atom a besoin d'adresses complètes)")
        if not self.site_name:
            raise ProjectError(f"{CONFIG_FILE} : indiquez « site_name », le nom du site")

    @property
    def edit_base(self) -> str | None:
        """Repository paths appended to it give their edit address (`…/edit/main/`)."""
        return self.edit_url("")


def project_config(root: Path) -> ProjectConfig:
    """The site settings of the repository at `root`."""
    path = root / CONFIG_FILE
    try:
        data = yaml.load(path.read_bytes(), Loader=_DataLoader)  # noqa: S506 - safe subclass
    except OSError as exc:
        raise ProjectError(f"{CONFIG_FILE} illisible : {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ProjectError(f"{CONFIG_FILE} n'est pas un YAML valide : {exc}") from None
    if not isinstance(data, dict):
        raise ProjectError(f"{CONFIG_FILE} : un bloc de réglages « clé: valeur » est attendu")
    def text(key: str) -> str:
        value = data.get(key)
        return value.strip() if isinstance(value, str) else ""

    docs_dir = text("docs_dir") or "docs"
    site_url = text("site_url")
    return ProjectConfig(
        site_name=text("site_name"), site_url=site_url.rstrip("/") + "/" if site_url else "",
        repo_url=text("repo_url"),
        copyright=text("copyright"), description=text("site_description"),
        docs_dir=os.path.normpath(docs_dir).replace(os.sep, "/"), edit_uri=text("edit_uri"),
        directory_urls=data.get("use_directory_urls", True) is not False,
        rendering={key: data[key] for key in CARRIED if key in data})
