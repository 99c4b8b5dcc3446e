"""click's own words in French: « Utilisation : », « Option inconnue », « Essayez … pour l'aide »,
« Afficher cette aide et quitter »…

click marks each message it prints with gettext (`_("Usage:")`), bound in each of its modules when
click is imported. `install()` binds those names to this catalogue instead, before any command is
defined (some messages, like a path's kind, are read when an option is declared). It never
depends on the machine's locale. A test compares the catalogue with every message of the
installed click, so an upgrade that brings a new message fails the suite instead of printing
English.

click quotes the names it cites the English way ('--campaign'); the error line turns them into
French quotes (« --campaign ») and a few system reasons click passes on into French.
"""

from __future__ import annotations

import gettext
import re
import sys
from typing import Any

MESSAGES: dict[str, str] = {
    "Aborted!": "Interrompu.",
    "deprecated": "obsolète",
    "Missing command.": "commande manquante.",
    "Options": "Options ",  # click adds the colon: « Options : »
    "Positional arguments": "Arguments ",
    "Commands": "Commandes ",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Avertissement : la commande « {name} » est obsolète.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Avertissement : le paramètre « {name} » est obsolète.{extra_message}",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "Could not determine name for option with declarations {decls!r}":
        "Impossible de nommer l'option déclarée par {decls}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?":
        "Aucune option déclarée mais un nom est donné ({name}) : vouliez-vous déclarer un "
        "argument, ou écrire « --{name} » ?",
    "env var: {var}": "variable d'environnement : {var}",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "(dynamic)": "(calculé)",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Un argument se déclare par un seul nom, {length} donnés : {decls}.",
    "Name '{name}' defined twice": "Nom « {name} » déclaré deux fois",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "L'option booléenne « {decl} » ne peut pas avoir le même nom pour oui et pour non.",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "Missing parameter": "paramètre manquant",
    "Missing parameter: {param_name}": "paramètre manquant : {param_name}",
    "Missing {param_type}": "paramètre manquant ({param_type})",
    "unknown error": "erreur inconnue",
    "Invalid value for {param_hint}: {message}": "valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "valeur invalide : {message}",
    "Could not open file {filename!r}: {message}":
        "impossible d'ouvrir « {filename} » : {message}",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "No such option {name!r}.": "option inconnue « {name} ».",
    "No such command {name!r}.": "commande inconnue « {name} ».",
    "Usage:": "Utilisation :",
    "Invalid start character for option ({option})":
        "Caractère de début invalide pour l'option ({option})",
    "Option {name!r} does not take a value.": "L'option « {name} » ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument « {name} » prend {nargs} valeurs.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "Choice({choices})": "Choix({choices})",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "« {value} » n'est pas une valeur oui/non reconnue (valeurs : {states})",
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide.",
    "{value!r} is not a valid UUID.": "« {value} » n'est pas un identifiant UUID valide.",
    "{name} {filename!r} is a file.": "« {filename} » est un fichier.",
    "{name} {filename!r} is a directory.": "« {filename} » est un dossier.",
    "{name} {filename!r} is not readable.": "« {filename} » : lecture refusée.",
    "{name} {filename!r} is not writable.": "« {filename} » : écriture refusée.",
    "{name} {filename!r} is not executable.": "« {filename} » : exécution refusée.",
    "{name} {filename!r} does not exist.": "« {filename} » introuvable.",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux réponses diffèrent.",
    "Unknown color {colour!r}": "Couleur inconnue « {colour} »",
    "Error: invalid input": "Erreur : réponse invalide",
    "Unknown standard stream '{name}'": "Flux standard inconnu « {name} »",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Version de Bash inconnue : la complétion n'est pas disponible.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "La complétion demande Bash 4.4 ou plus récent.",
}

# (singular, plural) → (French singular, French plural)
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Argument en trop : {args}", "Arguments en trop : {args}"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Attend {nargs} valeurs, 1 seule donnée.", "Attend {nargs} valeurs, {len} données."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Vouliez-vous dire {possibility} ?", "(Vouliez-vous dire : {possibilities} ?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("L'option « {name} » demande une valeur.", "L'option « {name} » demande {nargs} valeurs."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("« {value} » n'est pas le choix possible : {choice}.",
         "« {value} » n'est pas un des choix possibles : {choices}."),
    ("{value!r} does not match the format {format}.",
     "{value!r} does not match the formats {formats}."):
        ("« {value} » ne suit pas le format {format}.",
         "« {value} » ne suit aucun des formats {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} valeurs attendues, {len_value} donnée.",
         "{len_type} valeurs attendues, {len_value} données."),
}

# A name click quotes 'like this' (an option, a metavar, a choice): never an apostrophe inside a
# French word (« l'option », « n'est »), which a letter precedes.
_QUOTED = re.compile(r"(?<![\w'])'([^'\s]{1,200})'(?![\w'])")
# The system reasons click passes on from the OS (a file it could not open).
_REASONS = {"No such file or directory": "fichier ou dossier introuvable",
            "Permission denied": "permission refusée", "Is a directory": "c'est un dossier",
            "Not a directory": "un élément du chemin n'est pas un dossier",
            "Read-only file system": "disque en lecture seule",
            "No space left on device": "disque plein"}


def french_quotes(text: str) -> str:
    """« --campaign » for click's '--campaign'; the OS's English reasons in French."""
    text = _QUOTED.sub(lambda m: f"« {m.group(1)} »", text)
    for english, french in _REASONS.items():
        text = text.replace(english, french)
    return text


class _ErrorLine(str):
    """The template of click's error line: the message it is filled with gets French quotes."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        return french_quotes(super().format(*args, **kwargs))


def translate(message: str) -> str:
    french = MESSAGES.get(message, message)
    return _ErrorLine(french) if message.startswith("Error: ") else french


def translate_plural(singular: str, plural: str, count: int) -> str:
    french = PLURALS.get((singular, plural))
    if french is None:
        return singular if count == 1 else plural
    return french[0] if count == 1 else french[1]


def install() -> None:
    """Bind gettext's names in every click module loaded to the French catalogue."""
    import click  # noqa: F401 - loads click's modules, whose names are rebound below

    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = translate  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = translate_plural  # type: ignore[attr-defined]
