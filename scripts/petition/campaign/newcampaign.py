"""A new campaign file (`petition campaign new`): its id, title and recipients, checked with the rules
of `petition validate`, written as `motions/<id>/campagne.yml` with the optional fields shown as a
commented template to fill in. Never over an existing campaign."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from petition.core import checks
from petition.core.characters import value_problem
from petition.core.destinations import check_id as path_id
from petition.core.destinations import destination
from petition.core.model import CAMPAIGN_FILE, MOTIONS_DIR, Campaign, slugify
from petition.core.problems import Problem
from petition.core.repository import Repository
from petition.core.schemas import schema_problems
from petition.core.yamlstrict import YamlError, load_bytes
from petition.exchange.writer import dump_motion, write_new

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID = 60
RECIPIENT_ID_WORDS = 4
# What is left to fill in, after the fields given: each optional field of the schema, commented out,
# with what it holds. Removing the « # » of a block makes it part of the file.
TEMPLATE = """
# À compléter : retirez le « # » des lignes que vous remplissez (l'indentation compte), puis
# lancez « petition validate ». Ce qui n'est pas connu reste absent : n'inventez rien.
#
# resume: >-
#   Quelques phrases qui présentent la campagne aux lecteurs du site.
# contexte: >-
#   Ce qu'il faut savoir : dates clés, décisions, chiffres connus (l'exposé des motifs du kit).
# texte: |-
#   Le texte commun proposé aux conseils, recopié de sa source.
#
#   Un paragraphe par bloc, séparés par une ligne vide.
# demandes:
#   - "La première demande du texte, telle qu'il la formule."
# propose_par:
#   - qui a rédigé ou proposé le texte, écrit comme il se lit après « proposé par »
# periode:
#   debut: "AAAA-MM-JJ"
#   fin: "AAAA-MM-JJ"
# expediteur:                 # qui envoie les lettres ; sans lui, ce sont des projets de lettre
#   nom: Le nom du collectif ou de l'organisation
#   adresse:
#     - 1, rue de la Gare
#     - 12000 Rodez
#   contact: contact@exemple.fr
#   signataires:
#     - nom: Prénom Nom
#       qualite: Porte-parole
#
# Un destinataire peut aussi porter les titres officiels de sa fonction, datés (voir
# schema/campaign.schema.json, « titres ») et l'article de son nom quand la lettre ne le
# devine pas (« article: la » pour « SNCF Réseau »).
"""


class CampaignError(ValueError):
    """The campaign cannot be written as asked (a usage error: exit 2)."""


@dataclass(frozen=True)
class NewRecipient:
    function: str  # « Directeur général de SNCF Réseau »
    call: str = ""  # « Monsieur le Directeur général »; "" for « Madame, Monsieur »
    article: str = ""


def check_id(value: str, repo: Repository) -> str:
    """What is wrong with a new campaign's id ("" if nothing)."""
    if not ID.fullmatch(value) or len(value) > MAX_ID:
        return (f"« {value} » : l'identifiant s'écrit en minuscules sans accents, chiffres et "
                f"tirets, au plus {MAX_ID} caractères (par exemple « ligne-2026 ») ; c'est aussi "
                "le nom du dossier de la campagne")
    if value in repo.campaigns or (repo.root / MOTIONS_DIR / value).exists():
        return f"la campagne « {value} » existe déjà (motions/{value}/) : choisissez un autre identifiant"
    return ""


def check_text(value: str, *, required: bool = True, least: int = 1, most: int = 500) -> str:
    """What is wrong with a one-line answer ("" if nothing): empty, too short or long, or a
    character the loader refuses."""
    text = value.strip()
    if not text:
        return "à remplir" if required else ""
    if not least <= len(text) <= most:
        return f"{len(text)} caractère(s) : de {least} à {most} attendus"
    return value_problem(text)


def recipient_id(function: str, taken: set[str]) -> str:
    """« Directeur général de SNCF Réseau » → « directeur-general-sncf-reseau »: a few words of
    the function, without the little ones, unique in the campaign."""
    words = [w for w in slugify(function).split("-") if w not in ("de", "du", "des", "la", "le",
                                                                  "les", "l", "d", "a", "au")]
    base = "-".join(words[:RECIPIENT_ID_WORDS]) or "destinataire"
    found, number = base, 1
    while found in taken:
        number += 1
        found = f"{base}-{number}"
    return found


def recipients_of(campaign: Campaign) -> list[dict[str, Any]]:
    """An existing campaign's recipients, as its file writes them (`--depuis`)."""
    return [dict(r) for r in campaign.recipients if isinstance(r, dict)]


def campaign_data(campaign_id: str, title: str, recipients: list[NewRecipient],
                  copied: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    listed: list[dict[str, Any]] = list(copied or [])
    taken = {str(r.get("id")) for r in listed}
    for who in recipients:
        rid = recipient_id(who.function, taken)
        taken.add(rid)
        entry: dict[str, Any] = {"id": rid, "fonction": who.function.strip()}
        if who.call.strip():
            entry["appel"] = who.call.strip()
        if who.article:
            entry["article"] = who.article
        listed.append(entry)
    return {"id": campaign_id, "titre": title.strip(), "destinataires": listed}


def campaign_text(data: dict[str, Any]) -> str:
    return dump_motion(data, "campaign") + TEMPLATE


def campaign_problems(data: dict[str, Any], text: str) -> list[Problem]:
    """The problems `petition validate` would find in the file (errors and warnings)."""
    rel = f"{MOTIONS_DIR}/{data['id']}/{CAMPAIGN_FILE}"
    try:
        loaded = load_bytes(text.encode("utf-8"))
    except YamlError as exc:  # pragma: no cover - dump_motion writes what the loader reads
        return [Problem(rel, exc.line, exc.message)]
    problems = list(schema_problems("campaign", loaded.data, rel, loaded.lines))
    problems += checks.check_campaign_file(Campaign(rel, loaded.data, loaded.lines))
    return problems


def write_campaign(repo: Repository, data: dict[str, Any]) -> tuple[Path, list[Problem]]:
    """Write the campaign's file (never over another); its warnings are returned, an error stops
    everything (CampaignError) and nothing is written."""
    text = campaign_text(data)
    problems = campaign_problems(data, text)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise CampaignError("; ".join(f"{p.path}:{p.line}: {p.message}" for p in errors))
    # The campaign's folder is this command's own; motions/ must exist.
    target = destination(repo.root, f"{MOTIONS_DIR}/{path_id(str(data['id']), 'campagne')}/"
                         f"{CAMPAIGN_FILE}", create=1)
    if not write_new(target, text):
        raise CampaignError(f"{target.shown} existe déjà : rien n'a été écrit")
    return target.path, problems
