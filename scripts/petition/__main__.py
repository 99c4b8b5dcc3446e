"""`petition`: the command line of the motions repository. Parses arguments, calls the core,
prints, and sets the exit status: 0 all good, 1 the data has errors, 2 wrong usage."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .problems import format_problems
from .repository import RepositoryError, load_repository, today_default

F = TypeVar("F", bound=Callable[..., Any])

EXIT_DATA = 1
EXIT_USAGE = 2


class Context:
    def __init__(self, repo: Path, today: dt.date) -> None:
        self.repo = repo
        self.today = today


def _today(_: click.Context, __: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return today_default()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date AAAA-MM-JJ") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Racine du dépôt des motions (contient motions/).")
@click.option("--today", callback=_today, metavar="AAAA-MM-JJ",
              help="Date du jour pour les vérifications (par défaut : aujourd'hui, ou PETITION_TODAY).")
@click.version_option(package_name="petition-canssm", message="petition %(version)s")
@click.pass_context
def cli(ctx: click.Context, repo: Path, today: dt.date) -> None:
    """Collecte, vérification et publication des motions des collectivités pour le réseau de
    santé CANSSM / Filieris.

    Chaque commande agit sur le dépôt du dossier courant (ou --repo CHEMIN).
    """
    ctx.obj = Context(repo, today)


def data_errors(func: F) -> F:
    """Turn a RepositoryError (not a motions repository) into a usage error (exit 2)."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RepositoryError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            sys.exit(EXIT_USAGE)
    return wrapper  # type: ignore[return-value]


def repo_relative(repo: Path, paths: tuple[Path, ...]) -> list[str]:
    root = repo.resolve()
    relative = []
    for path in paths:
        full = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
        try:
            relative.append(full.relative_to(root).as_posix())
        except ValueError:
            raise click.UsageError(f"{path} n'est pas dans le dépôt {repo}") from None
    return relative


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text : une ligne par problème ; json ; github : annotations.")
@click.option("--no-cache", is_flag=True, help="Tout revérifier, sans le cache des fichiers inchangés.")
@click.pass_obj
@data_errors
def validate(obj: Context, paths: tuple[Path, ...], fmt: str, no_cache: bool) -> None:
    """Vérifie les motions : schéma, voix, dates, référentiel officiel, doublons.

    Sans argument, vérifie tout le dépôt ; avec des fichiers, vérifie ceux-là (et les doublons
    avec le reste du dépôt). Chaque problème est une ligne FICHIER:LIGNE: message.

    Exemple : petition validate motions/canssm-2023/commune-62498-lens-2023-09-27.yml
    """
    only = repo_relative(obj.repo, paths) if paths else None
    repo = load_repository(obj.repo, today=obj.today, use_cache=not no_cache, only=only)
    output = format_problems(repo.problems, fmt)
    if output:
        click.echo(output)
    errors = len(repo.errors)
    if fmt == "text":
        checked = len(only) if only is not None else len(repo.motions) + len(repo.campaigns)
        warnings = len(repo.problems) - errors
        summary = (f"{checked} fichier(s) vérifié(s) : {errors} erreur(s), "
                   f"{warnings} avertissement(s).")
        click.echo(summary, err=True)
    sys.exit(EXIT_DATA if errors else 0)


def main() -> None:
    cli(prog_name="petition")


if __name__ == "__main__":
    main()
