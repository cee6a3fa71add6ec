"""Where a link in a document leads: content files, site paths, relative links."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from ..load.hints import closest, hint, nearest_path
from ..load.model import Document, Site
from ..messages import Message
from . import urls
from .urls import RouteIndex

Resolution = tuple[str | None, Message | None]  # (the link as written on the page, or None; what is wrong)
Resolver = Callable[[str], Resolution]  # a link -> where it leads now

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_LANG = re.compile(r"\.([a-z]{2,8})\.md$")
_FILE = re.compile(r"/[^/]+\.(?!html?$)[A-Za-z0-9]{1,5}$")  # /images/rapat.jpg, /docs/siaran.pdf
DRAFT = Message('link "{link}" leads nowhere: {target} is a draft, not published')


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
            if found_route is None and any(draft.path == target for draft in site.left_out):
                return link, DRAFT.format(link=link, target=target)
            if found_route is None:
                return link, (
                    Message('link "{link}" leads nowhere: {target} is not a published document{hint}').format(
                        link=link, target=target, hint=nearest_document(doc.path, target, by_file, index))
                )
            return base + found_route.path + suffix, None
        target = path if path.startswith("/") else posixpath.normpath(posixpath.join("/" + page_path, path))
        if not exists(target):
            near = hint(nearest_path(target, link_forms(known)))
            if _FILE.search(target):  # an image or a document to download: it belongs in static/
                return link, Message('link "{link}" leads nowhere: this site has no file {target}; '
                                     "put the file at static{target}{hint}").format(link=link, target=target, hint=near)
            return link, Message('link "{link}" leads nowhere: this site has no page or file {target}{hint}').format(
                link=link, target=target, hint=near)
        return (base + path.lstrip("/") + suffix if path.startswith("/") else link), None

    return resolve


def nearest_document(origin: str, target: str, by_file: dict[str, Document], index: RouteIndex) -> Message | str:
    """A "did you mean" naming the published document, in the language of ``target``, whose file name
    is closest, written as a link from ``origin`` (``2022-01-18-rapat.id.md``); "" if none is close."""
    folder, name = posixpath.split(target)
    lang = _LANG.search(name)
    stem = name[: lang.start()] if lang else name.removesuffix(".md")
    found = [d for d in by_file.values()
             if d.path != origin and (lang is None or d.lang == lang.group(1)) and index.find(d.kind, d.key, d.lang)]
    key = closest(stem, {d.key for d in found})
    if key is None:
        return ""
    # the same name may be in several folders: the one in the folder written, else the first
    best = min((d for d in found if d.key == key), key=lambda d: (posixpath.dirname(d.path) != folder, d.path))
    return hint(posixpath.relpath("/" + best.path, "/" + posixpath.dirname(origin)))


def link_forms(known: set[str]) -> list[str]:
    """The site's output files as a link to each is written: ``/about/`` for ``about/index.html``."""
    pages = {name[: -len("index.html")] for name in known if name == "index.html" or name.endswith("/index.html")}
    return sorted("/" + name for name in pages | (known - {f"{page}index.html" for page in pages}))
