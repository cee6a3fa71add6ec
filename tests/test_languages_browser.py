"""The right-to-left pages and the offer to switch language, in Chromium (Playwright).

Uses tests/sites/trilingual (Indonesian, English, Arabic), built once and
served as a static host would, and axe-core through tests/a11y.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from g20site.build.pipeline import Options, build

from .a11y import axe_violations, focus_ring
from .conftest import copy_site, static_server

ARABIC_PAGES = ["ar/", "ar/al-mahadir/", "ar/al-mahadir/ijtima-tajribi/", "ar/al-rasail/al-risala-al-ula/"]


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The trilingual fixture, built and served at the root of a local address."""
    site = copy_site("trilingual", tmp_path_factory.mktemp("source"))
    output = tmp_path_factory.mktemp("www")
    build(site, output, Options(use_cache=False, jobs=1))
    with static_server(output) as served:
        yield served + "/"


def open_page(browser: Browser, languages: list[str], javascript: bool = True, width: int = 412) -> Page:
    """A new tab whose reader prefers ``languages`` (navigator.languages), in that order."""
    context = browser.new_context(locale=languages[0], java_script_enabled=javascript,
                                  viewport={"width": width, "height": 823})
    context.add_init_script(f"Object.defineProperty(navigator, 'languages', {{get: () => {languages!r}}});")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.mark.parametrize("path", ARABIC_PAGES)
def test_arabic_pages_are_right_to_left_mirrored_and_axe_clean(browser: Browser, origin: str, path: str) -> None:
    page = open_page(browser, ["ar"], width=1024)  # wide: the title and the switcher share a line
    try:
        page.goto(origin + path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
        brand = page.locator(".brand").bounding_box()
        languages = page.locator(".langs").bounding_box()
        assert brand is not None and languages is not None
        assert brand["x"] > languages["x"]  # the title sits on the right, the switcher on the left
        violations = axe_violations(page)
        assert not violations, "\n".join(str(v) for v in violations)
    finally:
        page.context.close()


def test_the_facts_box_is_mirrored_by_logical_properties(browser: Browser, origin: str) -> None:
    page = open_page(browser, ["ar"])
    try:
        page.goto(origin + "ar/al-mahadir/ijtima-tajribi/")
        widths = page.evaluate(
            "() => { const s = getComputedStyle(document.querySelector('.facts'));"
            " return [s.borderRightWidth, s.borderLeftWidth]; }"
        )
        assert widths == ["4px", "1px"]  # border-inline-start: on the right in Arabic
    finally:
        page.context.close()


def test_the_root_offers_the_readers_language_and_remembers_a_dismissal(browser: Browser, origin: str) -> None:
    page = open_page(browser, ["ar-EG", "en-US"])
    try:
        page.goto(origin)
        hint = page.locator('.lang-hint[data-lang="ar"]')
        expect(hint).to_be_visible()
        expect(hint).to_have_attribute("lang", "ar")
        expect(hint).to_have_attribute("dir", "rtl")
        expect(hint.get_by_role("link")).to_have_text("هذا الموقع متاح أيضًا باللغة العربية.")
        expect(hint.get_by_role("link")).to_have_attribute("href", "/ar/")
        expect(page.locator('.lang-hint[data-lang="en"]')).to_be_hidden()  # one offer: the first language
        violations = axe_violations(page)
        assert not violations, "\n".join(str(v) for v in violations)

        button = hint.get_by_role("button", name="إغلاق")
        for _ in range(5):  # the skip link, the offer's link, then its button
            page.keyboard.press("Tab")
            if button.evaluate("b => b === document.activeElement"):
                break
        assert button.evaluate("b => b.matches(':focus-visible')")
        ring = focus_ring(button.element_handle())
        assert ring.width >= 2 and ring.ratio is not None and ring.ratio >= 3, ring
        page.keyboard.press("Enter")
        expect(page.locator(".lang-hints")).to_be_hidden()
        assert page.evaluate("() => document.activeElement.classList.contains('brand')")
        page.reload()
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".lang-hints")).to_be_hidden()  # dismissed: not offered again
    finally:
        page.context.close()


@pytest.mark.parametrize("languages", [["id-ID", "en-US"], ["fr-FR"], ["id"]])
def test_no_offer_when_the_reader_prefers_the_pages_language_or_none_of_the_site(
    browser: Browser, origin: str, languages: list[str]
) -> None:
    page = open_page(browser, languages)
    try:
        page.goto(origin)
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".lang-hints")).to_be_hidden()
        expect(page.locator(".lang-hint:visible")).to_have_count(0)
    finally:
        page.context.close()


def test_the_offer_needs_javascript_and_other_pages_never_show_it(browser: Browser, origin: str) -> None:
    page = open_page(browser, ["en-US"], javascript=False)
    try:
        page.goto(origin)
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".lang-hints")).to_be_hidden()
    finally:
        page.context.close()
    page = open_page(browser, ["en-US"])
    try:
        page.goto(origin)
        expect(page.locator('.lang-hint[data-lang="en"]')).to_be_visible()
        page.goto(origin + "catatan-rapat/")
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".lang-hints")).to_have_count(0)
    finally:
        page.context.close()
