"""How French names an office or a body after « à »: « au directeur général de l'ARS », « à la
préfète de région », « à l'Agence régionale de santé », « au ministre chargé de la santé ».

The article follows the recipient as the campaign file writes it: its own `article` when given;
else the gender its form of address (`appel`) gives to the same noun (« Madame la Rectrice »); else
the grammatical gender of the title's first noun, for the offices and bodies letters usually go to.
A noun that is both (« Ministre », « Maire ») takes the generic masculine of legal texts unless the
form of address says otherwise. When none of these tells, the article is unknown: `petition validate`
asks for `article`, and nothing is guessed.

In running text an office is written in lower case (« le préfet de la Moselle », « le ministre de la
Santé »: Lexique des règles typographiques en usage à l'Imprimerie nationale); a body, the Premier
ministre and the Défenseur des droits keep their capital.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ARTICLES = ("le", "la", "l'", "les")
_TO = {"le": "au ", "la": "à la ", "l'": "à l'", "les": "aux "}
_THE = {"le": "le ", "la": "la ", "l'": "l'", "les": "les "}

# Offices (written in lower case in running text): masculine, feminine, or both (« e »).
_OFFICES = {
    "m": "administrateur ambassadeur chancelier chef commandant commissaire-enquêteur conseiller "
         "consul contrôleur délégué député directeur doyen gouverneur haut-commissaire inspecteur "
         "intendant maire-adjoint médiateur ministre-délégué payeur préfet président "
         "président-directeur procureur proviseur recteur rapporteur sénateur sous-directeur "
         "sous-préfet trésorier vice-président",
    "f": "administratrice ambassadrice chancelière cheffe commandante conseillère consule "
         "contrôleuse déléguée députée directrice doyenne gouverneure haute-commissaire "
         "inspectrice intendante médiatrice préfète présidente présidente-directrice procureure "
         "proviseure rectrice rapporteure sénatrice sous-directrice sous-préfète trésorière "
         "vice-présidente",
    "e": "adjoint-maire commissaire garde juge maire ministre secrétaire",
}
# Bodies and offices that keep their capital.
_NAMES = {
    "m": "bureau cabinet centre haut collectif comité commissariat conseil défenseur département "
         "établissement gouvernement groupe groupement hôpital institut ministère observatoire "
         "office parlement premier rectorat secrétariat sénat service syndicat tribunal",
    "f": "académie agence assemblée haute association autorité caisse chambre collectivité commission "
         "communauté compagnie confédération coordination cour défenseure délégation direction "
         "fédération fondation haute-autorité inspection ligue mairie métropole mission "
         "mutualité préfecture première présidence région société union université",
}
_GENDERS = {word: (gender, True) for gender, words in _OFFICES.items() for word in words.split()}
_GENDERS.update({word: (gender, False) for gender, words in _NAMES.items() for word in words.split()})
# Words beginning with an h that is not elided (h aspiré): « le haut-commissaire ».
_H_ASPIRE = ("haut", "haute")
_VOWELS = "aeiouy"
_CALL = re.compile(r"(monsieur|madame)\s+(le|la|l['’])\s*(\S+)", re.IGNORECASE)


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'")


def _base(word: str) -> str:
    """The first letter without its accent: « É » → « e »."""
    return unicodedata.normalize("NFKD", word[:1]).encode("ascii", "ignore").decode().casefold()


def head_noun(title: str) -> str:
    """The title's first word, lower case: « Directeur général de l'ARS » → « directeur »;
    « Haut-commissaire au Plan » → « haut-commissaire »."""
    words = title.split()
    return _fold(words[0]).strip(",.;:") if words else ""


def _known(noun: str) -> tuple[str, bool] | None:
    """(gender, is an office) of a noun, or of the first part of a hyphenated one."""
    return _GENDERS.get(noun) or (_GENDERS.get(noun.split("-")[0]) if "-" in noun else None)


def _call_gender(call: str, noun: str) -> str | None:
    """« m » or « f » when the form of address is one person's and names the same noun
    (« Madame la Ministre » for « Ministre de la Culture »); None otherwise (« Madame,
    Monsieur », or « Madame la Ministre, Monsieur le Ministre », for either)."""
    found = _CALL.findall(call)
    if len(found) != 1 or "," in call:
        return None
    civility, _, word = found[0]
    if _fold(word) != noun.split("-")[0] and _fold(word) != noun:
        return None
    return "f" if civility.casefold() == "madame" else "m"


def elided(noun: str) -> bool:
    return _base(noun) in _VOWELS or (_base(noun) == "h" and not noun.startswith(_H_ASPIRE))


@dataclass(frozen=True)
class Article:
    """The article of a title, and whether the title is written in lower case after it."""

    article: str  # le, la, l', les
    lower: bool

    def phrase(self, title: str, to: bool = False) -> str:
        """« le directeur général de l'ARS », or with `to` « au directeur général de l'ARS »."""
        text = title[:1].lower() + title[1:] if self.lower else title
        return (_TO if to else _THE)[self.article] + text


def addressed(salutation: str, title: str) -> str:
    """« Monsieur le Ministre de la Santé et de la Prévention » from a form of address and a
    title; the title alone when the form is for either gender or names another noun."""
    calls, titles = salutation.split(" "), title.split(" ")
    # The longest end of the salutation that begins the title: « … le Ministre » + « Ministre
    # de la Santé », « Madame la Première ministre » + « Première ministre ».
    if "," not in salutation:
        for size in range(min(len(calls) - 1, len(titles)), 0, -1):
            if [w.casefold() for w in calls[-size:]] == [w.casefold() for w in titles[:size]]:
                return " ".join(calls + titles[size:])
    return title


def needs_article(salutation: str, title: str, given: str | None) -> bool:
    """Whether a letter to `title` would not know how to write « à … » (see `to_phrase`)."""
    return addressed(salutation, title) == title and article_of(title, salutation, given) is None


def to_phrase(salutation: str, title: str, given: str | None = None) -> str:
    """« à Monsieur le Préfet de la région Occitanie » when the form of address names the title;
    else the title with its article: « au directeur général de l'ARS », « à l'Agence régionale de
    santé », « au ministre chargé de la santé »; « à : » and the title when nothing tells its
    article (`petition validate` asks for `article`)."""
    named = addressed(salutation, title)
    if named != title:
        return "à " + named
    article = article_of(title, salutation, given)
    return article.phrase(title, to=True) if article else "à : " + title


def article_of(title: str, call: str = "", given: str | None = None) -> Article | None:
    """The article of `title` (see the module's docstring); None when nothing tells it."""
    noun = head_noun(title)
    known = _known(noun)
    if given in ARTICLES:
        return Article(given, False)
    gender = known[0] if known else None
    if gender in (None, "e"):
        gender = _call_gender(call, noun) or ("m" if gender == "e" else None)
    if gender is None:
        return None
    article = "l'" if elided(noun) else ("le" if gender == "m" else "la")
    return Article(article, bool(known and known[1]))
