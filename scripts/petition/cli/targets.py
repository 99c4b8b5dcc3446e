"""Commands on a campaign's targets: `targets` (their status), `targets import`, `targets suggest`,
and `kit` (the documents for the councils still to vote)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from petition.cli.base import (
    Context,
    csv_import,
    echo,
    files_in_error,
    import_report,
    known_campaign,
    read_input,
    usage_errors,
)
from petition.core.destinations import check_id, chosen, destination, inside
from petition.core.repository import Repository, load_repository


def _load(obj: Context, campaign: str) -> Repository:
    repo = load_repository(obj.repo, today=obj.today)
    known_campaign(repo, campaign)
    return repo


def _coverage(row: dict[str, Any]) -> str:
    names = [b["nom"] for b in row["couverte_par"]]
    if not row["couverture"]:
        return ""
    shown = ", ".join(names[:3]) + (f" et {len(names) - 3} autre(s)" if len(names) > 3 else "")
    word = "couverte par" if row["couverture"] == "totale" else "en partie couverte par"
    return f"{word} {shown}"


def render_targets(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["type", "code", "nom", "statut", "seance", "departements", "population",
                         "couverture", "population_couverte", "couverte_par"])
        for r in rows:
            writer.writerow([r["type"], r["code"], r["nom"], r["statut"], r["seance"] or "",
                             " ".join(r["departements"]), r["population"], r["couverture"] or "",
                             r["population_couverte"],
                             " ".join(f"{b['type']}:{b['code']}" for b in r["couverte_par"])])
        return out.getvalue()
    from petition.campaign.targets import STATUS_LABELS
    from petition.core.referential import TYPE_LABELS

    table = [("Type", "Code", "Nom", "Statut", "Séance", "Couverture")]
    table += [(TYPE_LABELS.get(r["type"], r["type"]), r["code"], r["nom"],
               STATUS_LABELS[r["statut"]], r["seance"] or "", _coverage(r)) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(5)]
    lines = "".join("  ".join(cell.ljust(widths[i]) if i < 5 else cell
                              for i, cell in enumerate(line)).rstrip() + "\n" for line in table)
    return lines + _total(rows)


def _total(rows: list[dict[str, Any]]) -> str:
    """The table's last line: how many targets, and how many of each status."""
    from petition.campaign.targets import ADOPTED, PENDING, REJECTED

    count = {status: sum(r["statut"] == status for r in rows)
             for status in (ADOPTED, REJECTED, PENDING)}
    covered = sum(1 for r in rows if r["statut"] == PENDING and r["couverture"])
    coverage = f", dont {covered} déjà couverte(s) au moins en partie par la motion d'une autre" \
        if covered else ""
    return (f"Total : {len(rows)} collectivité(s) ciblée(s) : {count[ADOPTED]} adoptée(s), "
            f"{count[REJECTED]} rejetée(s), {count[PENDING]} en attente{coverage}.\n")


@click.group(invoke_without_command=True, subcommand_metavar="[COMMANDE] [ARGUMENTS]...")
@click.option("--campaign", metavar="ID", help="La campagne dont on liste les cibles.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="text : tableau en français ; json ; csv.")
@click.pass_context
@usage_errors
def targets(ctx: click.Context, campaign: str | None, fmt: str) -> None:
    """Les collectivités qu'une campagne sollicite, et où chacune en est.

    Une ligne par collectivité ciblée : type, code, nom, statut (adoptee, rejetee, en_attente,
    déduit des motions de la campagne), date de la séance, et, pour celles qui n'ont pas adopté,
    les collectivités dont une motion adoptée couvre déjà leur territoire.

    Exemple : petition targets --campaign ma-campagne --format csv
    """
    if ctx.invoked_subcommand is not None:
        return
    if campaign is None:
        raise click.UsageError("indiquez la campagne : petition targets --campaign ID")
    from petition.campaign.targets import progress
    from petition.core.referential import referential

    obj: Context = ctx.obj
    repo = _load(obj, campaign)
    listed = repo.targets.get(campaign)
    if listed is None or not listed.targets:
        echo(f"La campagne {campaign} n'a pas de cibles déclarées : voir « petition targets "
                   "import --help ».", err=True)
        rows: list[dict[str, Any]] = []
    else:
        state = progress(listed, repo.valid_motions(), referential())
        rows = [s.row() for s in state.states]
    if rows or fmt != "text":
        echo(render_targets(rows, fmt), nl=False)
    files_in_error(repo)


@targets.command("import")
@csv_import("des cibles importées")
@click.pass_obj
@usage_errors
def import_targets(obj: Context, csv_file: Path, campaign: str, fmt: str, dry_run: bool) -> None:
    """Ajoute aux cibles d'une campagne les collectivités d'un CSV « type,code ».

    \b
    type,code
    commune,62498
    epci,246200364
    departement,62

    Types : ceux du modèle (commune, arrondissement, epci, ept, collectivite, departement,
    region, com) ; codes officiels (INSEE, SIREN). Une colonne
    « nom » peut suivre (elle est vérifiée). Virgule, point-virgule ou tabulation ; UTF-8 (avec
    ou sans BOM) ou Windows-1252 ; un séparateur en fin de ligne ne gêne pas. Au plus 16 Mo et
    100 000 lignes (la France compte environ 36 500 collectivités). Les cibles vont dans
    motions/ID/cibles.yml, triées ; relancer le même import, ou reprendre un import interrompu,
    ne change rien et compte les cibles déjà déclarées (sortie 0). Chaque ligne refusée est
    nommée FICHIER:LIGNE: message ; les lignes valides sont ajoutées quand même (sortie 1).

    Exemple : petition targets import cibles.csv --campaign ma-campagne
    """
    from petition.campaign.targetsimport import MAX_TARGETS_BYTES
    from petition.campaign.targetsimport import import_targets as run
    from petition.core.referential import referential

    repo = _load(obj, campaign)
    raw = read_input(csv_file, MAX_TARGETS_BYTES)
    report = run(repo, raw, str(csv_file), campaign, referential(), today=obj.today.isoformat(),
                 write=not dry_run)
    verb = "à ajouter (--dry-run)" if dry_run else "ajoutée(s)"
    import_report(report.problems, fmt, f"{report.rows} ligne(s) lue(s) : {len(report.added)} "
                  f"cible(s) {verb}, {report.already} déjà déclarée(s), {report.errors} ligne(s) "
                  "refusée(s).", bool(report.errors))


@targets.command()
@click.option("--epci", multiple=True, metavar="SIREN", help="Une intercommunalité (répétable).")
@click.option("--departement", multiple=True, metavar="CODE", help="Un département (répétable).")
@click.option("--region", multiple=True, metavar="CODE", help="Une région (répétable).")
@click.option("--niveau", type=click.Choice(["commune", "epci"]), default="commune",
              show_default=True, help="Lister les communes, ou les intercommunalités.")
def suggest(epci: tuple[str, ...], departement: tuple[str, ...], region: tuple[str, ...],
            niveau: str) -> None:
    """Écrit un CSV « type,code,nom » des communes (ou intercommunalités) d'un territoire.

    Le territoire est l'union des intercommunalités, départements et régions donnés, d'après le
    référentiel officiel. C'est un point de départ : relisez la liste, retirez ce qui n'est pas
    à solliciter, puis importez-la avec « petition targets import ».

    Exemple : petition targets suggest --epci 246200364 --departement 59 > cibles.csv
    """
    from petition.campaign.targets import suggest as run
    from petition.core.referential import referential

    if not (epci or departement or region):
        raise click.UsageError("indiquez au moins un territoire : --epci, --departement ou --region")
    bodies, unknown = run(referential(), epci=epci, departements=departement, regions=region,
                          level=niveau)
    if unknown:
        raise click.UsageError(" ; ".join(unknown))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["type", "code", "nom"])
    writer.writerows([b.type, b.code, b.nom] for b in bodies)
    echo(out.getvalue(), nl=False)
    echo(f"{len(bodies)} collectivité(s).", err=True)


@click.command()
@click.option("--campaign", required=True, metavar="ID", help="Campagne du kit.")
@click.option("-o", "--output", "directory", type=click.Path(file_okay=False, path_type=Path),
              metavar="DOSSIER", help="Dossier du kit (par défaut : kit/ID dans le dépôt).")
@click.option("--repo-url", metavar="URL", help="Adresse du dépôt GitHub, pour le lien du "
              "formulaire de signalement (par défaut : « depot » de projet.yml).")
@click.pass_obj
@usage_errors
def kit(obj: Context, campaign: str, directory: Path | None, repo_url: str | None) -> None:
    """Écrit un projet de motion (DOCX) pour chaque collectivité ciblée encore en attente.

    Seulement pour une campagne dont le fichier dit que son texte est proposé aux conseils
    (« propose_aux_conseils: true ») ; sinon, dit pourquoi et n'écrit rien. Chaque document
    commence par une page pour le secrétariat, qui ne fait pas partie de la motion (où envoyer
    la délibération : l'expéditeur de la campagne s'il est déclaré, sinon le formulaire de
    signalement du dépôt, pré-rempli) ; puis la motion seule, à la désignation du conseil
    (« Le Conseil municipal de la Ville de Liévin ») : matière ACTES 9.4, objet, exposé des
    motifs (le contexte de la campagne, daté), visa, texte et demandes, vote et signature de
    celui qui signe pour ce conseil. Mêmes données : mêmes octets. Affiche le chemin de chaque
    fichier écrit.

    Exemple : petition kit --campaign ma-campagne -o kit/
    """
    from petition.campaign.kit import build_kit, refusal
    from petition.campaign.targets import TargetState, progress
    from petition.core.referential import referential
    from petition.exchange.writer import replace_file
    from petition.intake.issueform import form_url

    repo = _load(obj, campaign)
    why = refusal(repo.campaigns[campaign])
    if why:
        raise click.UsageError(why)
    listed = repo.targets.get(campaign)
    if listed is None or not listed.targets:
        raise click.UsageError(f"la campagne {campaign} n'a pas de cibles déclarées : voir "
                               "« petition targets import --help »")
    target = chosen(obj.repo, directory, folder=True) if directory is not None \
        else destination(obj.repo, f"kit/{check_id(campaign, 'campagne')}", create=2, folder=True)
    url = repo_url or (repo.project.repo_url if repo.project else None) or None
    has_sender = isinstance(repo.campaigns[campaign].data.get("expediteur"), dict)
    if url is None and not has_sender:
        raise click.UsageError("ni expéditeur dans campagne.yml, ni adresse du dépôt : indiquez "
                               "--repo-url https://github.com/… (le document doit dire où "
                               "signaler la délibération)")

    def report(state: TargetState) -> str | None:
        body = state.body
        return form_url(url, type=body.type, code=body.code, nom=body.nom,
                        campagne=campaign) if url else None

    ref = referential()
    documents = build_kit(repo.campaigns[campaign], progress(listed, repo.valid_motions(), ref)
                          .states, ref, report, obj.today)
    for doc in documents:
        written = inside(target, doc.name)
        replace_file(written, doc.content)
        echo(written.path)
    if not documents:
        echo("Aucune collectivité ciblée en attente : pas de document à écrire.", err=True)
    files_in_error(repo)
