"""load -> render -> write: the pipeline shared by build, check and serve."""

from __future__ import annotations

import datetime
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from ..digest import digest
from ..errors import ContentError, Problem, errors_in, sort_problems
from ..load.model import Document, Site
from ..load.settings import Language
from ..load.site import load_site
from ..pages import urls
from ..pages.context import NOT_FOUND
from ..pages.urls import Route
from ..render import calendars as ical
from ..render.feeds import atom_feed
from ..render.renderer import Outcome, Renderer
from ..render.sitemap import robots_txt, sitemap_xml
from . import search_index as search
from .cache import Cache, PageEntry
from .workers import Progress, Sink, default_jobs, render_pages
from .write import NullSink, Staging, WriteReport, output_problems


@dataclass(frozen=True)
class Result:
    site: Site
    pages: Counter[str]  # HTML pages per language
    rendered: int  # pages rendered by this run (the others were unchanged)
    warnings: list[Problem]
    report: WriteReport | None = None


@dataclass(frozen=True)
class Options:
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    jobs: int = 0  # 0: every core
    use_cache: bool = True
    progress: Progress | None = None
    cache: Cache | None = None  # one kept across builds (serve); else each build opens its own
    now: datetime.datetime | None = None  # --now: what is upcoming and what is past (see current_time);
    # without an offset it is read in the site's utc_offset


def source_date() -> datetime.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a moment, when it is set to a number of seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC) if epoch.isdigit() else None


def current_time(now: datetime.datetime | None, utc_offset: str) -> datetime.datetime:
    """The build's "now", which splits events into upcoming and past: ``--now`` when given (in
    ``utc_offset`` unless it names its own), else ``SOURCE_DATE_EPOCH`` when set, else the clock.
    Only that split depends on it: two builds of the same content give the same bytes unless an
    event started or ended between them."""
    if now is not None and now.tzinfo is None:
        sign = -1 if utc_offset.startswith("-") else 1
        hours, minutes = (int(part) for part in utc_offset[1:].split(":"))
        now = now.replace(tzinfo=datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes)))
    return now or source_date() or datetime.datetime.now(datetime.UTC)


def _strict(problems: list[Problem], strict: bool) -> list[Problem]:
    return [p.as_error() for p in problems] if strict else problems


def _stop_on_errors(problems: list[Problem], strict: bool) -> list[Problem]:
    problems = _strict(problems, strict)
    if errors_in(problems):
        raise ContentError(problems)
    return problems


def prepare(source: Path, options: Options, cache: Cache) -> tuple[Renderer, list[Problem]]:
    """Load the site and plan its pages; raise ContentError on errors."""
    site, problems = load_site(source, drafts=options.drafts, base_url=options.base_url, cache=cache)
    if site is None:
        raise ContentError(problems)
    site = replace(site, now=current_time(options.now, site.config.utc_offset), stamp=source_date())
    renderer = Renderer(site, cache)
    return renderer, _stop_on_errors(problems + renderer.problems, options.strict)


def _site_files(
    renderer: Renderer, sink: Sink, keep: Callable[[str, str], bool] = lambda name, fingerprint: False
) -> tuple[set[str], set[str], dict[str, str]]:
    """Feeds, sitemap, robots.txt and static files.

    Returns every name, the names staged, and the fingerprint of each file
    made here; ``keep(name, fingerprint)`` says a file is still as it should be.
    """
    site, config = renderer.site, renderer.site.config
    static = {urls.static_name(name, site.static_hashes): site.root / "static" / name for name in site.static_files}
    names = set(static)
    staged = {name for name, file in static.items() if sink.put(name, file)}
    made: dict[str, str] = {}

    def emit(name: str, fingerprint: str, make: Callable[[], bytes]) -> None:
        names.add(name)
        made[name] = fingerprint
        if not keep(name, fingerprint) and sink.put(name, make()):
            staged.add(name)

    for lang in config.languages:
        notes = [d for d in site.meetings(lang.code) if d.date][: config.feed_entries]
        fingerprint = digest(renderer.site_digest(), "feed", *(d.digest for d in notes))

        def feed(lang: Language = lang, notes: list[Document] = notes) -> bytes:
            entries = [(renderer.views.summary(d), renderer.markdown(d).html) for d in notes]
            return atom_feed(site, lang, entries)

        emit(urls.feed_path(config, lang.code), fingerprint, feed)
    for name, fingerprint, make in _section_files(renderer):
        emit(name, fingerprint, make)
    emit("sitemap.xml", digest(renderer.site_digest(), "sitemap"),
         lambda: sitemap_xml(site, renderer.routes, renderer.index))
    emit("robots.txt", digest(renderer.global_digest, "robots"), lambda: robots_txt(config))
    return names, staged, made


def _html_fingerprints(table: dict[str, PageEntry], kept: list[str], outcomes: list[Outcome]) -> dict[str, str]:
    """Every HTML page of this build and the fingerprint of what it was made from."""
    found = {rel: table[rel].fingerprint for rel in kept}
    found |= {urls.output_file(outcome.route.path): outcome.fingerprint for outcome in outcomes}
    return {rel: print_ for rel, print_ in found.items() if rel.endswith(".html")}


Made = tuple[str, str, Callable[[], bytes]]  # a file's name, its fingerprint, and what makes its bytes


def _section_files(renderer: Renderer) -> list[Made]:
    """Each language's feed of fact checks and calendar of events, and each event's .ics file."""
    site, made = renderer.site, []
    for lang in site.config.languages:
        filled = urls.filled_sections(site, lang.code)
        if urls.FACT_CHECKS in filled:
            made.append(_fact_check_feed(renderer, lang))
        if urls.EVENTS in filled:
            made += _calendars(renderer, lang)
    return made


def _fact_check_feed(renderer: Renderer, lang: Language) -> Made:
    site, config = renderer.site, renderer.site.config
    checks = site.fact_checks(lang.code)[: config.feed_entries]
    path = urls.section_feed_path(config, lang.code, urls.FACT_CHECKS)

    def feed() -> bytes:
        entries = []
        for doc in checks:
            summary = renderer.views.summary(doc)
            if summary.claim is not None:  # the verdict first: what a reader of the feed wants to know
                summary = replace(summary, summary=f"{summary.claim.verdict.name}: {summary.summary}")
            entries.append((summary, renderer.markdown(doc).html))
        title = f"{config.sections[urls.FACT_CHECKS][lang.code].name} | {lang.title}"
        return atom_feed(site, lang, entries, path, title, urls.section_path(config, lang.code, urls.FACT_CHECKS))

    return path, digest(renderer.site_digest(), path, *(d.digest for d in checks)), feed


def _calendars(renderer: Renderer, lang: Language) -> list[Made]:
    site, config, code = renderer.site, renderer.site.config, lang.code
    events = site.events(code)
    name = f"{config.sections[urls.EVENTS][code].name} | {lang.title}"
    stamp = repr(site.stamp)  # the calendars' DTSTAMP
    path = urls.calendar_path(config, code)
    every = partial(ical.calendar, name, code, [ical.entry(site, d) for d in events], True)
    made: list[Made] = [(path, digest(renderer.site_digest(), path, stamp, *(d.digest for d in events)), every)]
    for doc in events:
        one = partial(ical.calendar, name, code, [ical.entry(site, doc)])
        made.append((urls.event_calendar_path(site, doc), digest(renderer.site_digest(), doc.digest, stamp), one))
    return made


def _problems_of(outcomes: list[Outcome]) -> list[Problem]:
    return [problem for outcome in outcomes for problem in outcome.problems]


def check(source: Path, options: Options = Options()) -> Result:
    """Read and render every page without writing; raise ContentError on errors."""
    cache = Cache.for_site(source) if options.use_cache else Cache(None)
    renderer, problems = prepare(source, options, cache)
    outcomes = render_pages(renderer, renderer.pages, NullSink(), options.jobs or default_jobs(), options.progress)
    _site_files(renderer, NullSink())
    cache.save_markdown_index({renderer.markdown_key(doc) for doc in renderer.site.documents})
    problems = _stop_on_errors(problems + _problems_of(outcomes), options.strict)
    return Result(renderer.site, _count(renderer), len(outcomes), sort_problems(problems + cache.warnings))


def build(source: Path, output: Path, options: Options = Options()) -> Result:
    """Render everything, and only then write it; on any error the output is untouched."""
    refused = output_problems(source, output)
    if refused:
        raise ContentError(refused)
    cache = options.cache or (Cache.for_site(source) if options.use_cache else Cache(None))
    cache.warnings.clear()
    renderer, problems = prepare(source, options, cache)
    table_name = cache.pages_name(output)
    stored = cache.load(table_name)
    if not isinstance(stored, dict) or not isinstance(stored.get("pages"), dict):
        stored = {"pages": {}}
    table: dict[str, PageEntry] = stored["pages"]
    renderer.remembered_resolutions(stored.get("resolutions"))
    site_digest = renderer.site_digest()
    documents = {doc.path: doc.digest for doc in renderer.site.documents}
    same_site = stored.get("site") == site_digest and isinstance(stored.get("documents"), dict)
    changed_documents = {p for p, d in documents.items() if stored["documents"].get(p) != d} if same_site else None
    todo, kept = _stale_pages(renderer, output, table, changed_documents)
    with Staging(output) as staging:
        outcomes = render_pages(renderer, todo, staging, options.jobs or default_jobs(), options.progress)
        base = f"{output}{os.sep}"

        def keep(name: str, fingerprint: str) -> bool:
            entry = table.get(name)
            return isinstance(entry, PageEntry) and entry.fingerprint == fingerprint and _untouched(base + name, entry)

        others, staged, made = _site_files(renderer, staging, keep)
        problems = _stop_on_errors(problems + _problems_of(outcomes), options.strict)
        if urls.SEARCH in renderer.site.config.sections:  # the search index, from the pages as staged
            found, indexed, index_made = search.files(_html_fingerprints(table, kept, outcomes), table, keep, staging)
            others, staged, made = others | found, staged | indexed, made | index_made
        pages = {urls.output_file(r.path) for r in renderer.pages}
        pages |= {table[rel].share or rel for rel in kept} | {o.share.name for o in outcomes if o.share}
        changed = staged | {name for outcome in outcomes for name in outcome.staged}
        report = staging.commit(pages | others, changed)
    new_table = {rel: table[rel] for rel in kept}
    for name, fingerprint in made.items():
        stat = (output / name).stat()
        new_table[name] = PageEntry(fingerprint, stat.st_size, stat.st_mtime_ns, (), ())
    for outcome in outcomes:
        rel = urls.output_file(outcome.route.path)
        stat = (output / rel).stat()
        share = outcome.share.name if outcome.share else None
        new_table[rel] = PageEntry(
            outcome.fingerprint, stat.st_size, stat.st_mtime_ns, outcome.read, outcome.links, share
        )
    for outcome in outcomes:  # remember where every link leads, for the next build
        for path, link in outcome.links:
            renderer.resolution(path, link)
    state = {
        "pages": new_table,
        "resolutions": (renderer.routes_digest, renderer.resolutions),
        "site": site_digest,
        "documents": documents,
    }
    if state != stored:
        cache.save(table_name, state)
    cache.save_markdown_index({renderer.markdown_key(doc) for doc in renderer.site.documents})
    warnings = sort_problems(problems + cache.warnings)
    return Result(renderer.site, _count(renderer), len(outcomes), warnings, report)


def _stale_pages(
    renderer: Renderer, output: Path, table: dict[str, PageEntry], changed: set[str] | None
) -> tuple[list[Route], list[str]]:
    """Pages to render, and output files still exactly as the cache says they were made.

    ``changed`` is the set of documents whose files changed, when nothing
    else did (same settings, theme, routes and lists): then only the pages
    showing one of them need their fingerprint checked.
    """
    todo, kept = [], []
    base = f"{output}{os.sep}"
    for route in renderer.pages:
        rel = urls.output_file(route.path)
        if _still_good(renderer, route, table.get(rel), base + rel, changed):
            kept.append(rel)
        else:
            todo.append(route)
    return todo, kept


def _still_good(
    renderer: Renderer, route: Route, entry: PageEntry | None, file: str, changed: set[str] | None
) -> bool:
    if not isinstance(entry, PageEntry) or not _untouched(file, entry):
        return False
    if entry.share and not os.path.isfile(file[: -len(urls.output_file(route.path))] + entry.share):
        return False  # its share image went missing: make both again
    if changed is not None and not any(doc.path in changed for doc in renderer.documents_on(route)):
        return True
    return renderer.fingerprint(route, entry.read, entry.links) == entry.fingerprint


def _untouched(file: str, entry: PageEntry) -> bool:
    try:
        stat = os.stat(file)
    except OSError:
        return False
    return stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns


def _count(renderer: Renderer) -> Counter[str]:
    return Counter(route.lang for route in renderer.pages if route.kind != NOT_FOUND)

