"""Bad input: every case exits 1 with `path:line: message` and leaves public/ exactly as it was.

Each test builds the fixture site once, records public/ (bytes and
modification times), breaks the content, builds again and checks the exit
code, the exact error line, that no traceback escaped, and that public/ was
not touched.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from g20site.cli import main

from .conftest import assert_refused, built, line_of, run, state, write

EN_MEETING = "content/meetings/2022-02-01-rapat-contoh.en.md"
ID_MEETING = "content/meetings/2022-02-01-rapat-contoh.id.md"
ONLY_ID = "content/meetings/2022-03-05-hanya-indonesia.id.md"
ABOUT_EN = "content/pages/about.en.md"
ABOUT_ID = "content/pages/about.id.md"

GOOD_EN_MEETING = """\
---
title: Sample Meeting
date: 2022-02-01
summary: Summary of the sample meeting.
participants: [Institution A, Institution B]
agenda: [Item one, Item two]
tags: [test]
slug: sample-meeting
---
## Part

Meeting text with a [link to the about page](../pages/about.en.md).
"""

ABOUT_EN_HEAD = "---\ntitle: About\nsummary: About the test site.\n---\nThe about page.\n\n"


def break_en_meeting(site: Path, old: str, new: str) -> str:
    text = GOOD_EN_MEETING.replace(old, new)
    assert text != GOOD_EN_MEETING
    write(site, EN_MEETING, text)
    return text


def test_invalid_date(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = break_en_meeting(site, "date: 2022-02-01", "date: 2022-13-01")
    line = line_of(text, "date:")
    result = run(site)
    assert_refused(site, before, result, f'{EN_MEETING}:{line}: date: "2022-13-01" is not a date (use YYYY-MM-DD)')


def test_date_not_in_iso_form(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = break_en_meeting(site, "date: 2022-02-01", "date: 1 February 2022")
    line = line_of(text, "date:")
    result = run(site)
    assert_refused(site, before, result, f'{EN_MEETING}:{line}: date: "1 February 2022" is not a date (use YYYY-MM-DD)')


def test_date_with_single_digit_month(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = break_en_meeting(site, "date: 2022-02-01", "date: 2022-2-1")
    line = line_of(text, "date:")
    result = run(site)
    assert_refused(site, before, result, f'{EN_MEETING}:{line}: date: "2022-2-1" is not a date (use YYYY-MM-DD)')


def test_missing_title(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    break_en_meeting(site, "title: Sample Meeting\n", "")
    result = run(site)
    # No title line to point at: the message points at the first line of the front matter.
    assert_refused(site, before, result, f"{EN_MEETING}:2: title: is missing; add a line title: with its text")


def test_yaml_syntax_error(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = break_en_meeting(site, "summary: Summary of", "summary: Note: summary of")
    line = line_of(text, "summary:")
    assert line == 4
    result = run(site)
    assert_refused(
        site, before, result,
        f'{EN_MEETING}:{line}: this value contains ": " (a colon and a space), which YAML reads as the start of a '
        'setting: put the whole value in quotes, like this: summary: "Note: summary of the sample meeting."',
        "    (YAML: mapping values are not allowed here)",
    )


def test_front_matter_without_closing_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    write(site, EN_MEETING, "---\ntitle: Sample Meeting\ndate: 2022-02-01\nsummary: S.\n\nBody text.\n")
    result = run(site)
    assert_refused(site, before, result, f"{EN_MEETING}:4: the front matter (from line 1) is not closed: "
                                         "add a line with only --- after this line", "    4 | summary: S.")


def test_unknown_default_language(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    config = (site / "content/site.yaml").read_text("utf-8")
    config = config.replace("default_language: id", "default_language: fr")
    write(site, "content/site.yaml", config)
    line = line_of(config, "default_language:")
    result = run(site)
    assert_refused(
        site, before, result, f'content/site.yaml:{line}: default_language: "fr" is not one of the languages (id, en)'
    )


def test_bad_base_url_in_site_yaml(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    config = (site / "content/site.yaml").read_text("utf-8")
    config = config.replace("base_url: https://example.go.id/g20/", "base_url: example.go.id/g20")
    write(site, "content/site.yaml", config)
    line = line_of(config, "base_url:")
    result = run(site)
    assert_refused(
        site,
        before,
        result,
        f'content/site.yaml:{line}: base_url: "example.go.id/g20" is not a web address '
        "(use e.g. https://www.example.go.id/g20/)",
    )


def test_yaml_alias_bomb_is_refused_quickly(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for previous, name in zip(names, names[1:], strict=False):
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    text = "---\n" + "\n".join(bomb) + "\ntitle: Boom\ndate: 2022-02-01\nsummary: S.\n---\nBody.\n"
    write(site, EN_MEETING, text)
    started = time.perf_counter()
    result = run(site)
    assert time.perf_counter() - started < 5
    line = line_of(text, "&a")
    assert line == 2
    assert_refused(
        site,
        before,
        result,
        f"{EN_MEETING}:{line}: a value cannot start with &: put the whole value in quotes, like this: "
        f"a: '{bomb[0][3:]}'",
    )


def test_duplicate_key_in_front_matter(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = break_en_meeting(site, "slug: sample-meeting\n", "slug: sample-meeting\ntitle: Another Title\n")
    first = line_of(text, "title:")
    second = line_of(text, "title: Another")
    assert (first, second) == (2, 9)
    result = run(site)
    assert_refused(site, before, result, f"{EN_MEETING}:{second}: title: appears twice (first on line {first})")


def test_duplicate_url_two_meetings_with_one_slug(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    other = "content/meetings/2022-05-01-lain.en.md"
    text = "---\ntitle: Another Meeting\ndate: 2022-05-01\nsummary: S.\nslug: sample-meeting\n---\nBody.\n"
    write(site, other, text)
    result = run(site)
    assert_refused(
        site,
        before,
        result,
        f"{other}:{line_of(text, 'slug:')}: its address /en/meeting-notes/sample-meeting/ is also the address of "
        f"{EN_MEETING}; give one of them another slug",
    )


def test_duplicate_url_page_slug_equal_to_section_slug(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    page = "content/pages/kontak.id.md"
    text = "---\ntitle: Kontak\nslug: catatan-rapat\n---\nBody.\n"
    write(site, page, text)
    result = run(site)
    assert_refused(
        site,
        before,
        result,
        f"{page}:{line_of(text, 'slug:')}: its address /catatan-rapat/ is also the address of content/site.yaml; "
        "give one of them another slug",
    )


def test_link_to_missing_content_file(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = ABOUT_EN_HEAD + "See [nothing](../pages/nope.id.md).\n"
    write(site, ABOUT_EN, text)
    line = line_of(text, "nope.id.md")
    assert line == 7
    result = run(site)
    assert_refused(
        site,
        before,
        result,
        f'{ABOUT_EN}:{line}: link "../pages/nope.id.md" leads nowhere: '
        "content/pages/nope.id.md is not a published document",
    )


def _no_output_mentions(site: Path, word: bytes) -> None:
    for path in (site / "public").rglob("*"):
        if path.is_file():
            assert word not in path.read_bytes().lower(), path


def test_javascript_link_in_markdown(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = ABOUT_EN_HEAD + "A [trap](javascript:alert(1)).\n"
    write(site, ABOUT_EN, text)
    result = run(site)
    assert_refused(
        site,
        before,
        result,
        f'{ABOUT_EN}:{line_of(text, "javascript:")}: link "javascript:alert(1)" uses javascript:, which is not allowed '
        "(use an https:// address or a page of this site)",
    )
    _no_output_mentions(site, b"javascript:")


@pytest.mark.parametrize("link", ["javascript&colon;alert(1)//../../", "java&Tab;script:alert(1)//../../"])
def test_javascript_link_hidden_behind_a_character_reference(site: Path, link: str) -> None:
    # Browsers decode "&colon;" and "&Tab;" in an href: this is a javascript: link once written.
    before = built(site)
    text = ABOUT_EN_HEAD + f"A [trap]({link}).\n"
    write(site, ABOUT_EN, text)
    result = run(site)
    assert result.exit_code == 1, result.output
    prefix = f'{ABOUT_EN}:{line_of(text, "trap")}: link "{link}" '
    assert any(line.startswith(prefix) for line in result.output.splitlines()), result.output
    assert_refused(site, before, result)
    _no_output_mentions(site, b"script&")


def test_javascript_link_in_raw_html_when_raw_html_is_allowed(site: Path) -> None:
    config = (site / "content/site.yaml").read_text("utf-8")
    write(site, "content/site.yaml", config.replace("allow_raw_html: false", "allow_raw_html: true"))
    before = built(site)
    text = ABOUT_EN_HEAD + 'Inline <a href="javascript:alert(1)">trap</a> here.\n'
    write(site, ABOUT_EN, text)
    result = run(site)
    assert_refused(
        site,
        before,
        result,
        f'{ABOUT_EN}:{line_of(text, "javascript:")}: link "javascript:alert(1)" uses javascript:, which is not allowed '
        "(use an https:// address or a page of this site)",
    )
    _no_output_mentions(site, b"javascript:")


RAW_LINKS = [
    # (raw HTML, the marker on the line it must be reported at, the link as reported)
    ('<p>Intro.</p>\n\n<div class="box">\n<p>One</p>\n<p><a href="&#106;avascript:alert(1)">two</a></p>\n</div>\n',
     "two</a>", "javascript:alert(1)"),
    ('<a class="x"\n   title="spread over lines"\n   href="javascript:alert(2)">three</a>\n',
     'href="javascript:alert(2)"', "javascript:alert(2)"),
    ('<figure>\n<img alt="a"\tsrcset="/a.png 1x, javascript:alert(3) 2x" src="/a.png">\n</figure>\n',
     "srcset=", "javascript:alert(3)"),
]


@pytest.mark.parametrize(("html", "marker", "link"), RAW_LINKS, ids=["entity-in-a-block", "tag-over-lines", "srcset"])
def test_javascript_link_in_raw_html_is_reported_at_its_own_line(site: Path, html: str, marker: str, link: str) -> None:
    config = (site / "content/site.yaml").read_text("utf-8")
    write(site, "content/site.yaml", config.replace("allow_raw_html: false", "allow_raw_html: true"))
    before = built(site)
    text = ABOUT_EN_HEAD + "Some words.\n\nMore words.\n\n" + html
    write(site, ABOUT_EN, text)
    result = run(site)
    assert_refused(
        site,
        before,
        result,
        f'{ABOUT_EN}:{line_of(text, marker)}: link "{link}" uses javascript:, which is not allowed '
        "(use an https:// address or a page of this site)",
    )


def test_file_that_is_not_utf8(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    raw = GOOD_EN_MEETING.replace("Summary of the sample meeting.", "R\xe9sum\xe9.").encode("latin-1")
    (site / EN_MEETING).write_bytes(raw)
    result = run(site)
    assert_refused(site, before, result, f"{EN_MEETING}:4: is not UTF-8 text; save the file as UTF-8")


def test_unknown_front_matter_key_is_a_warning_and_an_error_when_strict(site: Path) -> None:
    built(site)
    text = break_en_meeting(site, "slug: sample-meeting\n", "slug: sample-meeting\nvenue: Bali\n")
    line = line_of(text, "venue:")
    message = f"{EN_MEETING}:{line}: venue: unknown setting, it is ignored"

    result = run(site)
    assert result.exit_code == 0, result.output
    assert f"{EN_MEETING}:{line}: warning: venue: unknown setting, it is ignored" in result.output.splitlines()
    before = state(site / "public")

    result = run(site, "--strict")
    assert_refused(site, before, result, message)


def test_missing_translation_is_a_warning_and_an_error_when_strict(site: Path) -> None:
    translation = ONLY_ID.replace(".id.md", ".en.md")
    write(site, translation, "---\ntitle: Indonesian Only\ndate: 2022-03-05\nsummary: Now translated.\n---\nBody.\n")
    before = built(site, "--strict")
    (site / translation).unlink()
    message = f"{ONLY_ID}: has no English translation ({translation})"

    result = run(site, "--strict")
    assert_refused(site, before, result, message)

    result = run(site)
    assert result.exit_code == 0, result.output
    assert f"{ONLY_ID}: warning: has no English translation ({translation})" in result.output.splitlines()


def test_three_errors_in_three_files_are_all_reported(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    meeting = break_en_meeting(site, "date: 2022-02-01", "date: 2022-13-01")
    about = "---\ntitle: Tentang\nslug: tentang\ntitle: Lagi\nsummary: Tentang situs uji.\n---\nHalaman tentang.\n"
    write(site, ABOUT_ID, about)
    only = "---\ntitle: Hanya Bahasa Indonesia\ndate: 2022-03-05\nsummary: Catatan: rusak.\n---\nIsi.\n"
    write(site, ONLY_ID, only)
    result = run(site)
    assert_refused(
        site,
        before,
        result,
        f'{EN_MEETING}:{line_of(meeting, "date:")}: date: "2022-13-01" is not a date (use YYYY-MM-DD)',
        f"{ABOUT_ID}:4: title: appears twice (first on line 2)",
        f'{ONLY_ID}:4: this value contains ": " (a colon and a space), which YAML reads as the start of a setting: '
        'put the whole value in quotes, like this: summary: "Catatan: rusak."',
    )
    assert "3 errors" in result.output


def test_bad_base_url_option_is_a_usage_error(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    result = run(site, "--base-url", "not-a-url")
    assert result.exit_code == 2, result.output
    assert "not-a-url" in result.output
    assert "Traceback" not in result.output
    assert state(site / "public") == before


def test_template_error_names_the_template_and_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    template = site / "templates/page.html"
    text = template.read_text("utf-8").replace("</h1>", "{{ no_such_name }}</h1>", 1)
    template.write_text(text, "utf-8")
    line = line_of(text, "no_such_name")
    result = run(site)
    assert_refused(site, before, result, f"templates/page.html:{line}: template: 'no_such_name' is undefined")


def test_template_error_in_a_partial_names_the_partial(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    partial = site / "templates/partials/footer.html"
    text = partial.read_text("utf-8").replace('<div class="wrap">', '<div class="wrap">{{ no_such_name }}', 1)
    partial.write_text(text, "utf-8")
    line = line_of(text, "no_such_name")
    result = run(site)
    expected = f"templates/partials/footer.html:{line}: template: 'no_such_name' is undefined"
    assert_refused(site, before, result, expected)


def test_template_error_has_its_line_when_run_in_the_site_folder(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The everyday call: `g20site build` inside the site folder, so --source is the default ".".
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    before = state(site / "public")
    template = site / "templates/page.html"
    text = template.read_text("utf-8").replace("</h1>", "{{ no_such_name }}</h1>", 1)
    template.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["build"])
    line = line_of(text, "no_such_name")
    assert_refused(site, before, result, f"templates/page.html:{line}: template: 'no_such_name' is undefined")


def test_file_name_with_a_line_break_is_named_on_one_line(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    write(site, "content/pages/a\nb\x1b.id.md", "---\ntitle: A\n---\nText.\n")
    result = run(site)
    assert_refused(site, before, result, 'content/pages/a\\nb\\x1b.id.md: the file name gives this page the address '
                                         '"a\\nb\\x1b", which is not a valid slug (use lowercase letters, digits and '
                                         "hyphens, e.g. rapat-koordinasi): rename the file, or give it a slug: line")
    assert "\x1b" not in result.output
