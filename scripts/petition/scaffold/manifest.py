"""Which files of this repository make the tool, and which `petition init` writes for each new cause.

`TREE` is read twice: by `petition init` from a clone, and by the build of a wheel, whose
pyproject.toml lists the same patterns as package data of `petition.scaffold.tree` (a test keeps the
two equal), so that an installed `petition` carries everything a new repository needs. The package
itself (scripts/petition) and the schemas (schema/) come from the installed package. Nothing here is
a motion, a campaign, a document or a text of this repository's cause.
"""

from __future__ import annotations

# Patterns relative to the repository's root, as `glob.glob(..., recursive=True)` reads them (`*`
# does not match a name that begins with a dot: name such files explicitly).
TREE = (
    "Makefile",
    "pyproject.toml",
    "uv.lock",
    ".python-version",
    ".gitignore",
    ".pre-commit-hooks.yaml",
    "mkdocs.yml",
    "CONTRIBUTING.md",
    ".ci/run",
    ".github/dependabot.yml",
    ".github/pull_request_template.md",
    ".github/workflows/*.yml",
    ".vscode/*.json",
    ".vscode/*.code-snippets",
    "docs/*.md",
    "tools/*.py",
    "tools/*.js",
    "tools/*.txt",
    "tests/**/*",
)
# Read, never copied: this repository's README, for its table of the commands (the same in every
# repository; the rest of it is this cause's own).
READ_ONLY = ("README.md",)
# Never copied, wherever a pattern would catch them.
SKIPPED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"})
SKIPPED_SUFFIXES = (".pyc", ".pyo")
# Files a new repository gets written for its own cause (`newrepo`), never copied.
GENERATED = ("README.md", "projet.yml", ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/config.yml",
             ".github/ISSUE_TEMPLATE/signaler-motion.yml", "motions/.gitkeep")
# Files that must stay executable (a wheel does not always keep the mode).
EXECUTABLE = frozenset({".ci/run"})
