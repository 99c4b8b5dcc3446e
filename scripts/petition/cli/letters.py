"""`petition letter`: the letters of a campaign to its recipients, in Markdown or PDF."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from petition.cli.base import (
    EXIT_DATA,
    Context,
    day_option,
    echo,
    files_in_error,
    known_campaign,
    usage_errors,
)
from petition.core.destinations import chosen, destination
from petition.core.repository import load_repository


@click.command()
@click.option("--campaign", required=True, metavar="ID", help="Campagne dont on écrit les lettres.")
@click.option("--format", "fmt", type=click.Choice(["md", "pdf"]), required=True,
              help="md : Markdown (ce que montre le site) ; pdf : A4, à imprimer et envoyer.")
@click.option("-o", "--output", "directory", type=click.Path(file_okay=False, path_type=Path),
              metavar="DOSSIER", help="Dossier des lettres (par défaut : lettres/ dans le dépôt).")
@click.option("--date", "day", callback=day_option, metavar="AAAA-MM-JJ",
              help="Date de la lettre (par défaut : aujourd'hui) ; elle va au titre en vigueur ce "
                   "jour-là.")
@click.pass_obj
@usage_errors
def letter(obj: Context, campaign: str, fmt: str, directory: Path | None,
           day: dt.date | None) -> None:
    """Écrit les lettres d'une campagne : une par destinataire de son campagne.yml, adressée au
    titre en vigueur à la date de la lettre (sinon à la fonction).

    Chaque lettre rapporte des faits : quelles collectivités ont adopté quel texte, quand, et
    combien d'habitants comptent leurs territoires (avec le millésime de la population) ; elle
    cite les demandes du texte proposé et liste les collectivités par région et département, en
    annexe au-delà de 40. Sans expéditeur déclaré (« expediteur » dans campagne.yml), c'est un
    projet de lettre, marqué comme tel sur chaque page. Mêmes données, même jour : mêmes octets.
    Affiche le chemin de chaque fichier écrit ; les fichiers en erreur sont laissés de côté
    (sortie 1).

    Exemple : petition letter --campaign ma-campagne --format pdf -o lettres/
    """
    from petition.letters import NoRecipient, render_letters, write_letters

    repo = load_repository(obj.repo, today=obj.today)
    known_campaign(repo, campaign)
    if day is not None and day > obj.today:
        raise click.BadParameter(f"le {day.isoformat()} est dans le futur : une lettre est datée "
                                 "au plus tard d'aujourd'hui", param_hint="--date")
    target = chosen(obj.repo, directory, folder=True) if directory is not None \
        else destination(obj.repo, "lettres", create=1, folder=True)
    try:
        files = render_letters(repo, campaign, fmt, today=day or obj.today)
    except NoRecipient as exc:
        echo(exc, err=True)
        sys.exit(EXIT_DATA)
    written = write_letters(files, target)
    for path in written:
        echo(path)
    files_in_error(repo)
