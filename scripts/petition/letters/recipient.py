"""To whom a letter goes: the office in force on the letter's date, as the letter names it (its
title, salutation, address block), and the error when a recipient has neither title nor function."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from petition.core.addressing import addressed, to_phrase
from petition.core.model import Campaign
from petition.core.offices import Office
from petition.core.yamlstrict import line_of
from petition.text.french import clean, date_long, typeset


@dataclass(frozen=True)
class Recipient:
    id: str
    title: str  # the exact title in force on the letter's date, or the neutral function
    name: str  # only when a source names the holder
    salutation: str  # « Monsieur le Ministre », « Madame la Ministre, Monsieur le Ministre »
    address: tuple[str, ...]
    neutral: bool = False  # no exact title recorded for the letter's date
    article: str = ""  # the article the campaign file gives the title, if any

    @property
    def addressed(self) -> str:
        """« Monsieur le Ministre de la Santé et de la Prévention » from appel and titre; a
        function addressed to either gender is named by its title alone."""
        return addressed(self.salutation, self.title)

    @property
    def to(self) -> str:
        """« à Monsieur le Préfet de … », « au directeur général de l'ARS » (`addressing`)."""
        return to_phrase(self.salutation, self.title, self.article or None)

    @property
    def block(self) -> tuple[str, ...]:
        """The address block: name and function (or the addressed form), then the address."""
        lines = (self.name, self.title) if self.name else (self.addressed,)
        return lines + self.address


def recipient_of(office: Office) -> Recipient:
    return Recipient(clean(office.recipient_id), typeset(office.title), typeset(office.holder),
                     typeset(office.salutation), tuple(typeset(line) for line in office.address),
                     office.neutral, office.article)


class NoRecipient(ValueError):
    """A recipient has, on the letter's date, neither a title in force nor a function."""

    def __init__(self, campaign: Campaign, index: int, day: dt.date) -> None:
        recipient = campaign.recipients[index]
        line = line_of(campaign.lines, ("destinataires", index))
        super().__init__(
            f"{campaign.path}:{line}: destinataire « {recipient.get('id')} » : aucun titre en "
            f"vigueur le {date_long(day)} et aucune « fonction » enregistrée, la lettre ne peut "
            "être adressée à personne ; ajoutez le titre de ce jour-là dans « titres » (avec "
            "« du » et « au ») ou la formule neutre dans « fonction » (par exemple « Ministre "
            "chargé de la santé »)")
