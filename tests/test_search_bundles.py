"""A search index in several bundles finds what the index of the whole site finds.

The bundled site is built twice: indexed whole (one bundle, as every site of
up to ``search_index.SHARD`` pages per language is) and cut into bundles of
about four pages per language. In Chromium, the search page of each language
must find the same pages for the same words in both, before and after a
note is edited; the edit indexes one bundle again, not the whole site.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from g20site.build import search_index
from g20site.build.pipeline import Options, build

from .conftest import REPO, snapshot, static_server
from .test_search import indexed_pages, only_in_one

NOTE = "content/meetings/2022-01-18-rapat-koordinasi-humas-g20-meta.id.md"
NEW_WORD = "zirkonium"
SEARCH = {"id": "/cari/", "en": "/en/search/"}


@dataclass
class Sites:
    source: Path
    whole: Path  # indexed in one bundle, anew each time
    bundled: Path  # in bundles of SMALL pages per language, built incrementally
    reindexed: list[str]  # the bundles Pagefind indexed in the last incremental build


SMALL = 4


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    source = tmp_path_factory.mktemp("bundled-site")
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO / folder, source / folder)
    out = tmp_path_factory.mktemp("outputs")
    found = Sites(source, out / "whole", out / "bundled", [])
    index = search_index.index

    def counted(binary: Path, pages: object, folder: str, *rest: object) -> tuple[set[str], set[str]]:
        found.reindexed.append(folder)
        return index(binary, pages, folder, *rest)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "index", counted)
        build_both(found)
        yield found


def build_both(sites: Sites) -> None:
    build(sites.source, sites.whole, Options(use_cache=False))
    sites.reindexed.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD", SMALL)
        build(sites.source, sites.bundled)


def queries(output: Path, lang: str) -> list[str]:
    """Words to search for: the most common long words of the language's pages, and one only one page has."""
    pages = [page for page in indexed_pages(output, "/") if page.lang == lang]
    common = Counter(word for page in pages for word in page.words if len(word) >= 6)
    return [word for word, _ in common.most_common(4)] + [only_in_one(pages, lang)[0]]


def every_result(page: Page, words: str) -> list[str]:
    """All the addresses found for ``words`` (submitted at once, so that no earlier answer is
    read as this one), asking for more until there are no more."""
    page.fill("#search-term", words)
    page.press("#search-term", "Enter")  # the search starts now: the list is busy until its answer
    page.wait_for_function(
        "() => document.querySelector('[data-search-results]').getAttribute('aria-busy') === 'false'")
    found = page.eval_on_selector_all("[data-search-results] li h2 a", "links => links.map(a => a.pathname)")
    while page.is_visible("[data-search-more]"):
        count = len(found)
        page.click("[data-search-more]")
        page.wait_for_function(f"() => document.querySelectorAll('[data-search-results] li').length > {count}")
        found = page.eval_on_selector_all("[data-search-results] li h2 a", "links => links.map(a => a.pathname)")
    return found


def found_in(browser: Browser, output: Path, lang: str, words: list[str]) -> dict[str, list[str]]:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        with static_server(output) as origin:
            page.goto(origin + SEARCH[lang])
            return {word: sorted(every_result(page, word)) for word in words}
    finally:
        context.close()


def bundles_of(output: Path) -> dict[str, dict[str, bytes]]:
    """The files of each bundle of the index."""
    found: dict[str, dict[str, bytes]] = {}
    for name, data in snapshot(output / "pagefind").items():
        found.setdefault(search_index.bundle_of(search_index.FOLDER + name), {})[name] = data
    return found


def test_the_site_is_indexed_in_bundles_listed_per_language(sites: Sites) -> None:
    assert set(bundles_of(sites.whole)) == {search_index.FOLDER}
    assert json.loads((sites.whole / "pagefind/bundles.json").read_text("utf-8")) == {}
    listed = json.loads((sites.bundled / "pagefind/bundles.json").read_text("utf-8"))
    for lang in ("id", "en"):
        pages = sum(page.lang == lang for page in indexed_pages(sites.whole, "/"))
        assert len(listed[lang]) == -(-pages // SMALL) - 1  # the first bundle is pagefind/ itself
        assert all(folder.startswith(f"{lang}.") for folder in listed[lang])  # each of one language
        for folder in listed[lang]:
            bundle = sites.bundled / "pagefind" / folder
            assert lang in json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["languages"]
            engine = [file.name for file in bundle.iterdir() if file.name.startswith(("pagefind.js", "wasm."))]
            assert engine == []  # merged bundles are searched with the first bundle's engine


def test_every_bundle_holds_about_as_many_pages_the_first_too() -> None:
    for languages, each in [(("id", "en"), 5_000), (("id", "en", "ar"), 5_000), (("id", "en", "ar"), 800),
                            (("id", "en", "ar", "fr", "de"), 800), (("id",), 1_000)]:
        pages = {f"{lang}/catatan/{number}/": (lang, "") for lang in languages for number in range(each)}
        sizes = {folder: len(members) for folder, members in search_index.bundles(pages).items()}
        assert len(sizes) > 1 and all(0.75 * search_index.SHARD < size < 1.2 * search_index.SHARD
                                      for size in sizes.values()), (languages, each, sizes)
    small = {f"{lang}/{number}/": (lang, "") for lang in ("id", "en") for number in range(search_index.SHARD)}
    assert list(search_index.bundles(small)) == [search_index.FOLDER]  # up to SHARD per language: one bundle


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
def test_bundles_find_the_pages_the_whole_index_finds(sites: Sites, browser: Browser, lang: str) -> None:
    words = queries(sites.whole, lang)
    whole = found_in(browser, sites.whole, lang, words)
    assert all(whole.values()), whole  # every word finds something
    assert found_in(browser, sites.bundled, lang, words) == whole


@pytest.mark.slow
def test_an_edit_indexes_one_bundle_again_and_finds_the_same_pages(sites: Sites, browser: Browser) -> None:
    before = bundles_of(sites.bundled)
    note = sites.source / NOTE
    note.write_text(note.read_text("utf-8") + f"\nKata baru: {NEW_WORD}.\n", "utf-8")
    build_both(sites)
    after = bundles_of(sites.bundled)
    assert len(sites.reindexed) == 1, sites.reindexed
    changed = {folder for folder in before.keys() | after.keys() if before.get(folder) != after.get(folder)}
    assert changed == set(sites.reindexed)
    words = [NEW_WORD, *queries(sites.whole, "id")]
    whole = found_in(browser, sites.whole, "id", words)
    assert whole[NEW_WORD] == ["/catatan-rapat/rapat-koordinasi-humas-g20-meta/"]
    assert found_in(browser, sites.bundled, "id", words) == whole


def test_bundles_built_after_an_edit_are_those_of_a_fresh_build(sites: Sites, tmp_path: Path) -> None:
    note = sites.source / NOTE
    note.write_text(note.read_text("utf-8") + "\nSatu kalimat lagi.\n", "utf-8")
    build_both(sites)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD", SMALL)
        build(sites.source, tmp_path / "fresh", Options(use_cache=False, jobs=1))
    assert snapshot(sites.bundled) == snapshot(tmp_path / "fresh")  # nothing stale, same bytes with one process


def test_a_preview_shows_an_edit_first_then_brings_the_index_up_to_date(sites: Sites, tmp_path: Path) -> None:
    note = sites.source / NOTE
    note.write_text(note.read_text("utf-8") + f"\nKata lain: {NEW_WORD}kan.\n", "utf-8")
    page = sites.bundled / "catatan-rapat/rapat-koordinasi-humas-g20-meta/index.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD", SMALL)
        before = bundles_of(sites.bundled)
        first = build(sites.source, sites.bundled, Options(search_now=False))  # as serve builds
        assert first.search_later and first.rendered > 0
        assert f"{NEW_WORD}kan" in page.read_text("utf-8")  # the page is there at once
        assert bundles_of(sites.bundled) == before  # the index as it was
        then = build(sites.source, sites.bundled, Options(search_now=True))  # as serve builds right after
        assert not then.search_later
        build(sites.source, tmp_path / "fresh", Options(use_cache=False, jobs=1))
    assert bundles_of(sites.bundled) != before
    assert snapshot(sites.bundled) == snapshot(tmp_path / "fresh")


def test_a_preview_whose_index_went_missing_makes_it_at_once(sites: Sites, tmp_path: Path) -> None:
    note = sites.source / NOTE
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD", SMALL)
        build(sites.source, sites.bundled)
        shutil.rmtree(sites.bundled / "pagefind")  # as if the preview folder had been cleared by hand
        note.write_text(note.read_text("utf-8") + "\nSekali lagi.\n", "utf-8")
        result = build(sites.source, sites.bundled, Options(search_now=False))
        assert not result.search_later  # nothing to keep: the index is made now, not left to the next build
        build(sites.source, tmp_path / "fresh", Options(use_cache=False, jobs=1))
    assert snapshot(sites.bundled) == snapshot(tmp_path / "fresh")
