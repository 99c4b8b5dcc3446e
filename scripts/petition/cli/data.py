"""Commands on figures and open data: `stats`, `import` and `export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from petition.cli.base import (
    EXIT_DATA,
    Context,
    csv_import,
    echo,
    emit_data,
    files_in_error,
    import_report,
    known_campaign,
    read_input,
    usage_errors,
)
from petition.core.destinations import chosen
from petition.core.repository import load_repository


@click.command()
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

    Exemple : petition stats --campaign ma-campagne --format json
    """
    from petition.campaign.figures import campaign_stats
    from petition.figures.statsformat import render_stats

    repo = load_repository(obj.repo, today=obj.today)
    known_campaign(repo, campaign)
    figures = campaign_stats(repo, obj.today, only=campaign)
    echo(render_stats(figures, fmt), nl=False)
    files_in_error(repo)


@click.command("import")
@csv_import("des motions importées")
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

    Exemple : petition import motions-2023.csv --campaign ma-campagne
    """
    from petition.cli.prompts import progress_bar
    from petition.exchange.csvformats import MAX_CSV_BYTES
    from petition.exchange.importer import import_csv

    repo = load_repository(obj.repo, today=obj.today)
    known_campaign(repo, campaign)
    raw = read_input(csv_file, MAX_CSV_BYTES)
    with progress_bar("Vérification", raw.count(b"\n") > 500) as advance:
        report = import_csv(repo, raw, str(csv_file), campaign, today=obj.today,
                            write=not dry_run, progress=advance)
    verb = "à écrire (--dry-run)" if dry_run else "écrite(s)"
    import_report(report.problems, fmt, f"{report.rows} ligne(s) lue(s) : {len(report.written)} "
                  f"motion(s) {verb}, {len(report.already)} déjà dans le dépôt à l'identique, "
                  f"{len(report.refused)} ligne(s) refusée(s).", bool(report.errors))


@click.command()
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

    Le SIRET et le numéro de l'acte sont obligatoires en SCDL : une motion adoptée sans SIRET,
    sans numéro de l'acte (« identifiant », jamais inventé) ou d'une matière ACTES autre que 9.4
    n'est pas dans le fichier ; chacune est nommée sur la sortie d'erreur, FICHIER:LIGNE:
    avertissement : raison, puis comptée par raison, et la sortie reste 0 s'il n'y a rien
    d'autre.

    Exemple : petition export --format scdl -o deliberations.csv
    """
    from petition.exchange.export import build_export, left_out_reasons, write_export

    repo = load_repository(obj.repo, today=obj.today)
    target = chosen(obj.repo, output) if output is not None else None
    built = build_export(repo, fmt)
    if target is None:
        emit_data(built.text)
    else:
        write_export(target, built.text)
    for left in built.left_out:
        echo(left.problem.text(), err=True)
    if fmt == "scdl":
        echo(f"{built.motions} délibération(s) dans le fichier SCDL, {len(built.left_out)} "
             f"motion(s) adoptée(s) laissée(s) de côté{left_out_reasons(built)}, {built.rejected} "
             "motion(s) rejetée(s) (le format ne décrit que les délibérations adoptées).",
             err=True)
    files_in_error(repo)
    if any(left.problem.is_error for left in built.left_out):
        sys.exit(EXIT_DATA)
