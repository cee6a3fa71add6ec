"""Pure URL mapping: which page lives at which path, in every language.

A *path* is relative to the site root and has no leading slash
(``""`` is the home page, ``"en/meeting-notes/x/"`` an English note). A
*URL* adds the base path of ``base_url`` (``/g20/en/meeting-notes/x/``);
a *permalink* adds the scheme and host too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import Problem
from ..load.model import EVENT, FACT_CHECK, KEY_MESSAGE, MEETING, PAGE, Document, Site
from ..load.settings import SiteConfig
from ..messages import Message

HOME = "home"
KEY_MESSAGES = "key_messages"
MEETINGS = "meetings"
FACT_CHECKS = "fact_checks"
EVENTS = "events"
SEARCH = "search"  # the search page of each language, when site.yaml names it in sections
SEARCH_FOLDER = "pagefind/"  # the search index in the output (see search.py)
SECTION_OF = {MEETING: MEETINGS, KEY_MESSAGE: KEY_MESSAGES, FACT_CHECK: FACT_CHECKS, EVENT: EVENTS}
LISTS = {MEETINGS: MEETING, FACT_CHECKS: FACT_CHECK, EVENTS: EVENT}  # paginated sections: the kind they list
ONLY_WHEN_FILLED = (FACT_CHECKS, EVENTS)  # sections that have no pages at all in a language without entries
CALENDAR = "calendar.ics"
SECTION_FEED = "feed.xml"
SETTINGS = "content/site.yaml"


@dataclass(frozen=True)
class Route:
    """One HTML page: what it shows (kind + key) in which language, and where."""

    kind: str  # home, key_messages, key_message, meetings, meeting, page
    key: str  # the document or key message it shows; "" for home and lists
    lang: str
    path: str
    origin: str  # the file that asks for this path, for messages
    line: int | None = None


def base_path(config: SiteConfig) -> str:
    return urlsplit(config.base_url).path


def url(config: SiteConfig, path: str) -> str:
    return base_path(config) + path


def permalink(config: SiteConfig, path: str) -> str:
    return config.base_url + path


def output_file(path: str) -> str:
    """The file that serves ``path``: pretty URLs end in ``index.html``."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def static_name(name: str, hashes: Mapping[str, str]) -> str:
    """``css/site.css`` -> ``css/site.1a2b3c4d5e.css`` when it has a content hash."""
    if name not in hashes:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashes[name]}{dot}{suffix}"


def home_path(config: SiteConfig, lang: str) -> str:
    return "" if lang == config.default.code else f"{lang}/"


def section_path(config: SiteConfig, lang: str, section: str) -> str:
    return f"{home_path(config, lang)}{config.sections[section][lang].slug}/"


def section_of(kind: str) -> str | None:
    """The section a page belongs to: its own for a list, its list's for a document; None for others."""
    return kind if kind in SECTION_OF.values() else SECTION_OF.get(kind)


def fallback_path(config: SiteConfig, kind: str, lang: str) -> str:
    """Where a reader of ``lang`` goes from a page that has no ``lang`` version:
    the list of its section (a meeting note, a page of the list of notes), else that language's home.
    (A section that has no pages in ``lang`` is left to the caller: see ``pages.Views.alternates``.)"""
    section = section_of(kind)
    return section_path(config, lang, section) if section else home_path(config, lang)


def list_page_path(config: SiteConfig, lang: str, section: str, number: int) -> str:
    """Page 1 of a list is the section itself; page n is ``<section>/<n>/``."""
    first = section_path(config, lang, section)
    return first if number == 1 else f"{first}{number}/"


def not_found_path(config: SiteConfig, lang: str) -> str:
    """The 404 page of ``lang``: ``404.html`` in the default language, ``en/404.html``, a host serves
    for an address it does not have below that language's home (see render/hosting.py)."""
    return f"{home_path(config, lang)}404.html"


def feed_path(config: SiteConfig, lang: str) -> str:
    return f"{home_path(config, lang)}feed.xml"


def section_feed_path(config: SiteConfig, lang: str, section: str) -> str:
    """The Atom feed of one section (fact checks): ``cek-fakta/feed.xml``."""
    return f"{section_path(config, lang, section)}{SECTION_FEED}"


def calendar_path(config: SiteConfig, lang: str) -> str:
    """The calendar of every event in ``lang``, to subscribe to: ``agenda/calendar.ics``."""
    return f"{section_path(config, lang, EVENTS)}{CALENDAR}"


def event_calendar_path(site: Site, doc: Document) -> str:
    """One event's calendar file, in its page's folder: ``agenda/ktt-g20/ktt-g20.ics``."""
    return f"{document_path(site, doc)}{doc.slug}.ics"


def document_path(site: Site, doc: Document) -> str:
    config = site.config
    if doc.kind == PAGE:
        return f"{home_path(config, doc.lang)}{doc.slug}/"
    if doc.kind == KEY_MESSAGE:
        message = next(m for m in site.key_messages if m.key == doc.key)
        return f"{section_path(config, doc.lang, KEY_MESSAGES)}{message.slug[doc.lang]}/"
    return f"{section_path(config, doc.lang, SECTION_OF[doc.kind])}{doc.slug}/"


def filled_sections(site: Site, lang: str) -> list[str]:
    """The paginated sections that have pages in ``lang``: meeting notes always, the others
    (fact checks, events) only when they have an entry in that language."""
    kinds = site.kinds_in(lang)
    return [s for s, kind in LISTS.items() if s not in ONLY_WHEN_FILLED or kind in kinds]


def plan_routes(site: Site) -> list[Route]:
    """Every HTML page of the site, in a stable order."""
    config = site.config
    routes = []
    for lang in config.codes:
        routes.append(Route(HOME, "", lang, home_path(config, lang), SETTINGS))
        for section in [KEY_MESSAGES, *([SEARCH] if SEARCH in config.sections else [])]:
            routes.append(Route(section, "", lang, section_path(config, lang, section), SETTINGS,
                                config.section_lines.get(section)))
        for section in filled_sections(site, lang):
            routes += _list_routes(site, lang, section)
        for message in site.key_messages:
            path = f"{section_path(config, lang, KEY_MESSAGES)}{message.slug[lang]}/"
            routes.append(Route(KEY_MESSAGE, message.key, lang, path, "content/key-messages.yaml",
                                message.slug_lines.get(lang)))
    for doc in site.documents:
        if doc.kind != KEY_MESSAGE:
            routes.append(Route(doc.kind, doc.key, doc.lang, document_path(site, doc), doc.path, doc.slug_line))
    return routes


def _list_routes(site: Site, lang: str, section: str) -> list[Route]:
    config = site.config
    count = len(site.documents_in(lang, LISTS[section]))
    return [
        Route(section, "" if number == 1 else str(number), lang, list_page_path(config, lang, section, number),
              SETTINGS, config.section_lines.get(section))
        for number in range(1, max(1, -(-count // config.per_page)) + 1)
    ]


def site_files(site: Site) -> list[tuple[str, str]]:
    """The files besides pages that sections make, with the file each comes from: a feed of fact
    checks and a calendar of events per language that has them, and a calendar file per event."""
    config = site.config
    found = []
    for lang in config.codes:
        filled = filled_sections(site, lang)
        if FACT_CHECKS in filled:
            found.append((section_feed_path(config, lang, FACT_CHECKS), SETTINGS))
        if EVENTS in filled:
            found.append((calendar_path(config, lang), SETTINGS))
    found += [(event_calendar_path(site, d), d.path) for d in site.documents if d.kind == EVENT]
    return found


def collisions(routes: Iterable[Route], reserved: Iterable[tuple[str, str | Message]] = ()) -> list[Problem]:
    """Two pages (or a page and a fixed file, or two fixed files) at one path: an error naming both.

    ``reserved`` lists the files besides pages with the file each comes from, those g20site makes
    first and then the copies of ``static/`` (which are the ones told to move)."""
    owner: dict[str, str | Message] = {}
    problems = []
    for path, origin in reserved:
        target = output_file(path)
        if target in owner and owner[target] != origin and isinstance(origin, str) and origin.startswith("static/"):
            message = Message("is copied to /{path}, where g20site writes {other}; rename or remove it")
            problems.append(Problem(origin, None, message.format(path=target, other=owner[target])))
        owner.setdefault(target, origin)
    pages: dict[str, Route] = {}
    for route in routes:
        target = output_file(route.path)
        clash = _clash(owner.get(target), pages.setdefault(target, route), route)
        if clash is not None:
            problems.append(clash)
    return problems


SAME_ADDRESS = Message("its address /{path} is also the address of {other}; give one of them another slug")


def _clash(owner: str | Message | None, first: Route, route: Route) -> Problem | None:
    """The problem with ``route`` when a file from ``owner``, or the page ``first``, has its address.
    Two pages of one file (two sections of site.yaml) are told apart by their lines, and the
    problem is at the line that gives the address (a home page has none; a section has)."""
    if owner is not None:
        return None if owner == route.origin else Problem(
            route.origin, route.line, SAME_ADDRESS.format(path=route.path, other=owner))
    if (first.origin, first.line) == (route.origin, route.line):
        return None
    if first.origin != route.origin:
        return Problem(route.origin, route.line, SAME_ADDRESS.format(path=route.path, other=first.origin))
    at, other = (first, route) if route.line is None else (route, first)
    named = f"{other.origin}:{other.line}" if other.line is not None else other.origin
    return Problem(at.origin, at.line, SAME_ADDRESS.format(path=route.path, other=named))


class RouteIndex:
    """Finds a route by what it shows, and the same page in other languages."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self._by_group: dict[tuple[str, str], dict[str, Route]] = {}
        for route in routes:
            self._by_group.setdefault((route.kind, route.key), {}).setdefault(route.lang, route)

    def find(self, kind: str, key: str, lang: str) -> Route | None:
        return self._by_group.get((kind, key), {}).get(lang)

    def translations(self, route: Route) -> dict[str, Route]:
        return self._by_group.get((route.kind, route.key), {})
