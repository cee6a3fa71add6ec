"""A share image with the page's photo behind its words: the photo cropped to fill 1200x630, under
a dark navy veil that deepens towards the foot, so that the words keep their contrast whatever
the photo (white on a white photo: 5.8:1, the gold line 3.4:1 at its large size). A JPEG
(100 KB over a grainy phone photo): as a PNG a photo is ten times larger, and link previews
skip large pictures (WhatsApp's limit is often given as 300 KB).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageOps

from .photos import upright

Colour = tuple[int, int, int]
VEIL = ((12, 37, 80), 0.70, 0.85)  # navy, how opaque at the top and at the foot
QUALITY = 82


def photo_card(
    mask: Image.Image, photo: bytes, bands: Sequence[tuple[int, int, Colour]], stripes: Sequence[Colour]
) -> bytes:
    """The card: ``mask`` (the words, white on black) coloured by ``bands`` (top, bottom, colour)
    over the veiled ``photo``, with the ``stripes`` along the foot."""
    size = mask.size
    background = Image.alpha_composite(_cover(photo, size).convert("RGBA"), _veil(size)).convert("RGB")
    colours = Image.new("RGB", size)
    paint = ImageDraw.Draw(colours)
    for top, bottom, colour in bands:
        paint.rectangle((0, top, size[0], bottom), fill=colour)
    card = Image.composite(colours, background, mask)
    draw = ImageDraw.Draw(card)
    width = size[0] // len(stripes)
    for number, colour in enumerate(stripes):
        draw.rectangle((number * width, size[1] - 18, (number + 1) * width, size[1]), fill=colour)
    out = io.BytesIO()
    card.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _cover(photo: bytes, size: tuple[int, int]) -> Image.Image:
    """The photo, upright, scaled and cropped to fill ``size`` (a little above the centre: faces);
    plain navy if it cannot be decoded after all (``build/photos.py`` warns about the file)."""
    try:
        return ImageOps.fit(upright(photo, max(size)), size, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    except Exception:  # noqa: BLE001 - a file damaged past its header may fail anywhere in Pillow's decoders
        return Image.new("RGB", size, VEIL[0])


def _veil(size: tuple[int, int]) -> Image.Image:
    (red, green, blue), top, foot = VEIL
    ramp = Image.linear_gradient("L").resize(size)  # 0 at the top to 255 at the foot
    alpha = ramp.point(lambda value: round(255 * (top + (foot - top) * value / 255)))
    veil = Image.new("RGBA", size, (red, green, blue, 255))
    veil.putalpha(alpha)
    return veil
