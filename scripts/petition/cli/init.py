"""`petition init DOSSIER --nom "CAUSE"`: a new, complete repository for another cause."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from petition.cli.base import EXIT_USAGE, cannot_write, echo
from petition.core.characters import shown
from petition.core.destinations import WriteError
from petition.core.problems import system_reason

QUESTIONS = {
    "nom": "Nom de la cause (par exemple « Ligne de la vallée »)",
    "cause": "La cause après « pour », avec son article (par exemple « la ligne de la vallée » ; "
             "vide : le nom entre guillemets)",
    "description": "En une phrase, ce que le dépôt rassemble (vide si rien)",
    "site": "Adresse où le site sera publié, https://… (vide si pas encore connue)",
    "depot": "Adresse du dépôt sur GitHub, https://github.com/PROPRIÉTAIRE/NOM (vide si pas "
             "encore créé)",
    "contact": "Contact des coordinateurs : adresse électronique ou page web (vide si aucun)",
}


@click.command()
@click.argument("folder", metavar="DOSSIER", type=click.Path(path_type=Path))
@click.option("--nom", metavar="TEXTE", help="Nom de la cause (obligatoire).")
@click.option("--cause", metavar="TEXTE",
              help="La cause après « pour », avec son article : « la ligne de la vallée ».")
@click.option("--description", metavar="TEXTE", help="Ce que le dépôt rassemble, en une phrase.")
@click.option("--site", metavar="URL", help="Adresse où le site sera publié.")
@click.option("--depot", metavar="URL", help="Adresse du dépôt : https://github.com/PROPRIÉTAIRE/NOM.")
@click.option("--contact", metavar="ADRESSE", help="Adresse électronique ou page des coordinateurs.")
@click.option("--no-input", is_flag=True, help="Ne rien demander : tout vient des options.")
@click.option("--no-git", is_flag=True, help="Ne pas créer de dépôt git dans DOSSIER.")
def init(folder: Path, no_input: bool, no_git: bool, **given: str | None) -> None:
    """Écrit dans DOSSIER (nouveau, ou vide) un dépôt complet pour une autre cause : l'outil
    petition, ses schémas, ses tests, son verrou, Makefile, .ci/run, les workflows GitHub et le
    formulaire de signalement, mkdocs.yml et les pages de documentation, un README pour cette
    cause et ses réglages dans projet.yml. Aucune motion, campagne, document, cible ni lettre de
    ce dépôt-ci n'y est copié. Un dossier qui contient déjà des fichiers est refusé (sortie 2).

    Les réglages absents des options sont demandés (seul le nom est obligatoire) ; avec
    --no-input, tout vient des options. Un dépôt git est créé dans DOSSIER (branche main, sans
    commit) si git est installé, sauf avec --no-git. Les étapes suivantes sont affichées à la fin.

    \b
    Exemple : petition init ../ligne --nom "Ligne de la vallée" --cause "la ligne de la vallée"
      --depot https://github.com/exemple/ligne --no-input
    """
    from petition.scaffold.newrepo import KEYS, InitError, check_settings, init_repository, target_problem
    from petition.scaffold.sources import SourcesError

    problem = target_problem(folder)
    if problem:
        echo(f"Erreur : {problem}", err=True)
        raise SystemExit(EXIT_USAGE)
    settings = {key: (given.get(key) or "").strip() for key in KEYS}
    if no_input and not settings["nom"]:
        raise click.UsageError("--nom manquant (avec --no-input, tout vient des options)")
    for key in KEYS:
        if no_input or given.get(key) is not None:
            continue
        while True:
            settings[key] = str(click.prompt(QUESTIONS[key], default="", show_default=False)).strip()
            if key == "nom" and not settings[key]:
                echo("  ✗ le nom de la cause est obligatoire", err=True)
                continue
            wrong = [p for p in check_settings(settings)[1] if p.is_error and p.field == key]
            if not wrong:
                break
            echo(f"  ✗ {wrong[0].message}", err=True)
    try:
        done = init_repository(folder, settings, git=not no_git)
    except InitError as exc:
        raise click.UsageError(shown(exc)) from None
    except SourcesError as exc:
        echo(f"Erreur : {exc}", err=True)
        raise SystemExit(EXIT_USAGE) from None
    except OSError as exc:
        cannot_write(WriteError(shown(folder), system_reason(exc)))
    place = shlex.quote(str(folder))
    echo(f"Nouveau dépôt « {shown(settings['nom'])} » écrit dans {shown(folder)} : "
         f"{len(done.files)} fichiers" + (f" ; {done.git}." if done.git else "."))
    echo("\nEnsuite :")
    steps = [(f"cd {place}", ""),
             ("make test", "installe l'environnement (.venv/) et vérifie l'outil"),
             (".venv/bin/petition campaign new", "la première campagne et ses destinataires"),
             (".venv/bin/petition new", "une motion (ou : petition import FICHIER.csv --campaign ID)"),
             ("make site", "le site, dans site/ (make serve pour le voir)")]
    width = max(len(command) for command, why in steps if why)
    for command, why in steps:
        echo(f"  {command.ljust(width)}  # {why}" if why else f"  {command}")
    missing = [key for key in ("depot", "site") if not settings[key]]
    later = (f" ; indiquez ensuite {' et '.join(f'« {k} »' for k in missing)} dans projet.yml, "
             "puis lancez « petition form »") if missing else ""
    echo(f"Puis publiez-le sur GitHub : voir « Premiers pas » dans README.md{later}.")
