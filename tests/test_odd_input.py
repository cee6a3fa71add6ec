"""Odd values in settings, options and the environment: a clear message and the right exit code, never a
traceback. 1: the content has errors; 2: wrong usage (an option, the environment, where to write)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from g20site.cli import main
from g20site.load.settings import normalize_base_url

from .conftest import assert_errors, assert_refused, built, line_of, ok, replace_in, run, state, write

WEB_ADDRESS = "(use e.g. https://www.example.go.id/g20/)"


@pytest.mark.parametrize(
    "value",
    ["https://exa mple.com/", "https://example.org:99999/", "https://user:pass@example.org/", "https://[::1/",
     "ftp://example.org/", "https://-example-.org/", "https://example.org/?page=1", "https://exa\tmple.org/",
     "https:///only-a-path/", "example.org"],
)
def test_a_base_url_that_is_not_a_web_address_is_refused(value: str) -> None:
    assert normalize_base_url(value) is None


@pytest.mark.parametrize(
    ("value", "normal"),
    [("https://www.example.go.id/g20", "https://www.example.go.id/g20/"),
     ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
     ("https://[::1]:8443/g20/", "https://[::1]:8443/g20/"),
     ("https://example.org/a%20b/", "https://example.org/a%20b/")],
)
def test_a_base_url_that_is_one_is_kept(value: str, normal: str) -> None:
    assert normalize_base_url(value) == normal


def test_a_base_url_with_credentials_in_site_yaml_is_an_error_at_its_line(site: Path) -> None:
    text = (site / "content/site.yaml").read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("base_url:"))
    replace_in(site, "content/site.yaml", old, "base_url: https://user:secret@example.go.id/g20/")
    line = text.splitlines().index(old) + 1
    assert_errors(run(site), f'content/site.yaml:{line}: base_url: "https://user:secret@example.go.id/g20/" '
                             f"is not a web address {WEB_ADDRESS}")


def test_a_base_url_option_that_is_not_a_web_address_is_wrong_usage(site: Path) -> None:
    result = run(site, "--base-url", "https://[::1/")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f'"https://[::1/" is not a web address {WEB_ADDRESS}' in result.output


@pytest.mark.parametrize("value", ["253402300800", "soon", "-5"])
def test_a_source_date_epoch_that_is_no_date_is_wrong_usage(site: Path, value: str) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site)], env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f'SOURCE_DATE_EPOCH: "{value}" is not a number of seconds since 1970-01-01' in result.output
    assert not (site / "public").exists()


def test_more_jobs_than_the_cap_is_wrong_usage(site: Path) -> None:
    result = run(site, "--jobs", "1000")
    assert result.exit_code == 2
    assert "1000 is not in the range 0<=x<=64" in result.output


def test_an_output_inside_the_build_cache_is_refused_as_wrong_usage(site: Path) -> None:
    ok(site)  # the cache exists
    before = state(site / ".g20site-cache")
    output = site / ".g20site-cache" / "out"
    result = run(site, "--output", str(output))
    assert_errors(result, f"{output}: the output folder must not be inside the build cache (.g20site-cache/); "
                          "choose another, e.g. public", code=2)
    assert state(site / ".g20site-cache") == before


# --- limits on what a content file may hold --------------------------------------------------------

NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"


def test_a_control_character_in_a_body_is_an_error_at_its_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, NOTE, "Teks rapat dengan", "Teks\x00 rapat dengan")
    assert_refused(site, before, run(site), f"{NOTE}:{line_of(text, 'Teks')}: contains an invisible control character "
                                            "(U+0000) that no page may carry; delete it (retype the text around it)")


def test_a_control_character_written_as_a_yaml_escape_is_an_error_at_its_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, NOTE, "title: Rapat Contoh", 'title: "Rapat\\x0bContoh"')
    line = line_of(text, "title:")
    assert_refused(site, before, run(site), f"{NOTE}:{line}: title: contains an invisible control character "
                                            "(U+000B) that no page may carry; delete it")


def test_a_title_longer_than_a_line_is_an_error(site: Path) -> None:
    long = "Rapat " * 60
    before = built(site)
    text = replace_in(site, NOTE, "title: Rapat Contoh", f"title: {long}")
    assert_refused(site, before, run(site), f"{NOTE}:{line_of(text, 'title:')}: title: is {len(long.strip())} "
                                            "characters long; write at most 300")


def test_a_file_too_large_to_be_written_by_hand_is_an_error(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    write(site, NOTE, (site / NOTE).read_text("utf-8") + "kata " * 500_000)
    assert_refused(site, before, run(site), f"{NOTE}: is 2 MB, more than a content file may be (2 MB); "
                                            "split it into several")


def test_yaml_nested_too_deeply_is_an_error_at_its_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    nested = "tags:\n" + "".join("  " * depth + "- \n" for depth in range(200))
    text = (site / NOTE).read_text("utf-8").replace("tags: [uji]\n", nested)
    write(site, NOTE, text)
    line = line_of(text, "tags:") + 33  # the item 33 levels below tags: one more than may be
    assert_refused(site, before, run(site), f"{NOTE}:{line}: lists and mappings are nested more than 32 levels deep "
                                            "here; check the indentation (each level is two more spaces)")


def test_yaml_brackets_nested_too_deeply_are_an_error(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = (site / "content/slogan.yaml").read_text("utf-8")
    write(site, "content/slogan.yaml", "extra: " + "[" * 3000 + "]" * 3000 + "\n" + text)
    assert_refused(site, before, run(site), "content/slogan.yaml:1: lists and mappings are nested more than 32 "
                                            "levels deep here; check the indentation (each level is two more spaces)")


def test_unclosed_brackets_that_would_stall_markdown_are_an_error_at_their_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, NOTE, "## Bagian\n", "## Bagian\n\nLihat " + "[" * 20_000 + "\n")
    assert_refused(site, before, run(site), f"{NOTE}:{line_of(text, 'Lihat')}: 20000 [ are never closed by a ]; "
                                            "Markdown cannot read that many: close each link's brackets, or write \\[ "
                                            "for a bracket meant as text")


def test_markdown_nested_too_deeply_is_an_error_at_its_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, NOTE, "## Bagian\n", "## Bagian\n\n" + "- " * 1000 + "x\n")
    assert_refused(site, before, run(site), f"{NOTE}:{line_of(text, '- - -')}: lists or quotes are nested more than "
                                            "50 levels deep here; Markdown cannot read that")


def test_a_file_name_that_is_no_slug_is_an_error(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    name = 'content/pages/my "page\' <b>.en.md'
    write(site, name, "---\ntitle: Mine\n---\nText.\n")
    assert_refused(site, before, run(site), f'{name}: the file name gives this page the address "my "page\' <b>", '
                                            "which is not a valid slug (use lowercase letters, digits and hyphens, "
                                            "e.g. rapat-koordinasi): rename the file, or give it a slug: line")


def test_a_file_name_that_is_no_slug_is_fine_with_a_slug_line(site: Path) -> None:
    write(site, "content/pages/Tentang Kami.id.md", "---\ntitle: Tentang kami\nslug: tentang-kami\n---\nTeks.\n")
    ok(site)
    assert (site / "public/tentang-kami/index.html").is_file()


@pytest.mark.parametrize(
    ("name", "made"),
    [("sitemap.xml", "the site's own files"), ("robots.txt", "the site's own files"),
     ("feed.xml", "the site's own files"), ("en/feed.xml", "the site's own files"),
     ("agenda/calendar.ics", "content/site.yaml")],
)
def test_a_static_file_where_g20site_writes_one_is_an_error(built_site: Path, name: str, made: str) -> None:
    site, before = built_site, state(built_site / "public")
    (site / "static" / name).parent.mkdir(parents=True, exist_ok=True)
    (site / "static" / name).write_bytes(b"mine\n")
    assert_refused(site, before, run(site), f"static/{name}: is copied to /{name}, where g20site writes {made}; "
                                            "rename or remove it")


def test_a_static_file_in_the_search_index_folder_is_an_error(site: Path) -> None:
    replace_in(site, "content/site.yaml", "sections:\n", "sections:\n  search:\n    id: {name: Cari, slug: cari}\n"
                                                          "    en: {name: Search, slug: search}\n")
    (site / "static/pagefind").mkdir()
    (site / "static/pagefind/pagefind.js").write_text("mine", "utf-8")
    result = run(site)
    assert_errors(result, "static/pagefind/pagefind.js: is copied into /pagefind/, where g20site writes the search "
                          "index; rename or move it")


# --- the file system says no ------------------------------------------------------------------------


def test_an_output_below_a_file_is_wrong_usage_naming_the_file(site: Path) -> None:
    (site / "afile").write_text("mine\n", "utf-8")
    result = run(site, "--output", str(site / "afile" / "sub"))
    assert_errors(result, f"{site / 'afile'}: is a file, so no output folder can be made inside it; "
                          "choose another, e.g. public", code=2)
    assert (site / "afile").read_text("utf-8") == "mine\n"


def test_a_write_the_file_system_refuses_leaves_the_output_as_it_was(built_site: Path) -> None:
    """A real refusal by the kernel: files may not grow past 2 KB in the build's process (as on a full disk)."""
    site, before = built_site, state(built_site / "public")
    replace_in(site, NOTE, "Teks rapat dengan", "Teks baru rapat dengan")
    limit = "import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); " \
            "resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048)); "
    done = subprocess.run(
        [sys.executable, "-c", limit + "from g20site.cli import main; main()", "build", "--source", str(site),
         "--no-cache", "--jobs", "1"], capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(r"^\S+: cannot be written: File too large$", done.stderr, re.M), done.stderr
    assert state(site / "public") == before
    assert not [p for p in site.iterdir() if ".g20site-staging-" in p.name]


def test_a_killed_builds_staging_folder_is_removed_by_the_next_build(site: Path) -> None:
    ok(site)
    dead = site / f".public.g20site-staging-{_unused_pid()}-abc123"
    old = site / ".public.g20site-staging-k2j4h1x"  # named before folders carried their process id
    live = site / f".public.g20site-staging-{os.getpid()}-def456"
    for folder in (dead, old, live):
        (folder / "css").mkdir(parents=True)
        (folder / "css" / "x.css").write_text("left over", "utf-8")
    cache = state(site / ".g20site-cache")
    ok(site)
    assert not dead.exists() and not old.exists()
    assert live.is_dir()  # a build still running keeps its own
    assert state(site / ".g20site-cache").keys() == cache.keys()


def _unused_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_a_yaml_tag_is_one_plain_message_at_its_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, NOTE, "title: Rapat Contoh", 'title: !!python/name:os.system ""')
    result = run(site)
    assert_refused(site, before, result, f'{NOTE}:{line_of(text, "title:")}: title: "!!python/name:os.system" is a '
                                         "YAML tag, which g20site does not read; write the value as plain text, "
                                         "without the !!")
    assert "is missing" not in result.output and "<unicode string>" not in result.output


def test_a_settings_error_does_not_hide_the_errors_of_the_documents(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    settings = (site / "content/site.yaml").read_text("utf-8")
    old = next(line for line in settings.splitlines() if line.startswith("base_url:"))
    replace_in(site, "content/site.yaml", old, "base_url: nowhere")
    text = replace_in(site, NOTE, "date: 2022-02-01", "date: 2022-02-31")
    assert_refused(site, before, run(site),
                   f'content/site.yaml:{line_of(settings, "base_url:")}: base_url: "nowhere" is not a web address '
                   f"{WEB_ADDRESS}",
                   f'{NOTE}:{line_of(text, "date:")}: date: "2022-02-31" is not a date (use YYYY-MM-DD)')


def test_with_site_yaml_unreadable_the_documents_are_still_checked(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    write(site, "content/site.yaml", "languages: [unclosed\n")
    text = replace_in(site, NOTE, "date: 2022-02-01", "date: 2022-02-31")
    result = run(site)
    assert_refused(site, before, result, f'{NOTE}:{line_of(text, "date:")}: date: "2022-02-31" is not a date '
                                         "(use YYYY-MM-DD)")
    assert "content/site.yaml:" in result.output


def test_check_writes_nothing_not_even_the_build_cache(site: Path) -> None:
    before = state(site)
    result = CliRunner().invoke(main, ["check", "--source", str(site)])
    assert result.exit_code == 0, result.output
    assert state(site) == before  # no .g20site-cache, no public/


def test_check_reads_the_build_cache_and_leaves_it_as_it_was(site: Path) -> None:
    ok(site)
    replace_in(site, NOTE, "Teks rapat dengan", "Teks baru rapat dengan")
    before = state(site)
    result = CliRunner().invoke(main, ["check", "--source", str(site)])
    assert result.exit_code == 0, result.output
    assert state(site) == before
