"""`petition`: the command line of the motions repository. Parses arguments, calls the core,
prints, and sets the exit status: 0 all good, 1 the data has errors, 2 wrong usage."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from .problems import format_problems
from .prompts import answer_options
from .repository import Repository, RepositoryError, load_repository, today_default

F = TypeVar("F", bound=Callable[..., Any])

EXIT_DATA = 1
EXIT_USAGE = 2


class Context:
    def __init__(self, repo: Path, today: dt.date) -> None:
        self.repo = repo
        self.today = today


def _today(_: click.Context, __: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        try:
            return today_default()
        except RepositoryError as exc:  # a bad PETITION_TODAY
            raise click.UsageError(str(exc)) from None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date AAAA-MM-JJ") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Racine du dépôt des motions (contient motions/).")
@click.option("--today", callback=_today, metavar="AAAA-MM-JJ",
              help="Date du jour pour les vérifications (par défaut : aujourd'hui, ou PETITION_TODAY).")
@click.version_option(package_name="petition-canssm", message="petition %(version)s")
@click.pass_context
def cli(ctx: click.Context, repo: Path, today: dt.date) -> None:
    """Collecte, vérification et publication des motions des collectivités pour le réseau de
    santé CANSSM / Filieris.

    Chaque commande agit sur le dépôt du dossier courant (ou --repo CHEMIN).
    """
    ctx.obj = Context(repo, today)


def usage_errors(func: F) -> F:
    """Turn a RepositoryError (not a motions repository, a bad PETITION_TODAY) into a usage error
    (exit 2)."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RepositoryError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            sys.exit(EXIT_USAGE)
    return wrapper  # type: ignore[return-value]


def repo_relative(repo: Path, paths: tuple[Path, ...]) -> list[str]:
    root = repo.resolve()
    relative = []
    for path in paths:
        full = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
        try:
            relative.append(full.relative_to(root).as_posix())
        except ValueError:
            raise click.UsageError(f"{path} n'est pas dans le dépôt {repo}") from None
    return relative


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text : une ligne par problème ; json ; github : annotations.")
@click.option("--no-cache", is_flag=True, help="Tout revérifier, sans le cache des fichiers inchangés.")
@click.pass_obj
@usage_errors
def validate(obj: Context, paths: tuple[Path, ...], fmt: str, no_cache: bool) -> None:
    """Vérifie les motions : schéma, voix, dates, référentiel officiel, doublons.

    Sans argument, vérifie tout le dépôt ; avec des fichiers, vérifie ceux-là (et les doublons
    avec le reste du dépôt). Chaque problème est une ligne FICHIER:LIGNE: message.

    Exemple : petition validate motions/canssm-2023/commune-62498-lens-2023-09-27.yml
    """
    only = repo_relative(obj.repo, paths) if paths else None
    repo = load_repository(obj.repo, today=obj.today, use_cache=not no_cache, only=only)
    output = format_problems(repo.problems, fmt)
    if output:
        click.echo(output)
    errors = len(repo.errors)
    if fmt == "text":
        checked = len(only) if only is not None else len(repo.motions) + len(repo.campaigns)
        warnings = len(repo.problems) - errors
        summary = (f"{checked} fichier(s) vérifié(s) : {errors} erreur(s), "
                   f"{warnings} avertissement(s).")
        click.echo(summary, err=True)
    sys.exit(EXIT_DATA if errors else 0)


def _listed_paths(source: IO[bytes]) -> tuple[Path, ...]:
    """Paths read from a file: NUL-separated (as `git diff -z` writes them) or one per line."""
    raw = source.read()
    names = raw.split(b"\0") if b"\0" in raw else raw.splitlines()
    paths = []
    for name in filter(None, names):
        try:
            path = Path(name.decode("utf-8"))
        except UnicodeDecodeError:
            raise click.UsageError(f"nom de fichier illisible (pas en UTF-8) : {name!r}") from None
        if not path.is_file():
            raise click.UsageError(f"fichier introuvable : {path}")
        paths.append(path)
    return tuple(paths)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--files-from", type=click.File("rb"), metavar="FICHIER",
              help="Lire aussi les chemins dans ce fichier (séparés par des zéros comme "
                   "`git diff -z`, ou un par ligne) ; « - » pour l'entrée standard.")
@click.pass_obj
@usage_errors
def summary(obj: Context, paths: tuple[Path, ...], files_from: IO[bytes] | None) -> None:
    """Résumé en Markdown des motions données : collectivité, séance, campagne, vote, problèmes.

    Écrit le résumé des vérifications d'une demande de modification (pull request) ; les fichiers
    qui ne sont pas des motions sont ignorés. Sortie 1 si une de ces motions a une erreur.

    Exemple : git diff -z --name-only --diff-filter=AMR origin/main | petition summary --files-from -
    """
    from .summary import summary_markdown

    listed = paths + (_listed_paths(files_from) if files_from is not None else ())
    only = repo_relative(obj.repo, listed)
    repo = load_repository(obj.repo, today=obj.today, only=only)
    click.echo(summary_markdown(repo, only), nl=False)
    sys.exit(EXIT_DATA if repo.errors else 0)


@cli.command("from-issue")
@click.argument("event", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--write", is_flag=True,
              help="Écrire le fichier dans motions/<campagne>/ (jamais par-dessus un fichier).")
@click.option("--comment-file", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="En cas d'erreur, y écrire le commentaire (Markdown) à publier sur le ticket.")
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
    from .intake import comment_markdown, exists_problem, intake, pr_body, problem_text, write_motion
    from .issueform import EventError

    try:
        result = intake(event.read_bytes(), obj.repo, obj.today)
    except EventError as exc:
        click.echo(f"Erreur : {event} : {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if result.ok and write and write_motion(result, obj.repo) is None:
        result.problems.append(exists_problem(result.rel))
    for problem in result.problems:
        click.echo(f"ticket #{result.issue}:{problem.line}: {problem_text(problem)}", err=True)
    if not result.ok:
        if comment_file is not None:
            comment_file.write_text(comment_markdown(result), encoding="utf-8")
        sys.exit(EXIT_DATA)
    if pr_body_file is not None:
        pr_body_file.write_text(pr_body(result), encoding="utf-8")
    click.echo(result.rel if write else result.text, nl=write)


def _known_campaign(repo: Repository, campaign: str | None) -> None:
    """A usage error (exit 2) for a campaign the repository does not have."""
    if campaign is not None and campaign not in repo.campaigns:
        known = ", ".join(sorted(repo.campaigns)) or "aucune"
        raise click.UsageError(f"campagne « {campaign} » inconnue (campagnes : {known})")


def _files_in_error(repo: Repository) -> None:
    """Say on stderr that motions in error were left out, and exit 1 if there are any."""
    bad = len({p.path for p in repo.errors})
    if bad:
        click.echo(f"{bad} fichier(s) en erreur laissé(s) de côté : lancez « petition validate »",
                   err=True)
        sys.exit(EXIT_DATA)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="text : tableau en français ; json ; csv.")
@click.option("--campaign", metavar="ID", help="Une seule campagne (par défaut : toutes).")
@click.pass_obj
@usage_errors
def stats(obj: Context, fmt: str, campaign: str | None) -> None:
    """Chiffres par campagne et au total : motions, collectivités, population, voix pour.

    Seules les motions adoptées comptent (sauf dans « motions ») ; une collectivité compte une
    fois, et la population couverte compte chaque habitant une fois. Les fichiers en erreur
    sont laissés de côté (sortie 1).

    Exemple : petition stats --campaign canssm-2023 --format json
    """
    from .stats import all_figures
    from .statsformat import render_stats

    repo = load_repository(obj.repo, today=obj.today)
    _known_campaign(repo, campaign)
    figures = all_figures(repo.campaigns, repo.valid_motions(), only=campaign)
    click.echo(render_stats(figures, fmt), nl=False)
    _files_in_error(repo)


@cli.command("import")
@click.argument("csv_file", metavar="FICHIER.csv",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--campaign", required=True, metavar="ID", help="Campagne des motions importées.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="Format des problèmes (comme petition validate).")
@click.option("--dry-run", is_flag=True, help="Tout vérifier sans rien écrire.")
@click.pass_obj
@usage_errors
def import_(obj: Context, csv_file: Path, campaign: str, fmt: str, dry_run: bool) -> None:
    """Ajoute un fichier de motion par ligne valide d'un CSV (SCDL délibérations ou modèle).

    Le format est reconnu à l'en-tête : les 17 colonnes SCDL délibérations 2.1.5, ou le modèle :

    \b
    type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,abstentions,resultat,url

    Virgule ou point-virgule, UTF-8 avec ou sans BOM. Chaque ligne refusée est nommée
    FICHIER:LIGNE: message ; les lignes valides sont écrites quand même (sortie 1). Relancer le
    même import n'écrit rien de plus.

    Exemple : petition import motions-2023.csv --campaign canssm-2023
    """
    from .importer import import_csv
    from .prompts import progress_bar

    repo = load_repository(obj.repo, today=obj.today)
    _known_campaign(repo, campaign)
    try:
        raw = csv_file.read_bytes()
    except OSError as exc:
        raise click.UsageError(f"{csv_file} illisible : {exc.strerror}") from None
    with progress_bar("Vérification", raw.count(b"\n") > 500) as advance:
        report = import_csv(repo, raw, str(csv_file), campaign, today=obj.today,
                            write=not dry_run, progress=advance)
    output = format_problems(report.problems, fmt)
    if output:
        click.echo(output)
    if fmt == "text":
        verb = "à écrire (--dry-run)" if dry_run else "écrite(s)"
        click.echo(f"{report.rows} ligne(s) lue(s) : {len(report.written)} motion(s) {verb}, "
                   f"{len(report.refused)} ligne(s) refusée(s) dont {len(report.already)} déjà "
                   "dans le dépôt à l'identique.", err=True)
    sys.exit(EXIT_DATA if report.errors else 0)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["scdl", "json", "csv"]), required=True,
              help="scdl : SCDL délibérations 2.1.5 ; json : toutes les données ; csv : tableur.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Fichier à écrire (par défaut : la sortie standard).")
@click.pass_obj
@usage_errors
def export(obj: Context, fmt: str, output: Path | None) -> None:
    """Exporte toutes les motions valides en données ouvertes.

    SCDL (les motions adoptées, format national des délibérations), JSON (motions, campagnes et
    collectivités avec leur population) ou CSV pour tableur (point-virgule, UTF-8 avec BOM).
    Les fichiers en erreur sont laissés de côté (sortie 1).

    Exemple : petition export --format scdl -o deliberations.csv
    """
    from .export import render_export, write_export

    repo = load_repository(obj.repo, today=obj.today)
    text = render_export(repo, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_export(output, text)
        except OSError as exc:
            raise click.UsageError(f"impossible d'écrire {output} : {exc.strerror}") from None
    _files_in_error(repo)


@cli.command()
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
    from .newmotion import draft_motion, write_draft
    from .prompts import ask_answers, ask_campaign, missing, yes
    from .referential import referential

    repo = load_repository(obj.repo, today=obj.today)
    _known_campaign(repo, campaign)
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
        click.echo(problem.text(), err=True)
    if not draft.ok:
        click.echo("Rien n'a été écrit : corrigez les réponses ci-dessus.", err=True)
        sys.exit(EXIT_DATA)
    if not (no_input or assume_yes):
        click.echo(draft.text)
        if not yes(f"Écrire {draft.rel} ?"):
            click.echo("Rien n'a été écrit.", err=True)
            sys.exit(0)
    if not write_draft(repo, draft):
        click.echo(f"{draft.rel}:1: ce fichier existe déjà : rien n'a été écrit (un fichier "
                   "n'est jamais remplacé)", err=True)
        sys.exit(EXIT_DATA)
    click.echo(f"Motion écrite : {draft.rel}")


@cli.command()
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
    from .letters import render_letters, write_letters

    repo = load_repository(obj.repo, today=obj.today)
    _known_campaign(repo, campaign)
    files = render_letters(repo, campaign, fmt, today=obj.today)
    target = directory if directory is not None else obj.repo / "lettres"
    try:
        written = write_letters(files, target)
    except OSError as exc:
        raise click.UsageError(f"impossible d'écrire dans {target} : {exc.strerror}") from None
    for path in written:
        click.echo(path)
    _files_in_error(repo)


def main() -> None:
    cli(prog_name="petition")


if __name__ == "__main__":
    main()
