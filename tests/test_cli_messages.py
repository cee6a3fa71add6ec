"""The command line speaks Indonesian or English: from LANG/LC_MESSAGES/LANGUAGE or --lang.

Errors keep their ``path:line: message`` shape in both; the catalog
translates every message and keeps each ``{placeholder}``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

from g20site import messages
from g20site.build import workers as parallel
from g20site.cli import main

from .conftest import click_messages

EN_MEETING = "content/meetings/2022-02-01-rapat-contoh.en.md"
ID_MEETING = "content/meetings/2022-02-01-rapat-contoh.id.md"
ONLY_ID = "content/meetings/2022-03-05-hanya-indonesia.id.md"
ABOUT_EN = "content/pages/about.en.md"
CATALOG = Path(messages.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "g20site.po"

ID_ERRORS = [
    f'{EN_MEETING}:3: date: "2022-02-30" bukan tanggal (tulis YYYY-MM-DD)',
    f"{EN_MEETING}:8: peringatan: colour: pengaturan tidak dikenal, diabaikan",
    f"{ONLY_ID}: peringatan: belum ada terjemahan bahasa Inggris (content/meetings/2022-03-05-hanya-indonesia.en.md)",
]
EN_ERRORS = [
    f'{EN_MEETING}:3: date: "2022-02-30" is not a date (use YYYY-MM-DD)',
    f"{EN_MEETING}:8: warning: colour: unknown setting, it is ignored",
    f"{ONLY_ID}: warning: has no English translation (content/meetings/2022-03-05-hanya-indonesia.en.md)",
]


def run(site: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    clean = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", **(env or {})}
    return CliRunner().invoke(main, [*args, "--source", str(site)] if args[-1] != "--help" else list(args), env=clean)


def break_meeting(site: Path) -> None:
    file = site / EN_MEETING
    text = file.read_text(encoding="utf-8")
    text = text.replace("date: 2022-02-01", "date: 2022-02-30").replace("tags: [test]\n", "tags: [test]\ncolour: red\n")
    file.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "env"),
    [((), {"LANG": "id_ID.UTF-8"}), (("--lang", "id"), {}), ((), {"LC_MESSAGES": "id_ID"}),
     ((), {"LANGUAGE": "fr:id", "LANG": "en_US.UTF-8"}), (("--lang", "id"), {"LANG": "en_US.UTF-8"})],
)
def test_check_in_indonesian(site: Path, args: tuple[str, ...], env: dict[str, str]) -> None:
    break_meeting(site)
    result = run(site, *args, "check", env=env)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*ID_ERRORS, "Pemeriksaan gagal: 1 kesalahan."]


@pytest.mark.parametrize(
    ("args", "env"), [((), {"LANG": "en_US.UTF-8"}), ((), {}), (("--lang", "en"), {"LANG": "id_ID.UTF-8"})]
)
def test_check_in_english(site: Path, args: tuple[str, ...], env: dict[str, str]) -> None:
    break_meeting(site)
    result = run(site, *args, "check", env=env)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*EN_ERRORS, "Check failed: 1 error."]


def test_failed_build_in_both_languages(site: Path) -> None:
    break_meeting(site)
    output = site / "public"
    indonesian = run(site, "build", env={"LANG": "id_ID.UTF-8"})
    assert indonesian.exit_code == 1
    assert indonesian.stderr.splitlines() == [*ID_ERRORS, f"Tidak ada yang ditulis ke {output}: 1 kesalahan."]
    english = run(site, "build", env={"LANG": "en_US.UTF-8"})
    assert english.stderr.splitlines() == [*EN_ERRORS, f"Nothing was written to {output}: 1 error."]


def test_summaries_in_indonesian(site: Path) -> None:
    checked = run(site, "check", env={"LANG": "id_ID.UTF-8"})
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == "Tidak ada kesalahan (1 peringatan).\n"
    assert checked.stderr == f"{ONLY_ID}: peringatan: belum ada terjemahan bahasa Inggris " \
                             "(content/meetings/2022-03-05-hanya-indonesia.en.md)\n"
    built = run(site, "build", env={"LANG": "id_ID.UTF-8"})
    assert built.exit_code == 0, built.output
    assert re.fullmatch(
        r"Selesai membangun [\d.]+ halaman \(id [\d,]+, en [\d,]+\) dalam \d+,\d detik: [\d,]+ berkas ditulis, "
        rf"0 tidak berubah, 0 dihapus -> {re.escape(str(site / 'public'))}",
        built.stdout.splitlines()[0],
    ), built.stdout


def test_messages_made_in_worker_processes_are_in_indonesian(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)  # render in forked workers even for this small site
    about = site / ABOUT_EN
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [nothing](nope.en.md).\n", encoding="utf-8")
    line = about.read_text(encoding="utf-8").split("\n").index("See [nothing](nope.en.md).") + 1
    result = run(site, "build", "--jobs", "2", env={"LANG": "id_ID.UTF-8"})
    assert result.exit_code == 1
    assert (f'{ABOUT_EN}:{line}: tautan "nope.en.md" tidak menuju ke mana pun: '
            "content/pages/nope.en.md bukan dokumen yang diterbitkan") in result.stderr.splitlines()


def test_help_in_indonesian(site: Path) -> None:
    result = run(site, "build", "--help", env={"LANG": "id_ID.UTF-8"})
    assert result.exit_code == 0
    assert "Membangun situs ke folder keluaran." in result.stdout
    assert "Anggap peringatan sebagai kesalahan." in result.stdout
    assert "Tempat situs ditulis [bawaan: SOURCE/public]." in result.stdout
    top = run(site, "--lang", "id", "--help")
    assert "Membangun situs mikro kampanye dwibahasa dari Markdown dan YAML." in top.stdout
    assert "Memeriksa isi situs tanpa menulis apa pun." in top.stdout  # a command's short help
    english = run(site, "build", "--help", env={"LANG": "en_US.UTF-8"})
    assert "Treat warnings as errors." in english.stdout


def test_usage_errors_in_indonesian(site: Path) -> None:
    result = run(site, "build", "--base-url", "not a url", env={"LANG": "id_ID.UTF-8"})
    assert result.exit_code == 2
    assert '"not a url" bukan alamat web (tulis misalnya https://www.example.go.id/g20/)' in result.stderr


def test_the_language_does_not_outlive_the_command(site: Path) -> None:
    run(site, "check", env={"LANG": "id_ID.UTF-8"})
    assert messages.current() == "en"
    assert messages._("Check failed") == "Check failed"


@pytest.mark.parametrize(
    ("option", "environ", "chosen"),
    [
        (None, {}, "en"),
        (None, {"LANG": "id_ID.UTF-8"}, "id"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"LC_ALL": "id_ID", "LANG": "en_US"}, "id"),
        (None, {"LC_MESSAGES": "en_GB", "LANG": "id_ID"}, "en"),
        (None, {"LANGUAGE": "jv:id:en", "LANG": "en_US"}, "id"),
        (None, {"LANGUAGE": "", "LC_ALL": "C", "LANG": "id_ID.UTF-8"}, "id"),
        ("en", {"LANG": "id_ID.UTF-8"}, "en"),
        ("id", {}, "id"),
    ],
)
def test_choose(option: str | None, environ: dict[str, str], chosen: str) -> None:
    assert messages.choose(option, environ) == chosen


def placeholders(text: str) -> list[str]:
    """``{name}``, ``{name!r}``, ``{count:,}``, ``%(name)s``: what a translation must keep as it is."""
    return sorted(set(re.findall(r"(?<!\{)\{\w+(?:![rsa])?(?::[^{}]*)?\}(?!\})|%\(\w+\)[sd]", text)))


def test_every_message_is_translated_with_its_placeholders() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    assert catalog.plural_forms == "nplurals=1; plural=0;"  # Indonesian: one form for every count
    found = [message for message in catalog if message.id]
    assert len(found) > 100
    for message in found:
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        if message.pluralizable:  # its one form serves every count: it says what the English plural says
            assert len(message.string) == 1, message.id
            assert message.string[0], f"not translated: {message.id!r}"
            assert placeholders(message.string[0]) == placeholders(message.id[1]), message.id
        else:
            assert message.string, f"not translated: {message.id!r}"
            assert placeholders(message.string) == placeholders(message.id), message.id


KEYWORDS = {"_": None, "N_": None, "Message": None, "ngettext": (1, 2), "Plural": (1, 2)}


def test_the_catalog_lists_every_message_of_the_code_and_of_click() -> None:
    """`make catalogs` extracts them; a message added to the code without it would show in English only.
    The editor's pages (``serve --edit``) are templates of the tool: their words are in its catalog too."""
    package = Path(messages.__file__).parent
    pages = "edit/templates/**.html"
    methods = [("**.py", "python"), (pages, "jinja2")]
    found = extract_from_dir(package, method_map=methods, keywords=KEYWORDS,
                             options_map={pages: {"extensions": "jinja2.ext.i18n"}})
    in_code = {message[2] for message in found}
    with (package / "locale" / "g20site.pot").open("rb") as handle:
        template = {message.id for message in read_po(handle) if message.id}
    with CATALOG.open("rb") as handle:
        translated = {message.id for message in read_po(handle) if message.id}
    assert in_code | click_messages() == template == translated


def test_switching_the_language_keeps_the_cache(site: Path) -> None:
    """Problems are kept as message ids with their arguments: one cache serves every language."""
    meeting = site / EN_MEETING
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("tags: [test]\n", "tags: [test]\ncolour: red\n"),
                       encoding="utf-8")
    english = run(site, "build", env={"LANG": "en_US.UTF-8"})
    assert english.exit_code == 0, english.output
    assert f"{EN_MEETING}:8: warning: colour: unknown setting, it is ignored" in english.stderr.splitlines()
    cache = site / ".g20site-cache"
    before = {p: p.stat().st_mtime_ns for p in sorted(cache.rglob("*")) if p.is_file()}
    indonesian = run(site, "build", env={"LANG": "id_ID.UTF-8"})
    assert indonesian.exit_code == 0, indonesian.output
    assert f"{EN_MEETING}:8: peringatan: colour: pengaturan tidak dikenal, diabaikan" in indonesian.stderr.splitlines()
    assert ".g20site-cache" not in indonesian.stderr  # no cache file was thrown away as foreign
    after = {p: p.stat().st_mtime_ns for p in sorted(cache.rglob("*")) if p.is_file()}
    assert after == before  # the parsed files and the rendered Markdown came from the cache: nothing made again
