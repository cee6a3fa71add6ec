"""Render the whole site in memory: pages, 404, feeds, sitemap -> {file: bytes}.

One Jinja environment per language, each with that language's catalog
and Babel filters; nothing is written here.
"""

from __future__ import annotations

import posixpath
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import urls
from .config import Language
from .errors import Problem
from .feeds import atom_feed
from .i18n import format_day, format_number, load_translations
from .markdown import Converter, Resolver, scheme_of
from .model import KEY_MESSAGE, Document, Site
from .pages import NOT_FOUND, TEMPLATES, Views
from .sitemap import robots_txt, sitemap_xml
from .urls import Route, RouteIndex, output_file

FIXED_FILES = ("404.html", "sitemap.xml", "robots.txt")


class TemplateFailure(Exception):
    """A template asked for something that is not there."""


def environment(site: Site, lang: Language, translations: Any) -> jinja2.Environment:
    templates = site.root / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates.resolve()),  # absolute: errors map back to files
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = lambda day, style="full": format_day(day, lang.code, style)
    env.filters["isodate"] = lambda day: day.isoformat()
    env.filters["number"] = lambda number: format_number(number, lang.code)
    env.globals["static_url"] = _static_url(site)
    return env


def _static_url(site: Site) -> Callable[[str], str]:
    files = set(site.static_files)

    def static_url(path: str) -> str:
        path = path.lstrip("/")
        if path not in files:
            raise TemplateFailure(f"static_url: static/{path} does not exist")
        return urls.url(site.config, path)

    return static_url


def render_site(site: Site) -> tuple[dict[str, bytes], list[Problem]]:
    """Every generated file of the site, and the problems found on the way."""
    config = site.config
    routes = urls.plan_routes(site)
    fixed = [(name, "the site's own files") for name in FIXED_FILES]
    fixed += [(urls.feed_path(config, code), "the site's own files") for code in config.codes]
    fixed += [(name, f"static/{name}") for name in site.static_files]
    problems = urls.collisions(routes, fixed)
    problems += _menu_problems(site, routes)
    if problems:
        return {}, problems
    index = RouteIndex(routes)
    known = {output_file(r.path) for r in routes} | {name for name, _ in fixed}
    html = _convert_markdown(site, index, known, problems)
    views = Views(site, index, html)
    files: dict[str, bytes] = {}
    for lang in config.languages:
        translations, found = load_translations(site.root / "templates", lang.code, site.root)
        problems += found
        env = environment(site, lang, translations)
        site_view = views.site_view(lang)
        failed: set[str] = set()
        for route in (r for r in routes if r.lang == lang.code):
            template = TEMPLATES[route.kind]
            if template in failed:
                continue
            page = _render(env, template, views.context(route, site_view), site.root, problems)
            if page is None:
                failed.add(template)
            else:
                files[output_file(route.path)] = page
        if lang == config.default:
            page = _render(env, TEMPLATES[NOT_FOUND], views.not_found(lang, site_view), site.root, problems)
            if page is not None:
                files["404.html"] = page
        files[urls.feed_path(config, lang.code)] = atom_feed(site, lang, site_view)
    files["sitemap.xml"] = sitemap_xml(site, routes, index)
    files["robots.txt"] = robots_txt(config)
    return files, problems


def _menu_problems(site: Site, routes: list[Route]) -> list[Problem]:
    pages = {r.key for r in routes if r.kind == "page"}
    return [
        Problem("content/site.yaml", item.line, f'menu: there is no page "{item.page}" '
                f"(a file content/pages/{item.page}.LANG.md)")
        for item in site.config.menu
        if item.page and item.page not in pages
    ]


def _render(
    env: jinja2.Environment, name: str, context: dict[str, Any], root: Path, problems: list[Problem]
) -> bytes | None:
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        problems.append(Problem(f"templates/{exc.name or name}", exc.lineno, f"template: {exc.message}"))
    except jinja2.TemplateNotFound as exc:
        problems.append(Problem(f"templates/{name}", None, f"template not found: {exc.name}"))
    except Exception as exc:  # noqa: BLE001 - any template failure becomes a problem with its line
        problems.append(_template_problem(exc, name, root))
    return None


def _template_problem(exc: Exception, name: str, root: Path) -> Problem:
    templates = (root / "templates").resolve()
    where: tuple[str, int | None] = (f"templates/{name}", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(templates):
            where = (path.relative_to(root.resolve()).as_posix(), frame.lineno)
    message = str(exc) if isinstance(exc, TemplateFailure | jinja2.UndefinedError) else repr(exc)
    return Problem(where[0], where[1], f"template: {message}")


def _convert_markdown(
    site: Site, index: RouteIndex, known: set[str], problems: list[Problem]
) -> dict[tuple[str, str, str], Markup]:
    converter = Converter(site.config.allow_raw_html)
    by_file = {doc.path: doc for doc in site.documents}
    html = {}
    for doc in site.documents:
        route = index.find(doc.kind, doc.key, doc.lang)
        page_path = route.path if route else ""
        resolve = _resolver(site, doc, page_path, by_file, index, known)
        body, findings = converter.convert(doc.body, resolve)
        html[(doc.kind, doc.key, doc.lang)] = Markup(body)
        for link, message in findings:
            offset = doc.body.find(link)
            line = doc.body_line + (doc.body.count("\n", 0, offset) if offset >= 0 else 0)
            problems.append(Problem(doc.path, line, message))
    return html


def _resolver(
    site: Site, doc: Document, page_path: str, by_file: dict[str, Document], index: RouteIndex, known: set[str]
) -> Resolver:
    base = urls.base_path(site.config)

    def exists(path: str) -> bool:
        path = path.lstrip("/")
        return path in ("", ".") or path in known or f"{path.rstrip('/')}/index.html" in known

    def resolve(link: str) -> tuple[str | None, str | None]:
        if not link or link.startswith(("#", "//")) or scheme_of(link):
            return link, None
        path, mark, rest = link.partition("#") if "#" in link else link.partition("?")
        suffix = mark + rest
        if path.endswith(".md"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(doc.path), path))
            found = by_file.get(target)
            route = found and index.find(found.kind, found.key, found.lang)
            if found and found.kind == KEY_MESSAGE:
                route = index.find(KEY_MESSAGE, found.key, found.lang)
            if not route:
                return link, f'link "{link}" leads nowhere: {target} is not a published document'
            return base + route.path + suffix, None
        if path.startswith("/"):
            if not exists(path):
                return link, f'link "{link}" leads nowhere: this site has no page or file {path}'
            return base + path.lstrip("/") + suffix, None
        target = posixpath.normpath(posixpath.join("/" + page_path, path))
        if not exists(target):
            return link, f'link "{link}" leads nowhere: this site has no page or file {target}'
        return link, None

    return resolve
