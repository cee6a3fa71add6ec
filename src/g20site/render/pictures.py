"""Photos on a page: the ``<picture>`` markup, the Markdown images made into it, the first one loaded first.

Every photo is written the same way, from a template (the ``picture`` filter) or from Markdown
(``![People at the table](/images/rapat.jpg)``): a WebP ``<source>`` and an ``<img>`` with the
JPEG or PNG fallback, both with ``srcset`` and ``sizes``, width and height, loaded lazily. Then
the first photo of the page is loaded at once instead (:func:`first_at_once`): it is usually
what a reader sees first. Raw HTML ``<img>`` tags are made into the same markup when they show
a photo of static/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html.parser import HTMLParser

from markupsafe import Markup, escape

from ..load.model import StaticImage
from ..pages.views import Picture

LAZY = ' loading="lazy" decoding="async"></picture>'
AT_ONCE = ' fetchpriority="high"></picture>'
# attributes of an <img> in Markdown that the picture's own replace
_MADE = frozenset({"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding"})
_IMG = re.compile(r"<img\s[^>]*>")


def picture_html(picture: Picture, alt: str, attributes: str = "") -> Markup:
    """The markup of a photo; ``attributes`` (already escaped) go on its ``<img>``: class, title, id."""
    return Markup(
        '<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        '<img src="{src}" srcset="{srcset}" sizes="{sizes}" width="{width}" height="{height}" alt="{alt}"'
    ).format(webp=picture.webp_srcset, sizes=picture.sizes, src=picture.src, srcset=picture.srcset,
             width=picture.width, height=picture.height, alt=alt) + Markup(attributes) + Markup(LAZY)


def first_at_once(page: bytes) -> bytes:
    """The page with its first photo loaded at once, with high priority, and the others lazily."""
    return page.replace(LAZY.encode(), AT_ONCE.encode(), 1)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = attrs

    handle_startendtag = handle_starttag


def _attributes(tag: str) -> dict[str, str]:
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return {name: value or "" for name, value in parser.found}


def photos_in(html: str, base: str, images: Mapping[str, StaticImage], picture: Callable[[str], Picture]) -> str:
    """``html`` (a document's body) with each image of static/ (under the site's ``base`` path) as a
    page shows it: a photo as a ``<picture>``, a GIF with its width and height, a picture left out
    of the site not at all."""
    if "<img" not in html or not images:
        return html

    def shown(match: re.Match[str]) -> str:
        tag = match.group(0)
        attributes = _attributes(tag)
        src = attributes.get("src", "")
        image = images.get(src[len(base):]) if src.startswith(base) else None
        if image is None:
            return tag
        if image.problem is not None:  # said where the content names it (load/images.py)
            return ""
        if not image.photo:
            if "width" in attributes:
                return tag
            return tag.replace("<img ", f'<img width="{image.width}" height="{image.height}" ', 1)
        others = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items() if name not in _MADE)
        return str(picture_html(picture(src[len(base):]), attributes.get("alt", ""), others))

    return _IMG.sub(shown, html)
