"""Pages a reader can use: on a phone the content starts under a one-row header whose menu
folds behind a Menu button (with and without JavaScript); on a wide screen a document's
facts box stands beside its text. Fact checks lead with the facts (the verdict above a
headline that states the finding, on the first phone screen; a verdict stamp on the share
image; the verdict and the claim's date in lists). Past events offer no calendar file, a
place links to OpenStreetMap, tags are plain words, and search results show their section
and a fact check's verdict.

The browser tests drive Chromium at 390x844 (a phone) and 1366x768 (a laptop).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from playwright.sync_api import Browser, Page

from g20site.build.pipeline import Options, build
from g20site.cli import main
from g20site.pages.views import ShareCard
from g20site.render.share_images import render_png

from .a11y import AXE, axe_violations, focus_ring, text_contrasts
from .conftest import REPO, assert_errors, copy_site, json_ld, line_of, read, replace_in, static_server
from .test_search import with_search

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 768}
HEADER_BUDGET = 120  # px: where the content of a page may start, at most, on a phone
FIRST_SCREEN = 400  # px: a fact check's verdict starts above this on a phone
BEFORE_ALL = datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC)  # every event of the fixture to come
CHECK = "content/fact-checks/2022-02-10-klaim-contoh.{lang}.md"  # hoaks, with a finding
TRUE_CHECK = "content/fact-checks/2022-02-12-klaim-benar.{lang}.md"  # benar, without a finding
FINDING = {"id": "Situs uji tidak akan ditutup besok: pesan berantai itu keliru",
           "en": "The test site is not closing tomorrow: the chain message is wrong"}
WEBINAR = "content/events/webinar-contoh.{lang}.md"  # coordinates and an address
EXHIBITION = "content/events/pameran-contoh.{lang}.md"  # a place without an address
RED, GREEN, GOLD, GREY = (165, 14, 39), (29, 107, 56), (242, 193, 78), (74, 85, 104)


# --- the bundled site and the fixture site, built and served --------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled site, built and served at its root (its base path is /); yields the origin."""
    www = tmp_path_factory.mktemp("bundled")
    build(REPO, www, Options(use_cache=False))
    with static_server(www) as origin:
        yield origin


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site with a search page, built and served under /g20/; yields the origin."""
    source = with_search(copy_site("basic", tmp_path_factory.mktemp("source")))
    www = tmp_path_factory.mktemp("fixture")
    build(source, www / "g20", Options(use_cache=False, now=BEFORE_ALL))
    with static_server(www) as origin:
        yield origin


def opened(browser: Browser, size: dict[str, int], script: bool = True, locale: str = "id-ID") -> Page:
    page = browser.new_context(viewport=size, java_script_enabled=script, locale=locale).new_page()
    page.set_default_timeout(10_000)
    return page


def first_entry(page: Page, origin: str, listing: str) -> str:
    """The address of the first entry of a list page."""
    page.goto(origin + listing)
    return page.eval_on_selector(".entries .entry-title a", "a => a.pathname")


def top(page: Page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().top")


def visible_text(html: str) -> str:
    """The words of an HTML fragment as the eye reads them: without what only screen readers get."""
    shown = re.sub(r'<span class="vh">.*?</span>', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", shown).split())


# --- the header and the menu --------------------------------------------------------------------


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_content_starts_within_120px_on_a_phone_in_both_languages(
    bundled: str, browser: Browser, script: bool
) -> None:
    for lang, home, listing in (("id", "/", "/cek-fakta/"), ("en", "/en/", "/en/fact-check/")):
        page = opened(browser, PHONE, script, "id-ID" if lang == "id" else "en-US")
        try:
            for path in (home, listing, first_entry(page, bundled, listing)):
                page.goto(bundled + path)
                header = page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height")
                start = top(page, "main")
                assert start == header <= HEADER_BUDGET, f"{path}: the content starts at {start}px"
                assert page.evaluate("() => document.documentElement.scrollWidth") == PHONE["width"], path
        finally:
            page.context.close()


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_the_menu_opens_and_closes_on_a_phone(bundled: str, browser: Browser, script: bool) -> None:
    page = opened(browser, PHONE, script)
    try:
        page.goto(bundled + "/")
        links = page.locator(".menu nav a")
        assert links.count() >= 5 and not links.first.is_visible()
        page.click(".menu summary")
        assert all(links.nth(n).is_visible() for n in range(links.count()))
        header = page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().bottom")
        assert top(page, ".menu nav") >= header - 4  # it hangs under the header (its stripe), over the page
        heights = page.eval_on_selector_all(".menu nav a", "links => links.map(a => a.getBoundingClientRect().height)")
        assert min(heights) >= 44  # a finger's width
        if script and AXE.exists():
            assert not axe_violations(page), "axe-core with the menu open"
        page.click(".menu summary")
        assert not links.first.is_visible()
        page.focus(".menu summary")
        page.keyboard.press("Enter")  # the keyboard opens it too
        assert links.first.is_visible()
        assert top(page, "main") <= HEADER_BUDGET  # open, it lies over the page: nothing moves
        for number in range(links.count()):  # Tab goes through its links, each readable, focused and hovered
            page.keyboard.press("Tab")
            link = links.nth(number).element_handle()
            assert page.evaluate("e => document.activeElement === e", link)
            ring = focus_ring(link)
            assert ring.width >= 2 and (ring.ratio is None or ring.ratio >= 3), ring
            link.hover()
            assert all(found.ratio >= 4.5 for found in text_contrasts(link)), text_contrasts(link)
    finally:
        page.context.close()


def test_on_a_wide_screen_the_menu_is_open_and_the_facts_stand_beside_the_text(
    bundled: str, browser: Browser
) -> None:
    page = opened(browser, WIDE)
    try:
        page.goto(bundled + "/en/")
        assert page.locator(".menu nav a").first.is_visible() and not page.is_visible(".menu summary")
        page.goto(bundled + first_entry(page, bundled, "/en/fact-check/"))
        text = page.eval_on_selector(".prose", "e => e.getBoundingClientRect().toJSON()")
        side = page.eval_on_selector(".side", "e => e.getBoundingClientRect().toJSON()")
        share = page.eval_on_selector(".share", "e => e.getBoundingClientRect().toJSON()")
        assert side["left"] >= text["right"] + 32 and side["right"] >= 0.85 * WIDE["width"]  # the width is used
        assert side["top"] <= top(page, "h1")  # beside the headline, not under the text
        assert share["left"] == side["left"] and share["top"] >= side["bottom"]  # the share links under it
        assert text["width"] <= 42 * 18  # a readable measure: 42rem of 18px
    finally:
        page.context.close()


# --- fact checks lead with the facts ------------------------------------------------------------


@pytest.mark.parametrize(("listing", "verdict"), [("/cek-fakta/", "✕ Hoaks"), ("/en/fact-check/", "✕ Hoax")])
def test_the_verdict_is_above_the_headline_on_the_first_phone_screen(
    bundled: str, browser: Browser, listing: str, verdict: str
) -> None:
    page = opened(browser, PHONE, script=False)
    try:
        page.goto(bundled + first_entry(page, bundled, listing))
        label = page.locator(".page-head .verdict")
        box = label.bounding_box()
        assert box is not None and label.text_content() == verdict
        assert box["y"] < FIRST_SCREEN, f"the verdict starts at {box['y']}px"
        assert box["y"] + box["height"] <= top(page, "h1")
    finally:
        page.context.close()


def test_the_headline_states_the_finding_and_the_claim_is_quoted_as_the_claim(public: Path) -> None:
    for lang, rel, claim_head, claim in (
        ("id", "cek-fakta/klaim-contoh/index.html", "Klaim yang beredar", "Situs uji akan ditutup besok, sebarkan!"),
        ("en", "en/fact-check/sample-claim/index.html", "The claim that circulated",
         "The test site closes tomorrow, pass it on!"),
    ):
        page, finding = read(public, rel), FINDING[lang]
        assert re.search(r"<h1[^>]*>(.*?)</h1>", page)[1] == finding  # type: ignore[index]
        site = "Situs Uji" if lang == "id" else "Test Site"
        assert f"<title>{finding} | {site}</title>" in page
        assert f'<meta property="og:title" content="{finding}">' in page
        assert re.search(r'<h2 id="claim-title"[^>]*>(.*?)</h2>\n<blockquote class="claim-text"><p>(.*?)</p>',
                         page).groups() == (claim_head, claim)  # type: ignore[union-attr]
        assert json_ld(page, "ClaimReview")["headline"] == finding
    page = read(public, "cek-fakta/klaim-contoh/index.html")
    assert '<meta property="og:image:alt" content="Hoaks: Situs uji tidak akan ditutup besok: ' in page
    assert "wa.me/?text=Situs%20uji%20tidak%20akan%20ditutup%20besok" in page  # the words shared
    feed = read(public, "cek-fakta/feed.xml")
    assert f"<title>{FINDING['id']}</title>" in feed
    no_finding = read(public, "cek-fakta/klaim-benar/index.html")  # without one, the title is the headline
    assert re.search(r"<h1[^>]*>(.*?)</h1>", no_finding)[1] == "[BENAR] Situs Uji Punya Dua Bahasa"  # type: ignore[index]


def stamp_pixels(png: bytes, colour: tuple[int, int, int]) -> int:
    """How many pixels of the place of the stamp (above the title, at the start of the line) are ``colour``."""
    region = Image.open(io.BytesIO(png)).convert("RGB").crop((80, 150, 640, 222))
    return dict((found, count) for count, found in region.getcolors(region.width * region.height)).get(colour, 0)


def test_the_share_image_of_a_fact_check_carries_its_verdict_stamp() -> None:
    plain = ShareCard("Situs uji tidak akan ditutup besok", "Situs Uji", "Pulih Bersama", "id", "ltr")
    without = render_png(plain)
    assert all(stamp_pixels(without, colour) == 0 for colour in (RED, GREEN, GOLD, GREY))
    for stamp, style, colour in (("✕ Hoaks", "wrong", RED), ("✓ Benar", "correct", GREEN),
                                 ("! Misinformasi", "misleading", GOLD), ("? Belum terbukti", "unproven", GREY)):
        stamped = render_png(replace(plain, stamp=stamp, stamp_style=style))
        assert stamp_pixels(stamped, colour) > 5000, style  # a label of the verdict's colour...
        text = (255, 255, 255) if style != "misleading" else (12, 37, 80)
        assert stamp_pixels(stamped, text) > 300, style  # ...with its mark and name written on it
        assert replace(plain, stamp=stamp, stamp_style=style).name != plain.name


def test_the_built_share_images_of_fact_checks_are_stamped(public: Path) -> None:
    for rel, colour in (("cek-fakta/klaim-contoh/index.html", RED), ("en/fact-check/two-languages/index.html", GREEN)):
        image = re.search(r'<meta property="og:image" content="https://example.go.id/g20/(.*?)">', read(public, rel))
        assert image is not None
        assert stamp_pixels((public / image[1]).read_bytes(), colour) > 5000, rel
    meeting = re.search(r'<meta property="og:image" content="https://example.go.id/g20/(.*?)">',
                        read(public, "catatan-rapat/rapat-contoh/index.html"))
    assert meeting is not None and stamp_pixels((public / meeting[1]).read_bytes(), RED) == 0


def test_a_fact_check_list_shows_the_verdict_and_the_date_of_the_claim(site: Path) -> None:
    for lang in ("id", "en"):
        replace_in(site, TRUE_CHECK.format(lang=lang), "claim_seen_on: X\n",
                   "claim_seen_on: X\nclaim_date: 2022-02-11\n")
    build(site, site / "public")
    listing = read(site / "public", "cek-fakta/index.html")
    lines = re.findall(r'<p class="entry-verdict">(.*?)</p>', listing)
    assert [visible_text(line) for line in lines][0] == "✓ Benar Klaim beredar pada Jumat, 11 Februari 2022"
    assert '<span class="claim-date">Klaim beredar pada <time datetime="2022-02-11">' in lines[0]
    assert visible_text(lines[1]).startswith("✕ Hoaks Klaim beredar pada ")
    assert f'<a href="/g20/cek-fakta/klaim-contoh/">{FINDING["id"]}</a>' in listing  # the finding, as the page says
    english = re.findall(r'<p class="entry-verdict">(.*?)</p>', read(site / "public", "en/fact-check/index.html"))
    assert visible_text(english[0]).startswith("✓ True Claim circulated on ")
    assert '<time datetime="2022-02-11">' in english[0]
    home = read(site / "public", "index.html")
    assert "Klaim beredar pada <time datetime=\"2022-02-11\">" in home  # the home page's list too


# --- events -------------------------------------------------------------------------------------


def calendar_link(public: Path, rel: str) -> bool:
    return '<p class="add-to-calendar">' in read(public, rel)


def test_past_and_cancelled_events_offer_no_calendar_file_and_coming_ones_do(site: Path) -> None:
    for name, now in (("march", BEFORE_ALL), ("april", datetime.datetime(2022, 4, 1, tzinfo=datetime.UTC))):
        build(site, site / name, Options(jobs=1, now=now))
    webinar = "agenda/webinar-contoh/index.html"  # 10 March 2022
    assert ('<a href="/g20/agenda/webinar-contoh/webinar-contoh.ics" type="text/calendar" download>'
            "Tambahkan ke kalender saya (.ics)</a>") in read(site / "march", webinar)
    english = "en/events/sample-webinar/index.html"
    assert calendar_link(site / "march", english)
    assert not calendar_link(site / "april", webinar) and not calendar_link(site / "april", english)
    assert "Sudah berlangsung" in read(site / "april", webinar)
    assert calendar_link(site / "april", "agenda/pameran-contoh/index.html")  # 5-6 April: still to come
    assert not calendar_link(site / "march", "agenda/rapat-daring-contoh/index.html")  # cancelled
    assert (site / "april/agenda/webinar-contoh/webinar-contoh.ics").is_file()  # the file stays, for the feed


def test_a_place_links_to_openstreetmap_by_its_coordinates_or_its_address(site: Path) -> None:
    replace_in(site, EXHIBITION.format(lang="id"), "place: Balai Contoh, Nusa Dua, Bali\n",
               "place: Balai Contoh, Nusa Dua, Bali\naddress: Jalan Pantai Mengiat, Nusa Dua, Bali\n")
    build(site, site / "public", Options(jobs=1, now=BEFORE_ALL))
    public = site / "public"
    webinar = read(public, "agenda/webinar-contoh/index.html")
    assert ('<a class="map-link" href="https://www.openstreetmap.org/?mlat=-2.5337&amp;mlon=140.7181'
            '#map=17/-2.5337/140.7181">Lihat di peta (OpenStreetMap)</a>') in webinar
    assert json_ld(webinar, "Event")["location"][0]["geo"] == {
        "@type": "GeoCoordinates", "latitude": -2.5337, "longitude": 140.7181}
    english = read(public, "en/events/sample-webinar/index.html")
    assert ">Show on a map (OpenStreetMap)</a>" in english
    exhibition = read(public, "agenda/pameran-contoh/index.html")
    assert ('<a class="map-link" href="https://www.openstreetmap.org/search?'
            'query=Jalan%20Pantai%20Mengiat%2C%20Nusa%20Dua%2C%20Bali">') in exhibition
    assert "map-link" not in read(public, "en/events/sample-exhibition/index.html")  # a place's name alone: no link
    assert "map-link" not in read(public, "agenda/rapat-daring-contoh/index.html")  # online only


@pytest.mark.parametrize(
    ("value", "english", "indonesian"),
    [
        ("Jayapura, Papua",
         'coordinates: "Jayapura, Papua" are not coordinates; write the latitude, a comma and the longitude, in '
         "degrees as a map shows them, e.g. coordinates: -8.7995, 115.2340",
         'coordinates: "Jayapura, Papua" bukan koordinat; tulis garis lintang, koma, lalu garis bujur, dalam '
         "derajat seperti yang ditampilkan peta, misalnya coordinates: -8.7995, 115.2340"),
        ("140.7181, -2.5337",
         'coordinates: "140.7181, -2.5337" is not a place on the map; the latitude comes first, between -90 and '
         "90, then the longitude, between -180 and 180",
         'coordinates: "140.7181, -2.5337" bukan tempat di peta; garis lintang ditulis lebih dulu, antara -90 dan '
         "90, lalu garis bujur, antara -180 dan 180"),
    ],
)
def test_coordinates_that_are_not_a_place_are_an_error_at_their_line(
    site: Path, value: str, english: str, indonesian: str
) -> None:
    rel = WEBINAR.format(lang="en")
    line = line_of(replace_in(site, rel, "coordinates: -2.5337, 140.7181", f"coordinates: {value}"), "coordinates:")
    for lang, message in (("en", english), ("id", indonesian)):
        result = CliRunner().invoke(main, ["--lang", lang, "check", "--source", str(site)])
        assert_errors(result, f"{rel}:{line}: {message}")


# --- tags ---------------------------------------------------------------------------------------


def test_tags_are_plain_words_not_buttons(public: Path) -> None:
    note = read(public, "catatan-rapat/rapat-contoh/index.html")
    assert '<p class="tags">Label: uji</p>' in note
    assert '<p class="tags">Tags: test</p>' in read(public, "en/meeting-notes/sample-meeting/index.html")
    assert 'class="tag-box"' not in note and "<li>uji</li>" not in note


# --- search results -----------------------------------------------------------------------------


def search(page: Page, origin: str, path: str, words: str) -> list[dict[str, str]]:
    """Search ``words`` on the search page at ``path``: each result's title, section, verdict and excerpt."""
    page.goto(f"{origin}{path}?q={words}")
    page.wait_for_function(
        "() => document.querySelector('[data-search-results]').getAttribute('aria-busy') === 'false'")
    return page.eval_on_selector_all("[data-search-results] li", """items => items.map(li => ({
        title: li.querySelector('h2').textContent,
        section: (li.querySelector('.entry-section') || {}).textContent || '',
        verdict: (li.querySelector('.verdict') || {}).textContent || '',
        look: (li.querySelector('.verdict') || {}).className || '',
        excerpt: li.querySelector('p:last-child').textContent}))""")


def test_search_results_show_their_section_and_a_fact_checks_verdict(fixture_site: str, browser: Browser) -> None:
    page = opened(browser, PHONE)
    try:
        found = search(page, fixture_site, "/g20/cari/", "sebarkan")
        assert found[0] == {"title": FINDING["id"], "section": "Cek Fakta", "verdict": "✕ Hoaks",
                            "look": "verdict verdict-wrong", "excerpt": found[0]["excerpt"]}
        assert found[0]["excerpt"].startswith("Klaim contoh yang beredar di WhatsApp")  # the text, not the date
        found = search(page, fixture_site, "/g20/en/search/", "tomorrow")
        assert (found[0]["title"], found[0]["section"], found[0]["verdict"]) == (FINDING["en"], "Fact Check", "✕ Hoax")
        found = search(page, fixture_site, "/g20/cari/", "Lembaga")
        assert (found[0]["title"], found[0]["section"], found[0]["verdict"]) == ("Rapat Contoh", "Catatan Rapat", "")
        assert not re.search(r"\b2022\b", found[0]["excerpt"])  # no date noise
        if AXE.exists():
            assert not axe_violations(page), "axe-core on the results"
    finally:
        page.context.close()
