"""The pictures of static/, from their headers: the size they are shown at, transparency, and
whether g20site can publish them; and the warnings for content that uses one it cannot.

Only the header is read by Pillow, never the pixels: a file over :data:`MOST_BYTES` is not
even opened, and one over :data:`MOST_PIXELS` (a "decompression bomb" among them) is refused
from the size its header states. Such a picture, or one Pillow cannot read, is left out of
the site with a warning: published as it is, it would carry its metadata (the place a phone
recorded) to every reader.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..digest import digest
from ..errors import Problem
from ..messages import Message
from .model import Document, StaticImage

if TYPE_CHECKING:
    from PIL.Image import Image

PHOTOS = (".jpg", ".jpeg", ".png", ".webp")  # published in several sizes, upright, without metadata
IMAGES = (*PHOTOS, ".gif")  # a GIF is published as it is (it may move), with its size on the page
MOST_BYTES = 20_000_000
MOST_PIXELS = 50_000_000
ORIENTATION = 0x0112  # the EXIF tag
TURNED = frozenset({5, 6, 7, 8})  # orientations that swap width and height
ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})

UNREADABLE = Message("is not an image g20site can read: it is left out of the site; open it in an image "
                     "editor and save it again as JPEG or PNG")
TOO_MANY_PIXELS = Message("has more than {limit} million pixels, more than g20site publishes: it is left out "
                          "of the site; save it smaller, e.g. 2400 pixels wide").format(limit=MOST_PIXELS // 10**6)
TOO_MANY_BYTES = Message("is larger than {limit} MB, more than g20site publishes: it is left out of the site; "
                         "save it smaller, e.g. 2400 pixels wide as JPEG").format(limit=MOST_BYTES // 10**6)


def inspect(file: Path) -> StaticImage:
    """What the header of ``file`` says; a picture g20site cannot publish carries its problem."""
    if file.stat().st_size > MOST_BYTES:
        return StaticImage(0, 0, problem=TOO_MANY_BYTES)
    from PIL import Image  # only sites with images pay for the import

    photo = file.suffix.lower() in PHOTOS
    data = file.read_bytes()
    try:
        with warnings.catch_warnings():  # a size over Pillow's own limit is refused below, with words
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                turned = photo and _orientation(image) in TURNED
                transparent = image.mode in ALPHA_MODES or "transparency" in image.info
    except Image.DecompressionBombError:
        return StaticImage(0, 0, problem=TOO_MANY_PIXELS)
    except Exception:  # noqa: BLE001 - a damaged file may fail in any of Pillow's parsers: it is not published
        return StaticImage(0, 0, problem=UNREADABLE)
    if width * height > MOST_PIXELS:
        return StaticImage(width, height, problem=TOO_MANY_PIXELS)
    if turned:
        width, height = height, width
    return StaticImage(width, height, digest(data) if photo else "", transparent)


def _orientation(image: Image) -> int:
    """The EXIF orientation, 1 when there is none. A PNG's is read only when it comes before the
    pixels: Pillow would decode the whole picture to look further."""
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    value = image.getexif().get(ORIENTATION, 1)
    return value if isinstance(value, int) else 1


def references(documents: Iterable[Document], images: Mapping[str, StaticImage]) -> list[Problem]:
    """A warning at each line of content that uses a picture left out of the site: the ``image:``
    of a document, and each line of a body that names the picture's address."""
    left_out = {name for name, image in images.items() if image.problem}
    problems = []
    for doc in documents if left_out else ():
        if doc.image in left_out:
            message = Message("image: /{image} is left out of the site (see the warning about static/{image}); "
                               "the page is shown without it").format(image=doc.image)
            problems.append(Problem(doc.path, doc.image_line, message, "warning"))
        for number, line in enumerate(doc.body.split("\n")):
            for name in sorted(left_out):
                if f"/{name}" in line:
                    message = Message('"/{image}" is left out of the site (see the warning about static/{image}); '
                                      "the page does not show it").format(image=name)
                    problems.append(Problem(doc.path, doc.body_line + number, message, "warning"))
    return problems


def is_image(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in IMAGES
