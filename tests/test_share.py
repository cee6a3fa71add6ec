"""Made to be shared: share images, Open Graph, JSON-LD, share links, print, cacheable assets."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser

from g20site.build.pipeline import Options, build
from g20site.pages.views import ShareCard
from g20site.render import share_images
from g20site.render.share_images import render_png

from .conftest import build_public, read, static_server

NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"


class Scripts(HTMLParser):
    """The JSON-LD blocks of a page, as a browser would cut them out."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def json_ld(page: str) -> list[dict[str, object]]:
    parser = Scripts()
    parser.feed(page)
    return [json.loads(block) for block in parser.blocks]


def share_image(public: Path, page: str) -> Path:
    match = re.search(r'<meta property="og:image" content="https://example\.go\.id/g20/([^"]+)">', page)
    assert match is not None
    return public / match.group(1)


def test_every_page_has_a_1200_by_630_share_image(public: Path) -> None:
    pages = [p for p in public.rglob("index.html")]
    names = set()
    for file in pages:
        image = share_image(public, file.read_text("utf-8"))
        with Image.open(image) as picture:
            assert (picture.format, picture.size) == ("PNG", (1200, 630))
        names.add(image.name)
    assert len(names) >= len(pages) - 2  # one each, but for pages that say the same (none here)


def test_share_images_are_remade_only_when_their_text_changes(site: Path) -> None:
    public = build_public(site)
    page = "catatan-rapat/rapat-contoh/index.html"
    before = share_image(public, read(public, page))
    stamp = before.stat().st_mtime_ns
    note = site / NOTE
    note.write_text(note.read_text("utf-8") + "\nKalimat baru.\n", "utf-8")
    build(site, site / "public")
    assert share_image(public, read(public, page)) == before and before.stat().st_mtime_ns == stamp
    note.write_text(note.read_text("utf-8").replace("title: Rapat Contoh", "title: Rapat Contoh Kedua"), "utf-8")
    build(site, site / "public")
    after = share_image(public, read(public, page))
    assert after != before and after.is_file() and not before.exists()


def test_share_images_say_the_title_and_the_slogan_in_the_pages_language() -> None:
    card = ShareCard("Rapat Contoh", "Situs Uji", "Slogan Uji", "id", "ltr")
    other = ShareCard("Rapat Contoh", "Test Site", "Test Slogan", "en", "ltr")
    assert card.name != other.name and card.name.startswith("share/")
    assert render_png(card) == render_png(card)  # same text, same bytes
    rtl = render_png(ShareCard("اجتماع", "موقع", "شعار", "ar", "rtl"))
    assert rtl.startswith(b"\x89PNG")


@pytest.mark.parametrize("card", [
    ShareCard("Rapat Koordinasi Kehumasan Pemerintah", "Situs Uji", "Slogan Uji", "id", "ltr"),
    ShareCard("Vaksin mengandung cip", "Situs Uji", "Slogan Uji", "id", "ltr", stamp="\u2715 Hoaks",
              stamp_style="wrong"),
    ShareCard("اجتماع تنسيقي", "موقع", "شعار", "ar", "rtl"),
], ids=["plain", "stamped", "rtl"])
def test_a_share_image_is_a_png_of_its_bands_as_drawn(card: ShareCard) -> None:
    data = render_png(card)
    Image.open(io.BytesIO(data)).verify()  # every chunk's checksum
    image = Image.open(io.BytesIO(data))
    image.load()  # the compressed stream, its checksum included
    assert (image.format, image.mode, image.size) == ("PNG", "P", (1200, 630))
    palette = share_images._palette(card.stamp_style)
    assert image.getpalette()[:len(palette)] == palette
    pixels, width = image.tobytes(), 1200
    rtl, shaping = card.direction == "rtl", share_images._shaping(card.direction, card.lang)
    kicker = share_images._coloured(card.kicker, 96, share_images.BANDS[0], rtl, shaping).tobytes()
    slogan = share_images._coloured(card.slogan, 630 - 66, share_images.BANDS[2], rtl, shaping).tobytes()
    assert pixels[:130 * width] == kicker
    assert pixels[520 * width:612 * width] == slogan[:92 * width]
    stripes = share_images.STRIPE_INDEX
    assert [pixels[row * width + x] for row in (612, 629) for x in (0, 600, 1199)] == [
        stripes, stripes + 1, stripes + 2] * 2
    title = pixels[130 * width:520 * width]
    assert sum(value != 0 for value in title) > 2000  # the title's letters
    assert title == _title_drawn_plainly(card)  # only the rows with letters compressed, the others as they were
    if card.stamp:
        assert max(title) >= share_images.STAMP_INDEX
    other = render_png(dataclasses.replace(card, title=card.title + " lagi"))
    again = Image.open(io.BytesIO(other)).tobytes()
    assert again[:130 * width] == pixels[:130 * width] and again[520 * width:] == pixels[520 * width:]
    assert again[130 * width:520 * width] != title


def _title_drawn_plainly(card: ShareCard) -> bytes:
    """The title's band as palette indices, drawn the straightforward way: the whole band, image-wide."""
    from PIL import ImageDraw

    rtl, shaping = card.direction == "rtl", share_images._shaping(card.direction, card.lang)
    x = 1200 - share_images.MARGIN if rtl else share_images.MARGIN
    font, lines = share_images._fit(card.title, 1200 - 2 * share_images.MARGIN, 3 if card.stamp else 4)
    step = int(font.size * 1.22)
    top = share_images.STAMP_TOP + share_images.STAMP_HEIGHT + 30 if card.stamp else 150 + (4 - len(lines)) * step // 2
    mask = Image.new("L", (1200, 390), 0)
    for number, line in enumerate(lines):
        ImageDraw.Draw(mask).text((x, top + number * step - 130), line, font=font, fill=255,
                                  anchor=("r" if rtl else "l") + "a", direction=shaping[0], language=shaping[1])
    band = mask.point(share_images._levels(0))
    if card.stamp:
        share_images._stamp(band, card.stamp, x, rtl, shaping)
    return band.tobytes()


@pytest.mark.parametrize(("title", "direction"), [
    ("", "ltr"), ("Rapat", "ltr"), ("Rapat Koordinasi " * 30, "ltr"), ("Rapat" * 40, "ltr"),
    ("#VaksinMengandungMicrochip شائعة", "rtl"), ("اجتماع" * 30, "rtl")])  # a word wider than a line: off the edge
def test_a_title_band_with_blank_rows_or_none_is_the_band_as_drawn(title: str, direction: str) -> None:
    card = ShareCard(title, "Situs Uji", "Slogan Uji", "id" if direction == "ltr" else "ar", direction)
    image = Image.open(io.BytesIO(render_png(card)))
    image.load()
    assert image.tobytes()[130 * 1200:520 * 1200] == _title_drawn_plainly(card)


def test_the_checksum_of_bands_is_that_of_their_rows_joined() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from g20site.render import png_bands

    @given(st.binary(max_size=3000), st.binary(max_size=3000))
    def joined(first: bytes, second: bytes) -> None:
        assert png_bands._combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(
            first + second)

    joined()
    rows = bytes(1201) * 3 + bytes([0] + [7] * 1200) * 2 + bytes(1201) * 4
    parts = png_bands.cut(rows, 1201, (3, 5))
    assert len(parts) == 3 and parts[0] == png_bands.blank(3 * 1201) and parts[2] == png_bands.blank(4 * 1201)
    stream = zlib.decompressobj(-15).decompress(b"".join(packed for _, _, packed in parts))
    assert stream == rows
    assert png_bands.cut(bytes(1201 * 5), 1201, None) == [png_bands.blank(1201 * 5)]


def test_open_graph_for_a_meeting_note(public: Path) -> None:
    page = read(public, "en/meeting-notes/sample-meeting/index.html")
    meta = dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)">', page))
    assert meta["og:title"] == "Sample Meeting"
    assert meta["og:url"] == "https://example.go.id/g20/en/meeting-notes/sample-meeting/"
    assert meta["og:type"] == "article" and meta["article:published_time"] == "2022-02-01"
    assert (meta["og:locale"], meta["og:locale:alternate"]) == ("en_US", "id_ID")
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:alt"]) == ("1200", "630", "Sample Meeting")
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_json_ld_on_home_notes_and_inner_pages(public: Path) -> None:
    home = {item["@type"]: item for item in json_ld(read(public, "index.html"))}
    assert home["GovernmentOrganization"]["url"] == "https://www.example.go.id/"  # the publisher's own site
    assert home["WebSite"]["inLanguage"] == "id"
    note = {item["@type"]: item for item in json_ld(read(public, "catatan-rapat/rapat-contoh/index.html"))}
    article = note["NewsArticle"]
    assert article["headline"] == "Rapat Contoh" and article["datePublished"] == "2022-02-01"
    assert article["inLanguage"] == "id" and article["publisher"]["@type"] == "GovernmentOrganization"
    assert str(article["image"][0]).endswith(".png")
    assert article["workTranslation"] == [
        {"@id": "https://example.go.id/g20/en/meeting-notes/sample-meeting/", "inLanguage": "en"}
    ]
    english = {i["@type"]: i for i in json_ld(read(public, "en/meeting-notes/sample-meeting/index.html"))}
    assert english["NewsArticle"]["translationOfWork"]["@id"] == "https://example.go.id/g20/catatan-rapat/rapat-contoh/"
    crumbs = note["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Situs Uji", "Catatan Rapat", "Rapat Contoh"]
    assert crumbs[-1]["item"] == "https://example.go.id/g20/catatan-rapat/rapat-contoh/"
    about = {i["@type"] for i in json_ld(read(public, "tentang/index.html"))}
    assert about == {"BreadcrumbList"}


def test_json_ld_is_safe_against_closing_script_tags(site: Path) -> None:
    title = 'Rapat </script><script>alert(1)</script> & "kutip"'
    note = site / NOTE
    note.write_text(note.read_text("utf-8").replace("title: Rapat Contoh", f"title: '{title}'"), "utf-8")
    build(site, site / "public")
    page = (site / "public/catatan-rapat/rapat-contoh/index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page
    articles = [item for item in json_ld(page) if item["@type"] == "NewsArticle"]
    assert articles[0]["headline"] == title


def test_share_links_are_plain_links_and_copy_link_needs_javascript(public: Path) -> None:
    page = read(public, "en/meeting-notes/sample-meeting/index.html")
    links = dict(re.findall(r'<li><a href="([^"]+)" rel="noopener" target="_blank">([^<]+)<', page))
    by_name = {name: href.replace("&amp;", "&") for href, name in links.items()}
    url = "https://example.go.id/g20/en/meeting-notes/sample-meeting/"
    assert parse_qs(urlsplit(by_name["WhatsApp"]).query)["text"] == [f"Sample Meeting {url}"]
    assert parse_qs(urlsplit(by_name["Facebook"]).query)["u"] == [url]
    assert parse_qs(urlsplit(by_name["X"]).query) == {"text": ["Sample Meeting"], "url": [url]}
    assert parse_qs(urlsplit(by_name["Telegram"]).query)["url"] == [url]
    assert parse_qs(urlsplit(by_name["LinkedIn"]).query)["url"] == [url]
    assert by_name["E-mail"].startswith("mailto:?subject=Sample%20Meeting&body=")
    assert re.search(r'<button type="button" class="copy-link" data-copy-link="[^"]+"[^>]* hidden>', page)
    script = re.search(r'<script src="/g20/(js/share\.\w+\.js)" defer></script>', page)
    assert script is not None and (public / script.group(1)).is_file()
    assert "Bagikan halaman ini ke:" in read(public, "catatan-rapat/rapat-contoh/index.html")


def test_stylesheets_and_scripts_are_named_by_their_content(site: Path) -> None:
    public = build_public(site)
    first = re.search(r'href="/g20/(css/site\.(\w+)\.css)"', read(public, "index.html"))
    assert first is not None and (public / first.group(1)).is_file()
    css = site / "static/css/site.css"
    css.write_text(css.read_text("utf-8") + "\n.x{color:red}\n", "utf-8")
    build(site, site / "public")
    second = re.search(r'href="/g20/(css/site\.(\w+)\.css)"', read(public, "en/about/index.html"))
    assert second is not None and second.group(2) != first.group(2)
    assert (public / second.group(1)).is_file() and not (public / first.group(1)).exists()


def test_images_in_notes_have_their_size(public: Path) -> None:
    page = read(public, "catatan-rapat/rapat-contoh/index.html")
    body_image = re.search(r'<img [^>]*alt="Gambar"[^>]*>', page)
    assert body_image is not None
    assert 'width="4" height="3"' in body_image.group(0) and 'loading="lazy"' in body_image.group(0)
    # the first photo of the page is loaded at once
    assert re.search(r'<img [^>]*width="4" height="3" alt="Foto uji" fetchpriority="high">', page)


def test_a_note_prints_without_navigation_and_with_its_links(site: Path, browser: Browser) -> None:
    build(site, site / "at-root", Options(base_url="https://example.go.id/"))  # served from the root here
    with static_server(site / "at-root") as base:
        page = browser.new_page()
        try:
            page.goto(base + "/catatan-rapat/rapat-contoh/")
            page.emulate_media(media="print")
            hidden = page.evaluate(
                """() => ['.site-header', '.site-footer', '.share', 'nav[aria-label]', '.skip']
                    .map(s => document.querySelector(s))
                    .filter(Boolean)
                    .map(e => getComputedStyle(e).display)"""
            )
            assert hidden and set(hidden) == {"none"}
            after = page.evaluate(
                """() => getComputedStyle(document.querySelector('.prose a[href^="http"]'), '::after').content"""
            )
            assert "https://example.org/" in after
            assert page.locator("h1").is_visible()
            assert page.pdf(format="A4")[:4] == b"%PDF"
        finally:
            page.close()


def test_share_images_can_be_turned_off(site: Path) -> None:
    settings = site / "content/site.yaml"
    settings.write_text(settings.read_text("utf-8") + "share_images: false\n", "utf-8")
    build(site, site / "public")
    page = (site / "public/catatan-rapat/rapat-contoh/index.html").read_text("utf-8")
    assert "og:image" not in page and '<meta name="twitter:card" content="summary">' in page
    assert not (site / "public/share").exists()
