"""A build process that stays up shows an edited body without reading the site again (``build/warm.py``).

Such a quick build must leave the output exactly as a full build of the same content does, say the same
warnings, and fall back to the full build for every change it cannot take; what it takes on trust (the
output as it left it) is put right by the full build that follows it.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from g20site.build import pipeline, unchanged
from g20site.build.cache import Cache
from g20site.build.pipeline import Options, Result, build
from g20site.build.plan import Plan
from g20site.build.warm import Warm
from g20site.cli import main
from g20site.errors import ContentError

from .conftest import replace_in, snapshot, write

NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"
NOTE_PAGE = "catatan-rapat/rapat-contoh/index.html"
NOTE_EN = "content/meetings/2022-02-01-rapat-contoh.en.md"


class Preview:
    """Builds as ``g20site serve``'s builder process does: one cache and one :class:`Warm` kept throughout,
    each edit shown first (``search_now`` False), then the full build that follows it."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.output = site / "public"
        self.options = Options(cache=Cache.for_site(site, keep_in_memory=True), warm=Warm(), search_now=False)
        self.prepared = 0  # full builds: the site read again

    def first(self) -> Result:
        return build(self.site, self.output, self.options)

    def then(self) -> Result:
        """The build that follows a quick one (the builder runs it when no other change waits)."""
        return build(self.site, self.output, Options(cache=self.options.cache, warm=self.options.warm))


@pytest.fixture
def preview(built_site: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    monkeypatch.setattr(unchanged, "RACY_NS", 0)  # (the files of the copy were all written just now)
    found = Preview(built_site)
    real = pipeline.prepare

    def counting(source: Path, options: Options, cache: Cache) -> Plan:
        found.prepared += options.warm is found.options.warm  # (not the fresh builds it is compared with)
        return real(source, options, cache)

    monkeypatch.setattr(pipeline, "prepare", counting)
    found.first()
    found.prepared = 0
    yield found
    gc.unfreeze()  # (a full build leaves what it made out of the collector's passes: Warm.freeze)


def fresh(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a cold build of the site's content makes, with one process."""
    build(site, tmp_path / "fresh", Options(use_cache=False, jobs=1))
    return snapshot(tmp_path / "fresh")


def full_warnings(site: Path) -> list[str]:
    """The warnings a full build of the site says."""
    return sorted(str(problem) for problem in pipeline.check(site, Options(use_cache=False)).warnings)


def add_to_body(site: Path, rel: str, words: str) -> None:
    file = site / rel
    file.write_text(file.read_text("utf-8") + f"\n{words}\n", "utf-8")


def test_a_body_edit_is_built_without_reading_the_site_and_as_a_full_build_makes_it(
        preview: Preview, tmp_path: Path) -> None:
    add_to_body(preview.site, NOTE, "Kalimat baru tentang **zirkonium**.")
    result = preview.first()
    assert preview.prepared == 0  # no document but the edited one read again, no route planned
    assert result.rendered == 1 and result.search_later  # the edited page; the full build to follow
    assert "<strong>zirkonium</strong>" in (preview.output / NOTE_PAGE).read_text("utf-8")
    assert result.pages == pipeline.check(preview.site, Options(use_cache=False)).pages
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)  # share image, copies, feeds: all as made
    assert sorted(str(problem) for problem in result.warnings) == full_warnings(preview.site)
    assert not preview.then().search_later and preview.prepared == 1
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


BODIES = ["content/fact-checks/2022-02-10-klaim-contoh.en.md", "content/events/webinar-contoh.id.md",
          "content/pages/about.en.md", "content/key-messages/alpha.id.md"]


@pytest.mark.parametrize("rel", BODIES)
def test_the_body_of_each_kind_of_document(preview: Preview, tmp_path: Path, rel: str) -> None:
    """Fact checks are in a feed, events in calendars, pages in the menu, key messages on the home page."""
    add_to_body(preview.site, rel, "Paragraf baru dengan [tautan](https://example.org/baru).")
    result = preview.first()
    assert preview.prepared == 0 and result.rendered >= 1
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


def test_edits_in_a_row_are_each_built_quickly(preview: Preview, tmp_path: Path) -> None:
    for number in range(3):
        add_to_body(preview.site, NOTE if number % 2 else NOTE_EN, f"Edit {number}.")
        os.utime(preview.site / NOTE_EN, ns=(1, 1))  # a time put back is no edit undone: the stamp has ctime
        assert preview.first().rendered == 1
    assert preview.prepared == 0
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


def test_nothing_changed_renders_nothing(preview: Preview) -> None:
    result = preview.first()
    assert (result.rendered, result.report and result.report.written, preview.prepared) == (0, 0, 0)
    assert not result.search_later  # the full build before it left nothing to check: none need follow


def test_nothing_changed_after_a_quick_build_still_asks_for_the_full_build(preview: Preview, tmp_path: Path) -> None:
    """The builder skips the full build that follows a quick one when another save waits; the build of that
    save, if nothing changed, asks for it in turn."""
    add_to_body(preview.site, NOTE, "Lagi.")
    assert preview.first().search_later
    assert preview.first().search_later  # nothing changed, but what the quick build trusted is not checked yet
    assert not preview.then().search_later
    assert not preview.first().search_later
    assert preview.prepared == 1
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


# Each change the quick build cannot take: (file, old, new), or a file written, or one removed.
FULL = {
    "a title": (NOTE, "title: Rapat Contoh", "title: Rapat Contoh Baru"),
    "a summary": (NOTE, "summary: Ringkasan rapat contoh.", "summary: Ringkasan lain."),
    "a tag": (NOTE, "tags: [uji]", "tags: [uji, baru]"),
    "a draft published": ("content/meetings/2022-04-01-draf.id.md", "draft: true", "draft: false"),
    "the settings": ("content/site.yaml", "title: Test Site", "title: Another Test Site"),
    "the slogan": ("content/slogan.yaml", "", ""),
    "a picture": ("static/images/logo-contoh.svg", "</svg>", "<!-- edited --></svg>"),
}


@pytest.mark.parametrize("change", sorted(FULL))
def test_what_changes_more_than_a_body_is_a_full_build(preview: Preview, tmp_path: Path, change: str) -> None:
    rel, old, new = FULL[change]
    if old:
        replace_in(preview.site, rel, old, new)
    else:
        add_to_body(preview.site, rel, "# a comment")
    preview.first()
    assert preview.prepared == 1
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


def test_a_new_or_removed_document_is_a_full_build(preview: Preview, tmp_path: Path) -> None:
    text = (preview.site / NOTE).read_text("utf-8")
    write(preview.site, "content/meetings/2022-02-02-rapat-baru.id.md",
          text.replace("2022-02-01", "2022-02-02").replace("slug: rapat-contoh", "slug: rapat-baru"))
    preview.first()
    assert preview.prepared == 1
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)
    (preview.site / "content/meetings/2022-02-02-rapat-baru.id.md").unlink()
    preview.first()
    assert preview.prepared == 2
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


def test_front_matter_that_reads_the_same_is_a_body_edit(preview: Preview, tmp_path: Path) -> None:
    """A comment at the end of the front matter moves the body's lines (its problems are said at the new ones).
    (One above a field moves that field's line, which its messages name: a full build.)"""
    replace_in(preview.site, NOTE, "image_alt: Foto uji\n---", "image_alt: Foto uji\n# a comment\n---")
    assert preview.first().rendered == 1 and preview.prepared == 0
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


def test_a_warning_of_reading_the_file_that_changes_is_a_full_build(preview: Preview) -> None:
    replace_in(preview.site, NOTE, "---\ntitle:", "---\nunknown_field: 1\ntitle:")
    result = preview.first()
    assert preview.prepared == 1
    assert any("unknown_field" in str(problem) for problem in result.warnings)


def test_a_translation_made_out_of_date_by_a_body_edit_is_said_and_unsaid(preview: Preview) -> None:
    marked = CliRunner().invoke(main, ["translations", "--source", str(preview.site), "--mark-done", NOTE_EN])
    assert marked.exit_code == 0, marked.output
    preview.first()
    preview.prepared = 0
    original = (preview.site / NOTE).read_text("utf-8")
    add_to_body(preview.site, NOTE, "Teks baru.")
    result = preview.first()
    warnings = sorted(str(problem) for problem in result.warnings)
    assert any("this translation is out of date" in warning and NOTE_EN in warning for warning in warnings)
    assert warnings == full_warnings(preview.site)
    write(preview.site, NOTE, original)
    result = preview.first()
    assert not any("out of date" in str(problem) for problem in result.warnings)
    assert sorted(str(problem) for problem in result.warnings) == full_warnings(preview.site)
    assert preview.prepared == 0


def test_a_body_with_an_error_fails_and_leaves_the_output_as_it_was(preview: Preview, tmp_path: Path) -> None:
    before = snapshot(preview.output)
    add_to_body(preview.site, NOTE, "[a link to nowhere](missing.id.md)")
    with pytest.raises(ContentError) as failed:
        preview.first()
    assert any(problem.path == NOTE and problem.severity == "error" for problem in failed.value.problems)
    assert snapshot(preview.output) == before
    replace_in(preview.site, NOTE, "[a link to nowhere](missing.id.md)", "Diperbaiki.")
    preview.first()
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


def test_the_output_is_taken_as_left_until_the_full_build_that_follows(preview: Preview, tmp_path: Path) -> None:
    about = preview.output / "tentang/index.html"
    about.unlink()  # by hand, between two builds
    add_to_body(preview.site, NOTE, "Lagi.")
    preview.first()
    assert not about.exists()  # the quick build looks only at the pages that show the edited document
    preview.then()
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)


def test_other_settings_are_never_built_from_what_another_build_left(preview: Preview, tmp_path: Path) -> None:
    add_to_body(preview.site, NOTE, "Lagi.")
    other = tmp_path / "other"
    options = Options(cache=preview.options.cache, warm=preview.options.warm, search_now=False, drafts=True)
    build(preview.site, other, options)
    assert preview.prepared == 1
    build(preview.site, tmp_path / "fresh-drafts", Options(use_cache=False, jobs=1, drafts=True))
    assert snapshot(other) == snapshot(tmp_path / "fresh-drafts")


def said(result: Result) -> list[str]:
    return sorted(str(problem) for problem in result.warnings)


def test_a_body_that_names_a_picture_left_out_is_warned_at_its_line(preview: Preview) -> None:
    (preview.site / "static/images/rusak.jpg").write_bytes(b"not a jpeg at all")
    preview.first()  # (static/ changed: a full build)
    preview.prepared = 0
    add_to_body(preview.site, NOTE, "![rusak](/images/rusak.jpg)")
    result = preview.first()
    assert preview.prepared == 0
    assert any('"/images/rusak.jpg" is left out' in warning for warning in said(result))
    assert said(result) == full_warnings(preview.site)
    replace_in(preview.site, NOTE, "image_alt: Foto uji\n---", "image_alt: Foto uji\n# moves the body\n---")
    assert said(preview.first()) == full_warnings(preview.site)  # at its new line
    replace_in(preview.site, NOTE, "![rusak](/images/rusak.jpg)", "")
    result = preview.first()
    assert preview.prepared == 0 and not any('"/images/rusak.jpg" is left out' in warning for warning in said(result))
    assert said(result) == full_warnings(preview.site)


def test_a_folder_made_or_removed_in_a_content_folder_is_a_full_build(preview: Preview) -> None:
    (preview.site / "content/meetings/lama").mkdir()
    add_to_body(preview.site, NOTE, "Lagi.")
    result = preview.first()
    assert preview.prepared == 1
    assert any("folders inside this folder are not read" in warning for warning in said(result))
    (preview.site / "content/meetings/lama").rmdir()
    result = preview.first()
    assert preview.prepared == 2 and said(result) == full_warnings(preview.site)


def test_an_output_folder_removed_is_a_full_build(preview: Preview, tmp_path: Path) -> None:
    shutil.rmtree(preview.output)
    add_to_body(preview.site, NOTE, "Lagi.")
    preview.first()
    assert preview.prepared == 1
    assert snapshot(preview.output) == fresh(preview.site, tmp_path)
