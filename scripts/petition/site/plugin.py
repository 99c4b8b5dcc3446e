"""The MkDocs plugin `petition`: `mkdocs build` at the repository's root builds the site that
`petition pages` writes, so scripts that build it that way keep working and get the same site.

A few lines around the writer: it writes the site's source into `build/pages` (only what changed),
then points MkDocs at it: its pages, its navigation, its theme templates, its style sheet and
scripts. `mkdocs serve` rebuilds when a motion or a hand-written page changes; the theme's
templates are compiled once per process, not once per build.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import jinja2
import yaml
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from pathspec.gitignore import GitIgnoreSpec

from petition.core.destinations import UnsafePath, WriteError
from petition.core.repository import MOTIONS_DIR, RepositoryError, load_repository, today_default
from petition.site.output import OutputError, write_site
from petition.site.project import ProjectError, project_config
from petition.site.source import CONFIG, DOCS, OVERRIDES, SourceError

log = logging.getLogger("mkdocs.plugins.petition")


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as Jinja compiles them, kept in memory for the next build of the
    process (`mkdocs serve`): Jinja checks each one against its template's source, so a changed
    template is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._compiled.clear()


TEMPLATES = CompiledTemplates()


class PetitionConfig(base.Config):  # type: ignore[no-untyped-call]
    repo = opt.Type(str, default=".")  # the motions repository, relative to mkdocs.yml
    output = opt.Type(str, default="build/pages")  # where the site's source is written, in repo


class PetitionPlugin(BasePlugin[PetitionConfig]):  # type: ignore[no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.repo).resolve()
        folder = self.root / self.config.output
        try:
            repo = load_repository(self.root)
            write_site(repo, folder, today_default(), create=len(Path(self.config.output).parts))
        except (RepositoryError, ProjectError, SourceError, OutputError, UnsafePath,
                WriteError) as exc:
            raise PluginError(f"petition : {exc}") from None
        bad = sorted({p.path for p in repo.errors})
        if bad:
            log.warning("%d fichier(s) de motion en erreur laissé(s) hors du site (premier : %s) : "
                        "lancez « petition validate »", len(bad), bad[0])
        written: dict[str, Any] = yaml.safe_load((folder / CONFIG).read_text("utf-8"))
        config.docs_dir = str(folder / DOCS)
        config.theme.dirs.insert(0, str(folder / OVERRIDES))
        config.nav = written["nav"]
        config.not_in_nav = GitIgnoreSpec.from_lines(written["not_in_nav"].splitlines())
        if written.get("exclude_docs"):
            config.exclude_docs = GitIgnoreSpec.from_lines(written["exclude_docs"].splitlines())
        config.extra_css = written["extra_css"]
        config.extra_javascript = written["extra_javascript"]
        config.edit_uri = ""
        # What names the cause, as the written mkdocs.yml has it from projet.yml.
        config.site_name = written["site_name"]
        config.site_url = written["site_url"]
        config.site_description = written.get("site_description")
        config.repo_url = written.get("repo_url")
        config.repo_name = written.get("repo_name")
        self.watched = [self.root / MOTIONS_DIR, self.root / project_config(self.root).docs_dir]
        return config

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Any) -> jinja2.Environment:
        env.bytecode_cache = TEMPLATES
        return env

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for path in self.watched:
            server.watch(str(path))
        return server
