"""The files of ``static/`` (listed by ``confine.files_below``): its pictures (``images.py``) and the
hashes of styles and scripts, and the digest of the theme (templates, catalogs and static files) that
every page depends on."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ..digest import digest
from ..errors import Problem
from .images import inspect, is_image
from .model import StaticImage

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
    images: dict[str, StaticImage],
    hashes: dict[str, str],
) -> str:
    """``templates``: every file below the templates ``folder``, listed by ``confine.files_below``.
    A picture's digest is in it: the pages that show it name its variants by it."""
    parts: list[str | bytes] = [*static, repr(sorted(images.items())), repr(sorted(hashes.items()))]
    for name in templates:
        parts += [name, (folder / name).read_bytes()]
    return digest(*parts)


def static_details(
    folder: Path, names: tuple[str, ...], problems: list[Problem]
) -> tuple[dict[str, StaticImage], dict[str, str]]:
    """Each static picture as its header describes it (one g20site cannot publish is a warning), and a
    hash of each stylesheet and script."""
    images: dict[str, StaticImage] = {}
    hashes: dict[str, str] = {}
    for name in names:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in HASHED:
            hashes[name] = digest((folder / name).read_bytes())[:10]
        elif suffix == ".svg":
            size = svg_size((folder / name).read_bytes())
            if size is not None:  # published as it is, with its size on the page
                images[name] = StaticImage(*size)
        elif is_image(name):
            images[name] = image = inspect(folder / name)
            if image.problem is not None:
                problems.append(Problem(f"static/{name}", None, image.problem, "warning"))
    return images, hashes


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
