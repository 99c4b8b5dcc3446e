"""The picture a shared link shows (Open Graph `og:image`, 1200 × 630): one per campaign (its
name, how many councils adopted it, the population they cover) and one for the home page (every
campaign together). Drawn at build time with Pillow in the fonts the letters use (DejaVu, shipped
with the package): no service, no network, the same bytes for the same figures.
"""

from __future__ import annotations

import io
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from petition.site.layout import CAMPAIGNS_DIR
from petition.text.french import number

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
HOME_IMAGE = "partage.png"
IMAGE_NAME = "partage.png"
_BAND = (40, 53, 147)  # the site's indigo
_INK = (26, 35, 126)
_TEXT = (33, 33, 33)
_GREY = (84, 84, 84)
_PAPER = (255, 255, 255)

Font = ImageFont.FreeTypeFont


def campaign_image(campaign_id: str) -> str:
    return f"{CAMPAIGNS_DIR}/{campaign_id}/{IMAGE_NAME}"


@cache
def _font(style: str, size: int) -> Font:
    name = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf"}[style]
    path = resources.files("petition.data").joinpath("fonts", name)
    with resources.as_file(path) as file:
        return ImageFont.truetype(str(file), size)


def _lines(text: str, font: Font, width: int) -> list[str]:
    """The words of `text` in lines no wider than `width`."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _fit(text: str, style: str, sizes: tuple[int, ...], width: int, most: int) -> tuple[Font, list[str]]:
    """The largest size at which `text` holds in `most` lines; at the smallest, the last line
    ends with « … »."""
    for size in sizes:
        font = _font(style, size)
        lines = _lines(text, font, width)
        if len(lines) <= most:
            return font, lines
    lines = lines[:most]
    while font.getlength(lines[-1] + " …") > width and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    lines[-1] += " …"
    return font, lines


def picture(band_text: str, title: str, figures: dict[str, Any], what: str) -> bytes:
    """The picture: the site's name (or address) in a band, the title, the count of councils that
    adopted (`what`: « ont adopté la motion »), the population they cover."""
    population = figures.get("population_couverte")
    return _picture(band_text, title, int(figures.get("collectivites") or 0),
                    population if isinstance(population, int) else None, what)


@lru_cache(maxsize=16)
def _picture(band_text: str, title: str, count: int, population: int | None, what: str) -> bytes:
    """`picture`, drawn once per process for the same text and figures (`mkdocs serve` draws
    again only the pictures whose figures changed)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 96), fill=_BAND)
    band_font, band = _fit(band_text, "", (32, 28, 24), WIDTH - 2 * MARGIN, 1)
    draw.text((MARGIN, 48), band[0], font=band_font, fill=_PAPER, anchor="lm")
    y = 140
    title_font, lines = _fit(title, "B", (56, 50, 44, 38), WIDTH - 2 * MARGIN, 3)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=_INK)
        y += round(title_font.size * 1.25)
    y = max(y + 24, 360)
    big = _font("B", 88)
    value = number(count)
    draw.text((MARGIN, y), value, font=big, fill=_BAND)
    label = f"{'collectivité' if count < 2 else 'collectivités'} {what}"
    label_font, label_lines = _fit(label, "", (36, 32, 28), WIDTH - 2 * MARGIN - round(
        big.getlength(value)) - 32, 2)
    x = MARGIN + round(big.getlength(value)) + 32
    top = y + 14 if len(label_lines) > 1 else y + 30
    for line in label_lines:
        draw.text((x, top), line, font=label_font, fill=_TEXT)
        top += round(label_font.size * 1.2)
    y += 124
    if population:  # unknown (None) or none: no line
        covered = f"{number(population)} {'habitant couvert' if population < 2 else 'habitants couverts'}"
        draw.text((MARGIN, y), covered, font=_font("", 40), fill=_TEXT)
    draw.text((MARGIN, HEIGHT - 44), "Chiffres des motions enregistrées sur le site, chacune avec "
              "sa source", font=_font("", 24), fill=_GREY, anchor="lm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
