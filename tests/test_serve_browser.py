"""The preview in a real browser: Playwright driving Debian's Chromium.

These tests need /usr/bin/chromium (the ``browser`` fixture of conftest.py);
``make test`` installs it when it is missing. They are never skipped: without
the browser they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from g20site.build.pipeline import Options
from g20site.serve_http import PreviewServer

from .conftest import replace_in, watched_preview

NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"

# How long a save may take to show in the page: noticing it, rebuilding, reloading. What is
# checked is that it shows, not how fast (that is `benchmarks/preview.py`); a loaded machine
# can take several seconds.
REBUILT = 30_000


@pytest.fixture
def preview(site: Path) -> Iterator[PreviewServer]:
    with watched_preview(site, Options(jobs=1)) as server:
        yield server


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_an_edit_shows_up_in_the_open_tab(preview: PreviewServer, page: Page, site: Path) -> None:
    page.goto(preview.url)
    expect(page.locator("h1")).to_have_count(1)
    marker = page.evaluate("() => performance.timeOrigin")
    replace_in(site, NOTE, "title: Rapat Contoh", "title: Rapat Contoh yang Diperbarui")
    expect(page.get_by_text("Rapat Contoh yang Diperbarui").first).to_be_visible()
    assert page.evaluate("() => performance.timeOrigin") != marker  # the page reloaded itself
    assert page.url == preview.url


def test_broken_yaml_shows_the_error_and_a_fix_brings_the_page_back(
    preview: PreviewServer, page: Page, site: Path
) -> None:
    page.goto(preview.url + "catatan-rapat/rapat-contoh/")
    note = site / NOTE
    good = note.read_text("utf-8")
    note.write_text(good.replace("summary: Ringkasan rapat contoh.", "summary: [tidak ditutup"), "utf-8")
    panel = page.locator("#g20site-errors")
    expect(panel).to_be_visible(timeout=REBUILT)
    expect(panel).to_contain_text("Situs tidak dapat dibangun ulang")
    expect(panel).to_contain_text(f"{NOTE}:4: tanda [ yang dimulai di sini tidak ditutup")  # where the list opens
    expect(panel).to_have_css("position", "fixed")  # styled by the theme's stylesheet, at the top
    expect(panel).to_have_css("top", "0px")
    note.write_text(good, "utf-8")
    expect(panel).to_have_count(0, timeout=REBUILT)
    expect(page.locator("h1")).to_have_text("Rapat Contoh")


def test_the_language_switcher_leads_to_the_translation(preview: PreviewServer, page: Page) -> None:
    page.goto(preview.url + "catatan-rapat/rapat-contoh/")
    page.locator('a[hreflang="en"]').first.click()
    expect(page).to_have_url(preview.url + "en/meeting-notes/sample-meeting/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Sample Meeting")


def test_a_missing_page_shows_the_404_page(preview: PreviewServer, page: Page) -> None:
    response = page.goto(preview.url + "tidak-ada/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    page.locator(f'a[href="{preview.preview.base_path}en/"]').first.click()
    expect(page).to_have_url(preview.url + "en/")
