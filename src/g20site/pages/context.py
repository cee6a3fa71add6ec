"""Builds what each template sees, from the site model: the five names of a page's context.

The view types are in ``views.py``; this module makes them. Pure: no I/O.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from markupsafe import Markup

from ..load.languages import Language
from ..load.model import (
    EVENT,
    FACT_CHECK,
    KEY_MESSAGE,
    MEETING,
    PAGE,
    ZONES,
    Claim,
    Document,
    KeyMessage,
    Schedule,
    Site,
    SloganText,
    zone,
)
from ..load.settings import SiteConfig
from . import photos, urls
from . import structured_data as meta
from .places import map_url
from .publisher import publisher_view
from .urls import EVENTS, FACT_CHECKS, HOME, KEY_MESSAGES, MEETINGS, SEARCH, Route, RouteIndex
from .views import (
    Alternate,
    ClaimView,
    DocumentView,
    EventView,
    KeyMessageView,
    Link,
    Moment,
    PageView,
    Pagination,
    Picture,
    SectionView,
    SiteView,
    Summary,
    VerdictView,
)

NOT_FOUND = "not_found"
TEMPLATES = {
    HOME: "home.html",
    KEY_MESSAGES: "key_messages.html",
    KEY_MESSAGE: "key_message.html",
    MEETINGS: "meetings.html",
    MEETING: "meeting.html",
    FACT_CHECKS: "fact_checks.html",
    FACT_CHECK: "fact_check.html",
    EVENTS: "events.html",
    EVENT: "event.html",
    PAGE: "page.html",
    SEARCH: "search.html",
    NOT_FOUND: "404.html",
}
Html = Callable[[Document], Markup]  # a document's rendered body


FIELDS = ("title", "description", "base_url", "languages", "default_language", "slogan", "key_messages",
          "meetings", "fact_checks", "events", "sections", "social", "home_url",
          "feed_url", "publisher", "search_url")  # what templates may read of ``site``
LISTED = {MEETINGS: "meetings", FACT_CHECKS: "fact_checks", EVENTS: "events"}  # list page -> its ``site`` field


class TrackedSite:
    """``site`` as templates see it, noting which of its fields a page reads.

    A page that never read ``site.meetings`` cannot change when the list of
    notes does; the build cache relies on this to re-render only what must.
    """

    def __init__(self, view: SiteView, read: set[str]) -> None:
        self._view = view
        self._read = read

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._view, name)
        self._read.add(name)
        return value


class Views:
    """Builds the template context of every page of one site."""

    def __init__(self, site: Site, routes: RouteIndex, now: datetime.datetime) -> None:
        self.site = site
        self.routes = routes
        self.now = now  # which events are upcoming and which are past
        self.documents = {(d.kind, d.key, d.lang): d for d in site.documents}
        self._site_views: dict[str, SiteView] = {}

    def url(self, path: str) -> str:
        return urls.url(self.site.config, path)

    def summary(self, doc: Document) -> Summary:
        path = urls.document_path(self.site, doc)
        claim = claim_view(self.site.config, doc.claim, doc.lang) if doc.claim else None
        event = None
        if doc.schedule is not None:
            event = event_view(doc.schedule, self.now, self.url(urls.event_calendar_path(self.site, doc)))
        image, width, height, picture = self.image(doc.image)
        return Summary(
            doc.title, doc.summary, doc.date, self.url(path), urls.permalink(self.site.config, path),
            doc.participants, doc.agenda, doc.tags, image, doc.image_alt, width, height, claim, event, picture,
        )

    def image(self, name: str | None) -> tuple[str | None, int | None, int | None, Picture | None]:
        """An ``image:`` of static/ as a page shows it: its address, width, height, and its sizes when it
        is a photo; nothing when it is left out of the site."""
        found = self.site.images.get(name or "")
        if not name or (found is not None and found.problem is not None):
            return None, None, None, None
        if found is None:  # a picture whose size g20site cannot tell (an SVG without one): as it is
            return self.url(name), None, None, None
        picture = photos.picture(self.site.config, name, found) if found.photo else None
        return self.url(name), found.width, found.height, picture

    def document(self, doc: Document, html: Html) -> DocumentView:
        summary = self.summary(doc)
        return DocumentView(**vars(summary), sources=doc.sources, content=html(doc))

    def key_message(self, message: KeyMessage, lang: str) -> KeyMessageView:
        path = f"{urls.section_path(self.site.config, lang, KEY_MESSAGES)}{message.slug[lang]}/"
        return KeyMessageView(
            message.key, message.number, message.title.get(lang, message.key),
            message.summary.get(lang, ""), self.url(path),
        )

    def site_view(self, lang: Language) -> SiteView:
        if lang.code not in self._site_views:
            self._site_views[lang.code] = self._make_site_view(lang)
        return self._site_views[lang.code]

    def _make_site_view(self, lang: Language) -> SiteView:
        config, code = self.site.config, lang.code
        sections = {
            name: SectionView(config.sections[name][code].name, self.url(urls.section_path(config, code, name)))
            for name in (KEY_MESSAGES, *urls.filled_sections(self.site, code))
        }
        if FACT_CHECKS in sections:
            feed = self.url(urls.section_feed_path(config, code, FACT_CHECKS))
            sections[FACT_CHECKS] = replace(sections[FACT_CHECKS], feed_url=feed)
        if EVENTS in sections:
            calendar = urls.calendar_path(config, code)
            sections[EVENTS] = replace(sections[EVENTS], calendar_url=self.url(calendar),
                                       calendar_permalink=urls.permalink(config, calendar))
        return SiteView(
            title=lang.title,
            description=lang.description,
            base_url=config.base_url,
            languages=config.languages,
            default_language=config.default,
            slogan=self.site.slogan.get(code, SloganText(lang.title)),
            key_messages=tuple(self.key_message(m, code) for m in self.site.key_messages),
            sections=sections,
            social=config.social,
            home_url=self.url(urls.home_path(config, code)),
            feed_url=self.url(urls.feed_path(config, code)),
            publisher=publisher_view(self.site, code),
            search_url=self.url(urls.section_path(config, code, SEARCH)) if SEARCH in config.sections else "",
            make_meetings=lambda: tuple(self.summary(d) for d in self.site.meetings(code)),
            make_fact_checks=lambda: tuple(self.summary(d) for d in self.site.fact_checks(code)),
            make_events=lambda: tuple(self.summary(d) for d in self.site.events(code, self.now)),
        )

    def context(self, route: Route, html: Html, read: set[str]) -> dict[str, Any]:
        """The five names a template gets; ``read`` collects the site fields it uses."""
        config = self.site.config
        lang = config.language(route.lang)
        site_view = self.site_view(lang)
        if route.kind == NOT_FOUND:
            page, alternates = self.not_found(lang), self.home_alternates(lang)
        else:
            page, alternates = self.page(route, site_view, html), self.alternates(route)
            page = self.finish(route, page, site_view, alternates)
        return {"site": TrackedSite(site_view, read), "lang": lang, "page": page,
                "alternates": alternates, "nav": self.nav(route)}

    def finish(self, route: Route, page: PageView, view: SiteView, alternates: tuple[Alternate, ...]) -> PageView:
        """Add what the page tells the outside: share image, share links, JSON-LD."""
        card = meta.card(self.site, route, page, view) if self.site.config.share_images else None
        photo = page.doc.picture if page.doc else None
        if card is not None and photo is not None and photos.fills_card(photo):  # the photo behind the words
            card = replace(card, photo=photo.source, photo_digest=photo.digest)
        image = urls.permalink(self.site.config, card.name) if card else None
        image_type = "image/jpeg" if card and card.photo else "image/png"
        page = replace(page, image=image, image_alt=meta.card_alt(page), card=card, image_type=image_type,
                       share_links=tuple(Link(name, url) for name, url in meta.share_links(page.title, page.permalink)))
        return replace(page, structured_data=tuple(meta.structured_data(self.site, route, page, view, alternates)))

    def alternates(self, route: Route) -> tuple[Alternate, ...]:
        config = self.site.config
        translations = self.routes.translations(route)
        result = []
        for other in config.languages:
            found = translations.get(other.code)
            path = found.path if found else self._fallback(route.kind, other.code)
            result.append(Alternate(other, self.url(path), urls.permalink(config, path), found is not None,
                                    other.code == route.lang))
        return tuple(result)

    def _fallback(self, kind: str, lang: str) -> str:
        """The section list in ``lang`` (when that language has one), else its home page."""
        section = urls.section_of(kind)
        if section and self.routes.find(section, "", lang) is None:
            return urls.home_path(self.site.config, lang)
        return urls.fallback_path(self.site.config, kind, lang)

    def home_alternates(self, lang: Language) -> tuple[Alternate, ...]:
        config = self.site.config
        return tuple(
            Alternate(other, self.url(urls.home_path(config, other.code)),
                      urls.permalink(config, urls.home_path(config, other.code)), False, other == lang)
            for other in config.languages
        )

    def page(self, route: Route, site_view: SiteView, html: Html) -> PageView:
        config = self.site.config
        translations = self.routes.translations(route)
        fallback = translations.get(config.default.code) or next(iter(translations.values()))
        where = (self.url(route.path), urls.permalink(config, route.path), urls.permalink(config, fallback.path))
        home = Link(site_view.title, site_view.home_url)
        if route.kind == HOME:
            return PageView(HOME, site_view.title, site_view.description, *where)
        if route.kind == KEY_MESSAGES:
            section = site_view.sections[KEY_MESSAGES]
            return PageView(KEY_MESSAGES, section.name, site_view.description, *where, breadcrumbs=(home,))
        if route.kind == SEARCH:
            return PageView(SEARCH, config.sections[SEARCH][route.lang].name, site_view.description, *where,
                            breadcrumbs=(home,), search_script=self.url(f"{urls.SEARCH_FOLDER}pagefind.js"))
        if route.kind in LISTED:
            return self._list_page(route, site_view, where, home)
        if route.kind == KEY_MESSAGE:
            message = next(m for m in site_view.key_messages if m.key == route.key)
            body = self.documents.get((KEY_MESSAGE, route.key, route.lang))
            section = site_view.sections[KEY_MESSAGES]
            return PageView(
                route.kind, message.title, message.summary or site_view.description, *where,
                doc=self.document(body, html) if body else None, key_message=message,
                breadcrumbs=(home, Link(section.name, section.url)),
            )
        doc = self.documents[(route.kind, route.key, route.lang)]
        view = self.document(doc, html)
        crumbs = [home]
        section_name = urls.SECTION_OF.get(route.kind)
        if section_name in site_view.sections:
            section = site_view.sections[section_name]
            crumbs.append(Link(section.name, section.url))
        return PageView(
            route.kind, view.headline, doc.summary or site_view.description, *where, image=view.image,
            og_type="article" if route.kind in (MEETING, FACT_CHECK) else "website", date=doc.date, doc=view,
            breadcrumbs=tuple(crumbs), key=route.key,
        )

    def _list_page(self, route: Route, site_view: SiteView, where: tuple[str, str, str], home: Link) -> PageView:
        """A page of a paginated section: meeting notes, fact checks or events."""
        config = self.site.config
        per_page = config.per_page
        number = int(route.key or 1)
        entries: tuple[Summary, ...] = getattr(site_view, LISTED[route.kind])
        total = max(1, -(-len(entries) // per_page))
        section = site_view.sections[route.kind]

        def at(n: int) -> str | None:
            return self.url(urls.list_page_path(config, route.lang, route.kind, n)) if 1 <= n <= total else None

        items = entries[(number - 1) * per_page : number * per_page]
        crumbs = (home,) if number == 1 else (home, Link(section.name, section.url))
        return PageView(route.kind, section.name, site_view.description, *where, items=items, breadcrumbs=crumbs,
                        pagination=Pagination(number, total, at(number - 1), at(number + 1)))

    def not_found(self, lang: Language) -> PageView:
        config = self.site.config
        return PageView(NOT_FOUND, lang.title, lang.description, self.url("404.html"),
                        urls.permalink(config, "404.html"), urls.permalink(config, urls.home_path(config, lang.code)))

    def nav(self, route: Route) -> tuple[Link, ...]:
        config = self.site.config
        links = []
        for item in config.menu:
            if item.section:
                target = self.routes.find(item.section, "", route.lang)  # None: a section with no entries here
                current = route.kind == item.section or urls.SECTION_OF.get(route.kind) == item.section
                title = config.sections[item.section][route.lang].name if target else ""
            else:
                target = self.routes.find(PAGE, item.page or "", route.lang)
                current = route.kind == PAGE and route.key == item.page
                doc = self.documents.get((PAGE, item.page or "", route.lang))
                title = doc.title if doc else ""
            if target is not None:
                links.append(Link(title, self.url(target.path), current))
        return tuple(links)


def claim_view(config: SiteConfig, claim: Claim, lang: str) -> ClaimView:
    verdict = config.verdict(claim.verdict)
    assert verdict is not None, "load.py drops fact checks with an unknown verdict"
    shown = VerdictView(verdict.key, verdict.name[lang], verdict.description.get(lang, ""), verdict.style)
    return ClaimView(claim.text, claim.seen_on, claim.date, claim.url, shown, claim.finding)


def event_view(schedule: Schedule, now: datetime.datetime, calendar_url: str) -> EventView:
    when = Moment(schedule.start, schedule.end, schedule.zone, schedule.all_day)
    elsewhere = () if schedule.all_day else tuple(
        Moment(schedule.start.astimezone(zone(name)), schedule.end.astimezone(zone(name)), name, False)
        for name in ZONES if name != schedule.zone
    )
    return EventView(
        when, elsewhere, schedule.state(now), schedule.status, schedule.attendance, schedule.place,
        schedule.address, schedule.online, schedule.organizer, schedule.organizer_url, schedule.registration,
        calendar_url, map_url(schedule), schedule.coordinates,
    )
