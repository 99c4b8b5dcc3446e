"""`petition siret`: fill the missing SIRETs from the « API Recherche d'entreprises »."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from petition.cli.base import EXIT_DATA, Context, echo, usage_errors
from petition.core.problems import sort_problems
from petition.core.repository import load_repository
from petition.exchange.sirets import API, INTERVAL, TIMEOUT


def repo_relative(root: Path, given: Path) -> str:
    """A motion file given on the command line, as the repository names it (relative, POSIX)."""
    path = given if given.is_absolute() else Path.cwd() / given
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise click.BadParameter(f"{given} n'est pas dans le dépôt {root}") from None


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path),
                metavar="[FICHIER...]")
@click.option("--dry-run", is_flag=True, help="Chercher et montrer, sans rien écrire.")
@click.option("--api", default=API, show_default=True, metavar="URL", envvar="PETITION_SIRET_API",
              help="Adresse de l'API Recherche d'entreprises (ou la variable PETITION_SIRET_API).")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=120), default=TIMEOUT,
              show_default=True, metavar="SECONDES", help="Attente maximale d'une réponse.")
@click.pass_obj
@usage_errors
def siret(obj: Context, files: tuple[Path, ...], dry_run: bool, api: str, timeout: float) -> None:
    """Complète le SIRET des collectivités qui n'en ont pas, d'après l'API Recherche
    d'entreprises (sans clé), pour les relire avant de les valider.

    Pour chaque motion sans « collectivite.siret » (toutes, ou les FICHIERs donnés) dont le
    SIREN de la collectivité est connu (commune, arrondissement, intercommunalité, EPT,
    Métropole de Lyon par le référentiel officiel ; département et région par la table des
    SIREN), le SIRET de son siège est cherché dans l'API, vérifié (clé de contrôle, SIREN) puis
    écrit dans le fichier (une ligne ajoutée, le reste du fichier inchangé) : relisez
    « git diff » avant de valider. Un conseil dont aucune source ne donne le SIREN (collectivité
    d'outre-mer) se recopie à la main. Sans réseau ou si l'API refuse, la commande s'arrête avec
    un message (sortie 1) ; ce qui est déjà écrit le reste.

    Exemple : petition siret --dry-run
    """
    from petition.core.referential import referential
    from petition.core.tool import user_agent
    from petition.exchange.sirets import api_finder, check_api_url, fill_sirets

    wrong = check_api_url(api)
    if wrong:
        raise click.BadParameter(wrong, param_hint="--api")
    repo = load_repository(obj.repo, today=obj.today)
    finder = api_finder(api, timeout, user_agent(repo.project, "siret"))
    only = {repo_relative(repo.root, f) for f in files} if files else None
    run = fill_sirets(repo, referential(), finder, write=not dry_run, interval=INTERVAL,
                      only=only)
    for path, number, name in run.written:
        verb = "à écrire (--dry-run)" if dry_run else "écrit"
        said = f", siège de « {name} »" if name else ""
        echo(f"{path}: SIRET {number} {verb}{said}")
    for problem in sort_problems(run.problems):
        echo(problem.text(), err=True)
    if run.stopped:
        echo(f"Erreur : {run.stopped}", err=True)
    if run.written:
        verb = "à écrire" if dry_run else "écrit(s)"
        echo(f"{len(run.written)} SIRET {verb} ; relisez les fichiers (git diff) avant de "
             "valider.", err=True)
    else:
        echo("Aucun SIRET écrit.", err=True)
    if run.stopped or any(p.is_error for p in run.problems):
        sys.exit(EXIT_DATA)
