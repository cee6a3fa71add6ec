"""The output on real web servers: nginx and Caddy with the snippets of ``g20site host-config``,
Apache with the ``.htaccess`` of the build, each serving the bundled site and the fixture site under
``/g20/`` (see tests/servers.py; ``make test`` installs both servers).

Over HTTP: every internal link and asset answers 200; an unknown address answers 404 with the
404 page of its language; each kind of file has its type and caching; a browser that accepts br
or gzip gets the precompressed copy; every answer has the security headers. In Chromium (marked
slow): pages of each kind load with no Content-Security-Policy violation, and search finds pages.
"""

from __future__ import annotations

import http.client
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from g20site.cli import main

from . import servers
from .conftest import REPO, copy_site

IMMUTABLE = "public, max-age=31536000, immutable"
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Site:
    name: str
    output: Path  # the output folder, served at /g20/
    port: int  # where the server under test serves it

    def get(self, path: str, encoding: str = "identity") -> http.client.HTTPResponse:
        """GET ``path`` (from the server's root) as is: no redirect followed, nothing decoded."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        connection.request("GET", path, headers={"Accept-Encoding": encoding})
        response = connection.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        connection.close()
        return response


def _build(source: Path, output: Path, port: int) -> None:
    args = ["build", "--source", str(source), "--output", str(output), "--quiet",
            "--base-url", f"http://127.0.0.1:{port}/g20/"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def _snippet(server: str, source: Path, port: int, root: Path) -> str:
    args = ["host-config", server, "--source", str(source), "--root", str(root),
            "--base-url", f"http://127.0.0.1:{port}/g20/"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def layout() -> Iterator[dict[str, tuple[Path, Path, int]]]:
    """The bundled site and the fixture site, each built into ``www-NAME/g20/`` for its nginx port:
    name -> (site folder, folder holding /g20/, port). A folder every user can read: Apache's children
    do not run as root."""
    folder = Path(tempfile.mkdtemp(prefix="g20site-hosting-"))
    folder.chmod(0o755)
    bundled = folder / "bundled"
    for part in ("content", "templates", "static"):
        shutil.copytree(REPO / part, bundled / part)
    sites = {"bundled": bundled, "basic": copy_site("basic", folder)}
    found = {}
    for name, source in sites.items():
        port, root = servers.free_port(), folder / f"www-{name}"
        _build(source, root / "g20", port)
        found[name] = (source, root, port)
    try:
        yield found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", params=["nginx", "apache", "caddy"])
def served(request: pytest.FixtureRequest, layout: dict[str, tuple[Path, Path, int]]) -> Iterator[dict[str, Site]]:
    """Both sites on one real server (nginx on the ports they were built for; the others on others)."""
    server = request.param
    work = next(iter(layout.values()))[1].parent / server
    hosted, sites = [], {}
    for name, (source, root, port) in layout.items():
        if server != "nginx":
            port = servers.free_port()
        snippet = _snippet(server, source, port, root) if server != "apache" else ""
        hosted.append(servers.Hosted(port, root, snippet))
        sites[name] = Site(name, root / "g20", port)
    start = {"nginx": servers.nginx, "apache": servers.apache, "caddy": servers.caddy}[server]
    with start(work, hosted):
        yield sites


# --- crawling ---------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("href", "src"):
                self.found.append(value)
            elif value and name == "srcset":
                self.found += [part.split()[0] for part in value.split(",") if part.strip()]


def links_of(html: str, page: str) -> set[str]:
    """The paths below /g20/ that a page at ``page`` links to or loads, without fragment or query."""
    parser = _Links()
    parser.feed(html)
    found = set()
    for link in parser.found:
        parts = urlsplit(urljoin(f"http://127.0.0.1{page}", link))
        if parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.path.startswith("/g20/"):
            found.add(parts.path)
    return found


def crawl(site: Site) -> dict[str, int]:
    """Every path reached from the homes, with its status."""
    todo, seen = ["/g20/", "/g20/en/"], {}
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        response = site.get(path)
        seen[path] = response.status
        if response.status == 200 and response.getheader("Content-Type") == HTML:
            todo += sorted(links_of(response.body.decode("utf-8"), path) - set(seen))  # type: ignore[attr-defined]
    return seen


@pytest.mark.parametrize("name", ["bundled", "basic"])
def test_every_link_and_asset_answers_200(served: dict[str, Site], name: str) -> None:
    site = served[name]
    statuses = crawl(site)
    assert {path: status for path, status in statuses.items() if status != 200} == {}
    pages = {f"/g20/{p.relative_to(site.output).as_posix()}".removesuffix("index.html")
             for p in site.output.rglob("index.html")}
    assert pages - set(statuses) == set()  # every page of the site is linked from another
    assert any(path.startswith("/g20/css/") for path in statuses)


@pytest.mark.parametrize("name", ["bundled", "basic"])
def test_an_unknown_address_gets_the_404_page_of_its_language(served: dict[str, Site], name: str) -> None:
    site = served[name]
    for path, page in (("/g20/no-such-page/", "404.html"), ("/g20/en/no-such-page", "en/404.html"),
                       ("/g20/en/meetings/gone/", "en/404.html"), ("/g20/no-such.css", "404.html")):
        response = site.get(path)
        assert (response.status, response.getheader("Content-Type")) == (404, HTML), path
        assert response.body == (site.output / page).read_bytes(), path  # type: ignore[attr-defined]
    assert b'<html lang="en"' in (site.output / "en/404.html").read_bytes()
    assert b'<html lang="id"' in (site.output / "404.html").read_bytes()


def _first(output: Path, pattern: str) -> str:
    return "/g20/" + sorted(p.relative_to(output).as_posix() for p in output.glob(pattern))[0]


def test_each_kind_of_file_has_its_type_and_caching(served: dict[str, Site]) -> None:
    site = served["bundled"]
    out = site.output
    expected = {
        "/g20/": (HTML, "no-cache"),
        "/g20/en/": (HTML, "no-cache"),
        _first(out, "css/site.*.css"): ("text/css; charset=utf-8", IMMUTABLE),
        _first(out, "js/search.*.js"): ("text/javascript; charset=utf-8", IMMUTABLE),
        _first(out, "share/*.png"): ("image/png", IMMUTABLE),
        "/g20/feed.xml": ("application/atom+xml; charset=utf-8", "no-cache"),
        "/g20/en/feed.xml": ("application/atom+xml; charset=utf-8", "no-cache"),
        "/g20/sitemap.xml": ("application/xml; charset=utf-8", "no-cache"),
        "/g20/robots.txt": ("text/plain; charset=utf-8", "no-cache"),
        "/g20/favicon.svg": ("image/svg+xml", "no-cache"),
        "/g20/agenda/calendar.ics": ("text/calendar; charset=utf-8", "no-cache"),
        _first(out, "agenda/*/*.ics"): ("text/calendar; charset=utf-8", "no-cache"),
        "/g20/pagefind/pagefind.js": ("text/javascript; charset=utf-8", "no-cache"),
        "/g20/pagefind/pagefind-entry.json": ("application/json; charset=utf-8", "no-cache"),
        _first(out, "pagefind/wasm.*.pagefind"): ("application/octet-stream", "no-cache"),
        _first(out, "pagefind/*.pf_meta"): ("application/octet-stream", IMMUTABLE),
        _first(out, "pagefind/fragment/*.pf_fragment"): ("application/octet-stream", IMMUTABLE),
        _first(out, "pagefind/index/*.pf_index"): ("application/octet-stream", IMMUTABLE),
    }
    found = {path: (r.status, r.getheader("Content-Type"), r.getheader("Cache-Control"))
             for path, r in ((path, site.get(path)) for path in expected)}
    assert found == {path: (200, *want) for path, want in expected.items()}
    fixture = served["basic"]  # the fixture site has photos
    for pattern, kind in (("photos/*.webp", "image/webp"), ("photos/*.jpg", "image/jpeg")):
        response = fixture.get(_first(fixture.output, pattern))
        assert (response.status, response.getheader("Content-Type"), response.getheader("Cache-Control")) == (
            200, kind, IMMUTABLE)


def test_every_answer_has_the_security_headers(served: dict[str, Site]) -> None:
    site = served["bundled"]
    policy = re.search(r"Content-Security-Policy: (.*)", (site.output / "_headers").read_text("utf-8"))
    assert policy is not None
    for path in ("/g20/", "/g20/en/no-such-page", _first(site.output, "css/*.css"), "/g20/pagefind/pagefind.js"):
        response = site.get(path, "br")
        assert response.getheader("Content-Security-Policy") == policy.group(1), path
        assert "'unsafe-inline'" not in policy.group(1) and "'wasm-unsafe-eval'" in policy.group(1)
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin", path


def test_the_precompressed_copies_are_sent_to_who_accepts_them(served: dict[str, Site]) -> None:
    site = served["bundled"]
    out = site.output
    for path, file in (("/g20/", "index.html"), ("/g20/en/", "en/index.html"), ("/g20/feed.xml", "feed.xml"),
                       (_first(out, "css/*.css"), _first(out, "css/*.css").removeprefix("/g20/"))):
        for accepted, encoding, suffix in (("gzip, deflate, br", "br", ".br"), ("gzip", "gzip", ".gz"),
                                           ("identity", None, "")):
            response = site.get(path, accepted)
            assert response.status == 200, (path, accepted)
            assert response.getheader("Content-Encoding") == encoding, (path, accepted)
            assert response.body == (out / f"{file}{suffix}").read_bytes(), (path, accepted)  # type: ignore[attr-defined]
            assert "Accept-Encoding" in (response.getheader("Vary") or ""), (path, accepted)
    missing = site.get("/g20/en/no-such-page", "br")  # the 404 page too
    assert (missing.status, missing.getheader("Content-Encoding")) == (404, "br")
    assert missing.body == (out / "en/404.html.br").read_bytes()  # type: ignore[attr-defined]


# --- in the browser -----------------------------------------------------------------------------

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _pages_of_each_kind(out: Path) -> list[str]:
    """The homes, a meeting note, a fact check, an event, a list page, a 404 page, the search page."""
    pages = ["/g20/", "/g20/en/", "/g20/en/no-such-page"]
    for pattern in ("catatan-rapat/*/index.html", "cek-fakta/*/index.html", "agenda/*/index.html",
                    "en/meeting-notes/*/index.html", "en/fact-check/*/index.html", "en/events/index.html"):
        found = sorted(out.glob(pattern))
        assert found, pattern
        pages.append("/g20/" + found[0].relative_to(out).as_posix().removesuffix("index.html"))
    return pages


@pytest.mark.slow
def test_pages_load_with_no_policy_violation_and_search_finds(served: dict[str, Site], browser: Browser) -> None:
    site = served["bundled"]
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        for path in _pages_of_each_kind(site.output):
            page.goto(f"http://127.0.0.1:{site.port}{path}")
            page.wait_for_load_state("load")
            assert page.evaluate("window.__violations") == [], path
        page.goto(f"http://127.0.0.1:{site.port}/g20/en/search/")
        page.fill("#search-term", "summit")
        page.press("#search-term", "Enter")
        page.wait_for_selector("[data-search-results] li", timeout=20_000)
        assert page.locator("[data-search-results] li").count() > 0
        assert page.evaluate("window.__violations") == []
        assert [error for error in errors if "404" not in error] == []  # (the 404 page's status is one)
        page.evaluate("""() => { const script = document.createElement("script");
                                 script.textContent = "window.__ran = true"; document.head.append(script); }""")
        page.wait_for_function("window.__violations.length > 0")  # the policy holds, and is watched
        assert page.evaluate("[window.__violations, window.__ran]") == [["script-src-elem inline"], None]
    finally:
        context.close()
