"""`petition new`: a new motion file from questions (or options, for scripts)."""

from __future__ import annotations

import sys

import click

from petition.cli.base import EXIT_DATA, Context, echo, known_campaign, usage_errors
from petition.cli.prompts import answer_options
from petition.core.repository import load_repository


@click.command()
@click.option("--campaign", metavar="ID", help="Campagne de la motion.")
@answer_options
@click.option("--no-input", is_flag=True, help="Ne rien demander : tout vient des options.")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Écrire sans confirmation.")
@click.pass_obj
@usage_errors
def new(obj: Context, /, campaign: str | None, no_input: bool, assume_yes: bool,
        **given: str | None) -> None:
    """Pose les questions et écrit un nouveau fichier de motion (jamais par-dessus un autre).

    Demande la campagne, la collectivité (code ou nom, confirmée avec son nom officiel, son
    type et son département), la date, la nature, l'objet, les présences et les voix ; vérifie
    la motion avec les règles de petition validate, puis l'écrit sous son nom. Avec --no-input,
    tout vient des options (pour les scripts).

    Exemple : petition new --campaign canssm-2023 --type commune --code 62498 --date 2023-09-27
    --nature motion --objet "Motion CANSSM" --resultat adoptee --pour 37 --no-input
    """
    from petition.cli.prompts import ask_answers, ask_campaign, missing, yes
    from petition.core.referential import referential
    from petition.intake.newmotion import draft_motion, write_draft

    repo = load_repository(obj.repo, today=obj.today)
    known_campaign(repo, campaign)
    if not repo.campaigns:
        raise click.UsageError("aucune campagne : créez d'abord motions/<campagne>/campagne.yml")
    if no_input:
        absent = missing({"campaign": campaign, **given})
        if absent:
            raise click.UsageError(f"avec --no-input, il faut aussi : {', '.join(absent)}")
        answers = {k: v for k, v in given.items() if v is not None}
    else:
        campaign = campaign or ask_campaign(repo)
        answers = ask_answers(repo, referential(), given, obj.today)
    draft = draft_motion(repo, str(campaign), answers, referential(), obj.today)
    for problem in draft.problems:
        echo(problem.text(), err=True)
    if not draft.ok:
        echo("Rien n'a été écrit : corrigez les réponses ci-dessus.", err=True)
        sys.exit(EXIT_DATA)
    if not (no_input or assume_yes):
        echo(draft.text)
        if not yes(f"Écrire {draft.rel} ?"):
            echo("Rien n'a été écrit.", err=True)
            sys.exit(0)
    if not write_draft(repo, draft):
        echo(f"{draft.rel}:1: ce fichier existe déjà : rien n'a été écrit (un fichier "
                   "n'est jamais remplacé)", err=True)
        sys.exit(EXIT_DATA)
    echo(f"Motion écrite : {draft.rel}")
