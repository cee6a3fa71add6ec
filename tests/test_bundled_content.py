"""The bundled site's content as an editor checks it before a ministry puts its name on it:
attributed key messages and renderings, sourced corrections, honest dates, the same sources
in both languages, and no Markdown left showing as text."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.dates import format_date

from g20site.build.pipeline import Options, build
from g20site.load.model import FACT_CHECK, KEY_MESSAGE, Site

from .conftest import REPO

OFFICIAL_RENDERING = "Pulih Bersama, Bangkit Perkasa"
ATTRIBUTE_LIST = re.compile(r"\{:?\s*[.#]?[A-Za-z_-]+=[^{}]*\}")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, dict[str, str]]:
    """The bundled site as loaded, and every built page's HTML by its path."""
    public = tmp_path_factory.mktemp("bundled") / "public"
    result = build(REPO, public, Options(use_cache=False))
    pages = {p.relative_to(public).as_posix(): p.read_text("utf-8") for p in public.rglob("*.html")}
    return result.site, pages


def visible_text(page: str) -> str:
    without_code = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", without_code)


def test_no_page_shows_a_markdown_attribute_list_as_text(bundled: tuple[Site, dict[str, str]]) -> None:
    _, pages = bundled
    shown = {path: ATTRIBUTE_LIST.findall(visible_text(page)) for path, page in pages.items()}
    assert {path: found for path, found in shown.items() if found} == {}
    dinner = pages["agenda/jamuan-makan-malam-ktt-g20/index.html"]
    assert 'makan malam penyambutan (<em lang="en">welcoming dinner</em>)' in dinner


def test_key_messages_name_who_presented_them_and_when_and_do_not_go_in_circles(
    bundled: tuple[Site, dict[str, str]],
) -> None:
    site, _ = bundled
    when = {"id": "18 Januari 2022", "en": "18 January 2022"}
    circles = {"id": "salah satu dari tiga pesan kunci", "en": "one of the three key messages"}
    for message in site.key_messages:
        for lang, summary in message.summary.items():
            assert "Faisal Fahmi" in summary and when[lang] in summary, (message.key, lang)
    for doc in site.documents:
        if doc.kind == KEY_MESSAGE:
            assert "Faisal Fahmi" in doc.body and when[doc.lang] in doc.body, doc.path
            assert circles[doc.lang] not in doc.body.lower(), doc.path


def test_the_slogan_shows_the_official_rendering_and_the_informal_ones_only_with_their_speaker(
    bundled: tuple[Site, dict[str, str]],
) -> None:
    site, pages = bundled
    assert {lang: [r.text for r in slogan.renderings] for lang, slogan in site.slogan.items()} == {
        "id": [OFFICIAL_RENDERING], "en": [OFFICIAL_RENDERING]}
    said = {"index.html": ("Menteri Luar Negeri Retno L.P. Marsudi, 14 September 2021", "https://kompas.tv/"),
            "en/index.html": ("Foreign Minister Retno L.P. Marsudi, 14 September 2021", "https://setkab.go.id/")}
    for home, (who, where) in said.items():
        shown = re.search(rf'<span class="rendering"[^>]*>{OFFICIAL_RENDERING}</span>.*?'
                          r'<span class="rendering-source"><a href="([^"]+)">([^<]+)</a></span></li>', pages[home])
        assert shown is not None, home
        assert shown.group(1).startswith(where) and shown.group(2) == who, home
    quoting = [path for path, page in pages.items() if "dunia pulih bersama" in visible_text(page).lower()]
    assert sorted(quoting) == ["catatan-rapat/rapat-koordinasi-humas-g20-meta/index.html",
                               "en/about/index.html",
                               "en/meeting-notes/g20-public-relations-coordination-meeting-with-meta/index.html",
                               "tentang/index.html"]
    for path in quoting:
        assert "Hilmi Kartasasmita" in pages[path], path


def test_the_sources_decree_is_kept_with_a_sourced_editors_note(bundled: tuple[Site, dict[str, str]]) -> None:
    _, pages = bundled
    decree = "https://setkab.go.id/en/president-jokowi-issues-presidential-decree-on-national-committee-for-g20"
    note_id = visible_text(pages["catatan-rapat/rapat-koordinasi-humas-g20-meta/index.html"])
    note_en = visible_text(pages["en/meeting-notes/g20-public-relations-coordination-meeting-with-meta/index.html"])
    assert "Keputusan Presiden Nomor 12 Tahun 2018" in note_id and "No. 12 of 2018" in note_en
    assert re.search(r"Catatan redaksi: .*Keputusan Presiden Nomor 12 Tahun 2021", note_id)
    assert re.search(r"Editor's note: .*Presidential Decree No\. 12 of 2021", note_en.replace("&#39;", "'"))
    for path in ("catatan-rapat/rapat-koordinasi-humas-g20-meta/index.html",
                 "en/meeting-notes/g20-public-relations-coordination-meeting-with-meta/index.html"):
        assert f'href="{decree}' in pages[path], path


def test_a_fact_check_is_dated_when_the_check_it_cites_was_published(bundled: tuple[Site, dict[str, str]]) -> None:
    site, _ = bundled
    checks = [doc for doc in site.documents if doc.kind == FACT_CHECK]
    assert checks
    for doc in checks:
        assert doc.date is not None
        assert Path(doc.path).name.startswith(f"{doc.date.isoformat()}-"), doc.path
        if doc.claim and doc.claim.date:
            assert doc.claim.date <= doc.date, doc.path
        published = format_date(doc.date, "d MMMM y", locale=doc.lang)
        assert any(published in (source.publisher or "") for source in doc.sources), (doc.path, published)


def test_both_languages_of_a_document_cite_the_same_sources(bundled: tuple[Site, dict[str, str]]) -> None:
    site, _ = bundled
    cited: dict[tuple[str, str], dict[str, set[str | None]]] = defaultdict(dict)
    for doc in site.documents:
        cited[(doc.kind, doc.key)][doc.lang] = {source.url for source in doc.sources}
    for key, by_lang in cited.items():
        assert len({frozenset(urls) for urls in by_lang.values()}) == 1, key


def test_the_indonesian_texts_keep_the_house_spelling(bundled: tuple[Site, dict[str, str]]) -> None:
    site, _ = bundled
    slips = ("non-keuangan", "di tahun 2022", "presidensi G20")
    for doc in site.documents:
        if doc.lang != "id":
            continue
        # quotations stay as spoken, and link targets are addresses, not prose
        prose = "\n".join(line for line in doc.body.splitlines() if not line.startswith(">"))
        prose = re.sub(r"\]\([^)]*\)", "]", f"{doc.title}\n{doc.summary}\n{prose}")
        assert [slip for slip in slips if slip in prose] == [], doc.path
