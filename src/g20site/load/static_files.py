"""The files of ``static/`` (listed by ``confine.files_below``): the sizes of images and the hashes
of styles and scripts, and the digest of the theme (templates, catalogs and static files) that every page depends on."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..digest import digest
from ..errors import Problem
from ..messages import Message

IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


HASHED = (".css", ".js", ".mjs")  # named by their content in the output, so hosts may cache them for ever


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
        elif suffix in IMAGES:
            from PIL import Image, UnidentifiedImageError  # only sites with images pay for the import

            try:
                with Image.open(folder / name) as image:
                    sizes[name] = image.size
            except (OSError, UnidentifiedImageError):
                problems.append(Problem(f"static/{name}", None, Message("is not an image g20site can read"), "warning"))
    return sizes, hashes
