"""The package reads as the data flows: each stage imports only stages below it (from the import graph,
read with ast, so a lazy import inside a function counts too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "petition"

# Lower numbers are lower floors; a stage may import its own modules and stages of a lower number.
RANK = {
    "text": 0, "core": 0, "data": 0, "schema": 0,
    "figures": 1, "exchange": 1,
    "campaign": 2, "intake": 2,
    "letters": 3, "scaffold": 3,
    "site": 4,
    "cli": 5, "__main__": 6,
}


def stage_of(module: str) -> str:
    parts = module.split(".")
    assert parts[0] == "petition", module
    return parts[1] if len(parts) > 1 else "petition"


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str | None = None) -> set[str]:
    """Every petition module `path` imports; `name` is its dotted name (default: from its place)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = (name or module_name(path)).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("petition"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("petition"):
                continue
            if target == "petition" or target.count(".") == 1:  # `from petition.x import module`
                found.update(f"{target}.{a.name}" if target == "petition" else target for a in node.names)
            else:
                found.add(target)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts[:1])


def test_every_module_is_in_a_stage() -> None:
    for path in MODULES:
        name = module_name(path)
        if name == "petition":
            continue
        assert stage_of(name) in RANK, f"{path}: stage inconnu, ajoutez-le à RANK"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_stage_imports_a_higher_or_sibling_stage(path: Path) -> None:
    name = module_name(path)
    if name == "petition":
        return
    assert violations(path, name) == []


def violations(path: Path, name: str) -> list[str]:
    own = stage_of(name)
    return [target for target in sorted(imports_of(path, name))
            if stage_of(target) != own and RANK.get(stage_of(target), 99) >= RANK[own]]


def test_the_rule_sees_a_lazy_relative_import_of_a_higher_stage(tmp_path: Path) -> None:
    source = (PACKAGE / "core" / "model.py").read_text("utf-8")
    fake = tmp_path / "model.py"
    fake.write_text(source + "\n\ndef _bad() -> None:\n    from ..site import layout\n", "utf-8")
    assert violations(fake, "petition.core.model") == ["petition.site"]
    fake.write_text(source + "\n\ndef _bad() -> None:\n    from petition.figures import stats\n", "utf-8")
    assert violations(fake, "petition.core.model") == ["petition.figures"]


def test_cli_modules_stay_small() -> None:
    for path in (PACKAGE / "cli").glob("*.py"):
        assert len(path.read_text("utf-8").splitlines()) <= 300, path
    assert len((PACKAGE / "__main__.py").read_text("utf-8").splitlines()) <= 40
