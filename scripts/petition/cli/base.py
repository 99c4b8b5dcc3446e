"""What every command shares: the `petition` group with its --repo and --today options, the context
handed to commands, and the conversions of library errors into exit statuses."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from petition.core.characters import shown
from petition.core.dates import DateError, read_date
from petition.core.destinations import UnsafePath, WriteError
from petition.core.pool import WorkerDied
from petition.core.problems import Problem, format_problems, system_reason
from petition.core.repository import Repository, RepositoryError, find_root, today_default
from petition.core.tool import DISTRIBUTION

F = TypeVar("F", bound=Callable[..., Any])

EXIT_DATA = 1
EXIT_USAGE = 2


def echo(text: object = "", *, err: bool = False, nl: bool = True) -> None:
    """The one way a command prints. Anything may quote a contributor's text, so every control,
    invisible or private-use character is shown escaped (`\\x1b`, `\\u202e`): nothing can move
    the cursor, recolour the line or reorder it. Newlines, tabs and CRLF line ends are kept."""
    click.echo(shown(text, one_line=False), err=err, nl=nl)


def emit_data(text: str) -> None:
    """Open data (an export) on stdout, byte for byte, BOM and CRLF included: its values passed
    the loader, which refuses every character `echo` would escape, so it is printed as is."""
    click.echo(text, nl=False)


class Context:
    def __init__(self, repo: Path, today: dt.date) -> None:
        self.repo = repo
        self.today = today


def day_option(_: click.Context, __: click.Parameter, value: str | tuple[str, ...] | None
               ) -> dt.date | list[dt.date] | None:
    """A date option as people type it (ISO, JJ/MM/AAAA, « 5 février 2024 »): one parser for
    every command (`core.dates`); a date that cannot be read for sure is a usage error."""
    def one(text: str) -> dt.date:
        try:
            return read_date(text)
        except DateError as exc:
            raise click.BadParameter(shown(str(exc))) from None

    if value is None:
        return None
    return [one(v) for v in value] if isinstance(value, tuple) else one(value)


def _today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        try:
            return today_default()
        except RepositoryError as exc:  # a bad PETITION_TODAY
            raise click.UsageError(shown(exc)) from None
    day = day_option(ctx, param, value)
    assert isinstance(day, dt.date)
    return day


TOOL_HELP = ("Collecte, vérification, décompte et publication des motions et des vœux des conseils "
             "des collectivités.")


def cause_help(repo: Path) -> str:
    """The group's help: what the tool does, then the cause of the repository at `repo`, from its
    projet.yml (the one place that names it)."""
    from petition.core.projectfile import PROJECT_FILE, load_project

    project, _ = load_project(repo)
    if project is not None:
        cause = f"Ce dépôt : {project.title} ({PROJECT_FILE})."
        if project.description:
            cause += f" {project.description}"
    elif (repo / PROJECT_FILE).exists():
        cause = f"Le fichier {PROJECT_FILE} de ce dépôt a des erreurs : lancez « petition validate »."
    else:
        cause = (f"Pas de {PROJECT_FILE} ici : ce dossier n'est pas dans un dépôt de motions "
                 "(passez --repo DOSSIER).")
    return "\n\n".join((TOOL_HELP, shown(cause),
                        "Chaque commande agit sur le dépôt où l'on se trouve (le dossier courant "
                        "ou le plus proche dossier parent qui contient motions/), ou sur celui de "
                        "--repo DOSSIER."))


class CauseGroup(click.Group):
    """The `petition` group, whose help names the cause of the repository it acts on."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        repo = ctx.params.get("repo")  # known when --repo came before --help (it is eager)
        formatter.write_paragraph()
        with formatter.indentation():
            here = repo if isinstance(repo, Path) else find_root(Path.cwd())
            formatter.write_text(cause_help(here))


@click.group(cls=CauseGroup, help=TOOL_HELP,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              is_eager=True,
              help="Racine du dépôt des motions (contient motions/) ; par défaut, le dossier "
                   "courant ou, comme git, le plus proche dossier parent qui contient motions/.")
@click.option("--today", callback=_today, metavar="AAAA-MM-JJ",
              help="Date du jour pour les vérifications (par défaut : aujourd'hui, ou PETITION_TODAY).")
@click.version_option(package_name=DISTRIBUTION, message="petition %(version)s")
@click.pass_context
def cli(ctx: click.Context, repo: Path | None, today: dt.date) -> None:
    ctx.obj = Context(repo if repo is not None else find_root(Path.cwd()), today)


def usage_errors(func: F) -> F:
    """Turn a RepositoryError (not a motions repository, a bad PETITION_TODAY) into a usage error
    (exit 2), a worker process that died into a French message (exit 1), a path the data would
    make a command write outside the repository or through a link into a refusal (exit 1), and a
    write the system refused (read-only folder, full disk) into one French line naming the
    user's file (exit 2)."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RepositoryError as exc:
            echo(f"Erreur : {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except WorkerDied as exc:
            echo(f"Erreur : {exc}", err=True)
            sys.exit(EXIT_DATA)
        except UnsafePath as exc:
            echo(f"Erreur : {exc}", err=True)
            sys.exit(EXIT_USAGE if exc.usage else EXIT_DATA)
        except WriteError as exc:
            cannot_write(exc)
    return wrapper  # type: ignore[return-value]


def csv_import(what: str) -> Callable[[F], F]:
    """The arguments of a command that imports a CSV file into a campaign: the file, `--campaign`
    (« Campagne {what}. »), the format of the problems (as `petition validate`) and `--dry-run`."""
    options = (
        click.argument("csv_file", metavar="FICHIER.csv",
                       type=click.Path(exists=True, dir_okay=False, path_type=Path)),
        click.option("--campaign", required=True, metavar="ID", help=f"Campagne {what}."),
        click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]),
                     default="text", show_default=True,
                     help="Format des problèmes (comme petition validate)."),
        click.option("--dry-run", is_flag=True, help="Tout vérifier sans rien écrire."),
    )

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func
    return decorate


def import_report(problems: list[Problem], fmt: str, summary: str, failed: bool) -> NoReturn:
    """End an import: its problems on stdout in the format asked, the summary line on stderr (in
    text), exit 1 if a row was refused."""
    output = format_problems(problems, fmt)
    if output:
        echo(output)
    if fmt == "text":
        echo(summary, err=True)
    sys.exit(EXIT_DATA if failed else 0)


def cannot_write(exc: WriteError) -> NoReturn:
    """Stop on a file the system refused to write (read-only folder, full disk, name too long):
    one French line naming the user's file, exit 2; the atomic writer has already removed its
    temporary file."""
    echo(f"Erreur : {exc}", err=True)
    sys.exit(EXIT_USAGE)


INTERRUPTED = ("Interrompu : rien n'est à moitié écrit (chaque fichier est écrit en entier ou pas "
               "du tout) ; relancez la commande pour terminer")


def run(command: click.Command, prog_name: str) -> None:
    """Run the command line as a program: SIGTERM (a CI job cancelled, `kill`) is handled like
    Ctrl-C, so that every temporary file is removed on the way out, and either ends with one
    French line and exit 1, never a traceback (nor click's English « Aborted! »)."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if hasattr(signal, "SIGHUP"):  # a terminal closed under a question
        signal.signal(signal.SIGHUP, signal.default_int_handler)
    try:
        code = command.main(prog_name=prog_name, standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt, BrokenPipeError):
        with contextlib.suppress(Exception):
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut the message
            echo(INTERRUPTED, err=True)
        sys.exit(EXIT_DATA)
    sys.exit(code if isinstance(code, int) else 0)


def read_input(path: Path, limit: int) -> bytes:
    """The bytes of an input file the user named, never more than `limit` + 1 of them (so a file
    over its bound is refused without being read whole); a usage error in French if unreadable."""
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise click.UsageError(f"{shown(path)} illisible : {system_reason(exc)}") from None


def repo_relative(repo: Path, paths: tuple[Path, ...]) -> list[str]:
    root = repo.resolve()
    relative = []
    for path in paths:
        full = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
        try:
            relative.append(full.relative_to(root).as_posix())
        except ValueError:
            raise click.UsageError(f"{shown(path)} n'est pas dans le dépôt {shown(repo)}") from None
    return relative


def known_campaign(repo: Repository, campaign: str | None) -> None:
    """A usage error (exit 2) for a campaign the repository does not have."""
    if campaign is not None and campaign not in repo.campaigns:
        known = ", ".join(sorted(repo.campaigns)) or "aucune"
        raise click.UsageError(shown(f"campagne « {campaign} » inconnue (campagnes : {known})"))


def files_in_error(repo: Repository) -> None:
    """Say on stderr that motions in error were left out, and exit 1 if there are any."""
    bad = len({p.path for p in repo.errors})
    if bad:
        echo(f"{bad} fichier(s) en erreur laissé(s) de côté : lancez « petition validate »",
                   err=True)
        sys.exit(EXIT_DATA)
