"""The built fixture site and the bundled site: structure and key strings."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

from g20site.build.pipeline import Options, build
from g20site.load.publisher import MISSING

from .conftest import read

REPO = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_both_languages_have_every_page(public: Path) -> None:
    for path in [
        "index.html", "en/index.html",
        "pesan-kunci/index.html", "pesan-kunci/pesan-alfa/index.html", "pesan-kunci/beta/index.html",
        "en/key-messages/index.html", "en/key-messages/alpha-message/index.html",
        "catatan-rapat/index.html", "catatan-rapat/rapat-contoh/index.html",
        "catatan-rapat/hanya-indonesia/index.html",
        "en/meeting-notes/index.html", "en/meeting-notes/sample-meeting/index.html",
        "tentang/index.html", "en/about/index.html",
        "404.html", "sitemap.xml", "robots.txt", "feed.xml", "en/feed.xml",
        "images/foto.png",
    ]:
        assert (public / path).is_file(), path
    assert len(list((public / "css").glob("site.*.css"))) == 1  # named by its content
    assert not (public / "catatan-rapat/draf").exists()
    assert not (public / "en/meeting-notes/hanya-indonesia").exists()


def test_page_language_dates_and_links_under_the_sub_path(public: Path) -> None:
    page = read(public, "catatan-rapat/rapat-contoh/index.html")
    assert '<html lang="id"' in page
    assert "Selasa, 1 Februari 2022" in page  # Indonesian style: CLDR's full pattern would write "01"
    assert 'href="/g20/tentang/"' in page  # the Markdown link to pages/about.id.md
    assert re.search(r'<img src="/g20/photos/\w+-4\.jpg"', page)  # the photo, in its sizes
    assert '<link rel="canonical" href="https://example.go.id/g20/catatan-rapat/rapat-contoh/">' in page
    english = read(public, "en/meeting-notes/sample-meeting/index.html")
    assert '<html lang="en"' in english and "Tuesday, February 1, 2022" in english
    assert 'href="/g20/en/about/"' in english
    for href in re.findall(r'(?:href|src)="(/[^"]*)"', page + english):
        assert href.startswith("/g20/"), href


def test_hreflang_alternates_and_x_default(public: Path) -> None:
    page = read(public, "en/meeting-notes/sample-meeting/index.html")
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    assert links == {
        "id": "https://example.go.id/g20/catatan-rapat/rapat-contoh/",
        "en": "https://example.go.id/g20/en/meeting-notes/sample-meeting/",
        "x-default": "https://example.go.id/g20/catatan-rapat/rapat-contoh/",
    }


def test_switcher_links_to_the_translation_or_that_languages_section(public: Path) -> None:
    page = read(public, "catatan-rapat/rapat-contoh/index.html")
    assert 'href="/g20/en/meeting-notes/sample-meeting/" hreflang="en"' in page
    lonely = read(public, "catatan-rapat/hanya-indonesia/index.html")
    assert 'href="/g20/en/meeting-notes/" hreflang="en"' in lonely  # the English list of notes
    assert 'hreflang="en" href=' not in lonely  # no alternate for a translation that does not exist


def test_open_graph_and_twitter(public: Path) -> None:
    page = read(public, "catatan-rapat/rapat-contoh/index.html")
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:locale" content="id_ID">' in page
    assert '<meta property="og:locale:alternate" content="en_US">' in page
    image = re.search(r'<meta property="og:image" content="https://example.go.id/g20/(share/\w+\.png)">', page)
    assert image is not None
    with Image.open(public / image.group(1)) as picture:
        assert (picture.format, picture.size) == ("PNG", (1200, 630))
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:alt" content="Rapat Contoh">' in page
    assert '<meta property="article:published_time" content="2022-02-01">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_home_has_slogan_key_messages_and_latest_notes(public: Path) -> None:
    home = read(public, "index.html")
    assert "Slogan Uji" in home
    assert home.index("Pesan Alfa") < home.index("Pesan Beta")
    assert home.index("Hanya Bahasa Indonesia") < home.index("Rapat Contoh")  # newest first
    english = read(public, "en/index.html")
    assert 'lang="id"' in english and "First rendering" in english


def test_sitemap_lists_pages_with_alternates(public: Path) -> None:
    root = ET.fromstring(read(public, "sitemap.xml"))
    entries = {u.findtext(f"{SM}loc"): u for u in root.iter(f"{SM}url")}
    note = entries["https://example.go.id/g20/en/meeting-notes/sample-meeting/"]
    assert note.findtext(f"{SM}lastmod") == "2022-02-01"
    alternates = {a.get("hreflang"): a.get("href") for a in note.iter(f"{XHTML}link")}
    assert alternates["id"] == "https://example.go.id/g20/catatan-rapat/rapat-contoh/"
    assert alternates["x-default"] == alternates["id"]
    assert "https://example.go.id/g20/404.html" not in entries
    assert len(entries) == 29


def test_atom_feed_per_language(public: Path) -> None:
    feed = ET.fromstring(read(public, "feed.xml"))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["Hanya Bahasa Indonesia", "Rapat Contoh"]
    assert feed.findtext(f"{ATOM}updated") == "2022-03-05T00:00:00+07:00"
    english = ET.fromstring(read(public, "en/feed.xml"))
    assert [e.findtext(f"{ATOM}id") for e in english.iter(f"{ATOM}entry")] == [
        "https://example.go.id/g20/en/meeting-notes/sample-meeting/"
    ]


def test_robots_and_404(public: Path) -> None:
    assert read(public, "robots.txt") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.go.id/g20/sitemap.xml\n"
    )
    page = read(public, "404.html")
    assert '<html lang="id"' in page
    assert 'href="/g20/en/"' in page and 'href="/g20/"' in page


def test_base_url_option_overrides_settings(site: Path) -> None:
    build(site, site / "out", Options(base_url="https://www.example.org/"))
    page = (site / "out" / "en/index.html").read_text("utf-8")
    assert 'href="/en/meeting-notes/"' in page
    assert "https://www.example.org/en/" in page


def test_the_bundled_site_builds_in_both_languages(tmp_path: Path) -> None:
    result = build(REPO, tmp_path / "public", Options(use_cache=False))
    public = tmp_path / "public"
    assert [str(w) for w in result.warnings] == [  # the sample does not say who publishes it
        f"content/site.yaml: warning: {MISSING.text('en')}",
    ]
    note = (public / "catatan-rapat/rapat-koordinasi-humas-g20-meta/index.html").read_text("utf-8")
    assert "Selasa, 18 Januari 2022" in note
    for name in ("Kemensetneg", "KSP", "Setkab", "BPIP", "Meta Indonesia"):
        assert name in note
    english = (public / "en/meeting-notes/g20-public-relations-coordination-meeting-with-meta/index.html")
    assert "Tuesday, 18 January 2022" in english.read_text("utf-8")
    home = (public / "index.html").read_text("utf-8")
    assert "Recover Together, Recover Stronger" in home
    assert len(re.findall(r'class="[^"]*key-message', home)) >= 3 or home.count("/pesan-kunci/") >= 3
