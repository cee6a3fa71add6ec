"""The files of ``static/`` (listed by ``confine.files_below``): its pictures (``images.py``) and the
hashes of styles and scripts, and the digest of the theme (templates, catalogs and static files) that
every page depends on."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..digest import digest
from ..errors import Problem
from .images import inspect, is_image
from .model import StaticImage

HASHED = (".css", ".js", ".mjs")  # named by their content in the output, so hosts may cache them for ever


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
        elif is_image(name):
            images[name] = image = inspect(folder / name)
            if image.problem is not None:
                problems.append(Problem(f"static/{name}", None, image.problem, "warning"))
    return images, hashes
