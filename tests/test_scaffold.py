"""``g20site new meeting|fact-check|event|page``: a draft per language whose fields are explained in that
file's language, the next steps in the tool's language, the titles and files it refuses; the road from
``new`` to a published page; and ``new translation`` when every language is there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from g20site.cli import main
from g20site.load.site import load_site

from .conftest import copy_site, line_of, replace_in, snapshot

# kind -> its title, the options it is given, its files without .LANG.md
KINDS = {
    "meeting": ("Rapat Koordinasi Sherpa", ("--date", "2022-11-10"),
                "content/meetings/2022-11-10-rapat-koordinasi-sherpa"),
    "fact-check": ("Hoaks: Presiden Menolak Malaysia", ("--date", "2022-11-14"),
                   "content/fact-checks/2022-11-14-hoaks-presiden-menolak-malaysia"),
    "event": ("Pameran UMKM", ("--date", "2022-11-15"), "content/events/pameran-umkm"),
    "page": ("Kontak Kami", (), "content/pages/kontak-kami"),
}


@pytest.fixture
def here(site: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The fixture site as the current folder: commands print paths as an editor typing them sees them."""
    monkeypatch.chdir(site)
    yield site


def g20site(*args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, *args])


def new(kind: str, lang: str = "en") -> Result:
    title, options, _ = KINDS[kind]
    return g20site("new", kind, title, *options, lang=lang)


def lines(path: str) -> list[str]:
    return Path(path).read_text("utf-8").split("\n")


# -- what the files say


COMMON_ID = [
    "# Isi kolom yang bertanda (wajib), lalu tulis teksnya di bawah baris ---",
    "# Judul (wajib): satu baris, seperti yang akan dilihat pembaca.",
    "# Alamat halaman (opsional): bagian akhir alamat web halaman ini: huruf kecil,",
    "#   Contoh: slug: ktt-g20-di-bali",
    "# Draf: tidak diterbitkan selama baris ini ada. Hapus baris ini setelah semua",
    "draft: true",
]
COMMON_EN = [
    "# Fill in the fields marked (required), then write the text below the closing",
    "# Page address (required): the end of this page's web address in English:",
    "#   Example: slug: g20-summit-in-bali",
    "slug:",
    "title:",
    "# Draft: not published while this line is here. Delete the line once the",
    "draft: true",
]
# kind -> (lines of the Indonesian original, lines of the English translation)
OWN_LINES = {
    "meeting": (
        ["# Catatan rapat dalam bahasa Indonesia.", 'title: "Rapat Koordinasi Sherpa"', "date: 2022-11-10",
         "# Ringkasan (wajib): satu atau dua kalimat, ditampilkan di daftar, di hasil",
         '#   Contoh: summary: "Kementerian dan lembaga menyepakati jadwal bersama siaran pers menjelang KTT."',
         "summary:", "# Peserta (opsional): siapa yang hadir, masing-masing di barisnya sendiri,",
         "#   Contoh:", "#     participants:", "#       - Kementerian Komunikasi dan Informatika",
         "participants:", "## Pembahasan", "## Hasil", "## Tindak lanjut"],
        ["# Meeting note in English.", "# Title (required): the title in English, translated from: Rapat Koordinasi",
         "# Sherpa", "date: 2022-11-10",
         "# Summary (required): one or two sentences, shown in lists, in search results",
         '#   Example: summary: "Ministries agreed on a joint schedule of press releases for the summit."',
         "summary:", "## Discussion", "## Outcomes", "## Follow-up"],
    ),
    "fact-check": (
        ["# Cek fakta dalam bahasa Indonesia.", 'title: "Hoaks: Presiden Menolak Malaysia"', "date: 2022-11-14",
         "# Klaim (wajib): klaim seperti yang beredar, dalam satu kalimat.",
         '#   Contoh: claim: "Presiden menolak Malaysia menjadi anggota penuh G20"', "claim:",
         "# Putusan (wajib): kunci salah satu putusan dalam content/site.yaml: hoaks",
         "# (Hoaks), misinformasi (Misinformasi), benar (Benar).", "#   Contoh: verdict: hoaks", "verdict:",
         "# Sumber (wajib): asal fakta-faktanya: paling sedikit satu, dengan alamat",
         "## Penjelasan", "## Kesimpulan"],
        ["# Fact check in English.", "# Claim (required): the claim as it circulated, in one sentence.",
         "# Verdict (required): the key of one of the verdicts in content/site.yaml:",
         "# hoaks (Hoax), misinformasi (Misinformation), benar (True).",
         "# Sources (required): where the facts come from: at least one, with its web",
         "## Explanation", "## Conclusion"],
    ),
    "event": (
        ["# Acara dalam bahasa Indonesia.", 'title: "Pameran UMKM"', "start: 2022-11-15",
         "# Zona waktu (wajib): zona waktu mulai dan selesai: WIB (UTC+7), WITA (UTC+8)",
         "#   Contoh: timezone: WITA", "timezone:",
         "# Tempat (wajib): tempat acara diadakan. Untuk acara yang hanya daring,", "place:",
         "status: scheduled", "## Tentang acara", "## Susunan acara", "## Cara mengikuti"],
        ["# Event in English.", "start: 2022-11-15",
         "# Time zone (required): the zone of the start and end: WIB (UTC+7), WITA",
         "# Place (required): where it is held. For an event that is only online, leave",
         "status: scheduled", "## About the event", "## Programme", "## How to take part"],
    ),
    "page": (
        ["# Halaman dalam bahasa Indonesia.", 'title: "Kontak Kami"',
         '# Agar halaman tampil di menu, tambahkan baris "- page: kontak-kami" di bawah',
         "# Ringkasan (opsional): satu atau dua kalimat, ditampilkan di daftar, di hasil",
         '#   Contoh: summary: "Siapa pengelola situs ini dan cara menghubungi kami."', "summary:"],
        ["# Page in English.",
         '# To show the page in the menu, add the line "- page: kontak-kami" under menu:',
         "# Summary (optional): one or two sentences, shown in lists, in search results"],
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_language_gets_a_draft_explained_in_its_own_language(here: Path, kind: str) -> None:
    assert new(kind, lang="id").exit_code == 0  # the tool's language is not the files' language
    stem = KINDS[kind][2]
    original, translation = lines(f"{stem}.id.md"), lines(f"{stem}.en.md")
    own_id, own_en = OWN_LINES[kind]
    assert [line for line in [*COMMON_ID, *own_id] if line not in original] == []
    assert [line for line in [*COMMON_EN, *own_en] if line not in translation] == []
    assert original[0] == translation[0] == "---"
    assert not [line for line in original if line.startswith(("slug:", "translated_from:"))]
    assert any(f"{stem}.id.md" in line for line in translation[1:5])  # it names the file to translate
    assert any(line.startswith("# Written by g20site: the version of") for line in translation)
    loaded, _ = load_site(here, drafts=True)
    assert loaded is not None
    source = next(d for d in loaded.all_documents if d.path == f"{stem}.id.md")
    assert f'translated_from: "{source.text_hash}"' in translation  # made from the original as it is now


# -- what the command says


def test_the_next_steps_in_english_and_in_indonesian(here: Path) -> None:
    stem = "2022-11-10-rapat-koordinasi-sherpa"
    english = new("meeting")
    assert english.exit_code == 0
    assert english.output.splitlines() == [
        f"Wrote content/meetings/{stem}.id.md",
        f"Wrote content/meetings/{stem}.en.md",
        "Next steps:",
        "  1. Fill in the fields marked (required); each file explains them:",
        f"       {stem}.id.md: summary",
        f"       {stem}.en.md: title, slug, summary",
        "  2. See what is still missing: g20site check --drafts",
        "  3. Preview them in the browser, drafts included: g20site serve --drafts",
        "  4. See what is left to translate: g20site translations",
        "  5. To publish, delete the line draft: true in each file, then run: g20site build",
    ]
    indonesian = g20site("new", "fact-check", "Hoaks: Presiden Menolak Malaysia", "--date", "2022-11-14", lang="id")
    assert indonesian.exit_code == 0
    stem = "2022-11-14-hoaks-presiden-menolak-malaysia"
    assert indonesian.output.splitlines() == [
        f"Ditulis: content/fact-checks/{stem}.id.md",
        f"Ditulis: content/fact-checks/{stem}.en.md",
        "Langkah berikutnya:",
        "  1. Isi kolom yang bertanda (wajib); penjelasannya ada di setiap berkas:",
        f"       {stem}.id.md: summary, claim, verdict, sources",
        f"       {stem}.en.md: title, slug, summary, claim, verdict, sources",
        "  2. Lihat apa yang masih kurang: g20site check --drafts",
        "  3. Pratinjau di peramban, termasuk draf: g20site serve --drafts",
        "  4. Lihat apa yang belum diterjemahkan: g20site translations",
        "  5. Untuk menerbitkan, hapus baris draft: true di setiap berkas, lalu jalankan: g20site build",
    ]


def test_what_each_kind_leaves_to_fill(here: Path) -> None:
    assert new("event").output.splitlines()[4:6] == [
        "       pameran-umkm.id.md: summary, end, timezone, place",  # start: from --date
        "       pameran-umkm.en.md: title, slug, summary, end, timezone, place",
    ]
    assert new("page", lang="id").output.splitlines()[4:6] == [
        "       kontak-kami.id.md: tinggal menulis teksnya (tidak ada kolom wajib yang kosong)",
        "       kontak-kami.en.md: title, slug",
    ]


def test_the_next_steps_name_the_site_folder_when_it_is_not_the_current_one(site: Path) -> None:
    result = g20site("new", "page", "Kontak Kami", "--source", str(site))
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"Wrote {site}/content/pages/kontak-kami.id.md"
    assert result.output.splitlines()[-1] == (
        f"  5. To publish, delete the line draft: true in each file, then run: g20site build --source {site}")


# -- what it refuses


@pytest.mark.parametrize(
    ("title", "english", "indonesian"),
    [
        ("", 'the title is empty; write it in quotes, e.g. "Rapat Koordinasi Humas"',
         'judulnya kosong; tulis di antara tanda kutip, misalnya "Rapat Koordinasi Humas"'),
        ("  \t ", 'the title is empty; write it in quotes, e.g. "Rapat Koordinasi Humas"',
         'judulnya kosong; tulis di antara tanda kutip, misalnya "Rapat Koordinasi Humas"'),
        ("### ???", '"### ???" has no letter a-z or digit to name its file with; write a title that has some, '
         'e.g. "Rapat Koordinasi Humas"',
         '"### ???" tidak memuat huruf a-z atau angka untuk nama berkasnya; tulis judul yang memuatnya, '
         'misalnya "Rapat Koordinasi Humas"'),
        ("Rapat\nKedua", "the title has a line break, or a character that is not text; write it on one line",
         "judulnya memuat pindah baris, atau karakter yang bukan teks; tulis dalam satu baris"),
        ("Rapat \udcff", "the title has a line break, or a character that is not text; write it on one line",
         "judulnya memuat pindah baris, atau karakter yang bukan teks; tulis dalam satu baris"),  # not UTF-8
        ("Rapat \uffff", "the title has a line break, or a character that is not text; write it on one line",
         "judulnya memuat pindah baris, atau karakter yang bukan teks; tulis dalam satu baris"),
        ("R" * 301, "the title is 301 characters long; write at most 300",
         "judulnya 301 karakter; tulis paling banyak 300"),
    ],
)
def test_a_title_that_cannot_be_one_is_wrong_usage_and_nothing_is_written(
    here: Path, title: str, english: str, indonesian: str
) -> None:
    before = snapshot(here)
    for kind in KINDS:
        result = g20site("new", kind, title)
        assert result.exit_code == 2
        assert result.output.splitlines()[-1] == f"Error: Invalid value for 'TITLE': {english}"
    result = g20site("new", "meeting", title, lang="id")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Kesalahan: Nilai tidak valid untuk 'TITLE': {indonesian}"
    assert snapshot(here) == before


def test_an_existing_file_is_never_overwritten(here: Path) -> None:
    assert new("meeting").exit_code == 0
    original = "content/meetings/2022-11-10-rapat-koordinasi-sherpa.id.md"
    replace_in(here, original, "\nsummary:\n", "\nsummary: Sudah ditulis.\n")
    before = snapshot(here)
    again = new("meeting")
    assert (again.exit_code, again.output) == (1, f"{original}: already exists; nothing was written.\n")
    assert new("meeting", lang="id").output == f"{original}: sudah ada; tidak ada yang ditulis.\n"
    assert snapshot(here) == before

    translation = Path("content/pages/kontak-kami.en.md")  # one language there: the others are not written either
    translation.write_text("---\ntitle: Contact\n---\n", "utf-8")
    result = new("page")
    assert (result.exit_code, result.output) == (1, f"{translation}: already exists; nothing was written.\n")
    assert not Path("content/pages/kontak-kami.id.md").exists()


def test_a_fact_check_or_event_needs_its_section_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_site("trilingual", tmp_path)
    monkeypatch.chdir(site)
    before = snapshot(site)
    result = g20site("new", "fact-check", "Hoaks")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/site.yaml: sections.fact_checks: is missing; add it first, with a name and slug for each "
        "language as for meetings, so that content/fact-checks/ has its pages",
        "Nothing was written: 1 error.",
    ]
    assert g20site("new", "event", "Pameran", lang="id").output.splitlines()[0] == (
        "content/site.yaml: sections.events: belum ada; tambahkan dulu, dengan nama dan slug untuk setiap bahasa "
        "seperti pada meetings, agar content/events/ punya halamannya")
    assert snapshot(site) == before


def test_a_language_the_tool_does_not_speak_gets_english_guidance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site("trilingual", tmp_path)
    monkeypatch.chdir(site)
    assert g20site("new", "meeting", "Rapat Tiga Bahasa", "--date", "2022-01-01").exit_code == 0
    arabic = lines("content/meetings/2022-01-01-rapat-tiga-bahasa.ar.md")
    assert arabic[1:3] == ["# Meeting note in Arabic.",
                           "# A translation of content/meetings/2022-01-01-rapat-tiga-bahasa.id.md:"]
    assert "# Title (required): the title in Arabic, translated from: Rapat Tiga Bahasa" in arabic
    assert "title:" in arabic and "slug:" in arabic


# -- from new to published


# kind -> {language: {field: value}}: what an editor fills in
FILLED = {
    "meeting": {"id": {"summary": "Ringkasan rapat."},
                "en": {"title": "Sherpa Coordination Meeting", "slug": "sherpa-coordination-meeting",
                       "summary": "Summary of the meeting."}},
    "fact-check": {"id": {"summary": "Ringkasan.", "claim": "Klaim yang beredar.", "verdict": "hoaks",
                          "sources": "\n  - {title: Sumber, url: https://example.go.id/sumber}"},
                   "en": {"title": '"Hoax: The President Refused Malaysia"',
                          "slug": "hoax-president-refused-malaysia",
                          "summary": "Summary.", "claim": "The claim that circulated.", "verdict": "hoaks",
                          "sources": "\n  - {title: Source, url: https://example.go.id/sumber}"}},
    "event": {"id": {"summary": "Pameran usaha kecil.", "timezone": "WITA", "place": "Nusa Dua"},
              "en": {"title": "Small Business Fair", "slug": "small-business-fair", "summary": "A fair.",
                     "timezone": "WITA", "place": "Nusa Dua"}},
    "page": {"id": {}, "en": {"title": "Contact Us", "slug": "contact-us"}},
}
# kind -> the published pages of the original and of the translation
PAGES = {
    "meeting": ("catatan-rapat/rapat-koordinasi-sherpa", "en/meeting-notes/sherpa-coordination-meeting"),
    "fact-check": ("cek-fakta/hoaks-presiden-menolak-malaysia", "en/fact-check/hoax-president-refused-malaysia"),
    "event": ("agenda/pameran-umkm", "en/events/small-business-fair"),
    "page": ("kontak-kami", "en/contact-us"),
}
# kind -> what ``check --drafts`` says right after ``new``: (language, line, message)
SOURCES = "sources: a fact check needs at least one source with its link: - {title: ..., publisher: ..., url: https://...}"
TIMEZONE = "timezone: is missing; write WIB, WITA or WIT"
PLACE = "place: is missing; write where the event is held (place), a link to follow it online (online), or both"


def missing(key: str) -> str:
    return f"{key}: is empty; write its text after {key}: on this line"


def empty_slug(slug: str) -> str:
    return ("slug: is empty; write the address of this page in its language (lowercase letters, digits and hyphens, "
            f'e.g. rapat-koordinasi), or delete the line to take it from the file name ("{slug}")')


UNFILLED = {
    "meeting": [("en", 12, missing("title")), ("en", 18, empty_slug("rapat-koordinasi-sherpa")),
                ("en", 27, missing("summary")), ("id", 22, missing("summary"))],
    "fact-check": [("en", 13, missing("title")), ("en", 20, empty_slug("hoaks-presiden-menolak-malaysia")),
                   ("en", 29, missing("summary")), ("en", 33, missing("claim")), ("en", 50, missing("verdict")),
                   ("en", 65, SOURCES), ("id", 22, missing("summary")), ("id", 26, missing("claim")),
                   ("id", 43, missing("verdict")), ("id", 58, SOURCES)],
    "event": [("en", 10, missing("title")), ("en", 16, empty_slug("pameran-umkm")), ("en", 21, missing("summary")),
              ("en", 40, TIMEZONE), ("en", 45, PLACE), ("id", 18, missing("summary")), ("id", 37, TIMEZONE),
              ("id", 42, PLACE)],
    "page": [("en", 12, missing("title")), ("en", 18, empty_slug("kontak-kami"))],
}


def ours(result: Result, stem: str) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(stem)]


def fill(stem: str, values: dict[str, dict[str, str]]) -> None:
    for lang, fields in values.items():
        for key, value in fields.items():
            replace_in(Path("."), f"{stem}.{lang}.md", f"\n{key}:\n", f"\n{key}: {value}\n")


@pytest.mark.parametrize("kind", KINDS)
def test_from_new_to_published(here: Path, kind: str) -> None:
    stem = KINDS[kind][2]
    public = Path("public")
    assert new(kind).exit_code == 0
    built = g20site("build", "--quiet")
    assert built.exit_code == 0, built.output  # the drafts are not built: what they lack stops nothing
    assert not any((public / page).exists() for page in PAGES[kind])

    check = g20site("check", "--drafts")  # what they lack keeps them out of the preview, and is said
    assert check.exit_code == 0, check.output
    assert ours(check, stem) == [f"{stem}.{lang}.md:{line}: warning: {message}; this draft is not shown until then"
                                 for lang, line, message in UNFILLED[kind]]
    strict = g20site("check", "--drafts", "--strict")
    assert strict.exit_code == 1
    assert ours(strict, stem) == [f"{stem}.{lang}.md:{line}: {message}; this draft is not shown until then"
                                  for lang, line, message in UNFILLED[kind]]

    fill(stem, FILLED[kind])
    check = g20site("check", "--drafts")
    assert check.exit_code == 0, check.output
    assert "this draft is not shown" not in check.output
    if kind == "page":  # the original's words did not change: its translation is up to date
        assert ours(check, stem) == []
    else:  # the original was written after the translation started: the translator confirms it says the same
        line = line_of(Path(f"{stem}.en.md").read_text("utf-8"), "translated_from:")
        assert ours(check, stem) == [
            f"{stem}.en.md:{line}: warning: translated_from: this translation is out of date: {stem}.id.md changed "
            f"after it was last brought up to date; update the text, then run: g20site translations --mark-done "
            f"{stem}.en.md"]
        marked = g20site("translations", "--mark-done", f"{stem}.en.md")
        assert marked.output == f"{stem}.en.md: marked up to date\n"
        assert ours(g20site("check", "--drafts"), stem) == []

    for lang in ("id", "en"):
        replace_in(here, f"{stem}.{lang}.md", "\ndraft: true\n", "\n")
    built = g20site("build", "--quiet")
    assert built.exit_code == 0, built.output
    assert all((public / page / "index.html").is_file() for page in PAGES[kind])


# -- new translation when every language is there


def test_new_translation_of_a_document_every_language_has(here: Path) -> None:
    before = snapshot(here)
    english = g20site("new", "translation", "content/pages/about.id.md")
    assert (english.exit_code, english.output) == (
        1, "content/pages/about.id.md: is already in every language of the site (English: content/pages/about.en.md); "
           "nothing to write\n")
    indonesian = g20site("new", "translation", "content/pages/about.en.md", lang="id")
    assert (indonesian.exit_code, indonesian.output) == (
        1, "content/pages/about.en.md: sudah ada dalam setiap bahasa situs (Indonesia: content/pages/about.id.md); "
           "tidak ada yang perlu ditulis\n")
    assert snapshot(here) == before


def test_new_translation_names_every_other_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_site("trilingual", tmp_path)
    monkeypatch.chdir(site)
    assert g20site("new", "meeting", "Rapat Tiga Bahasa", "--date", "2022-01-01").exit_code == 0
    note = "content/meetings/2022-01-01-rapat-tiga-bahasa"
    result = g20site("new", "translation", f"{note}.en.md")
    assert result.output == (f"{note}.en.md: is already in every language of the site (Indonesian: {note}.id.md, "
                             f"Arabic: {note}.ar.md); nothing to write\n")
