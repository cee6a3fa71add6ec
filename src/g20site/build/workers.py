"""Spread page rendering over worker processes.

Markdown and templates are CPU-bound and Python holds a GIL, so pages are
rendered in a pool of processes. Workers are forked after the site is
loaded: they inherit the renderer (site, routes, compiled templates)
without pickling it, get only ranges of page numbers, write each page
into the staging folder themselves, and send back a small
:class:`~g20site.render.Outcome` per page.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from ..pages.urls import Route, output_file
from ..render.renderer import Outcome, Renderer
from .cache import Pack
from .write import Payload

MIN_PER_WORKER = 32  # fewer pages than this per worker: one process is faster
Progress = Callable[[int, int], None]


class Sink(Protocol):
    def put(self, rel: str, payload: Payload) -> bool: ...

    def put_once(self, rel: str, make: Callable[[], bytes]) -> bool: ...


_STATE: tuple[Renderer, Sink, list[Route]] | None = None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_pages(
    renderer: Renderer, routes: list[Route], sink: Sink, jobs: int, progress: Progress | None = None
) -> list[Outcome]:
    """Render ``routes`` into ``sink``; outcomes come back in the order of ``routes``.

    New Markdown cache entries are written as packs and added to the cache's index.
    """
    total = len(routes)
    report = progress or (lambda done, total: None)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or total < 2 * MIN_PER_WORKER or not forkable:
        outcomes = []
        for route in routes:
            outcomes.append(_render_one(renderer, sink, route))
            report(len(outcomes), total)
        _add_pack(renderer, renderer.cache.flush_markdown())
        return outcomes
    renderer.prepare()
    global _STATE
    _STATE = (renderer, sink, routes)
    size = max(MIN_PER_WORKER // 4, min(256, total // (jobs * 8)))
    chunks = [(start, min(start + size, total)) for start in range(0, total, size)]
    found: dict[int, Outcome] = {}
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for start, outcomes, pack in pool.imap_unordered(_work, chunks):
                found.update(enumerate(outcomes, start))
                _add_pack(renderer, pack)
                report(len(found), total)
    finally:
        _STATE = None
    return [found[index] for index in range(total)]


def _work(chunk: tuple[int, int]) -> tuple[int, list[Outcome], Pack | None]:
    assert _STATE is not None, "workers are forked with the renderer in place"
    renderer, sink, routes = _STATE
    start, end = chunk
    outcomes = [_render_one(renderer, sink, routes[index]) for index in range(start, end)]
    return start, outcomes, renderer.cache.flush_markdown()


def _add_pack(renderer: Renderer, pack: Pack | None) -> None:
    if pack is not None:
        renderer.cache.add_packs([pack])


def _render_one(renderer: Renderer, sink: Sink, route: Route) -> Outcome:
    page, outcome = renderer.render(route)
    if page is None:
        return outcome
    card, name = outcome.share, output_file(route.path)
    staged = [name] if sink.put(name, page) else []
    if card is not None and sink.put_once(card.name, lambda: renderer.share_png(card)):
        staged.append(card.name)
    return replace(outcome, changed=name in staged, staged=tuple(staged))
