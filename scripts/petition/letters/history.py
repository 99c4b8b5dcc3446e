"""What a letter recalls of the earlier letters sent to the same recipient, and the voice it speaks
in (« je » for one signatory, « nous » otherwise)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from petition.core.model import Motion
from petition.core.referential import Body, Referential, normalize_name
from petition.core.sendingfiles import Sending
from petition.letters.bodies import ANNEX_THRESHOLD, display_name
from petition.letters.recipient import Recipient
from petition.text.french import NNBSP, date_long, enumerate_fr, plural, typeset

HISTORY_LIST_LIMIT = ANNEX_THRESHOLD  # beyond it, the bodies added are counted, not named


@dataclass(frozen=True)
class Voice:
    """The letter speaks as its signatories: « je » for one, « nous » otherwise."""

    single: bool

    def say(self, one: str, several: str) -> str:
        return one if self.single else several


def history(earlier: Sequence[Sending], who: Recipient, adopted: Iterable[tuple[Motion, Body]],
            ref: Referential, voice: Voice) -> tuple[str, ...]:
    """The paragraphs recalling the earlier letters sent to the same recipient (earliest first),
    and the bodies added since the last one: those the letter names that it did not."""
    if not earlier:
        return ()
    last = earlier[-1]
    our = voice.say("mon", "notre")
    then = f"{our} courrier du {date_long(last.date)}"
    office = typeset(last.office)
    # The office changed since (a new government): say to whom that letter went.
    sent_to = f" (destinataire alors : {office})" if office and office != who.title else ""
    before = [s.date for s in earlier[:-1]]
    earlier_ones = voice.say("mon courrier précédent", "notre courrier précédent") \
        if len(before) == 1 else voice.say("mes courriers précédents", "nos courriers précédents")
    others = f" et à {earlier_ones} " + enumerate_fr([f"du {date_long(d)}" for d in before]) \
        if before else ""
    named = set(last.bodies)
    first_session: dict[str, tuple[str, Body]] = {}
    for motion, body in adopted:
        if body.key not in named:
            known = first_session.get(body.key)
            if known is None or motion.date < known[0]:
                first_session[body.key] = (motion.date, body)
    added = sorted(first_session.values(), key=lambda db: (db[0], normalize_name(db[1].nom)))
    opening = typeset(f"Le présent courrier fait suite à {then}{sent_to}{others}.")
    since = "Depuis ce courrier"
    if not added:
        change = f"{since}, aucune collectivité ne s’est ajoutée à celles qu’il nommait."
    elif len(added) > HISTORY_LIST_LIMIT:
        change = (f"{since}, {plural(len(added), 'collectivité')} s’ajoutent à celles qu’il "
                  "nommait ; elles figurent dans la liste ci-dessous.")
    else:
        items = [f"{display_name(body, ref)}, séance du {date_long(date)}" for date, body in added]
        verb = "une collectivité s’ajoute" if len(added) == 1 else \
            f"{plural(len(added), 'collectivité')} s’ajoutent"
        change = f"{since}, {verb} à celles qu’il nommait : {f'{NNBSP}; '.join(items)}."
    return opening, typeset(change)
