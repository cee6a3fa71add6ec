"""Fixture sites (a copy of tests/sites/<name>/ with the project's theme beside it), a static
file server, the one Chromium every browser test shares, and the helpers more than one test
module uses: build through the CLI, edit a site, record and compare trees, read built pages."""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click
import pytest
from babel.messages.extract import extract_from_dir
from click.testing import CliRunner, Result
from playwright.sync_api import Browser, sync_playwright

from g20site.build.cache import Cache
from g20site.build.pipeline import Options, build
from g20site.build.places import FOLDER
from g20site.cli import main
from g20site.serve import start, stop, watch
from g20site.serve_http import PreviewServer

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


@contextmanager
def watched_preview(site: Path, options: Options) -> Iterator[PreviewServer]:
    """``g20site serve`` on a free port of 127.0.0.1, rebuilding on every change to ``site`` as it does
    from the command line (its watcher in a thread); stopped on the way out."""
    server = start(site, options, "127.0.0.1", 0, say=lambda line: None)
    done = threading.Event()
    watcher = threading.Thread(target=watch, args=(server.preview, done), daemon=True)
    watcher.start()
    try:
        yield server
    finally:
        done.set()
        watcher.join(timeout=10)
        stop(server)


def copy_built(site: Path, destination: Path) -> Path:
    """Copy a built site (its content, public/ and build cache, with their times) to ``destination``, as
    a build there would have left it: the cache's page table, named after the folder it describes, is
    renamed for the copy's public/."""
    copy = Path(shutil.copytree(site, destination, symlinks=True))
    cache = Cache.for_site(copy)
    for table in (copy / FOLDER).glob("pages-*"):
        table.rename(copy / FOLDER / cache.pages_name(copy / "public"))
    return copy


@pytest.fixture(scope="session")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built through the command line, once: see ``built_site``."""
    site = copy_site("basic", tmp_path_factory.mktemp("built-basic"))
    built(site)
    return site


@pytest.fixture
def built_site(built_basic: Path, tmp_path: Path) -> Path:
    """A copy of its own of the fixture site as ``g20site build`` leaves it (``built(site)``, without the build)."""
    return copy_built(built_basic, tmp_path / "basic")


def build_public(site: Path) -> Path:
    """Build a site into its public/ folder; that folder."""
    build(site, site / "public")
    return site / "public"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built into its public/ folder once per module: the tests that ask for it only
    read it (a test that edits the site builds its own ``site``)."""
    return build_public(copy_site("basic", tmp_path_factory.mktemp("public")))


def read(public: Path, path: str) -> str:
    """A built file's text."""
    return (public / path).read_text("utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to compare trees."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def json_ld(html: str, kind: str) -> dict[str, Any]:
    """The first JSON-LD block of a page whose ``@type`` is ``kind``."""
    found = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    return next(data for data in found if data["@type"] == kind)


State = dict[str, tuple[bytes | None, int]]


def state(folder: Path) -> State:
    """Every file and folder below ``folder``: its bytes (None for a folder) and mtime."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


# --- editing a site ----------------------------------------------------------------------------


def write(site: Path, rel: str, text: str) -> None:
    """Write a file of the site as UTF-8 text."""
    (site / rel).write_text(text, "utf-8")


def replace_in(site: Path, rel: str, old: str, new: str) -> str:
    """Replace ``old`` (which must be there) by ``new`` in a file of the site; returns the new text."""
    text = (site / rel).read_text("utf-8")
    assert old in text, old
    text = text.replace(old, new)
    write(site, rel, text)
    return text


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line of ``text`` that contains ``needle``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


# --- building through the command line ---------------------------------------------------------


def run(site: Path, *args: str) -> Result:
    """``g20site build --source SITE ARGS`` through Click's test runner."""
    return CliRunner().invoke(main, ["build", "--source", str(site), *args])


def ok(site: Path, *args: str) -> Result:
    """Build successfully."""
    result = run(site, *args)
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return result


def built(site: Path, *args: str) -> State:
    """Build successfully and return the state of public/."""
    ok(site, *args)
    before = state(site / "public")
    assert "index.html" in before
    return before


def assert_errors(result: Result, *lines: str, code: int = 1) -> None:
    """Exit ``code`` (1: the content has errors; 2: wrong usage), each of ``lines`` printed as a whole line,
    no traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    printed = result.output.splitlines()
    for line in lines:
        assert line in printed, f"{line!r} not in output:\n{result.output}"
    assert "Traceback" not in result.output


def assert_refused(site: Path, before: State, result: Result, *lines: str) -> None:
    """Exit 1, each of ``lines`` printed as a whole line, no traceback, public/ untouched."""
    assert_errors(result, *lines)
    assert state(site / "public") == before


# --- the catalog of the command line ------------------------------------------------------------


def click_messages() -> set[str | tuple[str, str]]:
    """The msgids the installed click marks for translation (its modules call ``_`` and ``ngettext``):
    a plural one as (singular, plural)."""
    folder = Path(click.__file__).parent
    return {found[2] for found in extract_from_dir(
        folder, method_map=[("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)})}
