"""What each template sees: small, frozen views built from the site model.

The context of every page has five names: ``site``, ``lang``, ``page``,
``alternates`` and ``nav`` (see README, "Themes").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from . import urls
from .config import Language
from .model import KEY_MESSAGE, MEETING, PAGE, Document, KeyMessage, Site, SloganText, SourceRef
from .urls import HOME, KEY_MESSAGES, MEETINGS, Route, RouteIndex

NOT_FOUND = "not_found"
TEMPLATES = {
    HOME: "home.html",
    KEY_MESSAGES: "key_messages.html",
    KEY_MESSAGE: "key_message.html",
    MEETINGS: "meetings.html",
    MEETING: "meeting.html",
    PAGE: "page.html",
    NOT_FOUND: "404.html",
}


@dataclass(frozen=True)
class DocumentView:
    title: str
    summary: str
    date: datetime.date | None
    url: str
    permalink: str
    participants: tuple[str, ...]
    agenda: tuple[str, ...]
    tags: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    image: str | None
    image_alt: str
    content: Markup


@dataclass(frozen=True)
class KeyMessageView:
    key: str
    number: int
    title: str
    summary: str
    url: str
    has_body: bool


@dataclass(frozen=True)
class SectionView:
    name: str
    url: str


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
class SiteView:
    title: str
    description: str
    base_url: str
    languages: tuple[Language, ...]
    default_language: Language
    slogan: SloganText
    key_messages: tuple[KeyMessageView, ...]
    meetings: tuple[DocumentView, ...]
    sections: dict[str, SectionView]
    social: tuple[Any, ...]
    home_url: str
    feed_url: str


@dataclass(frozen=True)
class PageView:
    kind: str
    title: str
    description: str
    url: str
    permalink: str
    x_default: str
    image: str | None = None
    og_type: str = "website"
    date: datetime.date | None = None
    doc: DocumentView | None = None
    key_message: KeyMessageView | None = None
    items: tuple[DocumentView, ...] = ()
    breadcrumbs: tuple[Link, ...] = field(default=())


class Views:
    """Builds the template context of every page of one site."""

    def __init__(self, site: Site, routes: RouteIndex, html: dict[tuple[str, str, str], Markup]) -> None:
        self.site = site
        self.routes = routes
        self.html = html  # (kind, key, lang) -> rendered Markdown
        self._documents = {(d.kind, d.key, d.lang): d for d in site.documents}

    def url(self, path: str) -> str:
        return urls.url(self.site.config, path)

    def document(self, doc: Document) -> DocumentView:
        path = urls.document_path(self.site, doc)
        image = urls.permalink(self.site.config, doc.image) if doc.image else None
        return DocumentView(
            doc.title, doc.summary, doc.date, self.url(path), urls.permalink(self.site.config, path),
            doc.participants, doc.agenda, doc.tags, doc.sources, image, doc.image_alt,
            self.html.get((doc.kind, doc.key, doc.lang), Markup("")),
        )

    def key_message(self, message: KeyMessage, lang: str) -> KeyMessageView:
        path = f"{urls.section_path(self.site.config, lang, KEY_MESSAGES)}{message.slug[lang]}/"
        return KeyMessageView(
            message.key, message.number, message.title.get(lang, message.key),
            message.summary.get(lang, ""), self.url(path),
            (KEY_MESSAGE, message.key, lang) in self._documents,
        )

    def site_view(self, lang: Language) -> SiteView:
        config, code = self.site.config, lang.code
        sections = {
            name: SectionView(config.sections[name][code].name, self.url(urls.section_path(config, code, name)))
            for name in (KEY_MESSAGES, MEETINGS)
        }
        return SiteView(
            title=lang.title,
            description=lang.description,
            base_url=config.base_url,
            languages=config.languages,
            default_language=config.default,
            slogan=self.site.slogan.get(code, SloganText(lang.title)),
            key_messages=tuple(self.key_message(m, code) for m in self.site.key_messages),
            meetings=tuple(self.document(d) for d in self.site.meetings(code)),
            sections=sections,
            social=config.social,
            home_url=self.url(urls.home_path(config, code)),
            feed_url=self.url(urls.feed_path(config, code)),
        )

    def context(self, route: Route, site_view: SiteView) -> dict[str, Any]:
        config = self.site.config
        lang = config.language(route.lang)
        page = self.page(route, site_view)
        translations = self.routes.translations(route)
        alternates = []
        for other in config.languages:
            found = translations.get(other.code)
            path = found.path if found else urls.home_path(config, other.code)
            alternates.append(
                Alternate(other, self.url(path), urls.permalink(config, path), found is not None,
                          other.code == route.lang)
            )
        return {"site": site_view, "lang": lang, "page": page,
                "alternates": tuple(alternates), "nav": self.nav(route)}

    def page(self, route: Route, site_view: SiteView) -> PageView:
        config = self.site.config
        translations = self.routes.translations(route)
        fallback = translations.get(config.default.code) or next(iter(translations.values()))
        where = (self.url(route.path), urls.permalink(config, route.path), urls.permalink(config, fallback.path))
        home = Link(site_view.title, site_view.home_url)
        if route.kind == HOME:
            return PageView(HOME, site_view.title, site_view.description, *where)
        if route.kind in (KEY_MESSAGES, MEETINGS):
            section = site_view.sections[route.kind]
            items = site_view.meetings if route.kind == MEETINGS else ()
            return PageView(route.kind, section.name, site_view.description, *where, items=items, breadcrumbs=(home,))
        if route.kind == KEY_MESSAGE:
            message = next(m for m in site_view.key_messages if m.key == route.key)
            body = self._documents.get((KEY_MESSAGE, route.key, route.lang))
            section = site_view.sections[KEY_MESSAGES]
            return PageView(
                route.kind, message.title, message.summary or site_view.description, *where,
                doc=self.document(body) if body else None, key_message=message,
                breadcrumbs=(home, Link(section.name, section.url)),
            )
        doc = self._documents[(route.kind, route.key, route.lang)]
        view = self.document(doc)
        crumbs = [home]
        if route.kind == MEETING:
            section = site_view.sections[MEETINGS]
            crumbs.append(Link(section.name, section.url))
        return PageView(
            route.kind, doc.title, doc.summary or site_view.description, *where, image=view.image,
            og_type="article" if route.kind == MEETING else "website", date=doc.date, doc=view,
            breadcrumbs=tuple(crumbs),
        )

    def not_found(self, lang: Language, site_view: SiteView) -> dict[str, Any]:
        config = self.site.config
        home = urls.home_path(config, lang.code)
        page = PageView(NOT_FOUND, lang.title, lang.description, self.url("404.html"),
                        urls.permalink(config, "404.html"), urls.permalink(config, home))
        alternates = tuple(
            Alternate(other, self.url(urls.home_path(config, other.code)),
                      urls.permalink(config, urls.home_path(config, other.code)), False, other == lang)
            for other in config.languages
        )
        return {"site": site_view, "lang": lang, "page": page, "alternates": alternates,
                "nav": self.nav(Route(NOT_FOUND, "", lang.code, "404.html", ""))}

    def nav(self, route: Route) -> tuple[Link, ...]:
        config = self.site.config
        links = []
        for item in config.menu:
            if item.section:
                target = self.routes.find(item.section, "", route.lang)
                current = route.kind == item.section or urls.SECTION_OF.get(route.kind) == item.section
                title = config.sections[item.section][route.lang].name
            else:
                target = self.routes.find(PAGE, item.page or "", route.lang)
                current = route.kind == PAGE and route.key == item.page
                doc = self._documents.get((PAGE, item.page or "", route.lang))
                title = doc.title if doc else ""
            if target is not None:
                links.append(Link(title, self.url(target.path), current))
        return tuple(links)
