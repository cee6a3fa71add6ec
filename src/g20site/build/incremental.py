"""Incremental builds: what each page is made of, and which pages must be made again.

A page's *fingerprint* hashes everything its bytes depend on: the theme, the
settings, the slogan and the key messages; where the page and its
translations live; its menu; the files of the documents it shows; the lists
it shows; the ``site`` fields its templates read (the renderer reports them);
and where each link in its Markdown leads now. Equal fingerprints give equal
bytes, so a page whose fingerprint and output file are unchanged is not
rendered again.

The *page table* of an output folder keeps, per file, the fingerprint it was
made from and the size and modification time it was written with. It lives
in the build cache; losing it only costs time.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..digest import digest
from ..errors import Problem
from ..load.model import EVENT, PAGE, Document, Site, state
from ..pages import urls
from ..pages.context import FIELDS, LISTED
from ..pages.links import Resolution
from ..pages.urls import HOME, Route
from ..pages.views import CARD_DESIGN, ShareCard
from ..render.renderer import RenderedPage, Renderer
from .cache import STAMP, Cache
from .cache_format import INT, RELATIVE_PATH, STR, entries, fixed, keyed, optional, record, tuple_of
from .cache_messages import PROBLEM
from .cache_records import RESOLUTIONS


@dataclass(frozen=True)
class Outcome:
    """A page rendered by this build: what the renderer reported, its fingerprint, what was staged."""

    page: RenderedPage
    fingerprint: str
    staged: tuple[str, ...] = ()  # the files this page put in the staging folder
    share_warnings: tuple[Problem, ...] = ()  # about the build cache, met while making its share image
    searched: str = ""  # the language the search index finds the page in; "" when it is not indexed

    @property
    def route(self) -> Route:
        return self.page.route

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What is wrong with the content of the page."""
        return self.page.problems

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What was wrong with the build cache while it was made: never the content's fault."""
        return self.page.warnings + self.share_warnings

    @property
    def share(self) -> ShareCard | None:
        return self.page.card


@dataclass(frozen=True)
class PageEntry:
    """One file of the output as the last build left it."""

    fingerprint: str
    size: int
    mtime_ns: int
    read: tuple[str, ...] = ()  # the site fields the page's templates read
    links: tuple[tuple[str, str], ...] = ()  # (document path, link) of the Markdown on the page
    share: str | None = None  # the page's share image in the output
    warnings: tuple[Problem, ...] = ()  # about its content: said again by every build that keeps the page
    searched: str = ""  # the language the search index finds the page in; "" when it is not indexed


# How the page table is stored: see build/cache_format.py.
PAGE_ENTRY = record(
    PageEntry, fingerprint=STR, size=INT, mtime_ns=INT, read=tuple_of(STR), links=tuple_of(fixed(STR, STR)),
    share=optional(RELATIVE_PATH), warnings=tuple_of(PROBLEM), searched=STR,
)
PAGE_SHARD = entries(PAGE_ENTRY, key=RELATIVE_PATH)  # output file -> what it was made from
PAGE_HEAD = keyed(
    resolutions=RESOLUTIONS,  # the routes' digest, and where each (document path, link) led
    site=STR,  # Fingerprints.site_digest()
)
PAGE_DOCUMENTS = entries(STR)  # document path -> digest: rewritten by every edit, so apart from the head
SHARDS = 32  # of the page table, by each file's folder: one edit rewrites a few small files, not one of 10 MB


def _shard(name: str) -> int:
    """The shard of output file ``name``: that of its folder, so that the files of one bundle of the search
    index are in one shard and the pages of a site are spread over all of them."""
    return int(digest(name.rpartition("/")[0])[:4], 16) % SHARDS


METADATA_ONLY = ("meetings", "fact_checks")  # the site fields that show no more of a document than its front matter


class Fingerprints:
    """The fingerprints of one site's pages and files, as it is at ``now``."""

    def __init__(self, renderer: Renderer, now: datetime.datetime, like: Fingerprints | None = None) -> None:
        """``like``: those of an earlier build whose documents differed from these only in their bodies (see
        ``warm.py``): the same routes, and the same lists of meeting notes and fact checks."""
        self.renderer = renderer
        self.site: Site = renderer.site
        self.views = renderer.views
        self.now = now
        config = self.site.config
        self.routes_digest: str = like.routes_digest if like else digest(
            repr([(r.kind, r.key, r.lang, r.path) for r in renderer.routes]), repr(sorted(renderer.known))
        )
        self.global_digest = digest(
            STAMP, CARD_DESIGN, self.site.theme_digest, repr(config), repr(sorted(self.site.slogan.items())),
            repr(self.site.key_messages),
        )
        self.resolutions: dict[tuple[str, str], Resolution | None] = {}
        self._field_digests: dict[tuple[str, str], str] = {  # (what a list shows of a document: its front matter)
            key: value for key, value in like._field_digests.items() if key[1] in METADATA_ONLY} if like else {}
        self._nav_digests: dict[tuple[str, str, str], str] = {}
        self._translation_digests: dict[tuple[str, str], str] = {}
        self._read_digests: dict[tuple[str, tuple[str, ...]], str] = {}
        self._site_digest: str | None = None

    def page(self, route: Route, read: tuple[str, ...], links: tuple[tuple[str, str], ...]) -> str:
        """Everything a page is made of, hashed: equal fingerprints give equal bytes."""
        lang = route.lang
        parts = [self.global_digest, repr(route), self._translations(route), self._nav(route)]
        documents = self.documents_on(route)
        parts += [doc.digest for doc in documents]
        parts += [state(doc, self.now) for doc in documents if doc.kind == EVENT]  # upcoming, ongoing or past
        if route.kind in LISTED:
            parts.append(self._field_digest(lang, LISTED[route.kind]))
        parts.append(self._fields_digest(lang, read))
        parts += [repr(self.resolution(path, link)) for path, link in links]
        return digest("\0".join(parts))

    def of(self, page: RenderedPage) -> str:
        return self.page(page.route, page.read, page.links)

    def resolution(self, path: str, link: str) -> Resolution | None:
        """Where ``link`` in document ``path`` leads, remembered while the routes stay as they were."""
        key = (path, link)
        if key not in self.resolutions:
            doc = self.renderer.by_file.get(path)
            self.resolutions[key] = self.renderer.resolver(doc)(link) if doc else None
        return self.resolutions[key]

    def remember(self, stored: Any) -> None:
        """Reuse the resolutions of an earlier build when it had the same routes."""
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self.routes_digest:
            self.resolutions.update(stored[1])

    def documents_on(self, route: Route) -> list[Document]:
        doc = self.views.documents.get((route.kind, route.key, route.lang))
        return [doc] if doc is not None else []

    def site_digest(self) -> str:
        """Everything a page may show besides its own documents; equal digests: only
        pages showing a changed document can change."""
        if self._site_digest is None:
            parts = [self.global_digest, self.routes_digest]
            config = self.site.config
            for lang in config.codes:
                parts += [self._field_digest(lang, name) for name in FIELDS]
                parts.append(self._nav(Route(HOME, "", lang, urls.home_path(config, lang), "")))
            self._site_digest = digest("\0".join(parts))
        return self._site_digest

    def _translations(self, route: Route) -> str:
        """Where the page's switcher leads: its translations, else each language's section list or home."""
        key = (route.kind, route.key)
        if key not in self._translation_digests:
            self._translation_digests[key] = repr([(a.lang.code, a.url) for a in self.views.alternates(route)])
        return self._translation_digests[key]

    def _fields_digest(self, lang: str, read: tuple[str, ...]) -> str:
        key = (lang, read)
        if key not in self._read_digests:
            self._read_digests[key] = "".join(self._field_digest(lang, name) for name in read)
        return self._read_digests[key]

    def _nav(self, route: Route) -> str:
        key = (route.lang, route.kind, route.key if route.kind == PAGE else "")
        if key not in self._nav_digests:
            self._nav_digests[key] = digest(repr(self.views.nav(route)))
        return self._nav_digests[key]

    def _field_digest(self, lang: str, name: str) -> str:
        if (lang, name) not in self._field_digests:
            site = self.site
            if name in METADATA_ONLY:  # what a list shows of a document is all in its front matter
                listed = site.meetings(lang) if name == "meetings" else site.fact_checks(lang)
                value = "\0".join(f"{d.path}:{d.meta_digest}" for d in listed)
            elif name == "events":  # and, for an event, whether it is over
                events = site.events(lang, self.now)
                value = "\0".join(f"{d.path}:{d.meta_digest}:{state(d, self.now)}" for d in events)
            else:
                value = repr(getattr(self.views.site_view(site.config.language(lang)), name))
            self._field_digests[(lang, name)] = digest(name, value)
        return self._field_digests[(lang, name)]


class PageTable:
    """What the last build of one output folder made, kept in the build cache."""

    def __init__(self, cache: Cache, output: Path, fingerprints: Fingerprints,
                 left: dict[str, Any] | None = None) -> None:
        """The table as the build cache holds it; or ``left``, as :meth:`record` made it for this output (a
        build process that stays up keeps it: see ``warm.py``)."""
        self.cache = cache
        self.output = output
        self.fingerprints = fingerprints
        self.name = cache.pages_name(output)
        self.problems: list[Problem] = []
        self.shards: list[dict[str, PageEntry] | None] = [None] * SHARDS  # as stored (when read from the cache)
        self.head: dict[str, Any] | None = None
        self.documents_stored: dict[str, str] | None = None
        stored = left if left is not None else self._load()
        self.stored: dict[str, Any] = stored
        self.entries: dict[str, PageEntry] = stored["pages"]
        fingerprints.remember(stored.get("resolutions"))
        self.documents = {doc.path: doc.digest for doc in fingerprints.site.documents}
        same_site = stored.get("site") == fingerprints.site_digest() and isinstance(stored.get("documents"), dict)
        # when nothing but documents changed, only the pages showing a changed document can change
        self.changed_documents = (
            {path for path, made in self.documents.items() if stored["documents"].get(path) != made}
            if same_site else None
        )
        self.kept: list[str] = []
        self.confirmed: set[str] = set()  # files other than pages found as made (keep, as_made)
        self.saved: dict[str, PageEntry] = {}  # the table as :meth:`save` stored it

    def stale(self, routes: Iterable[Route], trusted: bool = False) -> list[Route]:
        """The pages to render; the others' output files are still exactly as made (``kept``). ``trusted``:
        the output is as the table says, so a page that shows no changed document is not looked at."""
        todo = []
        changed = self.changed_documents
        shown = None  # (kind, key, language) of the changed documents, when the output is trusted
        if trusted and changed is not None:
            shown = {(doc.kind, doc.key, doc.lang) for path in changed
                     for doc in [self.fingerprints.renderer.by_file.get(path)] if doc}
        for route in routes:
            rel = urls.output_file(route.path)
            if shown is not None and (route.kind, route.key, route.lang) not in shown and rel in self.entries or \
                    self._still_good(route, self.entries.get(rel), rel):
                self.kept.append(rel)
            else:
                todo.append(route)
        return todo

    def _still_good(self, route: Route, entry: PageEntry | None, rel: str) -> bool:
        if not isinstance(entry, PageEntry) or not self._untouched(rel, entry):
            return False
        if entry.share and not os.path.isfile(f"{self.output}{os.sep}{entry.share}"):
            return False  # its share image went missing: make both again
        changed = self.changed_documents
        if changed is not None and not any(doc.path in changed for doc in self.fingerprints.documents_on(route)):
            return True
        return self.fingerprints.page(route, entry.read, entry.links) == entry.fingerprint

    def _untouched(self, rel: str, entry: PageEntry) -> bool:
        try:
            stat = os.stat(f"{self.output}{os.sep}{rel}")
        except OSError:
            return False
        return stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns

    def keep(self, name: str, fingerprint: str) -> bool:
        """``name`` is in the output exactly as made from ``fingerprint``: no need to make it again."""
        entry = self.entries.get(name)
        if isinstance(entry, PageEntry) and entry.fingerprint == fingerprint and self._untouched(name, entry):
            self.confirmed.add(name)
            return True
        return False

    def as_made(self, name: str, fingerprint: str) -> bool:
        """Like :meth:`keep`, for an output taken as the table says (a quick build, see ``warm.py``)."""
        entry = self.entries.get(name)
        if isinstance(entry, PageEntry) and entry.fingerprint == fingerprint:
            self.confirmed.add(name)
            return True
        return False

    def checked(self) -> dict[str, tuple[int, int]]:
        """Size and time of each file the table keeps track of, as :meth:`save` left them."""
        return {rel: (entry.size, entry.mtime_ns) for rel, entry in self.saved.items()}

    def kept_warnings(self) -> list[Problem]:
        """What was wrong with the content of the pages kept as they were, as their build said it."""
        return [warning for rel in self.kept for warning in self.entries[rel].warnings]

    def pages(self, outcomes: Iterable[Outcome]) -> set[str]:
        """Every page of this build, with the share images of the pages kept and rendered."""
        found = {self.entries[rel].share or rel for rel in self.kept}
        return found | {o.share.name for o in outcomes if o.share}

    def searched(self, outcomes: Iterable[Outcome]) -> dict[str, tuple[str, str]]:
        """Every page of this build that the search index finds: its language, and the fingerprint
        of what it was made from."""
        found = {rel: (self.entries[rel].searched, self.entries[rel].fingerprint) for rel in self.kept}
        found |= {urls.output_file(o.route.path): (o.searched, o.fingerprint) for o in outcomes}
        return {rel: page for rel, page in found.items() if page[0]}

    def _load(self) -> dict[str, Any]:
        """The table as the build cache holds it; a shard that cannot be read is left out (its pages are
        made again), as is the head (each page's fingerprint is then computed and compared)."""
        head, self.problems = self.cache.load(f"{self.name}/head.json", PAGE_HEAD)
        self.head = head
        self.documents_stored, found = self.cache.load(f"{self.name}/documents.json", PAGE_DOCUMENTS)
        self.problems += found
        pages: dict[str, PageEntry] = {}
        for number in range(SHARDS):
            shard, found = self.cache.load(f"{self.name}/{number:02d}.json", PAGE_SHARD)
            self.problems += found
            self.shards[number] = shard
            pages.update(shard or {})
        if head is None or self.documents_stored is None:
            return {"pages": pages}
        return {**head, "documents": self.documents_stored, "pages": pages}

    def save(self, state: dict[str, Any]) -> list[Problem]:
        """Keep ``state`` (what :meth:`record` made) in the build cache, for the next build: the shards that
        changed, and the head if it did."""
        self.saved = state["pages"]
        shards: list[dict[str, PageEntry]] = [{} for _ in range(SHARDS)]
        for name, entry in state["pages"].items():
            shards[_shard(name)][name] = entry
        problems = []
        for number, shard in enumerate(shards):
            if shard != self.shards[number]:
                problems += self.cache.save(f"{self.name}/{number:02d}.json", shard, PAGE_SHARD)
        head = {key: value for key, value in state.items() if key not in ("pages", "documents")}
        if head != self.head:
            problems += self.cache.save(f"{self.name}/head.json", head, PAGE_HEAD)
        if state["documents"] != self.documents_stored:
            problems += self.cache.save(f"{self.name}/documents.json", state["documents"], PAGE_DOCUMENTS)
        return problems

    def record(self, outcomes: Iterable[Outcome], made: Mapping[str, str], staged: Set[str]) -> dict[str, Any]:
        """The table after this build: ``outcomes`` rendered and ``made`` (other files and their fingerprints),
        ``staged`` the files it wrote."""
        output = self.output
        table = {rel: self.entries[rel] for rel in self.kept}
        for name, fingerprint in made.items():
            if name in self.confirmed and name not in staged:  # left as it was: its entry still tells its size and time
                table[name] = self.entries[name]
                continue
            stat = os.stat(f"{output}{os.sep}{name}")  # a string, not a Path: tens of thousands of them
            table[name] = PageEntry(fingerprint, stat.st_size, stat.st_mtime_ns)
        for outcome in outcomes:
            rel = urls.output_file(outcome.route.path)
            stat = os.stat(f"{output}{os.sep}{rel}")
            share = outcome.share.name if outcome.share else None
            warnings = tuple(p for p in outcome.problems if p.severity == "warning")
            table[rel] = PageEntry(outcome.fingerprint, stat.st_size, stat.st_mtime_ns, outcome.page.read,
                                   outcome.page.links, share, warnings, outcome.searched)
            for path, link in outcome.page.links:  # remember where every link leads, for the next build
                self.fingerprints.resolution(path, link)
        return {
            "pages": table,
            "resolutions": (self.fingerprints.routes_digest, self.fingerprints.resolutions),
            "site": self.fingerprints.site_digest(),
            "documents": self.documents,
        }
