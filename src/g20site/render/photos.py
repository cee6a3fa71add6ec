"""The pixels of a photo as published: upright, in sRGB, without metadata, in each size asked for.

A photo is decoded once, turned by its EXIF orientation, converted from its colour profile to
sRGB (what browsers assume of a picture without one), and then saved afresh in every width
``pages/photos.py`` plans. Pillow writes only what it is given: the EXIF (with the GPS position
a phone records), XMP, the colour profile and comments of the original stay behind.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..load.images import ALPHA_MODES
from ..pages.photos import Variant

if TYPE_CHECKING:
    from PIL.Image import Image

QUALITY = {"WEBP": 80, "JPEG": 82}  # the sized variants: indistinguishable on a screen, a fraction of the bytes
FULL_QUALITY = 90  # the copy at the photo's own size, which people may download


def encode(data: bytes, variants: Iterable[Variant]) -> dict[str, bytes]:
    """Each of ``variants`` of the photo in ``data``, by its key; Pillow's errors pass through
    (a file that cannot be decoded)."""
    sized = {0: upright(data)}  # by width, 0 the photo's own: each width made from the next larger one
    made = {}
    for variant in sorted(variants, key=lambda v: (v.full, -v.width)):
        width = 0 if variant.full else variant.width
        if width not in sized:
            larger = min((w for w in sized if w > width), default=0)
            sized[width] = _resized(sized[larger], variant)
        made[variant.key] = _saved(sized[width], variant)
    return made


def upright(data: bytes, least: int = 0) -> Image:
    """The photo decoded, turned upright, in sRGB, with nothing of its metadata. ``least``: both
    sides at least that long will do (a JPEG is then decoded at a half, a quarter or an eighth)."""
    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # sizes were checked: a file changed since
        opened = Image.open(io.BytesIO(data))
        early = opened.format != "PNG" or "exif" in opened.info  # what load/images.py reads of a PNG
        if least:
            opened.draft(None, (least, least))
        opened.load()
    if early:
        ImageOps.exif_transpose(opened, in_place=True)  # in place: a 50-megapixel photo is 150 MB a copy
    image = _srgb(opened)
    image.info = {}  # comments, dpi and the rest would otherwise be written again
    return image


def _srgb(image: Image) -> Image:
    """RGB, or RGBA when it has transparency, converted from its colour profile when it has one."""
    from PIL import ImageCms

    transparent = image.mode in ALPHA_MODES or "transparency" in image.info
    mode = "RGBA" if transparent else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):  # a damaged profile: the colours as they are
            pass
    return image.convert(mode) if image.mode != mode else image


def _resized(image: Image, variant: Variant) -> Image:
    from PIL import Image as PIL

    return image.resize((variant.width, variant.height), PIL.Resampling.LANCZOS, reducing_gap=3.0)


def _saved(image: Image, variant: Variant) -> bytes:
    out, kind = io.BytesIO(), variant.format
    quality = FULL_QUALITY if variant.full else QUALITY.get(kind, 0)
    if kind == "PNG":
        image.save(out, "PNG", optimize=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=quality, method=4)
    else:  # a JPEG has no transparency (a PNG named .jpg may)
        image = image.convert("RGB") if image.mode != "RGB" else image
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
