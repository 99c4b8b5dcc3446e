"""A short French summary, in Markdown, of some motions and their problems: what a reviewer reads
in the job summary of a pull request, and in the body of a pull request opened from an issue.

Every value comes from a contributor, so it is escaped: it reads as text, never as Markdown, HTML or
a mention.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from petition.core.cut import cut
from petition.core.model import NATURES, RESULTS, Motion
from petition.core.problems import Problem
from petition.core.referential import TYPE_LABELS
from petition.core.repository import MOTIONS_DIR, Repository
from petition.text.french import NBSP, date_long
from petition.text.mdtext import inline

_MAX_VALUE = 300


def escape(value: object) -> str:
    """Contributor text as inert Markdown, on one line, shortened past a few hundred characters."""
    text = " ".join(str(value).split())
    text = cut(text, _MAX_VALUE)
    return inline(text)


def french_date(value: str) -> str:
    """`2023-09-27` → `27 septembre 2023` (`1er` for the first day); a wrong date as typed."""
    try:
        return date_long(value).replace(NBSP, " ")
    except ValueError:
        return escape(value)


def vote_text(motion: Motion) -> str:
    result = motion.get("vote", "resultat")
    if result is None:
        text = "résultat non indiqué"
    else:
        text = RESULTS.get(str(result), f"résultat « {escape(result)} » non reconnu")
    if motion.get("vote", "unanimite") is True:
        text += " à l'unanimité"
    counts = []
    for key, label in (("pour", "pour"), ("contre", "contre"), ("abstentions", "abstention(s)")):
        value = motion.get("vote", key)
        if isinstance(value, int) and not isinstance(value, bool):
            counts.append(f"{value} {label}")
    return f"{text} ({', '.join(counts)})" if counts else f"{text} (voix non indiquées)"


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    return [f"  - ligne {p.line}, {p.level} : {escape(p.message)}" for p in problems]


def motion_section(rel: str, motion: Motion | None, problems: list[Problem]) -> str:
    """One motion: a heading naming the body, then its facts and its problems."""
    errors = sum(p.is_error for p in problems)
    mark = "❌" if errors else "⚠️" if problems else "✅"
    if motion is None:
        lines = [f"### {mark} {escape(rel)}", "", "- Fichier illisible : corrigez d'abord les "
                 "erreurs ci-dessous."]
    else:
        body_type = TYPE_LABELS.get(motion.body_type, motion.body_type or "collectivité")
        title = f"{escape(motion.name or '(nom absent)')} ({escape(body_type)} {escape(motion.code)})"
        nature = NATURES.get(motion.nature, motion.nature or "non indiquée")
        lines = [f"### {mark} {title}", "",
                 f"- Séance : {french_date(motion.date) if motion.date else 'date absente'}",
                 f"- Campagne : {escape(motion.campaign or 'non indiquée')}",
                 f"- Nature : {escape(nature)}",
                 f"- Vote : {vote_text(motion)}",
                 f"- Fichier : {escape(rel)}"]
    if problems:
        lines.append(f"- Problèmes ({errors} erreur(s), {len(problems) - errors} "
                     "avertissement(s)) :")
        lines += problem_lines(problems)
    else:
        lines.append("- Problèmes : aucun")
    return "\n".join(lines)


_KINDS = (("motion", "motion(s)"), ("campaign", "campagne(s)"), ("targets", "liste(s) de cibles"),
          ("sending", "envoi(s)"), ("answer", "réponse(s)"), ("document", "document(s)"),
          ("unknown", "fichier(s) non reconnu(s)"), ("outside", "fichier(s) hors de motions/"),
          ("deleted", "fichier(s) supprimé(s)"))
_WHAT = {"campaign": "Fichier de campagne", "targets": "Liste des collectivités visées (cibles)",
         "sending": "Envoi d'une lettre", "answer": "Réponse reçue", "document": "Document PDF",
         "unknown": "Fichier non reconnu : il n'est ni compté ni publié tant qu'il n'est pas "
                    "renommé ou déplacé comme indiqué",
         "outside": "Hors de motions/ (code, site, documentation) : un coordinateur relit ce "
                    "changement",
         "deleted": "Fichier supprimé"}


def kind_of(repo: Repository, rel: str) -> str:
    """What a changed file is, by the repository's own reading of motions/."""
    files = repo.files
    if not rel.startswith(f"{MOTIONS_DIR}/"):
        return "outside"
    if rel in files.misnamed:
        return "unknown"
    for kind, paths in (("motion", files.motions), ("campaign", files.campaigns),
                        ("targets", files.targets), ("sending", files.sendings),
                        ("answer", files.answers), ("document", files.documents)):
        if rel in paths:
            return kind
    return "unknown"


def file_section(rel: str, kind: str, problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    mark = "❌" if errors else "⚠️" if problems else "ℹ️" if kind in ("outside", "deleted") else "✅"
    lines = [f"### {mark} {escape(rel)}", "", f"- {_WHAT[kind]}"]
    if problems:
        lines.append(f"- Problèmes ({errors} erreur(s), {len(problems) - errors} avertissement(s)) :")
        lines += problem_lines(problems)
    elif kind not in ("outside", "deleted"):
        lines.append("- Problèmes : aucun")
    return "\n".join(lines)


def summary_markdown(repo: Repository, paths: Iterable[str], deleted: Iterable[str] = ()) -> str:
    """The summary of every changed file (repository-relative paths), motions first; nothing
    changed is left out of the count."""
    gone = set(deleted)
    wanted = sorted(set(paths) | gone)
    lines = ["## Fichiers ajoutés ou modifiés", ""]
    if not wanted:
        return "\n".join([*lines, "Aucun fichier ajouté, modifié ou supprimé.", ""])
    loaded = {m.path: m for m in repo.motions}
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for problem in repo.problems:
        by_path[problem.path].append(problem)
    kinds = {rel: "deleted" if rel in gone else kind_of(repo, rel) for rel in wanted}
    order = [k for k, _ in _KINDS]
    sections = []
    bad = 0
    for rel in sorted(wanted, key=lambda r: (order.index(kinds[r]), r)):
        found = by_path[rel]
        bad += any(p.is_error for p in found)
        if kinds[rel] == "motion":
            sections.append(motion_section(rel, loaded.get(rel), found))
        else:
            sections.append(file_section(rel, kinds[rel], found))
    counts = [f"{n} {label}" for kind, label in _KINDS
              if (n := sum(k == kind for k in kinds.values()))]
    lines.append(f"{len(wanted)} fichier(s) : {', '.join(counts)} ; {len(wanted) - bad} sans "
                 f"erreur, {bad} à corriger.")
    for section in sections:
        lines += ["", section]
    return "\n".join(lines) + "\n"
