"""A third language by settings alone, and documents missing a translation.

tests/sites/trilingual is Indonesian (default), English and Arabic (right to
left); one note and the about page have no Arabic version. Its only code-free
extras are the Arabic words in site.yaml, slogan.yaml and key-messages.yaml,
and an Arabic catalog in templates/locale/ar.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from g20site.build.pipeline import Options, build
from g20site.cli import main

from .conftest import copy_site

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
FULL_NOTE = {"id": "catatan-rapat/rapat-contoh/", "en": "en/meeting-notes/sample-meeting/",
             "ar": "ar/al-mahadir/ijtima-tajribi/"}
NO_ARABIC = {"id": "catatan-rapat/tanpa-arab/", "en": "en/meeting-notes/no-arabic/"}
ABOUT = {"id": "tentang/", "en": "en/about/"}


class Tags(HTMLParser):
    """Start tags with their attributes, and the text inside each element with a ``lang``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(html: str, name: str, **match: str) -> list[dict[str, str]]:
    parser = Tags()
    parser.feed(html)
    return [a for tag, a in parser.tags if tag == name and all(a.get(k) == v for k, v in match.items())]


@pytest.fixture
def trilingual(make_site: Callable[[str], Path]) -> Path:
    return make_site("trilingual")


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trilingual fixture built once, for the module's tests that only read it."""
    trilingual = copy_site("trilingual", tmp_path_factory.mktemp("trilingual"))
    build(trilingual, trilingual / "public", Options(jobs=1))
    return trilingual / "public"


def page(public: Path, path: str) -> str:
    return (public / path / "index.html").read_text("utf-8")


def test_every_language_has_its_pages_at_its_own_addresses(public: Path) -> None:
    for path in ["", "en/", "ar/", "pesan-kunci/pesan-pertama/", "en/key-messages/first-message/",
                 "ar/al-rasail/al-risala-al-ula/", "ar/al-rasail/", "ar/al-mahadir/",
                 *FULL_NOTE.values(), *NO_ARABIC.values(), *ABOUT.values()]:
        assert (public / path / "index.html").is_file(), path
    for path in ("feed.xml", "en/feed.xml", "ar/feed.xml"):
        assert (public / path).is_file()
    assert not (public / "ar/al-mahadir/tanpa-arab").exists() and not (public / "ar/tentang").exists()


def test_each_page_says_its_language_and_direction(public: Path) -> None:
    assert '<html lang="ar" dir="rtl">' in page(public, FULL_NOTE["ar"])
    assert '<html lang="ar" dir="rtl">' in page(public, "ar/")
    assert '<html lang="en" dir="ltr">' in page(public, FULL_NOTE["en"])
    assert '<html lang="id" dir="ltr">' in page(public, FULL_NOTE["id"])


def test_the_switcher_lists_every_language_named_in_itself(public: Path) -> None:
    html = page(public, FULL_NOTE["en"])
    switcher = html[html.index('<nav class="langs"'):]
    switcher = switcher[: switcher.index("</nav>")]
    assert re.findall(r'lang="(\w+)" dir="(\w+)"[^>]*>([^<]+)<', switcher) == [
        ("id", "ltr", "Indonesia"), ("en", "ltr", "English"), ("ar", "rtl", "العربية"),
    ]
    assert '<span class="lang-current" lang="en"' in switcher
    links = {a["hreflang"]: a["href"] for a in tags(switcher, "a")}
    assert links == {"id": "/" + FULL_NOTE["id"], "ar": "/" + FULL_NOTE["ar"]}


def test_a_missing_translation_leads_to_that_languages_section_or_home(public: Path) -> None:
    note = page(public, NO_ARABIC["id"])
    links = {a["hreflang"]: a for a in tags(note, "a") if a.get("hreflang")}
    assert links["ar"]["href"] == "/ar/al-mahadir/"  # the Arabic list of notes
    assert "rel" not in links["ar"] and links["en"]["rel"] == "alternate"
    about = page(public, ABOUT["en"])
    assert {a["hreflang"]: a["href"] for a in tags(about, "a") if a.get("hreflang")}["ar"] == "/ar/"
    alternates = {a["hreflang"]: a["href"] for a in tags(note, "link", rel="alternate") if a.get("hreflang")}
    assert alternates == {"id": "https://example.org/" + NO_ARABIC["id"],
                          "en": "https://example.org/" + NO_ARABIC["en"],
                          "x-default": "https://example.org/" + NO_ARABIC["id"]}


def test_hreflang_on_the_page_and_in_the_sitemap_agree_and_exist(public: Path) -> None:
    root = ET.fromstring((public / "sitemap.xml").read_text("utf-8"))
    entries = {u.findtext(f"{SM}loc") or "": u for u in root.iter(f"{SM}url")}
    assert len(entries) == 19  # 7 Indonesian, 7 English, 5 Arabic pages
    for loc, entry in entries.items():
        in_sitemap = {a.get("hreflang"): a.get("href") for a in entry.iter(f"{XHTML}link")}
        html = page(public, urlsplit(loc).path.lstrip("/"))
        on_page = {a["hreflang"]: a["href"] for a in tags(html, "link", rel="alternate") if a.get("hreflang")}
        assert in_sitemap == on_page, loc
        for href in in_sitemap.values():
            assert (public / urlsplit(href or "").path.lstrip("/") / "index.html").is_file(), href
    full = {a.get("hreflang") for a in entries["https://example.org/" + FULL_NOTE["ar"]].iter(f"{XHTML}link")}
    assert full == {"id", "en", "ar", "x-default"}


def test_each_language_has_its_feed_of_its_own_notes(public: Path) -> None:
    for path, lang, titles in [
        ("feed.xml", "id", ["Rapat Tanpa Terjemahan Arab", "Rapat Contoh"]),
        ("en/feed.xml", "en", ["Meeting Without an Arabic Translation", "Sample Meeting"]),
        ("ar/feed.xml", "ar", ["اجتماع تجريبي"]),
    ]:
        feed = ET.fromstring((public / path).read_text("utf-8"))
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == titles
    arabic = page(public, "ar/")
    feeds = tags(arabic, "link", rel="alternate", type="application/atom+xml")
    assert [(f["title"], f["href"]) for f in feeds] == [("موقع تجريبي بثلاث لغات", "/ar/feed.xml")]


def test_dates_strings_and_open_graph_follow_the_language(public: Path) -> None:
    html = page(public, FULL_NOTE["ar"])
    assert '<time datetime="2022-02-01">الثلاثاء، 1 فبراير 2022</time>' in html
    assert '<a class="skip" href="#main">انتقل إلى المحتوى الرئيسي</a>' in html  # the Arabic catalog
    assert '<meta property="og:locale" content="ar_EG">' in html
    assert re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', html) == ["id_ID", "en_US"]
    no_arabic = page(public, NO_ARABIC["en"])
    assert re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', no_arabic) == ["id_ID"]


def test_the_root_offers_each_other_language_in_that_language(public: Path) -> None:
    root = page(public, "")
    hints = tags(root, "p", **{"class": "lang-hint wrap"})
    assert [(h["lang"], h["dir"], "hidden" in h) for h in hints] == [("en", "ltr", True), ("ar", "rtl", True)]
    assert '<a href="/en/">This site is also available in English.</a>' in root
    assert '<a href="/ar/">هذا الموقع متاح أيضًا باللغة العربية.</a>' in root
    assert '<button type="button" class="lang-hint-close">إغلاق</button>' in root
    assert tags(root, "div", **{"class": "lang-hints", "hidden": ""})  # shown by the script only
    for other in ("en/", "ar/", FULL_NOTE["id"]):
        assert "lang-hint" not in page(public, other)


def test_a_string_the_catalog_lacks_falls_back_to_the_default_language(trilingual: Path) -> None:
    po = trilingual / "templates/locale/ar/LC_MESSAGES/messages.po"
    text = po.read_text("utf-8")
    text = text.replace('msgstr "القائمة الرئيسية"', 'msgstr ""')
    text = text.replace('msgid "Language"', '#, fuzzy\nmsgid "Language"')
    po.write_text(text, "utf-8")
    build(trilingual, trilingual / "public", Options(jobs=1))
    html = page(trilingual / "public", "ar/")
    assert '<nav aria-label="Menu utama">' in html  # Indonesian, not English, never empty
    assert '<nav class="langs" aria-label="Bahasa">' in html  # a fuzzy translation is not used
    result = CliRunner().invoke(main, ["translations", "--source", str(trilingual)])
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if x.startswith("  ar  ") and " strings" in x)
    assert line.startswith("  ar  1 untranslated and 1 fuzzy of ")
    assert line.endswith(" strings, shown in Indonesian until translated (templates/locale/ar/LC_MESSAGES/messages.po)")


def test_missing_translations_are_warnings_and_errors_when_strict(trilingual: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--source", str(trilingual)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "content/meetings/2022-03-05-tanpa-arab.id.md: warning: has no Arabic translation "
        "(content/meetings/2022-03-05-tanpa-arab.ar.md)",
        "content/pages/about.id.md: warning: has no Arabic translation (content/pages/about.ar.md)",
        "No errors (2 warnings).",
    ]
    result = CliRunner().invoke(main, ["build", "--source", str(trilingual), "--strict"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith(": 2 errors.")
    assert not (trilingual / "public").exists()


def test_the_trilingual_fixture_starts_with_every_translation_up_to_date(trilingual: Path) -> None:
    result = CliRunner().invoke(main, ["translations", "--source", str(trilingual)])
    assert result.exit_code == 0
    assert "4 documents; translations: 2 missing, 0 out of date, 0 not marked;" in result.output
