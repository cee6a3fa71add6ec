"""Fact checks: list and detail pages in both languages, the verdict in words, ClaimReview JSON-LD,
their own Atom feed per language, the sitemap, and a section that has no entries."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from g20site.build.pipeline import Options, build
from g20site.cli import main

from .atom import ATOM, atom_problems
from .conftest import json_ld, read

CHECK_ID = "cek-fakta/klaim-contoh/index.html"
CHECK_EN = "en/fact-check/sample-claim/index.html"
BASE = "https://example.go.id/g20/"


def test_list_and_detail_pages_in_both_languages(public: Path) -> None:
    for rel in ["cek-fakta/index.html", CHECK_ID, "cek-fakta/klaim-benar/index.html",
                "en/fact-check/index.html", CHECK_EN, "en/fact-check/two-languages/index.html"]:
        assert (public / rel).is_file(), rel
    page = read(public, CHECK_ID)
    assert 'href="/g20/en/fact-check/sample-claim/" hreflang="en"' in page
    assert '<a href="/g20/cek-fakta/">Cek Fakta</a>' in page  # the breadcrumb
    assert '<a href="/g20/cek-fakta/">Cek Fakta</a>' in read(public, "index.html")  # the menu
    listing = read(public, "cek-fakta/index.html")
    assert listing.index("[BENAR] Situs Uji") < listing.index("Situs uji tidak akan ditutup besok")  # newest first


def test_the_verdict_is_a_word_on_its_label_not_a_colour(public: Path) -> None:
    page = read(public, CHECK_ID)
    assert ('<p class="claim-verdict"><span class="verdict-head">Penilaian:</span> <span class="verdict verdict-wrong">'
            '<span class="verdict-mark" aria-hidden="true">✕</span> Hoaks</span></p>') in page
    assert "Informasi bohong yang sengaja dibuat seolah-olah benar." in page  # the verdict's description
    assert "<blockquote class=\"claim-text\"><p>Situs uji akan ditutup besok, sebarkan!</p></blockquote>" in page
    assert "Beredar di WhatsApp, Facebook" in page
    english = read(public, CHECK_EN)
    assert "<span class=\"verdict-head\">Verdict:</span>" in english and "</span> Hoax</span>" in english
    listing = read(public, "en/fact-check/index.html")
    assert '<span class="vh">Verdict: </span><span class="verdict verdict-correct">' in listing
    assert "</span> True</span>" in listing and "</span> Hoax</span>" in listing


def test_claim_review_json_ld(public: Path) -> None:
    review = json_ld(read(public, CHECK_ID), "ClaimReview")
    assert review["claimReviewed"] == "Situs uji akan ditutup besok, sebarkan!"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Hoaks"}
    assert review["url"] == f"{BASE}cek-fakta/klaim-contoh/"
    assert review["datePublished"] == "2022-02-10" and review["inLanguage"] == "id"
    assert review["itemReviewed"] == {
        "@type": "Claim", "datePublished": "2022-02-08",
        "appearance": [{"@type": "CreativeWork", "url": "https://archive.example/klaim-contoh"}],
    }
    assert review["author"]["@type"] == "GovernmentOrganization" and review["author"]["url"] == "https://www.example.go.id/"
    english = json_ld(read(public, CHECK_EN), "ClaimReview")
    assert english["reviewRating"]["alternateName"] == "Hoax" and english["inLanguage"] == "en"
    plain = json_ld(read(public, "cek-fakta/klaim-benar/index.html"), "ClaimReview")
    assert "itemReviewed" not in plain  # neither a date nor a copy of the claim was given


def test_each_language_has_a_valid_atom_feed_of_its_fact_checks(public: Path) -> None:
    for rel, lang, first in [("cek-fakta/feed.xml", "id", "Benar: Klaim bahwa"),
                             ("en/fact-check/feed.xml", "en", "True: The claim that")]:
        assert atom_problems(public / rel, rel, BASE, lang, lambda url: (public / url[len(BASE):]).exists()) == []
        feed = ET.parse(public / rel).getroot()
        entries = feed.findall(ATOM + "entry")
        assert len(entries) == 2
        assert (entries[0].findtext(ATOM + "summary") or "").startswith(first)  # the verdict first
        alternate = [link for link in feed.findall(ATOM + "link") if link.get("rel") == "alternate"][0]
        assert alternate.get("href") == BASE + rel.replace("feed.xml", "")
    page = read(public, "cek-fakta/index.html")
    assert '<link rel="alternate" type="application/atom+xml" title="Cek Fakta | Situs Uji" ' \
           'href="/g20/cek-fakta/feed.xml">' in page
    main_feed = read(public, "feed.xml")
    assert "Klaim Contoh" not in main_feed  # the site's feed stays the meeting notes'


def test_the_sitemap_lists_fact_checks_with_their_dates(public: Path) -> None:
    sitemap = read(public, "sitemap.xml")
    assert f"<loc>{BASE}cek-fakta/klaim-contoh/</loc>\n    <lastmod>2022-02-10</lastmod>" in sitemap
    assert f'hreflang="en" href="{BASE}en/fact-check/sample-claim/"' in sitemap


def test_without_fact_checks_there_is_no_section_and_links_to_it_are_errors(site: Path) -> None:
    shutil.rmtree(site / "content/fact-checks")
    build(site, site / "public", Options(jobs=1))
    public = site / "public"
    assert not (public / "cek-fakta").exists() and not (public / "en/fact-check").exists()
    assert "cek-fakta" not in read(public, "index.html") and "fact-check" not in read(public, "en/index.html")
    assert "cek-fakta" not in read(public, "sitemap.xml")
    about = site / "content/pages/about.en.md"
    about.write_text(about.read_text("utf-8") + "\nSee [fact checks](/en/fact-check/).\n", "utf-8")
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert result.exit_code == 1
    assert any(line.startswith('content/pages/about.en.md:') and 'link "/en/fact-check/" leads nowhere' in line
               for line in result.output.splitlines()), result.output


def test_a_site_without_the_section_in_site_yaml_still_builds(site: Path) -> None:
    shutil.rmtree(site / "content/fact-checks")
    settings = site / "content/site.yaml"
    text = settings.read_text("utf-8")
    text = text.replace("  - section: fact_checks\n", "")
    text = re.sub(r"  fact_checks:\n(    .*\n){2}", "", text)
    settings.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["build", "--source", str(site)], catch_exceptions=False)
    assert result.exit_code == 0 and "fact_checks" not in result.output
