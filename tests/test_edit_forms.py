"""The editor's mapping between a file and its form: what the form shows of a file, and the file a
submitted form writes (only the lines of changed values; every other byte kept)."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest

from g20site.edit import forms, front_lines
from g20site.edit.checks import problems_of
from g20site.edit.files import Refused, document, located
from g20site.load.model import EVENT, FACT_CHECK, MEETING
from g20site.load.site import load_config
from g20site.scaffold import new_document

from .conftest import SITES

NOTE = """---
title: Rapat Contoh  # the title as written
date: 2022-02-01
summary: Ringkasan rapat contoh.
participants: [Lembaga A, Lembaga B]
agenda:
  - Agenda satu
  - Agenda dua

# tags: a comment that stays
tags: [uji]
draft: true
---
## Bagian

Teks.
"""


@pytest.fixture(scope="module")
def config():  # type: ignore[no-untyped-def]
    found, problems = load_config(SITES / "basic")
    assert found is not None, problems
    return found


def posted(**values: str) -> dict[str, list[str]]:
    return parse_qs(urlencode(values), keep_blank_values=True)


def test_the_form_shows_what_the_file_holds(config) -> None:  # type: ignore[no-untyped-def]
    form = forms.inputs(config, MEETING, "id")
    values = forms.values_of(NOTE, form)
    assert [f.key for f in form] == ["title", "slug", "date", "summary", "participants", "agenda", "tags",
                                     "sources", "image", "image_alt", "draft"]
    assert values["title"] == "Rapat Contoh"
    assert values["participants"] == ["Lembaga A", "Lembaga B"]
    assert values["agenda"] == ["Agenda satu", "Agenda dua"]
    assert values["tags"] == ["uji"] and values["draft"] is True and values["sources"] == []


def test_unchanged_values_write_the_same_bytes(config) -> None:  # type: ignore[no-untyped-def]
    form = forms.inputs(config, MEETING, "id")
    same = forms.write_values(NOTE, form, forms.values_of(NOTE, form), front_lines.body_of(NOTE))
    assert same == NOTE


def test_a_changed_value_changes_its_lines_only(config) -> None:  # type: ignore[no-untyped-def]
    form = forms.inputs(config, MEETING, "id")
    values = forms.values_of(NOTE, form) | {"agenda": ["Agenda satu", "Jadwal: siaran pers"], "draft": False,
                                            "summary": "Kementerian sepakat."}
    written = forms.write_values(NOTE, form, values, None)
    assert written == NOTE.replace("summary: Ringkasan rapat contoh.", 'summary: "Kementerian sepakat."').replace(
        "  - Agenda dua\n", '  - "Jadwal: siaran pers"\n').replace("draft: true\n", "")


def test_a_new_key_goes_above_the_draft_line_and_its_comment(config) -> None:  # type: ignore[no-untyped-def]
    form = forms.inputs(config, MEETING, "id")
    values = forms.values_of(NOTE, form) | {"sources": [{"title": "Siaran pers", "publisher": "Kominfo",
                                                         "url": "https://kominfo.go.id/x"}]}
    written = forms.write_values(NOTE, form, values, None)
    assert written == NOTE.replace("draft: true\n", 'sources:\n  - title: "Siaran pers"\n    publisher: Kominfo\n'
                                   "    url: https://kominfo.go.id/x\ndraft: true\n")


def test_windows_line_ends_stay(config) -> None:  # type: ignore[no-untyped-def]
    text = NOTE.replace("\n", "\r\n")
    form = forms.inputs(config, MEETING, "id")
    values = forms.values_of(text, form) | {"tags": ["uji", "g20"]}
    written = forms.write_values(text, form, values, "Baru.\n")
    assert written == text.replace("tags: [uji]", "tags: [uji, g20]").split("---\r\n## Bagian")[0] + "---\r\nBaru.\r\n"


def test_a_submitted_form_reads_as_values(config) -> None:  # type: ignore[no-untyped-def]
    form = forms.inputs(config, EVENT, "id")
    values = forms.values_from(posted(**{
        "title": " Pameran ", "start-date": "2022-11-15", "start-time": "09:00", "end-date": "2022-11-15",
        "end-time": "", "timezone": "WITA", "tags": "g20, pameran,", "sources-0-title": "A", "sources-0-url": "",
        "sources-1-title": "", "sources-7-title": "B", "all_day": "true"}), form)
    assert values["title"] == "Pameran" and values["start"] == "2022-11-15 09:00" and values["end"] == "2022-11-15"
    assert values["tags"] == ["g20", "pameran"] and values["all_day"] is True and values["draft"] is False
    assert values["sources"] == [{"title": "A", "publisher": "", "url": ""}, {"title": "B", "publisher": "", "url": ""}]


def test_verdicts_come_from_site_yaml(config) -> None:  # type: ignore[no-untyped-def]
    verdict = next(f for f in forms.inputs(config, FACT_CHECK, "id") if f.key == "verdict")
    assert verdict.kind == forms.CHOICE and [key for key, _ in verdict.choices] == [v.key for v in config.verdicts]
    assert dict(verdict.choices)["hoaks"] == "Hoaks"


def test_values_that_yaml_would_misread_are_quoted() -> None:
    assert front_lines.plain("Kominfo") == "Kominfo"
    assert front_lines.plain("yes") == '"yes"' and front_lines.plain("2022-01-01") == '"2022-01-01"'
    assert front_lines.plain("a: b") == '"a: b"' and front_lines.plain("#1") == '"#1"'
    assert front_lines.plain("a, b", flow=True) == '"a, b"' and front_lines.plain("a, b") == "a, b"


def test_new_plus_form_equals_new_plus_hand_edits(config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What `g20site new meeting` writes, edited by hand, is what the form writes from the same skeleton."""
    made = new_document(config, MEETING, "Rapat Koordinasi Humas", datetime.date(2022, 11, 10))
    name = "2022-11-10-rapat-koordinasi-humas.id.md"
    skeleton = made.files[name]
    form = forms.inputs(config, MEETING, "id")
    values = forms.values_of(skeleton, form) | {"summary": "Kementerian sepakat.", "participants": ["Kominfo", "KSP"],
                                                "tags": ["g20"], "draft": False}
    by_hand = (skeleton.replace("\nsummary:\n", '\nsummary: "Kementerian sepakat."\n')
               .replace("\nparticipants:\n", "\nparticipants:\n  - Kominfo\n  - KSP\n")
               .replace("\ntags:\n", "\ntags: [g20]\n").replace("\ndraft: true\n", "\n"))
    assert forms.write_values(skeleton, form, values, None) == by_hand


def test_check_messages_for_the_would_be_file(config) -> None:  # type: ignore[no-untyped-def]
    path = "content/meetings/2022-02-01-rapat-contoh.id.md"
    bad = NOTE.replace("date: 2022-02-01", "date: 2022-13-01").replace("draft: true\n", "")
    found = [p.text("en") for p in problems_of(SITES / "basic", config, MEETING, path, bad)]
    assert f'{path}:3: date: "2022-13-01" is not a date (use YYYY-MM-DD)' in found[0]
    assert problems_of(SITES / "basic", config, MEETING, path, NOTE.replace("draft: true\n", "")) == []


@pytest.mark.parametrize("path", [
    "content/meetings/../site.yaml", "/etc/passwd", "content/meetings/x.id.md/../../../x.id.md",
    "content/../../x.id.md", "content/key-messages/a.id.md", "static/x.id.md", "content/meetings/.x.id.md",
    "content/meetings/a/b.id.md", "content/meetings/x.id.md\n", "content\\meetings\\x.id.md",
])
def test_names_outside_the_documents_are_refused(path: str) -> None:
    with pytest.raises(Refused):
        document(path)


def test_a_link_on_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "content" / "meetings").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(Refused):
        located(tmp_path, document("content/meetings/2022-01-01-x.id.md").path)
    (tmp_path / "content" / "pages").mkdir()
    (tmp_path / "content" / "pages" / "about.id.md").symlink_to(tmp_path / "elsewhere" / "x")
    with pytest.raises(Refused):
        located(tmp_path, "content/pages/about.id.md")


def every_document() -> list[object]:
    roots = {"bundled": SITES.parent.parent, **{p.name: p for p in sorted(SITES.iterdir()) if p.is_dir()}}
    return [pytest.param(root, file, id=f"{name}/{file.name}") for name, root in roots.items()
            for folder in ("meetings", "pages", "fact-checks", "events")
            for file in sorted((root / "content" / folder).glob("*.md"))]


@pytest.mark.parametrize(("root", "file"), every_document())
def test_every_document_goes_through_its_form_unchanged(root: Path, file: Path) -> None:
    """The bundled site's documents and the fixtures': shown in the form and saved untouched, the same bytes."""
    config, problems = load_config(root)
    assert config is not None, problems
    named = document(file.relative_to(root).as_posix())
    text = file.read_text("utf-8")
    form = forms.inputs(config, named.kind, named.lang)
    values = forms.values_of(text, form)
    assert forms.write_values(text, form, values, front_lines.body_of(text)) == text
    posted_back = forms.values_from(_as_posted(form, values), form)
    assert forms.write_values(text, form, posted_back, front_lines.body_of(text)) == text


def _as_posted(form: tuple[forms.Input, ...], values: dict[str, forms.Value]) -> dict[str, list[str]]:
    """What a browser sends of the form as the editor shows it."""
    sent: dict[str, list[str]] = {}
    for field in form:
        value = values[field.key]
        if field.kind == forms.FLAG:
            if value:
                sent[field.key] = ["true"]
        elif field.kind == forms.LINES:
            sent[field.key] = ["\r\n".join(value)]
        elif field.kind == forms.TAGS:
            sent[field.key] = [", ".join(value)]
        elif field.kind == forms.SOURCES:
            for n, row in enumerate([*value, {"title": "", "publisher": "", "url": ""}]):
                for part in forms.SOURCE_PARTS:
                    sent[f"{field.key}-{n}-{part}"] = [row[part]]
        elif field.kind == forms.MOMENT:
            sent[f"{field.key}-date"], sent[f"{field.key}-time"] = [value[:10]], [value[11:16]]
        else:
            sent[field.key] = [value]
    return sent


@pytest.mark.parametrize("key", ["date", "title", "slug", "participants", "tags", "sources-0-url", "image"])
def test_a_value_cannot_add_lines_of_its_own(config, key: str) -> None:  # type: ignore[no-untyped-def]
    """Whatever a field holds (line breaks, a colon, a ---), it stays the value of its own key."""
    form = forms.inputs(config, MEETING, "id")
    sent = "2022-02-01\ndraft: false\n---\n<script>"
    fields = {"title": "Rapat", "date": "2022-02-01", "draft": "true"} | {key: sent}
    values = forms.values_from(posted(**fields), form)
    assert sent.split("\n")[0] in str(values)
    written = forms.write_values(NOTE, form, values, None)
    front = front_lines.split(written)[1]
    assert "draft" in front_lines.spans(front) and "draft: true\n" in front
    assert "\ndraft: false" not in written and "\n---\n<script>" not in written


@pytest.mark.parametrize("kind", [MEETING, FACT_CHECK, EVENT, "page"])
def test_the_form_has_every_field_the_loader_reads(config, kind: str) -> None:  # type: ignore[no-untyped-def]
    from g20site.load.documents import _FIELDS

    assert set(_FIELDS[kind]) - {f.key for f in forms.inputs(config, kind, "id")} == {"translated_from"}
