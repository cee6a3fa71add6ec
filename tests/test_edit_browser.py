"""The editor in a real browser (Playwright driving Debian's Chromium), in Indonesian: a meeting note
made through the form, with a validation message on the way, saved, found in the preview and on disk
as `g20site new meeting` plus the same hand edits gives; then translated, and marked as translated.
axe-core finds nothing on any editor page, and the form works from the keyboard.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from playwright.sync_api import Browser, Page, Route, expect

from g20site.build.pipeline import Options
from g20site.cli import main
from g20site.edit.editor import Editor
from g20site.load.front_matter import split_front_matter
from g20site.load.translation_status import text_hash
from g20site.serve_http import PreviewServer

from .a11y import axe_violations
from .conftest import copy_site, replace_in, watched_preview
from .test_quality import _keyboard_problems

pytestmark = pytest.mark.slow

NAME = "content/meetings/2022-11-10-rapat-uji-peramban"
REBUILT = 30_000  # ms a save may take to show in the preview on a loaded machine (how fast: benchmarks/)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site("basic", tmp_path_factory.mktemp("edit-browser"))


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[PreviewServer]:
    with watched_preview(site, Options(drafts=True)) as running:
        running.editor = Editor(site, running.server_address[1], "id")
        yield running


@pytest.fixture(scope="module")
def page(browser: Browser, server: PreviewServer) -> Iterator[Page]:
    context = browser.new_context(bypass_csp=True)  # axe is added to the page as a script of its own
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    opened.goto(server.editor.address(server.preview.base_path))  # type: ignore[union-attr]
    yield opened
    context.close()


def no_violations(page: Page) -> None:
    found = axe_violations(page)
    assert found == [], "\n".join(str(v) for v in found)


def test_the_home_lists_the_documents(page: Page) -> None:
    expect(page.locator("h1")).to_have_text("Dokumen")
    expect(page.get_by_role("link", name="Catatan rapat baru")).to_be_visible()
    no_violations(page)


def test_a_meeting_note_made_in_the_form(page: Page, site: Path, server: PreviewServer, tmp_path: Path) -> None:
    page.get_by_role("link", name="Catatan rapat baru").click()
    expect(page.locator("h1")).to_have_text("Catatan rapat baru")
    no_violations(page)
    page.locator("#f-title").fill("Rapat Uji Peramban")
    page.get_by_label("Tanggal").fill("2022-11-10")
    page.get_by_label("Peserta").fill("Kominfo\nKSP")
    page.get_by_label("Draf").uncheck()  # to publish: the summary is now required
    summary = page.locator("#f-summary-problems")
    expect(summary).to_contain_text("summary:")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".notice")).to_contain_text("Tidak disimpan")
    assert not (site / f"{NAME}.id.md").exists()
    page.locator("#f-summary").fill("Kementerian sepakat.")
    expect(summary).to_be_empty()
    pane = page.frame_locator("iframe[name=preview-pane]")  # the page before it is ever saved
    expect(pane.locator("h1")).to_have_text("Rapat Uji Peramban", timeout=REBUILT)
    assert not (site / f"{NAME}.id.md").exists()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".notice")).to_have_text("Tersimpan.")
    no_violations(page)

    other = copy_site("basic", tmp_path)
    made = CliRunner().invoke(main, ["new", "meeting", "Rapat Uji Peramban", "--date", "2022-11-10",
                                     "--source", str(other)])
    assert made.exit_code == 0, made.output
    replace_in(other, f"{NAME}.id.md", "\nsummary:\n", '\nsummary: "Kementerian sepakat."\n')
    replace_in(other, f"{NAME}.id.md", "\nparticipants:\n", "\nparticipants:\n  - Kominfo\n  - KSP\n")
    replace_in(other, f"{NAME}.id.md", "\ndraft: true\n", "\n")
    for lang in ("id", "en"):
        assert (site / f"{NAME}.{lang}.md").read_text("utf-8") == (other / f"{NAME}.{lang}.md").read_text("utf-8")

    preview = page.context.new_page()
    address = f"{server.url}catatan-rapat/rapat-uji-peramban/"
    deadline = time.monotonic() + REBUILT / 1000
    while preview.goto(address).status != 200 and time.monotonic() < deadline:  # type: ignore[union-attr]
        time.sleep(0.3)
    expect(preview.locator("h1")).to_have_text("Rapat Uji Peramban")
    preview.close()


def test_what_is_typed_before_the_script_runs_is_checked_when_it_does(page: Page) -> None:
    other = page.context.new_page()
    other.goto(page.url.split("/_edit/")[0] + "/_edit/")
    held: list[Route] = []
    other.route("**/editor.js", lambda route: held.append(route))  # the script arrives late, as on a slow connection
    other.get_by_role("link", name="Catatan rapat baru").click()
    other.locator("#f-title").fill("Rapat Lambat")
    other.get_by_label("Draf").uncheck()  # no listener yet: nothing is checked
    deadline = time.monotonic() + 20
    while not held and time.monotonic() < deadline:
        other.wait_for_timeout(50)
    summary = other.locator("#f-summary-problems")
    expect(summary).to_be_empty()
    held[0].continue_()
    expect(summary).to_contain_text("summary:")  # checked as soon as the script runs
    other.close()


def test_the_preview_pane_shows_unsaved_words(page: Page) -> None:
    page.locator("#f-body").fill("## Hasil\n\nKata **belum disimpan**.")
    pane = page.frame_locator("iframe[name=preview-pane]")
    expect(pane.locator("strong")).to_have_text("belum disimpan")
    expect(pane.locator("h1")).to_have_text("Rapat Uji Peramban")


def test_the_toolbar_and_the_form_work_from_the_keyboard(page: Page) -> None:
    page.locator("#f-body").focus()
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('data-insert')")
    assert focused == "image"  # the toolbar's last button comes right before the text
    page.keyboard.press("Enter")
    assert page.locator("#f-body").input_value().endswith("![](/images/)")
    page.keyboard.press("Tab")  # from the text (where the button put the focus back) to the Save button
    assert page.evaluate("() => document.activeElement.textContent") == "Simpan"


def test_translate_it(page: Page, site: Path) -> None:
    page.reload()
    page.get_by_role("link", name="Terjemahkan (EN)").click()
    expect(page.get_by_role("heading", name="Naskah asli: content/meetings/2022-11-10-rapat-uji-peramban.id.md"))\
        .to_be_visible()
    no_violations(page)
    page.locator("#f-title").fill("Browser Test Meeting")
    page.get_by_label("Alamat halaman").fill("browser-test-meeting")
    page.locator("#f-summary").fill("Ministries agreed.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".notice")).to_have_text("Tersimpan.")
    page.get_by_role("link", name="Terjemahkan (ID)").wait_for()
    page.goto(page.url.replace("/edit?", "/translate?"))
    page.get_by_role("button", name="Tandai sudah diterjemahkan").click()
    expect(page.locator(".notice")).to_contain_text("Ditandai sudah diterjemahkan")
    source, _ = split_front_matter((site / f"{NAME}.id.md").read_text("utf-8"), "")
    assert source is not None
    english = (site / f"{NAME}.en.md").read_text("utf-8")
    assert f'translated_from: "{text_hash(source.front.value, source.body)}"' in english
    assert 'title: "Browser Test Meeting"\n' in english and "slug: browser-test-meeting\n" in english


def test_a_photo_uploaded_loses_its_gps_position(page: Page, site: Path, server: PreviewServer) -> None:
    photo = Image.new("RGB", (64, 48), (20, 90, 160))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (8.0, 47.0, 58.0), 3: "E", 4: (115.0, 14.0, 2.0)}  # GPSInfo: Nusa Dua
    data = io.BytesIO()
    photo.save(data, "JPEG", exif=exif.tobytes())
    page.goto(f"{server.url}_edit/edit?path={NAME}.id.md")
    page.get_by_role("link", name="Unggah foto untuk dokumen ini").click()
    no_violations(page)
    page.get_by_label("Foto (JPEG, PNG, atau WebP)").set_input_files(
        files=[{"name": "Rapat di Bali.jpg", "mimeType": "image/jpeg", "buffer": data.getvalue()}])
    page.locator("#alt-id").fill("Peserta rapat")
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator(".problems")).to_contain_text("bahasa Inggris")
    page.get_by_label("Foto (JPEG, PNG, atau WebP)").set_input_files(
        files=[{"name": "Rapat di Bali.jpg", "mimeType": "image/jpeg", "buffer": data.getvalue()}])
    page.locator("#alt-en").fill("Meeting participants")
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator(".notice")).to_have_text("Tersimpan.")
    expect(page.locator("#f-image")).to_have_value("/images/rapat-di-bali.jpg")
    with Image.open(site / "static/images/rapat-di-bali.jpg") as stored:
        assert stored.size == (64, 48) and not stored.getexif() and "exif" not in stored.info


def test_a_conflicting_edit_on_disk_is_not_lost(page: Page, site: Path, server: PreviewServer) -> None:
    about = "content/pages/about.id.md"
    page.goto(f"{server.url}_edit/edit?path={about}")
    on_disk = replace_in(site, about, "title:", "title: Diubah di disk #")
    page.locator("#f-summary").fill("Diubah di formulir.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("h1")).to_have_text("Berkas berubah di disk")
    expect(page.locator("#text-theirs")).to_contain_text("title: Diubah di disk #")
    expect(page.locator("#text-mine")).to_contain_text('summary: "Diubah di formulir."')
    no_violations(page)
    assert (site / about).read_text("utf-8") == on_disk
    page.get_by_role("button", name="Simpan versi saya").click()
    expect(page.locator(".notice")).to_have_text("Tersimpan.")
    assert 'summary: "Diubah di formulir."' in (site / about).read_text("utf-8")
    page.get_by_role("link", name="Versi sebelumnya").click()
    page.locator("main ul a").first.click()
    expect(page.locator("main pre")).to_contain_text("title: Diubah di disk #")
    no_violations(page)
    page.get_by_role("button", name="Pulihkan versi ini").click()
    expect(page.locator(".notice")).to_have_text("Tersimpan.")
    assert (site / about).read_text("utf-8") == on_disk


@pytest.mark.parametrize("route", ["", "new?kind=event", f"edit?path={NAME}.id.md", f"translate?path={NAME}.en.md",
                                   f"history?path={NAME}.id.md", "upload"])
def test_keyboard_alone_reaches_everything_with_visible_focus(page: Page, server: PreviewServer, route: str) -> None:
    problems = _keyboard_problems(page, f"{server.url}_edit/{route}", set())
    assert problems == [], "\n".join(problems)


def test_the_pages_in_english_have_no_violations(page: Page, server: PreviewServer) -> None:
    page.goto(f"{server.url}_edit/translate?path={NAME}.en.md")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the same page, in English
    expect(page.get_by_role("button", name="Mark as translated")).to_be_visible()
    no_violations(page)
    page.get_by_role("link", name="g20site editor").click()
    expect(page.locator("h1")).to_have_text("Documents")
    no_violations(page)
    page.get_by_role("link", name="Upload a photo").first.click()
    no_violations(page)
