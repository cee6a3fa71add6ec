"""The preview pane: the page of a document as the form would save it, rendered with the site's own
templates (``render/renderer.py``) from the site as it is on disk but for that one file (a new one
added to those read), and nothing written. A draft that lacks a required field has no page yet: the
pane says so, with what is missing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..build.cache import Cache
from ..build.moments import current_time, source_date
from ..errors import Problem, errors_in
from ..load.documents import Direct, Parsed, parse_text
from ..load.model import Site
from ..load.site import load_site, shown, unfinished
from ..render.renderer import Renderer


class Overlay(Direct):
    """Reads every file from the disk but ``path``, which it reads as ``text``."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.raw = text.encode("utf-8")

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed:
        from ..digest import digest

        raw = self.raw if display == self.path else file.read_bytes()
        return parse(raw, digest(raw))


def rendered(root: Path, kind: str, path: str, text: str, base_url: str | None) -> tuple[bytes | None, list[Problem]]:
    """The HTML of the page of ``path`` (a ``kind``) holding ``text``; None and why when it has none."""
    site, problems = load_site(root, drafts=True, base_url=base_url, reader=Overlay(path, text))
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
    site, problems = load_site(root, drafts=True, base_url=base_url, reader=Overlay(path, text))
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
