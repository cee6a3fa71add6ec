"""The site in memory: frozen data, no I/O."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import Problem
from ..messages import Message
from .settings import SiteConfig

MEETING = "meeting"
PAGE = "page"
KEY_MESSAGE = "key_message"
FACT_CHECK = "fact_check"
EVENT = "event"

# The time zones of Indonesia, by the names people use: offset from UTC in hours, and the
# IANA name calendar applications know. None of them has daylight saving time.
ZONES: Mapping[str, tuple[int, str]] = {
    "WIB": (7, "Asia/Jakarta"),
    "WITA": (8, "Asia/Makassar"),
    "WIT": (9, "Asia/Jayapura"),
}
STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled", "moved_online")  # of an event
UPCOMING, ONGOING, PAST = "upcoming", "ongoing", "past"


def zone(name: str) -> datetime.timezone:
    """``WITA`` -> UTC+08:00, named WITA."""
    return datetime.timezone(datetime.timedelta(hours=ZONES[name][0]), name)


@dataclass(frozen=True)
class SourceRef:
    """Where a fact comes from."""

    title: str
    publisher: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Claim:
    """What a fact check checks: the claim as it circulated, and the verdict on it."""

    text: str
    verdict: str  # a key of site.yaml's verdicts
    seen_on: str = ""  # where it circulated: "WhatsApp, Facebook"
    date: datetime.date | None = None  # when it circulated
    url: str | None = None  # a copy of it (an archive link)
    verdict_line: int = 1
    finding: str = ""  # what the facts are, in one sentence: the headline of the fact check


@dataclass(frozen=True)
class Schedule:
    """When and where an event is. ``start`` and ``end`` are aware, in the event's zone;
    for a whole-day event they are midnights, ``end`` the one after its last day."""

    start: datetime.datetime
    end: datetime.datetime
    zone: str  # WIB, WITA or WIT
    all_day: bool = False
    place: str = ""
    address: str = ""
    online: str | None = None  # a link to follow it online
    organizer: str = ""
    organizer_url: str | None = None
    registration: str | None = None
    status: str = "scheduled"
    coordinates: tuple[str, str] | None = None  # latitude and longitude of the place, in degrees, as written

    @property
    def last_day(self) -> datetime.date:
        """The day it ends on (for a whole-day event, the last day it covers)."""
        return (self.end - datetime.timedelta(days=1)).date() if self.all_day else self.end.date()

    @property
    def attendance(self) -> str:
        """offline, online or mixed."""
        return "mixed" if self.place and self.online else "online" if self.online else "offline"

    def state(self, now: datetime.datetime) -> str:
        """upcoming, ongoing or past, seen from ``now``."""
        return PAST if self.end <= now else ONGOING if self.start <= now else UPCOMING


@dataclass(frozen=True)
class Document:
    """One Markdown file: a document in one language.

    ``key`` pairs translations: ``2022-01-18-x.id.md`` and
    ``2022-01-18-x.en.md`` share the key ``2022-01-18-x``.
    """

    kind: str
    key: str
    lang: str
    path: str  # shown in messages: content/meetings/2022-01-18-x.id.md
    title: str
    slug: str
    body: str = ""
    body_line: int = 1
    summary: str = ""
    date: datetime.date | None = None
    participants: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draft: bool = False
    image: str | None = None  # a file of static/, without the leading slash
    image_line: int = 1
    image_alt: str = ""
    sources: tuple[SourceRef, ...] = ()
    slug_line: int = 1
    digest: str = ""  # of the file's bytes: equal digests, equal documents
    meta_digest: str = ""  # of everything but the body: what lists show of it
    body_digest: str = ""  # of the Markdown text alone
    text_hash: str = ""  # of its words (front matter and body): what a translation is made from
    translated_from: str | None = None  # the text_hash of the source this translation was last matched to
    translated_from_line: int = 1
    claim: Claim | None = None  # fact checks
    schedule: Schedule | None = None  # events
    gaps: tuple[Problem, ...] = ()  # what a draft still lacks to be built: errors once it is (drafts only)


@dataclass(frozen=True)
class KeyMessage:
    key: str
    number: int
    title: Mapping[str, str]
    summary: Mapping[str, str]
    slug: Mapping[str, str]
    # the line in key-messages.yaml that gives each language its address: for messages only
    slug_lines: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Rendering:
    """An other wording of the slogan, possibly in another language."""

    text: str
    lang: str | None = None
    translation: str | None = None
    source: str | None = None  # who gave this wording, and when: shown under it
    source_url: str | None = None  # where it can be read


@dataclass(frozen=True)
class SloganText:
    text: str
    text_lang: str | None = None
    renderings: tuple[Rendering, ...] = ()


def _when(doc: Document) -> datetime.datetime:
    assert doc.schedule is not None
    return doc.schedule.start


def state(doc: Document, now: datetime.datetime) -> str:
    """An event's state at ``now``: upcoming, ongoing or past."""
    assert doc.schedule is not None, "only events have a state"
    return doc.schedule.state(now)


@dataclass(frozen=True)
class StaticImage:
    """A picture in static/ as its header describes it (nothing is decoded to learn this).

    A photo (JPEG, PNG or WebP) is published in several sizes and at its own address, turned
    upright and stripped of its metadata (``build/photos.py``); a GIF is published as it is.
    """

    width: int  # as shown: turned by its EXIF orientation
    height: int
    digest: str = ""  # of its bytes, for a photo: names what is made of it ("": not a photo)
    transparent: bool = False  # has an alpha channel: its fallback is a PNG, not a JPEG
    problem: Message | None = None  # why it is left out of the site (too large, unreadable)

    @property
    def photo(self) -> bool:
        """Published as responsive variants and a clean copy."""
        return bool(self.digest) and self.problem is None


@dataclass(frozen=True)
class Site:
    root: Path
    config: SiteConfig
    slogan: Mapping[str, SloganText]
    key_messages: tuple[KeyMessage, ...]
    documents: tuple[Document, ...]
    static_files: tuple[str, ...] = field(default=())  # paths relative to static/
    theme_digest: str = ""  # changes whenever a template, a catalog or the list of static files does
    images: Mapping[str, StaticImage] = field(default_factory=dict)  # the pictures of static/, by name
    static_hashes: Mapping[str, str] = field(default_factory=dict)  # css/js: a short hash of their bytes
    # read but not built: drafts (all of them without --drafts; with it, those that lack a required field)
    left_out: tuple[Document, ...] = ()

    @property
    def all_documents(self) -> tuple[Document, ...]:
        """Every document read: those built, then the drafts left out."""
        return self.documents + self.left_out

    def copied(self, name: str) -> bool:
        """``static/name`` is published as it is: it is no photo (those are made anew) and not left out."""
        image = self.images.get(name)
        return image is None or not (image.digest or image.problem)

    def documents_in(self, lang: str, kind: str) -> list[Document]:
        return list(self._by_language_and_kind.get((lang, kind), ()))

    def kinds_in(self, lang: str) -> set[str]:
        """The kinds of document the site has in ``lang``."""
        return {kind for code, kind in self._by_language_and_kind if code == lang}

    @cached_property
    def _by_language_and_kind(self) -> dict[tuple[str, str], list[Document]]:
        found: dict[tuple[str, str], list[Document]] = {}
        for doc in self.documents:
            found.setdefault((doc.lang, doc.kind), []).append(doc)
        return found

    def meetings(self, lang: str) -> list[Document]:
        """Meeting notes in one language, newest first."""
        found = self.documents_in(lang, MEETING)
        return sorted(found, key=lambda d: (d.date or datetime.date.min, d.key), reverse=True)

    def fact_checks(self, lang: str) -> list[Document]:
        """Fact checks in one language, newest first."""
        found = self.documents_in(lang, FACT_CHECK)
        return sorted(found, key=lambda d: (d.date or datetime.date.min, d.key), reverse=True)

    def events(self, lang: str, now: datetime.datetime) -> list[Document]:
        """Events in one language: those not over at ``now``, soonest first; then the past ones, latest first."""
        found = [d for d in self.documents_in(lang, EVENT) if d.schedule is not None]
        coming = sorted((d for d in found if state(d, now) != PAST), key=lambda d: (_when(d), d.key))
        over = sorted((d for d in found if state(d, now) == PAST), key=lambda d: (_when(d), d.key), reverse=True)
        return coming + over

    def translations(self, doc: Document) -> dict[str, Document]:
        """Every language version of ``doc`` (itself included), by language."""
        return self._by_key.get((doc.kind, doc.key), {})

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], dict[str, Document]]:
        index: dict[tuple[str, str], dict[str, Document]] = {}
        for doc in self.documents:
            index.setdefault((doc.kind, doc.key), {})[doc.lang] = doc
        return index
