"""Site search: the Pagefind index made by the build, and the search page in Chromium.

The bundled site has a search page; the fixture site gets one here (its
``site.yaml`` names no search section, so that the other tests see a site
without search). Both are served under their base path, and in each
language a word that only one page has must find that page first, and
only pages of that language.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pagefind.service
import pytest
from playwright.sync_api import Browser, Page

from g20site.build import search_index as search
from g20site.build.pipeline import Options, build
from g20site.build.write import MANIFEST
from g20site.errors import ContentError

from .a11y import axe_violations
from .conftest import REPO, copy_site, snapshot, static_server

SEARCH_SECTION = """  search:
    id: {name: Cari, slug: cari}
    en: {name: Search, slug: search}
"""
NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"


def with_search(site: Path) -> Path:
    """Give a copy of a fixture site its search page."""
    config = site / "content" / "site.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("menu:\n", SEARCH_SECTION + "menu:\n  - section: search\n", 1), "utf-8")
    return site


@pytest.fixture
def searchable(tmp_path: Path) -> Path:
    return with_search(copy_site("basic", tmp_path))


# --- what a page gives the index ---------------------------------------------------------------


class IndexedText(HTMLParser):
    """The words of the part of a page that Pagefind indexes: inside ``data-pagefind-body``,
    outside ``data-pagefind-ignore``."""

    VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[bool, bool]] = []  # (inside the body, ignored) per open element
        self.words: set[str] = set()
        self.lang = ""
        self.marked = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "html":
            self.lang = names.get("lang") or ""
        if tag in self.VOID:
            return
        body, ignored = self.stack[-1] if self.stack else (False, False)
        self.marked |= "data-pagefind-body" in names
        self.stack.append((body or "data-pagefind-body" in names, ignored or "data-pagefind-ignore" in names))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == (True, False):
            self.words |= {w.lower() for w in re.findall(r"[^\W\d_]+", data)}


@dataclass
class Indexed:
    lang: str
    url: str  # as the browser sees it: /g20/catatan-rapat/x/
    words: set[str]


def indexed_pages(output: Path, base_path: str) -> list[Indexed]:
    pages = []
    for file in sorted(output.rglob("*.html")):
        if file.relative_to(output).parts[0] == "pagefind":
            continue
        parser = IndexedText()
        parser.feed(file.read_text("utf-8"))
        if parser.marked:
            rel = file.relative_to(output).as_posix().removesuffix("index.html")
            pages.append(Indexed(parser.lang, base_path + rel, parser.words))
    return pages


def only_in_one(pages: list[Indexed], lang: str) -> tuple[str, str]:
    """A word of one page of ``lang`` that no other page of ``lang`` has, nor a form of it
    (no other word shares its first five letters, contains it, or is contained in it), and the page."""
    mine = [page for page in pages if page.lang == lang]
    for page in mine:
        others = set().union(*(other.words for other in mine if other is not page))
        for word in sorted(page.words, key=lambda w: (-len(w), w)):
            if len(word) >= 7 and not any(
                o[:5] == word[:5] or word in o or (len(o) >= 5 and o in word) for o in others
            ):
                return word, page.url
    raise AssertionError(f"no page of {lang} has a word of its own")


# --- the index in the output -------------------------------------------------------------------


def test_index_has_one_language_per_html_lang_and_is_identical_across_builds(
    searchable: Path, tmp_path: Path
) -> None:
    build(searchable, tmp_path / "one", Options(use_cache=False, jobs=1))
    build(searchable, tmp_path / "two", Options(use_cache=False, jobs=2))
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one == two
    entry = json.loads(one["pagefind/pagefind-entry.json"])
    pages = indexed_pages(tmp_path / "one", "/")
    assert {lang: data["page_count"] for lang, data in entry["languages"].items()} == {
        lang: sum(page.lang == lang for page in pages) for lang in ("id", "en")
    }
    assert list(entry["languages"]) == sorted(entry["languages"])
    assert not [name for name in one if name.startswith("pagefind/") and name.split("/")[1].startswith(search.UNUSED)]
    manifest = json.loads(one[MANIFEST])
    assert {name for name in one if name.startswith("pagefind/")} <= set(manifest["files"])
    assert "cari/index.html" in one and "en/search/index.html" in one


def test_search_pages_are_in_the_menu_of_every_page(searchable: Path) -> None:
    build(searchable, searchable / "public")
    note = (searchable / "public/en/meeting-notes/sample-meeting/index.html").read_text("utf-8")
    assert '<a href="/g20/en/search/">Search</a>' in note
    home = (searchable / "public/index.html").read_text("utf-8")
    assert '<a href="/g20/cari/">Cari</a>' in home


def test_relative_folders_work_too(searchable: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(searchable.parent)  # g20site serve builds into SOURCE/.g20site-cache/preview
    build(Path(searchable.name), Path(searchable.name) / ".g20site-cache" / "preview")
    assert (searchable / ".g20site-cache/preview/pagefind/pagefind-entry.json").is_file()


def test_a_site_without_a_search_section_has_no_index(site: Path) -> None:
    build(site, site / "public")
    assert not (site / "public/pagefind").exists()
    assert "/search/" not in (site / "public/sitemap.xml").read_text("utf-8")


def test_unchanged_pages_are_not_indexed_again(searchable: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(searchable, searchable / "public")
    before = snapshot(searchable / "public")

    def refuse(*args: object) -> tuple[set[str], set[str]]:
        raise AssertionError("Pagefind ran although no page changed")

    monkeypatch.setattr(search, "index", refuse)
    result = build(searchable, searchable / "public")
    assert result.report is not None and result.report.written == 0
    assert snapshot(searchable / "public") == before


def test_an_edit_updates_the_index_and_removes_what_it_replaced(searchable: Path, tmp_path: Path) -> None:
    public = searchable / "public"
    build(searchable, public)
    old = {name for name in snapshot(public) if name.startswith("pagefind/")}
    note = searchable / NOTE
    note.write_text(note.read_text("utf-8").replace("Teks rapat dengan", "Teks rapat zirkonium dengan"), "utf-8")
    build(searchable, public)
    new = {name for name in snapshot(public) if name.startswith("pagefind/")}
    assert old - new and new - old  # the changed page's fragment and the index chunks
    build(searchable, tmp_path / "fresh", Options(use_cache=False))
    assert snapshot(public) == snapshot(tmp_path / "fresh")  # nothing stale left behind


def test_removing_the_search_section_removes_the_index(searchable: Path) -> None:
    public = searchable / "public"
    build(searchable, public)
    config = searchable / "content/site.yaml"
    config.write_text(config.read_text("utf-8").replace(SEARCH_SECTION, "").replace("  - section: search\n", ""))
    build(searchable, public)
    assert not (public / "pagefind").exists() and not (public / "cari").exists()


def test_a_failed_index_leaves_the_output_as_it_was(
    searchable: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    public = searchable / "public"
    build(searchable, public)
    before = snapshot(public)
    beside = sorted(p.name for p in searchable.iterdir())
    note = searchable / NOTE
    note.write_text(note.read_text("utf-8").replace("Teks rapat dengan", "Teks rapat baru dengan"), "utf-8")
    failing = tmp_path / "pagefind"
    failing.write_text(
        '#!/bin/sh\nif [ "$1" = --version ]; then echo "pagefind 0-test"; exit 0; fi\n'
        'echo "Error: the disk is full" >&2\nexit 1\n'
    )
    failing.chmod(0o755)
    monkeypatch.setattr(search, "program", lambda: failing)
    with pytest.raises(ContentError) as raised:
        build(searchable, public)
    assert [str(p) for p in raised.value.problems] == [
        "content/site.yaml: search: Pagefind could not make the search index: Error: the disk is full"
    ]
    assert snapshot(public) == before
    assert sorted(p.name for p in searchable.iterdir()) == beside  # no staging or work folder left


def test_missing_pagefind_is_an_error_that_says_what_to_do(
    searchable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    with pytest.raises(ContentError) as raised:
        build(searchable, searchable / "public")
    message = str(raised.value)
    assert message.startswith("content/site.yaml: search: ") and 'pip install "pagefind[bin]"' in message
    assert not (searchable / "public").exists()


# --- the search page in Chromium ---------------------------------------------------------------


@dataclass
class Served:
    origin: str
    base_path: str
    pages: list[Indexed]
    search_paths: dict[str, str]  # language -> the search page's path
    sections: dict[str, list[str]]  # language -> the addresses of its section lists


@pytest.fixture(scope="module", params=["bundled", "fixture"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The bundled site or the fixture site (with a search page), built and served at its base path."""
    bundled = request.param == "bundled"
    source = REPO if bundled else with_search(copy_site("basic", tmp_path_factory.mktemp("source")))
    www = tmp_path_factory.mktemp(request.param)
    result = build(source, www / "built", Options(use_cache=False))
    config = result.site.config
    base_path = urlsplit(config.base_url).path
    output = www / "root" / base_path.strip("/")
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(www / "built", output)
    home = {lang: "" if lang == config.default.code else f"{lang}/" for lang in config.codes}
    search_paths = {lang: f"{base_path}{home[lang]}{config.sections['search'][lang].slug}/" for lang in config.codes}
    sections = {
        lang: [f"{base_path}{home[lang]}{config.sections[name][lang].slug}/" for name in ("key_messages", "meetings")]
        for lang in config.codes
    }
    with static_server(www / "root") as origin:
        yield Served(origin, base_path, indexed_pages(output, base_path), search_paths, sections)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 412, "height": 823})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def results_for(page: Page, words: str) -> tuple[list[str], str]:
    """Type ``words`` into the search box; the addresses found, in order, and what was announced."""
    page.fill("#search-term", words)
    page.wait_for_function(
        "() => { const list = document.querySelector('[data-search-results]');"
        " return list.getAttribute('aria-busy') === 'false'; }"
    )
    found = page.eval_on_selector_all("[data-search-results] li h2 a", "links => links.map(a => a.pathname)")
    return found, page.inner_text("[data-search-status]")


def in_language(served: Served, url: str) -> str:
    rest = url[len(served.base_path) :]
    return "en" if rest.startswith("en/") else "id"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_word_only_one_page_has_finds_that_page_first(served: Served, page: Page, lang: str) -> None:
    word, url = only_in_one(served.pages, lang)
    page.goto(served.origin + served.search_paths[lang])
    found, announced = results_for(page, word)
    assert found and found[0] == url, f"searching {word!r} found {found}, not {url} first"
    assert {in_language(served, u) for u in found} == {lang}
    assert word in announced and str(len(found)) in announced  # said in the status region (aria-live)
    assert not axe_violations(page), "axe-core on the results"
    other = "en" if lang == "id" else "id"
    other_word, _ = only_in_one(served.pages, other)
    found, _ = results_for(page, other_word)
    assert all(in_language(served, u) == lang for u in found), f"{lang} search found {found}"


def test_the_words_in_the_address_are_searched_on_arrival(served: Served, page: Page) -> None:
    word, url = only_in_one(served.pages, "en")
    page.goto(f"{served.origin}{served.search_paths['en']}?q={word}")
    page.wait_for_selector("[data-search-results] li a")
    assert page.eval_on_selector("[data-search-results] li a", "a => a.pathname") == url
    assert page.input_value("#search-term") == word


def test_the_index_is_fetched_only_when_the_reader_searches(served: Served, page: Page) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(served.origin + served.base_path)
    page.goto(served.origin + served.search_paths["id"])
    page.wait_for_load_state("networkidle")
    assert not [path for path in fetched if "/pagefind/" in path]
    results_for(page, "pagefind")
    assert f"{served.base_path}pagefind/pagefind.js" in fetched


def test_without_javascript_the_page_explains_and_offers_the_section_lists(served: Served, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for lang, path in served.search_paths.items():
            page.goto(served.origin + path)
            assert not page.is_visible("form")
            assert "JavaScript" in page.inner_text("[data-search-nojs]")
            links = page.eval_on_selector_all(".search-browse a", "links => links.map(a => a.pathname)")
            assert links[:2] == served.sections[lang]
            for link in links:
                assert page.request.get(served.origin + link).ok, link
    finally:
        context.close()


def test_more_results_come_ten_at_a_time_and_focus_goes_to_the_first_new_one(
    searchable: Path, tmp_path: Path, browser: Browser
) -> None:
    for number in range(1, 13):
        (searchable / f"content/meetings/2022-05-{number:02d}-kopi-{number}.en.md").write_text(
            f"---\ntitle: Coffee meeting {number}\ndate: 2022-05-{number:02d}\nsummary: About coffee.\n---\n"
            "We talked about arabica coffee.\n", "utf-8"
        )
    build(searchable, tmp_path / "root" / "g20", Options(use_cache=False))
    context = browser.new_context()
    try:
        page = context.new_page()
        with static_server(tmp_path / "root") as origin:
            page.goto(f"{origin}/g20/en/search/")
            found, announced = results_for(page, "arabica")
            assert len(found) == 10 and "12" in announced
            page.click("[data-search-more]")
            page.wait_for_function("() => document.querySelectorAll('[data-search-results] li').length === 12")
            assert page.is_hidden("[data-search-more]")
            assert page.evaluate("() => document.activeElement.pathname") == page.eval_on_selector_all(
                "[data-search-results] li h2 a", "links => links[10].pathname"
            )
    finally:
        context.close()
