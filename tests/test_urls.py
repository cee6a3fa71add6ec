from __future__ import annotations

from pathlib import Path

from g20site.load.model import MEETING, PAGE
from g20site.load.site import load_site
from g20site.pages import urls
from g20site.pages.urls import Route, RouteIndex, collisions, output_file, plan_routes


def test_paths_per_language_under_a_sub_path(site: Path) -> None:
    loaded, _ = load_site(site)
    assert loaded is not None
    config = loaded.config
    assert urls.base_path(config) == "/g20/"
    assert urls.home_path(config, "id") == "" and urls.home_path(config, "en") == "en/"
    assert urls.section_path(config, "en", urls.MEETINGS) == "en/meeting-notes/"
    assert urls.url(config, "en/meeting-notes/") == "/g20/en/meeting-notes/"
    assert urls.permalink(config, "tentang/") == "https://example.go.id/g20/tentang/"
    assert urls.feed_path(config, "en") == "en/feed.xml"


def test_every_page_is_planned_once_with_pretty_urls(site: Path) -> None:
    loaded, _ = load_site(site)
    assert loaded is not None
    paths = {(r.kind, r.key, r.lang): r.path for r in plan_routes(loaded)}
    assert paths[("home", "", "id")] == ""
    assert paths[("home", "", "en")] == "en/"
    assert paths[(MEETING, "2022-02-01-rapat-contoh", "id")] == "catatan-rapat/rapat-contoh/"
    assert paths[(MEETING, "2022-02-01-rapat-contoh", "en")] == "en/meeting-notes/sample-meeting/"
    assert paths[(PAGE, "about", "en")] == "en/about/"  # no slug: the file name
    assert paths[("key_message", "beta", "en")] == "en/key-messages/beta/"
    assert (MEETING, "2022-04-01-draf", "id") not in paths  # drafts are left out
    assert len(set(paths.values())) == len(paths)


def test_drafts_are_planned_when_asked_for(site: Path) -> None:
    loaded, _ = load_site(site, drafts=True)
    assert loaded is not None
    assert any(r.key == "2022-04-01-draf" for r in plan_routes(loaded))


def test_output_files_are_index_html() -> None:
    assert output_file("") == "index.html"
    assert output_file("en/about/") == "en/about/index.html"
    assert output_file("sitemap.xml") == "sitemap.xml"


def test_collisions_name_both_origins() -> None:
    routes = [
        Route(PAGE, "a", "id", "x/", "content/pages/a.id.md", 3),
        Route(PAGE, "b", "id", "x/", "content/pages/b.id.md", 4),
    ]
    problems = collisions(routes, [("robots.txt", "the site's own files")])
    assert [str(p) for p in problems] == [
        "content/pages/b.id.md:4: its address /x/ is also the address of content/pages/a.id.md; "
        "give one of them another slug"
    ]
    clash = collisions([Route(PAGE, "r", "id", "robots.txt", "content/pages/r.id.md")],
                       [("robots.txt", "the site's own files")])
    assert len(clash) == 1 and "the site's own files" in str(clash[0].message)


def test_translations_are_found_by_what_a_page_shows() -> None:
    id_page = Route(MEETING, "k", "id", "catatan-rapat/k/", "a")
    en_page = Route(MEETING, "k", "en", "en/meeting-notes/k/", "b")
    index = RouteIndex([id_page, en_page])
    assert index.translations(en_page) == {"id": id_page, "en": en_page}
    assert index.find(MEETING, "k", "en") == en_page
    assert index.find(MEETING, "k", "ar") is None
