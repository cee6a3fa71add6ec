"""The whole command line in the language of the run: Click's own words too, and every count in its plural forms.

Under LANG=id_ID.UTF-8 (or ``--lang id``) Click's "Usage:", "Options:", the help of ``--help`` and
``--version`` and its usage errors are Indonesian, from the tool's catalog; defaults read ``[bawaan: ...]``
whether Click or the tool writes them. Counts use ngettext: "1 error", "2 errors" in English, one
form ("1 kesalahan", "2 kesalahan") in Indonesian.
"""

from __future__ import annotations

import gettext
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

from g20site import __version__, messages
from g20site.build.cache_format import Damaged
from g20site.build.cache_messages import PROBLEM
from g20site.build.pipeline import Options
from g20site.cli import _summary, main
from g20site.console import Group, ProgressLine, option
from g20site.errors import Problem
from g20site.messages import N_, Message, Plural
from g20site.serve import start, stop
from g20site.serve_http import PreviewServer

from .conftest import click_messages, replace_in

CATALOG = Path(messages.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "g20site.po"
LANG = {"id": "id_ID.UTF-8", "en": "en_US.UTF-8"}
EN_MEETING = "content/meetings/2022-02-01-rapat-contoh.en.md"
ID_MEETING = "content/meetings/2022-02-01-rapat-contoh.id.md"


def run(lang: str, *args: str, command: click.Command = main) -> Result:
    """``g20site ARGS`` under LANG for ``lang``, 80 columns wide."""
    env = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": LANG[lang]}
    return CliRunner().invoke(command, list(args), env=env, prog_name="g20site", terminal_width=80)


TOP_HELP = {
    "id": """\
Penggunaan: g20site [OPTIONS] COMMAND [ARGS]...

  Membangun situs mikro kampanye dwibahasa dari Markdown dan YAML.

Opsi:
  --version       Tampilkan versi lalu keluar.
  --lang [id|en]  Bahasa pesan alat ini [bawaan: dari LANGUAGE, LC_ALL,
                  LC_MESSAGES atau LANG, jika tidak en].
  -h, --help      Tampilkan pesan ini lalu keluar.

Perintah:
  build         Membangun situs ke folder keluaran.
  check         Memeriksa isi situs tanpa menulis apa pun.
  host-config   Menampilkan pengaturan server web untuk situs ini.
  new           Membuat berkas isi baru.
  serve         Pratinjau situs: dibangun ulang pada tiap perubahan dan...
  translations  Menampilkan terjemahan yang belum ada atau usang, serta...
""",
    "en": """\
Usage: g20site [OPTIONS] COMMAND [ARGS]...

  Build a bilingual campaign microsite from Markdown and YAML.

Options:
  --version       Show the version and exit.
  --lang [id|en]  The language of the messages [default: from LANGUAGE, LC_ALL,
                  LC_MESSAGES or LANG, else en].
  -h, --help      Show this message and exit.

Commands:
  build         Build the site into the output folder.
  check         Check the content without writing anything.
  host-config   Print a web server's settings for this site.
  new           Start a new content file.
  serve         Preview the site: rebuild on every change and reload the...
  translations  List missing and out-of-date translations, and untranslated...
""",
}


def test_the_top_help_in_each_language_one_run_after_another() -> None:
    """Click keeps the -h/--help option it made first: its help still follows the language of each run."""
    for lang in ("id", "en", "id"):
        result = run(lang, "--help")
        assert result.exit_code == 0
        assert result.stdout == TOP_HELP[lang]


def test_build_help_in_indonesian() -> None:
    lines = run("id", "build", "--help").stdout.splitlines()
    assert lines[:5] == ["Penggunaan: g20site build [OPTIONS]", "", "  Membangun situs ke folder keluaran.", "",
                         "Opsi:"]
    assert "  --source FOLDER         Folder situs (yang berisi content/).  [bawaan: .]" in lines
    assert "  --output PATH           Tempat situs ditulis [bawaan: SOURCE/public]." in lines
    assert lines[-1] == "  -h, --help              Tampilkan pesan ini lalu keluar."
    assert not any("default" in line for line in lines)  # Click's [default: .] and the tool's read alike


def test_build_help_in_english() -> None:
    lines = run("en", "build", "--help").stdout.splitlines()
    assert lines[:5] == ["Usage: g20site build [OPTIONS]", "", "  Build the site into the output folder.", "",
                         "Options:"]
    assert lines[5:7] == ["  --source DIRECTORY      The site folder (the one holding content/).  [default:",
                          "                          .]"]
    assert "  --output PATH           Where to write the site [default: SOURCE/public]." in lines
    assert lines[-1] == "  -h, --help              Show this message and exit."
    assert not any("bawaan" in line for line in lines)


def test_serve_help_shows_clicks_defaults_in_each_language() -> None:
    indonesian = run("id", "serve", "--help").stdout.splitlines()
    assert "  --host TEXT             Alamat yang didengarkan.  [bawaan: 127.0.0.1]" in indonesian
    assert "  --port INTEGER RANGE    0 memilih port yang kosong.  [bawaan: 8000;" in indonesian
    english = run("en", "serve", "--help").stdout.splitlines()
    assert "  --host TEXT             Address to listen on.  [default: 127.0.0.1]" in english
    assert "  --port INTEGER RANGE    0 picks a free port.  [default: 8000; 0<=x<=65535]" in english


@pytest.fixture
def required() -> click.Group:
    """A command line built as the tool's is, with an option Click marks [required]."""

    @click.group(cls=Group)
    def tool() -> None:
        pass

    @tool.command("listen")
    @option("--host", required=True, help=N_("Address to listen on."))
    def listen(host: str) -> None:
        pass

    return tool


def test_required_reads_wajib(required: click.Group) -> None:
    assert "  --host TEXT  Alamat yang didengarkan.  [wajib]" in run("id", "listen", "--help", command=required).stdout
    assert "  --host TEXT  Address to listen on.  [required]" in run("en", "listen", "--help", command=required).stdout
    missing = run("id", "listen", command=required)
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[-1] == "Kesalahan: Kurang opsi '--host'."


USAGE_ERRORS = [
    (["new", "meeting"],
     ["Penggunaan: g20site new meeting [OPTIONS] TITLE", "Coba 'g20site new meeting --help' untuk melihat bantuan.",
      "", "Kesalahan: Kurang argumen 'TITLE'."],
     ["Usage: g20site new meeting [OPTIONS] TITLE", "Try 'g20site new meeting --help' for help.", "",
      "Error: Missing argument 'TITLE'."]),
    (["build", "--zzz"],
     ["Penggunaan: g20site build [OPTIONS]", "Coba 'g20site build --help' untuk melihat bantuan.", "",
      "Kesalahan: Tidak ada opsi '--zzz'."],
     ["Usage: g20site build [OPTIONS]", "Try 'g20site build --help' for help.", "",
      "Error: No such option '--zzz'."]),
    (["build", "--sorce"],
     ["Penggunaan: g20site build [OPTIONS]", "Coba 'g20site build --help' untuk melihat bantuan.", "",
      "Kesalahan: Tidak ada opsi '--sorce'. Maksud Anda '--source', '--strict'?"],
     ["Usage: g20site build [OPTIONS]", "Try 'g20site build --help' for help.", "",
      "Error: No such option '--sorce'. (Did you mean one of: '--source', '--strict'?)"]),
    (["serve", "--port", "abc"],
     ["Penggunaan: g20site serve [OPTIONS]", "Coba 'g20site serve --help' untuk melihat bantuan.", "",
      "Kesalahan: Nilai tidak valid untuk '--port': 'abc' bukan angka yang valid (integer range)."],
     ["Usage: g20site serve [OPTIONS]", "Try 'g20site serve --help' for help.", "",
      "Error: Invalid value for '--port': 'abc' is not a valid integer range."]),
    (["serve", "--port", "70000"],
     ["Penggunaan: g20site serve [OPTIONS]", "Coba 'g20site serve --help' untuk melihat bantuan.", "",
      "Kesalahan: Nilai tidak valid untuk '--port': 70000 berada di luar rentang 0<=x<=65535."],
     ["Usage: g20site serve [OPTIONS]", "Try 'g20site serve --help' for help.", "",
      "Error: Invalid value for '--port': 70000 is not in the range 0<=x<=65535."]),
    (["frobnicate"],
     ["Penggunaan: g20site [OPTIONS] COMMAND [ARGS]...", "Coba 'g20site --help' untuk melihat bantuan.", "",
      "Kesalahan: Tidak ada perintah 'frobnicate'."],
     ["Usage: g20site [OPTIONS] COMMAND [ARGS]...", "Try 'g20site --help' for help.", "",
      "Error: No such command 'frobnicate'."]),
    (["--lang", "fr"],
     ["Penggunaan: g20site [OPTIONS] COMMAND [ARGS]...", "Coba 'g20site --help' untuk melihat bantuan.", "",
      "Kesalahan: Nilai tidak valid untuk '--lang': 'fr' bukan salah satu dari 'id', 'en'."],
     ["Usage: g20site [OPTIONS] COMMAND [ARGS]...", "Try 'g20site --help' for help.", "",
      "Error: Invalid value for '--lang': 'fr' is not one of 'id', 'en'."]),
]


@pytest.mark.parametrize(("args", "indonesian", "english"), USAGE_ERRORS, ids=lambda v: " ".join(v)[:24])
def test_usage_errors_in_each_language(args: list[str], indonesian: list[str], english: list[str]) -> None:
    for lang, lines in (("id", indonesian), ("en", english)):
        result = run(lang, *args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.splitlines() == lines


def test_a_folder_given_for_source_that_is_a_file(site: Path) -> None:
    shown = str(site / "content" / "site.yaml")
    assert run("id", "build", "--source", shown).stderr.splitlines()[-1] == \
        f"Kesalahan: Nilai tidak valid untuk '--source': Folder '{shown}' adalah berkas."
    assert run("en", "build", "--source", shown).stderr.splitlines()[-1] == \
        f"Error: Invalid value for '--source': Directory '{shown}' is a file."


@pytest.mark.parametrize("lang_option", [["--lang", "id"], ["--lang=id"]])
def test_lang_applies_to_a_mistake_beside_it(lang_option: list[str]) -> None:
    """Click reads every option of the group before it applies --lang: the mistake is still told in Indonesian."""
    result = run("en", *lang_option, "--zzz")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Kesalahan: Tidak ada opsi '--zzz'."
    assert run("id", "--help", "--lang", "en").stdout == TOP_HELP["en"]


def test_version_in_each_language() -> None:
    assert run("id", "--version").stdout == f"g20site, versi {__version__}\n"
    assert run("en", "--version").stdout == f"g20site, version {__version__}\n"


def test_clicks_language_does_not_outlive_the_run() -> None:
    run("id", "--help")
    assert click.core._ is gettext.gettext and click.exceptions.ngettext is gettext.ngettext
    assert messages.current() == "en"

    @click.command()
    def other() -> None:
        pass

    other_help = CliRunner().invoke(other, ["--help"], env={"LANG": LANG["id"]}, prog_name="other")
    assert other_help.stdout.splitlines()[0] == "Usage: other [OPTIONS]"  # another program's Click is left alone


def test_every_string_click_marks_is_translated() -> None:
    """Every msgid of the installed click (extracted now, not when the catalog was made) has Indonesian words:
    shell completion and the editor, pager and progress bar the tool never opens included."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    for msgid in click_messages():
        message = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        assert message is not None and message.id == msgid, f"not in the catalog: {msgid!r}"
        words = message.string[0] if isinstance(msgid, tuple) else message.string
        assert words and not message.fuzzy, f"not translated: {msgid!r}"


# -- counts


def break_date(site: Path, path: str) -> None:
    replace_in(site, path, "date: 2022-02-01", "date: 2022-02-30")


@pytest.mark.parametrize(("broken", "indonesian", "english"), [
    ([EN_MEETING], "Pemeriksaan gagal: 1 kesalahan.", "Check failed: 1 error."),
    ([EN_MEETING, ID_MEETING], "Pemeriksaan gagal: 2 kesalahan.", "Check failed: 2 errors."),
])
def test_errors_counted(site: Path, broken: list[str], indonesian: str, english: str) -> None:
    for path in broken:
        break_date(site, path)
    for lang, line in (("id", indonesian), ("en", english)):
        result = run(lang, "check", "--source", str(site))
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == line


@pytest.mark.parametrize(("unknown_key", "indonesian", "english"), [
    (False, "Tidak ada kesalahan (1 peringatan).", "No errors (1 warning)."),
    (True, "Tidak ada kesalahan (2 peringatan).", "No errors (2 warnings)."),
])
def test_warnings_counted(site: Path, unknown_key: bool, indonesian: str, english: str) -> None:
    if unknown_key:
        replace_in(site, EN_MEETING, "tags: [test]\n", "tags: [test]\ncolour: red\n")
    for lang, line in (("id", indonesian), ("en", english)):
        result = run(lang, "check", "--source", str(site))
        assert result.exit_code == 0
        assert result.stdout == f"{line}\n"


def test_pages_and_files_counted_by_build(site: Path) -> None:
    output = re.escape(str(site / "public"))
    first = run("en", "build", "--source", str(site))
    assert re.fullmatch(rf"Built 29 pages \(id 15, en 14\) in \d+\.\d s: 181 files written, 0 unchanged, 0 removed "
                        rf"-> {output}", first.stdout.splitlines()[0]), first.stdout
    (site / "public" / "robots.txt").unlink()  # a file too small for compressed copies: one file
    again = run("id", "build", "--source", str(site))
    assert re.fullmatch(rf"Selesai membangun 29 halaman \(id 15, en 14\) dalam \d+,\d detik: 1 berkas ditulis, "
                        rf"180 tidak berubah, 0 dihapus -> {output}", again.stdout.splitlines()[0]), again.stdout
    (site / "public" / "robots.txt").unlink()
    english = run("en", "build", "--source", str(site))
    assert ": 1 file written, 180 unchanged, 0 removed -> " in english.stdout


@pytest.fixture
def speaking() -> Iterator[None]:
    yield
    messages.use("en")


def test_one_page_built(speaking: None) -> None:
    one = (("id", "en"), {"id": 1, "en": 0}, (2, 0, 0))
    assert _summary(*one, 0.25) == "Built 1 page (id 1, en 0) in 0.2 s: 2 files written, 0 unchanged, 0 removed"
    messages.use("id")
    assert _summary(*one, 0.25) == ("Selesai membangun 1 halaman (id 1, en 0) dalam 0,2 detik: 2 berkas ditulis, "
                                   "0 tidak berubah, 0 dihapus")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_in_each_language(monkeypatch: pytest.MonkeyPatch, speaking: None) -> None:
    for lang, line in (("en", "Rendering pages 1,234/1,234"), ("id", "Membuat halaman 1.234/1.234")):
        messages.use(lang)
        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        ProgressLine(True)(1234, 1234)
        assert terminal.getvalue() == f"\r{line}"


@pytest.fixture
def preview(site: Path) -> Iterator[tuple[PreviewServer, list[str]]]:
    said: list[str] = []
    running = start(site, Options(jobs=1), "127.0.0.1", 0, say=said.append)
    try:
        yield running, said
    finally:
        stop(running)


def test_the_preview_counts_in_the_language_of_the_run_and_of_the_page(
    preview: tuple[PreviewServer, list[str]], site: Path, speaking: None
) -> None:
    server, said = preview
    assert re.fullmatch(r"Rebuilt in \d+\.\d\d s: 31 pages rendered, 181 files written\.", said[-1]), said[-1]
    about = site / "content/pages/about.en.md"
    about.write_text(about.read_text("utf-8") + "\nMore.\n", "utf-8")
    server.preview.rebuild()
    assert re.fullmatch(r"Rebuilt in \d+\.\d\d s: 1 page rendered, 3 files written\.", said[-1]), said[-1]
    break_date(site, EN_MEETING)
    server.preview.rebuild()
    assert said[-1] == "Rebuild failed: 1 error; still serving the last good build."
    messages.use("id")
    break_date(site, ID_MEETING)
    server.preview.rebuild()
    assert said[-1] == "Gagal membangun ulang: 2 kesalahan; hasil terakhir yang berhasil tetap ditayangkan."
    replace_in(site, ID_MEETING, "date: 2022-02-30", "date: 2022-02-01")
    server.preview.rebuild()
    assert said[-1] == "Gagal membangun ulang: 1 kesalahan; hasil terakhir yang berhasil tetap ditayangkan."
    shown = 'content/meetings/2022-02-01-rapat-contoh.en.md:3: date: &quot;2022-02-30&quot;'
    assert server.preview.error_panel("id").decode() == (
        '<div id="g20site-errors" class="g20site-errors" role="alert" lang="id">'
        '<h2 class="g20site-errors-title">Situs tidak dapat dibangun ulang</h2>'
        "<p>Perbaiki 1 kesalahan berikut lalu simpan lagi; halaman akan dimuat ulang.</p>"
        f'<ul class="g20site-errors-list"><li><code>{shown} bukan tanggal (tulis YYYY-MM-DD)</code></li></ul></div>')
    assert server.preview.error_panel("en").decode() == (
        '<div id="g20site-errors" class="g20site-errors" role="alert" lang="en">'
        '<h2 class="g20site-errors-title">The site could not be rebuilt</h2>'
        "<p>Fix the error below and save again; the page will reload.</p>"
        f'<ul class="g20site-errors-list"><li><code>{shown} is not a date (use YYYY-MM-DD)</code></li></ul></div>')


# -- plural messages kept for later


LONG = Plural("{key}: is {count} character long; write at most {most}",
              "{key}: is {count} characters long; write at most {most}")


@pytest.mark.parametrize(("count", "english", "indonesian"), [
    (1, "title: is 1 character long; write at most 0", "title: panjangnya 1 karakter; tulis paling banyak 0"),
    (2, "title: is 2 characters long; write at most 0", "title: panjangnya 2 karakter; tulis paling banyak 0"),
])
def test_a_plural_message_in_each_language(count: int, english: str, indonesian: str) -> None:
    message = LONG.format(key="title", count=count, most=0)
    assert (message.text("en"), message.text("id"), message.text("fr")) == (english, indonesian, english)


def test_a_plural_message_is_data() -> None:
    one, two = LONG.format(key="title", count=1, most=0), LONG.format(key="title", count=2, most=0)
    assert one == LONG.format(key="title", most=0, count=1) and hash(one) == hash(LONG.format(key="title", most=0,
                                                                                              count=1))
    assert one != two
    assert one != Message(LONG.msgid, key="title", count=1, most=0)  # a message without its plural is another one
    assert repr(one) == ("Plural('{key}: is {count} character long; write at most {most}', "
                         "'{key}: is {count} characters long; write at most {most}', "
                         "**{'count': 1, 'key': 'title', 'most': 0})")


def test_a_plural_message_is_kept_exactly_in_the_build_cache() -> None:
    problem = Problem("content/x.id.md", 2, Message("{what}; {why}").format(
        what=LONG.format(key="title", count=1, most=0), why=Message("x")))
    stored = json.loads(json.dumps(PROBLEM.dump(problem)))
    assert PROBLEM.load(stored) == problem
    assert PROBLEM.load(stored).text("id") == \
        "content/x.id.md:2: title: panjangnya 1 karakter; tulis paling banyak 0; x"
    counted = PROBLEM.dump(Problem("content/x.id.md", 2, LONG.format(key="title", count=2, most=0)))
    counted["message"]["args"]["count"] = "2"
    with pytest.raises(Damaged):
        PROBLEM.load(counted)
