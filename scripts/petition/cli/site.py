"""`petition pages`: the site's whole source as files, which MkDocs, ProperDocs or Zensical render."""

from __future__ import annotations

import time
from pathlib import Path

import click

from petition.cli.base import Context, echo, files_in_error, usage_errors
from petition.core.characters import shown
from petition.core.repository import load_repository

DEFAULT_OUTPUT = Path("build") / "pages"
WATCH_SECONDS = 1.0


@click.command()
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path),
              metavar="DOSSIER",
              help="Dossier à écrire (par défaut : build/pages dans le dépôt) ; vide, nouveau, ou "
                   "déjà écrit par cette commande.")
@click.option("--watch", is_flag=True,
              help="Rester ouvert et récrire le dossier dès qu'une motion, une page de docs/ ou "
                   "mkdocs.yml change (pour « mkdocs serve » ou « zensical serve » dans le dossier).")
@click.pass_obj
@usage_errors
def pages(obj: Context, folder: Path | None, watch: bool) -> None:
    """Écrit toute la source du site : chaque page en Markdown (accueil, campagnes, départements,
    motions, lettres, données, suivi, cibles, méthode, contribuer, recherche), les fichiers de
    données, les lettres, les documents, les scripts et le style, les gabarits du thème et
    DOSSIER/mkdocs.yml. Dans DOSSIER, « mkdocs build », « properdocs build » ou « zensical
    build » construisent le site complet, sans greffon.

    Un fichier inchangé n'est pas récrit (sa date est gardée) ; ce que le site n'a plus est
    retiré. Les fichiers en erreur sont laissés de côté (sortie 1).

    \b
    Exemple : petition pages -o build/pages && cd build/pages && zensical build
    Aperçu : petition pages --watch, et dans build/pages : zensical serve (ou mkdocs serve)
    """
    from petition.site.output import OutputError, check_folder, fingerprint, write_site
    from petition.site.project import LOCAL_SITE, ProjectError, project_config
    from petition.site.source import SourceError

    target = folder if folder is not None else obj.repo / DEFAULT_OUTPUT
    # The default folder named with -o (as the Makefile does) is the default: build/ may be made.
    default = target.resolve() == (obj.repo / DEFAULT_OUTPUT).resolve()

    def once() -> None:
        repo = load_repository(obj.repo, today=obj.today)
        done = write_site(repo, target, obj.today,
                          create=len(DEFAULT_OUTPUT.parts) if default else 1)
        echo(f"{shown(target)} : {len(done.changed)} fichier(s) écrit(s), {done.unchanged} "
             f"inchangé(s), {len(done.removed)} retiré(s)", err=True)
        if project_config(obj.repo).local:
            echo(f"projet.yml : pas d'adresse « site » : le site est écrit pour l'aperçu local "
                 f"({LOCAL_SITE}), ses flux et ses liens de partage y renvoient ; indiquez "
                 "l'adresse où il sera publié avant de le publier", err=True)
        if not watch:
            files_in_error(repo)

    try:
        check_folder(target)
        once()
        if not watch:
            return
        echo("Surveillance de motions/, docs/, mkdocs.yml et projet.yml (Ctrl-C pour arrêter)",
             err=True)
        seen = fingerprint(obj.repo)
        while True:
            time.sleep(WATCH_SECONDS)
            now = fingerprint(obj.repo)
            if now != seen:
                seen = now
                once()
    except (OutputError, ProjectError, SourceError) as exc:
        raise click.UsageError(str(exc)) from None
