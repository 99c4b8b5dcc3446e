"""French typography for everything a reader sees: dates, numbers, spaces around punctuation, plurals.

Written by hand because the rules are few and specific (« 1er septembre », a narrow no-break space
before « ; : ! ? » but not inside « 14:00 » or « https:// »), and so the output never depends on a
locale installed on the machine.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

NBSP = "\u00a0"  # no-break space: inside « », between a number and its unit
NNBSP = "\u202f"  # narrow no-break space: before ; : ! ? and between thousands

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")

# Characters that must never reach a letter: controls, bidi overrides, zero-width characters, and
# the private-use area (the PDF renderer uses a private-use marker for the page count).
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\ufeff\ue000-\uf8ff]")
_SPACES = re.compile(r"[ \t]+")  # no-break spaces are kept: numbers and dates carry them
# Possessive runs, each tried from its first character only: a run of spaces or of « ; : ! ? »
# is scanned once, so the work is linear in the text (`a;;;…;x` used to be quadratic).
_HIGH_PUNCTUATION = re.compile(
    r"(?<=\S)(?:[ \u00a0\u202f]++|(?<![;:!?]))([;:!?]++)(?=\s|$|[»)\]\"'’.,])")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"(?<![ \u00a0\u202f])[ \u00a0\u202f]*+»")
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]+)"')


def clean(text: object) -> str:
    """A value as text for a letter: NFC, no invisible characters, single spaces, no ends."""
    value = unicodedata.normalize("NFC", str(text))
    value = _INVISIBLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in value.split("\n")).strip()


def typeset(text: object) -> str:
    """French typography on a text: ’ for ', « » for straight quotes, no-break spaces.

    >>> typeset('Il demande : "agir" ; vite!')
    'Il demande\u202f: «\u00a0agir\u00a0»\u202f; vite\u202f!'
    """
    value = clean(text)
    value = value.replace("'", "’").replace("...", "…")
    value = _STRAIGHT_QUOTES.sub(lambda m: f"«{m.group(1).strip()}»", value)
    value = _OPEN_QUOTE.sub("«" + NBSP, value)
    value = _CLOSE_QUOTE.sub(NBSP + "»", value)
    return _HIGH_PUNCTUATION.sub(lambda m: NNBSP + m.group(1), value)


def paragraphs(text: object) -> list[str]:
    """A multi-line text as typeset paragraphs (blank lines separate them; lines are joined)."""
    blocks = re.split(r"\n\s*\n", clean(text))
    return [typeset(" ".join(block.split("\n"))) for block in blocks if block.strip()]


def date_long(value: str | dt.date) -> str:
    """`2023-09-27` → « 27 septembre 2023 », `2023-09-01` → « 1er septembre 2023 »."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number}{NBSP}{MONTHS[day.month - 1]} {day.year}"


def number(value: int) -> str:
    """34969 → « 34 969 » (narrow no-break space between thousands)."""
    return f"{value:,}".replace(",", NNBSP)


def plural(count: int, singular: str, several: str | None = None) -> str:
    """« 0 abstention », « 1 commune », « 2 communes » (French: 0 and 1 take the singular)."""
    word = singular if count < 2 else (several or singular + "s")
    return f"{number(count)}{NBSP}{word}"


def enumerate_fr(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def period(start: str | None, end: str | None) -> str:
    """« du 1er septembre 2023 au 30 juin 2024 », « le 27 septembre 2023 », « depuis le … »."""
    if start and end:
        if start == end:
            return f"le {date_long(start)}"
        return f"du {date_long(start)} au {date_long(end)}"
    if start:
        return f"depuis le {date_long(start)}"
    if end:
        return f"jusqu’au {date_long(end)}"
    return ""


def file_size(content: bytes) -> str:
    """« 820 octets », « 12,4 ko », « 3,1 Mo »."""
    count = len(content)
    if count < 1000:
        return f"{count} octets"
    value, unit = (count / 1e3, "ko") if count < 999_950 else (count / 1e6, "Mo")
    return f"{value:.1f}".replace(".", ",") + f"{NBSP}{unit}"


# The words an organisation's name often starts with, and the article each takes after « par »
# (« envoyée par le Collectif… », « par la Fédération… », « par l'Union… »). A name starting with
# anything else (a person, an acronym, a proper name) takes none: no article is guessed.
_ARTICLE_BY_WORD = {
    **dict.fromkeys(("collectif", "comité", "comite", "syndicat", "groupe", "réseau", "reseau",
                     "conseil", "mouvement", "cercle", "centre", "bureau", "secrétariat",
                     "secretariat", "front", "parti", "club", "forum", "rassemblement",
                     "regroupement"), "le "),
    **dict.fromkeys(("coordination", "fédération", "federation", "confédération", "confederation",
                     "ligue", "délégation", "delegation", "section", "commission", "maison",
                     "chambre", "direction", "mairie", "plateforme", "plate-forme"), "la "),
    **dict.fromkeys(("association", "union", "intersyndicale", "assemblée", "assemblee",
                     "amicale", "observatoire", "alliance", "entente", "interprofessionnelle"),
                    "l'"),
}
_ARTICLES = (("Le ", "le "), ("La ", "la "), ("Les ", "les "), ("L'", "l'"), ("L’", "l’"))


def with_article(name: str) -> str:
    """A name as it reads after « par » or « de » (without the preposition): « le Collectif des
    lecteurs », « l'Union locale », « les Amis de la lecture » ; a person's name, an acronym or any
    name that does not start with a common noun is kept as it is."""
    for written, lower in _ARTICLES:
        if name.startswith(written):
            return lower + name[len(written):]
    first = re.split(r"[\s’'-]", name, maxsplit=1)[0].lower()
    return _ARTICLE_BY_WORD.get(first, "") + name
