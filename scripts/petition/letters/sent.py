"""The letter to one recipient as it leaves on a given day: its PDF, and what it carried (the
office it went to, the figures and the bodies it named), for the record `petition sent` writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from petition.campaign.sendings import letter_figures, previous_sendings
from petition.core.referential import referential
from petition.core.repository import Repository
from petition.figures.stats import campaign_figures
from petition.letters import compose
from petition.letters.render import render_letter, repository_version


@dataclass(frozen=True)
class SentLetter:
    pdf: bytes
    office: str  # the recipient's office on that day (or its neutral function), as recorded
    holder: str | None  # the person, only when the campaign file names one
    figures: dict[str, Any]
    bodies: list[str]  # `type:code` of every body the letter names


def letter_on(repo: Repository, campaign_id: str, recipient: str, day: dt.date) -> SentLetter:
    """The letter to `recipient` dated `day`, from the motions adopted at a session on or before
    that day (a sending recorded a few days late carries what the letter said then). The caller
    has checked that an office is in force for `recipient` that day."""
    campaign = repo.campaigns[campaign_id]
    office = campaign.office_at(recipient, day)
    if office is None:
        raise ValueError(f"no office for {recipient} on {day}")  # check_sendable refuses it first
    # Only this recipient: another one without an office that day must not stop its letter.
    alone = replace(campaign, data={**campaign.data, "destinataires": [
        r for r in campaign.recipients if isinstance(r, dict) and r.get("id") == recipient]})
    ref = referential()
    motions = [m for m in repo.valid_motions()
               if m.campaign == campaign_id and m.date <= day.isoformat()]
    earlier = {recipient: previous_sendings(repo, campaign_id, recipient, day)}
    letter, = compose.compose_letters(alone, motions, ref, day, repository_version(repo.root),
                                      earlier, project=repo.project)
    figures = campaign_figures(campaign, motions, ref)
    bodies = sorted({body.key for m in motions
                     if m.adopted and (body := ref.body(m.body_type, m.code)) is not None})
    counted = any(m.votes_for is not None for m in motions if m.adopted)
    return SentLetter(render_letter(letter, "pdf"), office.title, office.holder or None,
                      letter_figures(figures, counted), bodies)
