"""Links (symbolic links) in the site folder and in the output folder.

In content/, templates/ and static/, a link whose target lies inside the site folder is followed;
one that leads outside it, loops or dangles is an error naming the link: exit 1, nothing read
from behind it, public/ exactly as it was. In the output folder, g20site never writes through a
link: a link on the way to a file it writes, or where that file goes, is a conflict.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import assert_refused, ok, run, snapshot, state, write

SECRET = "not for publication 7f3a"
OUTSIDE_FILE = "is a link to a place outside the site folder; copy the file into the site instead"
OUTSIDE_FOLDER = "is a link to a place outside the site folder; copy the folder into the site instead"
LOOP = "is a link that leads back to itself; remove it or point it at a file in the site"
DANGLING = "is a link to something that does not exist; remove it or point it at a file in the site"
OUTPUT_LINK = "is a link; g20site does not write through links in the output folder; remove it"

MEETING = """\
---
title: Outside Meeting
date: 2022-05-01
summary: {secret}
---
{secret}
"""


def outside(site: Path) -> Path:
    """A folder beside the site (so outside it) holding a file with a secret in it."""
    folder = site.parent / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.txt").write_text(SECRET + "\n", "utf-8")
    return folder


def assert_not_published(site: Path) -> None:
    for name, data in snapshot(site / "public").items():
        assert SECRET.encode() not in data, name


# --- content/ ----------------------------------------------------------------------------------


def test_content_file_linked_outside_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "content/key-messages/alpha.en.md").symlink_to(outside(site) / "secret.txt")
    result = run(site)
    assert_refused(site, before, result, f"content/key-messages/alpha.en.md: {OUTSIDE_FILE}")
    assert_not_published(site)


def test_content_folder_linked_outside_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    folder = outside(site)
    write(folder, "2022-05-01-outside.en.md", MEETING.format(secret=SECRET))
    (site / "content/meetings/more").symlink_to(folder, target_is_directory=True)
    result = run(site)
    assert_refused(site, before, result, f"content/meetings/more: {OUTSIDE_FOLDER}")
    assert_not_published(site)


def test_content_section_folder_linked_outside_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    folder = outside(site)
    write(folder, "2022-05-01-outside.en.md", MEETING.format(secret=SECRET))
    meetings = site / "content/meetings"
    meetings.rename(site / "meetings-moved")
    meetings.symlink_to(folder, target_is_directory=True)
    result = run(site)
    assert_refused(site, before, result, f"content/meetings: {OUTSIDE_FOLDER}")
    assert_not_published(site)


def test_settings_file_linked_outside_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    folder = outside(site)
    slogan = site / "content/slogan.yaml"
    (folder / "slogan.yaml").write_bytes(slogan.read_bytes())
    slogan.unlink()
    slogan.symlink_to(folder / "slogan.yaml")
    result = run(site)
    assert_refused(site, before, result, f"content/slogan.yaml: {OUTSIDE_FILE}")


def test_content_link_loop_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "content/pages/loop.en.md").symlink_to("loop.en.md")
    result = run(site)
    assert_refused(site, before, result, f"content/pages/loop.en.md: {LOOP}")


def test_dangling_content_link_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "content/pages/gone.en.md").symlink_to("nowhere.en.md")
    result = run(site)
    assert_refused(site, before, result, f"content/pages/gone.en.md: {DANGLING}")


# --- static/ -----------------------------------------------------------------------------------


def test_static_file_linked_outside_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "static/passwd.txt").symlink_to(outside(site) / "secret.txt")
    result = run(site)
    assert_refused(site, before, result, f"static/passwd.txt: {OUTSIDE_FILE}")
    assert not (site / "public/passwd.txt").exists()


def test_static_folder_linked_outside_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "static/files").symlink_to(outside(site), target_is_directory=True)
    result = run(site)
    assert_refused(site, before, result, f"static/files: {OUTSIDE_FOLDER}")
    assert not (site / "public/files").exists()


def test_static_link_loop_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "static/loop.css").symlink_to("loop.css")
    result = run(site)
    assert_refused(site, before, result, f"static/loop.css: {LOOP}")


def test_static_link_to_the_folder_that_holds_it_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "static/css/up").symlink_to("..", target_is_directory=True)
    result = run(site)
    assert_refused(site, before, result, f"static/css/up: {LOOP}")


def test_dangling_static_link_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "static/logo-old.png").symlink_to("logo-gone.png")
    result = run(site)
    assert_refused(site, before, result, f"static/logo-old.png: {DANGLING}")


# --- templates/ --------------------------------------------------------------------------------


def test_template_linked_outside_is_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "templates/extra.html").symlink_to(outside(site) / "secret.txt")
    result = run(site)
    assert_refused(site, before, result, f"templates/extra.html: {OUTSIDE_FILE}")


def test_template_catalogs_linked_outside_are_refused(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    folder = outside(site) / "locale"
    locale = site / "templates/locale"
    locale.rename(folder)
    locale.symlink_to(folder, target_is_directory=True)
    result = run(site)
    assert_refused(site, before, result, f"templates/locale: {OUTSIDE_FOLDER}")


# --- links that stay inside the site -----------------------------------------------------------


def test_links_inside_the_site_are_followed(site: Path) -> None:
    ok(site)
    (site / "static/about.txt").symlink_to("../content/pages/about.en.md")
    (site / "static/styles").symlink_to("css", target_is_directory=True)
    ok(site)
    public = site / "public"
    assert (public / "about.txt").read_bytes() == (site / "content/pages/about.en.md").read_bytes()
    assert any(p.name.endswith(".css") for p in (public / "styles").iterdir())
    assert not (public / "styles").is_symlink()


# --- the output folder -------------------------------------------------------------------------


def test_linked_folder_in_the_output_is_not_written_through(site: Path) -> None:
    ok(site)
    public = site / "public"
    elsewhere = site.parent / "elsewhere"
    (public / "css").rename(elsewhere)
    (public / "css").symlink_to(elsewhere, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    state_before = state(public)  # with its link: not rebuilt first
    with (site / "static/css/site.css").open("a", encoding="utf-8") as css:
        css.write("\n/* changed */\n")
    result = run(site)
    assert_refused(site, state_before, result, f"{public / 'css'}: {OUTPUT_LINK}")
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


def test_link_where_a_file_goes_in_the_output_is_not_written_through(site: Path) -> None:
    write(site, "static/hello.txt", "hello\n")
    ok(site)
    public = site / "public"
    secret = outside(site) / "secret.txt"
    (public / "hello.txt").unlink()
    (public / "hello.txt").symlink_to(secret)
    state_before = state(public)  # with its link: not rebuilt first
    write(site, "static/hello.txt", "hello again\n")
    result = run(site)
    assert_refused(site, state_before, result, f"{public / 'hello.txt'}: {OUTPUT_LINK}")
    assert secret.read_text("utf-8") == SECRET + "\n"
    assert (public / "hello.txt").is_symlink()



def test_a_cache_folder_that_links_out_of_the_site_is_neither_written_nor_emptied(site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "markdown").mkdir(parents=True)
    (elsewhere / "markdown" / "important.json").write_text("keep me", "utf-8")
    (site / ".g20site-cache").symlink_to(elsewhere)
    result = run(site)
    assert result.exit_code == 0, result.output
    assert (elsewhere / "markdown" / "important.json").read_text("utf-8") == "keep me"
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["important.json", "markdown"]


def test_an_output_behind_a_link_that_leaves_the_site_is_refused(site: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (site / "out").symlink_to(tmp_path / "elsewhere")
    result = run(site, "--output", str(site / "out" / "public"))
    assert result.exit_code == 2
    assert "is inside the site folder, but a link leads it outside" in result.output
    assert not any((tmp_path / "elsewhere").iterdir())


def test_links_in_a_loop_as_the_output_are_a_message_not_a_traceback(site: Path) -> None:
    (site / "a").symlink_to(site / "b")
    (site / "b").symlink_to(site / "a")
    result = run(site, "--output", str(site / "a"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{site / 'a'}: cannot be used as the output folder:" in result.output
