"""`petition siret`: fill the missing SIRETs from the « API Recherche d'entreprises »."""

from __future__ import annotations

import sys

import click

from petition.cli.base import EXIT_DATA, Context, echo, usage_errors
from petition.core.problems import sort_problems
from petition.core.repository import load_repository
from petition.exchange.sirets import API, INTERVAL, TIMEOUT


@click.command()
@click.option("--dry-run", is_flag=True, help="Chercher et montrer, sans rien écrire.")
@click.option("--api", default=API, show_default=True, metavar="URL",
              help="Adresse de l'API Recherche d'entreprises.")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=120), default=TIMEOUT,
              show_default=True, metavar="SECONDES", help="Attente maximale d'une réponse.")
@click.pass_obj
@usage_errors
def siret(obj: Context, dry_run: bool, api: str, timeout: float) -> None:
    """Complète le SIRET des collectivités qui n'en ont pas, d'après l'API Recherche
    d'entreprises (sans clé), pour les relire avant de les valider.

    Pour chaque motion sans « collectivite.siret » d'une commune ou d'une intercommunalité, le
    SIREN du référentiel officiel est cherché dans l'API ; le SIRET de son siège est vérifié
    (clé de contrôle, SIREN) puis écrit dans le fichier (une ligne ajoutée, le reste du fichier
    inchangé) : relisez « git diff » avant de valider. Le référentiel ne donne pas le SIREN des
    départements et régions : leur SIRET se recopie à la main. Sans réseau ou si l'API refuse,
    la commande s'arrête avec un message (sortie 1) ; ce qui est déjà écrit le reste.

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
    run = fill_sirets(repo, referential(), finder, write=not dry_run,
                      interval=INTERVAL)
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
