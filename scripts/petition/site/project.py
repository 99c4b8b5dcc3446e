"""The site's configuration, read from the repository: what names the cause (the site's title and
description, its address, the repository's address) from `projet.yml`, the one place the cause is
written; the rendering settings (theme, Markdown extensions, link checks, copyright line) from the
repository's own `mkdocs.yml`, which the written `mkdocs.yml` carries over.

One function reads them (`project_config`). `mkdocs.yml` is code (MkDocs loads it with an unsafe
loader): it is read here as data, every tag ignored, and nothing in it is ever evaluated.

A repository that has not declared where its site is published (`site` in projet.yml) is built for
the local preview (`LOCAL_SITE`, where `make serve` shows it): its feeds and share links then point
there. With PETITION_SITE_REQUIRED set (the publishing workflow), that is an error instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from petition.core.projectfile import PROJECT_FILE, Project, ProjectFileError, read_project

CONFIG_FILE = "mkdocs.yml"
# What the written mkdocs.yml keeps of the repository's own, as written there (what names the cause
# comes from projet.yml).
CARRIED = ("copyright", "use_directory_urls", "theme", "markdown_extensions", "validation", "extra",
           "nav")
LOCAL_SITE = "http://127.0.0.1:8000/"
SITE_REQUIRED = "PETITION_SITE_REQUIRED"


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
    project: Project | None = None  # projet.yml's settings
    local: bool = False  # no address declared: built for the local preview

    @property
    def repo_name(self) -> str:
        return self.project.repo_name if self.project else ""

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
            raise ProjectError(f"{PROJECT_FILE} : indiquez « site », l'adresse complète du site "
                               "(le flux Atom a besoin d'adresses complètes)")
        if not self.site_name:
            raise ProjectError(f"{PROJECT_FILE} : indiquez « nom », le nom de la cause")

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

    try:
        project = read_project(root)
    except ProjectFileError as exc:
        raise ProjectError(str(exc)) from None
    site_url = project.site_url
    if not site_url and os.environ.get(SITE_REQUIRED):
        raise ProjectError(f"{PROJECT_FILE} : indiquez « site », l'adresse où le site est publié "
                           "(le flux Atom et les liens de partage en ont besoin)")
    docs_dir = text("docs_dir") or "docs"
    return ProjectConfig(
        site_name=project.title, site_url=site_url or LOCAL_SITE, repo_url=project.repo_url,
        copyright=text("copyright"), description=project.description,
        docs_dir=os.path.normpath(docs_dir).replace(os.sep, "/"), edit_uri=text("edit_uri"),
        directory_urls=data.get("use_directory_urls", True) is not False,
        rendering={key: data[key] for key in CARRIED if key in data}, project=project,
        local=not site_url)
