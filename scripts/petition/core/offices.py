"""Recipients as offices: which title a campaign's recipient bears on a given day.

Offices change (a minister's title changes with each government), so a recipient is a function
with the dated titles it has borne. A letter dated D goes to the title in force at D; when no
recorded title is known to hold at D, to the function's neutral legal phrase; when neither is
recorded, to nobody (the caller says so and stops).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

NEUTRAL_SALUTATION = "Madame, Monsieur"


@dataclass(frozen=True)
class Office:
    """Who a letter dated `day` is addressed to."""

    recipient_id: str
    title: str  # « Ministre de la Santé et de la Prévention », or the neutral function
    salutation: str  # « Monsieur le Ministre », « Madame la Ministre, Monsieur le Ministre »
    holder: str  # the person, only when a source names them; else ""
    address: tuple[str, ...]
    neutral: bool  # True: the function's legal phrase, no exact title recorded for that day
    article: str = ""  # the article the campaign file gives the title (`article`), if any


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def title_in_force(title: dict[str, Any], day: dt.date) -> bool:
    """Whether a recorded title is known to hold on `day`: from `du` (included) to `au`
    (excluded); a title that ended at a date not recorded (`termine`) is known only on its
    first day; without `du`, it holds on every day before `au`."""
    start, end = _day(title.get("du")), _day(title.get("au"))
    if title.get("du") is not None and start is None:
        return False  # an unreadable date (the schema reports it) proves nothing
    if start is not None and day < start:
        return False
    if end is not None:
        return day < end
    if title.get("termine") is True:
        return start is not None and day == start
    return title.get("au") is None


def _article(data: dict[str, Any]) -> str:
    value = data.get("article")
    return value if isinstance(value, str) else ""


def find_recipient(recipients: list[Any], recipient_id: str) -> dict[str, Any] | None:
    return next((r for r in recipients if isinstance(r, dict) and r.get("id") == recipient_id),
                None)


def office_at(recipient: dict[str, Any], day: dt.date) -> Office | None:
    """The office a letter dated `day` goes to: the title in force that day, else the neutral
    function; None when the campaign file records neither."""
    rid = str(recipient.get("id") or "")
    address = tuple(str(line) for line in recipient.get("adresse") or [] if isinstance(line, str))
    neutral_call = str(recipient.get("appel") or NEUTRAL_SALUTATION)
    titles = recipient.get("titres")
    for title in titles if isinstance(titles, list) else []:
        if isinstance(title, dict) and isinstance(title.get("titre"), str) \
                and title_in_force(title, day):
            holder = title.get("titulaire")
            holder = holder if isinstance(holder, str) else ""
            call = title.get("appel") if holder and isinstance(title.get("appel"), str) else None
            return Office(rid, title["titre"], call or neutral_call, holder, address,
                          neutral=False, article=_article(title))
    function = recipient.get("fonction")
    if isinstance(function, str) and function:
        return Office(rid, function, neutral_call, "", address, neutral=True,
                      article=_article(recipient))
    return None


def recipient_office(recipients: list[Any], recipient_id: str, day: dt.date) -> Office | None:
    """Which office (or the neutral function) is in force for recipient `recipient_id` at
    `day`; None when the recipient is unknown or nothing recorded applies."""
    recipient = find_recipient(recipients, recipient_id)
    return office_at(recipient, day) if recipient is not None else None
