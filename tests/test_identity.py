"""Who publishes the site (site.yaml's ``publisher:``) in the header, the footer, the About page
and JSON-LD; the 404 page in every language; dates in each language's locale and pattern; the
theme's own words; and attribute lists that Markdown leaves on the page as text."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from g20site.build.pipeline import build
from g20site.cli import main

from .conftest import json_ld, line_of, ok, read, replace_in, write

SETTINGS = "content/site.yaml"
ABOUT_ID = "content/pages/about.id.md"
PUBLISHER = """\
publisher:
  name:
    id: Biro Humas Kementerian Contoh
    en: Public Relations Bureau, Ministry of Example
  url: https://www.example.go.id/
  logo: images/logo-contoh.svg
  email: humas@example.go.id
  address: Jalan Contoh No. 1, Jakarta 10110
"""
ORGANIZATION = {
    "@id": "https://example.go.id/g20/#publisher", "@type": "GovernmentOrganization",
    "name": "Public Relations Bureau, Ministry of Example", "url": "https://www.example.go.id/",
    "logo": {"@type": "ImageObject", "url": "https://example.go.id/g20/images/logo-contoh.svg", "width": 80,
             "height": 80},
    "email": "humas@example.go.id", "address": "Jalan Contoh No. 1, Jakarta 10110",
    "sameAs": ["https://social.example/contoh"],
}
NO_PUBLISHER = {
    "en": "content/site.yaml: warning: publisher: is missing, so no page says who publishes this site; add the "
          "name of the organisation under publisher: (with its web address, logo, e-mail and postal address when "
          "it has them)",
    "id": "content/site.yaml: peringatan: publisher: belum diisi, sehingga tidak ada halaman yang menyebutkan "
          "siapa penerbit situs ini; tulis nama instansinya di bawah publisher: (beserta alamat web, logo, surel, "
          "dan alamat suratnya bila ada)",
}


def cli(site: Path, *args: str, lang: str = "en") -> Result:
    """``g20site --lang LANG ARGS --source SITE``, whatever the environment's language."""
    clean = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    return CliRunner().invoke(main, ["--lang", lang, *args, "--source", str(site)], env=clean)


def lines(result: Result) -> list[str]:
    return result.output.splitlines()


def block(html: str, start: str, end: str) -> list[str]:
    """The lines of ``html`` from the first that starts with ``start`` to the next that starts with ``end``."""
    found = html.split("\n")
    first = next(n for n, line in enumerate(found) if line.startswith(start))
    last = next(n for n, line in enumerate(found[first:], first) if line.startswith(end))
    return found[first : last + 1]


def all_json_ld(html: str) -> list[dict[str, Any]]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]


def without_publisher(site: Path) -> None:
    replace_in(site, SETTINGS, PUBLISHER, "")


# --- the publisher ---------------------------------------------------------------------------


def test_the_header_shows_the_publishers_logo_and_name_above_the_sites(public: Path) -> None:
    assert block(read(public, "en/index.html"), '<a class="brand"', "</a>") == [
        '<a class="brand" href="/g20/en/" aria-current="page">',
        '<img class="brand-logo" src="/g20/images/logo-contoh.svg" width="80" height="80" alt="" loading="lazy" '
        'decoding="async">',
        '<span class="brand-text"><span class="brand-by">Public Relations Bureau, Ministry of Example</span>'
        '<span class="brand-title">Test Site</span>',
        "</span>",
        "</a>",
    ]
    note = read(public, "catatan-rapat/rapat-contoh/index.html")
    assert '<span class="brand-by">Biro Humas Kementerian Contoh</span><span class="brand-title">Situs Uji' in note
    assert 'class="mark"' not in note  # the logo takes the place of the theme's mark


def test_the_footer_says_who_publishes_the_site_and_how_to_reach_them(public: Path) -> None:
    assert block(read(public, "index.html"), '<p class="footer-publisher">', "</address>") == [
        '<p class="footer-publisher">Diterbitkan oleh <a href="https://www.example.go.id/">Biro Humas Kementerian '
        "Contoh</a></p>",
        '<address class="contact">',
        '<span class="contact-email">Surel: <a href="mailto:humas@example.go.id">humas@example.go.id</a></span>',
        '<span class="contact-address">Jalan Contoh No. 1, Jakarta 10110</span>',
        "</address>",
    ]
    english = read(public, "en/meeting-notes/sample-meeting/index.html")
    assert ('<p class="footer-publisher">Published by <a href="https://www.example.go.id/">Public Relations Bureau, '
            "Ministry of Example</a></p>") in english
    assert '<span class="contact-email">E-mail: <a href="mailto:humas@example.go.id">' in english


def test_the_about_page_and_only_it_has_a_published_by_block(public: Path) -> None:
    assert block(read(public, "tentang/index.html"), '<section class="publisher-block"', "</section>") == [
        '<section class="publisher-block" aria-labelledby="publisher-title" data-pagefind-ignore>',
        '<h2 id="publisher-title">Diterbitkan oleh</h2>',
        '<p class="publisher-name"><img class="publisher-logo" src="/g20/images/logo-contoh.svg" width="80" '
        'height="80" alt="" loading="lazy" decoding="async"> <a href="https://www.example.go.id/">Biro Humas '
        "Kementerian Contoh</a></p>",
        '<address class="contact">',
        '<span class="contact-email">Surel: <a href="mailto:humas@example.go.id">humas@example.go.id</a></span>',
        '<span class="contact-address">Jalan Contoh No. 1, Jakarta 10110</span>',
        "</address>",
        "",
        '<h3 class="publisher-social-title">Akun resmi</h3>',
        '<ul class="publisher-social">',
        '<li><a href="https://social.example/contoh" rel="me">Contoh</a></li>',
        "</ul>",
        "</section>",
    ]
    assert '<h2 id="publisher-title">Published by</h2>' in read(public, "en/about/index.html")
    assert "publisher-block" not in read(public, "catatan-rapat/rapat-contoh/index.html")


def test_json_ld_names_the_publisher_as_site_yaml_gives_it(public: Path) -> None:
    home = read(public, "en/index.html")
    assert json_ld(home, "GovernmentOrganization") == {"@context": "https://schema.org", **ORGANIZATION}
    assert json_ld(home, "WebSite")["publisher"] == {"@id": "https://example.go.id/g20/#publisher"}
    note = json_ld(read(public, "catatan-rapat/rapat-contoh/index.html"), "NewsArticle")
    assert note["publisher"] == {**ORGANIZATION, "name": "Biro Humas Kementerian Contoh"}
    review = json_ld(read(public, "en/fact-check/sample-claim/index.html"), "ClaimReview")
    assert review["author"] == review["publisher"] == ORGANIZATION


def test_without_a_publisher_nothing_is_invented_and_check_says_so(site: Path) -> None:
    without_publisher(site)
    for lang in ("en", "id"):
        result = cli(site, "check", lang=lang)
        assert result.exit_code == 0, result.output
        assert NO_PUBLISHER[lang] in lines(result)
    assert cli(site, "check", "--strict").exit_code == 1
    build(site, site / "public")
    public = site / "public"
    home = read(public, "index.html")
    assert [item["@type"] for item in all_json_ld(home)] == ["WebSite"]
    assert "publisher" not in json_ld(home, "WebSite")
    assert "publisher" not in json_ld(read(public, "catatan-rapat/rapat-contoh/index.html"), "NewsArticle")
    review = json_ld(read(public, "cek-fakta/klaim-contoh/index.html"), "ClaimReview")
    assert "author" not in review and "publisher" not in review
    assert "GovernmentOrganization" not in home
    assert 'class="mark"' in home and "brand-by" not in home and "footer-publisher" not in home
    assert "publisher-block" not in read(public, "tentang/index.html")


def test_only_the_name_is_needed_and_one_name_serves_every_language(site: Path) -> None:
    replace_in(site, SETTINGS, PUBLISHER, "publisher:\n  name: Biro Humas\n")
    result = cli(site, "build")
    assert result.exit_code == 0 and "publisher" not in result.output
    public = site / "public"
    assert json_ld(read(public, "en/index.html"), "GovernmentOrganization") == {
        "@context": "https://schema.org", "@id": "https://example.go.id/g20/#publisher",
        "@type": "GovernmentOrganization", "name": "Biro Humas", "sameAs": ["https://social.example/contoh"]}
    home = read(public, "en/index.html")
    assert '<p class="footer-publisher">Published by Biro Humas</p>' in home
    assert 'class="mark"' in home and "contact" not in home


def test_publisher_mistakes_are_said_at_their_line(site: Path) -> None:
    replace_in(site, SETTINGS, "    en: Public Relations Bureau, Ministry of Example\n", "")
    replace_in(site, SETTINGS, "logo: images/logo-contoh.svg", "logo: images/logo-contoh.svgz")
    text = replace_in(site, SETTINGS, "  email: humas@example.go.id", "  email: humas at example.go.id")
    assert lines(cli(site, "check")) == [
        f"{SETTINGS}:{line_of(text, '  name:')}: publisher.name.en: is missing; add a line en: with its text",
        f'{SETTINGS}:{line_of(text, "logo:")}: publisher.logo: "images/logo-contoh.svgz" is not a picture '
        "(use an .svg, .png, .jpg or .webp file in static/)",
        f'{SETTINGS}:{line_of(text, "email:")}: publisher.email: "humas at example.go.id" is not an e-mail '
        "address (use e.g. humas@example.go.id)",
        "Check failed: 3 errors.",
    ]
    replace_in(site, SETTINGS, "    id: Biro Humas Kementerian Contoh\n", "")
    replace_in(site, SETTINGS, "  name:\n", "  name: Biro Humas\n")
    replace_in(site, SETTINGS, "  email: humas at example.go.id", "  email: humas@example.go.id")
    text = replace_in(site, SETTINGS, "logo: images/logo-contoh.svgz", "logo: /images/logo_contoh.svg")
    assert [line for line in lines(cli(site, "check", lang="id")) if "content/meetings/" not in line] == [
        f"{SETTINGS}:{line_of(text, 'logo:')}: publisher.logo: /images/logo_contoh.svg tidak ada di folder "
        "static/: letakkan berkasnya di static/images/logo_contoh.svg (maksud Anda /images/logo-contoh.svg?)",
        "Pemeriksaan gagal: 1 kesalahan.",
    ]


# --- the 404 page ------------------------------------------------------------------------------


def test_the_404_page_speaks_every_language_with_a_link_to_each_home(public: Path) -> None:
    page = read(public, "404.html")
    assert "<title>Halaman tidak ditemukan · Page not found | Situs Uji</title>" in page
    assert '<meta name="robots" content="noindex">' in page
    assert block(page, '<div class="wrap page not-found">', "</div>") == [
        '<div class="wrap page not-found">',
        '<section class="not-found-text" lang="id" dir="ltr" aria-labelledby="not-found-id">',
        '<h1 id="not-found-id">Halaman tidak ditemukan</h1>',
        '<p class="lead">Maaf, halaman ini tidak ada. Mungkin halamannya sudah dipindahkan, atau alamatnya salah '
        "ketik.</p>",
        '<ul class="not-found-links">',
        '<li><a href="/g20/" hreflang="id">Kembali ke beranda</a></li>',
        "</ul>",
        "</section>",
        "",
        '<section class="not-found-text" lang="en" dir="ltr" aria-labelledby="not-found-en">',
        '<h2 id="not-found-en">Page not found</h2>',
        '<p class="lead">Sorry, this page does not exist. It may have moved, or the address may have a typo.</p>',
        '<ul class="not-found-links">',
        '<li><a href="/g20/en/" hreflang="en">Go to the home page</a></li>',
        "</ul>",
        "</section>",
        "",
        "</div>",
    ]


def test_the_404_page_links_to_the_search_of_each_language(site: Path) -> None:
    replace_in(site, SETTINGS, "sections:\n", "sections:\n  search:\n    id: {name: Cari, slug: cari}\n"
               "    en: {name: Search, slug: search}\n")
    ok(site)
    texts = block(read(site / "public", "404.html"), '<div class="wrap page not-found">', "</div>")
    assert [line for line in texts if line.startswith("<li>")] == [
        '<li><a href="/g20/" hreflang="id">Kembali ke beranda</a></li>',
        '<li><a href="/g20/cari/" hreflang="id">Cari di situs ini</a></li>',
        '<li><a href="/g20/en/" hreflang="en">Go to the home page</a></li>',
        '<li><a href="/g20/en/search/" hreflang="en">Search this site</a></li>',
    ]


# --- dates ----------------------------------------------------------------------------------------


def dates(html: str) -> list[str]:
    return re.findall(r'<time datetime="[^"]+">([^<]+)</time>', html)


def test_dates_follow_each_languages_locale_and_pattern(site: Path) -> None:
    ok(site)
    public = site / "public"
    assert dates(read(public, "catatan-rapat/rapat-contoh/index.html")) == ["Selasa, 1 Februari 2022"]
    assert dates(read(public, "catatan-rapat/index.html")) == ["Sabtu, 5 Maret 2022", "Selasa, 1 Februari 2022"]
    assert dates(read(public, "en/meeting-notes/sample-meeting/index.html")) == ["Tuesday, February 1, 2022"]
    replace_in(site, SETTINGS, "  en:\n    title: Test Site", "  en:\n    locale: en_ID\n    title: Test Site")
    ok(site)
    assert dates(read(public, "en/meeting-notes/sample-meeting/index.html")) == ["Tuesday, 1 February 2022"]
    assert dates(read(public, "en/meeting-notes/index.html")) == ["Tuesday, 1 February 2022"]
    assert dates(read(public, "en/fact-check/sample-claim/index.html")) == [
        "Thursday, 10 February 2022", "Tuesday, 8 February 2022"]  # the fact check's, then the claim's
    assert dates(read(public, "en/fact-check/index.html")) == [  # each entry's date; a claim's date before it
        "Saturday, 12 February 2022", "Tuesday, 8 February 2022", "Thursday, 10 February 2022"]
    replace_in(site, SETTINGS, "  id:\n    title: Situs Uji", "  id:\n    date_format: d MMMM y\n    title: Situs Uji")
    ok(site)
    assert dates(read(public, "cek-fakta/klaim-contoh/index.html")) == ["10 Februari 2022", "8 Februari 2022"]


def indexed_texts(public: Path) -> list[str]:
    """The text of every page as the search index keeps it (what search excerpts are cut from)."""
    texts = []
    for fragment in sorted((public / "pagefind/fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        texts.append(json.loads(raw[raw.index(b"{"):])["content"])
    return texts


def test_search_excerpts_write_dates_as_the_pages_do(site: Path) -> None:
    replace_in(site, SETTINGS, "sections:\n", "sections:\n  search:\n    id: {name: Cari, slug: cari}\n"
               "    en: {name: Search, slug: search}\n")
    replace_in(site, SETTINGS, "  en:\n    title: Test Site", "  en:\n    locale: en_ID\n    title: Test Site")
    ok(site)
    texts = "\n".join(indexed_texts(site / "public"))
    assert "Februari 2022" in texts and "February 2022" in texts
    assert not re.search(r"\b0\d (Januari|Februari|Maret|April) ", texts)  # not "Selasa, 01 Februari 2022"
    assert not re.search(r"(January|February|March|April) \d+, 2022", texts)  # not "February 1, 2022"


def test_a_locale_or_date_pattern_babel_cannot_use_is_said_at_its_line(site: Path) -> None:
    text = replace_in(site, SETTINGS, "  en:\n    title: Test Site",
                      "  en:\n    locale: id_ID\n    date_format: HH:mm\n    title: Test Site")
    locale, pattern = line_of(text, "locale: id_ID"), line_of(text, "date_format:")
    assert lines(cli(site, "check")) == [
        f'{SETTINGS}:{locale}: languages.en.locale: "id_ID" is not a locale of this language that Babel knows '
        "(use e.g. en_US)",
        f'{SETTINGS}:{pattern}: languages.en.date_format: "HH:mm" is not a date pattern (use e.g. '
        '"EEEE, d MMMM y" for Tuesday, 1 February 2022)',
        "Check failed: 2 errors.",
    ]
    replace_in(site, SETTINGS, "locale: id_ID", "locale: en_XX")
    assert lines(cli(site, "check", lang="id"))[:2] == [
        f'{SETTINGS}:{locale}: languages.en.locale: "en_XX" bukan lokal bahasa ini yang dikenal Babel '
        "(tulis misalnya en_US)",
        f'{SETTINGS}:{pattern}: languages.en.date_format: "HH:mm" bukan pola tanggal (tulis misalnya '
        '"EEEE, d MMMM y" untuk Tuesday, 1 February 2022)',
    ]


# --- the theme's words -----------------------------------------------------------------------


def test_the_verdict_and_the_e_mail_link_are_words_of_the_theme(public: Path) -> None:
    indonesian = read(public, "cek-fakta/klaim-contoh/index.html")
    assert '<span class="verdict-head">Penilaian:</span>' in indonesian
    assert re.search(r'<a href="mailto:\?[^"]+" rel="noopener" target="_blank">Surel<span class="vh">', indonesian)
    english = read(public, "en/fact-check/sample-claim/index.html")
    assert '<span class="verdict-head">Verdict:</span>' in english
    assert re.search(r'<a href="mailto:\?[^"]+" rel="noopener" target="_blank">E-mail<span class="vh">', english)


# --- attribute lists left as text -------------------------------------------------------------------

ABOUT = """\
---
title: Tentang
slug: tentang
summary: Tentang situs uji.
---
Makan malam penyambutan (*welcoming dinner*){lang=en} di Bali.

Acara *summit* {lang=en} berlangsung dua hari.

Teks biasa{: .catatan} tanpa unsur di depannya.

Yang benar: *welcoming dinner*{lang=en}, [tautan](https://example.org/){: .luar} dan `kode`{.kode}.

Dalam kode, kurung kurawal tetap: `{lang=en}`.

    {#contoh} juga dalam blok kode

## Judul {#judul}

Paragraf dengan daftar atribut di baris sendiri.
{: .catatan}
"""
ATTRIBUTE_LISTS = {
    "en": [
        f'{ABOUT_ID}:6: warning: "{{lang=en}}" is shown on the page as text: an attribute list applies only to what '
        "comes right before it, with nothing in between; write (*welcoming dinner*{lang=en})",
        f'{ABOUT_ID}:8: warning: "{{lang=en}}" is shown on the page as text: an attribute list applies only to what '
        "comes right before it, with nothing in between; write *summit*{lang=en}",
        f'{ABOUT_ID}:10: warning: "{{: .catatan}}" is shown on the page as text: an attribute list applies only to '
        "what comes right before it, with nothing in between, e.g. *welcoming dinner*{: .catatan}",
    ],
    "id": [
        f'{ABOUT_ID}:6: peringatan: "{{lang=en}}" tampil sebagai teks di halaman: daftar atribut hanya berlaku bagi '
        "bagian tepat di depannya, tanpa apa pun di antaranya; tulis (*welcoming dinner*{lang=en})",
        f'{ABOUT_ID}:8: peringatan: "{{lang=en}}" tampil sebagai teks di halaman: daftar atribut hanya berlaku bagi '
        "bagian tepat di depannya, tanpa apa pun di antaranya; tulis *summit*{lang=en}",
        f'{ABOUT_ID}:10: peringatan: "{{: .catatan}}" tampil sebagai teks di halaman: daftar atribut hanya berlaku '
        "bagi bagian tepat di depannya, tanpa apa pun di antaranya, misalnya *welcoming dinner*{: .catatan}",
    ],
}


def test_an_attribute_list_left_as_text_is_a_warning_at_its_line_in_both_languages(site: Path) -> None:
    write(site, ABOUT_ID, ABOUT)
    for lang, expected in ATTRIBUTE_LISTS.items():
        result = cli(site, "check", lang=lang)
        assert result.exit_code == 0, result.output
        assert [line for line in lines(result) if line.startswith(ABOUT_ID)] == expected
    ok(site)
    page = read(site / "public", "tentang/index.html")
    assert "(<em>welcoming dinner</em>){lang=en}" in page  # what the warnings are about
    assert '<em lang="en">welcoming dinner</em>' in page and '<code class="kode">kode</code>' in page


def test_a_build_that_keeps_the_page_says_the_warning_again_and_strict_makes_it_an_error(site: Path) -> None:
    write(site, ABOUT_ID, ABOUT)
    (site / "content/meetings/2022-03-05-hanya-indonesia.id.md").unlink()  # its warning would stop --strict first
    first = cli(site, "build")
    again = cli(site, "build")
    assert ": 0 files written, " in lines(again)[-2]
    for result in (first, again):
        assert result.exit_code == 0, result.output
        assert [line for line in lines(result) if line.startswith(ABOUT_ID)] == ATTRIBUTE_LISTS["en"]
    strict = cli(site, "build", "--strict")
    assert strict.exit_code == 1
    assert [line for line in lines(strict) if line.startswith(ABOUT_ID)] == [
        line.replace("warning: ", "") for line in ATTRIBUTE_LISTS["en"]]


def test_a_logo_left_out_of_the_site_is_not_linked(site: Path) -> None:
    """An unreadable logo is not published (said at static/): no page links to it, no JSON-LD names it."""
    (site / "static/images/rusak.png").write_bytes(b"not a picture")
    replace_in(site, SETTINGS, "logo: images/logo-contoh.svg", "logo: images/rusak.png")
    result = ok(site)
    assert "static/images/rusak.png: warning: is not an image g20site can read" in result.output
    home = read(site / "public", "index.html")
    assert 'class="brand-logo"' not in home and "rusak.png" not in home
    assert "logo" not in json_ld(home, "GovernmentOrganization")
    assert not (site / "public/images/rusak.png").exists()
