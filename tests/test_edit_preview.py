"""The preview pane and the save's site-wide checks read the site as a build would, from the build cache
that ``serve --edit`` fills: a file left as it was is not read or parsed again at every keystroke."""

from __future__ import annotations

from pathlib import Path

import pytest

from g20site.build.pipeline import Options, build
from g20site.edit import rendering
from g20site.load import documents

NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"
ABOUT = "content/pages/about.id.md"  # the note links to it
PAGE = "catatan-rapat/rapat-contoh/index.html"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files parsed, by name, from now on."""
    names: list[str] = []
    parse = documents._parse_document

    def counted(kind: str, stem: str, lang: str, display: str, *rest: object) -> documents.Parsed:
        names.append(display)
        return parse(kind, stem, lang, display, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "_parse_document", counted)
    return names


def test_the_preview_parses_only_the_form_and_what_changed_since_the_last_build(site: Path, parsed: list[str]) -> None:
    build(site, site / "public", Options(drafts=True))  # as serve --edit builds, filling the cache
    parsed.clear()
    text = (site / NOTE).read_text("utf-8")
    page, problems = rendering.rendered(site, "meeting", NOTE, text, None)
    assert page == (site / "public" / PAGE).read_bytes() and not problems
    assert parsed == [NOTE]  # the form's text; every other file as the cache holds it
    parsed.clear()
    assert rendering.site_problems(site, NOTE, text.replace("Rapat Contoh", "Rapat Baru"), None) == []
    assert parsed == [NOTE]

    about = site / ABOUT
    about.write_text(about.read_text("utf-8").replace("slug: tentang", "slug: tentang-kami"), "utf-8")
    parsed.clear()
    page, _ = rendering.rendered(site, "meeting", NOTE, text, None)
    assert sorted(parsed) == sorted([NOTE, ABOUT])  # the file changed on disk is read again
    assert b"/tentang-kami/" in page  # and the note's link to it leads to its new address
    build(site, site / "public", Options(drafts=True))
    assert page == (site / "public" / PAGE).read_bytes()  # the page a build makes of the site as it is now


def test_without_a_build_cache_the_preview_reads_every_file(site: Path, parsed: list[str]) -> None:
    text = (site / NOTE).read_text("utf-8")
    page, _ = rendering.rendered(site, "meeting", NOTE, text, None)
    assert len(parsed) == len(list((site / "content").rglob("*.md")))
    build(site, site / "public", Options(drafts=True, use_cache=False))
    assert page == (site / "public" / PAGE).read_bytes()
