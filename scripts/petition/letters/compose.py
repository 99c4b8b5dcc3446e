"""What a letter says, as data: pure, so the Markdown and PDF renderers say exactly the same thing.

Every string here is final French text (typeset, no markup); the renderers only lay it out and
escape it. Bodies are listed by région, then département; the région council and intercommunalités
spanning several départements are listed at the région level, those spanning several régions last.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from petition.core.model import NATURES, Campaign, Motion, result_word, slugify
from petition.core.offices import Office, office_at
from petition.core.referential import TYPE_LABELS, TYPE_PLURALS, TYPES, Body, Referential, normalize_name
from petition.core.sendings import Sending
from petition.core.statuses import INSTANCES
from petition.core.yamlstrict import line_of
from petition.figures.stats import campaign_figures
from petition.text.french import (
    NNBSP,
    clean,
    date_long,
    enumerate_fr,
    number,
    paragraphs,
    period,
    plural,
    typeset,
)

ANNEX_THRESHOLD = 40  # more bodies than this: a summary by région in the letter, the list annexed
DRAFT = "Projet de lettre"
DRAFT_NOTE = ("Projet de lettre : la campagne n'a pas déclaré d'expéditeur (« expediteur » dans son "
              "fichier campagne.yml). Ce texte ne peut être ni signé ni envoyé en l'état.")
_CODE = re.compile(r"[0-9][0-9AB][0-9]{3}")
SEVERAL_REGIONS = "Intercommunalités s’étendant sur plusieurs régions"


@dataclass(frozen=True)
class Recipient:
    id: str
    title: str  # the exact title in force on the letter's date, or the neutral function
    name: str  # only when a source names the holder
    salutation: str  # « Monsieur le Ministre », « Madame la Ministre, Monsieur le Ministre »
    address: tuple[str, ...]
    neutral: bool = False  # no exact title recorded for the letter's date

    @property
    def addressed(self) -> str:
        """« Monsieur le Ministre de la Santé et de la Prévention » from appel and titre; a
        function addressed to either gender is named by its title alone."""
        calls, titles = self.salutation.split(" "), self.title.split(" ")
        # The longest end of the salutation that begins the title: « … le Ministre » + « Ministre
        # de la Santé », « Madame la Première ministre » + « Première ministre ».
        if "," not in self.salutation:
            for size in range(min(len(calls) - 1, len(titles)), 0, -1):
                if [w.casefold() for w in calls[-size:]] == [w.casefold() for w in titles[:size]]:
                    return " ".join(calls + titles[size:])
        return self.title

    @property
    def to(self) -> str:
        """« à Monsieur le Ministre de … », or « au ministre chargé de la santé »: the legal
        phrase names a minister in the generic masculine, as the texts do."""
        addressed = self.addressed
        if addressed == self.title and self.title.split(" ")[0].casefold() == "ministre":
            return "au " + self.title[0].lower() + self.title[1:]
        return "à " + addressed

    @property
    def block(self) -> tuple[str, ...]:
        """The address block: name and function (or the addressed form), then the address."""
        lines = (self.name, self.title) if self.name else (self.addressed,)
        return lines + self.address


@dataclass(frozen=True)
class Entry:
    """One adopting body and its sessions (« 27 septembre 2023, motion adoptée … »)."""

    name: str
    sessions: tuple[str, ...]

    @property
    def details(self) -> str:
        return f"{NNBSP}; ".join(self.sessions)


@dataclass(frozen=True)
class Group:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Region:
    title: str
    entries: tuple[Entry, ...]  # région council, intercommunalités over several départements
    departements: tuple[Group, ...]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def breakdown(self) -> str:
        return ", ".join(_counts_by_type(self.counts))


@dataclass(frozen=True)
class Letter:
    file_stem: str  # the file name without its extension: `canssm-2023-ministre-sante`
    heading: str  # « Projet de lettre au ministre chargé de la santé »
    draft: bool  # no sender declared: a « projet de lettre », marked on every page
    draft_note: str
    recipient: Recipient
    issued: dt.date  # the day the letter is dated (and the PDF's creation date)
    date: str
    sender: tuple[str, ...]
    subject: str
    attachment: str
    salutation: str
    intro: tuple[str, ...]
    history: tuple[str, ...]  # what earlier letters to the same recipient said, and what changed
    text_lead: str
    text: tuple[str, ...]  # the campaign's common text, quoted
    demands: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]
    list_title: str
    list_note: str
    regions: tuple[Region, ...]
    annexed: bool
    closing: tuple[str, ...]
    signature: tuple[str, ...]
    footer: str
    annex_title: str


def vote_phrase(motion: Motion) -> str:
    """« motion adoptée à l’unanimité (37 pour, 0 contre, 0 abstention) », « vœu adopté »."""
    nature = NATURES.get(motion.nature, "Motion").lower()
    adopted = result_word(motion.nature, True)
    vote = motion.get("vote") or {}
    counts = []
    for key, word, several in (("pour", "pour", "pour"), ("contre", "contre", "contre"),
                               ("abstentions", "abstention", "abstentions")):
        value = vote.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            counts.append(plural(value, word, several))
    absent = vote.get("sans_participation")
    if isinstance(absent, int) and not isinstance(absent, bool) and absent > 0:
        counts.append(f"{number(absent)} ne prenant pas part au vote")
    text = f"{nature} {adopted}"
    if vote.get("unanimite") is True:
        text += " à l’unanimité"
    return text + (f" ({', '.join(counts)})" if counts else "")


def _counts_by_type(counts: dict[str, int]) -> list[str]:
    """« 5 communes », « 1 région »…, in the order of TYPES, without the types counted 0 times."""
    return [plural(counts[t], TYPE_LABELS[t], TYPE_PLURALS[t]) for t in TYPES if counts.get(t)]


def _spanned_departements(body: Body, ref: Referential) -> list[str]:
    return [ref.departement_name(c) for c in sorted(ref.departements_of(body))]


def _display_name(body: Body, ref: Referential) -> str:
    if body.instance and body.instance not in INSTANCES.values():  # Assemblée de Corse…
        return body.nom if body.instance.endswith(body.nom) else f"{body.nom} ({body.instance})"
    if body.type == "arrondissement":
        return f"{body.nom} (conseil d'arrondissement)"
    if body.type == "departement":
        return f"{body.nom} (conseil départemental)"
    if body.type == "region":
        return f"{body.nom} (conseil régional)"
    if body.type == "epci" and body.departement is None:
        return f"{body.nom} ({', '.join(_spanned_departements(body, ref))})"
    return body.nom


def _session(motion: Motion, body: Body) -> str:
    """« 27 septembre 2023, motion « … » adoptée à l’unanimité »: what the body adopted, when."""
    # A merged commune's motion names the old commune; an old code of the same commune does not.
    named = body.former_name and not _CODE.fullmatch(body.former_name)
    former = f" (ancienne commune {body.former_name})" if named else ""
    phrase = vote_phrase(motion)
    objet = motion.get("objet")
    if isinstance(objet, str) and objet.strip():
        nature, _, rest = phrase.partition(" ")
        phrase = f"{nature} « {objet.strip()} » {rest}"
    return typeset(f"{date_long(motion.date)}{former}, {phrase}")


def group_bodies(adopted: Iterable[tuple[Motion, Body]], ref: Referential) -> tuple[Region, ...]:
    """Adopting bodies by région, then département, each with its sessions in date order.

    `adopted`: the adopted motions with the body the referential gives each (a merged commune's
    motion is listed under today's commune)."""
    found: dict[str, tuple[Body, list[tuple[Motion, Body]]]] = {}
    for motion, body in adopted:
        found.setdefault(body.key, (body, []))[1].append((motion, body))
    region_level: dict[str, list[tuple[Body, Entry]]] = defaultdict(list)
    by_dep: dict[str, dict[str, list[tuple[Body, Entry]]]] = defaultdict(lambda: defaultdict(list))
    for body, sessions in found.values():
        sessions.sort(key=lambda mb: (mb[0].date, mb[0].path))
        entry = Entry(typeset(_display_name(body, ref)), tuple(_session(m, b) for m, b in sessions))
        region = body.region or ""
        if body.departement and body.type != "region":
            by_dep[region][body.departement].append((body, entry))
        else:
            region_level[region].append((body, entry))
    order = {t: i for i, t in enumerate(reversed(TYPES))}  # the widest bodies first

    def ordered(items: list[tuple[Body, Entry]]) -> tuple[Entry, ...]:
        items.sort(key=lambda be: (order[be[0].type], normalize_name(be[0].nom), be[0].code))
        return tuple(entry for _, entry in items)

    # Régions by name; intercommunalités spanning several régions (no région code) last.
    codes = sorted(set(region_level) | set(by_dep),
                   key=lambda code: (not code, normalize_name(ref.region_name(code))))
    regions = []
    for code in codes:
        counts = Counter(b.type for b, _ in region_level[code])
        for members in by_dep[code].values():
            counts.update(b.type for b, _ in members)
        groups = tuple(Group(typeset(f"{ref.departement_name(dep)} ({dep})"), ordered(by_dep[code][dep]))
                       for dep in sorted(by_dep[code]))
        title = ref.region_name(code) if code else SEVERAL_REGIONS
        regions.append(Region(typeset(title), ordered(region_level[code]), groups, dict(counts)))
    return tuple(regions)


@dataclass(frozen=True)
class _Voice:
    """The letter speaks as its signatories: « je » for one, « nous » otherwise."""

    single: bool

    def say(self, one: str, several: str) -> str:
        return one if self.single else several


def _intro(count: int, by_type: str, figures: dict[str, Any], title: str, voice: _Voice,
           vintage: str) -> tuple[str, ...]:
    if not count:
        return (typeset("À ce jour, aucune collectivité n'a adopté de texte au titre de la campagne"
                        f" « {title} »."),)
    first, last = figures["premiere_seance"], figures["derniere_seance"]
    when = f"le {date_long(first)}" if first == last else \
        f"entre le {date_long(first)} et le {date_long(last)}"
    who = "qu'une collectivité" if count == 1 else f"que {plural(count, 'collectivité')}"
    population = plural(figures["population_couverte"], "habitant")
    territory = "Le territoire de cette collectivité compte" if count == 1 else \
        "Les territoires de ces collectivités comptent"
    each = "la liste ci-dessous indique le texte adopté" if count == 1 else \
        "la liste ci-dessous indique, pour chacune, le texte adopté"
    return (typeset(f"{voice.say('J’ai', 'Nous avons')} l'honneur de porter à votre connaissance "
                    f"{who} ({by_type}) {'a' if count == 1 else 'ont'} adopté, {when}, un texte "
                    f"relatif à la campagne « {title} » : {each}, la date de la séance et le "
                    "résultat du vote."),
            typeset(f"{territory} {population} ({vintage}), chaque habitant n'étant compté "
                    "qu'une fois."))


def _figures(campaign: Campaign, figures: dict[str, Any], by_type: str,
             counted: int, vintage: str) -> tuple[tuple[str, str], ...]:
    count, adopted = figures["collectivites"], figures["motions_adoptees"]
    votes = number(figures["voix_pour"])
    if not counted:
        votes = "non connues (aucun décompte détaillé)"
    elif counted < adopted:
        votes += f", selon le décompte de {plural(counted, 'délibération')} sur {number(adopted)}"
    first, last = figures["premiere_seance"], figures["derniere_seance"]
    periode = campaign.data.get("periode") or {}
    if first:
        span = f"séance du {date_long(first)}" if first == last else \
            f"séances {period(first, last)}"
    elif periode:
        span = "campagne " + period(periode.get("debut"), periode.get("fin"))
    else:
        span = "—"
    rows = (("Collectivités", number(count) + (f" ({by_type})" if count else "")),
            ("Population des territoires", f"{plural(figures['population_couverte'], 'habitant')}"
                                           f", chacun compté une seule fois ({vintage})"),
            ("Voix pour", votes),
            ("Période", span))
    return tuple((label, typeset(value)) for label, value in rows)


def _recipient(office: Office) -> Recipient:
    return Recipient(clean(office.recipient_id), typeset(office.title), typeset(office.holder),
                     typeset(office.salutation), tuple(typeset(line) for line in office.address),
                     office.neutral)


def _sender(campaign: Campaign) -> tuple[tuple[str, ...], tuple[str, ...], _Voice]:
    """The letterhead, the signature block and the voice, from `expediteur` only."""
    sender = campaign.sender
    if sender is None:
        return (), (), _Voice(single=False)
    head = [sender["nom"], *(line for line in sender.get("adresse") or [] if isinstance(line, str))]
    if isinstance(sender.get("contact"), str):
        head.append(sender["contact"])
    people = [p for p in sender.get("signataires") or [] if isinstance(p, dict)
              and isinstance(p.get("nom"), str)]
    signature = [sender["nom"]]
    for person in people:
        quality = person.get("qualite")
        signature.append(f"{person['nom']}, {quality}" if isinstance(quality, str) else person["nom"])
    return (tuple(typeset(line) for line in head), tuple(typeset(line) for line in signature),
            _Voice(single=len(people) == 1))


def _text_lead(campaign: Campaign, text: tuple[str, ...], demands: tuple[str, ...]) -> str:
    authors = enumerate_fr(campaign.proposed_by)
    by = f" par {authors}" if authors else ""
    if text:
        return typeset(f"Le texte proposé aux conseils{by} est le suivant :")
    if demands:
        return typeset(f"Le texte proposé{by} formule les demandes suivantes :")
    return ""


HISTORY_LIST_LIMIT = ANNEX_THRESHOLD  # beyond it, the bodies added are counted, not named


def history(earlier: Sequence[Sending], who: Recipient, adopted: Iterable[tuple[Motion, Body]],
            ref: Referential, voice: _Voice) -> tuple[str, ...]:
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
        items = [f"{_display_name(body, ref)}, séance du {date_long(date)}" for date, body in added]
        verb = "une collectivité s’ajoute" if len(added) == 1 else \
            f"{plural(len(added), 'collectivité')} s’ajoutent"
        change = f"{since}, {verb} à celles qu’il nommait : {f'{NNBSP}; '.join(items)}."
    return opening, typeset(change)


def compose_letters(campaign: Campaign, motions: list[Motion], ref: Referential, today: dt.date,
                    version: str | None,
                    sent: Mapping[str, Sequence[Sending]] | None = None) -> list[Letter]:
    """The letters of a campaign dated `today`, one per recipient, each to the office in force
    that day: all but the recipient is composed once. `sent`: the letters already sent to each
    recipient before `today`, earliest first, which the new letter recalls.

    Raises NoRecipient when a recipient has no title in force and no function recorded."""
    offices = []
    for index, data in enumerate(campaign.recipients):
        if not isinstance(data, dict):
            continue
        office = office_at(data, today)
        if office is None:
            raise NoRecipient(campaign, index, today)
        offices.append(office)
    mine = [m for m in motions if m.campaign == campaign.id]
    figures = campaign_figures(campaign, mine, ref)
    adopted = [(m, body) for m in mine
               if m.adopted and (body := ref.body(m.body_type, m.code, m.date or None)) is not None]
    count = figures["collectivites"]
    annexed = count > ANNEX_THRESHOLD
    title = typeset(campaign.title)
    by_type = enumerate_fr(_counts_by_type(figures["par_type"]))
    text = tuple(paragraphs(campaign.data.get("texte") or ""))
    demands = tuple(typeset(d) for d in campaign.demands)
    counted = figures["motions_voix_pour_connues"]
    bodies = plural(count, "collectivité")
    stamp = f" (version {version})" if version else ""
    vintage = ref.population_vintage
    footer = (f"Lettre établie le {date_long(today)} à partir des données du dépôt des motions"
              f"{stamp} : {plural(figures['motions_adoptees'], 'motion adoptée', 'motions adoptées')}"
              f" de la campagne « {campaign.id} » ; collectivités et populations selon le "
              f"référentiel officiel {ref.vintage} ({ref.source}), {vintage}.")
    sender, signature, voice = _sender(campaign)
    draft = campaign.sender is None
    intro = _intro(count, by_type, figures, title, voice, vintage)
    rows = _figures(campaign, figures, by_type, counted, vintage)
    list_note = typeset(f"La liste complète des {bodies}, avec le texte adopté, la date de chaque "
                        "séance et le résultat du vote, figure en annexe." if annexed else
                        "" if count else "Aucune collectivité pour l'instant.")
    regions = group_bodies(adopted, ref)
    available = typeset(f"{voice.say('Je reste', 'Nous restons')} à votre disposition pour vous "
                        "transmettre ces délibérations et vous en entretenir.")
    listing = "Les collectivités et les textes adoptés"
    letters = []
    for who in (_recipient(office) for office in offices):
        kind = DRAFT if draft else "Lettre"
        letters.append(Letter(
            file_stem=slugify(f"{campaign.id}-{who.id or 'destinataire'}") or "lettre",
            heading=typeset(f"{kind} {who.to}"),
            draft=draft,
            draft_note=typeset(DRAFT_NOTE) if draft else "",
            recipient=who,
            issued=today,
            date=f"Le {date_long(today)}",
            sender=sender,
            subject=title,
            attachment=f"liste des {bodies} et des textes adoptés (annexe)" if annexed else "",
            salutation=f"{who.salutation},",
            intro=intro,
            history=history((sent or {}).get(who.id, ()), who, adopted, ref, voice),
            text_lead=_text_lead(campaign, text, demands),
            text=text,
            demands=demands,
            figures=rows,
            list_title="Répartition par région" if annexed else listing,
            list_note=list_note,
            regions=regions,
            annexed=annexed,
            closing=(available,
                     typeset(f"{voice.say('Je vous prie', 'Nous vous prions')} d'agréer, "
                             f"{who.salutation}, l'expression de {voice.say('ma', 'notre')} très "
                             "haute considération.")),
            signature=signature,
            footer=typeset(footer),
            annex_title=typeset(f"Annexe : les {bodies} et les textes adoptés"),
        ))
    return letters


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
