"""The output folder: what the builder may write, what it must leave alone, and determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from g20site.build.pipeline import build

from .conftest import assert_errors, ok, run, snapshot, state
from .markup import is_local, parse, resources

MANIFEST = ".g20site-manifest.json"
ONLY_ID = "content/meetings/2022-03-05-hanya-indonesia.id.md"
ONLY_ID_PAGE = "catatan-rapat/hanya-indonesia/index.html"
ABOUT_EN = "content/pages/about.en.md"

USER_FILES = {
    "CNAME": b"g20.example.go.id\n",
    ".nojekyll": b"",
    ".git/config": b"[core]\n\tbare = false\n",
    "downloads/x.pdf": b"%PDF-1.4 not really\n",
}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in sorted(folder.rglob("*"))}


def put_user_files(public: Path) -> None:
    for rel, data in USER_FILES.items():
        target = public / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def assert_user_files(public: Path) -> None:
    for rel, data in USER_FILES.items():
        assert (public / rel).read_bytes() == data, rel


# --- files the user keeps ----------------------------------------------------------------------


def test_user_files_survive_build_and_rebuild(site: Path) -> None:
    public = site / "public"
    put_user_files(public)
    ok(site)
    assert_user_files(public)
    assert (public / "index.html").is_file()
    ok(site)
    assert_user_files(public)
    about = site / ABOUT_EN
    about.write_text(about.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    ok(site)
    assert_user_files(public)


def test_user_files_added_after_a_build_survive(site: Path) -> None:
    public = site / "public"
    ok(site)
    put_user_files(public)
    ok(site)
    assert_user_files(public)


def test_removed_page_is_deleted_and_its_empty_folder_too(site: Path) -> None:
    public = site / "public"
    put_user_files(public)
    ok(site)
    assert (public / ONLY_ID_PAGE).is_file()
    (site / ONLY_ID).unlink()
    ok(site)
    assert not (public / ONLY_ID_PAGE).exists()
    assert not (public / "catatan-rapat/hanya-indonesia").exists()
    assert (public / "catatan-rapat/index.html").is_file()
    assert (public / "catatan-rapat/rapat-contoh/index.html").is_file()
    assert_user_files(public)


def test_removed_page_folder_with_a_user_file_in_it_is_kept(site: Path) -> None:
    public = site / "public"
    ok(site)
    keep = public / "catatan-rapat/hanya-indonesia/notes.txt"
    keep.write_bytes(b"mine\n")
    (site / ONLY_ID).unlink()
    ok(site)
    assert not (public / ONLY_ID_PAGE).exists()
    assert keep.read_bytes() == b"mine\n"


def test_folder_the_user_made_is_not_removed_when_its_page_goes(site: Path) -> None:
    public = site / "public"
    (public / "catatan-rapat/hanya-indonesia").mkdir(parents=True)
    ok(site)
    assert (public / ONLY_ID_PAGE).is_file()
    (site / ONLY_ID).unlink()
    ok(site)
    assert not (public / ONLY_ID_PAGE).exists()
    assert (public / "catatan-rapat/hanya-indonesia").is_dir()


# --- output folders that are refused -------------------------------------------------------------


def test_output_equal_to_source_is_refused(site: Path) -> None:
    before = state(site)
    result = run(site, "--output", str(site))
    assert_errors(
        result, f"{site}: the output folder is, or contains, the site folder; choose another, e.g. public", code=2
    )
    assert state(site) == before


def test_output_parent_of_source_is_refused(site: Path) -> None:
    parent = site.parent
    before = state(parent)
    result = run(site, "--output", str(parent))
    assert_errors(
        result, f"{parent}: the output folder is, or contains, the site folder; choose another, e.g. public", code=2
    )
    assert state(parent) == before


def test_output_inside_content_is_refused(site: Path) -> None:
    before = state(site)
    output = site / "content" / "out"
    result = run(site, "--output", str(output))
    assert_errors(
        result, f"{output}: the output folder must not be inside content/; choose another, e.g. public", code=2
    )
    assert not output.exists()
    assert state(site) == before


def test_foreign_file_in_fresh_output_is_refused_and_kept(site: Path) -> None:
    public = site / "public"
    public.mkdir()
    mine = public / "index.html"
    mine.write_bytes(b"<p>my own page</p>\n")
    before = state(public)
    result = run(site)
    assert_errors(result, f"{mine}: exists and was not written by g20site; move it away or delete it")
    assert state(public) == before


def test_foreign_file_identical_to_the_output_is_accepted(site: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    ok(site, "--output", str(first))
    second = tmp_path / "second"
    second.mkdir()
    (second / "robots.txt").write_bytes((first / "robots.txt").read_bytes())
    ok(site, "--output", str(second))
    assert snapshot(second) == snapshot(first)


# --- what a rebuild touches ----------------------------------------------------------------------


def test_unchanged_rebuild_rewrites_no_page(site: Path) -> None:
    public = site / "public"
    ok(site)
    before = {rel: t for rel, t in mtimes(public).items() if rel != MANIFEST}
    result = ok(site)
    after = {rel: t for rel, t in mtimes(public).items() if rel != MANIFEST}
    assert after == before
    assert "0 files written" in result.output


def test_unchanged_rebuild_leaves_the_manifest_alone_too(site: Path) -> None:
    public = site / "public"
    ok(site)
    before = state(public)
    ok(site)
    assert state(public) == before


def test_one_file_edit_changes_only_the_files_whose_bytes_change(site: Path) -> None:
    public = site / "public"
    ok(site)
    bytes_before, times_before = snapshot(public), mtimes(public)
    about = site / ABOUT_EN
    about.write_text(about.read_text("utf-8").replace("The about page.", "The new about page."), "utf-8")
    ok(site)
    bytes_after, times_after = snapshot(public), mtimes(public)
    assert bytes_after.keys() == bytes_before.keys()
    changed_bytes = {rel for rel in bytes_after if bytes_after[rel] != bytes_before[rel]} - {MANIFEST}
    changed_times = {rel for rel in bytes_after if times_after[rel] != times_before[rel]} - {MANIFEST}
    assert "en/about/index.html" in changed_bytes
    assert changed_times == changed_bytes
    assert b"The new about page." in bytes_after["en/about/index.html"]


# --- determinism ---------------------------------------------------------------------------------


def _two_builds(site: Path, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    one, two = tmp_path / "one", tmp_path / "two"
    ok(site, "--output", str(one))
    ok(site, "--output", str(two))
    return snapshot(one), snapshot(two)


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    one, two = _two_builds(site, tmp_path)
    assert "index.html" in one
    assert one == two


def test_two_builds_are_byte_identical_with_source_date_epoch(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1642464000")
    one, two = _two_builds(site, tmp_path)
    assert "index.html" in one
    assert one == two


def test_build_function_is_deterministic(site: Path, tmp_path: Path) -> None:
    build(site, tmp_path / "a")
    build(site, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


# --- no staging folder left behind ----------------------------------------------------------------


def _beside_output(site: Path) -> set[str]:
    """What lies beside the output, but for the build cache (which has its own tests)."""
    return {p.name for p in site.iterdir()} - {".g20site-cache"}


def test_no_staging_folder_after_success(site: Path) -> None:
    expected = _beside_output(site) | {"public"}
    ok(site)
    about = site / ABOUT_EN
    about.write_text(about.read_text("utf-8") + "\nChanged.\n", "utf-8")
    ok(site)
    assert _beside_output(site) == expected


def test_no_staging_folder_after_content_failure(site: Path) -> None:
    expected = _beside_output(site) | {"public"}
    ok(site)
    (site / ABOUT_EN).write_text("---\ntitle: About\ntitle: Twice\n---\nBody.\n", "utf-8")
    result = run(site)
    assert result.exit_code == 1, result.output
    assert _beside_output(site) == expected


def test_no_staging_folder_after_refused_output(site: Path) -> None:
    expected = _beside_output(site) | {"public"}
    (site / "public").mkdir()
    (site / "public" / "robots.txt").write_bytes(b"User-agent: *\nDisallow: /\n")
    result = run(site)
    assert result.exit_code == 1, result.output
    assert _beside_output(site) == expected


# --- raw HTML policy -----------------------------------------------------------------------------

RAW = "\n<script>alert(1)</script>\n\nSome <b>bold</b> words.\n"


def _about_with_raw_html(site: Path, allow: bool) -> bytes:
    config = site / "content/site.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("allow_raw_html: false", f"allow_raw_html: {str(allow).lower()}"), "utf-8")
    about = site / ABOUT_EN
    about.write_text(about.read_text("utf-8") + RAW, "utf-8")
    ok(site)
    return (site / "public/en/about/index.html").read_bytes()


def test_raw_html_is_escaped_when_not_allowed(site: Path) -> None:
    page = _about_with_raw_html(site, allow=False)
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert b"&lt;b&gt;bold&lt;/b&gt;" in page
    assert b"<script>" not in page  # the theme's own scripts carry attributes; the content's would not
    assert b"<b>bold</b>" not in page


def test_raw_html_is_passed_through_the_sanitizer_when_allowed(site: Path) -> None:
    page = _about_with_raw_html(site, allow=True)
    assert b"alert(1)" not in page  # the script and what is in it
    assert b"<b>bold</b>" in page


UNTIDY = """
<div class="box" style="color: red" onclick="alert(1)">
<p lang="en">Recover <em>together</p>
<iframe src="https://tracker.example/"></iframe><script src="https://tracker.example/t.js"></script>
<object data="https://tracker.example/x.swf"></object><video poster="https://tracker.example/p.jpg"></video>
<table><tr><td style="text-align: right;">1<td>2</table>
</div>

*Markdown*{lang=en} after it.[^n]

[^n]: A note.
"""


def test_a_page_with_untidy_raw_html_still_passes_the_html_checks(site: Path) -> None:
    config = site / "content/site.yaml"
    config.write_text(config.read_text("utf-8").replace("allow_raw_html: false", "allow_raw_html: true"), "utf-8")
    about = site / ABOUT_EN
    about.write_text(about.read_text("utf-8") + UNTIDY, "utf-8")
    ok(site)
    file = site / "public/en/about/index.html"
    page = parse(file)  # every element the page opens is closed, in order
    assert not [a for t, a in page.tags if a.get("lang") == ""]
    local = [address for _, address in resources(page.tags)]
    assert all(is_local(address) for address in local), local  # nothing fetched from elsewhere
    body = file.read_text("utf-8")
    for gone in ("onclick", "color: red", "<iframe", "<object", "<video", "tracker"):
        assert gone not in body, gone
    assert '<td style="text-align: right;">1</td><td>2</td>' in body
    assert '<em lang="en">Markdown</em>' in body and 'id="fn:n"' in body


def test_manifest_entries_outside_the_output_are_never_removed(site: Path, tmp_path: Path) -> None:
    public = site / "public"
    ok(site)
    beside = site / "keep.txt"
    beside.write_bytes(b"beside the output\n")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"far away\n")
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    manifest = public / MANIFEST
    data = json.loads(manifest.read_text("utf-8"))
    data["files"] += ["../keep.txt", str(elsewhere)]
    data["dirs"] += [str(empty)]
    manifest.write_text(json.dumps(data), "utf-8")
    ok(site)
    assert beside.read_bytes() == b"beside the output\n"
    assert elsewhere.read_bytes() == b"far away\n"
    assert empty.is_dir()
    assert (public / "index.html").is_file()


def test_output_path_that_is_a_file_is_refused(site: Path) -> None:
    output = site / "public"
    output.write_bytes(b"not a folder\n")
    result = run(site)
    assert_errors(result, f"{output}: the output path is a file, not a folder", code=2)
    assert output.read_bytes() == b"not a folder\n"
