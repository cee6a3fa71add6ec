"""The files of a build besides its pages: static files, feeds, calendars, the sitemap and robots.txt
(and, in ``photos.py``, the files made of photos).

Each file made here has a fingerprint (what it is made of); a file the
output still holds exactly as made from the same fingerprint is not made
again (``keep``, from the page table of ``incremental.py``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from ..digest import digest
from ..load.languages import Language
from ..load.model import Document
from ..pages import urls
from ..render import calendars, hosting
from ..render.feeds import atom_feed
from ..render.host_files import WRITERS
from ..render.sitemap import robots_txt, sitemap_xml
from .incremental import Fingerprints
from .workers import Sink

Made = tuple[str, str, Callable[[], bytes]]  # a file's name, its fingerprint, and what makes its bytes
Keep = Callable[[str, str], bool]  # (name, fingerprint): the output still holds it as made


@dataclass
class Files:
    """Every file name, the names staged, and the fingerprint of each file made (not copied)."""

    names: set[str] = field(default_factory=set)
    staged: set[str] = field(default_factory=set)
    made: dict[str, str] = field(default_factory=dict)

    def __or__(self, other: Files) -> Files:
        return Files(self.names | other.names, self.staged | other.staged, self.made | other.made)


def site_files(
    fingerprints: Fingerprints, stamp: datetime.datetime | None, sink: Sink, keep: Keep = lambda name, made: False
) -> Files:
    """Static files, the feeds, the calendars (``stamp``: their DTSTAMP), the sitemap and robots.txt."""
    site = fingerprints.site
    static = {urls.static_name(name, site.static_hashes): site.root / "static" / name
              for name in site.static_files if site.copied(name)}  # photos are made anew: photos.py
    files = Files(set(static), {name for name, file in static.items() if sink.put(name, file)})
    for name, fingerprint, make in _made(fingerprints, stamp):
        files.names.add(name)
        files.made[name] = fingerprint
        if not keep(name, fingerprint) and sink.put(name, make()):
            files.staged.add(name)
    return files


def _made(fingerprints: Fingerprints, stamp: datetime.datetime | None) -> list[Made]:
    renderer, site = fingerprints.renderer, fingerprints.site
    config, site_digest = site.config, fingerprints.site_digest()
    made: list[Made] = []
    for lang in config.languages:
        notes = [d for d in site.meetings(lang.code) if d.date][: config.feed_entries]

        def feed(lang: Language = lang, notes: list[Document] = notes) -> bytes:
            entries = [(renderer.views.summary(d), renderer.markdown(d).html) for d in notes]
            return atom_feed(site, lang, entries, stamp)

        fingerprint = digest(site_digest, "feed", repr(stamp), *(d.digest for d in notes))
        made.append((urls.feed_path(config, lang.code), fingerprint, feed))
        filled = urls.filled_sections(site, lang.code)
        if urls.FACT_CHECKS in filled:
            made.append(_fact_check_feed(fingerprints, lang, stamp))
        if urls.EVENTS in filled:
            made += _calendars(fingerprints, lang, stamp)
    made.append(("sitemap.xml", digest(site_digest, "sitemap"),
                 lambda: sitemap_xml(site, renderer.routes, renderer.index)))
    made.append(("robots.txt", digest(fingerprints.global_digest, "robots"), lambda: robots_txt(config)))
    return made + _host_files(fingerprints)


def _host_files(fingerprints: Fingerprints) -> list[Made]:
    """The files a static host reads from the output (render/host_files.py), each unless turned off."""
    site = fingerprints.site
    if not site.config.hosting.host_files:
        return []
    serving = hosting.describe(site, hosting.inline_scripts(fingerprints.renderer.theme_sources()))
    feeds = hosting.feed_paths(site)
    fingerprint = digest(fingerprints.global_digest, "hosting", repr(serving), repr(feeds))
    names = site.config.hosting.host_files
    return [(name, fingerprint, partial(_text, WRITERS[name], serving, feeds)) for name in names]


def _text(write: Callable[[hosting.Serving, list[str]], str], serving: hosting.Serving, feeds: list[str]) -> bytes:
    return write(serving, feeds).encode("utf-8")


def _fact_check_feed(fingerprints: Fingerprints, lang: Language, stamp: datetime.datetime | None) -> Made:
    renderer, site = fingerprints.renderer, fingerprints.site
    config = site.config
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
        page = urls.section_path(config, lang.code, urls.FACT_CHECKS)
        return atom_feed(site, lang, entries, stamp, path, title, page)

    return path, digest(fingerprints.site_digest(), path, repr(stamp), *(d.digest for d in checks)), feed


def _calendars(fingerprints: Fingerprints, lang: Language, stamp: datetime.datetime | None) -> list[Made]:
    site, code = fingerprints.site, lang.code
    config, site_digest = site.config, fingerprints.site_digest()
    events = site.events(code, fingerprints.now)
    name = f"{config.sections[urls.EVENTS][code].name} | {lang.title}"
    shown = repr(stamp)  # the calendars' DTSTAMP
    path = urls.calendar_path(config, code)
    every = partial(calendars.calendar, name, code, [calendars.entry(site, d, stamp) for d in events], True)
    made: list[Made] = [(path, digest(site_digest, path, shown, *(d.digest for d in events)), every)]
    for doc in events:
        one = partial(calendars.calendar, name, code, [calendars.entry(site, doc, stamp)])
        made.append((urls.event_calendar_path(site, doc), digest(site_digest, doc.digest, shown), one))
    return made
