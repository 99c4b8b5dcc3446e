"""The issue form « Signaler une motion adoptée »: from the Markdown GitHub writes for it to motion
data.

GitHub turns a filled issue form into Markdown, one `### Label` heading per field followed by the
value (`_No response_` when empty). The body can be edited freely afterwards, so it is read as
hostile text: only the known headings count, each at most once; one-line fields must stay on one
line; counts are parsed here, never by a YAML loader; and the motion is built as a dict, so that
`petition.writer.dump_motion` (yaml.safe_dump) can never let a value become a key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from petition.core.characters import value_problem
from petition.core.cut import cut
from petition.core.dates import DateError, parse_date

IMPORT_LABEL = "motion-a-importer"
MAX_EVENT_BYTES = 5 * 1024 * 1024
MAX_BODY_CHARS = 100_000
NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool = True
    multiline: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (text shown in the form, value in the motion)


TYPES = (("Commune", "commune"),
         ("Conseil d'arrondissement (Paris, Lyon, Marseille)", "arrondissement"),
         ("Intercommunalité (EPCI)", "epci"),
         ("Établissement public territorial (Grand Paris)", "ept"),
         ("Métropole de Lyon", "collectivite"),
         ("Département (ou Collectivité européenne d'Alsace)", "departement"),
         ("Région (ou Corse, Martinique, Guyane)", "region"),
         ("Collectivité d'outre-mer", "com"))
NATURES = (("Motion", "motion"), ("Vœu", "voeu"), ("Délibération", "deliberation"))
RESULTS = (("Adoptée à l'unanimité", "unanimite"), ("Adoptée", "adoptee"), ("Rejetée", "rejetee"))
COUNTS = (("effectif", "presences"), ("presents", "presences"), ("pouvoirs", "presences"),
          ("pour", "vote"), ("contre", "vote"), ("abstentions", "vote"))
CONSENT = "J'accepte que ces informations soient publiées"

FIELDS = (
    Field("type", "Type de collectivité", choices=TYPES),
    Field("code", "Code officiel de la collectivité"),
    Field("nom", "Nom de la collectivité"),
    Field("siret", "SIRET de la collectivité", required=False),
    Field("campagne", "Campagne"),
    Field("instance", "Conseil", required=False),
    Field("date", "Date de la séance"),
    Field("nature", "Nature de l'acte", choices=NATURES),
    Field("objet", "Objet"),
    Field("identifiant", "Numéro de l'acte", required=False),
    Field("resultat", "Résultat du vote", choices=RESULTS),
    Field("effectif", "Membres en exercice", required=False),
    Field("presents", "Présents", required=False),
    Field("pouvoirs", "Pouvoirs (absents représentés)", required=False),
    Field("pour", "Voix pour", required=False),
    Field("contre", "Voix contre", required=False),
    Field("abstentions", "Abstentions", required=False),
    Field("url", "Lien vers le document", required=False),
    Field("texte", "Texte de la motion", required=False, multiline=True),
    Field("publication", "Publication", multiline=True),
)
BY_KEY = {f.key: f for f in FIELDS}
FORM_FILE = "signaler-motion.yml"
_BY_LABEL = {f.label: f for f in FIELDS}
_COUNT = re.compile(r"[0-9]{1,9}")
_CHECKED = re.compile(r"- \[[xX]\] " + re.escape(CONSENT))


@dataclass(frozen=True)
class FormProblem:
    """One problem of the form: the field (its key, or "" for the whole ticket), the line of the
    issue body where the field starts, and a French message."""

    key: str
    line: int
    message: str
    error: bool = True

    @property
    def label(self) -> str:
        return BY_KEY[self.key].label if self.key in BY_KEY else "Ticket"


def form_url(repo_url: str, **fields: str) -> str:
    """The link that opens the form « Signaler une motion adoptée » already filled in: GitHub fills
    a form's fields from query parameters named by the fields' ids (`template=` names the form;
    `title=` the issue's title). A dropdown takes the text it shows: `type="commune"` becomes
    « Commune ». Empty values are left out; an unknown field is a programming error.

    form_url("https://github.com/o/r", type="commune", code="62498", nom="Lens")
    → "https://github.com/o/r/issues/new?template=signaler-motion.yml&type=Commune&code=62498&nom=Lens"
    """
    unknown = sorted(set(fields) - set(BY_KEY) - {"title"})
    if unknown:
        raise ValueError(f"champ(s) inconnu(s) du formulaire : {', '.join(unknown)}")
    params = [("template", FORM_FILE)]
    for key, value in fields.items():
        if not value:
            continue
        field = BY_KEY.get(key)
        shown = next((label for label, choice in field.choices if value == choice), value) \
            if field is not None else value
        params.append((key, shown))
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(params, quote_via=quote)}"


class EventError(Exception):
    """The event file is not a GitHub `issues` event (a usage error, not a contributor's)."""


@dataclass(frozen=True)
class Issue:
    number: int
    body: str


def read_event(raw: bytes) -> Issue:
    """The issue of a GitHub `issues` event payload ($GITHUB_EVENT_PATH)."""
    if len(raw) > MAX_EVENT_BYTES:
        raise EventError(f"fichier d'événement trop gros ({len(raw)} octets)")
    try:
        event = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, an int past 4,300 digits
        raise EventError(f"fichier d'événement illisible (JSON invalide : {exc})") from None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict):
        raise EventError("ce n'est pas un événement « issues » de GitHub (pas de champ « issue »)")
    number, body = issue.get("number"), issue.get("body")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise EventError("numéro de ticket absent ou invalide dans l'événement")
    if body is not None and not isinstance(body, str):
        raise EventError("corps du ticket invalide dans l'événement")
    return Issue(number, body or "")


def parse_body(body: str) -> tuple[dict[str, tuple[str, int]], list[FormProblem]]:
    """The value and body line of each known field, and the problems of the body's layout."""
    if len(body) > MAX_BODY_CHARS:
        return {}, [FormProblem("", 1, f"ticket trop long ({len(body)} caractères, maximum "
                                f"{MAX_BODY_CHARS}) : une motion tient en quelques pages ; "
                                "ne recopiez que le texte de la motion")]
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sections: dict[str, tuple[list[str], int]] = {}
    problems: list[FormProblem] = []
    current: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        field = _BY_LABEL.get(_heading(line))
        if field is None:
            if current is not None:
                current.append(line)
            continue
        if field.key in sections:
            problems.append(FormProblem(field.key, number, "rubrique en double (lignes "
                                        f"{sections[field.key][1]} et {number}) : gardez-en une "
                                        "seule"))
            current = None
            continue
        current = []
        sections[field.key] = (current, number)
    if not sections:
        problems.append(FormProblem("", 1, "ce ticket ne suit pas le formulaire « Signaler une "
                                    "motion adoptée » (aucune rubrique reconnue) : ouvrez un "
                                    "nouveau ticket avec ce formulaire"))
    values: dict[str, tuple[str, int]] = {}
    for key, (content, number) in sections.items():
        text = "\n".join(content).strip("\n")
        text = "" if text.strip() == NO_RESPONSE else text
        if BY_KEY[key].multiline:  # trailing spaces would force a quoted YAML string
            text = "\n".join(part.rstrip() for part in text.split("\n")).strip("\n")
        else:
            text = text.strip()
        values[key] = (text, number)
    return values, problems


def _heading(line: str) -> str:
    """The label of a `### Label` line ("" for any other line). By hand, not by a regular
    expression: `### +(.+?) *` took quadratic time on a heading followed by many spaces."""
    if not line.startswith("### "):
        return ""
    return line[4:].strip(" ")


def build_motion(values: dict[str, tuple[str, int]], number: int) -> tuple[dict[str, Any],
                                                                          list[FormProblem]]:
    """The motion data the form describes, and the problems of its fields."""
    problems: list[FormProblem] = []
    clean: dict[str, str] = {}
    for field in FIELDS:
        text, line = values.get(field.key, ("", 1))
        problem = _field_problem(field, text, line, field.key in values)
        if problem:
            problems.append(problem)
        elif text:
            clean[field.key] = text
    data: dict[str, Any] = {}
    if "campagne" in clean:
        data["campagne"] = clean["campagne"]
    body = {"type": _choice(BY_KEY["type"], clean.get("type")),
            "code": re.sub(r"\s+", "", clean.get("code", "")).upper(), "nom": clean.get("nom"),
            "siret": re.sub(r"\s+", "", clean.get("siret", ""))}  # « 216 204 982 00013 »
    data["collectivite"] = {k: v for k, v in body.items() if v}
    if "instance" in clean:
        data["instance"] = clean["instance"]
    if "nature" in clean:
        data["nature"] = _choice(BY_KEY["nature"], clean["nature"])
    if "objet" in clean:
        data["objet"] = clean["objet"]
    if "identifiant" in clean:  # the council's own number for the act (SCDL DELIB_ID)
        data["identifiant"] = clean["identifiant"]
    if "date" in clean:
        data["seance"] = {"date": _iso_date(clean["date"])}
        try:
            parse_date(clean["date"])
        except DateError as exc:
            problems.append(FormProblem("date", values["date"][1], str(exc)))
    result = _choice(BY_KEY["resultat"], clean.get("resultat"))
    vote: dict[str, Any] = {"resultat": "adoptee" if result == "unanimite" else result}
    if result == "unanimite":
        vote["unanimite"] = True
    for key, group in COUNTS:
        if key in clean:
            count = _count(clean[key])
            if count is None:
                problems.append(FormProblem(key, values[key][1], f"« {cut(clean[key], 40)} » n'est pas"
                                            " un nombre entier positif ou nul : écrivez le nombre "
                                            "en chiffres (37), ou laissez vide s'il n'est pas connu"))
            elif group == "presences":
                data.setdefault("presences", {})[key] = count
            else:
                vote[key] = count
    if vote.get("resultat"):
        data["vote"] = vote
    if "texte" in clean:
        data["texte"] = clean["texte"]
    if "url" in clean:
        data["sources"] = [{"url": clean["url"]}]
    data["notes"] = f"Motion signalée par le formulaire du ticket #{number}."
    return data, problems


def _field_problem(field: Field, text: str, line: int, present: bool) -> FormProblem | None:
    if not present and field.required:
        return FormProblem(field.key, 1, "rubrique absente du ticket : remplissez le formulaire "
                           "« Signaler une motion adoptée » sans retirer de rubrique")
    if not text:
        if field.required:
            return FormProblem(field.key, line, "champ obligatoire : remplissez-le")
        return None
    if not field.multiline and len(text.splitlines()) > 1:
        return FormProblem(field.key, line, "doit tenir sur une seule ligne : retirez les "
                           "retours à la ligne")
    message = value_problem(text, multiline=field.multiline)
    if message and "\t" in text and not field.multiline:  # said with the form's words
        message = "doit tenir sur une seule ligne : retirez les tabulations"
    if message:
        return FormProblem(field.key, line, message)
    if field.choices and _choice(field, text) is None:
        shown = ", ".join(f"« {c[0]} »" for c in field.choices)
        return FormProblem(field.key, line, f"« {cut(text, 60)} » n'est pas un choix possible : "
                           f"choisissez parmi {shown}")
    if field.key == "publication" and not _CHECKED.search(text):
        return FormProblem(field.key, line, "la case « J'accepte que ces informations soient "
                           "publiées » n'est pas cochée : cochez-la pour que la motion soit "
                           "ajoutée au site")
    return None


def _choice(field: Field, text: str | None) -> str | None:
    """The value of a dropdown answer, given as the text shown in the form or as the value."""
    for shown, value in field.choices:
        if text in (shown, value):
            return value
    return None


def _iso_date(text: str) -> str:
    """`27/09/2023`, « 27 septembre 2023 » (the French ways) → `2023-09-27`; a date that cannot
    be read is kept for the problem `build_motion` reports."""
    try:
        return parse_date(text)
    except DateError:
        return text


def _count(text: str) -> int | None:
    compact = re.sub(r"\s+", "", text)
    return int(compact) if _COUNT.fullmatch(compact) else None

