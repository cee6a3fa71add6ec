"""Where a link in a document leads: content files, site paths, relative links."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from ..load.model import Document, Site
from ..messages import Message
from . import urls
from .urls import RouteIndex

Resolution = tuple[str | None, Message | None]  # (the link as written on the page, or None; what is wrong)
Resolver = Callable[[str], Resolution]  # a link -> where it leads now

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def scheme_of(link: str) -> str | None:
    """The scheme a browser would see: character references decoded, blanks dropped."""
    match = _SCHEME.match(_INVISIBLE.sub("", html.unescape(link)))
    return match.group(1).lower() if match else None


def unsafe_scheme(link: str) -> str | None:
    scheme = scheme_of(link)
    return scheme if scheme is not None and scheme not in SAFE_SCHEMES else None


def resolver(
    site: Site, doc: Document, index: RouteIndex, by_file: dict[str, Document], known: set[str]
) -> Resolver:
    base = urls.base_path(site.config)
    route = index.find(doc.kind, doc.key, doc.lang)
    page_path = route.path if route else ""

    def exists(path: str) -> bool:
        path = path.lstrip("/")
        return path in ("", ".") or path in known or f"{path.rstrip('/')}/index.html" in known

    def resolve(link: str) -> Resolution:
        if not link or link.startswith(("#", "//")) or scheme_of(link):
            return link, None
        path, mark, rest = link.partition("#") if "#" in link else link.partition("?")
        suffix = mark + rest
        if path.endswith(".md"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(doc.path), path))
            found = by_file.get(target)
            found_route = index.find(found.kind, found.key, found.lang) if found else None
            if found_route is None:
                return link, (
                    Message('link "{link}" leads nowhere: {target} is not a published document').format(
                        link=link, target=target)
                )
            return base + found_route.path + suffix, None
        if path.startswith("/"):
            if not exists(path):
                return link, (
                    Message('link "{link}" leads nowhere: this site has no page or file {target}').format(
                        link=link, target=path)
                )
            return base + path.lstrip("/") + suffix, None
        target = posixpath.normpath(posixpath.join("/" + page_path, path))
        if not exists(target):
            return link, (
                Message('link "{link}" leads nowhere: this site has no page or file {target}').format(
                    link=link, target=target)
            )
        return link, None

    return resolve
