"""Share images: a 1200x630 PNG per page, its title and the slogan over the site's colours.

Link previews on WhatsApp, Facebook and X show this picture, often all a
reader sees: so a fact check's picture carries its verdict as a stamp above
its title, the verdict's mark and name on a label of its colour. The text is laid out with the font shipped in
``g20site/fonts`` (DejaVu Sans Bold, see ``LICENSE-DejaVu.txt``), right to
left for right-to-left languages. The same text always gives the same
bytes, so images are named by a hash of their text and made only once.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..pages.views import CARD_HEIGHT, CARD_WIDTH, ShareCard

if TYPE_CHECKING:
    from PIL import Image, ImageFont

WIDTH, HEIGHT = CARD_WIDTH, CARD_HEIGHT
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
# The stamp's colours by the style of the verdict, as its label on the page has them (site.css)
STAMP_COLOURS = {
    "wrong": ((165, 14, 39), WHITE),
    "misleading": (GOLD, NAVY),
    "unproven": ((74, 85, 104), WHITE),
    "correct": ((29, 107, 56), WHITE),
}
STAMP_TOP, STAMP_HEIGHT, STAMP_PADDING = 150, 72, 26


def _palette(style: str) -> list[int]:
    """The text ramps, the stamp's ramp (navy when there is no stamp), then the stripes."""
    background, text = STAMP_COLOURS.get(style, (NAVY, NAVY))
    stamp = [v for i in range(STAMP_LEVELS) for v in _blend(background, text, i / (STAMP_LEVELS - 1))]
    return PALETTE + stamp + [v for colour in STRIPES for v in colour]


def _stamp(index: Image.Image, text: str, x: int, rtl: bool, shaping: tuple[str | None, str | None]) -> None:
    """The verdict's label at the top of the title's place, drawn into the palette image ``index``."""
    from PIL import Image, ImageDraw

    font = _font(42)
    width = min(int(font.getlength(text)) + 2 * STAMP_PADDING, WIDTH - 2 * MARGIN)
    left = x - width if rtl else x
    ImageDraw.Draw(index).rounded_rectangle(
        (left, STAMP_TOP, left + width - 1, STAMP_TOP + STAMP_HEIGHT - 1), radius=12, fill=STAMP_INDEX)
    mask = Image.new("L", (width, STAMP_HEIGHT), 0)
    direction, language = shaping
    ImageDraw.Draw(mask).text((width // 2, STAMP_HEIGHT // 2), text, font=font, fill=255, anchor="mm",
                              direction=direction, language=language)
    levels = mask.point([STAMP_INDEX + value * (STAMP_LEVELS - 1) // 255 for value in range(256)])
    index.paste(levels, (left, STAMP_TOP), mask.point([0] + [255] * 255))


def render_png(card: ShareCard, photo: bytes | None = None) -> bytes:
    """The card as a PNG; as a JPEG over the page's ``photo`` when it has one (see ``share_photo.py``)."""
    from PIL import Image, ImageDraw, features  # imported here: only builds that draw pay for it

    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    rtl = card.direction == "rtl"
    shaping = features.check("raqm")  # right-to-left and joined scripts need libraqm
    direction, language = (card.direction, card.lang) if shaping else (None, None)
    x = WIDTH - MARGIN if rtl else MARGIN
    side = "r" if rtl else "l"

    def write(y: int, text: str, font: ImageFont.FreeTypeFont, base: str) -> None:
        draw.text((x, y), text, font=font, fill=255, anchor=side + base, direction=direction, language=language)

    write(96, card.kicker[:LONGEST], _font(30), "s")
    room = 3 if card.stamp else 4  # lines for the title: under the stamp, or in the whole band
    font, lines = _fit(card.title[:LONGEST], WIDTH - 2 * MARGIN, room)
    step = int(font.size * 1.22)
    top = STAMP_TOP + STAMP_HEIGHT + 30 if card.stamp else 150 + (4 - len(lines)) * step // 2
    for number, line in enumerate(lines):
        write(top + number * step, line, font, "a")
    write(HEIGHT - 66, card.slogan[:LONGEST], _font(30), "s")
    if photo is not None:
        from .share_photo import photo_card

        return photo_card(mask, photo, [(top, bottom, RAMPS[ramp][2]) for top, bottom, ramp in BANDS], STRIPES)
    index = Image.new("L", (WIDTH, HEIGHT), 0)
    for band_top, band_bottom, ramp in BANDS:
        first, levels, _ = RAMPS[ramp]
        table = [first + value * (levels - 1) // 255 for value in range(256)]
        index.paste(mask.crop((0, band_top, WIDTH, band_bottom)).point(table), (0, band_top))
    if card.stamp:
        _stamp(index, card.stamp[:LONGEST], x, rtl, (direction, language))
    image = Image.frombytes("P", (WIDTH, HEIGHT), index.tobytes())
    image.putpalette(_palette(card.stamp_style))
    stripes = ImageDraw.Draw(image)
    third = WIDTH // 3
    for number in range(len(STRIPES)):
        stripes.rectangle((number * third, HEIGHT - 18, (number + 1) * third, HEIGHT), fill=STRIPE_INDEX + number)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()
