"""YAML and front matter slips, told in plain words in both languages: at the line of the slip (not
always the line where PyYAML gave up), with the line quoted, a caret under the column, and PyYAML's own
words only after; and a list item that YAML silently reads as part of the one above is a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from g20site.build.cache_messages import PROBLEM
from g20site.build.pipeline import Options
from g20site.cli import main
from g20site.errors import Problem
from g20site.load.yaml_errors import COLON_IN_VALUE, YAML
from g20site.messages import Message
from g20site.preview import Built
from g20site.serve import Preview

from .conftest import replace_in, write

SETTINGS = "content/site.yaml"
EN_MEETING = "content/meetings/2022-02-01-rapat-contoh.en.md"
ID_MEETING = "content/meetings/2022-02-01-rapat-contoh.id.md"
ONLY_ID = "content/meetings/2022-03-05-hanya-indonesia.id.md"
MAPPING_VALUES = "    (YAML: mapping values are not allowed here)"
SEQUENCE_START = "    (YAML: expected <block end>, but found '<block sequence start>')"


def check(site: Path, lang: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", lang, "check", "--source", str(site), *args])


def block(result: Result, first: str) -> list[str]:
    """The printed line that starts with ``first`` and the indented lines after it."""
    lines = result.stderr.splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith(first)), None)
    assert start is not None, f"{first!r} not printed:\n{result.stderr}"
    end = next((n for n in range(start + 1, len(lines)) if not lines[n].startswith(" ")), len(lines))
    return lines[start:end]


def failed(site: Path, lang: str, first: str) -> list[str]:
    """Check ``site`` in ``lang``: exit 1, no traceback, one error; the problem printed from ``first`` on."""
    result = check(site, lang)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.splitlines()[-1] in ("Check failed: 1 error.", "Pemeriksaan gagal: 1 kesalahan."), \
        result.stderr
    return block(result, first)


def test_a_line_one_space_too_far_left_is_named_not_the_line_after_it(site: Path) -> None:
    replace_in(site, SETTINGS, "  en:\n    title: Test Site", "  en:\n   title: Test Site")  # line 9
    assert failed(site, "en", f"{SETTINGS}:") == [
        f"{SETTINGS}:9: this line starts in column 4 and line 10 in column 5: lines at the same level start in "
        "the same column, so move this one to column 5 (each level starts two columns further right than the "
        "line it belongs to)",
        "    9 |    title: Test Site",
        "      |    ^ column 4",
        MAPPING_VALUES,
    ]
    assert failed(site, "id", f"{SETTINGS}:") == [
        f"{SETTINGS}:9: baris ini dimulai di kolom 4, sedangkan baris 10 di kolom 5: baris-baris pada tingkat "
        "yang sama dimulai di kolom yang sama, jadi pindahkan baris ini ke kolom 5 (setiap tingkat dimulai dua "
        "kolom lebih ke kanan daripada baris induknya)",
        "    9 |    title: Test Site",
        "      |    ^ kolom 4",
        MAPPING_VALUES,
    ]


def test_a_menu_item_not_under_the_others(site: Path) -> None:
    replace_in(site, SETTINGS, "  - page: about", "   - page: about")  # line 29
    assert failed(site, "en", f"{SETTINGS}:") == [
        f"{SETTINGS}:29: this list item starts in column 4 and the item on line 28 in column 3: the items of one "
        "list start in the same column, so move this - to column 3",
        "    29 |    - page: about",
        "       |    ^ column 4",
        SEQUENCE_START,
    ]
    assert failed(site, "id", f"{SETTINGS}:") == [
        f"{SETTINGS}:29: butir daftar ini dimulai di kolom 4, sedangkan butir di baris 28 di kolom 3: butir-butir "
        "dalam satu daftar dimulai di kolom yang sama, jadi pindahkan tanda - ini ke kolom 3",
        "    29 |    - page: about",
        "       |    ^ kolom 4",
        SEQUENCE_START,
    ]


def test_the_first_menu_item_one_space_off_is_named_not_the_second(site: Path) -> None:
    replace_in(site, SETTINGS, "  - section: key_messages", " - section: key_messages")  # line 25
    assert failed(site, "en", f"{SETTINGS}:") == [
        f"{SETTINGS}:25: this list item starts in column 2 and the item on line 26 in column 3: the items of one "
        "list start in the same column, so move this - to column 3",
        "    25 |  - section: key_messages",
        "       |  ^ column 2",
        SEQUENCE_START,
    ]


def test_a_tab_is_shown_where_it_is(site: Path) -> None:
    replace_in(site, SETTINGS, "  - page: about", "\t- page: about")
    detail = "    (YAML: found character '\\t' that cannot start any token)"
    assert failed(site, "en", f"{SETTINGS}:") == [
        f"{SETTINGS}:29: a tab (shown as \u2192) is used here, and YAML reads only spaces: replace it with spaces "
        "(two for each level of indentation)",
        "    29 | \u2192- page: about",
        "       | ^ column 1",
        detail,
    ]
    assert failed(site, "id", f"{SETTINGS}:") == [
        f"{SETTINGS}:29: di sini ada tab (ditampilkan sebagai \u2192), padahal YAML hanya membaca spasi: ganti tab "
        "dengan spasi (dua spasi untuk setiap tingkat indentasi)",
        "    29 | \u2192- page: about",
        "       | ^ kolom 1",
        detail,
    ]


def test_a_colon_in_a_title_asks_for_quotes_at_its_line_in_the_file(site: Path) -> None:
    replace_in(site, EN_MEETING, "title: Sample Meeting", "title: Rapat Humas: Persiapan KTT")  # line 2 of the file
    assert failed(site, "en", f"{EN_MEETING}:") == [
        f'{EN_MEETING}:2: this value contains ": " (a colon and a space), which YAML reads as the start of a '
        'setting: put the whole value in quotes, like this: title: "Rapat Humas: Persiapan KTT"',
        "    2 | title: Rapat Humas: Persiapan KTT",
        "      |                   ^ column 19",
        MAPPING_VALUES,
    ]
    assert failed(site, "id", f"{EN_MEETING}:") == [
        f'{EN_MEETING}:2: nilai ini mengandung ": " (titik dua dan spasi), yang dibaca YAML sebagai awal sebuah '
        'pengaturan: apit seluruh nilai dengan tanda kutip, seperti ini: title: "Rapat Humas: Persiapan KTT"',
        "    2 | title: Rapat Humas: Persiapan KTT",
        "      |                   ^ kolom 19",
        MAPPING_VALUES,
    ]


def test_an_unclosed_quote_is_named_where_it_opens(site: Path) -> None:
    replace_in(site, ONLY_ID, "title: Hanya Bahasa Indonesia", 'title: "Hanya Bahasa Indonesia')
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f'{ONLY_ID}:2: this value opens a quote (") that is not closed on the same line: add a " at the end of '
        "the value",
        '    2 | title: "Hanya Bahasa Indonesia',
        "      |        ^ column 8",
        "    (YAML: found unexpected end of stream)",
    ]
    assert failed(site, "id", f"{ONLY_ID}:")[0] == (
        f'{ONLY_ID}:2: nilai ini membuka tanda kutip (") yang tidak ditutup di baris yang sama: tambahkan " di '
        "akhir nilai")


def test_a_wrapped_summary_line_at_the_left_edge(site: Path) -> None:
    replace_in(site, ONLY_ID, "summary: Catatan ini belum", "summary: Catatan ini\nbelum")  # line 5
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:5: this line is neither a setting (name: value) nor part of the one above it: if it continues "
        "the text above, move it two columns further right (or put the whole text in quotes); if it is a "
        "setting, write a colon and a space after its name",
        "    5 | belum diterjemahkan.",
        "      | ^ column 1",
        "    (YAML: could not find expected ':')",
    ]


def test_an_item_indented_under_the_one_above_is_a_warning_not_a_silent_merge(site: Path) -> None:
    replace_in(site, ID_MEETING, "  - Agenda satu\n  - Agenda dua", "  - Agenda satu\n    - Agenda dua")  # line 8
    english = check(site, "en")
    assert english.exit_code == 0, english.output
    assert block(english, f"{ID_MEETING}:") == [
        f'{ID_MEETING}:8: warning: agenda: this line is read as part of the item above it, which becomes "Agenda '
        'satu - Agenda dua": to make it an item of its own, put its - in the same column as the - above it',
        "    8 |     - Agenda dua",
        "      |     ^ column 5",
    ]
    indonesian = check(site, "id", "--strict")
    assert indonesian.exit_code == 1, indonesian.output
    assert block(indonesian, f"{ID_MEETING}:") == [
        f'{ID_MEETING}:8: agenda: baris ini dibaca sebagai bagian dari butir di atasnya, yang menjadi "Agenda '
        'satu - Agenda dua": agar menjadi butir tersendiri, letakkan tanda - baris ini di kolom yang sama dengan '
        "tanda - di atasnya",
        "    8 |     - Agenda dua",
        "      |     ^ kolom 5",
    ]


def test_a_value_under_a_setting_read_as_more_words_is_a_warning(site: Path) -> None:
    replace_in(site, ONLY_ID, "summary: Catatan ini belum diterjemahkan.", "summary: Catatan\n  - belum diterjemahkan.")
    result = check(site, "en")
    assert result.exit_code == 0, result.output
    assert block(result, f"{ONLY_ID}:5:") == [
        f'{ONLY_ID}:5: warning: summary: this line is read as part of the value above it, which becomes "Catatan '
        '- belum diterjemahkan.": for a list, leave nothing after summary: and start each item on a line of its '
        'own with "- "',
        "    5 |   - belum diterjemahkan.",
        "      |   ^ column 3",
    ]


def test_text_that_is_not_a_list_item_does_not_warn(site: Path) -> None:
    replace_in(site, ONLY_ID, "summary: Catatan ini belum diterjemahkan.",
               "summary: Catatan ini\n  belum - sama sekali -\n  diterjemahkan.")
    result = check(site, "en", "--strict")
    assert result.stderr.splitlines() == [  # the missing translation, nothing else
        f"{ONLY_ID}: has no English translation (content/meetings/2022-03-05-hanya-indonesia.en.md)",
        "Check failed: 1 error.",
    ]


def test_a_list_item_with_a_colon_asks_for_quotes(site: Path) -> None:
    replace_in(site, ID_MEETING, "  - Agenda satu", "  - Sesi 1: Pembukaan")  # line 7
    assert block(check(site, "en"), f"{ID_MEETING}:") == [
        f'{ID_MEETING}:7: agenda.0: this text contains ": " (a colon and a space), which YAML reads as a setting: '
        'put the whole text in quotes, like this: "Sesi 1: Pembukaan"',
    ]
    assert block(check(site, "id"), f"{ID_MEETING}:") == [
        f'{ID_MEETING}:7: agenda.0: teks ini mengandung ": " (titik dua dan spasi), yang dibaca YAML sebagai '
        'pengaturan: apit seluruh teks dengan tanda kutip, seperti ini: "Sesi 1: Pembukaan"',
    ]


# -- front matter


def test_front_matter_without_its_opening_line_is_one_message(site: Path) -> None:
    replace_in(site, ONLY_ID, "---\ntitle", "title")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:1: the front matter must start with a line ---: add a line with only --- above this line",
        "    1 | title: Hanya Bahasa Indonesia",
        "      | ^ column 1",
    ]
    assert failed(site, "id", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:1: front matter harus diawali baris ---: tambahkan baris yang hanya berisi --- di atas baris ini",
        "    1 | title: Hanya Bahasa Indonesia",
        "      | ^ kolom 1",
    ]


def test_settings_without_both_dash_lines(site: Path) -> None:
    write(site, ONLY_ID, "title: Hanya\ndate: 2022-03-05\nsummary: Ringkas.\n\nIsi catatan.\n")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:1: the settings at the top must stand between two lines with only ---: add one above this "
        "line and one after the last setting (line 3)",
        "    1 | title: Hanya",
        "      | ^ column 1",
    ]
    assert failed(site, "id", f"{ONLY_ID}:")[0] == (
        f"{ONLY_ID}:1: pengaturan di bagian atas harus diapit dua baris yang hanya berisi ---: tambahkan satu di "
        "atas baris ini dan satu setelah pengaturan terakhir (baris 3)")


def test_a_file_without_front_matter_is_one_message_not_each_setting_missing(site: Path) -> None:
    write(site, ONLY_ID, "Belum ada terjemahan.\n")
    english = check(site, "en")
    assert english.exit_code == 1 and "is missing" not in english.stderr
    assert block(english, f"{ONLY_ID}:") == [
        f"{ONLY_ID}:1: has no front matter: start the file with a line ---, then its settings (title:, date:, "
        "summary:), then a line ---",
    ]
    assert block(check(site, "id"), f"{ONLY_ID}:") == [
        f"{ONLY_ID}:1: tidak memiliki front matter: awali berkas dengan baris ---, lalu pengaturannya (title:, "
        "date:, summary:), lalu baris ---",
    ]


def test_a_key_message_body_needs_no_front_matter(site: Path) -> None:
    write(site, "content/key-messages/alpha.id.md", "Isi pesan alfa: tanpa front matter.\n")
    result = check(site, "en")
    assert "content/key-messages/alpha.id.md" not in result.stderr, result.stderr


def test_front_matter_without_its_closing_line(site: Path) -> None:
    replace_in(site, ONLY_ID, "diterjemahkan.\n---\n", "diterjemahkan.\n\n")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:4: the front matter (from line 1) is not closed: add a line with only --- after this line",
        "    4 | summary: Catatan ini belum diterjemahkan.",
    ]
    assert failed(site, "id", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:4: front matter (mulai baris 1) tidak ditutup: tambahkan baris yang hanya berisi --- setelah "
        "baris ini",
        "    4 | summary: Catatan ini belum diterjemahkan.",
    ]


def test_empty_lines_above_the_front_matter(site: Path) -> None:
    replace_in(site, ONLY_ID, "---\ntitle", "\n---\ntitle")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:2: the front matter must start on the first line: delete the empty lines above this ---",
        "    2 | ---",
        "      | ^ column 1",
    ]


# -- the quoted line, kept in the cache and shown in the preview

QUOTING = Problem(EN_MEETING, 2, COLON_IN_VALUE.format(example='title: "A: B"'), source="title: A: B", column=9,
                  detail=YAML.format(detail="mapping values are not allowed here"))


def test_the_quoted_line_survives_the_cache() -> None:
    stored = json.loads(json.dumps(PROBLEM.dump(QUOTING)))
    assert PROBLEM.load(stored) == QUOTING
    assert PROBLEM.load(stored).printed("id") == QUOTING.printed("id")
    plain = Problem(EN_MEETING, 3, Message("x"))
    assert PROBLEM.load(json.loads(json.dumps(PROBLEM.dump(plain)))) == plain


def test_the_preview_panel_shows_the_quoted_line_and_the_caret(site: Path) -> None:
    preview = Preview(site, Options(), say=lambda _: None)
    preview.built = Built(False, [QUOTING])
    panel = preview.error_panel("id").decode()
    assert (f'<li><code>{EN_MEETING}:2: nilai ini mengandung &quot;: &quot; (titik dua dan spasi)') in panel
    assert ('<pre class="g20site-errors-source">2 | title: A: B\n  |         ^ kolom 9\n'
            "(YAML: mapping values are not allowed here)</pre></li>") in panel


@pytest.mark.parametrize(
    ("source", "column", "shown"),
    [
        ("\t\ttitle: x", 2, ["7 | \u2192\u2192title: x", "  |  ^ column 2"]),  # a tab is one arrow
        ("a\x1bb: c", 4, ["7 | a\\x1bb: c", "  |       ^ column 4"]),  # an escape shown, the caret after it
        ("x" * 300, 151, ["7 | \u2026" + "x" * 100 + "\u2026", "  | " + " " * 51 + "^ column 151"]),  # cut
        ("x" * 150 + ": y", 151, ["7 | \u2026" + "x" * 97 + ": y", "  | " + " " * 98 + "^ column 151"]),
    ],
)
def test_the_quoted_line_is_printable_and_the_caret_under_its_column(
    source: str, column: int, shown: list[str]
) -> None:
    problem = Problem("f.yaml", 7, Message("m"), source=source, column=column)
    assert problem.details("en") == shown
    assert problem.text("en") == "f.yaml:7: m"  # the problem's own line stays one line
