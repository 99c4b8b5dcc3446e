"""The letter to one recipient as it leaves on a given day: its PDF, and what it carried (the
figures and the bodies it named), for the record `petition sent` writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from petition.campaign.sendings import letter_figures
from petition.core.referential import referential
from petition.core.repository import Repository
from petition.figures.stats import campaign_figures
from petition.letters import compose
from petition.letters.render import render_letter, repository_version


@dataclass(frozen=True)
class SentLetter:
    pdf: bytes
    office: str  # the recipient's office on that day, as the letter addresses it
    holder: str | None  # the person, when the campaign names one
    figures: dict[str, Any]
    bodies: list[str]  # `type:code` of every body the letter names


def letter_on(repo: Repository, campaign_id: str, recipient: str, day: dt.date) -> SentLetter:
    """The letter to `recipient` dated `day`, from the motions adopted at a session on or before
    that day (a sending recorded a few days late carries what the letter said then)."""
    campaign = repo.campaigns[campaign_id]
    ref = referential()
    motions = [m for m in repo.valid_motions() if m.campaign == campaign_id and m.date <= day.isoformat()]
    letters = compose.compose_letters(campaign, motions, ref, day, repository_version(repo.root))
    letter = next(lt for lt in letters if lt.recipient.id == recipient)
    figures = campaign_figures(campaign, motions, ref)
    bodies = sorted({body.key for m in motions
                     if m.adopted and (body := ref.body(m.body_type, m.code)) is not None})
    counted = any(m.votes_for is not None for m in motions if m.adopted)
    return SentLetter(render_letter(letter, "pdf"), letter.recipient.title,
                      letter.recipient.name or None, letter_figures(figures, counted), bodies)
