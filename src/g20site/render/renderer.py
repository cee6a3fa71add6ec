"""Render pages in memory: one Jinja environment per language, Markdown through the cache.

A :class:`Renderer` holds everything needed to render any page of one
site. It is built once per build; worker processes inherit it (see
``parallel.py``) and each renders its share of the pages.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from html import unescape as html_unescape
from typing import Any

import jinja2
from markupsafe import Markup

from .. import messages
from ..build.cache import STAMP, Cache, MarkdownEntry
from ..digest import digest
from ..errors import Problem
from ..load.model import EVENT, PAGE, Document, Site
from ..load.settings import Language
from ..messages import _
from ..pages import urls
from ..pages.context import FIELDS, LISTED, NOT_FOUND, TEMPLATES, Views
from ..pages.links import Resolution, Resolver, resolver
from ..pages.urls import HOME, Route, RouteIndex, output_file
from ..pages.views import CARD_DESIGN, Alternate, ShareCard
from .catalogs import load_translations
from .jinja_env import environment, render_template
from .markdown import Converter
from .share_images import render_png

FIXED_FILES = ("404.html", "sitemap.xml", "robots.txt")
_IMAGE = re.compile(r'<img [^>]*?src="([^"]*)"[^>]*>')
HINT = "partials/language_offer.html"  # one language's offer to switch, rendered in that language


@dataclass(frozen=True)
class Rendered:
    """One document's Markdown as HTML, with the links in it and what is wrong with them."""

    html: Markup
    links: tuple[str, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Outcome:
    """What rendering one page gave: whether its bytes changed, and what it depended on."""

    route: Route
    changed: bool
    read: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]
    fingerprint: str
    share: ShareCard | None = None
    staged: tuple[str, ...] = ()  # the files this page put in the staging folder


class Renderer:
    def __init__(self, site: Site, cache: Cache) -> None:
        self.site = site
        self.cache = cache
        config = site.config
        self.routes = urls.plan_routes(site)
        own = _("the site's own files")
        fixed = [(name, own) for name in FIXED_FILES]
        fixed += [(urls.feed_path(config, code), own) for code in config.codes]
        fixed += [(urls.static_name(name, site.static_hashes), f"static/{name}") for name in site.static_files]
        fixed += urls.site_files(site)
        self.problems = urls.collisions(self.routes, fixed) + _menu_problems(site, self.routes)
        self.index = RouteIndex(self.routes)
        self.known = {output_file(r.path) for r in self.routes} | {name for name, _ in fixed}
        self.views = Views(site, self.index)
        self.converter = Converter(config.allow_raw_html)
        self.by_file = {doc.path: doc for doc in site.documents}
        self.pages = [*self.routes, Route(NOT_FOUND, "", config.default.code, "404.html", "templates/404.html")]
        self._rendered: dict[str, Rendered] = {}
        self._environments: dict[str, jinja2.Environment] = {}
        default: Any = None  # the default language's catalog: every other one falls back to it
        for lang in config.languages:  # the default language comes first
            translations, found = load_translations(site.root / "templates", lang.code, site.root, default)
            default = translations if lang == config.default else default
            self.problems += found
            self._environments[lang.code] = environment(site, lang, translations)
            self._environments[lang.code].globals["language_hint"] = self.language_hint
        self._hints: dict[tuple[str, str], Markup] = {}
        self._field_digests: dict[tuple[str, str], str] = {}
        self._nav_digests: dict[tuple[str, str, str], str] = {}
        self._translation_digests: dict[tuple[str, str], str] = {}
        self._read_digests: dict[tuple[str, tuple[str, ...]], str] = {}
        self.resolutions: dict[tuple[str, str], Resolution | None] = {}
        self._site_digest: str | None = None
        self.routes_digest = digest(
            repr([(r.kind, r.key, r.lang, r.path) for r in self.routes]), repr(sorted(self.known))
        )
        self.global_digest = digest(
            STAMP, CARD_DESIGN, site.theme_digest, repr(config), repr(sorted(site.slogan.items())),
            repr(site.key_messages),
        )

    # -- templates
    def environment(self, lang: Language) -> jinja2.Environment:
        return self._environments[lang.code]

    def prepare(self) -> None:
        """Compile every template once, before worker processes copy this renderer."""
        for lang in self.site.config.languages:
            env = self.environment(lang)
            for name in sorted({*TEMPLATES.values(), HINT}):
                with contextlib.suppress(jinja2.TemplateError):  # reported when a page uses it
                    env.get_template(name)

    def language_hint(self, alternate: Alternate) -> Markup:
        """The hint that offers ``alternate``'s language, in that language: the
        template rendered with that language's catalog (see ``partials/language_hints.html``)."""
        key = (alternate.lang.code, alternate.url)
        if key not in self._hints:
            template = self.environment(alternate.lang).get_template(HINT)
            self._hints[key] = Markup(template.render(lang=alternate.lang, url=alternate.url))
        return self._hints[key]

    # -- Markdown
    def markdown(self, doc: Document) -> Rendered:
        if doc.path not in self._rendered:
            self._rendered[doc.path] = self._markdown(doc)
        return self._rendered[doc.path]

    def markdown_key(self, doc: Document) -> str:
        """Markdown is rendered once per distinct text and HTML policy."""
        return digest(doc.body_digest or digest(doc.body), str(self.site.config.allow_raw_html), messages.current())

    def _markdown(self, doc: Document) -> Rendered:
        key = self.markdown_key(doc)
        resolve = self.resolver(doc)
        entry = self.cache.get_markdown(key)
        if entry is None or any(resolve(link) != (new, why) for link, new, why in entry.resolutions):
            entry = self._convert(doc, key, resolve)
        messages = [*entry.findings, *((link, why) for link, _, why in entry.resolutions if why)]
        problems = []
        for link, message in messages:
            offset = doc.body.find(link)
            line = doc.body_line + (doc.body.count("\n", 0, offset) if offset >= 0 else 0)
            problems.append(Problem(doc.path, line, message))
        links = tuple(link for link, _, _ in entry.resolutions)
        return Rendered(Markup(self._sized(entry.html)), links, tuple(problems))

    def _sized(self, html: str) -> str:
        """Give each image of this site its width and height, so the page does not jump as it loads."""
        if "<img " not in html or not self.site.image_sizes:
            return html
        base = urls.base_path(self.site.config)

        def size(match: re.Match[str]) -> str:
            tag, src = match.group(0), html_unescape(match.group(1))
            found = self.site.image_sizes.get(src[len(base):]) if src.startswith(base) else None
            if found is None or " width=" in tag:
                return tag
            return tag.replace("<img ", f'<img width="{found[0]}" height="{found[1]}" ', 1)

        return _IMAGE.sub(size, html)

    def _convert(self, doc: Document, key: str, resolve: Resolver) -> MarkdownEntry:
        resolutions: list[tuple[str, str | None, str | None]] = []

        def recording(link: str) -> Resolution:
            new, why = resolve(link)
            resolutions.append((link, new, why))
            return new, why

        html, findings = self.converter.convert(doc.body, recording)
        resolved = {link for link, _, _ in resolutions}
        entry = MarkdownEntry(html, tuple(resolutions), tuple(f for f in findings if f[0] not in resolved))
        self.cache.put_markdown(key, entry)
        return entry

    def resolver(self, doc: Document) -> Resolver:
        return resolver(self.site, doc, self.index, self.by_file, self.known)

    # -- pages
    def render(self, route: Route) -> tuple[bytes | None, Outcome]:
        read: set[str] = set()
        on_page: list[tuple[Document, Rendered]] = []

        def html(doc: Document) -> Markup:
            rendered = self.markdown(doc)
            on_page.append((doc, rendered))
            return rendered.html

        lang = self.site.config.language(route.lang)
        problems: list[Problem] = []
        context = self.views.context(route, html, read)
        page = render_template(self.environment(lang), TEMPLATES[route.kind], context, self.site.root, problems)
        for _route, rendered in on_page:
            problems += rendered.problems
        problems += self.cache.warnings
        self.cache.warnings.clear()
        links = tuple((doc.path, link) for doc, rendered in on_page for link in rendered.links)
        fields = tuple(sorted(read))
        outcome = Outcome(route, page is not None, fields, links, tuple(problems),
                          self.fingerprint(route, fields, links), context["page"].card)
        return page, outcome

    def share_png(self, card: ShareCard) -> bytes:
        return self.cache.share_image(card.name, lambda: render_png(card))

    def fingerprint(self, route: Route, read: tuple[str, ...], links: tuple[tuple[str, str], ...]) -> str:
        """Everything a page is made of, hashed: equal fingerprints give equal bytes.

        The theme, the settings, the slogan and the key messages; where the
        page and its translations live; its menu; the files of the documents
        it shows; the lists it shows; the site fields its templates read
        (``read``); and where each link in its Markdown leads now (``links``).
        """
        lang = route.lang
        parts = [self.global_digest, repr(route), self._translations(route), self._nav(route)]
        documents = self.documents_on(route)
        parts += [doc.digest for doc in documents]
        parts += [self.site.state(doc) for doc in documents if doc.kind == EVENT]  # upcoming, ongoing or past
        if route.kind in LISTED:
            parts.append(self._field_digest(lang, LISTED[route.kind]))
        parts.append(self._fields_digest(lang, read))
        parts += [repr(self.resolution(path, link)) for path, link in links]
        return digest("\0".join(parts))

    def resolution(self, path: str, link: str) -> Resolution | None:
        """Where ``link`` in document ``path`` leads, remembered while the routes stay as they were."""
        key = (path, link)
        if key not in self.resolutions:
            doc = self.by_file.get(path)
            self.resolutions[key] = self.resolver(doc)(link) if doc else None
        return self.resolutions[key]

    def remembered_resolutions(self, stored: Any) -> None:
        """Reuse the resolutions of an earlier build when it had the same routes."""
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self.routes_digest:
            self.resolutions.update(stored[1])

    def documents_on(self, route: Route) -> list[Document]:
        doc = self.views.documents.get((route.kind, route.key, route.lang))
        return [doc] if doc is not None else []

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
            if name in ("meetings", "fact_checks"):  # what a list shows of a document is all in its front matter
                listed = self.site.meetings(lang) if name == "meetings" else self.site.fact_checks(lang)
                value = "\0".join(f"{d.path}:{d.meta_digest}" for d in listed)
            elif name == "events":  # and, for an event, whether it is over
                value = "\0".join(f"{d.path}:{d.meta_digest}:{self.site.state(d)}" for d in self.site.events(lang))
            else:
                value = repr(getattr(self.views.site_view(self.site.config.language(lang)), name))
            self._field_digests[(lang, name)] = digest(name, value)
        return self._field_digests[(lang, name)]

    def site_digest(self) -> str:
        """Everything a page may show besides its own documents; equal digests: only
        pages showing a changed document can change."""
        if self._site_digest is None:
            self._site_digest = self._make_site_digest()
        return self._site_digest

    def _make_site_digest(self) -> str:
        parts = [self.global_digest, self.routes_digest]
        for lang in self.site.config.codes:
            parts += [self._field_digest(lang, name) for name in FIELDS]
            parts.append(self._nav(Route(HOME, "", lang, urls.home_path(self.site.config, lang), "")))
        return digest("\0".join(parts))



def _menu_problems(site: Site, routes: list[Route]) -> list[Problem]:
    pages = {r.key for r in routes if r.kind == PAGE}
    return [
        Problem("content/site.yaml", item.line, _(
            'menu: there is no page "{page}" (a file content/pages/{page}.LANG.md)').format(page=item.page))
        for item in site.config.menu
        if item.page and item.page not in pages
    ]
