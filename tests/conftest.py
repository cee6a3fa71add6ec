"""Fixture sites (a copy of tests/sites/<name>/ with the project's theme beside it), a static
file server, and the one Chromium every browser test shares."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def copy_site(name: str, destination: Path) -> Path:
    """Lay out a runnable site folder: the fixture's content, the repo's theme."""
    site = destination / name
    shutil.copytree(SITES / name, site)
    shutil.copytree(REPO / "templates", site / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", site / "static", dirs_exist_ok=True)
    return site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[str], Path]:
    return lambda name="basic": copy_site(name, tmp_path)


@pytest.fixture
def site(make_site: Callable[[str], Path]) -> Path:
    return make_site("basic")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright; ``make test`` installs it. One for the whole run."""
    assert Path(CHROMIUM).exists(), "Chromium is missing: run `apt-get install chromium` (make test does it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        pass


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """Serve the files under ``root`` as a static host does, on 127.0.0.1; yields ``http://host:port``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def public(site: Path) -> Path:
    """The fixture site, built into its public/ folder."""
    from g20site.build.pipeline import build

    build(site, site / "public")
    return site / "public"


def read(public: Path, path: str) -> str:
    """A built file's text."""
    return (public / path).read_text("utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to compare trees."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
