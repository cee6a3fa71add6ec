"""What is published of each photo, and where: pure, the pixels are made in ``render/photos.py``.

A photo of ``static/`` (JPEG, PNG or WebP) becomes a few widths (:data:`WIDTHS`, never wider than
it is) in WebP and in JPEG (PNG when it has transparency), named by a hash of its bytes and of
:data:`DESIGN` (``photos/<hash>-960.webp``): a name never changes its bytes, so hosts may cache
it for ever. A copy at its own address and size, turned upright and without metadata, keeps
links to the file itself working.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..digest import digest
from ..load.model import StaticImage
from ..load.settings import SiteConfig
from . import urls
from .views import CARD_HEIGHT, CARD_WIDTH, Picture

WIDTHS = (480, 960, 1440)
FOLDER = "photos/"
DESIGN = "photo-1"  # change with the encoder's settings (render/photos.py): every variant gets a new name
# The width a photo is shown at: the reading column (42rem), or the screen less its margins.
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
SUFFIXES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class Variant:
    """One file made of a photo."""

    name: str  # in the output
    width: int
    height: int
    format: str  # JPEG, PNG or WEBP: Pillow's names
    key: str  # its name in the build cache
    full: bool = False  # the copy at the photo's own size and address

    @property
    def fingerprint(self) -> str:
        return digest(DESIGN, self.key, self.name)


def widths(width: int) -> tuple[int, ...]:
    """The widths made of a photo ``width`` pixels wide: those of :data:`WIDTHS` below it, and the
    largest it allows."""
    return (*(w for w in WIDTHS if w < min(width, WIDTHS[-1])), min(width, WIDTHS[-1]))


def fallback(image: StaticImage) -> str:
    return "PNG" if image.transparent else "JPEG"


def variants(image: StaticImage) -> tuple[Variant, ...]:
    """The sized files of a photo: WebP, then the fallback, each narrowest first."""
    stem = digest(DESIGN, image.digest)[:20]
    made = []
    for kind in ("WEBP", fallback(image)):
        for width in widths(image.width):
            name = f"{stem}-{width}.{SUFFIXES[kind]}"
            made.append(Variant(FOLDER + name, width, _height(image, width), kind, name))
    return tuple(made)


def clean_copy(name: str, image: StaticImage) -> Variant:
    """The photo at its own address and size, in the format its name says."""
    kind = FORMATS[PurePosixPath(name).suffix.lower()]
    key = f"{digest(DESIGN, image.digest)[:20]}-full.{SUFFIXES[kind]}"
    return Variant(name, image.width, image.height, kind, key, full=True)


def made_of(name: str, image: StaticImage) -> tuple[Variant, ...]:
    """Every file published of photo ``name``."""
    return (*variants(image), clean_copy(name, image))


def _height(image: StaticImage, width: int) -> int:
    return max(1, round(image.height * width / image.width))


def picture(config: SiteConfig, name: str, image: StaticImage) -> Picture:
    """How pages show photo ``name`` of static/."""
    made = variants(image)

    def srcset(kind: str) -> str:
        return ", ".join(f"{urls.url(config, v.name)} {v.width}w" for v in made if v.format == kind)

    backup = [v for v in made if v.format != "WEBP"]
    src = max((v for v in backup if v.width <= WIDTHS[1]), key=lambda v: v.width, default=backup[0])
    return Picture(name, image.digest, urls.url(config, src.name), srcset(fallback(image)), srcset("WEBP"), SIZES,
                   image.width, image.height)


def fills_card(picture: Picture) -> bool:
    """``picture`` is large enough to be a share image's background: scaled up more than twice, it would blur."""
    return picture.width >= CARD_WIDTH // 2 and picture.height >= CARD_HEIGHT // 2
