"""Build the site of a temporary motions repository (never into the work tree), for the site and
browser tests."""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import PROJECT, ROOT, TODAY, RepoBuilder, motion_data

sys.path.insert(0, str(ROOT / "tools"))
import pagecheck  # tools/ is not a package

SITE_SOURCES = ("mkdocs.yml", "docs")


def site_repo(root: Path, *, sample: bool = True) -> RepoBuilder:
    """A motions repository with the site's sources (the tool's own configuration and pages), and
    the fixture tree's two motions when `sample`."""
    builder = RepoBuilder(root, sample=sample)
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return builder


def site_config() -> dict[str, Any]:
    """The addresses of the test repositories' site (`site_url`, `repo_url`), from their projet.yml
    (conftest.PROJECT): tests compare the built site's links with them, never with a literal."""
    return {"site_url": PROJECT["site"], "repo_url": PROJECT["depot"]}


def extra_motions() -> list[dict[str, Any]]:
    """Three more bodies of the Pas-de-Calais (one a rejection) and a vote of the Nord."""
    vote = {"resultat": "adoptee", "pour": 30, "contre": 2, "abstentions": 1}
    presences = {"effectif": 35, "presents": 30, "pouvoirs": 3}
    return [
        motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"},
                    seance={"date": "2023-10-16"}, presences=presences, vote=vote,
                    sources=[{"url": "https://www.exemple.fr/lievin/motion.pdf",
                              "description": "Extrait du registre"}]),
        motion_data(collectivite={"type": "epci", "code": "246200364",
                                  "nom": "CA de Lens - Liévin"},
                    instance="Conseil communautaire", seance={"date": "2023-11-20"},
                    presences={"effectif": 80, "presents": 60, "pouvoirs": 10},
                    vote={"resultat": "adoptee", "pour": 70, "contre": 0, "abstentions": 0}),
        motion_data(collectivite={"type": "commune", "code": "62427", "nom": "Hénin-Beaumont"},
                    seance={"date": "2023-10-02"}, presences=presences,
                    vote={"resultat": "rejetee", "pour": 10, "contre": 23, "abstentions": 0}),
        motion_data(collectivite={"type": "departement", "code": "59", "nom": "Nord"},
                    instance="Conseil départemental", nature="voeu",
                    seance={"date": "2023-12-11"}, presences={"effectif": 82, "presents": 70,
                                                               "pouvoirs": 10},
                    vote={"resultat": "adoptee", "pour": 75, "contre": 3, "abstentions": 2}),
    ]


@dataclass(frozen=True)
class Built:
    """What `mkdocs build` ends with: its exit code and what it printed."""

    returncode: int
    stderr: str


def build_site(root: Path, dest: Path, cache: Path) -> Built:
    """`mkdocs build --strict` of the repository at `root` into `dest`, as `make site` does (not
    `--quiet`: with it, MkDocs no longer counts warnings and --strict lets them pass), run in this
    process as the command runs it (its configuration, build and log), so that what a build
    computes once per process is computed once per worker of the suite: `test_pages` runs the
    command itself."""
    logger = logging.getLogger("mkdocs")
    printed = io.StringIO()
    handler = logging.StreamHandler(printed)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    code = 0
    with pytest.MonkeyPatch.context() as patch:  # each undone when the build ends
        patch.setenv("PETITION_TODAY", TODAY.isoformat())
        patch.setenv("PETITION_CACHE_DIR", str(cache))
        patch.chdir(root)
        patch.setattr(logger, "propagate", False)
        level = logger.level
        logger.setLevel(logging.INFO)  # setLevel, not the attribute: it clears logging's cache
        logger.addHandler(handler)
        try:
            config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(dest))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except click.ClickException as exc:  # what the command prints and exits with
            code = exc.exit_code
            printed.write(f"Error: {exc.format_message()}\n")
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
    return Built(code, printed.getvalue())


@contextlib.contextmanager
def served_site(root: Path, factory: pytest.TempPathFactory, under: str = "") -> Iterator[str]:
    """The site of the repository at `root`, built and served on localhost (under the path
    `under`, as GitHub Pages serves a project's site, gzipped as it does): yields its address."""
    site = factory.mktemp("site")
    result = build_site(root, site, factory.mktemp("cache"))
    assert result.returncode == 0, result.stderr
    with pagecheck.serve(site, under) as address:
        yield address
