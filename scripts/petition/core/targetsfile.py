"""A campaign's targets: the councils it asks to adopt its text, `motions/<campagne>/cibles.yml`.

The file lists bodies by type and official code (`code: nom`, the name a reading aid for review);
what each target did is never written there: `petition.campaign.targets` derives it from the
motions. This module loads one file, checks it against its schema and the referential, and gives
the text the file must have for a set of targets (sorted, so an import is a reviewable diff).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from petition.core.model import CAMPAIGN_FILE, MOTIONS_DIR, SCHEMA_LINE
from petition.core.problems import WARNING, Problem
from petition.core.referential import TYPE_LABELS, TYPES, Body, Referential, normalize_name, referential
from petition.core.schemas import load_mapping, schema_problems

TARGETS_FILE = "cibles.yml"
KIND = "targets"


@dataclass(frozen=True)
class Target:
    """One targeted body, as the referential knows it, and the line that names it."""

    body: Body
    line: int = 1


@dataclass
class TargetList:
    """The loaded `cibles.yml` of a campaign: its targets in file order."""

    path: str
    campaign: str
    targets: list[Target] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {t.body.key for t in self.targets}


def targets_path(campaign: str) -> str:
    return f"{MOTIONS_DIR}/{campaign}/{TARGETS_FILE}"


def _a(type_: str) -> str:
    """« une commune », « un département »: the indefinite article of a body type."""
    feminine = type_ in ("commune", "epci", "collectivite", "region", "com")  # « une intercommunalité »
    return ("une " if feminine else "un ") + TYPE_LABELS.get(type_, type_)


def body_problem(ref: Referential, type_: str, code: str, name: str = "",
                 today: str | None = None) -> tuple[Body | None, str]:
    """The body a (type, code) names, or None and why not, in French with how to fix it. An old
    commune code is refused with today's one, and a council that does not sit `today` with the
    one that does: a council that no longer exists cannot be asked to adopt anything."""
    if type_ not in TYPES:
        return None, (f"type « {type_} » inconnu : choisissez parmi {', '.join(TYPES)}")
    body = ref.body(type_, code)
    if body is None:
        others = [t for t in ref.guess_type(code) if t != type_]
        if others:
            other = ref.body(others[0], code)
            return None, (f"le code « {code} » est celui d'{_a(others[0])} "
                          f"({other.nom if other else '?'}), pas d'{_a(type_)} : corrigez le type "
                          "ou le code")
        guesses = ref.search(name, type_, limit=3) if name else []
        hint = "".join(f" ; « {b.nom} » a le code « {b.code} »" for b in guesses)
        return None, (f"{TYPE_LABELS[type_]} de code « {code} » inconnu(e) du référentiel "
                      f"officiel ({ref.vintage}){hint}")
    if body.code != code:
        return None, (f"« {code} » est l'ancien code de {body.former_name or code}, aujourd'hui "
                      f"dans la commune {body.nom} (« {body.code} ») : ciblez « {body.code} »")
    gone = ref.not_sitting(body, today) if today else None
    if gone:
        return None, gone
    if name and name not in ref.accepted_names(body) \
            and normalize_name(name) != normalize_name(body.nom):
        return None, (f"le code « {code} » est celui de « {body.nom} », pas de « {name} » : "
                      "vérifiez le code ou le nom")
    return body, ""


def analyse_targets(rel: str, raw: bytes, today: str,
                    ref: Referential | None = None) -> tuple[TargetList | None, list[Problem]]:
    """Load and check one `cibles.yml` (named `rel`, relative to the repository)."""
    ref = ref or referential()
    loaded = load_mapping(rel, raw, "le fichier doit être un bloc « campagne: … » puis « cibles: … », "
                          "pas une liste ni un texte seul")
    if isinstance(loaded, Problem):
        return None, [loaded]
    problems = list(schema_problems(KIND, loaded.data, rel, loaded.lines))
    if not raw.startswith(SCHEMA_LINE.format(KIND).encode()):
        problems.append(Problem(rel, 1, f"première ligne attendue : « {SCHEMA_LINE.format(KIND)} » "
                                "(l'éditeur vérifie alors le fichier pendant la saisie)", WARNING))
    folder = PurePosixPath(rel).parent.name
    campaign = loaded.data.get("campagne")
    if isinstance(campaign, str) and campaign != folder:
        problems.append(Problem(rel, loaded.line_of(("campagne",)), f"campagne « {campaign} » "
                                f"dans le dossier « {folder} » : écrivez « campagne: {folder} »",
                                field="campagne"))
    targets = TargetList(rel, folder)
    groups = loaded.data.get("cibles")
    seen: dict[str, int] = {}
    for type_, codes in (groups.items() if isinstance(groups, dict) else ()):
        if type_ not in TYPES or not isinstance(codes, dict):
            continue  # the schema says what is wrong
        for code, name in codes.items():
            line = loaded.line_of(("cibles", type_, code))
            body, why = body_problem(ref, type_, str(code), name if isinstance(name, str) else "",
                                     today)
            if body is None:
                problems.append(Problem(rel, line, why, field=f"cibles.{type_}"))
                continue
            if body.key in seen:
                problems.append(Problem(rel, line, f"{body.nom} est déjà ciblé(e) ligne "
                                        f"{seen[body.key]} : retirez l'une des deux lignes",
                                        field=f"cibles.{type_}"))
                continue
            seen[body.key] = line
            if isinstance(name, str) and name not in ref.accepted_names(body):
                problems.append(Problem(rel, line, f"nom « {name} » : le nom officiel s'écrit "
                                        f"« {body.nom} »", WARNING, f"cibles.{type_}"))
            targets.targets.append(Target(body, line))
    return targets, problems


def load_targets(root: Path, files: Iterable[str], campaign_folders: Iterable[str],
                 today: str) -> tuple[dict[str, TargetList], list[Problem]]:
    """The `cibles.yml` files found (`files`, relative to `root`): {campaign folder: its
    targets}, and the problems. A file with an error gives no targets (like a motion in error,
    it is left out)."""
    known = set(campaign_folders)
    found: dict[str, TargetList] = {}
    problems: list[Problem] = []
    for rel in sorted(files):
        campaign = PurePosixPath(rel).parent.name
        if campaign not in known:
            problems.append(Problem(rel, 1, f"pas de {CAMPAIGN_FILE} dans {MOTIONS_DIR}/{campaign}/ "
                                    ": les cibles vont dans le dossier de leur campagne"))
            continue
        targets, own = analyse_targets(rel, (root / rel).read_bytes(), today)
        problems += own
        if targets is not None and not any(p.is_error for p in own):
            found[campaign] = targets
    return found, problems


def targets_data(campaign: str, bodies: Iterable[Body]) -> dict[str, Any]:
    """The content of a `cibles.yml`: types in the referential's order, codes sorted."""
    by_type: dict[str, dict[str, str]] = {}
    for body in sorted(bodies, key=lambda b: (TYPES.index(b.type), b.code)):
        by_type.setdefault(body.type, {})[body.code] = body.nom
    return {"campagne": campaign, "cibles": by_type}


def iter_bodies(targets: TargetList | None) -> Iterator[Body]:
    yield from (t.body for t in (targets.targets if targets else []))
