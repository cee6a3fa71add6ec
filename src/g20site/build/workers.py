"""Spread page rendering over worker processes.

Markdown and templates are CPU-bound and Python holds a GIL, so pages are
rendered in a pool of processes. Workers are forked after the site is
loaded: they inherit the renderer (site, routes, compiled templates)
without pickling it, get only ranges of page numbers, write each page
into the staging folder themselves, and send back a small
:class:`~g20site.build.incremental.Outcome` per page, its fingerprint made
in the worker too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..errors import Problem
from ..pages.urls import Route, output_file
from ..render.share_images import render_png
from .cache import Cache, Pack
from .incremental import Fingerprints, Outcome
from .write import Payload

SEARCHED = b" data-pagefind-body"  # the mark of the part of a page that the search index reads
MIN_PER_WORKER = 32  # fewer pages than this per worker: one process is faster
Progress = Callable[[int, int], None]


class Sink(Protocol):
    def put(self, rel: str, payload: Payload) -> bool: ...

    def put_once(self, rel: str, make: Callable[[], bytes]) -> bool: ...

    def path_of(self, rel: str) -> Path: ...


_STATE: tuple[Fingerprints, Cache, Sink, list[Route]] | None = None
_TASKS: Sequence[Callable[[], Any]] | None = None  # what forked_map's workers run
T = TypeVar("T")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def processes_for(total: int, jobs: int) -> int:
    """How many processes render ``total`` pages when ``jobs`` may: ``jobs`` forked workers, or
    1 (the calling process itself) for fewer than ``2 * MIN_PER_WORKER`` pages or without fork."""
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return jobs if jobs > 1 and total >= 2 * MIN_PER_WORKER and forkable else 1


def render_pages(
    fingerprints: Fingerprints, cache: Cache, routes: list[Route], sink: Sink, jobs: int,
    progress: Progress | None = None,
) -> tuple[list[Outcome], list[Problem], int]:
    """Render ``routes`` into ``sink``: outcomes in the order of ``routes``, the cache's warnings,
    and how many processes rendered them (see :func:`processes_for`).

    New Markdown cache entries are written as packs and added to the cache's index. The
    workers are forked: the calling process must run no other thread (``g20site serve``
    builds in a process of its own for that reason, see ``g20site.preview``).
    """
    total = len(routes)
    report = progress or (lambda done, total: None)
    processes = processes_for(total, jobs)
    if processes == 1:
        outcomes = []
        for route in routes:
            outcomes.append(_render_one(fingerprints, cache, sink, route))
            report(len(outcomes), total)
        return outcomes, _add_pack(cache, *cache.flush_markdown()), 1
    fingerprints.renderer.prepare()
    global _STATE
    _STATE = (fingerprints, cache, sink, routes)
    chunks = _chunks(total, processes)
    found: dict[int, Outcome] = {}
    problems: list[Problem] = []
    try:
        with _forked_pool(processes) as pool:
            for start, outcomes, pack, warnings in pool.imap_unordered(_work, chunks):
                found.update(enumerate(outcomes, start))
                problems += _add_pack(cache, pack, warnings)
                report(len(found), total)
    finally:
        _STATE = None
    return [found[index] for index in range(total)], problems, processes


def forked_map(tasks: Sequence[Callable[[], T]], jobs: int) -> list[T]:
    """The result of each of ``tasks``, in order: run by ``jobs`` forked workers when there are enough of
    them to be worth it (see :func:`processes_for`), else here. Each task's result is pickled back to
    this process; the same rule holds as for :func:`render_pages`: no other thread may be running."""
    processes = processes_for(len(tasks), jobs)
    if processes == 1:
        return [task() for task in tasks]
    global _TASKS
    _TASKS = tasks
    chunks = _chunks(len(tasks), processes)
    try:
        with _forked_pool(processes) as pool:
            return [result for part in pool.imap(_run_tasks, chunks) for result in part]
    finally:
        _TASKS = None


def _chunks(total: int, processes: int) -> list[tuple[int, int]]:
    """Ranges of ``range(total)`` for ``processes`` workers, smaller and smaller (each about a quarter of
    a worker's share of what is left, from 256 down to 8): the workers start with big ones, which cost
    little to hand out, and end nearly together, none left alone with a big one while the others wait."""
    chunks, start = [], 0
    while start < total:
        size = max(1, MIN_PER_WORKER // 4, min(256, (total - start) // (processes * 4)))
        chunks.append((start, min(start + size, total)))
        start += size
    return chunks


def _run_tasks(chunk: tuple[int, int]) -> list[Any]:
    assert _TASKS is not None, "workers are forked with the tasks in place"
    return [_TASKS[index]() for index in range(*chunk)]


def _forked_pool(processes: int) -> multiprocessing.pool.Pool:
    """A pool of ``processes`` forked workers, which let SIGTERM through once they are set up."""
    with _held(signal.SIGTERM):  # a SIGTERM meant for the builder is not handled half-way through a fork
        return multiprocessing.get_context("fork").Pool(processes, initializer=_release, initargs=(signal.SIGTERM,))


@contextlib.contextmanager
def _held(signum: int) -> Iterator[None]:
    """Hold ``signum`` back while workers are forked: a child runs the fork handlers of the libraries
    (logging's among them) before its own, and a signal that came then would interrupt them. The
    children let it through once they are set up (:func:`_release`); this process, after forking."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signum})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})


def _release(signum: int) -> None:
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})


def _work(chunk: tuple[int, int]) -> tuple[int, list[Outcome], Pack | None, list[Problem]]:
    assert _STATE is not None, "workers are forked with the renderer in place"
    fingerprints, cache, sink, routes = _STATE
    start, end = chunk
    outcomes = [_render_one(fingerprints, cache, sink, routes[index]) for index in range(start, end)]
    fingerprints.renderer.forget_markdown()  # a worker's share of a big site would otherwise stay in memory
    return (start, outcomes, *cache.flush_markdown())


def _add_pack(cache: Cache, pack: Pack | None, problems: list[Problem]) -> list[Problem]:
    if pack is not None:
        cache.add_packs([pack])
    return problems


def _render_one(fingerprints: Fingerprints, cache: Cache, sink: Sink, route: Route) -> Outcome:
    page = fingerprints.renderer.render(route)
    fingerprint = fingerprints.of(page)
    if page.html is None:
        return Outcome(page, fingerprint)
    card, name = page.card, output_file(route.path)
    staged = [name] if sink.put(name, page.html) else []
    warnings: list[Problem] = []
    made: list[bytes] = []  # the share image, when this page drew it

    def share_png() -> bytes:
        assert card is not None
        data, found = cache.share_image(card.name)
        warnings.extend(found)
        if data is None:
            photo = fingerprints.site.root / "static" / card.photo if card.photo else None
            data = render_png(card, photo.read_bytes() if photo else None)
            made.append(data)
        return data

    if card is not None and sink.put_once(card.name, share_png):
        staged.append(card.name)
        if made:  # written once: the cache keeps the staged file
            warnings.extend(cache.keep_share_image(card.name, sink.path_of(card.name), made[0]))
    searched = route.lang if SEARCHED in page.html else ""
    written = dataclasses.replace(page, html=b"")  # its bytes are in the sink: not carried back to the builder
    return Outcome(written, fingerprint, tuple(staged), tuple(warnings), searched)
