"""Reading a site folder: tiny sites written into a temporary folder, read with load_site.

Each site has the settings, the slogan and the meeting notes a test names;
problems are checked by their file, line and the line a user reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from g20site.errors import Problem
from g20site.load.model import Site
from g20site.load.site import load_site

SITE_YAML = """\
base_url: https://example.go.id/g20/
default_language: id
languages:
  id: {title: Situs Uji}
  en: {title: Test Site}
sections:
  key_messages:
    id: {name: Pesan Kunci, slug: pesan-kunci}
    en: {name: Key Messages, slug: key-messages}
  meetings:
    id: {name: Catatan Rapat, slug: catatan-rapat}
    en: {name: Meeting Notes, slug: meeting-notes}
publisher: {name: Biro Humas Kementerian Contoh}
"""
SLOGAN_YAML = "id: {text: Pulih Bersama}\nen: {text: Recover Together}\n"
RAPAT_ID = "---\ntitle: Rapat\ndate: 2022-01-18\nsummary: Ringkasan.\n---\nTeks.\n"
RAPAT_EN = "---\ntitle: Meeting\ndate: 2022-01-18\nsummary: Summary.\nslug: meeting\n---\nText.\n"
PAIR = {"2022-01-18-rapat.id.md": RAPAT_ID, "2022-01-18-rapat.en.md": RAPAT_EN}


def load(root: Path, meetings: dict[str, str], **options: Any) -> tuple[Site, list[Problem]]:
    """Write a site with these meeting notes into ``root`` and read it."""
    (root / "content/meetings").mkdir(parents=True)
    (root / "content/site.yaml").write_text(SITE_YAML, "utf-8")
    (root / "content/slogan.yaml").write_text(SLOGAN_YAML, "utf-8")
    for name, text in meetings.items():
        (root / "content/meetings" / name).write_text(text, "utf-8")
    site, problems = load_site(root, **options)
    assert site is not None, problems
    return site, problems


def where(problem: Problem) -> tuple[str, int | None, str]:
    return problem.path, problem.line, problem.severity


def loaded(site: Site) -> list[tuple[str, str, str]]:
    return sorted((d.key, d.lang, d.slug) for d in site.documents)


def test_a_translation_pair_shares_its_key_and_each_keeps_its_slug(tmp_path: Path) -> None:
    site, problems = load(tmp_path, PAIR)
    assert problems == []
    assert loaded(site) == [("2022-01-18-rapat", "en", "meeting"), ("2022-01-18-rapat", "id", "rapat")]
    note = site.meetings("id")[0]
    assert set(site.translations(note)) == {"id", "en"}


def test_drafts_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    drafts = {
        "2022-02-01-draf.id.md": "---\ntitle: Draf\ndate: 2022-02-01\nsummary: Ringkas.\ndraft: true\n---\nTeks.\n",
        "2022-02-01-draf.en.md": "---\ntitle: Draft\ndate: 2022-02-01\nsummary: Short.\ndraft: true\n---\nText.\n",
    }
    site, problems = load(tmp_path / "published", {**PAIR, **drafts})
    assert problems == []
    assert [d.key for d in site.documents] == ["2022-01-18-rapat", "2022-01-18-rapat"]
    site, problems = load(tmp_path / "with-drafts", {**PAIR, **drafts}, drafts=True)
    assert problems == []
    assert sorted({d.key for d in site.documents}) == ["2022-01-18-rapat", "2022-02-01-draf"]


def test_a_draft_that_lacks_what_a_page_needs_is_left_out_with_a_warning(tmp_path: Path) -> None:
    drafts = {
        "2022-02-01-draf.id.md": "---\ntitle: Draf\ndate: 2022-02-01\nsummary:\ndraft: true\n---\nTeks.\n",
        "2022-02-01-draf.en.md": "---\ntitle:\ndate: 2022-02-01\nslug:\ndraft: true\n---\nText.\n",
    }
    site, problems = load(tmp_path / "published", {**PAIR, **drafts})
    assert problems == []  # not built: its gaps stop nothing
    site, problems = load(tmp_path / "with-drafts", {**PAIR, **drafts}, drafts=True)
    unshown = "; this draft is not shown until then"
    assert [(p.path, p.line, str(p)) for p in problems] == [
        ("content/meetings/2022-02-01-draf.en.md", 2, "content/meetings/2022-02-01-draf.en.md:2: warning: "
         f"title: is empty; write its text after title: on this line{unshown}"),
        ("content/meetings/2022-02-01-draf.en.md", 2, "content/meetings/2022-02-01-draf.en.md:2: warning: "
         f"summary: is missing; add a line summary: with its text{unshown}"),
        ("content/meetings/2022-02-01-draf.en.md", 4, "content/meetings/2022-02-01-draf.en.md:4: warning: slug: is "
         "empty; write the address of this page in its language (lowercase letters, digits and hyphens, e.g. "
         f'rapat-koordinasi), or delete the line to take it from the file name ("draf"){unshown}'),
        ("content/meetings/2022-02-01-draf.id.md", 4, "content/meetings/2022-02-01-draf.id.md:4: warning: "
         f"summary: is empty; write its text after summary: on this line{unshown}"),
    ]
    assert [d.key for d in site.documents] == ["2022-01-18-rapat", "2022-01-18-rapat"]
    assert sorted(d.path for d in site.left_out) == [
        "content/meetings/2022-02-01-draf.en.md", "content/meetings/2022-02-01-draf.id.md"]


def test_a_file_not_named_name_lang_md_is_a_warning_and_is_not_read(tmp_path: Path) -> None:
    site, problems = load(tmp_path, {**PAIR, "2022-01-20-rapat.md": RAPAT_ID})
    [problem] = problems
    assert where(problem) == ("content/meetings/2022-01-20-rapat.md", None, "warning")
    assert str(problem) == (
        "content/meetings/2022-01-20-rapat.md: warning: is not used: name Markdown files NAME.LANG.md, e.g. about.id.md"
    )
    assert len(site.documents) == 2


def test_a_language_that_site_yaml_does_not_list_is_a_warning_and_is_not_read(tmp_path: Path) -> None:
    site, problems = load(tmp_path, {**PAIR, "2022-01-18-rapat.fr.md": RAPAT_EN})
    [problem] = problems
    assert where(problem) == ("content/meetings/2022-01-18-rapat.fr.md", None, "warning")
    assert str(problem) == (
        'content/meetings/2022-01-18-rapat.fr.md: warning: is not used: "fr" is not a language in site.yaml (id, en)'
    )
    assert {d.lang for d in site.documents} == {"id", "en"}


def test_a_meeting_note_without_a_date_in_its_name_is_an_error(tmp_path: Path) -> None:
    site, problems = load(tmp_path, {**PAIR, "rapat.id.md": RAPAT_ID})
    [problem] = problems
    assert where(problem) == ("content/meetings/rapat.id.md", None, "error")
    assert str(problem) == (
        "content/meetings/rapat.id.md: meeting notes are named YYYY-MM-DD-name.LANG.md, e.g. 2022-01-18-rapat.id.md"
    )
    assert [d.key for d in site.documents] == ["2022-01-18-rapat", "2022-01-18-rapat"]


def test_a_date_that_differs_from_the_one_in_the_name_is_a_warning_at_its_line(tmp_path: Path) -> None:
    pair = {name.replace("01-18", "01-19"): text for name, text in PAIR.items()}
    site, problems = load(tmp_path, pair)
    assert [where(p) for p in problems] == [
        ("content/meetings/2022-01-19-rapat.en.md", 3, "warning"),
        ("content/meetings/2022-01-19-rapat.id.md", 3, "warning"),
    ]
    assert str(problems[1]) == (
        "content/meetings/2022-01-19-rapat.id.md:3: warning: date: 2022-01-18 differs from the date in the file name "
        "(2022-01-19)"
    )
    assert {d.date.isoformat() for d in site.documents if d.date} == {"2022-01-18"}  # the front matter's date


def test_a_base_url_given_replaces_the_one_in_site_yaml(tmp_path: Path) -> None:
    site, _ = load(tmp_path, PAIR, base_url="https://www.example.org/kampanye/")
    assert site.config.base_url == "https://www.example.org/kampanye/"


def test_an_unknown_front_matter_key_is_a_warning_that_suggests_the_known_one(tmp_path: Path) -> None:
    text = RAPAT_EN.replace("slug: meeting\n", "slug: meeting\ntag: [g20]\n")
    site, problems = load(tmp_path, {**PAIR, "2022-01-18-rapat.en.md": text})
    [problem] = problems
    assert where(problem) == ("content/meetings/2022-01-18-rapat.en.md", 6, "warning")
    assert str(problem) == (
        "content/meetings/2022-01-18-rapat.en.md:6: warning: tag: unknown setting, it is ignored (did you mean tags?)"
    )
    assert [d.tags for d in site.meetings("en")] == [()]  # read, without the unknown key
