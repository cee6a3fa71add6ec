"""The files of ``static/`` (listed by ``confine.files_below``): the sizes of images and the hashes
of styles and scripts, and the digest of the theme (templates, catalogs and static files) that every page depends on."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ..digest import digest
from ..errors import Problem
from ..messages import Message

IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


HASHED = (".css", ".js", ".mjs")  # named by their content in the output, so hosts may cache them for ever
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_NUMBER = rb"[-+\d.eE]+"
_SVG_BOX = re.compile(rb"""\sviewBox\s*=\s*["']\s*""" + _NUMBER + rb"[\s,]+" + _NUMBER + rb"[\s,]+(" + _NUMBER
                      + rb")[\s,]+(" + _NUMBER + rb""")\s*["']""")
_SVG_SIDE = re.compile(rb"""\s(width|height)\s*=\s*["']\s*(\d+(?:\.\d+)?)(?:px)?\s*["']""")


def theme_digest(
    folder: Path,
    templates: tuple[str, ...],
    static: tuple[str, ...],
    sizes: dict[str, tuple[int, int]],
    hashes: dict[str, str],
) -> str:
    """``templates``: every file below the templates ``folder``, listed by ``confine.files_below``."""
    parts: list[str | bytes] = [*static, repr(sorted(sizes.items())), repr(sorted(hashes.items()))]
    for name in templates:
        parts += [name, (folder / name).read_bytes()]
    return digest(*parts)


def static_details(
    folder: Path, names: tuple[str, ...], problems: list[Problem]
) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    """The size of each static image (for width and height), and a hash of each stylesheet and script."""
    sizes: dict[str, tuple[int, int]] = {}
    hashes: dict[str, str] = {}
    for name in names:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in HASHED:
            hashes[name] = digest((folder / name).read_bytes())[:10]
        elif suffix == ".svg":
            size = svg_size((folder / name).read_bytes())
            if size is not None:
                sizes[name] = size
        elif suffix in IMAGES:
            from PIL import Image, UnidentifiedImageError  # only sites with images pay for the import

            try:
                with Image.open(folder / name) as image:
                    sizes[name] = image.size
            except (OSError, UnidentifiedImageError):
                problems.append(Problem(f"static/{name}", None, Message("is not an image g20site can read"), "warning"))
    return sizes, hashes


def svg_size(raw: bytes) -> tuple[int, int] | None:
    """The size an SVG file asks for: its root's width and height in pixels, else its viewBox's;
    None when it says neither (read from the ``<svg>`` tag alone: the file is not parsed as XML)."""
    tag = _SVG_TAG.search(raw[:4096])
    if tag is None:
        return None
    sides = {name.decode(): float(value) for name, value in _SVG_SIDE.findall(tag.group(0))}
    box = _SVG_BOX.search(tag.group(0))
    try:
        width, height = sides.get("width"), sides.get("height")
        if (width is None or height is None) and box is not None:
            width, height = float(box.group(1)), float(box.group(2))
    except ValueError:
        return None
    if not width or not height:
        return None
    return round(width), round(height)
