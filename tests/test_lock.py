"""Every fresh clone installs the same code: uv.lock pins every dependency with its hash, agrees
with pyproject.toml, and is what every entry point installs from."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def uv() -> str:
    found = ROOT / ".tools" / "bin" / "uv"
    if found.is_file():
        return str(found)
    on_path = shutil.which("uv")
    if on_path is None:  # pragma: no cover - `make test` always installs it first
        pytest.fail("uv introuvable : lancez les tests par `make test`")
    return on_path


def lock_check(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_OFFLINE": "1"}
    return subprocess.run([uv(), "lock", "--check", "--offline", "--directory", str(folder)],
                          capture_output=True, text=True, env=env, check=False)


def test_lock_agrees_with_pyproject() -> None:
    result = lock_check(ROOT)
    assert result.returncode == 0, result.stderr


def test_lock_check_fails_when_pyproject_moves(tmp_path: Path) -> None:
    shutil.copy(ROOT / "uv.lock", tmp_path / "uv.lock")
    shutil.copy(ROOT / ".python-version", tmp_path / ".python-version")
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    moved = pyproject.replace('"rich>=13",', '"rich>=13",\n  "requests>=2",')
    assert moved != pyproject
    (tmp_path / "pyproject.toml").write_text(moved, "utf-8")
    assert lock_check(tmp_path).returncode != 0


def test_every_locked_package_is_pinned_with_hashes() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text("utf-8"))
    packages = lock["package"]
    assert len(packages) > 50
    for package in packages:
        if package["source"].get("editable") or package["source"].get("virtual"):
            continue  # the project itself
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", package["version"]), package["name"]
        files = [package.get("sdist"), *package.get("wheels", [])]
        files = [f for f in files if f]
        assert files, package["name"]
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", f["hash"]) for f in files), package["name"]


def test_python_version_is_pinned_in_agreement() -> None:
    pinned = (ROOT / ".python-version").read_text("utf-8").strip()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["requires-python"]
    assert requires == ">=3.11"
    assert pinned == "3.11"


def test_site_and_test_installs_are_separate() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    runtime = " ".join(project["project"]["dependencies"])
    for tool in ("pytest", "playwright", "ruff", "mypy", "validata-core", "hypothesis"):
        assert tool not in runtime
        assert any(dep.startswith(tool) for dep in project["dependency-groups"]["test"])
    assert project["tool"]["uv"]["default-groups"] == []
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "$(UV) sync --locked --inexact --quiet" in makefile  # make site: the site's set
    assert "$(UV) sync --locked --group test --quiet" in makefile  # make test: plus the tools
    assert "--require-hashes" in makefile  # uv itself, by hash


def test_uv_itself_is_pinned_by_hash() -> None:
    lines = (ROOT / "tools" / "uv-requirements.txt").read_text("utf-8")
    assert re.search(r"^uv==\d+\.\d+\.\d+ \\$", lines, re.MULTILINE)
    assert len(re.findall(r"--hash=sha256:[0-9a-f]{64}", lines)) >= 4
