"""The letters of a campaign as files: one per recipient named in the campaign file."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from petition.campaign.sendings import previous_sendings
from petition.core.destinations import Destination, inside
from petition.core.referential import referential
from petition.core.repository import Repository, today_default
from petition.exchange.writer import replace_file
from petition.letters import compose
from petition.letters.compose import Letter
from petition.letters.markdown import render_markdown

FORMATS = ("md", "pdf")


class LetterError(ValueError):
    """A letter cannot be asked for like that (unknown campaign or format): a usage error."""


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise LetterError(f"format « {fmt} » inconnu : choisissez parmi {', '.join(FORMATS)}")


def repository_version(root: Path) -> str | None:
    """The short commit of the repository's data, « + modifications locales » if motions/ differs
    from it; None outside a git work tree or without git."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                  timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return None
    changed = git("status", "--porcelain", "--", "motions")
    return f"{commit} + modifications locales" if changed else commit


def compose_letters(repo: Repository, campaign_id: str, *, today: dt.date | None = None,
                    version: str | None = None) -> list[Letter]:
    """The letters of a campaign, from the repository's valid motions."""
    campaign = repo.campaigns.get(campaign_id)
    if campaign is None:
        known = ", ".join(sorted(repo.campaigns)) or "aucune"
        raise LetterError(f"campagne « {campaign_id} » inconnue (campagnes : {known})")
    day = today or today_default()
    sent = {str(r.get("id")): previous_sendings(repo, campaign_id, str(r.get("id")), day)
            for r in campaign.recipients if isinstance(r, dict)}
    return compose.compose_letters(campaign, repo.valid_motions(), referential(), day, version,
                                   sent, project=repo.project)


def render_letter(letter: Letter, fmt: str) -> bytes:
    """One letter as Markdown (`md`) or PDF (`pdf`), the content of `{letter.file_stem}.{fmt}`."""
    _check_format(fmt)
    if fmt == "md":
        return render_markdown(letter).encode("utf-8")
    from petition.letters.pdf import render_pdf  # fpdf2 is only imported when a PDF is asked for

    return render_pdf(letter)


def render_letters(repo: Repository, campaign_id: str, fmt: str, *,
                   today: dt.date | None = None) -> dict[str, bytes]:
    """File name → content of each letter of the campaign, as Markdown (`md`) or PDF (`pdf`).

    Same data, same day, same repository version → same bytes.
    """
    _check_format(fmt)  # before composing anything
    letters = compose_letters(repo, campaign_id, today=today,
                              version=repository_version(repo.root))
    return {f"{letter.file_stem}.{fmt}": render_letter(letter, fmt) for letter in letters}


def write_letters(files: dict[str, bytes], directory: Destination) -> list[Path]:
    """Write each letter into the checked `directory` (created if needed, never its parents),
    atomically: a reader never sees a half-written letter, and a failure leaves the previous
    version in place."""
    written = []
    targets = [(inside(directory, name), content) for name, content in files.items()]
    for target, content in targets:
        replace_file(target, content)
        written.append(target.path)
    return written
