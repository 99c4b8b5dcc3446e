"""Command-line helpers for `petition new` and `petition import`: the questions (click prompts)
and the progress bar (rich, on stderr, only in a terminal). The rules live in `newmotion`."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from petition.cli.base import echo
from petition.core.referential import TYPE_LABELS, TYPES, Body, Referential
from petition.core.repository import Repository
from petition.intake.answers import ORDER, check_in_context, read_text_file
from petition.intake.newmotion import (
    COUNTS,
    QUESTIONS,
    REQUIRED,
    canonical,
    check_answer,
    default_instance,
    describe_body,
    find_bodies,
)

F = TypeVar("F", bound=Callable[..., Any])

LABELS = {
    "type": "Type de collectivité (" + ", ".join(TYPES) + ")",
    "code": "Code officiel (INSEE, SIREN de l'EPCI, numéro) ou nom",
    "siret": "SIRET de la collectivité, 14 chiffres (vide si inconnu : « petition siret » le "
             "cherche ensuite)",
    "date": "Date de la séance (27/09/2023, 27 septembre 2023 ou 2023-09-27)",
    "nature": "Nature (motion, voeu, deliberation)",
    "objet": "Objet ou titre, tel qu'écrit sur le document",
    "identifiant": "Numéro de l'acte, tel qu'écrit sur le document (par exemple 2023-118 ; vide "
                   "s'il n'en donne pas)",
    "instance": "Conseil qui a délibéré",
    "effectif": "Membres en exercice (vide si inconnu)",
    "presents": "Présents (vide si inconnu)",
    "pouvoirs": "Pouvoirs (vide si inconnu)",
    "resultat": "Résultat (adoptee, rejetee)",
    "pour": "Voix pour (vide si inconnu)",
    "contre": "Voix contre (vide si inconnu)",
    "abstentions": "Abstentions (vide si inconnu)",
    "url": "Adresse web du document (vide si aucune)",
    "unanimite": "Adoptée à l'unanimité ? (o = oui, n = non, vide si le document ne le dit pas)",
    "texte": "Texte de la motion : collez-le ici (puis une ligne « . » pour finir), ou le nom "
             "d'un fichier texte à lire ; vide si vous ne l'avez pas",
}
# Answers most motions share: Entrée accepts them.
DEFAULTS = {"type": "commune", "nature": "motion", "resultat": "adoptee"}
# A file named in answer to « Texte » (a word without spaces, with a path or a text extension);
# anything else typed or pasted there is the text itself.
_FILE_LIKE = re.compile(r"\S+(?:[/\\]\S*|\.(?:txt|md|text|odt|docx?|rtf|pdf))", re.IGNORECASE)


def answer_options(func: F) -> F:
    """One option per question of `petition new` (--type, --code, --date, …)."""
    for name in reversed(QUESTIONS):
        metavar = "N" if name in COUNTS else "AAAA-MM-JJ" if name == "date" else \
            "SIRET" if name == "siret" else "TEXTE"
        label = LABELS[name].removesuffix(" ou nom")  # a name is understood by the prompt only
        func = click.option(f"--{name}", name, metavar=metavar, help=label + ".")(func)
    return func


BACK = "<"
CLEAR = "-"
HINT = (f"(Tapez « {BACK} » pour revenir à la question précédente, « {CLEAR} » pour effacer "
        "une réponse proposée.)")


class Back(Exception):
    """« < » typed: go back to the previous question."""


def ask(name: str, label: str, default: str = "", today: dt.date | None = None) -> str:
    """Ask until the answer is acceptable on its own (the whole motion is checked at the end).
    Entrée keeps the `default` shown; « - » clears it."""
    while True:
        answer = str(click.prompt(label, default=default, show_default=bool(default))).strip()
        if answer == BACK:
            raise Back
        if answer == CLEAR and default:
            answer = ""
        error = check_answer(name, answer, today)
        if not error:
            return canonical(name, answer)
        echo(f"  ✗ {error}", err=True)


def yes(question: str) -> bool:
    while True:
        answer = str(click.prompt(f"{question} (o/n)", default="o", show_default=False)).strip().lower()
        if answer in ("o", "oui", "y", "yes"):
            return True
        if answer in ("n", "non", "no"):
            return False
        echo("  ✗ répondez o (oui) ou n (non)", err=True)


def ask_campaign(repo: Repository) -> str:
    ids = sorted(repo.campaigns)
    for campaign_id in ids:
        echo(f"  {campaign_id} : {repo.campaigns[campaign_id].title}")
    while True:
        answer = str(click.prompt("Campagne", default=ids[-1] if ids else "")).strip()
        if answer in repo.campaigns:
            return answer
        echo(f"  ✗ campagne inconnue : choisissez parmi {', '.join(ids)}", err=True)


def ask_body(ref: Referential, body_type: str, default: str = "") -> Body:
    """Ask for a code (or a name) until the user confirms one body of the referential."""
    while True:
        text = ask("code", LABELS["code"], default)
        found = find_bodies(ref, body_type, text)
        if not found:
            echo(f"  ✗ aucune {TYPE_LABELS[body_type]} ne correspond à « {text} » dans le "
                      "référentiel officiel : vérifiez le code ou tapez le début du nom", err=True)
            continue
        if len(found) == 1:
            echo(f"  → {describe_body(found[0], ref)}")
            if yes("Est-ce bien elle ?"):
                return found[0]
            continue
        for index, body in enumerate(found, 1):
            echo(f"  {index}. {describe_body(body, ref)}")
        choice = str(click.prompt("Numéro (vide pour chercher à nouveau)", default="",
                                  show_default=False)).strip()
        if choice.isdigit() and 1 <= int(choice) <= len(found):
            return found[int(choice) - 1]


def _line() -> str | None:
    """One more line of a text being typed or pasted; None at the end of the input (Ctrl-D)."""
    try:
        return input()
    except EOFError:
        return None


def ask_text(default: str = "") -> str:
    """The full text: pasted or typed here (its lines until one that holds only « . »), read
    from a file named, or none. A pasted text is taken as text, never as a file name."""
    kept = f" [Entrée : garder le texte déjà donné, {len(default)} caractères]" if default else ""
    while True:
        first = str(click.prompt(LABELS["texte"] + kept, default="", show_default=False)).rstrip()
        answer = first.strip()
        if answer == BACK:
            raise Back
        if not answer:
            return default
        if answer == CLEAR:
            return ""
        if answer != "." and _FILE_LIKE.fullmatch(answer):
            text, error = read_text_file(answer)
            if not error:
                echo(f"  → {len(text)} caractères lus dans {answer}")
                return text
            echo(f"  ✗ {error}", err=True)
            continue
        lines = [] if answer == "." else [first]
        echo("  (la suite du texte ; finissez par une ligne qui contient seulement « . »)"
             if lines else "Tapez ou collez le texte ; finissez par une ligne qui contient "
             "seulement « . »")
        while (line := _line()) is not None and line.strip() != ".":
            lines.append(line.rstrip())
        text = "\n".join(lines).strip("\n")
        echo(f"  → texte de {len(text)} caractères")
        return text


def _ask_one(name: str, answers: dict[str, str], ref: Referential, today: dt.date,
             earlier: str | None) -> str:
    """Ask `name`; `earlier` is the answer given before going back to it (the default then)."""
    if name == "code" and not check_answer("type", answers.get("type", "")):
        return ask_body(ref, answers["type"], earlier or "").code
    if name == "instance":
        return ask(name, LABELS[name], earlier if earlier is not None else default_instance(
            ref, answers.get("type", ""), answers.get("code", ""), answers.get("date", "")))
    if name == "texte":
        return ask_text(earlier or "")
    return ask(name, LABELS[name], earlier if earlier is not None else DEFAULTS.get(name, ""),
               today)


def ask_answers(repo: Repository, ref: Referential, given: dict[str, str | None], campaign: str,
                today: dt.date, keep: Callable[[dict[str, str]], None] = lambda _: None
                ) -> dict[str, str]:
    """Every answer: those given (options, or answers kept from an earlier session) checked
    again, the others asked; each one checked as soon as it is given, asked again when it is
    wrong, and handed to `keep` at once (so that nothing typed is lost). « < » goes back to the
    previous question asked, with its answer as the default."""
    # "" is an answer (unknown): kept answers do not ask it again
    answers = {k: canonical(k, v) for k, v in given.items() if v is not None}
    earlier: dict[str, str] = {}
    echo(HINT)
    asked: list[int] = []
    index = 0
    while index < len(ORDER):
        name = ORDER[index]
        if name == "unanimite" and answers.get("resultat", "adoptee") != "adoptee":
            answers.pop(name, None)
            index += 1
            continue
        if name in answers:
            errors, warnings = check_in_context(name, answers, campaign, repo)
            error = check_answer(name, answers[name], today)
            if not error and not errors:
                if name == "code" and answers.get("type"):
                    found = find_bodies(ref, answers["type"], answers["code"])
                    if len(found) == 1:
                        echo(f"Collectivité : {describe_body(found[0], ref)}")
                for warning in warnings:
                    echo(f"  ⚠ {warning}", err=True)
                index += 1
                continue
            for message in [error] if error else errors:
                echo(f"  ✗ {LABELS[name]} : {message}", err=True)
            del answers[name]
        try:
            _ask_checked(name, answers, campaign, repo, ref, today, earlier.get(name))
        except Back:
            answers.pop(name, None)
            if asked:
                index = asked.pop()
                if ORDER[index] in answers:
                    earlier[ORDER[index]] = answers.pop(ORDER[index])
            keep(answers)
            continue
        keep(answers)
        asked.append(index)
        index += 1
    return answers


def _ask_checked(name: str, answers: dict[str, str], campaign: str, repo: Repository,
                 ref: Referential, today: dt.date, earlier: str | None) -> None:
    while True:
        answers[name] = _ask_one(name, answers, ref, today, earlier)
        errors, warnings = check_in_context(name, answers, campaign, repo)
        for message in errors or warnings:
            echo(f"  {'✗' if errors else '⚠'} {message}", err=True)
        if not errors:
            return


def missing(given: dict[str, str | None]) -> list[str]:
    return [f"--{name}" for name in ("campaign", *REQUIRED) if not given.get(name)]


@contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, shown only when stderr is a terminal and `enabled`."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
