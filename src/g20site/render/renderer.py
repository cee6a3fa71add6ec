"""Render pages in memory: one Jinja environment per language, Markdown through a memo.

A :class:`Renderer` holds everything needed to render any page of one
site and renders one page at a time; it decides nothing about which pages
to render. Each page comes back as a :class:`RenderedPage` that also says
what the page was made of; ``build/incremental.py`` turns that into a
fingerprint. Worker processes inherit the renderer (see ``build/workers.py``).
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import re
from dataclasses import dataclass
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from ..digest import digest
from ..errors import Problem
from ..load.hints import closest, hint
from ..load.languages import Language
from ..load.model import PAGE, Document, Site
from ..messages import Message
from ..pages import photos, urls
from ..pages.context import NOT_FOUND, TEMPLATES, Views
from ..pages.links import Resolution, Resolver, resolver
from ..pages.urls import Route, RouteIndex, output_file
from ..pages.views import Alternate, ShareCard
from . import attr_lists
from .catalogs import load_translations
from .jinja_env import environment, render_template
from .markdown import Converter, guard
from .pictures import first_at_once, photos_in

NOT_FOUND_SOURCE = "templates/404.html"
FIXED_FILES = ("404.html", "sitemap.xml", "robots.txt")
HINT = "partials/language_offer.html"  # one language's offer to switch, rendered in that language


@dataclass(frozen=True)
class Rendered:
    """One document's Markdown as HTML, with the links in it and what is wrong with them."""

    html: Markup
    links: tuple[str, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()  # about the memo's files, not the content


@dataclass(frozen=True)
class RenderedPage:
    """What rendering one page gave, and what it was made of: the ``site`` fields its templates
    read and the links in its Markdown (so that a build can tell later whether it changed)."""

    route: Route
    html: bytes | None  # None: the page has errors (in ``problems``); b"" once written (build/workers.py)
    read: tuple[str, ...]
    links: tuple[tuple[str, str], ...]  # (document path, link as written)
    problems: tuple[Problem, ...]
    card: ShareCard | None = None  # what its share image shows
    warnings: tuple[Problem, ...] = ()  # about the memo's files, not the content


@dataclass(frozen=True)
class MarkdownEntry:
    """A text's rendered Markdown as kept between builds, with the link resolutions it was made with."""

    html: str
    resolutions: tuple[tuple[str, str | None, Message | None], ...]  # (link, new value, message)
    findings: tuple[tuple[str, Message], ...]  # problems that depend on the text alone


class Memo(Protocol):
    """Where rendered Markdown is kept between builds: the build cache, or nothing."""

    def get_markdown(self, key: str) -> tuple[MarkdownEntry | None, list[Problem]]: ...

    def put_markdown(self, key: str, entry: MarkdownEntry) -> None: ...


class Renderer:
    """Renders any page of ``site`` as it is at ``now`` (which events are past), Markdown through ``memo``."""

    def __init__(self, site: Site, memo: Memo, now: datetime.datetime) -> None:
        self.site = site
        self.memo = memo
        config = site.config
        self.routes = urls.plan_routes(site)
        own = Message("the site's own files")
        fixed: list[tuple[str, str | Message]] = [(name, own) for name in FIXED_FILES]
        fixed += [(urls.feed_path(config, code), own) for code in config.codes]
        fixed += [(urls.not_found_path(config, code), own) for code in config.codes[1:]]
        fixed += [(name, own) for name in config.hosting.host_files]
        fixed += urls.site_files(site)
        fixed += [(urls.static_name(name, site.static_hashes), f"static/{name}") for name in site.static_files]
        self.problems = urls.collisions(self.routes, fixed) + _menu_problems(site, self.routes)
        if urls.SEARCH in config.sections:  # the search index is made into its own folder
            index = Message("the search index")
            self.problems += [
                Problem(f"static/{name}", None, Message(
                    "is copied into /{folder}, where g20site writes {other}; rename or move it"
                ).format(folder=urls.SEARCH_FOLDER, other=index))
                for name in site.static_files if name.startswith(urls.SEARCH_FOLDER)
            ]
        self.index = RouteIndex(self.routes)
        self.known = {output_file(r.path) for r in self.routes} | {name for name, _ in fixed}
        self.views = Views(site, self.index, now)
        self.converter = Converter(config.allow_raw_html)
        self.by_file = {doc.path: doc for doc in site.documents}
        self.pages = [*self.routes, *(Route(NOT_FOUND, "", code, urls.not_found_path(config, code), NOT_FOUND_SOURCE)
                                      for code in config.codes)]
        self._rendered: dict[str, Rendered] = {}
        self._environments: dict[str, jinja2.Environment] = {}
        default: Any = None  # the default language's catalog: every other one falls back to it
        for lang in config.languages:  # the default language comes first
            translations, found = load_translations(site.root / "templates", lang.code, site.root, default)
            default = translations if lang == config.default else default
            self.problems += found
            self._environments[lang.code] = environment(site, lang, translations)
            self._environments[lang.code].globals["language_hint"] = self.language_hint
            self._environments[lang.code].globals["in_language"] = self.in_language
        self._hints: dict[tuple[str, str], Markup] = {}

    def with_site(self, site: Site, now: datetime.datetime) -> Renderer:
        """This renderer for ``site`` at ``now``, where ``site`` differs from this one's only in the bodies of
        some documents (whatever else a document has reads as before): the routes, the theme and the
        catalogs are kept; what reads the documents is made again."""
        renderer = copy.copy(self)
        renderer.site = site
        renderer.views = Views(site, self.index, now)
        renderer.by_file = {doc.path: doc for doc in site.documents}
        renderer._rendered = {}
        renderer._hints = {}
        for env in self._environments.values():  # (shared with this renderer, which is not used again)
            env.globals["language_hint"] = renderer.language_hint
            env.globals["in_language"] = renderer.in_language
        return renderer

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

    def theme_sources(self) -> list[str]:
        """The text of every template of the theme (for the hashes of its inline scripts)."""
        env = self.environment(self.site.config.default)
        assert env.loader is not None
        return [env.loader.get_source(env, name)[0] for name in sorted(env.loader.list_templates())]

    def language_hint(self, alternate: Alternate) -> Markup:
        """The hint that offers ``alternate``'s language, in that language: the
        template rendered with that language's catalog (see ``partials/reader_language.html``)."""
        key = (alternate.lang.code, alternate.url)
        if key not in self._hints:
            template = self.environment(alternate.lang).get_template(HINT)
            self._hints[key] = Markup(template.render(lang=alternate.lang, url=alternate.url))
        return self._hints[key]

    def in_language(self, alternate: Alternate, name: str, **values: Any) -> Markup:
        """Template ``name`` rendered in ``alternate``'s language: with its catalog, as ``lang``, and that
        language's ``site`` (so the 404 page of each language speaks every language, its own first).
        It should read of ``site`` only what site.yaml decides (titles, addresses), which every page
        depends on already: what it reads is not noted for the page's fingerprint."""
        lang = alternate.lang
        template = self.environment(lang).get_template(name)
        site = self.views.site_view(lang)
        return Markup(template.render(lang=lang, site=site, url=alternate.url, **values))

    # -- Markdown
    def markdown(self, doc: Document) -> Rendered:
        if doc.path not in self._rendered:
            self._rendered[doc.path] = self._markdown(doc)
        return self._rendered[doc.path]

    def forget_markdown(self) -> None:
        """Let go of the Markdown rendered so far (it is made again, or found in the memo, when asked for)."""
        self._rendered.clear()

    def markdown_key(self, doc: Document) -> str:
        """Markdown is rendered once per distinct text and HTML policy."""
        return digest(doc.body_digest or digest(doc.body), str(self.site.config.allow_raw_html))

    def _markdown(self, doc: Document) -> Rendered:
        stop = guard(doc.body)
        if stop is not None:  # it would stall or crash the parser: no HTML from it, the page is an error
            offset, message = stop
            line = doc.body_line + doc.body.count("\n", 0, offset)
            return Rendered(Markup(""), (), (Problem(doc.path, line, message),))
        key = self.markdown_key(doc)
        resolve = self.resolver(doc)
        entry, warnings = self.memo.get_markdown(key)
        if entry is None or any(resolve(link) != (new, why) for link, new, why in entry.resolutions):
            entry = self._convert(doc, key, resolve)
        found = [*entry.findings, *((link, why) for link, _, why in entry.resolutions if why)]
        problems = []
        for link, message in found:
            problems.append(Problem(doc.path, doc.body_line + _lines_before(doc.body, link), message))
        for lines, message in attr_lists.find_in(doc.body, entry.html):  # braces Markdown printed as they are
            problems.append(Problem(doc.path, doc.body_line + lines, message, "warning"))
        links = tuple(link for link, _, _ in entry.resolutions)
        return Rendered(Markup(self._pictures(entry.html)), links, tuple(problems), tuple(warnings))

    def _pictures(self, html: str) -> str:
        """Each image of static/ as a page shows it: photos in their sizes, with width and height."""
        config = self.site.config
        return photos_in(html, urls.base_path(config), self.site.images,
                         lambda name: photos.picture(config, name, self.site.images[name]))

    def _convert(self, doc: Document, key: str, resolve: Resolver) -> MarkdownEntry:
        resolutions: list[tuple[str, str | None, Message | None]] = []

        def recording(link: str) -> Resolution:
            new, why = resolve(link)
            resolutions.append((link, new, why))
            return new, why

        html, findings = self.converter.convert(doc.body, recording)
        resolved = {link for link, _, _ in resolutions}
        entry = MarkdownEntry(html, tuple(resolutions), tuple(f for f in findings if f[0] not in resolved))
        self.memo.put_markdown(key, entry)
        return entry

    def resolver(self, doc: Document) -> Resolver:
        return resolver(self.site, doc, self.index, self.by_file, self.known)

    # -- pages
    def render(self, route: Route) -> RenderedPage:
        """One page in memory, and what it was made of (see :class:`RenderedPage`)."""
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
        page = first_at_once(page) if page else page
        for _doc, rendered in on_page:
            problems += rendered.problems
        links = tuple((doc.path, link) for doc, rendered in on_page for link in rendered.links)
        warnings = tuple(warning for _doc, rendered in on_page for warning in rendered.warnings)
        card = context["page"].card
        return RenderedPage(route, page, tuple(sorted(read)), links, tuple(problems), card, warnings)


def _menu_problems(site: Site, routes: list[Route]) -> list[Problem]:
    """A page of the menu that is not built: an error, unless it is a draft (it joins the menu once published)."""
    pages = {r.key for r in routes if r.kind == PAGE}
    default = site.config.default.code
    drafts = sorted((d for d in site.left_out if d.kind == PAGE), key=lambda d: (d.lang != default, d.path))
    found = []
    for item in site.config.menu:
        if not item.page or item.page in pages:
            continue
        draft = next((d for d in drafts if d.key == item.page), None)
        if draft is not None:
            message = MENU_DRAFT.format(page=item.page, path=draft.path)
            found.append(Problem("content/site.yaml", item.line, message, "warning"))
        else:
            found.append(Problem("content/site.yaml", item.line, _no_page(item.page, pages)))
    return found


MENU_DRAFT = Message('menu: the page "{page}" is a draft ({path}): it joins the menu once it is published')
_FILE_NAME = re.compile(r"(?:\.[a-z]{2,8})?\.md$")


def _no_page(page: str, pages: set[str]) -> Message:
    """What to write instead of ``page``: the name without ``.id.md`` when a file name was written, else the
    page whose name comes closest."""
    suffix = _FILE_NAME.search(page)
    if suffix is not None and suffix.start() > 0:
        return Message('menu: there is no page "{page}": write the name without {suffix}: page: {name}').format(
            page=page, suffix=suffix.group(), name=page[: suffix.start()])
    return Message('menu: there is no page "{page}" (a file content/pages/{page}.LANG.md){hint}').format(
        page=page, hint=hint(closest(page, pages)))


def _lines_before(body: str, written: str) -> int:
    """How many lines of ``body`` come before ``written`` (a link, or a raw tag as Markdown saw it: its tabs
    expanded); 0 if it is not found."""
    for text in (body, body.expandtabs(4)):  # Python-Markdown's tab length: expanding keeps the lines
        offset = text.find(written)
        if offset >= 0:
            return text.count("\n", 0, offset)
    return 0
