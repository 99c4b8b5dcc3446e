"""`petition sent` and `petition answer`: the letters sent to a campaign's recipients and the
answers received, recorded as files in the repository."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn

import click

from petition.cli.base import EXIT_DATA, EXIT_USAGE, Context, day_option, echo, usage_errors
from petition.core.characters import value_problem
from petition.core.repository import Repository, load_repository


def _fail(message: str, usage: bool) -> NoReturn:
    echo(f"Erreur : {message}", err=True)
    sys.exit(EXIT_USAGE if usage else EXIT_DATA)


def _written(repo: Repository, paths: list[Path]) -> None:
    """The files a command wrote, one a line, relative to the repository."""
    for path in paths:
        echo(path.relative_to(repo.root).as_posix())


@click.command()
@click.option("--campaign", required=True, metavar="ID", help="Campagne de la lettre.")
@click.option("--recipient", required=True, metavar="RID",
              help="Identifiant du destinataire (« id » dans « destinataires » du campagne.yml).")
@click.option("--date", "day", callback=day_option, metavar="AAAA-MM-JJ",
              help="Jour de l'envoi (par défaut : aujourd'hui ; jamais dans le futur).")
@click.option("--canal", "channel", type=click.Choice(["courrier", "courriel", "remise en main propre"]),
              help="Moyen d'envoi ; sans cette option, aucun moyen n'est enregistré.")
@click.pass_obj
@usage_errors
def sent(obj: Context, campaign: str, recipient: str, day: dt.date | None,
         channel: str | None) -> None:
    """Enregistre l'envoi de la lettre d'une campagne à un destinataire.

    La lettre de ce jour (PDF, telle que « petition letter » l'écrit) est archivée dans
    motions/documents/ avec son empreinte SHA-256, et l'envoi est écrit dans
    motions/<campagne>/envois/<date>-<destinataire>.yml, avec la fonction du destinataire ce
    jour-là, les chiffres que la lettre portait et le moyen d'envoi s'il est donné (--canal ;
    sans lui, aucun moyen n'est enregistré). Jamais par-dessus un fichier : un seul envoi
    par destinataire et par jour. Refusé tant que la campagne n'a pas d'« expediteur » (ses
    lettres sont alors des projets). À relire et proposer comme une motion (pull request).

    Exemple : petition sent --campaign ma-campagne --recipient ministre-sante --date 2026-11-02
    """
    from petition.campaign.sendings import RecordError, check_sendable, record_sending
    from petition.letters.sent import letter_on

    day = day or obj.today
    repo = load_repository(obj.repo, today=obj.today)
    try:
        check_sendable(repo, campaign, recipient, day, obj.today, channel)
        letter = letter_on(repo, campaign, recipient, day)
        written = record_sending(repo, repo.campaigns[campaign], recipient, day,
                                 channel=channel, letter_pdf=letter.pdf, office=letter.office,
                                 holder=letter.holder, figures=letter.figures, bodies=letter.bodies)
    except RecordError as exc:
        _fail(str(exc), exc.usage)
    _written(repo, written)


@click.command()
@click.option("--campaign", required=True, metavar="ID", help="Campagne de la lettre.")
@click.option("--recipient", required=True, metavar="RID", help="Identifiant du destinataire qui répond.")
@click.option("--date", "day", required=True, callback=day_option, metavar="AAAA-MM-JJ",
              help="Date de la réponse (au plus tôt celle de l'envoi ; jamais dans le futur).")
@click.option("--document", required=True, metavar="FICHIER.pdf",
              type=click.Path(dir_okay=False, path_type=Path), help="Le PDF de la réponse.")
@click.option("--resume", "summary", metavar="TEXTE",
              help="Ce que dit la réponse, en quelques phrases (montré sur la page « Suivi »).")
@click.option("--accuse-reception", "acks", multiple=True, callback=day_option, metavar="AAAA-MM-JJ",
              help="Date d'un accusé de réception de la lettre (répétable).")
@click.pass_obj
@usage_errors
def answer(obj: Context, campaign: str, recipient: str, day: dt.date, document: Path,
           summary: str | None, acks: list[dt.date]) -> None:
    """Enregistre la réponse reçue à la lettre d'une campagne.

    Le PDF est copié dans motions/documents/ avec son empreinte SHA-256, et la réponse est
    écrite dans motions/<campagne>/reponses/<date>-<destinataire>.yml ; elle répond au dernier
    envoi enregistré à ce destinataire, au plus tard ce jour-là. Jamais par-dessus un fichier.

    Exemple : petition answer --campaign ma-campagne --recipient ministre-sante --date 2026-12-01
    --document reponse.pdf --resume "Le cabinet annonce une mission d'inspection."
    """
    from petition.campaign.sendings import RecordError, record_answer

    text = " ".join(summary.split()) if summary else None
    if text and value_problem(text):
        _fail(f"--resume : {value_problem(text)}", True)
    if summary is not None and not text:
        _fail("--resume est vide : écrivez ce que dit la réponse, ou retirez l'option", True)
    if text and len(text) > 2000:
        _fail(f"--resume fait {len(text)} caractères, au plus 2000 : résumez", True)
    repo = load_repository(obj.repo, today=obj.today)
    try:
        written = record_answer(repo, campaign, recipient, day, obj.today, document,
                                summary=text, acknowledgements=list(acks))
    except RecordError as exc:
        _fail(str(exc), exc.usage)
    _written(repo, written)
