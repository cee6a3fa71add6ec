"""The quality gates of the built sites: accessible, valid, light.

The bundled site (the repository root) and the fixture site are built once
each, served over HTTP on 127.0.0.1 under their own base path, and every
HTML page goes through axe-core and a keyboard walk in Chromium, and through
the Nu Html Checker (one run per site). The feeds, the sitemap and each
page's resources are read from the built files.

These tests need Chromium, Java and the node modules of package.json;
``make test`` installs them. They are never skipped: without them they fail.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from g20site.build import Options, build

from .a11y import axe_violations, focus_ring, focused, hover_targets, mark_tabbable, text_contrasts
from .conftest import REPO, copy_site
from .test_serve_browser import ARGS, CHROMIUM

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TEXT_CONTRAST = 4.5  # WCAG 1.4.3, for every size of text
RING_CONTRAST = 3.0  # WCAG 1.4.11, the focus outline against what is next to it
BUDGET = 50_000  # bytes, uncompressed: a page and its CSS, JS, fonts and icons; photos not counted
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# <link rel> values that make the browser fetch something (the others only name an address).
FETCHING_RELS = frozenset(
    {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "manifest", "preload", "modulepreload",
     "prefetch", "preconnect", "dns-prefetch"}
)
RASTER = (".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")


# --- the built sites, served ------------------------------------------------------------------


@dataclass
class Served:
    name: str
    output: Path  # the build output, served at base_path
    base_url: str  # the production address in site.yaml
    base_path: str  # "/" or "/g20/"
    origin: str = ""  # http://127.0.0.1:port
    pages: list[str] = field(default_factory=list)  # HTML files, relative to output

    def url(self, rel: str) -> str:
        """The local address of an output file: pretty URLs for index.html."""
        path = rel.removesuffix("index.html")
        return f"{self.origin}{self.base_path}{path}"

    def file_of(self, url_path: str) -> Path | None:
        """The output file a root-relative address leads to, if any."""
        path = unquote(urlsplit(url_path).path)
        if not path.startswith(self.base_path):
            return None
        rel = path[len(self.base_path) :]
        file = self.output / rel
        if rel == "" or rel.endswith("/"):
            file = file / "index.html"
        return file if file.is_file() else None


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        pass


def _serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host!s}:{port}"


def _build(name: str, source: Path, www: Path) -> Served:
    probe = build(source, www / "probe", Options(use_cache=False, jobs=1))  # learn the base path
    base_url = probe.site.config.base_url
    shutil.rmtree(www / "probe")
    base_path = urlsplit(base_url).path
    output = www / "root" / base_path.strip("/")
    build(source, output, Options(use_cache=False, jobs=1))
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    return Served(name, output, base_url, base_path, pages=pages)


@pytest.fixture(scope="module", params=["bundled", "fixture"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The bundled site (the repository root) or the fixture site, built and served."""
    www = tmp_path_factory.mktemp(request.param)
    source = REPO if request.param == "bundled" else copy_site("basic", tmp_path_factory.mktemp("source"))
    site = _build(request.param, source, www)
    server, site.origin = _serve(www / "root")
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: run `apt-get install chromium` (make test does it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 412, "height": 823}, java_script_enabled=True)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def test_both_sites_have_the_pages_the_gates_need(served: Served) -> None:
    assert "index.html" in served.pages and "en/index.html" in served.pages and "404.html" in served.pages
    assert any(rel.count("/") >= 2 for rel in served.pages), "no inner page was built"


# --- accessibility: axe, keyboard, contrast in every state -----------------------------------


def test_axe_finds_no_violations_on_any_page(served: Served, page: Page) -> None:
    problems = []
    for rel in served.pages:
        page.goto(served.url(rel))
        problems += [f"{rel}: {v}" for v in axe_violations(page)]
    assert not problems, "axe-core (WCAG 2.1 A/AA, best practices):\n" + "\n".join(problems)


def _keyboard_problems(page: Page, url: str, seen: set[str]) -> list[str]:
    """Tab through the page and round again: the skip link first, every element reached, none trapping
    focus, each with a visible outline that contrasts with what is around it; Enter on the skip link
    moves focus to <main>."""
    page.goto(url)
    total = mark_tabbable(page)
    problems: list[str] = []
    visited: list[int | None] = []
    for _ in range(total + 1):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None or (visited and now.index == visited[0]):
            break  # focus left the page, or came round again
        if not visited and not now.skip:
            problems.append(f"the first Tab stop is {now.key}, not the skip link to #main")
        visited.append(now.index)
        handle = page.evaluate_handle("() => document.activeElement").as_element()
        assert handle is not None
        if not now.visible:
            problems.append(f"{now.key}: has focus but is not on screen")
        if now.key in seen:
            continue  # one check per place and look
        seen.add(now.key)
        ring = focus_ring(handle)
        if ring.width < 2 and not ring.shadow:
            problems.append(f"{ring.where}: no visible focus outline (width {ring.width}px)")
        elif ring.ratio is not None and ring.ratio < RING_CONTRAST:
            problems.append(f"{ring.where}: focus outline contrast {ring.ratio:.2f} against its surroundings")
        problems += [f"focused {t.where}: text contrast {t.ratio:.2f}" for t in text_contrasts(handle)
                     if t.ratio < TEXT_CONTRAST]
    else:
        problems.append(f"focus is still in the page after {total + 1} Tabs (a keyboard trap?)")
    missed = sorted(set(range(total)) - set(visited))
    if missed or len(visited) != total:
        problems.append(f"Tab reached {visited}, not each of the {total} elements once")
    while (now := focused(page)) is None or not now.skip:
        page.keyboard.press("Tab")  # round again to the skip link (at most twice: see the loop above)
        if len(visited) > total + 3:
            return [*problems, "Tab does not come round to the skip link again"]
        visited.append(None)
    page.keyboard.press("Enter")
    landed = page.evaluate("() => [location.hash, document.activeElement.localName, document.activeElement.id]")
    if landed != ["#main", "main", "main"]:
        problems.append(f"the skip link leads to {landed}, not to <main id=main> with focus")
    page.keyboard.press("Tab")
    after = page.evaluate(
        "() => { const m = document.querySelector('main'), e = document.activeElement;"
        " return e !== document.body && (m.contains(e) || !!(m.compareDocumentPosition(e) & 4)); }"
    )
    if not after:
        problems.append("after the skip link, Tab does not go on from the main content")
    return problems


def test_keyboard_alone_reaches_everything_with_visible_focus(served: Served, page: Page) -> None:
    problems: list[str] = []
    seen: set[str] = set()
    for rel in served.pages:
        problems += [f"{rel}: {p}" for p in _keyboard_problems(page, served.url(rel), seen)]
    assert len(seen) > 5, f"only {len(seen)} kinds of elements took focus"
    assert not problems, "keyboard and focus:\n" + "\n".join(problems)


def test_links_and_buttons_keep_their_contrast_when_hovered(served: Served, page: Page) -> None:
    problems: list[str] = []
    seen: set[str] = set()
    for rel in served.pages:
        page.goto(served.url(rel))
        for key, element in hover_targets(page):
            if key in seen:
                continue  # one element per place and look
            seen.add(key)
            element.hover()
            problems += [f"{rel}: hovered {t.where}: contrast {t.ratio:.2f}" for t in text_contrasts(element)
                         if t.ratio < TEXT_CONTRAST]
    skip = page.locator("a.skip")
    skip.focus()  # it is on screen only with focus
    skip.hover()
    problems += [f"hovered {t.where}: contrast {t.ratio:.2f}" for t in text_contrasts(skip.element_handle())
                 if t.ratio < TEXT_CONTRAST]
    assert len(seen) > 5, f"only {len(seen)} kinds of links were hovered"
    assert not problems, f"text contrast below {TEXT_CONTRAST} on hover:\n" + "\n".join(problems)


def test_every_page_and_phrase_says_its_language(served: Served) -> None:
    problems = []
    for rel in served.pages:
        html = _parse(served.output / rel)
        lang = html.root_lang
        expected = "en" if rel.startswith("en/") else None
        if not lang:
            problems.append(f"{rel}: <html> has no lang")
        elif expected and lang != expected:
            problems.append(f"{rel}: lang={lang}, expected {expected}")
        problems += [f"{rel}: {tag} lang=\"\"" for tag, attrs in html.tags if attrs.get("lang") == ""]
    assert not problems, "\n".join(problems)


# --- valid HTML, feeds and sitemap ------------------------------------------------------------


def test_the_nu_html_checker_finds_no_errors(served: Served) -> None:
    assert shutil.which("java"), "Java is missing: run `apt-get install default-jre-headless` (make test does it)"
    assert VNU.exists(), f"{VNU} is missing: run `npm ci` (make test does it)"
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", "--also-check-css", "--also-check-svg",
         str(served.output)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    report = json.loads(run.stderr or run.stdout)
    bad = [m for m in report["messages"] if m["type"] != "info" or m.get("subType") == "warning"]
    lines = [
        f"{Path(urlsplit(m.get('url', '')).path).relative_to(served.output)}:{m.get('lastLine', '?')}: "
        f"{m.get('subType', m['type'])}: {m['message']}  [{m.get('extract', '').strip()}]"
        for m in bad
    ]
    assert not lines, "Nu Html Checker:\n" + "\n".join(lines)
    assert run.returncode == 0, run.stderr


def _absolute(uri: str | None) -> bool:
    parts = urlsplit(uri or "")
    return bool(parts.scheme) and (parts.scheme not in ("http", "https") or bool(parts.netloc))


def _rfc3339(text: str | None) -> datetime.datetime | None:
    if text is None or not RFC3339.match(text.strip()):
        return None
    return datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


def _one(parent: ElementTree.Element, name: str, where: str, problems: list[str]) -> ElementTree.Element | None:
    found = parent.findall(ATOM + name)
    if len(found) != 1:
        problems.append(f"{where}: {len(found)} <{name}> elements, Atom requires exactly one")
        return None
    return found[0]


def _atom_problems(served: Served, rel: str) -> list[str]:
    """RFC 4287: the required elements, absolute ids, RFC 3339 dates, links to built pages."""
    root = ElementTree.parse(served.output / rel).getroot()
    problems: list[str] = []
    if root.tag != ATOM + "feed":
        return [f"{rel}: root element is {root.tag}, not an Atom <feed>"]
    lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    home = rel.removesuffix("feed.xml") + "index.html"
    if lang != _parse(served.output / home).root_lang:
        problems.append(f"{rel}: xml:lang={lang} is not the language of {home}")
    for name in ("id", "title", "updated"):
        _one(root, name, rel, problems)
    feed_id = root.findtext(ATOM + "id")
    if not _absolute(feed_id):
        problems.append(f"{rel}: feed id {feed_id!r} is not an absolute URI")
    updated = _rfc3339(root.findtext(ATOM + "updated"))
    if updated is None:
        problems.append(f"{rel}: feed <updated> {root.findtext(ATOM + 'updated')!r} is not an RFC 3339 date")
    self_links = [link for link in root.findall(ATOM + "link") if link.get("rel") == "self"]
    if len(self_links) != 1 or self_links[0].get("href") != urljoin(served.base_url, rel):
        problems.append(f"{rel}: needs one rel=self link to {urljoin(served.base_url, rel)}")
    feed_author = root.find(ATOM + "author") is not None and bool(root.findtext(f"{ATOM}author/{ATOM}name"))
    ids: set[str] = set()
    newest: datetime.datetime | None = None
    for number, entry in enumerate(root.findall(ATOM + "entry"), 1):
        where = f"{rel}: entry {number}"
        for name in ("id", "title", "updated"):
            _one(entry, name, where, problems)
        entry_id = entry.findtext(ATOM + "id") or ""
        if not _absolute(entry_id) or entry_id in ids:
            problems.append(f"{where}: id {entry_id!r} is not an absolute URI, or not unique")
        ids.add(entry_id)
        for name in ("updated", "published"):
            text = entry.findtext(ATOM + name)
            stamp = _rfc3339(text)
            if (text is not None or name == "updated") and stamp is None:
                problems.append(f"{where}: <{name}> {text!r} is not an RFC 3339 date")
            if name == "updated" and stamp is not None:
                newest = stamp if newest is None else max(newest, stamp)
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no <author>, and the feed has none")
        alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1:
            problems.append(f"{where}: {len(alternates)} rel=alternate links, expected one")
        for link in alternates:
            href = link.get("href") or ""
            if not _absolute(href) or not href.startswith(served.base_url):
                problems.append(f"{where}: link {href!r} is not an absolute address on the site")
            elif served.file_of(urlsplit(href).path) is None:
                problems.append(f"{where}: link {href!r} leads to no built page")
        content = entry.find(ATOM + "content")
        if content is not None and content.get("type", "text") not in ("text", "html", "xhtml"):
            problems.append(f"{where}: content type {content.get('type')!r}")
    if newest is not None and updated is not None and updated < newest:
        problems.append(f"{rel}: the feed's <updated> is older than its newest entry")
    return problems


def test_feeds_are_valid_atom(served: Served) -> None:
    feeds = sorted(p.relative_to(served.output).as_posix() for p in served.output.rglob("feed.xml"))
    assert feeds == ["en/feed.xml", "feed.xml"]
    advertised = set()
    for rel in served.pages:
        for tag, attrs in _parse(served.output / rel).tags:
            if tag == "link" and attrs.get("type") == "application/atom+xml":
                advertised.add(attrs.get("href"))
    assert {served.file_of(href or "") for href in advertised} == {served.output / rel for rel in feeds}
    problems = [p for rel in feeds for p in _atom_problems(served, rel)]
    assert not problems, "\n".join(problems)
    assert ElementTree.parse(served.output / "feed.xml").getroot().findall(ATOM + "entry"), "the feed has no entry"


def test_the_sitemap_lists_every_page_with_its_alternates(served: Served) -> None:
    root = ElementTree.parse(served.output / "sitemap.xml").getroot()
    assert root.tag == SITEMAP + "urlset"
    locs = [url.findtext(SITEMAP + "loc") or "" for url in root.findall(SITEMAP + "url")]
    assert len(locs) == len(set(locs)), "a page is listed twice"
    indexable = {rel for rel in served.pages if rel.endswith("index.html")}
    assert {served.file_of(urlsplit(loc).path) for loc in locs} == {served.output / rel for rel in indexable}
    for url in root.findall(SITEMAP + "url"):
        loc = url.findtext(SITEMAP + "loc") or ""
        assert loc.startswith(served.base_url), loc
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(XHTML + "link")}
        if alternates:  # a page without a translation needs none
            assert "x-default" in alternates and loc in alternates.values(), loc
        for href in alternates.values():
            assert served.file_of(urlsplit(href or "").path) is not None, f"{loc}: alternate {href} was not built"
    robots = (served.output / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {served.base_url}sitemap.xml" in robots


# --- light: budget, blocking requests, third parties, images ------------------------------------


class _Tags(HTMLParser):
    """Every start tag of a page, with its attributes and whether it is in <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.head: list[tuple[str, dict[str, str | None]]] = []
        self.in_head = False
        self.root_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = (tag, dict(attrs))
        self.tags.append(found)
        if self.in_head:
            self.head.append(found)
        if tag == "head":
            self.in_head = True
        elif tag == "html":
            self.root_lang = found[1].get("lang")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


@functools.cache
def _parse(file: Path) -> _Tags:
    parser = _Tags()
    parser.feed(file.read_text("utf-8"))
    parser.close()
    return parser


def _resources(tags: list[tuple[str, dict[str, str | None]]]) -> list[tuple[str, str]]:
    """(kind, address) of everything the page makes the browser fetch."""
    found: list[tuple[str, str]] = []
    for tag, attrs in tags:
        if tag == "link" and FETCHING_RELS & set((attrs.get("rel") or "").lower().split()):
            found.append(("link", attrs.get("href") or ""))
        elif tag in ("script", "img", "iframe", "embed", "audio", "video", "source", "track", "input"):
            if attrs.get("src"):
                found.append((tag, attrs["src"] or ""))
        elif tag == "object" and attrs.get("data"):
            found.append((tag, attrs["data"] or ""))
        for name in ("srcset", "imagesrcset"):
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    found.append((tag, candidate.split()[0]))
        if tag == "video" and attrs.get("poster"):
            found.append((tag, attrs["poster"] or ""))
    return found


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)


def _css_references(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css) if not (m.group(2) or "").startswith("data:")]


def _local(address: str) -> bool:
    parts = urlsplit(address)
    return not parts.scheme and not parts.netloc or parts.scheme == "data"


def _page_weight(served: Served, rel: str) -> tuple[int, list[str]]:
    """Bytes of the page and every local resource it needs to render, and what they are."""
    page_url = served.base_path + rel.removesuffix("index.html")
    counted: dict[Path, int] = {served.output / rel: (served.output / rel).stat().st_size}
    todo = [(kind, urljoin(page_url, address)) for kind, address in _resources(_parse(served.output / rel).tags)]
    while todo:
        kind, address = todo.pop()
        if kind == "img" and urlsplit(address).path.lower().endswith(RASTER) or address.startswith("data:"):
            continue  # photos are not part of the budget
        file = served.file_of(address)
        assert file is not None, f"{rel}: {address} was not built"
        if file in counted:
            continue
        counted[file] = file.stat().st_size
        if file.suffix == ".css":
            todo += [("css", urljoin(address, ref)) for ref in _css_references(file.read_text("utf-8"))]
    return sum(counted.values()), [f"{f.relative_to(served.output)} {n} B" for f, n in counted.items()]


def test_home_and_a_meeting_page_weigh_at_most_50_kb(served: Served) -> None:
    meeting = next(rel for rel in served.pages if re.match(r"catatan-rapat/[^/]+/index\.html$", rel))
    for rel in ("index.html", meeting):
        total, parts = _page_weight(served, rel)
        assert any(".css" in part for part in parts), parts
        assert total <= BUDGET, f"{rel}: {total} bytes uncompressed, over {BUDGET}:\n" + "\n".join(parts)


def test_only_one_stylesheet_blocks_rendering_and_nothing_comes_from_elsewhere(served: Served) -> None:
    problems = []
    for rel in served.pages:
        html = _parse(served.output / rel)
        blocking = [
            a.get("href") for tag, a in html.head
            if tag == "link" and "stylesheet" in (a.get("rel") or "").lower().split()
            and (a.get("media") or "all").strip().lower() != "print" and "disabled" not in a
        ]
        if len(blocking) != 1:
            problems.append(f"{rel}: {len(blocking)} render-blocking stylesheets {blocking}, expected one")
        for tag, a in html.head:
            kind = (a.get("type") or "text/javascript").lower()
            script = kind in ("text/javascript", "application/javascript", "module")
            if tag == "script" and script and kind != "module" and "async" not in a and "defer" not in a:
                problems.append(f"{rel}: a <script> in <head> without defer, async or type=module")
        for tag, a in html.tags:
            if tag == "script" and a.get("src") and not {"async", "defer"} & set(a) and a.get("type") != "module":
                problems.append(f"{rel}: <script src={a['src']}> blocks the parser")
        problems += [f"{rel}: <{kind}> loads {address}, not a file of the site"
                     for kind, address in _resources(html.tags) if not _local(address)]
    for css in served.output.rglob("*.css"):
        text = css.read_text("utf-8")
        problems += [f"{css.name}: loads {ref}" for ref in _css_references(text) if not _local(ref)]
        if "@import" in text:
            problems.append(f"{css.name}: @import chains a second blocking request")
    assert not problems, "\n".join(problems)


def test_images_have_their_size_and_load_lazily(served: Served) -> None:
    problems = []
    images = 0
    for rel in served.pages:
        for tag, a in _parse(served.output / rel).tags:
            if tag != "img":
                continue
            images += 1
            where = f"{rel}: <img src={a.get('src')}>"
            if not all((a.get(n) or "").isdigit() for n in ("width", "height")):
                problems.append(f"{where} has no width and height")
            if a.get("loading") != "lazy" and a.get("fetchpriority") != "high":
                problems.append(f"{where} is not loading=lazy (nor fetchpriority=high, above the fold)")
            if "alt" not in a:
                problems.append(f"{where} has no alt")
    if served.name == "fixture":
        assert images, "the fixture site has a photo: it should show up here"
    assert not problems, "\n".join(problems)
