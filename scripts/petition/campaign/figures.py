"""The figures of `petition stats`, with what a campaign's own files add to the motions' figures:
its targets (`cibles`), its recipients and sendings (`destinataires`, `envois`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from petition.campaign.sendings import add_sending_figures
from petition.campaign.targets import progress
from petition.core.referential import Referential, referential
from petition.core.repository import Repository
from petition.figures.stats import all_figures


def campaign_stats(repo: Repository, today: dt.date, only: str | None = None,
                   ref: Referential | None = None) -> dict[str, Any]:
    """Exactly what `petition stats --format json` prints (the site shows the same)."""
    ref = ref or referential()
    motions = repo.valid_motions()
    figures = all_figures(repo.campaigns, motions, only=only, ref=ref)
    for numbers in figures["campagnes"]:
        targets = repo.targets.get(numbers["id"])
        if targets is not None and targets.targets:
            numbers["cibles"] = progress(targets, motions, ref).figures()
    return add_sending_figures(repo, figures, today)
