"""What an editor is told after a build: where the site is and the one command that shows it."""

from __future__ import annotations

import errno
import os
import re
import shlex
import socket
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from g20site import messages
from g20site.cli import main

from .conftest import line_of, replace_in

CATALOG = Path(messages.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "g20site.po"

HINTS = {
    "en": "To look at it: g20site serve --source {source}, then open the address it prints "
          "(opening {source}/public/index.html from the disk breaks its links)",
    "id": "Untuk melihatnya: g20site serve --source {source}, lalu buka alamat yang dicetaknya "
          "(membuka {source}/public/index.html langsung dari disk merusak tautannya)",
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_build_ends_with_the_command_that_shows_the_site(site: Path, lang: str) -> None:
    result = CliRunner().invoke(main, ["--lang", lang, "build", "--source", str(site)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == HINTS[lang].format(source=shlex.quote(str(site))).replace(
        f"{shlex.quote(str(site))}/public", f"{site}/public")
    assert lines[-2].endswith(f"-> {site / 'public'}")


def test_a_quiet_build_prints_nothing(site: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_the_hint_names_no_source_for_the_current_folder(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["--lang", "en", "build"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "To look at it: g20site serve, then open the address it prints "
        "(opening public/index.html from the disk breaks its links)")


GUIDE = Path(__file__).parent.parent / "docs" / "panduan-editor.md"


def _guide_sections() -> dict[str, str]:
    text = GUIDE.read_text(encoding="utf-8")
    return dict(re.findall(r"^#{2,3} (.+)\n((?:(?!^#{2,3} ).*\n?)*)", text, re.M))


def test_the_guides_example_is_what_the_tool_prints(site: Path) -> None:
    errors = _guide_sections()["Pesan kesalahan dan cara memperbaikinya"]
    example = re.search(r"```\n(.*?)```", errors, re.S)
    assert example is not None
    shown = example.group(1).splitlines()
    path = shown[0].split(":")[0]
    (site / path).write_text("---\ntitle: Rapat Humas: Persiapan KTT\ndate: 2022-02-01\nsummary: Contoh.\n---\n",
                             encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "id", "check", "--source", str(site)])
    assert result.exit_code == 1
    printed = result.stderr.splitlines()
    start = printed.index(shown[0])
    assert printed[start:start + len(shown)] == shown


def _indonesian_messages() -> list[str]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    return [m.string[0] if isinstance(m.string, tuple) else m.string for m in catalog if m.id]


def _could_begin(lead: str, message: str) -> bool:
    """Whether ``lead`` is how ``message`` may begin with its ``{placeholders}`` filled in, the
    message's own words making at least half of it."""
    parts = re.split(r"\{[^}]+\}", message)
    if not any(part.strip(" ;:,.")[:8] in lead or lead in part for part in parts if len(part.strip(" ;:,.")) >= 4):
        return False  # none of its words are there: no need to try each way of filling it in
    whole = re.match(".+?".join(map(re.escape, parts)), lead, re.S)  # the whole message, then more words
    if whole and len(parts[0]) >= 8 and sum(map(len, parts)) >= len(whole[0]) / 2:
        return True
    for filled in range(len(parts)):
        head = "".join(f"{re.escape(part)}.*?" for part in parts[:filled])
        rest = ""
        for char in reversed(parts[filled][: len(lead)]):
            rest = f"(?:{re.escape(char)}{rest})?"
        match = re.fullmatch(f"{head}(?P<rest>{rest})", lead, re.S)
        if match and sum(map(len, parts[:filled])) + len(match["rest"]) >= len(lead) / 2:
            return True
    return False


def test_every_message_the_guide_explains_is_one_the_tool_has() -> None:
    """Each message in the guide's tables begins as a message of the catalog does (so a reworded
    message cannot leave the guide explaining words nobody sees)."""
    sections = _guide_sections()
    said = _indonesian_messages()
    explained = []
    for name in ("Penulisan YAML", "Front matter (bagian atas berkas Markdown)",
                 "Peringatan yang perlu diperhatikan", "Tautan dan berkas", "Perintah"):
        for row in sections[name].splitlines()[2:]:
            if row.startswith("| `"):
                explained.append(row.split("`")[1])
    assert len(explained) >= 30
    for message in explained:
        words = re.sub(r"^(?:Kesalahan: |\.\.\. ?|peringatan: )", "", message)
        lead = words.split("...")[0].rstrip(" ;:,")
        assert len(lead) >= 8, message
        assert any(_could_begin(lead, text) for text in said), f"no message of the tool begins as {message!r}"


def test_a_title_may_be_written_without_quotes(site: Path) -> None:
    result = CliRunner().invoke(main, ["new", "meeting", "Rapat", "Koordinasi", "Humas", "--date", "2022-02-03",
                                       "--source", str(site)])
    assert result.exit_code == 0, result.output
    written = (site / "content/meetings/2022-02-03-rapat-koordinasi-humas.id.md").read_text(encoding="utf-8")
    assert 'title: "Rapat Koordinasi Humas"' in written.splitlines()


@pytest.mark.parametrize(("lang", "line"), [
    ("en", """Error: Invalid value for '--date': "01-02-2022" is not a date (use YYYY-MM-DD, e.g. 2022-02-01)"""),
    ("id", """Kesalahan: Nilai tidak valid untuk '--date': "01-02-2022" bukan tanggal """
           "(tulis YYYY-MM-DD, misalnya 2022-02-01)"),
])
def test_a_date_written_another_way_says_how_to_write_it(site: Path, lang: str, line: str) -> None:
    result = CliRunner().invoke(main, ["--lang", lang, "new", "meeting", "Rapat", "--date", "01-02-2022",
                                       "--source", str(site)])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == line
    assert not list((site / "content/meetings").glob("*rapat.*"))


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "Error: cannot listen on 127.0.0.1:{port}: {reason}; if another preview is running there, stop it, "
           "or pick another port (--port 0 picks a free one)"),
    ("id", "Kesalahan: tidak dapat mendengarkan di 127.0.0.1:{port}: {reason}; jika pratinjau lain sedang berjalan "
           "di sana, hentikan dulu, atau pilih port lain (--port 0 memilih port yang bebas)"),
])
def test_a_port_in_use_says_what_to_do(site: Path, lang: str, words: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--lang", lang, "serve", "--source", str(site), "--port", str(port)])
    assert result.exit_code == 2
    reason = os.strerror(errno.EADDRINUSE)
    assert result.output.splitlines()[-1] == words.format(port=port, reason=reason)
    assert "Usage" not in result.output and "Penggunaan" not in result.output


MEETING = "content/meetings/2022-02-01-rapat-contoh.id.md"


def _check(site: Path, lang: str) -> list[str]:
    result = CliRunner().invoke(main, ["--lang", lang, "check", "--source", str(site)])
    assert result.exit_code == 1, result.output
    return result.stderr.splitlines()


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "image: write the address of the file without static/: image: /images/foto.png"),
    ("id", "image: tulis alamat berkasnya tanpa static/: image: /images/foto.png"),
])
def test_an_image_written_with_static_says_to_drop_it(site: Path, lang: str, words: str) -> None:
    replace_in(site, MEETING, "image: /images/foto.png", "image: static/images/foto.png")
    assert f"{MEETING}:11: {words}" in _check(site, lang)


@pytest.mark.parametrize(("lang", "words"), [
    ("en", 'link "/images/rapat.jpg" leads nowhere: this site has no file /images/rapat.jpg; '
           "put the file at static/images/rapat.jpg"),
    ("id", 'tautan "/images/rapat.jpg" tidak menuju ke mana pun: situs ini tidak punya berkas /images/rapat.jpg; '
           "letakkan berkasnya di static/images/rapat.jpg"),
])
def test_a_missing_file_in_the_text_says_where_to_put_it(site: Path, lang: str, words: str) -> None:
    text = replace_in(site, MEETING, "![Gambar](/images/foto.png)", "![Gambar](/images/rapat.jpg)")
    assert f"{MEETING}:{line_of(text, '/images/rapat.jpg')}: {words}" in _check(site, lang)


def test_a_broken_link_is_never_told_it_meant_its_own_file(site: Path) -> None:
    own = "content/meetings/2022-03-05-hanya-indonesia.id.md"
    text = replace_in(site, own, "\n---\n", "\n---\n[lihat](2022-03-05-hanya-indonesa.id.md)\n")
    line = line_of(text, "hanya-indonesa")
    printed = _check(site, "en")
    assert (f'{own}:{line}: link "2022-03-05-hanya-indonesa.id.md" leads nowhere: '
            "content/meetings/2022-03-05-hanya-indonesa.id.md is not a published document") in printed


def test_a_misnamed_note_is_shown_the_name_it_should_have(site: Path) -> None:
    (site / MEETING).rename(site / "content/meetings/2022-02-01 Rapat Contoh.id.md")
    assert ("content/meetings/2022-02-01 Rapat Contoh.id.md: meeting notes are named YYYY-MM-DD-name.LANG.md, "
            "e.g. 2022-02-01-rapat-contoh.id.md") in _check(site, "en")


def test_after_a_build_with_drafts_the_preview_shows_them_too(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["--lang", "en", "build", "--drafts"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("To look at it: g20site serve --drafts, then open ")
