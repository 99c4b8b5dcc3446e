"""Checks of a campaign file the schema cannot express (recipients' dated titles, the title its
text addresses, expressions (`mots_cles`) that search nothing or the same thing twice), and of a
motion against its campaign's dates (its period, that title's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from petition.core.addressing import needs_article
from petition.core.keywords import fold
from petition.core.model import Campaign, Motion
from petition.core.problems import WARNING, Problem
from petition.core.referential import french_day
from petition.core.yamlstrict import line_of

ADDRESSED = "texte_adresse_a"


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check_recipients(c: Campaign) -> Iterator[Problem]:
    """Each recipient can be written to; each title's dates make sense; no two titles of the
    same recipient hold on the same day (a letter must know which one to use)."""
    for index, recipient in enumerate(c.recipients):
        if not isinstance(recipient, dict):
            continue  # the schema reports it
        where = ("destinataires", index)
        if not recipient.get("fonction") and not recipient.get("titres"):
            yield Problem(c.path, line_of(c.lines, where), "destinataire sans « fonction » ni "
                          "« titres » : indiquez au moins la fonction (par exemple « fonction: "
                          "Ministre chargé de la santé »)", field="destinataires")
        yield from _articles(c, where, recipient)
        titles = recipient.get("titres")
        spans: list[tuple[dt.date | None, dt.date | None, int]] = []
        for number, title in enumerate(titles if isinstance(titles, list) else []):
            if not isinstance(title, dict):
                continue
            yield from _check_title(c, (*where, "titres", number), title)
            start, end = _day(title.get("du")), _day(title.get("au"))
            if title.get("termine") is True and end is None:
                end = start + dt.timedelta(days=1) if start else None  # known on its first day
            spans.append((start, end, number))
        yield from _overlaps(c, where, spans)


def _articles(c: Campaign, where: tuple[str | int, ...],
              recipient: dict[str, Any]) -> Iterator[Problem]:
    """A warning for each title (or function) whose article a letter could not tell: it would be
    addressed « à : Trucmuche » instead of « au Trucmuche »."""
    def text(value: Any) -> str:
        return value if isinstance(value, str) else ""

    call = text(recipient.get("appel"))
    named: list[tuple[tuple[str | int, ...], str, str, str]] = []
    if text(recipient.get("fonction")):
        named.append((where, text(recipient.get("fonction")), call, text(recipient.get("article"))))
    titles = recipient.get("titres")
    for number, title in enumerate(titles if isinstance(titles, list) else []):
        if isinstance(title, dict) and isinstance(title.get("titre"), str):
            own = text(title.get("appel")) if title.get("titulaire") else ""
            named.append(((*where, "titres", number), text(title.get("titre")), own or call,
                          text(title.get("article"))))
    for path, name, salutation, given in named:
        if needs_article(salutation, name, given or None):
            yield Problem(c.path, line_of(c.lines, path), f"« {name} » : la lettre ne sait pas "
                          "quel article lui donner (« au », « à la », « à l' ») ; ajoutez la "
                          "ligne « article: le » (ou la, l', les) à côté, ou une formule d'appel "
                          "« appel: Monsieur le … » ou « Madame la … »", WARNING,
                          field=".".join(str(p) for p in path))


def _check_title(c: Campaign, where: tuple[str | int, ...], title: dict[str, Any]) -> Iterator[Problem]:
    line = line_of(c.lines, where)
    field = ".".join(str(p) for p in where)
    start, end = _day(title.get("du")), _day(title.get("au"))
    if start and end and end <= start:
        yield Problem(c.path, line, f"titre « {title.get('titre')} » : « au » ({end}) doit être "
                      f"après « du » ({start}) ; « au » est le premier jour où le titre ne vaut "
                      "plus", field=field)
    if title.get("termine") is True and "au" in title:
        yield Problem(c.path, line, f"titre « {title.get('titre')} » : « termine » et « au » à la "
                      "fois ; gardez « au » si la date de fin est connue, sinon « termine: true »",
                      field=field)
    if title.get("termine") is True and "du" not in title:
        yield Problem(c.path, line, f"titre « {title.get('titre')} » : « termine: true » sans "
                      "« du » ne vaut pour aucune date ; indiquez « du » ou retirez ce titre",
                      field=field)
    if "appel" in title and not title.get("titulaire"):
        yield Problem(c.path, line, f"titre « {title.get('titre')} » : « appel » sans « titulaire » ;"
                      " la formule d'appel d'une personne ne s'écrit que si une source la nomme "
                      "(sinon, mettez « appel » au niveau du destinataire)", field=field)


def _overlaps(c: Campaign, where: tuple[str | int, ...],
              spans: list[tuple[dt.date | None, dt.date | None, int]]) -> Iterator[Problem]:
    low, high = dt.date.min, dt.date.max
    latest: tuple[dt.date, int] | None = None  # the furthest end so far, and whose it is
    for start, end, number in sorted(spans, key=lambda s: (s[0] or low, s[2])):
        if latest is not None and latest[0] > (start or low):
            yield Problem(c.path, line_of(c.lines, (*where, "titres", number)), f"les titres "
                          f"n° {latest[1] + 1} et n° {number + 1} se chevauchent"
                          f"{f' (le {start})' if start else ''} : une lettre ne saurait auquel "
                          "s'adresser ; corrigez « du » et « au »",
                          field=".".join(str(p) for p in (*where, "titres")))
        if latest is None or (end or high) > latest[0]:
            latest = (end or high, number)


def check_keywords(c: Campaign) -> Iterator[Problem]:
    """Each expression holds a word once folded (case, accents and hyphens do not count), and
    no two expressions are the same once folded."""
    words = c.data.get("mots_cles")
    seen: dict[str, str] = {}
    for index, word in enumerate(words if isinstance(words, list) else []):
        if not isinstance(word, str):
            continue  # the schema reports it
        line = line_of(c.lines, ("mots_cles", index))
        folded = fold(word)
        if not folded:
            yield Problem(c.path, line, f"mot-clé « {word} » sans lettre ni chiffre : il ne "
                          "trouverait rien ; écrivez l'expression telle que les délibérations "
                          "l'emploient (par exemple un sigle ou un nom)", field="mots_cles")
        elif folded in seen:
            yield Problem(c.path, line, f"mots-clés « {seen[folded]} » et « {word} » identiques "
                          "(majuscules, accents et tirets ne comptent pas) : gardez-en un",
                          WARNING, "mots_cles")
        else:
            seen[folded] = word


def addressed(c: Campaign) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The recipient and the dated title the campaign's text addresses (`texte_adresse_a`), each
    None when the file does not name one that exists."""
    given = c.data.get(ADDRESSED)
    if not isinstance(given, dict):
        return None, None
    recipient = next((r for r in c.recipients if isinstance(r, dict)
                      and r.get("id") == given.get("destinataire")), None)
    titles = recipient.get("titres") if recipient is not None else None
    title = next((t for t in titles if isinstance(t, dict) and t.get("titre") == given.get("titre")),
                 None) if isinstance(titles, list) else None
    return recipient, title


def check_addressed(c: Campaign) -> Iterator[Problem]:
    """`texte_adresse_a` names one of the campaign's recipients and one of its titles."""
    given = c.data.get(ADDRESSED)
    if not isinstance(given, dict) or not isinstance(given.get("destinataire"), str) or \
            not isinstance(given.get("titre"), str):
        return  # absent, or the schema's error
    ids = [r["id"] for r in c.recipients if isinstance(r, dict) and isinstance(r.get("id"), str)]
    if not ids:
        return  # no well-formed recipient: the schema says what is wrong with them
    recipient, title = addressed(c)
    if recipient is None:
        known = ", ".join(ids)
        yield Problem(c.path, line_of(c.lines, (ADDRESSED, "destinataire")),
                      f"destinataire « {given['destinataire']} » inconnu : indiquez l'« id » d'un "
                      f"des destinataires de la campagne ({known})",
                      field=f"{ADDRESSED}.destinataire")
    elif title is None:
        titles = [str(t.get("titre")) for t in recipient.get("titres") or [] if isinstance(t, dict)]
        listed = " ; ".join(f"« {t} »" for t in titles) or "aucun titre enregistré"
        yield Problem(c.path, line_of(c.lines, (ADDRESSED, "titre")),
                      f"« {given['titre']} » n'est pas un des titres du destinataire "
                      f"« {given['destinataire']} » ({listed}) : recopiez-le tel qu'il figure sous "
                      "« titres », ou ajoutez-y ce titre avec ses dates",
                      field=f"{ADDRESSED}.titre")


def _span(start: str | None, end: str | None) -> str:
    if start and end:
        return f"du {french_day(start)} au {french_day(end)}"
    return f"à partir du {french_day(start)}" if start else f"jusqu'au {french_day(end or '')}"


def check_motion_dates(m: Motion, campaign: Campaign | None) -> Iterator[Problem]:
    """A motion outside its campaign's period is refused; one adopted before the title its
    campaign's text addresses existed is warned (the text names an office not yet created)."""
    check = motion_dates_check(campaign)
    return iter(check(m) if check is not None else ())


def motion_dates_check(campaign: Campaign | None) -> Callable[[Motion], list[Problem]] | None:
    """`check_motion_dates` for the motions of one campaign (as a list), the campaign's dates
    read once (it runs for every motion of every run); None when the campaign has nothing to
    check (no period, no dated title)."""
    if campaign is None:
        return None
    period = campaign.data.get("periode")
    # Dates of another type, or impossible ones, are the campaign file's schema errors.
    start, end = (v if _day(v) else None for v in (period.get("debut"), period.get("fin"))) \
        if isinstance(period, dict) else (None, None)
    _, title = addressed(campaign)
    given = title.get("du") if title is not None else None
    since = str(given) if title is not None and _day(given) is not None else None
    if not start and not end and since is None:
        return None

    def check(m: Motion) -> list[Problem]:
        session = _day(m.date)
        if session is None:
            return []
        day = session.isoformat()  # the line is looked up only for a problem: it decodes the motion
        if (start and day < start) or (end and day > end):
            return [Problem(m.path, m.line("seance", "date"), f"séance du {french_day(day)} hors de "
                          f"la période de la campagne « {campaign.id} » ({_span(start, end)}) : "
                          "vérifiez la date de séance, ou rangez la motion dans la campagne de "
                          "cette période",
                          field="seance.date")]
        if title is not None and since is not None and day < since:
            return [Problem(m.path, m.line("seance", "date"), f"séance du {french_day(day)} : le "
                          f"texte de la campagne « {campaign.id} » est adressé au titre "
                          f"« {title.get('titre')} », qui n'existe qu'à partir du "
                          f"{french_day(since)} ; une motion adoptée avant ne peut pas reprendre "
                          "ce texte : vérifiez la date de séance ou la campagne", WARNING,
                          "seance.date")]
        return []
    return check
