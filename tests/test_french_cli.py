"""Every word the command line prints is French, click's own included (« Utilisation : »,
« option inconnue », « Essayez … pour l'aide », « Afficher cette aide et quitter »)."""

from __future__ import annotations

import ast
import inspect
import re
import sys
from collections.abc import Iterator
from typing import Any

import click
import pytest
from click.testing import CliRunner

from petition.__main__ import cli
from petition.cli.french import MESSAGES, PLURALS, french_quotes

# Words of click's English messages and metavars that are not French words.
ENGLISH = frozenset({
    "usage", "try", "error", "errors", "such", "missing", "show", "exit", "help", "the", "this",
    "for", "and", "invalid", "value", "values", "not", "does", "exist", "one", "of", "choose",
    "from", "is", "got", "unexpected", "extra", "requires", "command", "commands", "args", "paths",
    "path", "file", "files", "directory", "integer", "filename", "aborted", "did", "you", "mean",
    "takes", "given", "was", "were", "must", "be", "iterable", "dynamic", "env", "var", "default",
    "required", "positional", "unknown", "no", "or", "to", "with", "by", "if", "in", "at",
    "boolean", "float", "uuid", "string", "option's", "an", "please", "abort", "enter",
})


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    yield path, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = list(_commands(cli))


def english_words(text: str) -> list[str]:
    """The English words of `text`, leaving out what is not prose: options (--no-input), command
    names (from-issue), paths, addresses and variables (GITHUB_EVENT_PATH)."""
    found = []
    for token in re.split(r"[\s,;:()\[\]|«»\"…]+", text):
        token = token.strip("'.")
        if not token or token.startswith(("-", "$")) or any(c in token for c in "_/=@.") \
                or token in cli.commands:
            continue
        found += [w for w in re.findall(r"[A-Za-z']+", token) if w.lower().strip("'") in ENGLISH]
    return found


def _value_option(command: click.Command) -> str | None:
    """An option of `command` that takes a value (to be given without one)."""
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            return param.opts[-1]
    return None


def _invocations() -> Iterator[tuple[str, ...]]:
    for path, command in COMMANDS:
        yield (*path, "--help")
        yield (*path, "--nimportequoi")
        if any(p.required for p in command.params):
            yield path  # a missing argument or option
        option = _value_option(command)
        if option is not None:
            yield (*path, option)  # an option without its value


@pytest.mark.parametrize("args", list(_invocations()), ids=" ".join)
def test_no_english_in_help_and_usage_errors(args: tuple[str, ...], tmp_path: object) -> None:
    result = CliRunner().invoke(cli, ["--repo", str(tmp_path), *args])
    assert result.exit_code in (0, 2), result.output
    assert result.output.strip()
    assert english_words(result.output) == [], result.output


class _Runner(CliRunner):
    def invoke(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        return super().invoke(*args, prog_name="petition", **kwargs)  # type: ignore[arg-type]


def test_the_usual_mistakes_read_in_french() -> None:
    runner: Any = _Runner()
    unknown = runner.invoke(cli, ["validate", "--bogus"])
    assert unknown.exit_code == 2
    assert unknown.output == ("Utilisation : petition validate [OPTIONS] [FICHIER]...\n"
                              "Essayez « petition validate --help » pour l'aide.\n\n"
                              "Erreur : option inconnue « --bogus ».\n")
    missing = runner.invoke(cli, ["kit"])
    assert missing.output.endswith("Erreur : option manquante « --campaign ».\n")
    argument = runner.invoke(cli, ["from-issue"])
    assert argument.output.endswith("Erreur : argument manquant « EVENEMENT.json ».\n")
    choice = runner.invoke(cli, ["stats", "--format", "xml"])
    assert choice.output.endswith("Erreur : valeur invalide pour « --format » : « xml » n'est pas "
                                  "un des choix possibles : « text », « json », « csv ».\n")
    helped = runner.invoke(cli, ["--help"])
    assert helped.output.startswith("Utilisation : petition [OPTIONS] COMMANDE [ARGUMENTS]...\n")
    assert "  -h, --help          Afficher cette aide et quitter.\n" in helped.output
    assert "\nOptions :\n" in helped.output and "\nCommandes :\n" in helped.output
    validate = runner.invoke(cli, ["validate", "--help"])
    assert "[par défaut : text]" in " ".join(validate.output.split())


def test_the_catalogue_covers_every_message_of_the_installed_click() -> None:
    """An upgrade of click that brings a new message fails here, not in front of a user."""
    singles, plurals = set(), set()
    for name, module in sorted(sys.modules.items()):
        if not (name == "click" or name.startswith("click.")) or name.startswith("click._win"):
            continue
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)
                     and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                singles.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                plurals.add((texts[0], texts[1]))
    assert singles and plurals
    assert sorted(singles - set(MESSAGES)) == []
    assert sorted(plurals - set(PLURALS)) == []


def test_french_quotes_leave_french_apostrophes_alone() -> None:
    assert french_quotes("l'option '--format' n'est pas 'text'") == \
        "l'option « --format » n'est pas « text »"
    assert french_quotes("No such file or directory") == "fichier ou dossier introuvable"


def test_the_detector_sees_click_s_english() -> None:
    assert english_words("Usage: petition [OPTIONS] COMMAND [ARGS]...\nTry 'petition -h' for "
                         "help.\n\nError: No such option '--x'. Show this message and exit.") == [
        "Usage", "COMMAND", "ARGS", "Try", "for", "help", "Error", "No", "such", "Show", "this",
        "and", "exit"]
    assert english_words("Erreur : option inconnue « --no-input » (from-issue, $GITHUB_PATH).") \
        == []
