"""load -> render -> write: the pipeline shared by build, check and serve."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem, errors_in, sort_problems
from ..load.model import Site
from ..load.site import load_site
from ..pages import urls
from ..pages.context import NOT_FOUND
from ..render.renderer import Renderer
from . import precompress, search_index, unchanged, warm
from .cache import Cache
from .cache_format import Unstorable
from .cache_messages import PROBLEM
from .incremental import Fingerprints, Outcome, PageTable
from .moments import current_time, source_date
from .output_folder import output_problems
from .parsed_files import ParsedFiles
from .photos import photo_files
from .places import FOLDER
from .plan import Plan
from .site_files import site_files
from .warm import Kept, Stamps, Warm
from .workers import Progress, default_jobs, render_pages
from .write import NullSink, Staging, WriteReport, manifest_stamp


@dataclass(frozen=True)
class Result:
    site: Site
    pages: Counter[str]  # HTML pages per language
    rendered: int  # pages rendered by this run (the others were unchanged)
    warnings: list[Problem]
    report: WriteReport | None = None
    processes: int = 1  # how many processes rendered the pages: 1, or the forked workers
    search_later: bool = False  # the search index was kept as it was (Options.search_now): build again for it


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
    inputs: str | None = None  # the digest of the inputs (unchanged.inputs): record the build for the next one
    search_now: bool = True  # False: keep the search index as the last build left it, if it left one (serve
    # shows an edited page at once, then builds again with True to bring the index up to date)
    warm: Warm | None = None  # what the last build of this process left, for a quick next one (warm.py)


def prepare(source: Path, options: Options, cache: Cache) -> Plan:
    """Load the site and plan its pages; raise ContentError on errors."""
    files = ParsedFiles(cache, _jobs(options))
    site, problems = load_site(source, drafts=options.drafts, base_url=options.base_url, reader=files)
    if site is None:
        raise ContentError(problems)
    warnings = files.problems + files.save()
    stamp = source_date()
    now = current_time(options.now, site.config.utc_offset, stamp)
    renderer = Renderer(site, cache, now)
    loaded = problems
    problems = _stop_on_errors(problems + renderer.problems, options.strict)
    return Plan(renderer, Fingerprints(renderer, now), stamp, problems, warnings, loaded, files.read())


def _quick(source: Path, output: Path, options: Options, kept: Kept, stamps: Stamps) -> Kept | None:
    """What the last build of this process left (``kept``, see ``warm.py``) with the plan of this one; None
    when this build cannot be made that way."""
    if options.search_now or kept.settings != _settings(source, options, output):
        return None
    if kept.manifest is None or manifest_stamp(output) != kept.manifest:
        return None  # the output is not as this process left it: built into by another, or removed
    changed = warm.changed_files(kept, stamps)
    found = warm.with_bodies(kept, source, changed)
    if found is None:
        return None
    site, loaded, read = found
    now = current_time(options.now, site.config.utc_offset, kept.plan.stamp)
    renderer = kept.plan.renderer.with_site(site, now)
    fingerprints = Fingerprints(renderer, now, like=kept.plan.fingerprints)
    if fingerprints.site_digest() != kept.plan.fingerprints.site_digest():
        return None  # a list, a menu or an event's state changed: pages other than the edited ones change
    problems = _stop_on_errors(loaded + renderer.problems, options.strict)
    plan = Plan(renderer, fingerprints, kept.plan.stamp, problems, [], loaded, {**kept.plan.read, **read})
    by_path = {**kept.by_path, **{path: doc for path, (doc, _) in read.items() if doc is not None}}
    return dataclasses.replace(kept, plan=plan, by_path=by_path, checked=kept.checked and not changed)


def _settings(source: Path, options: Options, output: Path) -> tuple[object, ...]:
    """What a quick build must share with the build it starts from."""
    return (source, output, options.base_url, options.drafts, options.strict, options.now, options.use_cache)


def check(source: Path, options: Options = Options()) -> Result:
    """Read and render every page without writing anything, the build cache included (it is read);
    raise ContentError on errors."""
    cache = Cache.for_site(source, read_only=True) if options.use_cache else Cache(None)
    plan = prepare(source, options, cache)
    pages = plan.renderer.pages
    outcomes, warnings, processes = render_pages(
        plan.fingerprints, cache, pages, NullSink(), _jobs(options), options.progress)
    site_files(plan.fingerprints, plan.stamp, NullSink())
    _, unreadable = photo_files(plan.site, cache, NullSink(), lambda name, made: False, _jobs(options))
    problems = _stop_on_errors(plan.problems + _problems_of(outcomes), options.strict)
    warnings += plan.warnings + _warnings_of(outcomes) + unreadable + cache.save_markdown_index(_markdown_keys(plan))
    return Result(plan.site, _count(plan.renderer), len(outcomes), sort_problems(problems + warnings),
                  processes=processes)


def build(source: Path, output: Path, options: Options = Options()) -> Result:
    """Render everything, and only then write it; on any error the output is untouched."""
    refused = output_problems(source, output)
    if refused:
        raise ContentError(refused)
    cache = options.cache or (Cache.for_site(source) if options.use_cache else Cache(None))
    quick, stamps, taken = None, None, 0
    if options.warm is not None:
        stamps, taken = Warm.stamp(source)
        kept, options.warm.kept = options.warm.kept, None  # kept again once this build is done
        quick = _quick(source, output, options, kept, stamps) if kept and stamps is not None else None
        if quick is None:
            options.warm.thaw()
    plan = quick.plan if quick else prepare(source, options, cache)
    table = PageTable(cache, output, plan.fingerprints, quick.table if quick else None)
    todo = table.stale(plan.renderer.pages, trusted=quick is not None)
    with Staging(output) as staging:
        sink = precompress.Compressing(staging) if plan.site.config.hosting.precompress else staging
        outcomes, warnings, processes = render_pages(
            plan.fingerprints, cache, todo, sink, _jobs(options), options.progress)
        files = site_files(plan.fingerprints, plan.stamp, staging, table.keep)
        photos, found = photo_files(plan.site, cache, staging, table.keep, _jobs(options))
        files |= photos
        problems = _stop_on_errors(plan.problems + _problems_of(outcomes) + table.kept_warnings(), options.strict)
        # the search index kept as it was, and what a quick build took on trust, checked by the next build
        later = quick is not None and not quick.checked
        if urls.SEARCH in plan.site.config.sections:  # the search index, from the pages as staged
            previous = search_index.as_left({name: entry.fingerprint for name, entry in table.entries.items()}
                                            if not options.search_now and (outcomes or quick) else {},
                                            table.as_made if quick else table.keep)
            if quick is not None and previous.names:  # kept as it was: brought up to date by the next build if need be
                files |= previous
            else:
                later = later or bool(previous.names)
                files |= previous if later else search_index.files(
                    table.searched(outcomes), table.entries, table.keep, staging, _jobs(options))
        pages = {urls.output_file(route.path) for route in plan.renderer.pages} | table.pages(outcomes)
        names, changed = pages | files.names, files.staged | _staged_by(outcomes)
        if plan.site.config.hosting.precompress:  # the copies of the files the workers did not compress
            rendered = {urls.output_file(outcome.route.path) for outcome in outcomes}
            copies, staged = precompress.settle(staging, names, changed, rendered, quick.names if quick else None)
            names, changed = names | copies, changed | staged
        report = staging.commit(names, changed)
    warnings += plan.warnings + table.problems + _warnings_of(outcomes) + found
    state = table.record(outcomes, files.made, changed)
    if not later and quick is None:  # (else the next full build, which brings the index up to date, records
        # this one's pages too; or, after a quick build that had nothing to do, the last one's record holds)
        warnings += table.save(state) + cache.save_markdown_index(_markdown_keys(plan))
    result = Result(plan.site, _count(plan.renderer), len(outcomes), sort_problems(problems + warnings), report,
                    processes, search_later=later)
    if options.warm is not None and stamps is not None:
        documents = quick.by_path if quick else {doc.path: doc for doc in plan.site.all_documents}
        options.warm.kept = Kept(_settings(source, options, output), stamps, taken, plan, state,
                                 frozenset(names), manifest_stamp(output), documents, checked=not later)
        if quick is None:
            options.warm.freeze()
    if options.inputs is not None and not later:  # (a build that left the index behind is no record)
        _record(cache, options.inputs, output, table, plan, result, names)
    return result


def _record(cache: Cache, inputs: str, output: Path, table: PageTable, plan: Plan, result: Result,
            names: set[str]) -> None:
    """Leave the record by which the next build can tell that nothing changed (``unchanged.py``); ``names``:
    every file of the output."""
    now = plan.fingerprints.now
    moments = [moment for doc in plan.site.documents if doc.schedule
               for moment in (doc.schedule.start, doc.schedule.end) if moment > now]
    assert result.report is not None
    try:
        warnings = [PROBLEM.dump(problem) for problem in result.warnings
                    if not problem.path.startswith(FOLDER)]  # the cache's own: put right by now
    except Unstorable:  # said anew by the next build instead
        return
    said = unchanged.Said(list(plan.site.config.codes), dict(result.pages),
                          result.report.written + result.report.unchanged, warnings)
    checked = table.checked()
    for name in names - checked.keys():  # the share images and the copies of static/
        if not name.endswith(precompress.SUFFIXES):
            with contextlib.suppress(OSError):
                stat = os.stat(f"{output}{os.sep}{name}")
                checked[name] = (stat.st_size, stat.st_mtime_ns)
    data = unchanged.record(inputs, output, checked, now, min(moments, default=None), said)
    result.warnings.extend(cache.save_bytes(unchanged.record_name(output), data))


def _strict(problems: list[Problem], strict: bool) -> list[Problem]:
    return [p.as_error() for p in problems] if strict else problems


def _stop_on_errors(problems: list[Problem], strict: bool) -> list[Problem]:
    problems = _strict(problems, strict)
    if errors_in(problems):
        raise ContentError(problems)
    return problems


def _jobs(options: Options) -> int:
    return options.jobs or default_jobs()


def _problems_of(outcomes: Iterable[Outcome]) -> list[Problem]:
    return [problem for outcome in outcomes for problem in outcome.problems]


def _warnings_of(outcomes: Iterable[Outcome]) -> list[Problem]:
    """The build cache's warnings; several workers may report one damaged file: ``sort_problems`` makes it one."""
    return [warning for outcome in outcomes for warning in outcome.warnings]


def _staged_by(outcomes: Iterable[Outcome]) -> set[str]:
    return {name for outcome in outcomes for name in outcome.staged}


def _markdown_keys(plan: Plan) -> set[str]:
    """The Markdown the cache should keep: that of every document of the site."""
    return {plan.renderer.markdown_key(doc) for doc in plan.site.documents}


def _count(renderer: Renderer) -> Counter[str]:
    return Counter(route.lang for route in renderer.pages if route.kind != NOT_FOUND)
