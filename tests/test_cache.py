"""Parallel and cached builds: identical output, only what changed is rendered and written."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from g20site.build import workers as parallel
from g20site.build.cache import FOLDER
from g20site.build.pipeline import Options, build
from g20site.cli import main

from .conftest import replace_in, snapshot

NOTE_ID = "content/meetings/2022-02-01-rapat-contoh.id.md"
OLD_NOTE = "content/meetings/2022-03-05-hanya-indonesia.id.md"


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def pool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use worker processes even for the small fixture site."""
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)


def test_one_job_two_jobs_and_warm_cache_give_identical_trees(site: Path, tmp_path: Path, pool_always: None) -> None:
    one = build(site, tmp_path / "one", Options(jobs=1, use_cache=False))
    two = build(site, tmp_path / "two", Options(jobs=2))
    assert one.rendered == two.rendered == 30
    warm = build(site, tmp_path / "warm", Options(jobs=2))  # Markdown from the cache, pages rendered anew
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two") == snapshot(tmp_path / "warm")
    assert warm.rendered == 30


def test_unchanged_rebuild_renders_and_writes_nothing(site: Path) -> None:
    build(site, site / "public")
    before = mtimes(site / "public")
    again = build(site, site / "public")
    assert again.rendered == 0
    assert again.report is not None and again.report.written == 0
    assert mtimes(site / "public") == before


def test_body_edit_rewrites_only_that_page_and_the_feed(site: Path, pool_always: None) -> None:
    build(site, site / "public")
    before = mtimes(site / "public")
    replace_in(site, NOTE_ID, "Teks rapat dengan", "Teks rapat yang diperbarui dengan")
    result = build(site, site / "public")
    after = mtimes(site / "public")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"catatan-rapat/rapat-contoh/index.html", "feed.xml"}
    assert result.rendered == 1
    assert "yang diperbarui" in (site / "public/catatan-rapat/rapat-contoh/index.html").read_text("utf-8")


def test_title_edit_rerenders_the_lists_that_show_it(site: Path) -> None:
    build(site, site / "public")
    before = mtimes(site / "public")
    replace_in(site, NOTE_ID, "title: Rapat Contoh", "title: Rapat Contoh Baru")
    build(site, site / "public")
    after = mtimes(site / "public")
    changed = {name for name in after if after[name] != before.get(name)}
    assert {"catatan-rapat/rapat-contoh/index.html", "catatan-rapat/index.html", "index.html", "feed.xml"} <= changed
    assert "en/index.html" not in changed and "tentang/index.html" not in changed
    assert "Rapat Contoh Baru" in (site / "public/catatan-rapat/index.html").read_text("utf-8")


def test_a_new_translation_updates_the_switcher_of_its_counterpart(site: Path) -> None:
    build(site, site / "public")
    page = site / "public/catatan-rapat/hanya-indonesia/index.html"
    assert 'href="/g20/en/meeting-notes/" hreflang="en"' in page.read_text("utf-8")
    (site / "content/meetings/2022-03-05-hanya-indonesia.en.md").write_text(
        "---\ntitle: Indonesian Only\ndate: 2022-03-05\nsummary: Now translated.\n---\nText.\n", "utf-8"
    )
    build(site, site / "public")
    assert 'href="/g20/en/meeting-notes/hanya-indonesia/" hreflang="en"' in page.read_text("utf-8")


def test_a_link_target_moving_rerenders_the_page_that_links_to_it(site: Path) -> None:
    build(site, site / "public")
    replace_in(site, "content/pages/about.id.md", "slug: tentang", "slug: profil")
    build(site, site / "public")
    note = (site / "public/catatan-rapat/rapat-contoh/index.html").read_text("utf-8")
    assert 'href="/g20/profil/"' in note and "/g20/tentang/" not in note
    assert not (site / "public/tentang").exists()


def test_template_edit_rerenders_every_page(site: Path) -> None:
    first = build(site, site / "public")
    base = site / "templates/base.html"
    base.write_text(base.read_text("utf-8").replace("<body", "<!-- edited -->\n<body"), "utf-8")
    again = build(site, site / "public")
    assert again.rendered == first.rendered
    assert "<!-- edited -->" in (site / "public/en/about/index.html").read_text("utf-8")


def test_a_page_removed_from_the_output_is_written_again(site: Path) -> None:
    build(site, site / "public")
    (site / "public/en/about/index.html").unlink()
    result = build(site, site / "public")
    assert result.rendered == 1
    assert (site / "public/en/about/index.html").is_file()


def test_deleting_the_cache_changes_nothing(site: Path, tmp_path: Path) -> None:
    build(site, tmp_path / "a")
    assert (site / FOLDER).is_dir()
    import shutil

    shutil.rmtree(site / FOLDER)
    build(site, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


@pytest.mark.parametrize("damage", [b"not a pickle", pickle.dumps(("g20site-cache 0 old", {}))])
def test_damaged_or_foreign_cache_is_ignored_with_a_warning(site: Path, tmp_path: Path, damage: bytes) -> None:
    build(site, tmp_path / "clean", Options(use_cache=False))
    build(site, site / "public")
    cache = site / FOLDER
    files = [p for p in cache.rglob("*") if p.is_file()]
    names = {p.relative_to(cache).as_posix() for p in files}
    assert "markdown-index.pickle" in names and any(n.startswith("documents/") for n in names)
    for file in files:
        file.write_bytes(damage)
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--output", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    why = "is damaged" if damage == b"not a pickle" else "was made by another version of g20site"
    for name in (n for n in names if n.startswith("documents/") or n == "markdown-index.pickle"):
        assert f"{FOLDER}/{name}: warning: {why}; it is ignored and rebuilt" in result.output
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "clean")
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--output", str(tmp_path / "again")])
    assert FOLDER not in result.output  # rebuilt: the next build is clean


def test_no_cache_option_leaves_no_cache(site: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--no-cache", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert not (site / FOLDER).exists()


def test_progress_is_silent_when_piped(site: Path, pool_always: None) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert result.exit_code == 0
    assert "Rendering" not in result.output
    assert result.output.startswith("content/meetings/2022-03-05-hanya-indonesia.id.md: warning")
