"""The issue form and its configuration under .github/ISSUE_TEMPLATE/, written from projet.yml and the
campaigns (`petition form`): the cause's words and the list of open campaigns come from the data,
never from a hand-edited copy that drifts. `.github/` is code for GitHub: every value is written as
a JSON string (which YAML reads as the same text), so no text can add a key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from petition.core.destinations import destination
from petition.core.model import Campaign
from petition.core.problems import WARNING, Problem
from petition.core.projectfile import Project

FORMS_DIR = ".github/ISSUE_TEMPLATE"
FORM_PATH = f"{FORMS_DIR}/signaler-motion.yml"
CONFIG_PATH = f"{FORMS_DIR}/config.yml"


def _yaml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("petition.intake", "templates"), autoescape=False,  # noqa: S701 - YAML, every value through |yaml
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["yaml"] = _yaml
    return env


@dataclass(frozen=True)
class _Listed:
    id: str
    title: str


def listed_campaigns(campaigns: dict[str, Campaign]) -> list[_Listed]:
    """The campaigns the form offers, the most recent identifier first (« …-2024 » before
    « …-2023 »)."""
    return [_Listed(cid, campaigns[cid].title) for cid in sorted(campaigns, reverse=True)]


def form_text(project: Project, campaigns: dict[str, Campaign]) -> str:
    listed = listed_campaigns(campaigns)
    description = ("Votre conseil (commune, arrondissement, intercommunalité, département, région…) "
                   f"a adopté une motion ou un vœu pour {project.for_cause} ? Remplissez ce "
                   "formulaire : un coordinateur l'ajoutera au site.")
    help_text = " ; ".join(f"{c.id} : {c.title}" for c in listed) + "."
    no_campaign = ("Aucune campagne n'est encore ouverte dans ce dépôt : écrivez l'identifiant de "
                   "campagne que vous a donné un coordinateur.")
    objet = f"Motion pour {project.cause}" if project.cause else f"Motion : {project.name}"
    return _environment().get_template("signaler-motion.yml.j2").render(
        description=description, campaigns=listed, campaign_help=help_text,
        no_campaign=no_campaign, objet=objet)


def config_text(project: Project) -> str:
    """The issue forms' configuration: blank issues allowed, and a link to the contributors'
    guide when the repository's address is known."""
    lines = ["# Written by « petition form » from projet.yml.", "blank_issues_enabled: true"]
    links = []
    if project.repo_url:
        links.append(("Guide du contributeur", f"{project.repo_url}/blob/main/CONTRIBUTING.md",
                      "Ajouter une motion par une demande de modification (pull request), lire "
                      "les messages de vérification."))
    if project.contact.startswith(("https://", "http://")):
        links.append(("Joindre les coordinateurs", project.contact,
                      f"Une question sur la campagne pour {project.for_cause} ?"))
    if links:
        lines.append("contact_links:")
        for name, url, about in links:
            lines += [f"  - name: {_yaml(name)}", f"    url: {_yaml(url)}", f"    about: {_yaml(about)}"]
    return "\n".join(lines) + "\n"


def form_files(project: Project, campaigns: dict[str, Campaign]) -> dict[str, str]:
    """{path in the repository: text} of the files `petition form` writes."""
    return {FORM_PATH: form_text(project, campaigns), CONFIG_PATH: config_text(project)}


def stale_forms(root: Path, project: Project, campaigns: dict[str, Campaign]) -> list[Problem]:
    """A warning for each form file that differs from what projet.yml and the campaigns give (a
    campaign missing from the list, a new cause's name): « petition form » rewrites them. A
    repository without forms (not on GitHub) is not warned."""
    problems = []
    for rel, text in form_files(project, campaigns).items():
        try:
            current = (root / rel).read_bytes()
        except OSError:
            continue
        if current != text.encode("utf-8"):
            problems.append(Problem(rel, 1, "formulaire de signalement pas à jour de projet.yml et "
                                    "des campagnes : lancez « petition form » pour le récrire",
                                    WARNING))
    return problems


def write_forms(root: Path, project: Project, campaigns: dict[str, Campaign]) -> list[str]:
    """Write the form files that changed; their paths."""
    from petition.exchange.writer import replace_file

    written = []
    for rel, text in form_files(project, campaigns).items():
        # .github/ is the repository's own: never written through a link that leads elsewhere
        target = destination(root, rel, create=rel.count("/"), strict=False)
        content = text.encode("utf-8")
        if target.path.is_file() and target.path.read_bytes() == content:
            continue
        replace_file(target, content)
        written.append(rel)
    return written
