"""The translation workflow from the command line: report, stale, mark done, new translation."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from g20site.build.pipeline import Options, build
from g20site.cli import main
from g20site.load.site import load_site

from .conftest import REPO, replace_in

NOTE_ID = "content/meetings/2022-02-01-rapat-contoh.id.md"
NOTE_EN = "content/meetings/2022-02-01-rapat-contoh.en.md"
ONLY_ID = "content/meetings/2022-03-05-hanya-indonesia.id.md"


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def state_line(output: str, path: str) -> str:
    return next(line for line in output.splitlines() if path in line and line.startswith("  "))


def test_an_edit_of_the_original_makes_its_translation_stale_until_marked_done(site: Path) -> None:
    code, output = run("translations", "--source", site)
    assert code == 0, output
    assert state_line(output, NOTE_EN).startswith("  en  not marked ")  # the fixture starts unmarked

    code, output = run("translations", "--source", site, "--mark-done", site / NOTE_EN)
    assert (code, output) == (0, f"{NOTE_EN}: marked up to date\n")
    assert 'translated_from: "' in (site / NOTE_EN).read_text("utf-8")
    code, output = run("translations", "--source", site)
    assert state_line(output, NOTE_EN) == f"  en  up to date   {NOTE_EN}"

    replace_in(site, NOTE_ID, "Teks rapat dengan", "Teks rapat yang dikoreksi dengan")
    code, output = run("translations", "--source", site)
    assert code == 0
    assert state_line(output, NOTE_EN) == (
        f"  en  OUT OF DATE  {NOTE_EN}: the Indonesian text changed; update this translation, then mark it done"
    )
    assert "1 out of date" in output.splitlines()[-2]

    code, output = run("check", "--source", site)
    assert code == 0
    lines = (site / NOTE_EN).read_text("utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("translated_from:"))
    warning = (f"{NOTE_EN}:{line}: warning: translated_from: this translation is out of date: {NOTE_ID} changed "
               f"after it was last brought up to date; update the text, then run: "
               f"g20site translations --mark-done {NOTE_EN}")
    assert warning in output.splitlines()
    code, output = run("check", "--source", site, "--strict")
    assert code == 1 and warning.replace(": warning: ", ": ") in output.splitlines()

    code, output = run("translations", "--source", site, "--mark-done", NOTE_EN)  # relative to the site
    assert (code, output) == (0, f"{NOTE_EN}: marked up to date\n")
    code, output = run("translations", "--source", site)
    assert state_line(output, NOTE_EN) == f"  en  up to date   {NOTE_EN}"
    code, output = run("check", "--source", site)
    assert "out of date" not in output


def test_a_change_of_the_translation_alone_keeps_it_up_to_date(site: Path) -> None:
    run("translations", "--source", site, "--mark-done", NOTE_EN)
    replace_in(site, NOTE_EN, "Meeting text with", "Meeting text, corrected, with")
    replace_in(site, NOTE_ID, "slug: rapat-contoh", "slug: rapat-contoh-baru\ndraft: false")  # not words to translate
    code, output = run("translations", "--source", site)
    assert state_line(output, NOTE_EN) == f"  en  up to date   {NOTE_EN}"


def test_mark_done_refuses_the_original_and_files_that_are_not_documents(site: Path) -> None:
    before = (site / NOTE_ID).read_bytes()
    code, output = run("translations", "--source", site, "--mark-done", NOTE_ID, "content/site.yaml")
    assert code == 1
    assert output.splitlines() == [
        f"{NOTE_ID}: is the Indonesian original, not a translation; mark its translations ({NOTE_EN})",
        "content/site.yaml: is not a document of this site: give a Markdown file in content/meetings, "
        "content/fact-checks, content/events, content/pages or content/key-messages, named NAME.LANG.md",
        "Nothing was marked: 2 errors.",
    ]
    assert (site / NOTE_ID).read_bytes() == before


def test_mark_done_and_its_files_go_together(site: Path) -> None:
    assert run("translations", "--source", site, "--mark-done")[0] == 2
    assert run("translations", "--source", site, NOTE_EN)[0] == 2


def test_new_translation_starts_a_draft_that_is_up_to_date_with_its_original(site: Path) -> None:
    target = site / ONLY_ID.replace(".id.md", ".en.md")
    code, output = run("new", "translation", site / ONLY_ID, "--source", site)  # en: the one language missing
    assert code == 0, output
    assert output.splitlines() == [
        f"Wrote {target}",
        "Translate its front matter and text, then delete the line `draft: true` to publish it.",
    ]
    original = (site / ONLY_ID).read_text("utf-8")
    _, front, body = original.split("---\n", 2)
    text = target.read_text("utf-8")
    assert text.startswith(f"---\n{front}draft: true\ntranslated_from: ")  # front matter copied, a draft
    assert text.endswith(f"---\n{body}")  # the text, left for the translator
    loaded, _ = load_site(site, drafts=True)
    assert loaded is not None
    source = next(d for d in loaded.documents if d.path == ONLY_ID)
    assert f'translated_from: "{source.text_hash}"' in text

    code, output = run("translations", "--source", site)
    assert state_line(output, target.name) == f"  en  up to date   {ONLY_ID.replace('.id.', '.en.')} (a draft)"
    public = site / "public"
    assert run("build", "--source", site, "--quiet")[0] == 0
    assert not (public / "en/meeting-notes/hanya-indonesia").exists()  # a draft is not published

    code, output = run("new", "translation", ONLY_ID, "--lang", "en", "--source", site)
    assert code == 1 and "already exists; nothing was written" in output
    code, output = run("new", "translation", ONLY_ID, "--lang", "fr", "--source", site)
    assert code == 1 and '"fr" is not a language in site.yaml (id, en)' in output


def test_the_bundled_content_starts_up_to_date_and_the_first_edit_makes_english_stale(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "templates", site / "templates")
    code, output = run("translations", "--source", site)
    assert code == 0
    totals = output.splitlines()[-1]
    assert totals.startswith("9 documents; translations: 0 missing, 0 out of date, 0 not marked;"), output
    note = "content/meetings/2022-01-18-rapat-koordinasi-humas-g20-meta"
    replace_in(site, f"{note}.id.md", "Pada Selasa, 18 Januari 2022,", "Pada hari Selasa, 18 Januari 2022,")
    code, output = run("translations", "--source", site)
    assert state_line(output, f"{note}.en.md").startswith("  en  OUT OF DATE ")
    assert "9 documents; translations: 0 missing, 1 out of date, 0 not marked;" in output


def test_marking_done_changes_no_page_and_a_new_hint_text_reaches_the_home_page(site: Path) -> None:
    build(site, site / "public", Options(jobs=1))
    run("translations", "--source", site, "--mark-done", NOTE_EN)
    report = build(site, site / "public", Options(jobs=1)).report
    assert report is not None and report.written == 0  # the line is bookkeeping: no page shows it

    po = site / "templates/locale/en/LC_MESSAGES/messages.po"
    replace_in(site, str(po.relative_to(site)), 'msgstr "This site is also available in %(language)s."',
         'msgstr "This site is in %(language)s too."')
    build(site, site / "public", Options(jobs=1))
    assert "This site is in English too." in (site / "public/index.html").read_text("utf-8")


def test_a_new_meetings_translations_turn_stale_once_the_original_is_written(site: Path) -> None:
    code, output = run("new", "meeting", "Rapat: Humas & 'Meta' #1", "--date", "2022-05-02", "--source", site)
    assert code == 0, output
    note = "content/meetings/2022-05-02-rapat-humas-meta-1"
    assert 'translated_from: "' in (site / f"{note}.en.md").read_text("utf-8")
    assert "translated_from" not in (site / f"{note}.id.md").read_text("utf-8")
    code, output = run("translations", "--source", site)
    assert state_line(output, f"{note}.en.md") == f"  en  up to date   {note}.en.md (a draft)"
    replace_in(site, f"{note}.id.md", "\nsummary:\n", "\nsummary: Ringkasan rapat.\n")
    code, output = run("translations", "--source", site)
    assert state_line(output, f"{note}.en.md").startswith("  en  OUT OF DATE  ")
