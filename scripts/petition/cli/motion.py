"""`petition new`: a new motion file from questions (or options, for scripts)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from petition.cli.base import EXIT_DATA, EXIT_USAGE, Context, echo, known_campaign, usage_errors
from petition.cli.prompts import answer_options
from petition.core.destinations import WriteError
from petition.core.repository import Repository, load_repository


@click.command()
@click.option("--campaign", metavar="ID", help="Campagne de la motion.")
@answer_options
@click.option("--unanimite", metavar="OUI|NON", help="Adoptée à l'unanimité (oui, non).")
@click.option("--texte", "text_file", metavar="FICHIER",
              help="Fichier texte (UTF-8) qui contient le texte intégral de la motion.")
@click.option("--resume", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Reprendre avec les réponses gardées dans FICHIER après un échec.")
@click.option("--no-input", is_flag=True, help="Ne rien demander : tout vient des options.")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Écrire sans confirmation.")
@click.pass_obj
@usage_errors
def new(obj: Context, /, campaign: str | None, text_file: str | None, resume: Path | None,
        no_input: bool, assume_yes: bool, **given: str | None) -> None:
    """Pose les questions et écrit un nouveau fichier de motion (jamais par-dessus un autre).

    Demande la campagne, la collectivité (code ou nom, confirmée avec son nom officiel, son
    type et son département), la date, la nature, l'objet, les présences, le résultat,
    l'unanimité, les voix, l'adresse du document et le texte. Chaque réponse est vérifiée aussitôt
    (adresse web, nombres contre l'effectif, doublon dès que la collectivité et la date sont
    connues) ; la motion entière l'est avec les règles de petition validate, puis écrite sous son
    nom, et la commande dit la suite (vérifier, proposer). « < » revient à la question précédente
    (Entrée garde la réponse déjà donnée, « - » l'efface) ; le texte se colle tel quel. Chaque
    réponse est gardée dès qu'elle est tapée, hors du dépôt : après un Ctrl-C, un terminal fermé
    ou une panne, petition new propose de reprendre là. Si rien n'a pu être écrit, les réponses
    sont aussi gardées dans un fichier : reprenez avec --resume FICHIER. Avec --no-input, tout
    vient des options (pour les scripts). Les dates s'écrivent 27/09/2023, 27 septembre 2023 ou
    2023-09-27.

    Exemple : petition new --campaign ma-campagne --type commune --code 62498 --date 2023-09-27
    --nature motion --objet "Motion pour la ligne" --resultat adoptee --pour 37 --no-input
    """
    from petition.cli.prompts import missing, yes
    from petition.core.referential import referential
    from petition.intake.answers import AnswersError, drop_session, load_answers, read_text_file
    from petition.intake.newmotion import canonical, draft_motion, write_draft

    repo = load_repository(obj.repo, today=obj.today)
    if resume is not None:
        try:
            kept_campaign, kept = load_answers(resume)
        except AnswersError as exc:
            raise click.UsageError(str(exc)) from None
        campaign = campaign or kept_campaign
        given = {**kept, **{k: v for k, v in given.items() if v is not None}}
        echo(f"Reprise des réponses gardées dans {resume}")
    if text_file is not None:
        given["texte"], error = read_text_file(text_file)
        if error:
            raise click.UsageError(error)
    known_campaign(repo, campaign)
    if not repo.campaigns:
        raise click.UsageError("aucune campagne : un coordinateur crée d'abord "
                               "motions/<campagne>/campagne.yml (« petition campaign new »)")
    if no_input:
        absent = missing({"campaign": campaign, **given})
        if absent:
            raise click.UsageError(f"avec --no-input, il faut aussi : {', '.join(absent)}")
        answers = {k: canonical(k, v) for k, v in given.items() if v is not None}
    else:
        campaign, answers = _interactive(obj, repo, campaign, given, resume is None)
    campaign = str(campaign)
    draft = draft_motion(repo, campaign, answers, referential(), obj.today)
    for problem in draft.problems:
        echo(problem.text(), err=True)
    if not draft.ok:
        _give_up("Rien n'a été écrit : corrigez les réponses ci-dessus.", obj.repo, campaign,
                 answers, resume, keep=not no_input)
    if not (no_input or assume_yes):
        echo(draft.text)
        if not yes(f"Écrire {draft.rel} ?"):
            _give_up("Rien n'a été écrit.", obj.repo, campaign, answers, resume, keep=False,
                     status=0)
    try:
        written = write_draft(repo, draft)
    except WriteError as exc:
        _give_up(f"Erreur : {exc}", obj.repo, campaign, answers, resume, keep=True,
                 status=EXIT_USAGE)
    if not written:
        _give_up(f"{draft.rel}:1: ce fichier existe déjà : rien n'a été écrit (un fichier n'est "
                 "jamais remplacé).", obj.repo, campaign, answers, resume, keep=not no_input)
    echo(f"Motion écrite : {draft.rel}")
    if resume is not None:
        try:
            resume.unlink()
            echo(f"Réponses gardées supprimées : {resume}")
        except OSError:
            pass
    if not no_input:
        drop_session(obj.repo)
        _next_steps(obj.repo, draft.rel, campaign)


def _give_up(message: str, root: Path, campaign: str, answers: dict[str, str], resume: Path | None, *,
             keep: bool, status: int = EXIT_DATA) -> None:
    """Say that nothing was written; keep the answers in a file the user can resume from."""
    from petition.intake.answers import keep_answers

    echo(message, err=True)
    kept = keep_answers(root, campaign, answers, resume) if keep else None
    if kept is not None:
        echo(f"Vos réponses sont gardées dans {kept} : reprenez avec « petition new --resume "
             f"{kept} ».", err=True)
    elif keep:
        echo("Vos réponses n'ont pu être gardées nulle part (disque plein ou protégé).", err=True)
    sys.exit(status)


def _interactive(obj: Context, repo: Repository, campaign: str | None,
                 given: dict[str, str | None], offer: bool) -> tuple[str, dict[str, str]]:
    """The questions, every answer kept as it is typed (outside the repository): Ctrl-C, a
    closed terminal or a crash lose nothing, and the next `petition new` offers to go on."""
    from petition.cli.prompts import ask_answers, ask_campaign, yes
    from petition.core.referential import referential
    from petition.intake.answers import load_session, save_session, session_file

    kept = load_session(obj.repo) if offer else None
    if kept is not None and kept[1]:
        kept_campaign, answers = kept
        where = ", ".join(filter(None, (answers.get("code"), answers.get("date"))))
        echo(f"Une saisie interrompue est gardée ({kept_campaign}{', ' + where if where else ''} : "
             f"{len(answers)} réponse(s)).")
        if yes("La reprendre là où elle s'est arrêtée ?"):
            campaign = campaign or kept_campaign
            given = {**answers, **{k: v for k, v in given.items() if v is not None}}
    try:
        campaign = campaign or ask_campaign(repo)
        chosen = campaign

        def keep(answers: dict[str, str]) -> None:
            save_session(obj.repo, chosen, answers)

        return campaign, ask_answers(repo, referential(), given, campaign, obj.today, keep)
    except (click.Abort, KeyboardInterrupt):
        if not session_file(obj.repo).is_file():
            raise
        echo("", err=True)
        echo(f"Interrompu : vos réponses sont gardées ({session_file(obj.repo)}) ; relancez "
             "« petition new » pour reprendre là.", err=True)
        sys.exit(EXIT_DATA)


def _next_steps(root: Path, rel: str, campaign: str) -> None:
    """What to do with the file just written: check it, then propose it (git and a pull request,
    or, without git, GitHub's upload page or the report form)."""
    from petition.core.projectfile import load_project

    project, _ = load_project(root)
    url = project.repo_url if project is not None and project.repo_url else None
    echo("")
    echo("Et maintenant :")
    echo(f"  1. vérifiez-la : petition validate {rel}")
    if (root / ".git").exists():
        echo(f"  2. proposez-la : git switch -c motion-{Path(rel).stem} && git add {rel} && "
             f"git commit -m \"Ajoute {Path(rel).stem}\" && git push, puis ouvrez une demande "
             "de modification (pull request) sur GitHub.")
    elif url:
        echo(f"  2. proposez-la : sur {url}/tree/main/motions/{campaign}, « Add file → Upload "
             "files » (ajouter un fichier), puis « Propose changes ».")
    else:
        echo("  2. proposez-la par une demande de modification (pull request) sur le dépôt GitHub "
             "de la campagne, ou par son formulaire « Signaler une motion adoptée ».")
    if url:
        echo(f"  Sans git, le formulaire « Signaler une motion adoptée » suffit aussi : "
             f"{url}/issues/new?template=signaler-motion.yml")
