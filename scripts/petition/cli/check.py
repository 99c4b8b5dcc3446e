"""Commands that check contributions: `validate`, `summary` (a pull request's files) and
`from-issue` (the issue form)."""

from __future__ import annotations

import errno
import sys
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

import click

from petition.cli.base import EXIT_DATA, EXIT_USAGE, Context, echo, repo_relative, usage_errors
from petition.core.characters import shown
from petition.core.destinations import chosen, destination, failing
from petition.core.problems import format_problems, sort_problems, system_reason
from petition.core.repository import Repository, load_repository

if TYPE_CHECKING:
    from petition.core.fixes import Fix


@click.command()
@click.argument("paths", nargs=-1, metavar="[FICHIER]...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text : une ligne par problème ; json ; github : annotations.")
@click.option("--no-cache", is_flag=True, help="Tout revérifier, sans le cache des fichiers inchangés.")
@click.option("--fix", is_flag=True,
              help="Montrer les corrections sûres (date JJ/MM/AAAA, guillemets de Word, nombre avec "
                   "espaces ou entre guillemets, espace oubliée après « : »…), une ligne par "
                   "correction ; rien n'est écrit sans --write.")
@click.option("--write", is_flag=True, help="Avec --fix : appliquer ces corrections aux fichiers "
                                            "(seules les lignes corrigées changent).")
@click.pass_obj
@usage_errors
def validate(obj: Context, paths: tuple[Path, ...], fmt: str, no_cache: bool, fix: bool,
             write: bool) -> None:
    """Vérifie les motions : schéma, voix, dates, référentiel officiel, doublons.

    Sans argument, vérifie tout le dépôt ; avec des fichiers, vérifie ceux-là (et les doublons
    avec le reste du dépôt). Chaque problème est une ligne FICHIER:LIGNE: message. Avec --fix,
    montre les corrections dont le sens est certain ; avec --fix --write, les applique.

    Exemple : petition validate motions/ma-campagne/commune-62498-lens-2023-09-27.yml
    """
    if write and not fix:
        raise click.UsageError("--write s'utilise avec --fix : petition validate --fix --write")
    only = repo_relative(obj.repo, paths) if paths else None
    repo = load_repository(obj.repo, today=obj.today, use_cache=not no_cache, only=only)
    if fix:
        changes, renames = _fixable(repo), _renames(repo)
        count = sum(len(found) for _, found in changes) + len(renames)
        files = len({rel for rel, _ in changes} | {rel for rel, _ in renames})
        done = "corrigé : " if write else ""
        for rel, found in changes:
            for change in found:
                if change.old.strip() == change.new.strip():  # only the indentation changes
                    echo(f"{rel}:{change.line}: {done}{change.message} : {change.new.strip()}")
                else:
                    echo(f"{rel}:{change.line}: {done}{change.old.strip()}  →  "
                         f"{change.new.strip()}")
        for rel, new in renames:
            verb = "renommé" if write else "à renommer"
            echo(f"{rel}:1: {verb} : {PurePosixPath(rel).name}  →  {PurePosixPath(new).name}")
        if not write:
            echo(f"{count} correction(s) possible(s) dans {files} fichier(s), rien "
                 "n'a été écrit : pour les appliquer, lancez « petition validate --fix "
                 "--write »." if count else "Aucune correction sûre à proposer.", err=True)
            sys.exit(EXIT_DATA if repo.errors else 0)
        _write_fixes(repo, changes)
        _rename(repo, renames)
        echo(f"{count} correction(s) appliquée(s) dans {files} fichier(s).", err=True)
        if only is not None:
            moved = dict(renames)
            only = [moved.get(rel, rel) for rel in only]
        repo = load_repository(obj.repo, today=obj.today, use_cache=not no_cache, only=only)
    problems = repo.problems
    if only is None and repo.project is not None:
        from petition.intake.formfile import stale_forms

        problems = sort_problems([*problems, *stale_forms(repo.root, repo.project, repo.campaigns)])
    output = format_problems(problems, fmt)
    if output:
        echo(output)
    errors = len(repo.errors)
    if fmt == "text":
        checked = len(only) if only is not None else repo.files.count
        warnings = len(problems) - errors
        summary = (f"{checked} fichier(s) vérifié(s) : {errors} erreur(s), "
                   f"{warnings} avertissement(s).")
        echo(summary, err=True)
    sys.exit(EXIT_DATA if errors else 0)


def _fixable(repo: Repository) -> list[tuple[str, list[Fix]]]:
    """The sure fixes of every file in error (among those reported)."""
    from petition.core.fixes import writable_fixes

    campaigns = set(repo.files.campaigns)
    changes = []
    for rel in sorted({p.path for p in repo.errors}):
        if rel not in campaigns and rel not in repo.files.motions:
            continue
        found = writable_fixes("campaign" if rel in campaigns else "motion",
                               (repo.root / rel).read_bytes())
        if found:
            changes.append((rel, found))
    return changes


def _renames(repo: Repository) -> list[tuple[str, str]]:
    """Motions saved under a wrong extension (`.yml.txt`, `.YML`…), with the name to give them:
    the one their content says when it is known, else the same name with « .yml »; never over
    another file."""
    from petition.core.checks import content_filename
    from petition.core.files import extension_fix
    from petition.core.referential import referential

    loaded = {m.path: m for m in repo.motions}
    renames = []
    for rel in sorted(repo.files.misnamed):
        folder, name = rel.rsplit("/", 1)
        motion = loaded.get(rel)
        new = content_filename(motion, referential()) if motion is not None else None
        fixed = extension_fix(name)
        new = new or (fixed[1] if fixed else None)
        if new and new != name and not (repo.root / folder / new).exists():
            renames.append((rel, f"{folder}/{new}"))
    return renames


def _rename(repo: Repository, renames: list[tuple[str, str]]) -> None:
    for rel, new in renames:
        target = repo.root / new
        try:
            if target.exists():  # appeared since: never replace a file
                raise FileExistsError(errno.EEXIST, "existe déjà")
            (repo.root / rel).rename(target)
        except OSError as exc:
            echo(f"{rel}:1: impossible de renommer en {PurePosixPath(new).name} "
                 f"({system_reason(exc, brief=True)}) : le fichier garde son nom", err=True)
            sys.exit(EXIT_DATA)


def _write_fixes(repo: Repository, changes: list[tuple[str, list[Fix]]]) -> None:
    from petition.core.fixes import apply_fixes
    from petition.exchange.writer import replace_file

    for rel, found in changes:
        target = destination(repo.root, rel)
        with failing(rel):
            content = apply_fixes(target.path.read_bytes(), found)
        replace_file(target, content)


def _listed_paths(source: IO[bytes], *, existing: bool = True) -> tuple[Path, ...]:
    """Paths read from a file: NUL-separated (as `git diff -z` writes them) or one per line."""
    raw = source.read()
    names = raw.split(b"\0") if b"\0" in raw else raw.splitlines()
    paths = []
    for name in filter(None, names):
        try:
            path = Path(name.decode("utf-8"))
        except UnicodeDecodeError:
            raise click.UsageError(f"nom de fichier illisible (pas en UTF-8) : {name!r}") from None
        if existing and not (path.is_file() or path.is_symlink()):
            raise click.UsageError(f"fichier introuvable : {shown(path)}")
        paths.append(path)
    return tuple(paths)


@click.command()
@click.argument("paths", nargs=-1, metavar="[FICHIER]...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--files-from", type=click.File("rb"), metavar="FICHIER",
              help="Lire aussi les chemins dans ce fichier (séparés par des zéros comme "
                   "`git diff -z`, ou un par ligne) ; « - » pour l'entrée standard.")
@click.option("--deleted-from", type=click.File("rb"), metavar="FICHIER",
              help="Fichiers supprimés (même format), comptés et cités dans le résumé.")
@click.pass_obj
@usage_errors
def summary(obj: Context, paths: tuple[Path, ...], files_from: IO[bytes] | None,
            deleted_from: IO[bytes] | None) -> None:
    """Résumé en Markdown des fichiers donnés : chaque motion (collectivité, séance, campagne,
    vote, problèmes), puis chaque autre fichier, reconnu ou non ; aucun n'est laissé de côté.

    Écrit le résumé des vérifications d'une demande de modification (pull request). Sortie 1 si un
    de ces fichiers a une erreur.

    Exemple : git diff -z --name-only --diff-filter=AMR origin/main | petition summary --files-from -
    """
    from petition.intake.summary import summary_markdown

    listed = paths + (_listed_paths(files_from) if files_from is not None else ())
    only = repo_relative(obj.repo, listed)
    gone = repo_relative(obj.repo, _listed_paths(deleted_from, existing=False)) \
        if deleted_from is not None else []
    repo = load_repository(obj.repo, today=obj.today, only=only)
    echo(summary_markdown(repo, only, gone), nl=False)
    sys.exit(EXIT_DATA if repo.errors else 0)


def _write_text(root: Path, path: Path, text: str) -> None:
    from petition.exchange.writer import replace_file

    replace_file(chosen(root, path), text.encode("utf-8"))


@click.command("from-issue")
@click.argument("event", metavar="EVENEMENT.json",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--write", is_flag=True,
              help="Écrire le fichier dans motions/<campagne>/ (jamais par-dessus un fichier).")
@click.option("--comment-file", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Y écrire le commentaire (Markdown) à publier sur le ticket : les erreurs à "
                   "corriger, ou, la motion ajoutée, les points à vérifier (vide s'il n'y en a "
                   "pas).")
@click.option("--pr-body-file", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Si la motion est valide, y écrire le texte de la demande de modification.")
@click.pass_obj
@usage_errors
def from_issue(obj: Context, event: Path, write: bool, comment_file: Path | None,
               pr_body_file: Path | None) -> None:
    """Transforme un ticket « Signaler une motion adoptée » en fichier de motion vérifié.

    EVENT est le fichier JSON de l'événement GitHub (GITHUB_EVENT_PATH). La motion est vérifiée
    avec toutes les règles de `petition validate`, doublons compris. Sans --write, affiche le
    fichier ; avec --write, l'écrit et affiche son chemin. Chaque problème est une ligne
    « ticket #N:LIGNE: rubrique : message » (LIGNE : ligne du texte du ticket) ; sortie 1.

    Exemple : petition from-issue "$GITHUB_EVENT_PATH" --write --comment-file commentaire.md
    """
    from petition.intake.fromissue import (
        checked_markdown,
        comment_markdown,
        exists_problem,
        intake,
        pr_body,
        problem_text,
        write_motion,
    )
    from petition.intake.issueform import EventError

    try:
        result = intake(event.read_bytes(), obj.repo, obj.today)
    except EventError as exc:
        echo(f"Erreur : {event} : {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        echo(f"Erreur : lecture impossible ({system_reason(exc)}) : {exc.filename or event}",
             err=True)
        sys.exit(EXIT_USAGE)
    if result.ok and write and write_motion(result, obj.repo) is None:
        result.problems.append(exists_problem(result.rel))
    for problem in result.problems:
        echo(f"ticket #{result.issue}:{problem.line}: {problem_text(problem)}", err=True)
    if comment_file is not None:
        _write_text(obj.repo, comment_file, comment_markdown(result) if not result.ok
                    else checked_markdown(result))
    if not result.ok:
        sys.exit(EXIT_DATA)
    if pr_body_file is not None:
        _write_text(obj.repo, pr_body_file, pr_body(result))
    echo(result.rel if write else result.text, nl=write)
