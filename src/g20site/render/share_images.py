"""Share images: a 1200x630 PNG per page, its title and the slogan over the site's colours.

Link previews on WhatsApp, Facebook and X show this picture, often all a
reader sees: so a fact check's picture carries its verdict as a stamp above
its title, the verdict's mark and name on a label of its colour. The text is laid out with the font shipped in
``g20site/fonts`` (DejaVu Sans Bold, see ``LICENSE-DejaVu.txt``), right to
left for right-to-left languages. The same text always gives the same
bytes, so images are named by a hash of their text and made only once.
The kicker and the slogan, the same on every page of a language, are drawn
once per process, and compressed once too (``png_bands.py``); the title is drawn into its own band, whose
rows above and below the words are taken ready-made too.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..pages.views import CARD_HEIGHT, CARD_WIDTH, ShareCard
from . import png_bands

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = CARD_WIDTH, CARD_HEIGHT
Shaping = tuple[str | None, str | None]  # the direction and language given to libraqm, when Pillow has it
FONT = Path(__file__).parent.parent / "fonts" / "DejaVuSans-Bold.ttf"
NAVY, GOLD, WHITE, PALE = (12, 37, 80), (242, 193, 78), (255, 255, 255), (219, 230, 245)
STRIPES = ((176, 16, 42), GOLD, (91, 155, 213))
MARGIN = 80
LONGEST = 400  # characters of a text laid out: more never fits, and would only cost time


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit(text: str, width: int, lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose wrapped text fits in ``lines`` lines."""
    for size in (68, 60, 52, 46, 40, 34):
        font = _font(size)
        wrapped = _wrap(text, font, width)
        if len(wrapped) <= lines:
            return font, wrapped
    font = _font(34)
    wrapped = _wrap(text, font, width)
    return font, [*wrapped[: lines - 1], wrapped[lines - 1] + " …"]


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> list[int]:
    return [round(x + (y - x) * t) for x, y in zip(a, b, strict=True)]


# The picture is drawn as a grey-level mask of the text, then coloured through a palette:
# one ramp from navy to each text colour, one for the stamp (from its colour to its text's),
# plus the three stripe colours. A palette PNG is a third of the bytes of a full-colour one
# and several times faster to encode.
RAMPS = ((0, 128, WHITE), (128, 64, GOLD), (192, 28, PALE))  # (first index, levels, colour)
STAMP_INDEX, STAMP_LEVELS = 220, 32
STRIPE_INDEX = 252
PALETTE = [v for first, levels, colour in RAMPS for i in range(levels) for v in _blend(NAVY, colour, i / (levels - 1))]
BANDS = ((0, 130, 1), (130, 520, 0), (520, HEIGHT, 2))  # (top, bottom, ramp): kicker, title, slogan
TITLE_TOP = BANDS[1][0]
# The stamp's colours by the style of the verdict, as its label on the page has them (site.css)
STAMP_COLOURS = {
    "wrong": ((165, 14, 39), WHITE),
    "misleading": (GOLD, NAVY),
    "unproven": ((74, 85, 104), WHITE),
    "correct": ((29, 107, 56), WHITE),
}
STAMP_TOP, STAMP_HEIGHT, STAMP_PADDING = 150, 72, 26


@cache
def _palette(style: str) -> list[int]:
    """The text ramps, the stamp's ramp (navy when there is no stamp), then the stripes."""
    background, text = STAMP_COLOURS.get(style, (NAVY, NAVY))
    stamp = [v for i in range(STAMP_LEVELS) for v in _blend(background, text, i / (STAMP_LEVELS - 1))]
    return PALETTE + stamp + [v for colour in STRIPES for v in colour]


def _stamp(index: Image.Image, text: str, x: int, rtl: bool, shaping: Shaping) -> None:
    """The verdict's label at the top of the title's place, drawn into ``index`` (the title's band, as
    palette indices)."""
    from PIL import Image, ImageDraw

    font = _font(42)
    width = min(int(font.getlength(text)) + 2 * STAMP_PADDING, WIDTH - 2 * MARGIN)
    left = x - width if rtl else x
    top = STAMP_TOP - TITLE_TOP
    ImageDraw.Draw(index).rounded_rectangle(
        (left, top, left + width - 1, top + STAMP_HEIGHT - 1), radius=12, fill=STAMP_INDEX)
    mask = Image.new("L", (width, STAMP_HEIGHT), 0)
    direction, language = shaping
    ImageDraw.Draw(mask).text((width // 2, STAMP_HEIGHT // 2), text, font=font, fill=255, anchor="mm",
                              direction=direction, language=language)
    levels = mask.point([STAMP_INDEX + value * (STAMP_LEVELS - 1) // 255 for value in range(256)])
    index.paste(levels, (left, top), mask.point([0] + [255] * 255))


def render_png(card: ShareCard, photo: bytes | None = None) -> bytes:
    """The card as a PNG; as a JPEG over the page's ``photo`` when it has one (see ``share_photo.py``)."""
    from PIL import Image, ImageDraw  # imported here: only builds that draw pay for it

    rtl = card.direction == "rtl"
    shaping = _shaping(card.direction, card.lang)
    x = WIDTH - MARGIN if rtl else MARGIN
    room = 3 if card.stamp else 4  # lines for the title: under the stamp, or in the whole band
    font, lines = _fit(card.title[:LONGEST], WIDTH - 2 * MARGIN, room)
    step = int(font.size * 1.22)
    top = STAMP_TOP + STAMP_HEIGHT + 30 if card.stamp else 150 + (4 - len(lines)) * step // 2
    # The title's band is drawn a column wider, one to the right: each row starts with PNG's filter byte (a 0)
    title = Image.new("L", (WIDTH + 1, BANDS[1][1] - BANDS[1][0]), 0)
    draw = ImageDraw.Draw(title)
    for number, line in enumerate(lines):
        _write(draw, (x + 1, top + number * step - BANDS[1][0]), line, font, "a", rtl, shaping)
    title.paste(0, (0, 0, 1, title.height))  # a word too long for a right-to-left line runs off the left edge
    kicker = (card.kicker[:LONGEST], 96, BANDS[0], rtl, shaping)
    slogan = (card.slogan[:LONGEST], HEIGHT - 66, BANDS[2], rtl, shaping)
    if photo is not None:
        from .share_photo import photo_card

        mask = Image.new("L", (WIDTH, HEIGHT), 0)
        middle = title.crop((1, 0, title.width, title.height))
        for band, (band_top, _, _) in zip((_band(*kicker), middle, _band(*slogan)), BANDS, strict=True):
            mask.paste(band, (0, band_top))
        return photo_card(mask, photo, [(top, bottom, RAMPS[ramp][2]) for top, bottom, ramp in BANDS], STRIPES)
    middle = title.point(_levels(BANDS[1][2]))
    if card.stamp:
        _stamp(middle, card.stamp[:LONGEST], x + 1, rtl, shaping)
    box = middle.getbbox()  # the rows with something on them: only those are compressed
    bands = (_head(*kicker), *png_bands.cut(middle.tobytes(), WIDTH + 1, box and (box[1], box[3])), _foot(*slogan))
    return png_bands.png(WIDTH, HEIGHT, _palette(card.stamp_style), bands)


@cache
def _shaping(direction: str, lang: str) -> Shaping:
    from PIL import features

    return (direction, lang) if features.check("raqm") else (None, None)  # right-to-left and joined scripts


def _write(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, font: ImageFont.FreeTypeFont, base: str,
           rtl: bool, shaping: Shaping) -> None:
    direction, language = shaping
    draw.text(at, text, font=font, fill=255, anchor=("r" if rtl else "l") + base, direction=direction,
              language=language)


@cache
def _band(text: str, y: int, band: tuple[int, int, int], rtl: bool, shaping: Shaping) -> Image.Image:
    """The mask of a line of small text (the kicker, the slogan) in its band: the same on every page
    of a language, so drawn once per process."""
    from PIL import Image, ImageDraw

    top, bottom, _ = band
    mask = Image.new("L", (WIDTH, bottom - top), 0)
    _write(ImageDraw.Draw(mask), (WIDTH - MARGIN if rtl else MARGIN, y - top), text, _font(30), "s", rtl, shaping)
    return mask


@cache
def _coloured(text: str, y: int, band: tuple[int, int, int], rtl: bool, shaping: Shaping) -> Image.Image:
    """The same band as palette indices on its ramp, once per process too."""
    return _band(text, y, band, rtl, shaping).point(_levels(band[2]))


@cache
def _levels(ramp: int) -> list[int]:
    """The palette index of each grey level of the mask, on ``ramp``."""
    first, levels, _ = RAMPS[ramp]
    return [first + value * (levels - 1) // 255 for value in range(256)]


@cache
def _head(text: str, y: int, band: tuple[int, int, int], rtl: bool, shaping: Shaping) -> png_bands.Band:
    """The kicker's band, compressed once per process."""
    return png_bands.band(_rows(_coloured(text, y, band, rtl, shaping)))


@cache
def _foot(text: str, y: int, band: tuple[int, int, int], rtl: bool, shaping: Shaping) -> png_bands.Band:
    """The slogan's band with the stripes along the bottom, compressed once per process."""
    from PIL import ImageDraw

    foot = _coloured(text, y, band, rtl, shaping).copy()
    stripes = ImageDraw.Draw(foot)
    third, top = WIDTH // 3, HEIGHT - 18 - band[0]
    for number in range(len(STRIPES)):
        stripes.rectangle((number * third, top, (number + 1) * third, HEIGHT - band[0]), fill=STRIPE_INDEX + number)
    return png_bands.band(_rows(foot), last=True)


def _rows(band: Image.Image) -> bytes:
    """The rows of ``band`` as a PNG holds them: each after a 0 (its filter, "none"), pasted in one go."""
    from PIL import Image

    rows = Image.new("L", (band.width + 1, band.height), 0)
    rows.paste(band, (1, 0))
    return rows.tobytes()
