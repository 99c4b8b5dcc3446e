"""Every command has French help with an example and is listed in the README."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import ROOT
from petition.__main__ import cli

COMMANDS = sorted(cli.commands)


def test_the_contract_commands_exist() -> None:
    assert {"validate", "stats", "import", "export", "letter", "new"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())  # click rewraps paragraphs
    assert "Exemple" in text
    assert f"petition {name}" in text


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented_in_the_readme(name: str) -> None:
    assert f"`petition {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
