"""From an issue event to a motion file checked by exactly the repository's rules, or to a French
comment listing what the contributor must fix.

The file is written by `petition.writer` (yaml.safe_dump), read back by the strict loader and
compared with the data it was built from, checked on its own by `repository.analyse`, then against
the whole repository by the checks `load_repository` applies (campaigns, duplicates, collisions).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from petition.core import checks
from petition.core.characters import shown
from petition.core.checks import expected_filename
from petition.core.cut import cut
from petition.core.destinations import UnsafePath, destination
from petition.core.model import Motion, motion_filename
from petition.core.postcodes import communes_of_postcode
from petition.core.problems import Problem
from petition.core.referential import referential
from petition.core.repository import MOTIONS_DIR, analyse, load_repository
from petition.exchange.rows import name_matches, official_spelling
from petition.exchange.writer import dump_motion, write_new
from petition.intake.issueform import (
    BY_KEY,
    FIELDS,
    FormProblem,
    build_motion,
    parse_body,
    read_event,
)
from petition.intake.summary import motion_section
from petition.text.mdtext import after, inline

_CAMPAIGN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# At most 200 characters: far above any official name, far below the systems' 255-byte limit
# (a 300-character name or date typed in the form would otherwise stop the run with
# « File name too long »; the schema then says what is wrong with the field itself).
_FILE = re.compile(r"[a-z0-9][a-z0-9-]{0,195}\.yml")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PLACEHOLDER = f"{MOTIONS_DIR}/nouvelle-motion.yml"
_MAX_COMMENT_LINE = 500
_MAX_COMMENT = 60_000
# Data field (dotted path of a problem) → form field; the longest matching prefix wins.
_FIELD_KEYS = {
    "campagne": "campagne", "collectivite.type": "type",
    "collectivite.code": "code", "collectivite.nom": "nom", "collectivite.siret": "siret",
    "instance": "instance",
    "nature": "nature", "objet": "objet", "seance": "date", "seance.date": "date",
    "vote": "pour", "vote.resultat": "resultat", "vote.unanimite": "resultat", "vote.pour": "pour",
    "vote.contre": "contre", "vote.abstentions": "abstentions", "presences": "presents",
    "presences.effectif": "effectif", "presences.presents": "presents",
    "presences.pouvoirs": "pouvoirs", "sources": "url", "texte": "texte",
}
_ORDER = {f.key: i for i, f in enumerate(FIELDS)}


@dataclass
class Intake:
    """What an issue gives: the motion file (path, text) and the problems, as form problems."""

    issue: int
    rel: str = ""
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[FormProblem] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rel) and not any(p.error for p in self.problems)


def intake(raw_event: bytes, root: Path, today: dt.date) -> Intake:
    """Read the event, build the motion, check it; raises EventError or RepositoryError."""
    issue = read_event(raw_event)
    result = Intake(issue.number)
    values, layout = parse_body(issue.body)
    if layout:
        result.problems = layout
        return result
    data, form = build_motion(values, issue.number)
    _postal_code(data, form, values)
    rel = _official_name(data, form)
    text = dump_motion(data)
    loaded, lines, found = analyse("motion", rel or _PLACEHOLDER, text.encode("utf-8"), today)
    if loaded is not None and loaded != data:  # safe_dump round-trips; this proves it
        form.append(FormProblem("", 1, "transcription du ticket impossible sans perte : "
                                "simplifiez le texte saisi"))
    if rel and (root / rel).exists():
        form.append(exists_problem(rel))
    elif rel and not any(p.is_error for p in found) and not form:
        repo = load_repository(root, today=today)
        motions = [*repo.motions, Motion(rel, data, lines)]
        found += [p for p in checks.check_across(motions, repo.campaigns) if p.path == rel]
    result.rel, result.text, result.data, result.file_problems = rel, text, data, found
    result.problems = _merge(form, found, values)
    if not rel and not any(p.error for p in result.problems):  # pragma: no cover - defensive
        result.problems.append(FormProblem("", 1, "nom de fichier impossible à déduire du ticket"))
    return result


def exists_problem(rel: str) -> FormProblem:
    return FormProblem("", 1, f"le fichier « {rel} » existe déjà : cette motion est sans doute "
                       "déjà dans le dépôt")


def _postal_code(data: dict[str, Any], notes: list[FormProblem],
                 values: dict[str, tuple[str, int]]) -> None:
    """A postal code typed for a commune's INSEE code: the commune whose name was given is
    recorded under its official code (said as a warning); otherwise the communes that postal code
    serves are named, for the contributor to choose."""
    body = data.get("collectivite", {})
    code, name = body.get("code", ""), body.get("nom", "")
    if body.get("type") != "commune" or not re.fullmatch(r"[0-9]{5}", code):
        return
    ref = referential()
    known = ref.body("commune", code)
    if known is not None and (not name or name in ref.accepted_names(known)
                              or name_matches(name, known.former_name or known.nom)):
        return  # an INSEE code with its own commune's name
    served = [b for b in (ref.body("commune", c) for c in communes_of_postcode(code)) if b]
    if not served:
        return
    line = values.get("code", ("", 1))[1]
    named = [b for b in served if name and name_matches(name, b.nom)]
    if known is not None and not named:
        return  # an INSEE code under another name: the file's checks say which is wrong
    if len(named) == 1:
        body["code"] = named[0].code
        notes.append(FormProblem("code", line, f"« {code} » est le code postal de {named[0].nom} : "
                                 f"la motion est enregistrée sous son code officiel (INSEE), "
                                 f"{named[0].code}", error=False))
        return
    if len(served) == 1:
        only = served[0]
        notes.append(FormProblem("code", line, f"« {code} » est le code postal de {only.nom}, "
                                 f"dont le code officiel (INSEE) est {only.code} : si c'est votre "
                                 f"commune, écrivez {only.code} dans « Code officiel de la "
                                 f"collectivité » et « {only.nom} » dans « Nom de la collectivité »"))
        return
    listed = ", ".join(f"{b.nom} ({b.code})" for b in served[:12])
    more = f" et {len(served) - 12} autres" if len(served) > 12 else ""
    notes.append(FormProblem("code", line, f"« {code} » est un code postal, partagé par plusieurs "
                             f"communes : {listed}{more}. Laquelle est la vôtre ? Écrivez son code "
                             "officiel (entre parenthèses) dans « Code officiel de la "
                             "collectivité »"))


def _official_name(data: dict[str, Any], notes: list[FormProblem]) -> str:
    """Correct the body's name to its official spelling when only case or accents differ; return
    the path the file must have ("" when the data cannot name it safely)."""
    body = data.get("collectivite", {})
    type_, code, name = body.get("type"), body.get("code"), body.get("nom")
    date, campaign = data.get("seance", {}).get("date"), data.get("campagne")
    if not (type_ and code and name and date and campaign) or not _DATE.fullmatch(date) \
            or len(campaign) > 100:
        return ""
    ref = referential()
    known = ref.body(type_, code, date)  # as it was that day (a commune before its merger)
    if known is None:
        filename = motion_filename(type_, code, name, date)
    else:
        spelled = official_spelling(ref, known, name)
        if spelled is None and name_matches(name, known.former_name or known.nom):
            # « Ville de Liévin », « Communauté d'agglomération de Lens-Liévin »: the usual long
            # name of the body the code names, written under its official one.
            spelled = known.former_name or known.nom
            notes.append(FormProblem("nom", 1, f"« {name} » enregistré sous le nom officiel "
                                     f"« {spelled} » (code {code})", error=False))
        body["nom"] = name = spelled or name
        filename = expected_filename(ref, known, type_, code, name, date)
    if not _CAMPAIGN.fullmatch(campaign) or not _FILE.fullmatch(filename):
        return ""
    return f"{MOTIONS_DIR}/{campaign}/{filename}"


def _merge(form: list[FormProblem], found: list[Problem],
           values: dict[str, tuple[str, int]]) -> list[FormProblem]:
    """Form problems first; then the file's problems on fields the form did not already flag
    (when the form has errors, problems not tied to a field only repeat them)."""
    flagged = {p.key for p in form}
    # A wrong code makes the name look wrong too: one message is enough.
    if any(p.key == "code" and p.error for p in form):
        flagged.add("nom")
    merged = list(form)
    for problem in found:
        if problem.field == "(fichier)":  # the name is derived from the content, never typed
            continue
        key = _form_key(problem.field)
        if key in flagged or (not key and any(p.error for p in form)):
            continue
        line = values[key][1] if key in values else 1
        merged.append(FormProblem(key, line, form_words(problem.message), problem.is_error))
    return sorted(merged, key=lambda p: (_ORDER.get(p.key, len(_ORDER)), not p.error, p.message))


# A file's message in the words of the form: the form names the field already, and nobody who
# filled it wrote YAML (no key, no dotted path, no command to run).
_LABEL_PREFIX = re.compile(r"« [a-z_]+(?:\.[a-z0-9_]+)* »(?: \([^)]*\))?(?: :)? ")
_DOTTED = re.compile(r"« ([a-z_]+(?:\.[a-z0-9_]+)*) »")
_FORM_SENTENCES = (
    (re.compile(r"écrivez « code: \"([^\"]+)\" » \(ou, si c'est bien (.+), « nom: .+ »\)$"),
     r"écrivez \1 dans « Code officiel de la collectivité » (ou, si c'est bien \2, écrivez "
     r"« \2 » dans « Nom de la collectivité »)"),
    (re.compile(r"« pour: \d+ » est le nombre des votants.*"),
     "« Voix pour » égale le nombre des votants avec « Adoptée à l'unanimité » : ce nombre "
     "semble déduit, or l'unanimité dit seulement qu'aucune voix n'est contre (des abstentions sont "
     "possibles) ; si le document ne donne pas le détail des voix, laissez « Voix pour », « Voix "
     "contre » et « Abstentions » vides"),
    (re.compile(r"« unanimite: true » mais (\d+) voix contre.*"),
     r"« Adoptée à l'unanimité » mais \1 voix contre : l'unanimité veut dire aucune voix contre ; "
     "choisissez « Adoptée » ou corrigez « Voix contre »"),
    (re.compile(r"aucune source : .*"),
     "sans « Lien vers le document », personne ne pourra vérifier la motion : ajoutez l'adresse "
     "web du document s'il est en ligne"),
    (re.compile(r"doublon : même collectivité, même date de séance et même campagne que (\S+) ;.*"),
     r"cette motion est déjà dans le dépôt (\1) : rien à ajouter ; s'il s'agit d'une autre séance, "
     "corrigez « Date de la séance »"),
    (re.compile(r"(?:tabulation|retour à la ligne) interdit : ce champ tient sur une seule ligne.*"),
     "doit tenir sur une seule ligne : retirez les retours à la ligne et les tabulations"),
    (re.compile(r" \(ou lancez « petition validate --fix »\)"), ""),
    (re.compile(r"corrigez « type » ou « code »"),
     "corrigez « Type de collectivité » ou « Code officiel de la collectivité »"),
    (re.compile(r" ?\(voir le modèle dans CONTRIBUTING\.md\)"), ""),
)


def form_words(message: str) -> str:
    """A message of the repository's checks said with the form's labels."""
    text = _LABEL_PREFIX.sub("", message, count=1) if message.startswith("« ") else message
    for pattern, replacement in _FORM_SENTENCES:
        text = pattern.sub(replacement, text)

    def label(match: re.Match[str]) -> str:
        key = _form_key(match.group(1))
        return f"« {BY_KEY[key].label} »" if key else match.group(0)

    return _DOTTED.sub(label, text)


def _form_key(dotted: str) -> str:
    parts = dotted.split(".")
    while parts:
        key = _FIELD_KEYS.get(".".join(parts))
        if key:
            return key
        parts.pop()
    return ""


def write_motion(result: Intake, root: Path) -> Path | None:
    """Write the motion file under its name, never overwriting: None if the path exists."""
    campaign, filename = result.rel.split("/")[1:]
    if not (_CAMPAIGN.fullmatch(campaign) and _FILE.fullmatch(filename)):
        raise UnsafePath(f"chemin refusé : {result.rel}")
    target = destination(root.resolve(), result.rel)
    return target.path if write_new(target, result.text) else None


def problem_text(problem: FormProblem) -> str:
    level = "" if problem.error else "avertissement : "
    text = shown(f"{problem.label} : {level}{problem.message}")
    return cut(text, _MAX_COMMENT_LINE)


def _item(problem: FormProblem) -> str:
    """One problem as a list item: the form's field in bold, the message as inert text."""
    message = cut(shown(problem.message), _MAX_COMMENT_LINE)
    return f"- **{inline(problem.label)}** : {after(message)}"


def _section(title: str, problems: list[FormProblem]) -> list[str]:
    if not problems:
        return []
    items = [_item(p) for p in problems]
    while len("\n".join(items)) > _MAX_COMMENT and len(items) > 1:
        items = [*items[:-2], "- …"]
    return ["", f"**{title}**", "", *items]


def comment_markdown(result: Intake) -> str:
    """The comment posted on the issue when the motion cannot be added yet: plain French for
    whoever filled the form (no file, field or command names), one short item per point, what
    must be corrected first, then what is only to check."""
    errors = [p for p in result.problems if p.error]
    warnings = [p for p in result.problems if not p.error]
    count = f"{len(errors)} point à corriger" if len(errors) == 1 else \
        f"{len(errors)} points à corriger"
    return "\n".join([
        "Merci pour ce signalement !",
        "",
        f"La motion n'est pas encore ajoutée : il reste **{count}** dans le formulaire.",
        *_section("À corriger", errors),
        *_section("À vérifier (ces points n'empêchent pas l'ajout)", warnings),
        "",
        "Pour corriger : en haut du ticket, cliquez sur « ··· » puis sur « Edit » (modifier). "
        "Corrigez les rubriques citées, puis enregistrez. Un coordinateur relancera ensuite "
        "l'ajout.",
        "",
        "Une question ? Répondez simplement ici : un coordinateur vous lira.",
        "",
    ])


def checked_markdown(result: Intake) -> str:
    """What the issue is told when the motion was added (the workflow puts the link to the pull
    request before it): the points to check, if any."""
    warnings = [p for p in result.problems if not p.error]
    if not warnings:
        return ""
    return "\n".join([*_section("À vérifier (ces points n'empêchent pas l'ajout)", warnings)[1:],
                      "", "Si quelque chose est à corriger, dites-le simplement ici : un "
                      "coordinateur le fera.", ""])


def pr_body(result: Intake) -> str:
    """The body of the pull request opened for a valid motion."""
    motion = Motion(result.rel, result.data)
    checked = checked_markdown(result).rstrip("\n")
    checks = ["", *checked.split("\n")] if checked else []
    return "\n".join([
        f"Motion signalée dans le ticket #{result.issue}, transformée en fichier par "
        "`petition from-issue`.",
        "",
        "**Vérifiée avant l'ouverture de cette demande** : le fichier a passé toutes les règles de "
        "`petition validate` (schéma, voix, dates, référentiel officiel, doublons dans tout le "
        "dépôt) sans erreur. Une demande ouverte par le robot de GitHub Actions ne déclenche pas "
        "les vérifications automatiques : le robot les lance lui-même sur cette branche et publie "
        "leur verdict en commentaire ci-dessous.",
        "",
        motion_section(result.rel, motion, result.file_problems),
        *checks,
        "",
        f"Closes #{result.issue}",
        "",
    ])
