"""What other sites reuse, per campaign: its figures as a small JSON file and a counter badge
(SVG) to embed, both documented on the Données page.

`chiffres.json` is the campaign's entry of `petition stats --format json`, unchanged (every key of
the contract, and what later helpers add), with the addresses of its page, feed and badge. The
badge is drawn here (no third-party badge service: hazards.md 17), its text escaped as XML.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as xml_escape

from petition.core.model import Campaign
from petition.site import escape, preview
from petition.site.context import Site
from petition.site.feed import campaign_feed
from petition.site.layout import CAMPAIGNS_DIR, campaign_page, url_of
from petition.site.typography import spacing
from petition.text.french import number

FIGURES = "chiffres.json"
BADGE = "badge.svg"
_CHAR_WIDTH = 6.6  # Verdana at 11 px, on average: the badge is sized to its text
_PAD = 8


def figures_path(campaign_id: str) -> str:
    return f"{CAMPAIGNS_DIR}/{campaign_id}/{FIGURES}"


def badge_path(campaign_id: str) -> str:
    return f"{CAMPAIGNS_DIR}/{campaign_id}/{BADGE}"


def pages(site: Site, campaign: Campaign) -> dict[str, str | bytes]:
    figures = site.campaign_figures(campaign.id)
    return {figures_path(campaign.id): figures_json(site, campaign, figures),
            badge_path(campaign.id): badge(campaign.title, figures),
            preview.campaign_image(campaign.id): preview.picture(
                site.settings.site_name, campaign.title, figures, "ont adopté la motion")}


def figures_json(site: Site, campaign: Campaign, figures: dict[str, Any]) -> bytes:
    directory_urls = site.settings.directory_urls
    data = {
        "titre": campaign.title,
        "page": site.absolute(url_of(campaign_page(campaign.id), directory_urls)),
        "flux": site.absolute(campaign_feed(campaign.id)),
        "badge": site.absolute(badge_path(campaign.id)),
        "note": "Chiffres des motions enregistrées sur ce site (voir sa méthodologie) ; "
                "« motions » compte aussi les motions rejetées, les autres chiffres les seules "
                "motions adoptées.",
        **figures,
    }
    return escape.json_bytes(data, indent=1) + b"\n"


# The badge names its campaign: its title, cut at a word past this many characters (the whole title
# is its accessible name and tooltip).
BADGE_TITLE = 48


def badge_text(title: str, figures: dict[str, Any]) -> tuple[str, str]:
    """(the campaign, as the badge shows it; what it says of it)."""
    count = int(figures["collectivites"])
    goal = figures.get("objectif")
    value = "adoptée par " + number(count) + (" collectivités" if count > 1 else " collectivité")
    if isinstance(goal, int) and goal:
        value += f" sur {number(goal)}"
    shown = title
    if len(title) > BADGE_TITLE:
        shown = title[:BADGE_TITLE].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    return shown, value


def badge(title: str, figures: dict[str, Any]) -> bytes:
    label, value = badge_text(title, figures)
    left = round(len(label) * _CHAR_WIDTH) + 2 * _PAD
    right = round(len(value) * _CHAR_WIDTH) + 2 * _PAD
    width = left + right
    whole = xml_escape(spacing(f"{title} : {value} (motions enregistrées ici)"))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{whole}"><title>{whole}</title>'
        f'<rect width="{left}" height="20" fill="#37474f"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="#1d5a8a"/>'
        '<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{_PAD}" y="14">{xml_escape(label)}</text>'
        f'<text x="{left + _PAD}" y="14">{xml_escape(value)}</text></g></svg>\n')
    return svg.encode("utf-8")
