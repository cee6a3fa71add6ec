"""The preview server over HTTP: confinement, content types, redirects, HEAD, errors, reload channel.

Every test runs with one job and with two: the builder process may fork its workers (the fixture
site is too small for two to be used; tests/test_serve_builder.py builds one big enough).
"""

from __future__ import annotations

import html
import http.client
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from g20site.build.pipeline import Options
from g20site.serve import start, stop
from g20site.serve_http import PreviewServer, locate

from .conftest import copy_site

NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"


def serve(site: Path, jobs: int) -> PreviewServer:
    """Preview the fixture site with a font, a photo and a script added to its static files."""
    (site / "static" / "fonts").mkdir()
    (site / "static" / "fonts" / "x.woff2").write_bytes(b"wOF2")
    Image.new("RGB", (2, 2)).save(site / "static" / "images" / "x.webp")  # a photo: published as a clean copy
    (site / "static" / "app.js").write_text("1;", "utf-8")
    return start(site, Options(jobs=jobs), "127.0.0.1", 0, say=lambda line: None)


@pytest.fixture(params=[1, 2], ids=["jobs=1", "jobs=2"])
def server(site: Path, request: pytest.FixtureRequest) -> Iterator[PreviewServer]:
    """A preview of its own, for a test that edits the site or rebuilds it."""
    running = serve(site, request.param)
    yield running
    stop(running)


@pytest.fixture(scope="module", params=[1, 2], ids=["jobs=1", "jobs=2"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """One preview per number of jobs, shared by the tests that only send requests; its output has a
    link to /etc in it."""
    running = serve(copy_site("basic", tmp_path_factory.mktemp("served")), request.param)
    (running.preview.output / "link-out").symlink_to("/etc")
    yield running
    stop(running)


def get(server: PreviewServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    connection.putrequest(method, path, skip_accept_encoding=True)  # the path is sent exactly as given
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.mark.parametrize(
    "path",
    [
        "/g20/../../../../etc/passwd",
        "/g20/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/g20/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/g20/%252e%252e/%252e%252e/etc/passwd",
        "/g20/..%5c..%5c..%5c..%5cetc%5cpasswd",
        "/g20/..\\..\\..\\..\\etc\\passwd",
        "/g20/%2e%2e/%2e%2e/content/site.yaml",
        "/g20/../../content/site.yaml",
        "/g20/%00/etc/passwd",
        "//etc/passwd",
        "/g20//etc/passwd",
        "/g20/link-out/passwd",
    ],
)
def test_no_request_reaches_a_file_outside_the_output(served: PreviewServer, path: str) -> None:
    assert (served.preview.output / "link-out").is_symlink()
    status, _, body = get(served, path)
    assert status in (301, 404)
    assert b"root:" not in body and b"base_url" not in body


def test_locate_is_confined(tmp_path: Path) -> None:
    root = tmp_path / "out"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("a")
    (tmp_path / "secret").write_text("s")
    assert locate(root, "a/") == ("file", (root / "a" / "index.html").resolve())
    assert locate(root, "a") == ("redirect", None)
    assert locate(root, "../secret") == ("missing", None)
    assert locate(root, "%2e%2e/secret") == ("missing", None)
    assert locate(root, "a/..%2f..%2fsecret") == ("missing", None)
    os.symlink(tmp_path / "secret", root / "leak")
    assert locate(root, "leak") == ("missing", None)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/g20/", "text/html; charset=utf-8"),
        ("/g20/css/site.css", "text/css; charset=utf-8"),
        ("/g20/app.js", "text/javascript; charset=utf-8"),
        ("/g20/favicon.svg", "image/svg+xml"),
        ("/g20/sitemap.xml", "application/xml"),
        ("/g20/feed.xml", "application/atom+xml"),
        ("/g20/en/feed.xml", "application/atom+xml"),
        ("/g20/images/foto.png", "image/png"),
        ("/g20/images/x.webp", "image/webp"),
        ("/g20/fonts/x.woff2", "font/woff2"),
        ("/g20/robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_content_types(served: PreviewServer, path: str, kind: str) -> None:
    if path.endswith((".css", ".js")):  # stylesheets and scripts are named by their content
        stem, suffix = path.removeprefix("/g20/").rsplit(".", 1)
        found = next(served.preview.output.glob(f"{stem}.*.{suffix}"))
        path = "/g20/" + found.relative_to(served.preview.output).as_posix()
    status, headers, _ = get(served, path)
    assert (status, headers["content-type"]) == (200, kind)
    assert headers["cache-control"] == "no-store"


def test_folders_redirect_to_their_slash_and_the_root_to_the_base_path(served: PreviewServer) -> None:
    assert get(served, "/g20/catatan-rapat")[1]["location"] == "/g20/catatan-rapat/"
    assert get(served, "/g20/en?x=1")[1]["location"] == "/g20/en/?x=1"
    status, headers, _ = get(served, "/")
    assert (status, headers["location"]) == (301, "/g20/")


def test_missing_pages_get_the_sites_404_page(served: PreviewServer) -> None:
    status, headers, body = get(served, "/g20/nowhere/")
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert b'<meta name="robots" content="noindex">' in body
    assert b'<html lang="id"' in body and b"<title>Halaman tidak ditemukan \xc2\xb7 Page not found" in body
    assert get(served, "/elsewhere/")[0] == 404
    status, _, english = get(served, "/g20/en/nowhere/")  # the one of the language, as a host serves it
    assert status == 404 and b'<html lang="en"' in english
    assert b"<title>Page not found \xc2\xb7 Halaman tidak ditemukan" in english
    assert get(served, "/g20/cek-fakta/nowhere")[2] == body  # a folder, not a language


def test_head_sends_the_headers_of_get_without_a_body(served: PreviewServer) -> None:
    status, headers, body = get(served, "/g20/en/", "HEAD")
    full = get(served, "/g20/en/")
    assert status == 200 and body == b""
    assert headers["content-length"] == full[1]["content-length"] == str(len(full[2]))


def test_the_reload_script_is_in_responses_not_in_files(served: PreviewServer) -> None:
    _, _, body = get(served, "/g20/en/")
    assert b'<script src="/g20/__g20site/reload.js" data-events="/g20/__g20site/events"></script></body>' in body
    assert b"__g20site" not in (served.preview.output / "en" / "index.html").read_bytes()
    status, headers, script = get(served, "/g20/__g20site/reload.js")
    assert status == 200 and b"EventSource" in script


def test_a_failed_rebuild_shows_every_error_in_the_pages_language_then_recovers(
    server: PreviewServer, site: Path
) -> None:
    note = site / NOTE
    good = note.read_text("utf-8")
    note.write_text(good.replace("date: 2022-02-01", "date: 2022-02-30"), "utf-8")
    (site / "content/pages/about.en.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    assert server.preview.rebuild() is False
    _, _, page = get(server, "/g20/")
    assert b'<div id="g20site-errors" class="g20site-errors" role="alert" lang="id">' in page
    assert b'<h2 class="g20site-errors-title">Situs tidak dapat dibangun ulang</h2>' in page
    assert b"<p>Perbaiki 2 kesalahan berikut lalu simpan lagi; halaman akan dimuat ulang.</p>" in page
    assert b"style=" not in page[page.index(b'id="g20site-errors"'):]  # the theme's stylesheet styles it
    expected = f'{NOTE}:3: date: "2022-02-30" bukan tanggal (tulis YYYY-MM-DD)'
    assert html.escape(expected).encode() in page  # the messages too, not only the heading
    assert b"content/pages/about.en.md:2: tanda [ yang dimulai di sini tidak ditutup" in page
    _, _, english = get(server, "/g20/en/")
    assert b'role="alert" lang="en"><h2 class="g20site-errors-title">The site could not be rebuilt</h2>' in english
    assert b"<p>Fix the 2 errors below and save again; the page will reload.</p>" in english
    expected = f'{NOTE}:3: date: "2022-02-30" is not a date (use YYYY-MM-DD)'
    assert html.escape(expected).encode() in english
    note.write_text(good, "utf-8")
    (site / "content/pages/about.en.md").write_text("---\ntitle: About\n---\nBack.\n", "utf-8")
    assert server.preview.rebuild() is True
    _, _, page = get(server, "/g20/")
    assert b"g20site-errors" not in page


def test_events_announce_each_rebuild(server: PreviewServer) -> None:
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(f"GET /g20/__g20site/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        received = b""
        while b"retry:" not in received:
            received += connection.recv(4096)
        server.preview.rebuild()
        while b"data: reload" not in received:
            received += connection.recv(4096)
    assert b"text/event-stream" in received


def test_serving_under_the_base_url_option(site: Path) -> None:
    running = start(site, Options(jobs=1, base_url="https://example.go.id/kampanye/g20/"), "127.0.0.1", 0,
                    say=lambda line: None)
    try:
        assert running.url.endswith("/kampanye/g20/")
        status, _, body = get(running, "/kampanye/g20/en/")
        assert status == 200 and b'href="/kampanye/g20/en/meeting-notes/"' in body
        assert get(running, "/g20/en/")[0] == 404
    finally:
        stop(running)


def test_everything_injected_is_escaped(site: Path) -> None:
    running = start(site, Options(jobs=1, base_url='https://example.go.id/a"b<c/'), "127.0.0.1", 0,
                    say=lambda line: None)
    try:
        assert running.preview.base_path == '/a"b<c/'
        status, _, body = get(running, '/a"b<c/en/')
        assert status == 200
        escaped = b"/a&quot;b&lt;c/__g20site/"
        assert b'<script src="' + escaped + b'reload.js" data-events="' + escaped + b'events"></script>' in body
        assert b'/a"b<c/__g20site/' not in body
    finally:
        stop(running)


def test_the_panel_is_in_english_for_a_language_the_tool_does_not_speak(server: PreviewServer, site: Path) -> None:
    (site / NOTE).write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    assert server.preview.rebuild() is False
    panel = server.preview.error_panel("fr").decode()
    assert panel.startswith('<div id="g20site-errors" class="g20site-errors" role="alert" lang="en">')
    assert "The site could not be rebuilt" in panel and f"<li><code>{NOTE}:2: the [ that starts here" in panel
