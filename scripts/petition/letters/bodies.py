"""The adopting bodies as a letter lists them: by région, then département, each with its sessions
(« 27 septembre 2023, motion « … » adoptée à l’unanimité »). The région council and
intercommunalités spanning several départements are listed at the région level, those spanning
several régions last. Every string is final French text (typeset, no markup)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from petition.core.model import NATURES, Motion
from petition.core.referential import TYPE_LABELS, TYPE_PLURALS, TYPES, Body, Referential, normalize_name
from petition.core.statuses import INSTANCES
from petition.core.vintages import dated_name
from petition.text.french import NNBSP, date_long, number, plural, typeset

ANNEX_THRESHOLD = 40  # more bodies than this: a summary by région in the letter, the list annexed
_CODE = re.compile(r"[0-9][0-9AB][0-9]{3}")
SEVERAL_REGIONS = "Intercommunalités s’étendant sur plusieurs régions"


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
        return ", ".join(counts_by_type(self.counts))


def vote_phrase(motion: Motion) -> str:
    """« motion adoptée à l’unanimité (37 pour, 0 contre, 0 abstention) », « vœu adopté »."""
    nature = NATURES.get(motion.nature, "Motion").lower()
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
    text = f"{nature} {motion.result}"  # « adoptée par la voix prépondérante du président »
    if vote.get("unanimite") is True:
        text += " à l’unanimité"
    return text + (f" ({', '.join(counts)})" if counts else "")


def counts_by_type(counts: dict[str, int]) -> list[str]:
    """« 5 communes », « 1 région »…, in the order of TYPES, without the types counted 0 times."""
    return [plural(counts[t], TYPE_LABELS[t], TYPE_PLURALS[t]) for t in TYPES if counts.get(t)]


# The council named after the body's name, where the name alone would be ambiguous (« Nord » the
# département or the commune, « Paris 13e Arrondissement » the arrondissement or the city).
_COUNCILS = {"arrondissement": "conseil d'arrondissement", "departement": "conseil départemental",
             "region": "conseil régional"}


def display_name(body: Body, ref: Referential) -> str:
    """« Lens », « Nord (conseil départemental) », « CC Sud-Artois (Nord, Pas-de-Calais) »,
    « Huby-Saint-Leu, aujourd'hui Hesdin-la-Forêt » (a commune before its merger)."""
    if body.today or body.until:
        return dated_name(ref, body)
    if body.instance and body.instance not in INSTANCES.values():  # Assemblée de Corse…
        return body.nom if body.instance.endswith(body.nom) else f"{body.nom} ({body.instance})"
    if body.type in _COUNCILS:
        return f"{body.nom} ({_COUNCILS[body.type]})"
    if body.type == "epci" and body.departement is None:
        spanned = [ref.departement_name(c) for c in sorted(ref.departements_of(body))]
        return f"{body.nom} ({', '.join(spanned)})"
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
    # A deliberation whose document the repository does not hold is read where it is published.
    url = "" if motion.has_documents else document_url(motion)
    where = f" (à lire sur {url})" if url else ""
    return typeset(f"{date_long(motion.date)}{former}, {phrase}") + where


def document_url(motion: Motion) -> str:
    """The first web address of the motion's document, "" when none is recorded."""
    sources = motion.data.get("sources")
    for source in sources if isinstance(sources, list) else ():
        url = source.get("url") if isinstance(source, dict) else None
        if isinstance(url, str) and url:
            return url
    return ""


def availability(motions: list[Motion], say: Callable[[str, str], str]) -> str:
    """What the letter offers about the deliberations themselves: to send those whose document
    the repository holds, and where the others are published; never a document it does not
    have. `say(singular, plural)` picks the sender's voice."""
    held = sum(m.has_documents for m in motions)
    online = sum(not m.has_documents and bool(document_url(m)) for m in motions)
    talk = f"{say('Je reste', 'Nous restons')} à votre disposition pour "
    if motions and held == len(motions):
        text = talk + "vous transmettre ces délibérations et vous en entretenir."
    elif held:
        text = (talk + f"vous transmettre {plural(held, 'délibération')} dont "
                f"{say('je détiens', 'nous détenons')} le document, et pour vous en entretenir.")
    else:
        text = talk + "vous en entretenir."
    if online and online == len(motions) - held:
        text += (" Les autres" if held else " Ces délibérations") + " se lisent à l'adresse " \
            "indiquée pour chacune dans la liste."
    elif online:
        text += " Celles qui sont publiées en ligne se lisent à l'adresse indiquée dans la liste."
    return typeset(text)


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
        entry = Entry(typeset(display_name(body, ref)), tuple(_session(m, b) for m, b in sessions))
        # A collectivité d'outre-mer has no région: it stands as its own, under its own name.
        region = body.region or (body.code if body.type == "com" else "")
        if body.departement and body.type not in ("region", "com"):
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
