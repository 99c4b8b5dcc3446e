"""`petition discover`: find, in published SCDL deliberations, the motions nobody reported."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from petition.cli.base import EXIT_DATA, Context, echo, known_campaign, usage_errors
from petition.core.destinations import check_id, inside
from petition.core.destinations import chosen as user_path
from petition.core.problems import Problem
from petition.core.repository import Repository
from petition.exchange.catalogue import API
from petition.exchange.download import TIMEOUT

if TYPE_CHECKING:
    from petition.exchange.discover import Discovery
    from petition.exchange.download import Fetcher

_CAMPAIGN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _campaigns(repo: Repository, given: tuple[str, ...]) -> list[str]:
    """The campaigns to search: those given, or every one that declares expressions."""
    for campaign in given:
        known_campaign(repo, campaign)
    chosen = list(dict.fromkeys(given)) or sorted(c for c, data in repo.campaigns.items()
                                                  if data.keywords)
    if not chosen:
        raise click.UsageError("aucune campagne ne déclare de « mots_cles » : ajoutez-les dans "
                               "motions/<campagne>/campagne.yml (les expressions qui désignent "
                               "son sujet dans les délibérations)")
    for campaign in chosen:
        if not _CAMPAIGN_ID.fullmatch(campaign):
            raise click.UsageError(f"identifiant de campagne « {campaign} » mal formé")
        if not repo.campaigns[campaign].keywords:
            raise click.UsageError(f"la campagne {campaign} ne déclare pas de « mots_cles » : "
                                   f"ajoutez-les dans motions/{campaign}/campagne.yml")
        bad = sorted({p.path for p in repo.errors if p.path == repo.campaigns[campaign].path})
        if bad:
            echo(f"Erreur : {bad[0]} a des erreurs : ses mots-clés ne sont pas sûrs ; corrigez-le "
                 "(petition validate), puis recommencez.", err=True)
            sys.exit(EXIT_DATA)
    return chosen


@click.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option("--catalogue", is_flag=True,
              help="Lire aussi toutes les ressources SCDL « Délibérations » de data.gouv.fr.")
@click.option("--campaign", "campaigns", multiple=True, metavar="ID",
              help="Campagne dont chercher les motions (option répétable ; par défaut : toutes "
                   "celles qui déclarent des mots_cles).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FICHIER.csv", help="Écrire les candidates d'une campagne dans ce fichier SCDL.")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Écrire DOSSIER/<campagne>.csv pour chaque campagne qui a des candidates.")
@click.option("--review", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER.md",
              help="Écrire aussi la liste à relire, en Markdown (pour une demande de modification).")
@click.option("--api", default=API, show_default=True, metavar="URL",
              help="Adresse de l'API du portail national (avec --catalogue).")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=600), default=TIMEOUT,
              show_default=True, metavar="SECONDES", help="Attente maximale d'une réponse.")
@click.option("--no-cache", is_flag=True, help="Tout télécharger de nouveau, sans le cache.")
@click.pass_obj
@usage_errors
def discover(obj: Context, sources: tuple[str, ...], catalogue: bool, campaigns: tuple[str, ...],
             output: Path | None, output_dir: Path | None, review: Path | None, api: str,
             timeout: float, no_cache: bool) -> None:
    """Cherche, dans les délibérations publiées en données ouvertes (SCDL), les motions d'une
    campagne que personne n'a encore signalées.

    SOURCE est un fichier SCDL délibérations, un dossier (tous ses fichiers .csv) ou l'adresse
    http(s) d'un fichier ; --catalogue lit en plus toutes les ressources SCDL « Délibérations »
    de data.gouv.fr. Une délibération est candidate quand son objet (ou l'adresse de son
    document, ou une autre colonne de texte) contient l'un des « mots_cles » de la campagne, sans
    tenir compte des majuscules, des accents ni des tirets, en mots entiers. Celles que le dépôt
    contient déjà (même collectivité, même date, même campagne) et celles déjà écartées
    (decouvertes/<campagne>-ecartees.csv) sont laissées de côté.

    Chaque candidate est affichée sur une ligne (source et ligne, date, collectivité, objet) ;
    -o écrit ses lignes en SCDL, à relire avant « petition import ». Une source mal formée est
    signalée FICHIER:LIGNE: message (sortie 1) et les autres sont lues quand même ; ne rien
    trouver n'est pas une erreur (sortie 0).

    Exemple : petition discover deliberations.csv --campaign ma-campagne -o candidates.csv
    """
    from petition.cli.prompts import progress_bar
    from petition.core.referential import referential
    from petition.core.repository import cache_folder, load_repository
    from petition.exchange.candidates import candidate_line, candidates_csv, review_markdown
    from petition.exchange.catalogue import check_api, list_resources
    from petition.exchange.discover import Searcher, is_address, read_address, read_local
    from petition.exchange.download import Fetcher, is_local, url_problem
    from petition.exchange.httpcache import HttpCache, cache_allowed, default_cache_folder
    from petition.exchange.writer import replace_file

    if not sources and not catalogue:
        raise click.UsageError("donnez au moins une SOURCE (fichier, dossier ou adresse http(s)) "
                               "ou --catalogue")
    if output is not None and output_dir is not None:
        raise click.UsageError("-o et --output-dir ensemble : choisissez l'un ou l'autre")
    for source in sources:
        wrong = url_problem(source) if is_address(source) or "://" in source else ""
        if wrong:
            raise click.BadParameter(wrong, param_hint="SOURCE")
    wrong = check_api(api) if catalogue else ""
    if wrong:
        raise click.BadParameter(wrong, param_hint="--api")
    # Where the results go is checked before the search (no link inside the repository, the
    # parent folder of a file named outside it must exist).
    out_file = user_path(obj.repo, output) if output is not None else None
    out_dir = user_path(obj.repo, output_dir, folder=True) if output_dir is not None else None
    review_file = user_path(obj.repo, review) if review is not None else None
    repo = load_repository(obj.repo, today=obj.today)
    chosen = _campaigns(repo, campaigns)
    if output is not None and len(chosen) > 1:
        raise click.UsageError(f"-o écrit les candidates d'une seule campagne, et {len(chosen)} "
                               "sont cherchées : précisez --campaign ID, ou utilisez --output-dir")
    searcher = Searcher(repo, chosen, referential(), obj.today)
    cache = HttpCache(default_cache_folder(cache_folder())) \
        if not no_cache and cache_allowed() else None
    fetcher = Fetcher("discover", project=repo.project, cache=cache, timeout=timeout)
    with progress_bar("Lecture des sources", len(sources) > 1) as advance:
        for done, source in enumerate(sources, 1):
            if is_address(source):
                read_address(searcher, fetcher, source)
            else:
                read_local(searcher, Path(source))
            if advance is not None:
                advance(done, len(sources))
    if catalogue:
        fetcher.allow_private = is_local(api)  # the portal's resources are strangers' addresses
        with progress_bar("Catalogue de data.gouv.fr", True) as advance:
            listed = list_resources(fetcher, api, advance)
        echo(f"Catalogue : {listed.datasets} jeu(x) de données, {len(listed.resources)} fichier(s) "
             f"CSV à lire ({listed.not_csv} ressource(s) dans un autre format laissée(s) de côté).",
             err=True)
        with progress_bar("Lecture du catalogue", bool(listed.resources)) as advance:
            for done, resource in enumerate(listed.resources, 1):
                read_address(searcher, fetcher, resource.url)
                if advance is not None:
                    advance(done, len(listed.resources))
    found = searcher.found
    if catalogue and listed.stopped:
        found.problems.append(Problem(api, 1, listed.stopped))
    for candidate in found.candidates:
        echo(candidate_line(candidate, len(chosen) > 1))
    for problem in found.problems:
        echo(problem.text(), err=True)
    files: dict[str, str] = {}
    if out_file is not None:
        replace_file(out_file, candidates_csv(found.candidates).encode("utf-8"))
        files[chosen[0]] = str(output)
    if out_dir is not None:
        for campaign in chosen:
            mine = [c for c in found.candidates if c.campaign == campaign]
            if mine:
                target = inside(out_dir, f"{check_id(campaign, 'campagne')}.csv")
                replace_file(target, candidates_csv(mine).encode("utf-8"))
                files[campaign] = str(target.path)
    if review_file is not None:
        replace_file(review_file, review_markdown(found, chosen, files).encode("utf-8"))
    _summary(found, chosen, files, fetcher)
    sys.exit(EXIT_DATA if found.errors else 0)


def _summary(found: Discovery, chosen: list[str], files: dict[str, str], fetcher: Fetcher) -> None:
    count = len(found.candidates)
    which = f" pour {', '.join(chosen)}"
    head = f"{count} délibération(s) candidate(s){which}" if count else \
        f"Aucune délibération candidate{which}"
    echo(f"{head} : {found.sources} fichier(s) SCDL lu(s), {found.rows} délibération(s) ; "
         f"{found.already} déjà dans le dépôt, {found.set_aside} déjà écartée(s), "
         f"{found.repeated} en double, {found.refused} laissée(s) de côté (cellule "
         f"dangereuse).", err=True)
    if fetcher.requests:
        echo(f"{fetcher.requests} requête(s) ; {fetcher.from_cache} fichier(s) inchangé(s) repris "
             "du cache.", err=True)
    for campaign, path in files.items():
        echo(f"Candidates de {campaign} écrites dans {path} : relisez chaque délibération avant "
             f"« petition import {path} --campaign {campaign} ».", err=True)
