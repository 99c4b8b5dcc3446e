"""What `petition discover` gives a coordinator: one line per candidate, the candidates' SCDL file
(ready for `petition import` once reviewed) and the review list of a pull request (Markdown)."""

from __future__ import annotations

import csv
import io
import re

from petition.core.referential import TYPE_LABELS
from petition.exchange.csvformats import SCDL_COLUMNS
from petition.exchange.discover import Candidate, Discovery
from petition.exchange.rows import one_line
from petition.text.french import date_long
from petition.text.mdtext import inline

# An address shown as a link in the review list: http(s), and nothing that could end the link or
# open other Markdown (spaces, quotes, brackets, angle brackets, backquotes).
_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s<>\"'`()\[\]{}|\\^]*)?")
MAX_REVIEW_ITEMS = 100
MAX_OBJECT = 300  # characters of an object shown in the review list (the file holds it whole)
REVIEW_STEPS = """\
Rien n'est importé tant qu'une personne n'a pas relu. Pour chaque délibération :

1. ouvrez son document (lien « document ») : sans document, demandez-le à la collectivité ;
2. vérifiez que c'est bien le texte de la campagne (la motion ou le vœu lui-même, pas une
   délibération qui ne fait que citer le sujet, une subvention ou une convention par exemple),
   qu'il a été adopté, et que la collectivité et la date sont les bonnes ;
3. retirez du fichier des candidates les lignes qui ne le sont pas, et ajoutez-les au fichier
   `decouvertes/<campagne>-ecartees.csv` (même en-tête) : elles ne seront plus proposées ;
4. importez le reste : `petition import decouvertes/<campagne>.csv --campaign <campagne>`, puis
   supprimez `decouvertes/<campagne>.csv` ;
5. complétez chaque motion écrite d'après son document (présences, vote, unanimité, texte) et
   lancez `petition validate` avant de fusionner."""


def body_text(c: Candidate) -> str:
    """« Lens (commune 62498) », or what the file says when the referential does not know it."""
    if c.body is not None:
        return f"{c.body.nom} ({TYPE_LABELS.get(c.body.type, c.body.type)} {c.body.code})"
    name = c.cells["COLL_NOM"].strip() or "collectivité sans nom"
    siret = c.cells["COLL_SIRET"].strip()
    return f"{name} (SIRET « {siret} » inconnu)" if siret else f"{name} (sans SIRET)"


def date_text(c: Candidate) -> str:
    return c.date or f"date illisible « {c.cells['DELIB_DATE'].strip()} »"


def candidate_line(c: Candidate, with_campaign: bool) -> str:
    """`SOURCE:LINE: DATE, BODY : « OBJECT » (mot-clé « X »)`, on one line."""
    campaign = f"[{c.campaign}] " if with_campaign else ""
    objet = " ".join(c.cells["DELIB_OBJET"].split())
    return one_line(f"{c.source}:{c.line}: {campaign}{date_text(c)}, {body_text(c)} : « {objet} » "
                    f"(mot-clé « {c.expression} »)")


def candidates_csv(candidates: list[Candidate]) -> str:
    """The candidates as an SCDL file: the 17 columns, comma, UTF-8, CRLF (as `petition export`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SCDL_COLUMNS)
    for c in candidates:
        writer.writerow([c.cells[name] for name in SCDL_COLUMNS])
    return out.getvalue()


def _link(url: str) -> str:
    url = url.strip()
    return f"<{url}>" if _SAFE_URL.fullmatch(url) else inline(url) if url else ""


def _item(c: Candidate) -> str:
    when = date_long(c.date) if c.date else inline(date_text(c))
    document = _link(c.cells["DELIB_URL"])
    objet = c.cells["DELIB_OBJET"]
    objet = objet if len(objet) <= MAX_OBJECT else objet[:MAX_OBJECT] + "…"
    parts = [f"- [ ] **{inline(body_text(c))}**, séance du {when} : « {inline(objet)} »",
             f"  - mot-clé trouvé : « {inline(c.expression)} »",
             f"  - document : {document}" if document else "  - document : aucune adresse publiée "
             "(DELIB_URL vide) : demandez-le à la collectivité",
             f"  - source : {_link(c.source) if '://' in c.source else inline(c.source)}, ligne "
             f"{c.line}"]
    parts += [f"  - ⚠️ {inline(note)}" for note in c.notes]
    return "\n".join(parts)


def review_markdown(found: Discovery, campaigns: list[str], files: dict[str, str]) -> str:
    """The review list of a search, by campaign: each candidate with its document to open, the
    steps to follow, and what was left aside. `files`: the candidates' file of each campaign."""
    lines = ["## Délibérations publiées à relire", "",
             f"{found.sources} fichier(s) SCDL lu(s), {found.rows} délibération(s) ; "
             f"{len(found.candidates)} candidate(s), {found.already} déjà dans le dépôt, "
             f"{found.set_aside} déjà écartée(s), {found.repeated} en double d'une source à "
             f"l'autre, {found.refused} laissée(s) de côté (cellule dangereuse).", "",
             REVIEW_STEPS, ""]
    shown = 0
    for cid in campaigns:
        mine = [c for c in found.candidates if c.campaign == cid]
        if not mine:
            continue
        where = f" (fichier `{files[cid]}`)" if cid in files else ""
        lines += [f"### Campagne {inline(cid)} : {len(mine)} candidate(s){where}", ""]
        listed = mine[:max(0, MAX_REVIEW_ITEMS - shown)]
        lines += [_item(c) for c in listed]
        shown += len(listed)
        if len(listed) < len(mine):
            lines.append(f"- … et {len(mine) - len(listed)} autre(s), dans le fichier des "
                         "candidates (liste trop longue pour être affichée ici)")
        lines.append("")
    if found.problems:
        errors = found.errors
        lines += [f"{errors} problème(s) de lecture et {len(found.problems) - errors} "
                  "avertissement(s) dans les sources : voir le journal de l'exécution.", ""]
    return "\n".join(lines)
