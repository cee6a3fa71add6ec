"""YAML that reads otherwise than its writer meant, told at its line in both languages: a hashtag
taken for a comment, a value starting with & or [ or {, a yes/no value or a number where text
belongs; slips named where they are (an unclosed quote before a quoted value, a setting without
the space after its colon, a list line without its dash); a setting named in Indonesian; a ---
line with a space before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from g20site.load.documents import _FIELDS
from g20site.load.hints import setting
from g20site.load.model import EVENT, FACT_CHECK, MEETING, PAGE
from g20site.load.sources import parse_yaml

from .conftest import replace_in, write
from .test_yaml_messages import EN_MEETING, ID_MEETING, ONLY_ID, block, check, failed

BLOCK_END = "    (YAML: expected <block end>, but found '<scalar>')"
NO_COLON = "    (YAML: could not find expected ':')"


def only_id(site: Path, title: str = "Hanya", date: str = "2022-03-05", summary: str = "Ringkas.") -> None:
    """The Indonesian-only meeting with these settings (title on line 2, date 3, summary 4)."""
    write(site, ONLY_ID, f"---\ntitle: {title}\ndate: {date}\nsummary: {summary}\n---\nIsi.\n")


# -- 1. a hashtag after plain text is a comment to YAML


def test_a_hashtag_in_a_title_is_a_warning_and_an_error_under_strict(site: Path) -> None:
    only_id(site, title="Kampanye Bersama #RecoverTogether", date="2022-03-05   # the day you publish")
    english = check(site, "en")
    assert english.exit_code == 0, english.output
    assert block(english, f"{ONLY_ID}:2:") == [
        f'{ONLY_ID}:2: warning: this text looks like it goes on with a hashtag (#RecoverTogether), but YAML reads '
        '" #" as the start of a comment and drops the rest of the line: put the whole value in quotes, like this: '
        'title: "Kampanye Bersama #RecoverTogether"',
        "    2 | title: Kampanye Bersama #RecoverTogether",
        "      |                         ^ column 25",
    ]
    assert f"{ONLY_ID}:3:" not in english.stderr  # a comment after a space is a comment
    indonesian = check(site, "id", "--strict")
    assert indonesian.exit_code == 1, indonesian.output
    assert block(indonesian, f"{ONLY_ID}:2:") == [
        f"{ONLY_ID}:2: teks ini tampaknya berlanjut dengan tagar (#RecoverTogether), tetapi YAML membaca "
        '" #" sebagai awal komentar dan membuang sisa baris itu: apit seluruh nilai dengan tanda kutip, seperti '
        'ini: title: "Kampanye Bersama #RecoverTogether"',
        "    2 | title: Kampanye Bersama #RecoverTogether",
        "      |                         ^ kolom 25",
    ]


def test_a_hashtag_in_a_list_item_is_a_warning() -> None:
    _, problems = parse_yaml("agenda:\n  - Kampanye #G20Indonesia\n  - Kedua # catatan\n", "f.yaml")
    assert [p.printed("en") for p in problems] == [
        'f.yaml:2: warning: this text looks like it goes on with a hashtag (#G20Indonesia), but YAML reads " #" '
        "as the start of a comment and drops the rest of the line: put the whole value in quotes, like this: "
        '- "Kampanye #G20Indonesia"\n'
        "    2 |   - Kampanye #G20Indonesia\n"
        "      |              ^ column 14",
    ]


def test_a_hashtag_in_a_summary_that_goes_on_below_is_named_where_it_cuts(site: Path) -> None:
    only_id(site, summary="Humas menyepakati tagar #G20Indonesia dan\n  Kemenkominfo.")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f'{ONLY_ID}:4: this text looks like it goes on with a hashtag (#G20Indonesia), but YAML reads " #" as the '
        "start of a comment and drops the rest of the line: put the whole value in quotes, like this: "
        'summary: "Humas menyepakati tagar #G20Indonesia dan Kemenkominfo."',
        "    4 | summary: Humas menyepakati tagar #G20Indonesia dan",
        "      |                                  ^ column 34",
        BLOCK_END,
    ]
    assert failed(site, "id", f"{ONLY_ID}:")[0] == (
        f'{ONLY_ID}:4: teks ini tampaknya berlanjut dengan tagar (#G20Indonesia), tetapi YAML membaca " #" '
        "sebagai awal komentar dan membuang sisa baris itu: apit seluruh nilai dengan tanda kutip, seperti ini: "
        'summary: "Humas menyepakati tagar #G20Indonesia dan Kemenkominfo."')


# -- 2. & starts an anchor


def test_a_value_starting_with_an_ampersand_is_refused_not_cut(site: Path) -> None:
    only_id(site, summary="&Humas menyampaikan ringkasan.")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:4: a value cannot start with &: put the whole value in quotes, like this: "
        'summary: "&Humas menyampaikan ringkasan."',
        "    4 | summary: &Humas menyampaikan ringkasan.",
        "      |          ^ column 10",
    ]
    assert failed(site, "id", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:4: nilai tidak boleh diawali &: apit seluruh nilai dengan tanda kutip, seperti ini: "
        'summary: "&Humas menyampaikan ringkasan."',
        "    4 | summary: &Humas menyampaikan ringkasan.",
        "      |          ^ kolom 10",
    ]


# -- 3. an unclosed quote, though the next line has quotes of its own


def test_an_unclosed_quote_before_a_quoted_value_is_named_where_it_opens(site: Path) -> None:
    write(site, ONLY_ID, '---\ndate: 2022-03-05\ntitle: "Rapat Koordinasi\nsummary: "Kementerian menyepakati '
                         'jadwal."\n---\nIsi.\n')
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f'{ONLY_ID}:3: this value opens a quote (") that is not closed on the same line: add a " at the end of '
        "the value",
        '    3 | title: "Rapat Koordinasi',
        "      |        ^ column 8",
        BLOCK_END,
    ]
    assert failed(site, "id", f"{ONLY_ID}:")[0] == (
        f'{ONLY_ID}:3: nilai ini membuka tanda kutip (") yang tidak ditutup di baris yang sama: tambahkan " di '
        "akhir nilai")


def test_a_quoted_text_over_two_lines_still_reads() -> None:
    data, problems = parse_yaml('title: "Rapat\n  koordinasi: pagi"\nsummary: "S."\n', "f.yaml")
    assert problems == []
    assert data is not None and data.value == {"title": "Rapat koordinasi: pagi", "summary": "S."}


# -- 4. [ and { start a list and a mapping


def test_a_title_starting_with_a_bracket_asks_for_quotes(site: Path) -> None:
    only_id(site, title="[HOAKS] Judul hoaks")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:2: a value that starts with [ is read as a list: to write text that starts with [, put the "
        'whole value in quotes, like this: title: "[HOAKS] Judul hoaks"',
        "    2 | title: [HOAKS] Judul hoaks",
        "      |        ^ column 8",
        BLOCK_END,
    ]
    assert failed(site, "id", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:2: nilai yang diawali [ dibaca sebagai daftar: untuk menulis teks yang diawali [, apit seluruh "
        'nilai dengan tanda kutip, seperti ini: title: "[HOAKS] Judul hoaks"',
        "    2 | title: [HOAKS] Judul hoaks",
        "      |        ^ kolom 8",
        BLOCK_END,
    ]


def test_a_summary_starting_with_a_brace_asks_for_quotes(site: Path) -> None:
    only_id(site, summary="{Catatan} belum diterjemahkan.")
    assert failed(site, "en", f"{ONLY_ID}:")[0] == (
        f"{ONLY_ID}:4: a value that starts with {{ is read as a mapping (name: value pairs): to write text that "
        'starts with {, put the whole value in quotes, like this: summary: "{Catatan} belum diterjemahkan."')
    assert failed(site, "id", f"{ONLY_ID}:")[0] == (
        f"{ONLY_ID}:4: nilai yang diawali {{ dibaca sebagai pemetaan (pasangan nama: nilai): untuk menulis teks "
        'yang diawali {, apit seluruh nilai dengan tanda kutip, seperti ini: summary: "{Catatan} belum '
        'diterjemahkan."')


# -- 5. and 6. a slip named for what it is, wherever it is


def test_a_setting_without_its_space_after_the_first(site: Path) -> None:
    only_id(site, summary="Ringkasan.")
    replace_in(site, ONLY_ID, "summary: Ringkasan.", "summary:Ringkasan.")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:4: a setting needs a space after its colon: write summary: Ringkasan.",
        "    4 | summary:Ringkasan.",
        "      |         ^ column 9",
        NO_COLON,
    ]
    assert failed(site, "id", f"{ONLY_ID}:")[0] == (
        f"{ONLY_ID}:4: pengaturan memerlukan spasi setelah titik duanya: tulis summary: Ringkasan.")


def test_a_plain_line_among_list_items(site: Path) -> None:
    replace_in(site, ID_MEETING, "  - Agenda satu\n", "  - Agenda satu\n  Tiga\n")  # line 8
    assert failed(site, "en", f"{ID_MEETING}:") == [
        f'{ID_MEETING}:8: this line is not a list item like the lines above it: start it with "- " (a dash and a '
        "space), or move it two columns further right to make it part of the item above",
        "    8 |   Tiga",
        "      |   ^ column 3",
        NO_COLON,
    ]
    assert failed(site, "id", f"{ID_MEETING}:")[0] == (
        f'{ID_MEETING}:8: baris ini bukan butir daftar seperti baris-baris di atasnya: awali dengan "- " (tanda '
        "hubung dan spasi), atau geser dua kolom ke kanan agar menjadi bagian dari butir di atasnya")


# -- 7. what YAML read where text belongs


def test_yes_no_words_and_changed_numbers_where_text_belongs(site: Path) -> None:
    only_id(site, title="No", summary="on")
    replace_in(site, ONLY_ID, "---\nIsi", "tags: [2022, 1.50, HOAKS]\nparticipants:\n  - Yes\n---\nIsi")
    assert check(site, "en").stderr.splitlines() == [
        f'{ONLY_ID}:2: title: YAML reads No as a yes/no value: put it in quotes, like this: title: "No"',
        f'{ONLY_ID}:4: summary: YAML reads on as a yes/no value: put it in quotes, like this: summary: "on"',
        f'{ONLY_ID}:5: tags.1: YAML reads 1.50 as a number and would publish it as 1.5: put it in quotes, like '
        'this: "1.50"',
        f'{ONLY_ID}:7: participants.0: YAML reads Yes as a yes/no value: put it in quotes, like this: "Yes"',
        "Check failed: 4 errors.",
    ]
    assert check(site, "id").stderr.splitlines()[:3] == [
        f'{ONLY_ID}:2: title: YAML membaca No sebagai nilai ya/tidak: apit dengan tanda kutip, seperti ini: '
        'title: "No"',
        f'{ONLY_ID}:4: summary: YAML membaca on sebagai nilai ya/tidak: apit dengan tanda kutip, seperti ini: '
        'summary: "on"',
        f"{ONLY_ID}:5: tags.1: YAML membaca 1.50 sebagai angka dan akan menerbitkannya sebagai 1.5: apit dengan "
        'tanda kutip, seperti ini: "1.50"',
    ]


def test_a_list_or_mapping_written_on_the_line_of_a_title(site: Path) -> None:
    only_id(site, title="[HOAKS]", summary="{Catatan}")
    assert check(site, "en").stderr.splitlines()[:2] == [
        f'{ONLY_ID}:2: title: YAML reads [HOAKS] as a list: put it in quotes, like this: title: "[HOAKS]"',
        f"{ONLY_ID}:4: summary: YAML reads {{Catatan}} as a mapping (name: value pairs): put it in quotes, like "
        'this: summary: "{Catatan}"',
    ]
    assert check(site, "id").stderr.splitlines()[:2] == [
        f'{ONLY_ID}:2: title: YAML membaca [HOAKS] sebagai daftar: apit dengan tanda kutip, seperti ini: '
        'title: "[HOAKS]"',
        f"{ONLY_ID}:4: summary: YAML membaca {{Catatan}} sebagai pemetaan (pasangan nama: nilai): apit dengan "
        'tanda kutip, seperti ini: summary: "{Catatan}"',
    ]


def test_a_number_kept_as_written_is_text(site: Path) -> None:
    only_id(site, title="2022")
    replace_in(site, ONLY_ID, "---\nIsi", "tags: [2022, 20]\n---\nIsi")
    result = check(site, "en", "--strict")
    assert result.stderr.splitlines() == [  # the missing translation, nothing else
        f"{ONLY_ID}: has no English translation (content/meetings/2022-03-05-hanya-indonesia.en.md)",
        "Check failed: 1 error.",
    ]


# -- 8. a setting named in Indonesian


def test_settings_named_in_indonesian_suggest_their_names(site: Path) -> None:
    write(site, ONLY_ID, "---\njudul: Hanya\ntanggal: 2022-03-05\nringkasan: Ringkas.\ntitle: Hanya\n"
                         "date: 2022-03-05\nsummary: Ringkas.\n---\nIsi.\n")
    english = check(site, "en").stderr.splitlines()
    assert [line for line in english if line.startswith(f"{ONLY_ID}:") and "unknown setting" in line] == [
        f"{ONLY_ID}:2: warning: judul: unknown setting, it is ignored (did you mean title?)",
        f"{ONLY_ID}:3: warning: tanggal: unknown setting, it is ignored (did you mean date?)",
        f"{ONLY_ID}:4: warning: ringkasan: unknown setting, it is ignored (did you mean summary?)",
    ]
    indonesian = check(site, "id").stderr.splitlines()
    assert f"{ONLY_ID}:2: peringatan: judul: pengaturan tidak dikenal, diabaikan (maksud Anda title?)" in indonesian


@pytest.mark.parametrize(
    ("word", "kind", "name"),
    [
        ("judul", MEETING, "title"), ("tanggal", MEETING, "date"), ("ringkasan", MEETING, "summary"),
        ("peserta", MEETING, "participants"), ("sumber", PAGE, "sources"), ("gambar", PAGE, "image"),
        ("keterangan_gambar", PAGE, "image_alt"), ("Keterangan-Gambar", PAGE, "image_alt"),
        ("klaim", FACT_CHECK, "claim"), ("penilaian", FACT_CHECK, "verdict"),
        ("putusan", FACT_CHECK, "verdict"), ("tempat", EVENT, "place"), ("mulai", EVENT, "start"),
        ("selesai", EVENT, "end"), ("tanggal", PAGE, None),  # a page has no date to suggest
    ],
)
def test_the_indonesian_word_for_each_setting(word: str, kind: str, name: str | None) -> None:
    assert setting(word, _FIELDS[kind]) == name


def test_a_misspelt_setting_still_gets_the_one_most_alike() -> None:
    assert setting("titel", _FIELDS[MEETING]) == "title"


# -- 9. a --- line with a space before it


def test_a_front_matter_opening_line_with_a_space_before_it(site: Path) -> None:
    replace_in(site, EN_MEETING, "---\ntitle", " ---\ntitle")
    assert failed(site, "en", f"{EN_MEETING}:") == [
        f"{EN_MEETING}:1: the --- lines around the front matter must start at the beginning of the line: move this "
        "--- to column 1 (no space before it)",
        "    1 |  ---",
        "      |  ^ column 2",
    ]
    assert failed(site, "id", f"{EN_MEETING}:") == [
        f"{EN_MEETING}:1: baris --- yang mengapit front matter harus dimulai di awal baris: pindahkan --- ini ke "
        "kolom 1 (tanpa spasi di depannya)",
        "    1 |  ---",
        "      |  ^ kolom 2",
    ]


def test_a_front_matter_closing_line_with_a_space_before_it(site: Path) -> None:
    only_id(site)
    replace_in(site, ONLY_ID, "Ringkas.\n---\n", "Ringkas.\n  ---\n")
    assert failed(site, "en", f"{ONLY_ID}:") == [
        f"{ONLY_ID}:5: the --- lines around the front matter must start at the beginning of the line: move this "
        "--- to column 1 (no space before it)",
        "    5 |   ---",
        "      |   ^ column 3",
    ]
