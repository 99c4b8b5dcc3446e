"""The checks a schema cannot express: votes, dates, the referential, names, documents, and the
checks across files (campaigns, duplicates, collisions). Each returns every problem it finds."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import stat
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from petition.core.campaignfile import (
    check_addressed,
    check_keywords,
    check_recipients,
    motion_dates_check,
)
from petition.core.councils import judge, later_name
from petition.core.files import extension_fix, misnamed_message
from petition.core.model import (
    CAMPAIGN_FILE,
    DOCUMENTS_DIR,
    MOTIONS_DIR,
    Campaign,
    Motion,
    as_count,
    as_day,
    motion_filename,
    slugify,
)
from petition.core.problems import ERROR, WARNING, Problem
from petition.core.referential import TYPE_LABELS, Body, Referential, normalize_name
from petition.core.yamlstrict import line_of

CAMPAIGN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_PATTERN = re.compile(rf"^{DOCUMENTS_DIR}/[a-z0-9][a-z0-9._-]{{0,150}}\.pdf\Z")


def check_inferred_counts(m: Motion) -> Iterator[Problem]:
    """Counts that only an inference could give: « à l'unanimité » with every votant counted for
    and nothing against or abstaining. Unanimity says no vote against, not how many voted for
    (abstentions are possible), so such counts are refused unless the file says where the document
    gives them (`vote.source_decompte`)."""
    vote = m.get("vote")
    if not isinstance(vote, dict) or vote.get("unanimite") is not True or vote.get("source_decompte"):
        return
    pour = m.count("vote", "pour")
    presents, pouvoirs = m.count("presences", "presents"), m.count("presences", "pouvoirs")
    votants = m.count("vote", "votants")
    if votants is None and presents is not None and pouvoirs is not None:
        votants = presents + pouvoirs
    if pour is None or pour != votants or m.count("vote", "contre") or \
            m.count("vote", "abstentions"):
        return
    yield Problem(m.path, m.line("vote", "pour"), f"« pour: {pour} » est le nombre des votants, "
                  "avec « unanimite: true » : ce décompte semble déduit, or « à l'unanimité » dit "
                  "seulement qu'aucune voix n'est contre (des abstentions sont possibles). Si le "
                  "document ne donne pas les voix, retirez pour, contre et abstentions et gardez "
                  "« unanimite: true » ; s'il les donne, dites où dans « source_decompte » (par "
                  "exemple « procès-verbal, page 2 »)", field="vote.pour")


def _added(named: list[tuple[str, int]]) -> str:
    """Each number a total adds, named: « pour 30 + contre 5 + abstentions 4 = 39 »."""
    said = " + ".join(f"{word} {n}" for word, n in named)
    return said if len(named) == 1 else f"{said} = {sum(n for _, n in named)}"


def check_votes(m: Motion) -> Iterator[Problem]:
    """Attendance and vote arithmetic (CGCT L2121-17, L2121-20)."""
    def problem(line_path: tuple[str, ...], message: str, level: str = ERROR) -> Problem:
        return Problem(m.path, m.line(*line_path), message, level, ".".join(line_path))

    presences, vote = m.block("presences"), m.block("vote")
    effectif = as_count(presences.get("effectif"))
    presents = as_count(presences.get("presents"))
    pouvoirs = as_count(presences.get("pouvoirs"))
    excuses = as_count(presences.get("excuses"))
    absents = as_count(presences.get("absents"))
    # Proxies per member, quorum and the attendance lists depend on the session's date: procedure.
    if effectif is not None:
        if presents is not None and presents > effectif:
            yield problem(("presences", "presents"), f"{presents} présents pour {effectif} membres "
                          "en exercice : vérifiez les deux nombres")
        elif presents is not None and pouvoirs is not None and presents + pouvoirs > effectif:
            yield problem(("presences", "pouvoirs"), f"présents + pouvoirs = {presents + pouvoirs}, "
                          f"plus que les {effectif} membres en exercice : vérifiez les nombres")
        members = [n for n in (presents, pouvoirs, excuses, absents) if n is not None]
        if len(members) == 4 and sum(members) != effectif:
            yield problem(("presences", "effectif"), f"présents, pouvoirs, excusés et absents font "
                          f"{sum(members)}, pas les {effectif} membres en exercice : "
                          "chaque membre doit être compté une fois")
    names = presences.get("noms") or {}
    if isinstance(names, dict):
        for key, count in (("presents", presents), ("pouvoirs", pouvoirs), ("excuses", excuses),
                           ("absents", absents)):
            listed = names.get(key)
            if isinstance(listed, list) and count is not None and len(listed) != count:
                yield problem(("presences", "noms", key), f"{len(listed)} noms listés dans "
                              f"« presences.noms.{key} » mais {key} = {count} : mettez-les d'accord")

    pour, contre = as_count(vote.get("pour")), as_count(vote.get("contre"))
    abstentions = as_count(vote.get("abstentions"))
    sans = as_count(vote.get("sans_participation"))
    named = [(word, n) for word, n in (("pour", pour), ("contre", contre),
                                       ("abstentions", abstentions),
                                       ("ne prenant pas part au vote", sans)) if n is not None]
    cast = [v for v in (pour, contre, abstentions) if v is not None]
    # `votants` (SCDL VOTE_REEL) stands in for présents + pouvoirs when those are not split.
    votants = as_count(vote.get("votants"))
    counted = "votants"
    if votants is not None and effectif is not None and votants > effectif:
        yield problem(("vote", "votants"), f"{votants} votants pour {effectif} membres en exercice :"
                      " vérifiez les deux nombres")
    if presents is not None and pouvoirs is not None:
        if votants is not None and votants != presents + pouvoirs:
            yield problem(("vote", "votants"), f"{votants} votants mais présents + pouvoirs = "
                          f"{presents + pouvoirs} : mettez-les d'accord")
        votants = presents + pouvoirs
        counted = f"votants ({presents} présents + {pouvoirs} pouvoirs)"
    if votants is not None and cast:
        total = sum(cast) + (sans or 0)
        if total > votants:
            yield problem(("vote", "pour"), f"{_added(named)}, plus que les {votants} {counted} : "
                          "vérifiez les nombres")
    elif effectif is not None and cast and sum(cast) > effectif:
        yield problem(("vote",), f"{_added(named[:len(cast)])}, plus que les {effectif} membres en "
                      "exercice : vérifiez les nombres")
    if vote.get("unanimite") is True and contre:
        yield problem(("vote", "contre"), f"« unanimite: true » mais {contre} voix contre : "
                      "l'unanimité veut dire aucune voix contre")
    result = vote.get("resultat")
    if result == "adoptee" and pour == 0:
        yield problem(("vote", "pour"), "adoptée avec 0 voix pour : vérifiez le résultat ou les "
                      "voix (laissez les voix vides si le document ne les donne pas)")
    elif pour is not None and contre is not None:
        if result == "adoptee" and pour < contre:  # a tie: procedure.check_casting_vote
            yield problem(("vote", "resultat"), f"adoptée avec {pour} pour et {contre} contre : "
                          "vérifiez le résultat ou les voix")
        if result == "rejetee" and pour > contre:
            yield problem(("vote", "resultat"), f"rejetée avec {pour} pour et {contre} contre : "
                          "vérifiez le résultat ou les voix")


_DATE_ORDER = (("dates", "convocation"), ("dates", "reception"))
_DATE_AFTER = (("dates", "affichage"), ("dates", "transmission"))
_OTHER_DATES = _DATE_ORDER + _DATE_AFTER
_OLD_SESSION = dt.date(1990, 1, 1)  # before it, a session date is likely a typing mistake
_NO_OTHER_DATES: dict[tuple[str, str], None] = dict.fromkeys(_OTHER_DATES)
_DATE_LABELS = {"convocation": "la convocation", "reception": "la réception",
                "affichage": "l'affichage", "transmission": "la transmission"}


def check_dates(m: Motion, today: dt.date) -> Iterator[Problem]:
    session_block, dates_block = m.block("seance"), m.block("dates")
    dates = {("seance", "date"): as_day(session_block.get("date"))}
    if dates_block:  # most files give only the session's date
        dates.update((path, as_day(dates_block.get(path[1]))) for path in _OTHER_DATES)
    else:
        dates.update(_NO_OTHER_DATES)
    for path, value in dates.items():
        if value is not None and value > today:
            yield Problem(m.path, m.line(*path), f"date « {value.isoformat()} » dans le futur "
                          f"(aujourd'hui : {today.isoformat()}) : vérifiez l'année", field=".".join(path))
    session = dates["seance", "date"]
    if session is None:
        return
    if session < _OLD_SESSION:
        yield Problem(m.path, m.line("seance", "date"), f"séance du {session.isoformat()} : date "
                      "bien ancienne, vérifiez l'année", WARNING, "seance.date")
    for path in _OTHER_DATES:
        value = dates[path]
        before = path in _DATE_ORDER
        if value is None or (value <= session if before else value >= session):
            continue
        side, duty = ("après", "précéder") if before else ("avant", "suivre")
        yield Problem(m.path, m.line(*path), f"{_DATE_LABELS[path[1]]} ({value.isoformat()}) "
                      f"est {side} la séance ({session.isoformat()}) : elle doit la {duty}",
                      field=".".join(path))


def check_body(m: Motion, ref: Referential) -> Iterator[Problem]:
    """Type, code and name against the referential; the file name derived from them."""
    type_, code, name = m.body_type, m.code, m.name
    if not type_ or not code:
        return
    line = m.line("collectivite", "code")
    day = _session_day(m)
    body = ref.body(type_, code, day)
    if body is None:
        others = [t for t in ref.guess_type(code) if t != type_]
        if others:
            other = ref.body(others[0], code)
            yield Problem(m.path, line, f"le code « {code} » est celui d'un(e) "
                          f"{TYPE_LABELS[others[0]]} ({other.nom if other else '?'}), pas d'un(e) "
                          f"{TYPE_LABELS.get(type_, type_)} : corrigez « type » ou « code »",
                          field="collectivite.code")
        else:
            guesses = ref.search(name, type_, limit=3) if name else []
            hint = (" ; " + ", ".join(f"{b.nom} a le code « {b.code} »" for b in guesses)) if guesses else ""
            yield Problem(m.path, line, f"{TYPE_LABELS.get(type_, type_)} de code « {code} » "
                          f"inconnue du référentiel officiel (COG){hint}", field="collectivite.code")
        return
    yield from check_sitting(m, ref, body, day)
    # The official name needs no list of the others (it comes first in it): most files have it.
    official = [body.nom] if name == body.nom else ref.accepted_names(body)
    if name and name not in official:
        name_line = m.line("collectivite", "nom")
        newer = later_name(ref, type_, code, name, day) if day else None
        if newer:
            yield Problem(m.path, name_line, newer, field="collectivite.nom")
            return
        matching = [o for o in official if normalize_name(o) == normalize_name(name)]
        if matching:
            yield Problem(m.path, name_line, f"nom « {name} » : le nom officiel s'écrit "
                          f"« {matching[0]} »", WARNING, "collectivite.nom")
        else:
            same_name = [b for b in ref.search(name, type_, limit=3) if b.code != code]
            named = [b for b in same_name if normalize_name(b.nom) == normalize_name(name)]
            if len(named) == 1:  # the name is another body's: the code is the one at fault
                yield Problem(m.path, line, f"le code « {code} » est celui de « {body.nom} », pas "
                              f"de « {name} », dont le code est « {named[0].code} » : écrivez "
                              f"« code: \"{named[0].code}\" » (ou, si c'est bien {body.nom}, "
                              f"« nom: {body.nom} »)", field="collectivite.code")
                return
            hint = "".join(f" ; « {b.nom} » a le code « {b.code} »" for b in same_name)
            yield Problem(m.path, name_line, f"le code « {code} » est celui de « {body.nom} », pas de "
                          f"« {name} » : vérifiez le code ou le nom{hint}", field="collectivite.nom")
            return
    if day is None:  # no name is derived from a wrong date
        return
    # content_filename's name, from the names already looked up.
    expected = motion_filename(type_, code, name if name in official else
                               body.former_name or body.nom, m.date)
    actual = m.path.rsplit("/", 1)[-1]
    fix = extension_fix(actual) if not actual.endswith(".yml") else None
    if fix is not None:
        yield Problem(m.path, 1, misnamed_message(fix[0], expected), field="(fichier)")
    elif actual != expected:
        nfd = " (nom enregistré en Unicode décomposé NFD)" \
            if not unicodedata.is_normalized("NFC", actual) else ""
        yield Problem(m.path, 1, f"nom de fichier « {actual} »{nfd} ne correspond pas au "
                      f"contenu : renommez-le « {expected} »", field="(fichier)")


def content_filename(m: Motion, ref: Referential, body: Body | None = None) -> str | None:
    """The name the motion's file must have, from its body and date; None when they are not
    known for sure (a name is never derived from a wrong date or an unknown body)."""
    if m.day("seance", "date") is None or not m.body_type or not m.code:
        return None
    body = body or ref.body(m.body_type, m.code, _session_day(m))
    if body is None:
        return None
    return expected_filename(ref, body, m.body_type, m.code, m.name, m.date)


def _session_day(m: Motion) -> str | None:
    """The session's date as ISO text when it is a real date (the schema reports the others)."""
    day = m.day("seance", "date")
    return day.isoformat() if day else None


def check_sitting(m: Motion, ref: Referential, body: Body,
                  day: str | None = None) -> Iterator[Problem]:
    """A council that did not exist on the session's date cannot have adopted anything: the law
    (`statuses`) and the history of communes and EPCI (`councils`) say which sat. `day`: the
    session's date when the caller already read it."""
    day = day or _session_day(m)
    if not day:
        return
    line = m.line("collectivite", "code")
    why = ref.not_sitting(body, day)
    if why:
        yield Problem(m.path, line, why, field="collectivite.code")
        return
    for level, message in judge(ref, m.body_type, m.code, day):
        yield Problem(m.path, line, message, level, "collectivite.code")


def check_sources(m: Motion) -> Iterator[Problem]:
    """A motion nobody can check against its document is a warning: where is it written? A
    source described (« Extrait du registre des délibérations… ») names its document once and for
    all, when it is neither online nor here as a PDF: nothing more to say at each run."""
    sources = m.data.get("sources")
    listed = sources if isinstance(sources, list) else []
    if not any(isinstance(s, dict) and (s.get("url") or s.get("fichier") or s.get("description"))
               for s in listed):
        yield Problem(m.path, m.line("sources") if "sources" in m.data else 1,
                      "aucune source : ajoutez sous « sources: » l'adresse web du document "
                      "(« - url: https://… ») ou son PDF déposé dans motions/documents/ "
                      "(« - fichier: documents/… »), pour que chacun puisse vérifier la motion",
                      WARNING, "sources")


def expected_filename(ref: Referential, body: Body, body_type: str, code: str, name: str,
                      date: str) -> str:
    """The file name a motion must have: from its `name` if accepted, else the official one."""
    used = name if name in ref.accepted_names(body) else body.former_name or body.nom
    return motion_filename(body_type, code, used, date)


def check_documents(m: Motion, root: Path) -> Iterator[Problem]:
    """A referenced PDF must be a real, regular file inside motions/documents/."""
    sources = m.data.get("sources")
    if not isinstance(sources, list):
        return
    for index, source in enumerate(sources):
        if not isinstance(source, dict) or not isinstance(source.get("fichier"), str):
            continue
        yield from check_document(m.path, source["fichier"], source.get("sha256"), root,
                                  m.line("sources", index, "fichier"), m.line("sources", index),
                                  f"sources.{index}.fichier", f"sources.{index}.sha256")


def check_document(rel: str, ref_path: str, given: object, root: Path, line: int, hash_line: int,
                   field: str, hash_field: str, archived: bool = False) -> Iterator[Problem]:
    """The PDF `ref_path` (relative to motions/) named by the file `rel`: a regular file inside
    motions/documents/, not too big, a real PDF, whose SHA-256 is `given`. An `archived` PDF (a
    letter as sent, an answer as received) must never change: a wrong hash means the PDF did."""
    if not DOCUMENT_PATTERN.match(ref_path):
        return  # the schema pattern already reports it
    folder = root / MOTIONS_DIR / DOCUMENTS_DIR
    target = folder / PurePosixPath(ref_path).name
    try:
        info = target.lstat()
    except OSError:
        yield Problem(rel, line, f"document « {ref_path} » introuvable : ajoutez le PDF dans "
                      "motions/documents/ ou retirez la ligne", field=field)
        return
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode) \
            or target.resolve().parent != folder.resolve():
        yield Problem(rel, line, f"document « {ref_path} » : ce n'est pas un fichier ordinaire"
                      " (lien symbolique ou dossier) ; déposez le PDF lui-même", field=field)
        return
    if info.st_size > MAX_DOCUMENT_BYTES:
        yield Problem(rel, line, f"document « {ref_path} » trop gros ({info.st_size} octets, "
                      f"maximum {MAX_DOCUMENT_BYTES}) : compressez le PDF", field=field)
        return
    content = target.read_bytes()
    if not content.startswith(b"%PDF-"):
        yield Problem(rel, line, f"document « {ref_path} » : ce n'est pas un PDF (il ne "
                      "commence pas par %PDF-)", field=field)
        return
    digest = hashlib.sha256(content).hexdigest()
    if given != digest and archived and isinstance(given, str):
        yield Problem(rel, line, f"le PDF « {ref_path} » a changé depuis son enregistrement "
                      f"(empreinte SHA-256 {digest}, enregistrée {given}) : un document archivé ne "
                      "se modifie pas ; remettez la version d'origine (git log -- motions/"
                      f"{ref_path})", field=field)
    elif given != digest:
        what = "manquante" if given is None else f"« {given} » fausse"
        yield Problem(rel, hash_line, f"empreinte SHA-256 {what} pour « {ref_path} » : écrivez "
                      f"« sha256: {digest} »", field=hash_field)


def check_campaign_file(c: Campaign) -> Iterator[Problem]:
    folder = PurePosixPath(c.path).parent.name
    if c.id and c.id != folder:
        yield Problem(c.path, line_of(c.lines, ("id",)), f"identifiant « {c.id} » différent du nom "
                      f"du dossier « {folder} » : ils doivent être identiques", field="id")
    seen: set[str] = set()
    for index, recipient in enumerate(c.recipients):
        rid = recipient.get("id") if isinstance(recipient, dict) else None
        if not isinstance(rid, str):
            continue  # the schema reports it
        if rid in seen:
            yield Problem(c.path, line_of(c.lines, ("destinataires", index)), f"destinataire « {rid} »"
                          " en double : chaque destinataire a son identifiant", field="destinataires")
        seen.add(rid)
    yield from check_recipients(c)
    yield from check_keywords(c)
    yield from check_addressed(c)


def check_across(motions: list[Motion], campaigns: dict[str, Campaign]) -> Iterator[Problem]:
    """Campaign membership, duplicates and file-name collisions across files."""
    by_identity: dict[tuple[str, str, str, str], list[Motion]] = defaultdict(list)
    by_folded: dict[str, list[str]] = defaultdict(list)
    dates_checks = {key: motion_dates_check(campaign) for key, campaign in campaigns.items()}
    normalize = unicodedata.normalize
    for m in motions:  # every motion of every run: the facts at hand, nothing decoded
        path, facts = m.path, m.facts
        campaign = facts[0] or m.campaign
        # An ASCII name is its own NFC form.
        by_folded[(path if path.isascii() else normalize("NFC", path)).casefold()].append(path)
        folder = path.rsplit("/", 2)[-2]
        if campaign and campaign not in campaigns:
            yield Problem(path, m.line("campagne"), _unknown_campaign(campaign, campaigns),
                          field="campagne")
        elif campaign and folder != campaign:
            yield Problem(path, m.line("campagne"), f"motion de la campagne « {campaign} » rangée"
                          f" dans le dossier « {folder} » : déplacez-la dans motions/{campaign}/",
                          field="campagne")
        else:
            check = dates_checks.get(campaign)
            if check is not None:
                yield from check(m)
        if campaign and facts[1] and facts[2] and facts[4]:  # Motion.identity, from the facts
            by_identity[campaign, facts[1], facts[2], facts[4]].append(m)
    for group in by_identity.values():
        if len(group) > 1:
            paths = sorted(g.path for g in group)
            for m in group:
                others = ", ".join(p for p in paths if p != m.path)
                yield Problem(m.path, m.line("seance", "date"), "doublon : même collectivité, même "
                              f"date de séance et même campagne que {others} ; gardez un seul fichier",
                              field="seance.date")
    yield from _check_copies(motions)
    for paths in by_folded.values():
        if len(paths) > 1:
            for path in paths:
                yield Problem(path, 1, "noms de fichiers qui ne diffèrent que par la casse ou les "
                              f"accents ({', '.join(sorted(paths))}) : gardez-en un seul", field="(fichier)")


_COPY_WHAT = (("presences", "noms"), ("seance", "secretaire"), ("texte",), ("seance", "presidence"),
              ("signataires",))
_COPY_SAID = ("les noms des présences sont ceux", "le secrétaire de séance est celui",
              "le texte intégral est celui", "la présidence de séance est celle",
              "les signataires sont ceux")
_COPY_CHECK = ("les présences", "le secrétaire de séance", "le texte", "la présidence",
               "les signataires")
# Who presides and signs can be the same person for two bodies of different kinds (a mayor who
# presides the intercommunality): only two bodies of one kind (two communes) sharing them tell a
# copy. The other marks (attendance, secretary, text) belong to one council.
_SAME_KIND_ONLY = (False, False, False, True, True)


_NO_MARKS = ("",) * len(_COPY_WHAT)


def _check_copies(motions: list[Motion]) -> Iterator[Problem]:
    """A warning when a motion shares its attendance names, secretary, full text, president or
    signatories with another body's motion: a file copied from another council and only partly
    edited. Grouped by digest, so linear in the number of motions."""
    # One pass over the motions for the five marks (most motions have none of them).
    by_mark: list[dict[tuple[str, str], list[Motion]]] = [defaultdict(list) for _ in _COPY_WHAT]
    for m in motions:
        marks = m.facts[8]  # Motion.copy_marks
        if marks != _NO_MARKS:
            for index, mark in enumerate(marks):
                if mark:
                    by_mark[index][mark, m.body_type if _SAME_KIND_ONLY[index] else ""].append(m)
    for index, (where, said, check) in enumerate(zip(_COPY_WHAT, _COPY_SAID, _COPY_CHECK,
                                                     strict=True)):
        for group in by_mark[index].values():
            if len({(g.body_type, g.code) for g in group}) < 2:
                continue
            for m in group:
                others = sorted(g.path for g in group if (g.body_type, g.code) != (m.body_type, m.code))
                shown = ", ".join(others[:3]) + (f" et {len(others) - 3} autre(s)" if len(others) > 3
                                                 else "")
                yield Problem(m.path, m.line(*where), f"{said} de la motion d'une autre "
                              f"collectivité ({shown}) : si ce fichier a été copié, recopiez "
                              f"{check} du document de cette collectivité", WARNING,
                              ".".join(where))


def _unknown_campaign(value: str, campaigns: dict[str, Campaign]) -> str:
    known = ", ".join(sorted(campaigns)) or "aucune"
    slug = slugify(value)
    if slug in campaigns:
        return (f"campagne « {value} » : l'identifiant s'écrit en minuscules avec des tirets, comme "
                f"le nom du dossier ; écrivez « campagne: {slug} »")
    if not CAMPAIGN_ID.fullmatch(value):
        return (f"campagne « {value} » inconnue : écrivez l'identifiant d'une campagne existante "
                f"({known}), en minuscules avec des tirets comme le nom de son dossier")
    return (f"campagne « {value} » inconnue (campagnes : {known}) : corrigez-la ; pour une "
            f"nouvelle campagne, un coordinateur crée d'abord motions/{value}/{CAMPAIGN_FILE}")
