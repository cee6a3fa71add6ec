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

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import icalendar
import pytest
from playwright.sync_api import Browser, Page

from g20site.build.pipeline import Options, build

from .a11y import AXE, axe_violations, focus_ring, focused, hover_targets, mark_tabbable, text_contrasts
from .atom import ATOM, atom_problems
from .conftest import REPO, copy_site, static_server
from .markup import css_references, is_local, parse, resources

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TEXT_CONTRAST = 4.5  # WCAG 1.4.3, for every size of text
RING_CONTRAST = 3.0  # WCAG 1.4.11, the focus outline against what is next to it
BUDGET = 50_000  # bytes, uncompressed: a page and its CSS, JS, fonts and icons; photos not counted
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
RASTER = (".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")  # photos: not part of the budget


# --- the built sites, served ------------------------------------------------------------------


@dataclass
class Served:
    name: str
    output: Path  # the build output, served at base_path
    base_url: str  # the production address in site.yaml
    base_path: str  # "/" or "/g20/"
    origin: str = ""  # http://127.0.0.1:port
    pages: list[str] = field(default_factory=list)  # HTML files, relative to output
    checker: subprocess.Popen[str] | None = None  # the Nu Html Checker on output, started with the build


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

    def built(self, url: str) -> bool:
        """Whether an address (absolute or root-relative) leads to a built file."""
        return self.file_of(urlsplit(url).path) is not None


def _build(name: str, source: Path, www: Path) -> Served:
    """Build ``source`` and lay the output out under ``www/root`` at the path of its base_url."""
    built = build(source, www / "built", Options(use_cache=False, jobs=1))
    base_url = built.site.config.base_url
    base_path = urlsplit(base_url).path
    output = www / "root" / base_path.strip("/")
    output.parent.mkdir(parents=True, exist_ok=True)
    (www / "built").rename(output)
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    return Served(name, output, base_url, base_path, pages=pages)


def _check_html(output: Path) -> subprocess.Popen[str] | None:
    """Start the Nu Html Checker on every HTML, CSS and SVG file below ``output``; None without Java or
    vnu.jar (the test says which is missing). It runs while the browser tests do. A JIT that stops at
    its first tier starts faster (half the time of a run here), and needs a larger stack."""
    if not (shutil.which("java") and VNU.exists()):
        return None
    return subprocess.Popen(
        ["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU), "--format", "json", "--skip-non-html",
         "--also-check-css", "--also-check-svg", str(output)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture(scope="module", params=["bundled", "fixture"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The bundled site (the repository root) or the fixture site, built and served, its HTML being checked."""
    www = tmp_path_factory.mktemp(request.param)
    source = REPO if request.param == "bundled" else copy_site("basic", tmp_path_factory.mktemp("source"))
    site = _build(request.param, source, www)
    site.checker = _check_html(site.output)
    try:
        with static_server(www / "root") as site.origin:
            yield site
    finally:
        if site.checker is not None:
            with site.checker:  # its pipes closed, and waited for
                if site.checker.poll() is None:
                    site.checker.kill()


def _open(browser: Browser, script: Path | None = None) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 412, "height": 823})  # a phone, as Lighthouse's mobile
    if script is not None:
        context.add_init_script(path=script)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _open(browser)


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """A page that has axe-core before the site's own scripts run: evaluated by the browser as each page
    loads, a third of the time of sending it to each page as a script tag."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (make test does it)"
    yield from _open(browser, AXE)


def test_both_sites_have_the_pages_the_gates_need(served: Served) -> None:
    assert "index.html" in served.pages and "en/index.html" in served.pages and "404.html" in served.pages
    assert any(rel.count("/") >= 2 for rel in served.pages), "no inner page was built"


# --- accessibility: axe, keyboard, contrast in every state -----------------------------------


def test_axe_finds_no_violations_on_any_page(served: Served, axe_page: Page) -> None:
    problems = []
    for rel in served.pages:
        axe_page.goto(served.url(rel))
        problems += [f"{rel}: {v}" for v in axe_violations(axe_page)]
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
        if not now.visible:
            problems.append(f"{now.key}: has focus but is not on screen")
        if now.key in seen:
            continue  # one check per place and look
        seen.add(now.key)
        handle = page.evaluate_handle("() => document.activeElement").as_element()
        assert handle is not None
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


# Phrases of the bundled site that are in one language on the pages of the other.
PHRASES = {"recover together, recover stronger": "en", "dunia pulih bersama": "id"}


def test_every_page_and_phrase_says_its_language(served: Served) -> None:
    problems = []
    for rel in served.pages:
        html = parse(served.output / rel)
        expected = "en" if rel.startswith("en/") else "id"
        if html.root_lang != expected:
            problems.append(f"{rel}: <html lang={html.root_lang}>, expected {expected}")
        problems += [f"{rel}: <{tag} lang=\"\">" for tag, attrs in html.tags if attrs.get("lang") == ""]
        for text, lang in html.texts:
            problems += [f"{rel}: \"{text}\" is marked {lang}, not {phrase_lang}"
                         for phrase, phrase_lang in PHRASES.items() if phrase in text.lower() and lang != phrase_lang]
    shown = [text for rel in served.pages for text, _ in parse(served.output / rel).texts]
    if served.name == "bundled":
        assert all(any(phrase in text.lower() for text in shown) for phrase in PHRASES)
    assert not problems, "\n".join(problems)


# --- valid HTML, feeds and sitemap ------------------------------------------------------------


def test_the_nu_html_checker_finds_no_errors(served: Served) -> None:
    assert shutil.which("java"), "Java is missing: run `apt-get install default-jre-headless` (make test does it)"
    assert VNU.exists(), f"{VNU} is missing: run `npm ci` (make test does it)"
    assert served.checker is not None
    stdout, stderr = served.checker.communicate(timeout=120)
    report = json.loads(stderr or stdout)
    bad = [m for m in report["messages"] if m["type"] != "info" or m.get("subType") == "warning"]
    lines = [
        f"{Path(urlsplit(m.get('url', '')).path).relative_to(served.output)}:{m.get('lastLine', '?')}: "
        f"{m.get('subType', m['type'])}: {m['message']}  [{m.get('extract', '').strip()}]"
        for m in bad
    ]
    assert not lines, "Nu Html Checker:\n" + "\n".join(lines)
    assert served.checker.returncode == 0, stderr


def test_feeds_are_valid_atom(served: Served) -> None:
    feeds = sorted(p.relative_to(served.output).as_posix() for p in served.output.rglob("feed.xml"))
    assert {"en/feed.xml", "feed.xml"} <= set(feeds)
    if served.name == "fixture":  # and a feed of fact checks per language
        assert feeds == ["cek-fakta/feed.xml", "en/fact-check/feed.xml", "en/feed.xml", "feed.xml"]
    advertised = set()
    for rel in served.pages:
        for tag, attrs in parse(served.output / rel).tags:
            if tag == "link" and attrs.get("type") == "application/atom+xml":
                advertised.add(attrs.get("href"))
    assert {served.file_of(href or "") for href in advertised} == {served.output / rel for rel in feeds}
    problems = []
    for rel in feeds:
        lang = parse(served.output / rel.replace("feed.xml", "index.html")).root_lang
        problems += atom_problems(served.output / rel, rel, served.base_url, lang, served.built)
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
            assert served.built(href or ""), f"{loc}: alternate {href} was not built"
    robots = (served.output / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {served.base_url}sitemap.xml" in robots


def test_calendars_are_valid_icalendar(served: Served) -> None:
    """Every .ics file: read by the icalendar package, CRLF lines of at most 75 octets, each event
    with the properties RFC 5545 requires and a link to a built page; each events list offers its calendar."""
    problems = []
    files = sorted(served.output.rglob("*.ics"))
    for file in files:
        rel = file.relative_to(served.output).as_posix()
        raw = file.read_bytes()
        lines = raw.split(b"\r\n")
        if lines[-1] != b"" or any(b"\n" in line or len(line) > 75 for line in lines):
            problems.append(f"{rel}: lines must end in CRLF and be at most 75 octets")
        calendar = icalendar.Calendar.from_ical(raw)
        if str(calendar.get("VERSION")) != "2.0" or not calendar.get("PRODID"):
            problems.append(f"{rel}: VERSION:2.0 and PRODID are required")
        for event in calendar.walk("VEVENT"):
            missing = [name for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY") if name not in event]
            problems += [f"{rel}: an event without {name}" for name in missing]
            if not served.built(str(event.get("URL", ""))):
                problems.append(f"{rel}: URL {event.get('URL')} leads to no built page")
    lists = [rel for rel in served.pages if 'class="calendar-feed"' in (served.output / rel).read_text("utf-8")]
    for rel in lists:
        hrefs = [a.get("href") or "" for tag, a in parse(served.output / rel).tags if a.get("type") == "text/calendar"]
        problems += [f"{rel}: {href} was not built" for href in hrefs if not served.built(href)]
    if served.name == "fixture":
        assert len(files) == 8 and len(lists) == 2
    assert not problems, "\n".join(problems)


# --- light: budget, blocking requests, third parties, images ------------------------------------


def _page_weight(served: Served, rel: str) -> tuple[int, list[str]]:
    """Bytes of the page and every local resource it needs to render, and what they are."""
    page_url = served.base_path + rel.removesuffix("index.html")
    counted: dict[Path, int] = {served.output / rel: (served.output / rel).stat().st_size}
    todo = [(kind, urljoin(page_url, address)) for kind, address in resources(parse(served.output / rel).tags)]
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
            todo += [("css", urljoin(address, ref)) for ref in css_references(file.read_text("utf-8"))]
    return sum(counted.values()), [f"{f.relative_to(served.output)} {n} B" for f, n in counted.items()]


def test_home_and_a_meeting_page_weigh_at_most_50_kb(served: Served) -> None:
    meeting = next(rel for rel in served.pages if re.match(r"catatan-rapat/[^/]+/index\.html$", rel))
    # and a fact check and an event, with the lists of both, where the site has them
    more = [next((rel for rel in served.pages if re.match(pattern, rel)), None)
            for pattern in (r"cek-fakta/[^/]+/index\.html$", r"agenda/[^/]+/index\.html$",
                            r"cek-fakta/index\.html$", r"agenda/index\.html$")]
    for rel in ("index.html", meeting, *(rel for rel in more if rel)):
        total, parts = _page_weight(served, rel)
        assert any(".css" in part for part in parts), parts
        assert total <= BUDGET, f"{rel}: {total} bytes uncompressed, over {BUDGET}:\n" + "\n".join(parts)


def test_only_one_stylesheet_blocks_rendering_and_nothing_comes_from_elsewhere(served: Served) -> None:
    problems = []
    for rel in served.pages:
        html = parse(served.output / rel)
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
                     for kind, address in resources(html.tags) if not is_local(address)]
    for css in served.output.rglob("*.css"):
        text = css.read_text("utf-8")
        problems += [f"{css.name}: loads {ref}" for ref in css_references(text) if not is_local(ref)]
        if "@import" in text:
            problems.append(f"{css.name}: @import chains a second blocking request")
    assert not problems, "\n".join(problems)


def test_images_have_their_size_and_load_lazily(served: Served) -> None:
    problems = []
    images = 0
    for rel in served.pages:
        for tag, a in parse(served.output / rel).tags:
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
