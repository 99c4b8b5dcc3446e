"""Whether a commune's or an intercommunalité's council sat on a motion's session date, said in
French: the one judgement validation, `petition import`, `petition new` and the issue form share
(through `checks.check_sitting`), from the history of communes and EPCI (`history`).

A commune déléguée or associée after its merger has no conseil municipal: its « motion » is refused,
naming the commune whose council deliberates. Before its merger, it is a real commune: the
referential gives its own name and population (`Referential.body` with a date). Where the releases
leave the date uncertain, a warning says what they show.
"""

from __future__ import annotations

from petition.core.history import BEFORE_FIRST, GONE, NEW, NO_RELEASE, NOT_YET, Doubt, Verdict
from petition.core.problems import ERROR, WARNING
from petition.core.referential import Body, Referential, french_day, normalize_name

COG = "Code officiel géographique"
# Each source with its article, and the pronoun that stands for it.
COG_SOURCE = (f"le {COG}", "celui")
LIST_SOURCE = ("la liste des EPCI à fiscalité propre de la DGCL", "celle")
Judgement = tuple[str, str]  # (level, French message)


def judge(ref: Referential, type_: str, code: str, date: str) -> list[Judgement]:
    """What the history says of that council on `date` (ISO): errors when it did not sit,
    warnings when the releases cannot tell."""
    if type_ == "commune":
        verdict = ref.history.commune(code, date)
        return _commune(ref, verdict, date) if verdict is not None else []
    if type_ == "epci":
        verdict = ref.history.epci(code, date)
        return _epci(ref, verdict, date) if verdict is not None else []
    return []


def later_name(ref: Referential, type_: str, code: str, name: str, date: str) -> str | None:
    """The message for a commune named, on a date before it existed under that name, as the
    commune its code names today (« Hesdin-la-Forêt » in 2023, when 62447 was Hesdin)."""
    body = ref.body(type_, code, date)
    today = ref.body(type_, code)
    if body is None or today is None or not body.until or \
            normalize_name(name) != normalize_name(today.nom):
        return None
    periods = ref.history.periods(code)
    start = periods[-1].start if periods and periods[-1].current else None
    since = _when(start) if start else "aujourd'hui"
    return (f"« {today.nom} » est le nom de la commune {code} {since} : le {french_day(date)}, "
            f"c'était la commune « {body.nom} », qui a son propre conseil et sa propre population ; "
            f"indiquez le nom « {body.nom} »")


def _when(bound: str) -> str:
    """« depuis le 27 février 2000 », « depuis le 1er janvier 2025 au plus tard (Code officiel
    géographique 2025) »: a year is the first release that shows the change."""
    if len(bound) == 4:
        return f"depuis le 1er janvier {bound} au plus tard ({COG} {bound})"
    return f"depuis le {french_day(bound)}"


def _named(ref: Referential, code: str, date: str) -> str:
    body = ref.body("commune", code, date)
    return f"{body.nom} (commune {code})" if body is not None else f"la commune {code}"


def _status(ref: Referential, code: str, instead: str | None, date: str) -> str:
    """What the commune is now: « commune associée de Lille »."""
    kind = ref.former_kind(code)
    target = ref.body("commune", instead, date) if instead else None
    where = target.nom if target is not None else instead or "une autre commune"
    if kind == "commune-associee":
        return f"elle est commune associée de {where}"
    if kind == "commune-deleguee":
        return f"elle est commune déléguée de {where}"
    return f"son territoire fait partie de {where}"


def _commune(ref: Referential, verdict: Verdict, date: str) -> list[Judgement]:
    period, day = verdict.period, french_day(date)
    named = f"« {period.nom} » (commune {period.code})"
    if verdict.state == GONE and period.end is not None:
        instead = verdict.instead
        first = ref.history.cog_years[0]
        when = f"avant le 1er janvier {first} (plus ancien {COG} utilisé ici)" \
            if period.end == str(first) else _when(period.end)
        text = (f"{named} n'a plus de conseil municipal {when} : "
                f"{_status(ref, period.code, instead, date)}")
        if instead:
            target = ref.body("commune", instead, date)
            nom = target.nom if target is not None else instead
            text += (f" ; le {day}, c'est le conseil municipal de {nom} (commune {instead}) qui "
                     f"délibère : indiquez le code « {instead} » et le nom « {nom} »")
        return [(ERROR, text)]
    if verdict.state == NOT_YET:
        when = _when(period.start or "")
        return [(ERROR, f"{named} n'existait pas encore le {day} : elle existe {when} ; avant, "
                        "son territoire relevait d'une ou plusieurs autres communes, dont le "
                        "conseil délibérait")]
    return _doubt(ref, named, verdict.doubt, date, COG_SOURCE, period.successor)


def _epci(ref: Referential, verdict: Verdict, date: str) -> list[Judgement]:
    period, day = verdict.period, french_day(date)
    named = f"« {period.nom} » (EPCI {period.code})"
    if verdict.state == NOT_YET:
        years = [y for y in ref.history.epci_years if y < int(period.start or "0")]
        absent = f"absente de {LIST_SOURCE[0]} au 1er janvier {years[-1]}, " if years else ""
        return [(ERROR, f"{named} n'existait pas encore le {day} : {absent}elle n'y figure qu'à "
                        f"partir du 1er janvier {period.start} ; vérifiez la date ou le SIREN")]
    if verdict.state == GONE:
        now = ", ".join(f"{b.nom} (EPCI {b.code})" for b in _heirs(ref, period.code))
        text = f"{named} n'existe plus le {day} : elle n'est plus dans {LIST_SOURCE[0]} au 1er " \
            f"janvier {period.end}"
        if now:
            text += f" ; ses communes relèvent aujourd'hui de : {now} ; indiquez le SIREN de " \
                "l'intercommunalité qui a délibéré"
        return [(ERROR, text)]
    return _doubt(ref, named, verdict.doubt, date, LIST_SOURCE, None)


def _heirs(ref: Referential, siren: str) -> list[Body]:
    """Today's EPCI of the communes a gone EPCI had in its last list."""
    history = ref.history
    today = {history.deliberating(code, "9999-12-31") for code in history.last_members(siren)}
    found = sorted({epci for code, _, _, epci in ref.communes_with_epci() if code in today and epci})
    return [b for b in (ref.body("epci", s) for s in found) if b is not None]


def _doubt(ref: Referential, named: str, doubt: Doubt | None, date: str,
           source: tuple[str, str], successor: str | None) -> list[Judgement]:
    if doubt is None:
        return []
    day = french_day(date)
    if doubt.kind == NEW:
        absent = f"absente de {source[1]} du 1er janvier {doubt.before}" if doubt.before else \
            "absente des plus anciens"
        return [(WARNING, f"{named} ne figure dans {source[0]} qu'à partir du 1er janvier "
                          f"{doubt.after} ({absent}) : vérifiez qu'elle existait le {day}")]
    heir = _named(ref, ref.history.deliberating(successor, date) or successor, date) \
        if successor else "une autre commune"
    if doubt.kind == BEFORE_FIRST:
        return [(WARNING, f"{named} n'est plus une commune au 1er janvier {doubt.after} (plus "
                          f"ancien {COG} utilisé ici) mais une partie de {heir}, depuis une date "
                          f"que ces référentiels ne donnent pas : vérifiez qu'elle avait encore "
                          f"son conseil municipal le {day}")]
    if doubt.kind == NO_RELEASE:
        return [(WARNING, f"{named} figure dans le {COG} du 1er janvier {doubt.before}, plus dans "
                          f"celui du 1er janvier {doubt.after}, et aucun ne décrit "
                          f"l'année {date[:4]} : si elle avait rejoint {heir} avant le {day}, "
                          "c'est ce conseil-là qui délibérait ; vérifiez la date")]
    return []
