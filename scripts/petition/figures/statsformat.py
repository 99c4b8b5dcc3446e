"""The figures of `petition stats` as text (a French table), JSON (the contract's keys) or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from petition.core.characters import json_text
from petition.core.referential import CONTRACT_TYPES, TYPE_PLURALS, Referential, referential
from petition.text.french import MONTHS, NBSP, date_long

TOTAL = "TOTAL"  # campaign ids are lower case, so this cannot clash
_WIDTH = 30


def render_stats(figures: dict[str, Any], fmt: str, ref: Referential | None = None) -> str:
    """`figures` from `stats.all_figures`, as `text`, `json` or `csv`."""
    if fmt == "json":
        return json_text(figures) + "\n"
    if fmt == "csv":
        return _csv(figures)
    return _text(figures, ref or referential())


def number(value: int) -> str:
    """12345 → « 12 345 » (French digit grouping)."""
    return f"{value:,}".replace(",", " ")


def percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


def french_date(iso: str) -> str:
    """« 1er septembre 2023 », with plain spaces like the rest of the table."""
    return date_long(iso).replace(NBSP, " ")


def _month(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}" if month.isdigit() and 1 <= int(month) <= 12 else key


def votes_for(numbers: dict[str, Any]) -> str:
    """« 37 », « 37 (décompte connu pour 1 motion adoptée sur 2) », « non connues »: an unknown
    count is never shown as 0."""
    known, adopted = numbers["voix_pour_connues"], numbers["motions_adoptees"]
    if not known:
        return "non connues" if adopted else "aucune motion adoptée"
    if known < adopted:
        return f"{number(numbers['voix_pour'])} (décompte connu pour {number(known)} motion" \
               f"{'s' if known > 1 else ''} adoptée{'s' if known > 1 else ''} sur {number(adopted)})"
    return number(numbers["voix_pour"])


def _shown_types(numbers: dict[str, Any]) -> list[str]:
    """The contract's four types always; the special councils' types only when some adopted."""
    return [t for t, count in numbers["par_type"].items() if count or t in CONTRACT_TYPES]


def _width(figures: dict[str, Any]) -> int:
    """The label column: wider when a long type name (« établissements publics territoriaux »)
    shows, the same for every block so that the values stay aligned."""
    blocks = [*figures["campagnes"], figures["total"]]
    longest = max(len(f"dont {TYPE_PLURALS.get(t, t)}") + 4 for b in blocks for t in _shown_types(b))
    return max(_WIDTH, longest)


def _block(title: str, numbers: dict[str, Any], ref: Referential, width: int = _WIDTH) -> list[str]:
    def row(label: str, value: str, indent: int = 2) -> str:
        return f"{' ' * indent}{label:<{width - indent}} {value}".rstrip()

    lines = [title]
    lines.append(row("Motions enregistrées", number(numbers["motions"])))
    lines.append(row("Motions adoptées", number(numbers["motions_adoptees"])))
    bodies = number(numbers["collectivites"])
    goal = numbers.get("objectif")
    if goal:
        bodies += f" (objectif {number(goal)} : {percent(numbers['progression_pourcent'])})"
    lines.append(row("Collectivités", bodies))
    for body_type in _shown_types(numbers):
        lines.append(row(f"dont {TYPE_PLURALS.get(body_type, body_type)}",
                         number(numbers["par_type"][body_type]), 4))
    lines.append(row("Population couverte", number(numbers["population_couverte"])))
    lines.append(row("Population cumulée", number(numbers["population_cumulee"])))
    lines.append(row("Voix pour", votes_for(numbers)))
    targets = numbers.get("cibles")
    if targets:
        lines += _targets(targets, row)
    first, last = numbers["premiere_seance"], numbers["derniere_seance"]
    if first and last:
        span = french_date(first) if first == last else \
            f"du {french_date(first)} au {french_date(last)}"
        lines.append(row("Séances", span))
    lines += _sendings(numbers, row)
    for label, key, name in (
        ("Communes par département", "communes_par_departement", ref.departement_name),
        ("Collectivités par région", "collectivites_par_region", ref.region_name),
        ("Adoptions par mois", "adoptions_par_mois", None),
    ):
        entries = numbers[key]
        if not entries:
            continue
        for index, (code, count) in enumerate(entries.items()):
            what = _month(code) if name is None else f"{code} {name(code)}"
            lines.append(row(label if index == 0 else "", f"{what} : {number(count)}"))
    return lines


def _sendings(numbers: dict[str, Any], row: Callable[[str, str], str]) -> list[str]:
    """The last letter sent and the last answer received (campaigns only; the total has none)."""
    if "envois" not in numbers:
        return []
    sent = numbers["envois"]
    if not sent:
        return [row("Dernier envoi", "aucune lettre envoyée enregistrée")]
    last = max(sent, key=lambda e: (e["date"], e["destinataire"]))
    office = f" ({last['fonction']})" if last.get("fonction") else ""
    lines = [row("Lettres envoyées", number(len(sent))),
             row("Dernier envoi", f"{french_date(last['date'])} à {last['destinataire']}{office}")]
    answered = [e for e in sent if e["reponse"]]
    if answered:
        reply = max(answered, key=lambda e: (e["reponse"]["date"], e["destinataire"]))
        lines.append(row("Dernière réponse", f"{french_date(reply['reponse']['date'])} de "
                         f"{reply['destinataire']} (à la lettre du {french_date(reply['date'])})"))
    else:
        lines.append(row("Dernière réponse", "aucune réponse enregistrée"))
    return lines


def _targets(targets: dict[str, int], row: Any) -> list[str]:
    """The line of the targets: counts by status, then how much of their population is covered."""
    total = targets["total"]
    counts = (f"{number(total)} : {number(targets['adoptees'])} adoptée(s), "
              f"{number(targets['rejetees'])} rejetée(s), {number(targets['en_attente'])} en attente")
    lines = [row("Collectivités ciblées", counts)]
    population, covered = targets["population"], targets["population_couverte"]
    share = f" ({percent(100 * covered / population)})" if population else ""
    lines.append(row("Population ciblée", f"{number(population)}, dont {number(covered)} "
                     f"couverte{share}"))
    return lines


def _text(figures: dict[str, Any], ref: Referential) -> str:
    lines: list[str] = []
    width = _width(figures)
    for campaign in figures["campagnes"]:
        lines += _block(f"Campagne {campaign['id']} — {campaign['titre']}", campaign, ref, width)
        lines.append("")
    count = len(figures["campagnes"])
    lines += _block(f"Total ({count} campagne{'s' if count > 1 else ''}, chaque collectivité "
                    "comptée une fois)", figures["total"], ref, width)
    lines += ["", *vintage_lines(figures["total"], ref)]
    return "\n".join(lines) + "\n"


def vintage_note(numbers: dict[str, Any], ref: Referential) -> str:
    """Which populations the figures count, in one phrase for pages and letters: the
    referential's census vintage, then the places counted with another one."""
    others = numbers.get("populations_autres_millesimes") or []
    groups: dict[str, list[str]] = {}
    for place in others:
        year = place["millesime"]
        what = "population non publiée" if place["population"] is None else \
            f"millésime {year}" if year else "année de recensement non précisée par la source"
        groups.setdefault(what, []).append(place["nom"])
    parts = []
    for what, names in groups.items():
        shown = names[:5] + ([f"{len(names) - 5} autres"] if len(names) > 5 else [])
        listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} et {shown[-1]}"
        parts.append(f"{listed} : {what}")
    return " ; ".join([ref.population_vintage, *parts])


def vintage_lines(numbers: dict[str, Any], ref: Referential) -> list[str]:
    """Which populations the figures count: the referential's, then each place counted with a
    population of another census vintage (a commune of the past, Mayotte, outre-mer)."""
    lines = [f"Populations : {ref.population_vintage} (référentiel {ref.vintage})"]
    others = numbers.get("populations_autres_millesimes") or []
    if not others:
        return [lines[0] + "."]
    lines[0] += ", sauf :"
    for place in others:
        today = ref.body("commune", place["aujourdhui"]) if place["aujourdhui"] else None
        where = f", aujourd'hui {today.nom}" if today and today.nom != place["nom"] else \
            (", ancienne commune" if today else "")
        count = "population non publiée" if place["population"] is None else \
            number(place["population"])
        year = f", millésime {place['millesime']}" if place["millesime"] else \
            ", année de recensement non précisée par la source"
        lines.append(f"  {place['nom']} ({place['code']}{where}) : {count}"
                     f"{year if place['population'] is not None else ''}")
    return lines


def _csv(figures: dict[str, Any]) -> str:
    """One row per figure: campagne, indicateur, cle (for figures split by key), valeur."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["campagne", "indicateur", "cle", "valeur"])
    scopes = [(c["id"], c) for c in figures["campagnes"]] + [(TOTAL, figures["total"])]
    for scope, numbers in scopes:
        for key, value in numbers.items():
            if key in ("id", "titre"):
                continue
            if key == "envois":
                writer.writerows([scope, key, f"{e['date']} {e['destinataire']}", e["statut"]]
                                 for e in value)
            elif key == "populations_autres_millesimes":
                for place in value:
                    writer.writerow([scope, "population_lieu", place["code"],
                                     "" if place["population"] is None else place["population"]])
                    writer.writerow([scope, "population_millesime_lieu", place["code"],
                                     place["millesime"] or ""])
            elif key == "destinataires":
                writer.writerows([scope, key, d["id"], d["titre"] or ""] for d in value)
            elif isinstance(value, dict):
                writer.writerows([scope, key, k, v] for k, v in value.items())
            else:
                writer.writerow([scope, key, "", "" if value is None else value])
    return out.getvalue()
