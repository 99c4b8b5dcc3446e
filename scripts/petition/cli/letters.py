"""`petition letter`: the letters to the Minister of a campaign, in Markdown or PDF."""

from __future__ import annotations

from pathlib import Path

import click

from petition.cli.base import Context, files_in_error, known_campaign, usage_errors
from petition.core.repository import load_repository


@click.command()
@click.option("--campaign", required=True, metavar="ID", help="Campagne dont on écrit les lettres.")
@click.option("--format", "fmt", type=click.Choice(["md", "pdf"]), required=True,
              help="md : Markdown (ce que montre le site) ; pdf : A4, à imprimer et envoyer.")
@click.option("-o", "--output", "directory", type=click.Path(file_okay=False, path_type=Path),
              metavar="DOSSIER", help="Dossier des lettres (par défaut : lettres/ dans le dépôt).")
@click.pass_obj
@usage_errors
def letter(obj: Context, campaign: str, fmt: str, directory: Path | None) -> None:
    """Écrit les lettres au Ministre d'une campagne : une par destinataire de son campagne.yml.

    Chaque lettre cite les demandes de la campagne, donne les chiffres (collectivités par type,
    population couverte, voix pour, période) et la liste des collectivités signataires par
    région et département, en annexe au-delà de 40. Mêmes données, même jour : mêmes octets.
    Affiche le chemin de chaque fichier écrit ; les fichiers en erreur sont laissés de côté
    (sortie 1).

    Exemple : petition letter --campaign canssm-2023 --format pdf -o lettres/
    """
    from petition.letters import render_letters, write_letters

    repo = load_repository(obj.repo, today=obj.today)
    known_campaign(repo, campaign)
    files = render_letters(repo, campaign, fmt, today=obj.today)
    target = directory if directory is not None else obj.repo / "lettres"
    try:
        written = write_letters(files, target)
    except OSError as exc:
        raise click.UsageError(f"impossible d'écrire dans {target} : {exc.strerror}") from None
    for path in written:
        click.echo(path)
    files_in_error(repo)
