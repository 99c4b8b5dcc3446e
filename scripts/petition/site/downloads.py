"""What readers download: the open-data exports, the letters, the source documents; with the
Données and Lettres pages that present them."""

from __future__ import annotations

import html
import re
import stat
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any

import markdown  # type: ignore[import-untyped]
import nh3
from markupsafe import Markup

from petition.core.checks import DOCUMENT_PATTERN, MAX_DOCUMENT_BYTES
from petition.core.model import DOCUMENTS_DIR
from petition.core.repository import MOTIONS_DIR
from petition.core.schemas import schema_text
from petition.exchange.export import FORMULA, MATTER, NO_ID, NO_SIRET, Export, build_export
from petition.letters import NoRecipient, compose_letters, render_letter, repository_version
from petition.site import escape, feed, francemap, share
from petition.site.context import Site
from petition.site.layout import campaign_page, md_link, url_of
from petition.site.motionview import DOCUMENTS_SITE_DIR
from petition.site.render import page
from petition.site.typography import spacing
from petition.text.french import file_size

Files = dict[str, str | bytes]
# (format of petition.exchange.export.build_export, file on the site, title, what it is)
EXPORTS = (
    ("scdl", "donnees/deliberations-scdl.csv", "SCDL « Délibérations » 2.1.5",
     "le format national des délibérations (schema.data.gouv.fr), motions adoptées dont la "
     "collectivité a un SIRET et dont l'acte a son numéro (voir ci-dessous)"),
    ("json", "donnees/motions.json", "JSON",
     "toutes les motions, tous leurs champs, avec les collectivités du référentiel"),
    ("csv", "donnees/motions.csv", "CSV pour tableur",
     "une ligne par motion, séparateur point-virgule, relisible par « petition import »"),
)
# The schemas, published at the address their "$id" gives on this site (relative in the repository:
# « motion.schema.json », the same for every cause).
SCHEMAS = (
    ("motion", "Schéma JSON des motions", "tous les champs d'une motion, décrits (JSON Schema "
     "Draft 2020-12) : pour vérifier ou produire des fichiers ailleurs"),
    ("campaign", "Schéma JSON des campagnes", "les champs d'un fichier campagne.yml"),
    ("sending", "Schéma JSON des envois", "les champs d'un envoi de lettre "
     "(motions/<campagne>/envois/)"),
    ("answer", "Schéma JSON des réponses", "les champs d'une réponse reçue "
     "(motions/<campagne>/reponses/)"),
    ("targets", "Schéma JSON des cibles", "les champs d'un fichier cibles.yml (les collectivités "
     "qu'une campagne sollicite)"),
)
LETTERS_DIR = "lettres"
OPEN_LETTER_BYTES = 50_000
# Past this size a letter is only downloaded, not shown on the page: naming thousands of councils,
# it would make a page of hundreds of thousands of DOM nodes (performance.md, readers' pages).
EMBED_LETTER_BYTES = 250_000
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def pages(site: Site) -> Files:
    files: Files = {}
    files.update(_exports(site))
    files.update(_letters(site))
    files.update(_documents(site))
    return files


# Why a data file holds no row yet, and how rows get in.
EMPTY = {
    "scdl": "vide pour l'instant : il ne décrit que les motions adoptées dont on connaît le SIRET "
            "de la collectivité et le numéro de l'acte (voir « Le fichier SCDL » ci-dessous) ; "
            "chacune y entre à la mise à jour du site qui suit l'ajout de ces deux numéros",
    "json": "vide pour l'instant : aucune motion n'est encore publiée ; chaque motion signalée et "
            "vérifiée y entre à la mise à jour suivante du site",
}
EMPTY["csv"] = EMPTY["json"]


def _exports(site: Site) -> Files:
    built = {fmt: build_export(site.repo, fmt) for fmt, _, _, _ in EXPORTS}
    published: list[tuple[str, str, str, str, int | None, str]] = [
        (path, built[fmt].text, title, what, built[fmt].motions, fmt)
        for fmt, path, title, what in EXPORTS]
    # A file with rows first: the first one offered is never an empty one.
    published.sort(key=lambda p: p[4] == 0)
    published += [(f"schema/{kind}.schema.json", _published_schema(site, kind), title, what, None, "")
                  for kind, title, what in SCHEMAS]
    files: Files = {}
    items = []
    for path, text, title, what, rows, fmt in published:
        content = files[path] = text.encode("utf-8")
        items.append({"title": title, "size": file_size(content),
                      "what": what if rows != 0 else f"{what} ; {EMPTY[fmt]}",
                      "rows": rows, "link": md_link("donnees.md", path),
                      "name": PurePosixPath(path).name})
    ref = site.ref
    files["donnees.md"] = page("donnees.md.j2", {"title": "Données"}, exports=items,
                               referential={"source": ref.source, "vintage": ref.vintage,
                                            "licence": ref.licence,
                                            "population_vintage": ref.population_vintage,
                                            "history": ref.history.source},
                               attribution=francemap.attribution(),
                               shares=_shares(site), scdl=_scdl_counts(built["scdl"]),
                               subscribe=md_link("donnees.md", "abonnement.md"))
    return files


def _published_schema(site: Site, kind: str) -> str:
    """The schema as the repository holds it, its relative "$id" made the absolute address where
    the site publishes it."""
    name = f"{kind}.schema.json"
    return schema_text(kind).replace(f'"$id": "{name}"',
                                     f'"$id": "{site.absolute(f"schema/{name}")}"', 1)


def _shares(site: Site) -> list[dict[str, Any]]:
    """Per campaign: the addresses other sites reuse (figures, badge, feed)."""
    found = []
    for campaign in site.campaigns:
        badge = share.badge_path(campaign.id)
        alt = f"{campaign.title} : {share.badge_text(campaign.title, site.campaign_figures(campaign.id))[1]}"
        page_url = site.absolute(url_of(campaign_page(campaign.id), site.settings.directory_urls))
        snippet = (f'<a href="{page_url}"><img src="{site.absolute(badge)}" '
                   f'alt="{spacing(alt)} (motions enregistrées ici)"></a>')
        found.append({
            "title": campaign.title, "id": campaign.id,
            "snippet": escape.trusted(html.escape(snippet)),
            "figures": md_link("donnees.md", share.figures_path(campaign.id)),
            "badge": md_link("donnees.md", badge),
            "feed": md_link("donnees.md", feed.campaign_feed(campaign.id)),
})
    return found


def _scdl_counts(scdl: Export) -> dict[str, int]:
    """How many motions the SCDL file holds, and how many it leaves out, by reason."""
    reasons = Counter(left.reason for left in scdl.left_out)
    return {"motions": scdl.motions, "rejected": scdl.rejected,
            "left_out": len(scdl.left_out), "no_siret": reasons[NO_SIRET],
            "no_id": reasons[NO_ID], "matter": reasons[MATTER], "formula": reasons[FORMULA]}


def _letters(site: Site) -> Files:
    files: Files = {}
    campaigns: list[dict[str, Any]] = []
    version = repository_version(site.repo.root)
    for campaign in site.campaigns:
        letters: list[dict[str, Any]] = []
        try:
            composed = compose_letters(site.repo, campaign.id, today=site.settings.today,
                                       version=version)
        except NoRecipient as exc:
            campaigns.append({"id": campaign.id, "title": campaign.title, "letters": [],
                              "problem": str(exc).split(": ", 1)[-1]})
            continue
        for letter in composed:
            text, pdf = render_letter(letter, "md"), render_letter(letter, "pdf")
            md_name, pdf_name = f"{letter.file_stem}.md", f"{letter.file_stem}.pdf"
            files[letter_markdown(letter.file_stem)] = text
            files[f"{LETTERS_DIR}/{pdf_name}"] = pdf
            letters.append({
                "recipient": letter.recipient.title, "heading": letter.heading,
                "draft": letter.draft,
                "markdown": letter_markdown(letter.file_stem), "md_size": file_size(text), "md_name": md_name,
                "pdf": f"{LETTERS_DIR}/{pdf_name}", "pdf_size": file_size(pdf), "pdf_name": pdf_name,
                "html": (letter_html(text.decode("utf-8")) if len(text) <= EMBED_LETTER_BYTES
                         else None),
                # A letter naming thousands of bodies starts folded.
                "open": len(text) <= OPEN_LETTER_BYTES})
        campaigns.append({"id": campaign.id, "title": campaign.title, "letters": letters,
                          "problem": ""})
    files["lettres.md"] = page("lettres.md.j2", {"title": "Lettres"}, campaigns=campaigns)
    return files


def letter_markdown(stem: str) -> str:
    """Where a letter's Markdown is published: `.md.txt`, because every site generator renders a
    `.md` file of its source folder as a page. The Lettres page's link still saves it as `.md`."""
    return f"{LETTERS_DIR}/{stem}.md.txt"


def letter_html(text: str) -> Markup:
    """A letter's Markdown as HTML for the Lettres page: the letter quotes contributor text, so its
    HTML is sanitised (nh3: no script, no event attribute, no javascript: link) and its headings
    are moved below the page's own."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"])
    clean = nh3.clean(html, url_schemes={"http", "https", "mailto"})
    demoted = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", clean)
    return escape.trusted(demoted)


def _documents(site: Site) -> Files:
    """The PDFs that valid motions cite, published beside the motions (already checked by
    `petition validate`; checked again here, so that nothing else ever leaves the repository)."""
    folder = (site.repo.root / MOTIONS_DIR / DOCUMENTS_DIR).resolve()
    files: Files = {}
    for motion in site.motions:
        for source in motion.data.get("sources") or []:
            ref = source.get("fichier") if isinstance(source, dict) else None
            if isinstance(ref, str) and DOCUMENT_PATTERN.match(ref):
                name = PurePosixPath(ref).name
                content = _read_document(folder / name, folder)
                if content is not None:
                    files[f"{DOCUMENTS_SITE_DIR}/{name}"] = content
    return files


def _read_document(path: Path, folder: Path) -> bytes | None:
    try:
        info = path.lstat()
    except OSError:
        return None
    if (not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DOCUMENT_BYTES
            or path.resolve().parent != folder):
        return None
    content = path.read_bytes()
    return content if content.startswith(b"%PDF-") else None
