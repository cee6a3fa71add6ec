"""The preview pane: the page of a document as the form would save it, rendered with the site's own
templates (``render/renderer.py``) from the site as it is on disk but for that one file (a new one
added to those read), and nothing written. A draft that lacks a required field has no page yet: the
pane says so, with what is missing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ..build.cache import Cache
from ..build.moments import current_time, source_date
from ..build.parsed_files import ParsedFiles
from ..digest import digest
from ..errors import Problem, errors_in
from ..load.documents import Parsed, Request, parse_text
from ..load.model import Site
from ..load.site import load_site, shown, unfinished
from ..render.renderer import Renderer

_CACHES: dict[Path, Cache] = {}  # per site: the build cache of the preview's builds, read, never written, here
_CACHES_LOCK = threading.Lock()


def _cache_of(root: Path) -> Cache:
    """The build cache of ``root`` as this process reads it: what it read is kept in memory while its file
    stays as it was, so that a preview reads a big site's parsed files once, not at every keystroke."""
    with _CACHES_LOCK:
        return _CACHES.setdefault(root.resolve(), Cache.for_site(root, keep_in_memory=True, read_only=True))


class Overlay:
    """Reads every content file as a build would (what the build cache holds for a file left as it was,
    the disk for the others) but ``path``, which it reads as ``text``."""

    def __init__(self, root: Path, path: str, text: str) -> None:
        self.path = path
        self.raw = text.encode("utf-8")
        self.files = ParsedFiles(_cache_of(root))  # one process: the editor's answers run in threads

    def prefetch(self, requests: Sequence[Request]) -> None:
        self.files.prefetch([request for request in requests if request[1] != self.path])

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed:
        if display == self.path:
            return parse(self.raw, digest(self.raw))
        return self.files.get(file, display, parse)


def rendered(root: Path, kind: str, path: str, text: str, base_url: str | None) -> tuple[bytes | None, list[Problem]]:
    """The HTML of the page of ``path`` (a ``kind``) holding ``text``; None and why when it has none."""
    site, problems = load_site(root, drafts=True, base_url=base_url, reader=Overlay(root, path, text))
    if site is None:
        return None, errors_in(problems)
    if not any(doc.path == path for doc in site.all_documents):  # a new document, not written yet
        site, problems = _with_new(site, kind, path, text)
    now = current_time(None, site.config.utc_offset, source_date())
    renderer = Renderer(site, Cache(None), now)
    route = next((r for r in renderer.routes if r.origin == path), None)
    if route is None:
        return None, [p for p in problems if p.path == path] or errors_in(problems)
    page = renderer.render(route)
    return page.html, list(page.problems)




def _with_new(site: Site, kind: str, path: str, text: str) -> tuple[Site, list[Problem]]:
    """``site`` with the new document ``path`` among those built, when it can be: read, and a draft
    only once it has every required field."""
    doc, problems = parse_text(kind, path, text)
    if doc is None or not shown(doc, True):
        return site, problems + [unfinished(gap) for gap in (doc.gaps if doc else ())]
    return replace(site, documents=(*site.documents, doc)), problems


def site_problems(root: Path, path: str, text: str, base_url: str | None) -> list[Problem]:
    """What the build would find wrong with ``path`` holding ``text`` that its own lines do not show:
    an address another page has, a link in its text that leads nowhere (the page is rendered for it)."""
    site, problems = load_site(root, drafts=True, base_url=base_url, reader=Overlay(root, path, text))
    if site is None:
        return [p for p in problems if p.path == path]
    now = current_time(None, site.config.utc_offset, source_date())
    renderer = Renderer(site, Cache(None), now)
    found = [p for p in problems if p.path == path]
    found += [p for p in renderer.problems if p.path == path or path in p.text("en")]  # a clash names both files
    route = next((r for r in renderer.routes if r.origin == path), None)
    if route is not None:
        found += [p for p in renderer.render(route).problems if p.path == path]
    return found
