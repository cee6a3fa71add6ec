"""What templates see: small, frozen views of the site in one language.

The types only; ``context.py`` builds them from the model. The context of
every page has five names: ``site`` (a :class:`SiteView`), ``lang``,
``page`` (a :class:`PageView`), ``alternates`` and ``nav`` (see README,
"Themes"). Lists (``site.meetings``, ``page.items``) hold :class:`Summary`
items, without the rendered body, so that a list page does not change when
only a note's text does.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ..digest import digest
from ..load.languages import Language
from ..load.model import ONGOING, PAST, SloganText, SourceRef

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # a share image, in pixels: what link previews expect
CARD_DESIGN = "share-5"  # change when the drawing changes, so every share image is made again
# The mark beside a verdict's name, by the style of its label: the verdict is never a colour alone.
VERDICT_MARKS = {"wrong": "\u2715", "misleading": "!", "unproven": "?", "correct": "\u2713"}  # ✕ ! ? ✓


@dataclass(frozen=True)
class VerdictView:
    key: str
    name: str
    description: str
    style: str  # wrong, misleading, unproven or correct: the look of the label

    @property
    def mark(self) -> str:
        return VERDICT_MARKS[self.style]


@dataclass(frozen=True)
class ClaimView:
    text: str
    seen_on: str
    date: datetime.date | None
    url: str | None
    verdict: VerdictView
    finding: str = ""  # what the facts are, in one sentence (may be empty)


@dataclass(frozen=True)
class Moment:
    """An event's time in one zone: from ``start`` to ``end`` (aware, in that zone)."""

    start: datetime.datetime
    end: datetime.datetime
    zone: str
    all_day: bool

    @property
    def last_day(self) -> datetime.date:
        return (self.end - datetime.timedelta(days=1)).date() if self.all_day else self.end.date()

    @property
    def single_day(self) -> bool:
        return self.start.date() == self.last_day


@dataclass(frozen=True)
class EventView:
    when: Moment
    elsewhere: tuple[Moment, ...]  # the same time in Indonesia's other zones (not for whole-day events)
    state: str  # upcoming, ongoing or past
    status: str  # scheduled, cancelled, postponed, rescheduled or moved_online
    attendance: str  # offline, online or mixed
    place: str
    address: str
    online: str | None
    organizer: str
    organizer_url: str | None
    registration: str | None
    calendar_url: str  # its .ics file
    map_url: str | None = None  # the place on OpenStreetMap: a pin at its coordinates, or a search for its address
    coordinates: tuple[str, str] | None = None  # latitude and longitude, as written

    @property
    def past(self) -> bool:
        return self.state == PAST

    @property
    def ongoing(self) -> bool:
        return self.state == ONGOING


@dataclass(frozen=True)
class Picture:
    """A photo as a page shows it: WebP in a few widths, and JPEG (PNG when it is transparent) for
    browsers without WebP; ``width`` and ``height`` as shown, so the page does not jump as it loads."""

    source: str  # the file of static/ it is made from
    digest: str  # of that file's bytes
    src: str  # the fallback, at about 960 pixels wide
    srcset: str  # the fallback in every width: "/photos/ab12-480.jpg 480w, ..."
    webp_srcset: str
    sizes: str  # how wide it is shown, for the browser to pick a width
    width: int
    height: int


@dataclass(frozen=True)
class Summary:
    """A document as a list shows it."""

    title: str
    summary: str
    date: datetime.date | None
    url: str
    permalink: str
    participants: tuple[str, ...]
    agenda: tuple[str, ...]
    tags: tuple[str, ...]
    image: str | None
    image_alt: str
    image_width: int | None = None
    image_height: int | None = None
    claim: ClaimView | None = None  # a fact check's claim and verdict
    event: EventView | None = None  # an event's time, place and state
    picture: Picture | None = None  # its image, when that is a photo of static/

    @property
    def headline(self) -> str:
        """What a page and a list call it: a fact check's finding, when it has one; else its title."""
        return self.claim.finding if self.claim is not None and self.claim.finding else self.title


@dataclass(frozen=True)
class DocumentView(Summary):
    """A document on its own page: the summary fields, its sources and its body."""

    sources: tuple[SourceRef, ...] = ()
    content: Markup = Markup("")


@dataclass(frozen=True)
class KeyMessageView:
    key: str
    number: int
    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class SectionView:
    name: str
    url: str
    feed_url: str = ""  # fact checks: their Atom feed
    calendar_url: str = ""  # events: the calendar to subscribe to
    calendar_permalink: str = ""  # the same, with scheme and host: the address to paste into a calendar app


@dataclass(frozen=True)
class PublisherView:
    """Who publishes the site, in one language; what site.yaml does not say is None."""

    name: str
    url: str | None
    logo: str | None  # the address of the logo
    logo_width: int | None
    logo_height: int | None
    email: str | None
    address: str | None


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Alternate:
    lang: Language
    url: str
    permalink: str
    exists: bool
    current: bool


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class SiteView:
    """``site`` in one language. Its list of notes is made on first use."""

    title: str
    description: str
    base_url: str
    languages: tuple[Language, ...]
    default_language: Language
    slogan: SloganText
    key_messages: tuple[KeyMessageView, ...]
    sections: dict[str, SectionView]
    social: tuple[Any, ...]
    home_url: str
    feed_url: str
    publisher: PublisherView | None = None  # None: site.yaml does not say who publishes the site
    search_url: str = ""  # the search page; "" when the site has none
    make_meetings: Callable[[], tuple[Summary, ...]] = field(repr=False, compare=False, default=tuple)
    make_fact_checks: Callable[[], tuple[Summary, ...]] = field(repr=False, compare=False, default=tuple)
    make_events: Callable[[], tuple[Summary, ...]] = field(repr=False, compare=False, default=tuple)

    @cached_property
    def meetings(self) -> tuple[Summary, ...]:
        return self.make_meetings()

    @cached_property
    def fact_checks(self) -> tuple[Summary, ...]:
        """Newest first."""
        return self.make_fact_checks()

    @cached_property
    def events(self) -> tuple[Summary, ...]:
        """Those not over yet, soonest first; then the past ones, latest first."""
        return self.make_events()


@dataclass(frozen=True)
class PageView:
    kind: str
    title: str
    description: str
    url: str
    permalink: str
    x_default: str
    image: str | None = None  # the page's share image (absolute URL)
    og_type: str = "website"
    date: datetime.date | None = None
    doc: DocumentView | None = None
    key_message: KeyMessageView | None = None
    items: tuple[Summary, ...] = ()
    breadcrumbs: tuple[Link, ...] = ()
    pagination: Pagination | None = None
    image_width: int = CARD_WIDTH
    image_height: int = CARD_HEIGHT
    image_alt: str = ""
    image_type: str = "image/png"  # a share image with a photo behind its words is a JPEG
    share_links: tuple[Link, ...] = ()  # "share this page" on social networks, as plain links
    structured_data: tuple[dict[str, Any], ...] = ()  # JSON-LD objects
    card: ShareCard | None = None  # what the share image shows
    search_script: str = ""  # the search page: the address of Pagefind's script (see search.py)
    key: str = ""  # a document's page: its file name without the language (a free page's: "about")


@dataclass(frozen=True)
class ShareCard:
    """What a page's share image says."""

    title: str
    kicker: str  # the site's title, small, above
    slogan: str  # at the foot
    lang: str
    direction: str  # "ltr" or "rtl"
    stamp: str = ""  # a fact check's verdict, mark and name ("\u2715 Hoaks"), stamped above the title
    stamp_style: str = ""  # the look of the stamp: wrong, misleading, unproven or correct
    photo: str = ""  # the page's photo (a file of static/), behind the words: the image is a JPEG
    photo_digest: str = ""  # of that file's bytes

    @cached_property
    def name(self) -> str:
        """Where the image lives in the output: named by what it shows (asked for several times a page)."""
        return f"share/{digest(CARD_DESIGN, repr(self))[:20]}.{'jpg' if self.photo else 'png'}"
