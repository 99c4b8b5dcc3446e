"""`petition campaign new`: a first campaign in minutes, from questions (or options, for scripts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from petition.cli.base import Context, echo, usage_errors
from petition.core.characters import shown
from petition.core.repository import Repository, load_repository

if TYPE_CHECKING:
    from petition.campaign.newcampaign import NewRecipient


@click.group(subcommand_metavar="COMMANDE [ARGUMENTS]...")
def campaign() -> None:
    """Les campagnes du dépôt : « petition campaign new » en écrit une nouvelle, valide, avec
    ses destinataires.

    Exemple : petition campaign new --id ligne-2026 --titre "Pour la ligne de la vallée"
    """


@campaign.command()
@click.option("--id", "campaign_id", metavar="ID",
              help="Identifiant, en minuscules avec des tirets (aussi le nom du dossier).")
@click.option("--titre", metavar="TEXTE", help="Titre de la campagne (site, lettres).")
@click.option("--destinataire", "functions", multiple=True, metavar="FONCTION",
              help="Fonction d'un destinataire des lettres, par exemple « Directeur général de "
                   "SNCF Réseau » (à répéter pour chacun).")
@click.option("--appel", "calls", multiple=True, metavar="FORMULE",
              help="Formule d'appel du destinataire de même rang, par exemple « Monsieur le "
                   "Directeur général » (par défaut : « Madame, Monsieur »).")
@click.option("--depuis", "source", metavar="ID",
              help="Reprendre les destinataires d'une campagne existante.")
@click.option("--no-input", is_flag=True, help="Ne rien demander : tout vient des options.")
@click.pass_obj
@usage_errors
def new(obj: Context, campaign_id: str | None, titre: str | None, functions: tuple[str, ...],
        calls: tuple[str, ...], source: str | None, no_input: bool) -> None:
    """Écrit une nouvelle campagne : motions/ID/campagne.yml, valide, avec son identifiant, son
    titre et ses destinataires, puis les autres champs en modèle commenté à compléter (texte
    commun, demandes, résumé, période, expéditeur des lettres). N'écrit jamais par-dessus une
    campagne existante.

    Chaque destinataire est une fonction (« Préfète de la région Occitanie », « Agence régionale
    de santé Occitanie ») avec, si elle est connue, sa formule d'appel (« Madame la Préfète ») ;
    la lettre en tire l'article (« à la préfète », « au directeur général ») et demande
    « article » dans le fichier quand elle ne peut le deviner. --depuis reprend les
    destinataires d'une autre campagne du dépôt.

    \b
    Exemple : petition campaign new --id ligne-2026 --titre "Pour la ligne de la vallée"
      --destinataire "Président de la région Occitanie" --appel "Madame la Présidente" --no-input
    """
    from petition.campaign.newcampaign import (
        CampaignError,
        NewRecipient,
        campaign_data,
        check_id,
        check_text,
        recipients_of,
        write_campaign,
    )

    repo = load_repository(obj.repo, today=obj.today)
    if len(calls) > len(functions):
        raise click.UsageError("plus de --appel que de --destinataire : chaque --appel suit son "
                               "--destinataire")
    copied = None
    if source is not None:
        if source not in repo.campaigns:
            known = ", ".join(sorted(repo.campaigns)) or "aucune"
            raise click.UsageError(f"--depuis : campagne « {shown(source)} » inconnue (campagnes : "
                                   f"{known})")
        copied = recipients_of(repo.campaigns[source])

    def answer(value: str | None, label: str, check: object, hint: str) -> str:
        """An option's value checked, or the question asked until the answer is right."""
        test = check if callable(check) else (lambda text: "")
        if value is not None:
            error = test(value)
            if error:
                raise click.UsageError(f"{hint} : {shown(error)}")
            return value.strip()
        if no_input:
            raise click.UsageError(f"{hint} manquant (avec --no-input, tout vient des options)")
        while True:
            typed = str(click.prompt(label)).strip()
            error = test(typed)
            if not error:
                return typed
            echo(f"  ✗ {error}", err=True)

    campaign_id = answer(campaign_id, "Identifiant de la campagne (par exemple ligne-2026)",
                         lambda v: check_id(v.strip(), repo), "--id")
    titre = answer(titre, "Titre de la campagne", lambda v: check_text(v, least=3, most=300), "--titre")
    recipients = [NewRecipient(f, calls[i] if i < len(calls) else "")
                  for i, f in enumerate(functions)]
    for who in recipients:
        for label, value in (("--destinataire", who.function), ("--appel", who.call)):
            error = check_text(value, required=label == "--destinataire")
            if error:
                raise click.UsageError(f"{label} : {shown(error)}")
    if not recipients and not copied:
        if no_input:
            raise click.UsageError("aucun destinataire : indiquez --destinataire FONCTION (ou "
                                   "--depuis ID) ; les lettres de la campagne leur sont adressées")
        recipients = _ask_recipients()
    data = campaign_data(campaign_id, titre, recipients, copied)
    try:
        path, problems = write_campaign(repo, data)
    except CampaignError as exc:
        raise click.UsageError(shown(exc)) from None
    rel = path.relative_to(repo.root).as_posix()
    echo(rel)
    for problem in problems:
        echo(problem.text(), err=True)
    from petition.intake.formfile import FORM_PATH

    if (repo.root / FORM_PATH).is_file() and repo.project is not None:
        # the issue form offers the new campaign at once
        for written in _write_forms(load_repository(obj.repo, today=obj.today)):
            echo(written)
    echo(f"Campagne « {shown(titre)} » écrite dans {rel}. Ensuite : complétez le texte commun et "
         "les demandes (le modèle commenté au bas du fichier), lancez « petition validate », "
         f"puis ajoutez les motions (« petition new --campaign {campaign_id} » ou « petition "
         f"import FICHIER.csv --campaign {campaign_id} »).", err=True)


def _write_forms(repo: Repository) -> list[str]:
    from petition.intake.formfile import write_forms

    if repo.project is None:
        raise click.UsageError("projet.yml absent ou en erreur : le formulaire nomme la cause ; "
                               "lancez « petition validate »")
    return write_forms(repo.root, repo.project, repo.campaigns)


@click.command()
@click.pass_obj
@usage_errors
def form(obj: Context) -> None:
    """Récrit le formulaire de signalement des motions (.github/ISSUE_TEMPLATE/) d'après
    projet.yml et les campagnes : la cause dans sa description, les campagnes ouvertes dans sa
    liste, le lien vers le guide du contributeur. Affiche les fichiers récrits (aucun s'ils sont
    à jour). « petition campaign new » le fait après chaque nouvelle campagne ; « petition
    validate » signale un formulaire qui n'est plus à jour.

    Exemple : petition form
    """
    repo = load_repository(obj.repo, today=obj.today)
    written = _write_forms(repo)
    for rel in written:
        echo(rel)
    echo(f"{len(written)} fichier(s) récrit(s)." if written else "Formulaire déjà à jour.", err=True)


def _ask_recipients() -> list[NewRecipient]:
    from petition.campaign.newcampaign import NewRecipient, check_text
    from petition.core.addressing import ARTICLES, needs_article
    from petition.core.offices import NEUTRAL_SALUTATION

    echo("Destinataires des lettres, un par un (une fonction, par exemple « Directeur général de "
         "SNCF Réseau » ou « Agence régionale de santé Occitanie ») ; laissez vide pour finir.")
    found: list[NewRecipient] = []
    while True:
        function = str(click.prompt(f"Destinataire n° {len(found) + 1}", default="",
                                    show_default=False)).strip()
        if not function:
            if found:
                return found
            echo("  ✗ il faut au moins un destinataire", err=True)
            continue
        error = check_text(function)
        if error:
            echo(f"  ✗ {error}", err=True)
            continue
        call = str(click.prompt("  Formule d'appel (par exemple « Monsieur le Directeur général »"
                                " ; vide : « Madame, Monsieur »)", default="",
                                show_default=False)).strip()
        error = check_text(call, required=False)
        if error:
            echo(f"  ✗ {error}", err=True)
            continue
        article = ""
        if needs_article(call or NEUTRAL_SALUTATION, function, None):
            article = str(click.prompt(f"  Article de « {function} » dans « Lettre à … » (le, la, "
                                       "l', les)", type=click.Choice(ARTICLES),
                                       show_choices=False))
        found.append(NewRecipient(function, call, article))
