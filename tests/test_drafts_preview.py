"""Drafts an editor can preview before every language is filled in, the preview before its first good
build, a draft page named in the menu, and where an event's missing end is said: the exact lines in
English and in Indonesian."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from g20site import messages
from g20site.build.pipeline import Options
from g20site.cli import main
from g20site.serve import start, stop
from g20site.serve_http import PreviewServer

from .conftest import line_of, replace_in, write


def g20site(site: Path, command: str, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, command, "--source", str(site), *args])


def printed(result: Result, start: str) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(start)]


# -- a draft that lacks a required field: left out of a --drafts build, with a warning

NEW = "content/meetings/2022-05-01-rapat-baru"
DRAFT_ID = "---\ntitle: Rapat Baru\ndate: 2022-05-01\nsummary: Ringkasan rapat baru.\ndraft: true\n---\nTeks.\n"
DRAFT_EN = "---\ntitle:\ndate: 2022-05-01\nslug:\nsummary:\ndraft: true\n---\nText.\n"
UNFINISHED = {
    "en": [
        f"{NEW}.en.md:2: warning: title: is empty; write its text after title: on this line; "
        "this draft is not shown until then",
        f"{NEW}.en.md:4: warning: slug: is empty; write the address of this page in its language (lowercase "
        "letters, digits and hyphens, e.g. rapat-koordinasi), or delete the line to take it from the file name "
        '("rapat-baru"); this draft is not shown until then',
        f"{NEW}.en.md:5: warning: summary: is empty; write its text after summary: on this line; "
        "this draft is not shown until then",
    ],
    "id": [
        f"{NEW}.en.md:2: peringatan: title: masih kosong; tulis teksnya setelah title: di baris ini; "
        "draf ini tidak ditampilkan sampai "
        "bagian itu diisi",
        f"{NEW}.en.md:4: peringatan: slug: kosong; tulis alamat halaman ini dalam bahasanya (huruf kecil, angka, "
        "dan tanda hubung, misalnya rapat-koordinasi), atau hapus barisnya agar alamat diambil dari nama berkas "
        '("rapat-baru"); draf ini tidak ditampilkan sampai bagian itu diisi',
        f"{NEW}.en.md:5: peringatan: summary: masih kosong; tulis teksnya setelah summary: di baris ini; "
        "draf ini tidak ditampilkan sampai "
        "bagian itu diisi",
    ],
}


@pytest.fixture
def half_done(site: Path) -> Path:
    """The fixture site with a new meeting note: the Indonesian draft filled in, the English one not yet."""
    write(site, f"{NEW}.id.md", DRAFT_ID)
    write(site, f"{NEW}.en.md", DRAFT_EN)
    return site


@pytest.mark.parametrize("lang", ["en", "id"])
def test_check_drafts_warns_that_an_unfilled_draft_is_not_shown(half_done: Path, lang: str) -> None:
    check = g20site(half_done, "check", "--drafts", lang=lang)
    assert check.exit_code == 0, check.output
    assert printed(check, NEW) == UNFINISHED[lang]  # and nothing about the filled-in original


@pytest.mark.parametrize("lang", ["en", "id"])
def test_under_strict_what_a_draft_lacks_is_an_error(half_done: Path, lang: str) -> None:
    warning = {"en": "warning: ", "id": "peringatan: "}[lang]
    check = g20site(half_done, "check", "--drafts", "--strict", lang=lang)
    assert check.exit_code == 1
    assert printed(check, NEW) == [line.replace(warning, "") for line in UNFINISHED[lang]]


def test_the_filled_in_draft_is_built_and_the_other_is_left_out_everywhere(half_done: Path) -> None:
    build = g20site(half_done, "build", "--drafts")
    assert build.exit_code == 0, build.output
    public = half_done / "public"
    page = (public / "catatan-rapat" / "rapat-baru" / "index.html").read_text("utf-8")
    assert "Rapat Baru" in page and 'hreflang="en"' not in page.split("</head>")[0]  # no English alternate
    assert not (public / "en" / "meeting-notes" / "rapat-baru").exists()
    assert [f for f in public.rglob("*") if f.is_file() and b"rapat-baru" in f.read_bytes()
            and f.relative_to(public).parts[0] == "en"] == []  # no list, feed or link in English names it
    sitemap = (public / "sitemap.xml").read_text("utf-8")
    assert "/g20/catatan-rapat/rapat-baru/" in sitemap and "/g20/en/meeting-notes/rapat-baru" not in sitemap


def test_once_filled_in_the_draft_is_built_without_warnings(half_done: Path) -> None:
    for key, value in (("title", "New Meeting"), ("slug", "new-meeting"), ("summary", "A new meeting.")):
        replace_in(half_done, f"{NEW}.en.md", f"\n{key}:\n", f"\n{key}: {value}\n")
    check = g20site(half_done, "check", "--drafts")
    assert check.exit_code == 0, check.output
    assert printed(check, NEW) == []
    assert "this draft is not shown" not in check.output
    assert g20site(half_done, "build", "--drafts").exit_code == 0
    assert (half_done / "public" / "en" / "meeting-notes" / "new-meeting" / "index.html").is_file()


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "summary: is empty; write its text after summary: on this line"),
    ("id", "summary: masih kosong; tulis teksnya setelah summary: di baris ini"),
])
def test_a_document_that_is_not_a_draft_still_must_be_complete(site: Path, lang: str, expected: str) -> None:
    write(site, f"{NEW}.id.md", DRAFT_ID.replace("summary: Ringkasan rapat baru.", "summary:")
          .replace("draft: true\n", ""))
    for options in ((), ("--drafts",)):
        check = g20site(site, "check", *options, lang=lang)
        assert check.exit_code == 1
        assert printed(check, NEW) == [f"{NEW}.id.md:4: {expected}"]


# -- a link to a draft

DRAFT_NOTE = "content/meetings/2022-04-01-draf.id.md"
ABOUT = "content/pages/about.id.md"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", 'link "../meetings/2022-04-01-draf.id.md" leads nowhere: content/meetings/2022-04-01-draf.id.md is a '
           "draft, not published"),
    ("id", 'tautan "../meetings/2022-04-01-draf.id.md" tidak menuju ke mana pun: '
           "content/meetings/2022-04-01-draf.id.md masih draf, belum diterbitkan"),
])
def test_a_link_to_a_draft_says_it_is_a_draft(site: Path, lang: str, expected: str) -> None:
    link = "\n\nLihat [draf](../meetings/2022-04-01-draf.id.md)."
    text = replace_in(site, ABOUT, "Halaman tentang.", "Halaman tentang." + link)
    line = line_of(text, "Lihat [draf]")
    check = g20site(site, "check", lang=lang)
    assert check.exit_code == 1
    assert printed(check, ABOUT) == [f"{ABOUT}:{line}: {expected}"]
    assert g20site(site, "check", "--drafts", lang=lang).exit_code == 0  # built with it: the link leads there
    replace_in(site, DRAFT_NOTE, "summary: Belum terbit.", "summary:")  # left out again: said why
    check = g20site(site, "check", "--drafts", lang=lang)
    assert check.exit_code == 1
    assert printed(check, ABOUT) == [f"{ABOUT}:{line}: {expected}"]
    assert len(printed(check, DRAFT_NOTE)) == 1


# -- a page of the menu that is still a draft; a file name in the menu

CONTACT_ID = "---\ntitle: Kontak Humas\ndraft: true\n---\nTelepon.\n"
CONTACT_EN = "---\ntitle: Press Contact\nslug: press-contact\ndraft: true\n---\nPhone.\n"
MENU_DRAFT = {
    "en": 'warning: menu: the page "kontak-humas" is a draft (content/pages/kontak-humas.id.md): it joins the menu '
          "once it is published",
    "id": 'peringatan: menu: halaman "kontak-humas" masih draf (content/pages/kontak-humas.id.md): halaman itu '
          "masuk ke menu setelah diterbitkan",
}


@pytest.fixture
def contact_in_menu(site: Path) -> tuple[Path, int]:
    """The fixture site with a draft page (in both languages) added to the menu; the line of its entry."""
    write(site, "content/pages/kontak-humas.id.md", CONTACT_ID)
    write(site, "content/pages/kontak-humas.en.md", CONTACT_EN)
    text = replace_in(site, "content/site.yaml", "  - page: about\n", "  - page: about\n  - page: kontak-humas\n")
    return site, line_of(text, "- page: kontak-humas")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_draft_page_in_the_menu_is_a_warning_and_left_out_of_it(
    contact_in_menu: tuple[Path, int], lang: str
) -> None:
    site, line = contact_in_menu
    build = g20site(site, "build", lang=lang)
    assert build.exit_code == 0, build.output
    assert printed(build, "content/site.yaml") == [f"content/site.yaml:{line}: {MENU_DRAFT[lang]}"]
    assert "kontak-humas" not in (site / "public" / "index.html").read_text("utf-8")
    strict = g20site(site, "check", "--strict", lang=lang)
    assert strict.exit_code == 1
    assert printed(strict, "content/site.yaml") == [
        f"content/site.yaml:{line}: {MENU_DRAFT[lang].split(': ', 1)[1]}"]


def test_with_drafts_the_draft_page_is_in_the_menu(contact_in_menu: tuple[Path, int]) -> None:
    site, _ = contact_in_menu
    build = g20site(site, "build", "--drafts")
    assert build.exit_code == 0, build.output
    assert printed(build, "content/site.yaml") == []
    assert 'href="/g20/kontak-humas/"' in (site / "public" / "index.html").read_text("utf-8")
    assert 'href="/g20/en/press-contact/"' in (site / "public" / "en" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(("written", "lang", "expected"), [
    ("about.id.md", "en", 'menu: there is no page "about.id.md": write the name without .id.md: page: about'),
    ("about.md", "en", 'menu: there is no page "about.md": write the name without .md: page: about'),
    ("about.id.md", "id", 'menu: tidak ada halaman "about.id.md": tulis namanya tanpa .id.md: page: about'),
    ("abot", "en", 'menu: there is no page "abot" (a file content/pages/abot.LANG.md) (did you mean about?)'),
    ("kontak", "id", 'menu: tidak ada halaman "kontak" (berkas content/pages/kontak.LANG.md)'),
])
def test_a_page_of_the_menu_that_is_not_there_is_an_error(site: Path, written: str, lang: str, expected: str) -> None:
    text = replace_in(site, "content/site.yaml", "  - page: about\n", f"  - page: about\n  - page: {written}\n")
    check = g20site(site, "check", lang=lang)
    assert check.exit_code == 1
    assert printed(check, "content/site.yaml") == [f"content/site.yaml:{line_of(text, written)}: {expected}"]


# -- an event with a start time and no end

EVENT = "content/events/webinar-contoh.id.md"
NO_END = {
    "en": "end: is missing; use YYYY-MM-DD HH:MM, e.g. 2022-11-15 09:00, or YYYY-MM-DD for a whole day",
    "id": "end: belum diisi; tulis YYYY-MM-DD HH:MM, misalnya 2022-11-15 09:00, atau YYYY-MM-DD untuk sehari penuh",
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_missing_end_is_said_at_the_end_line(site: Path, lang: str) -> None:
    text = replace_in(site, EVENT, "end: 2022-03-11 00:30\n", "end:\n")
    check = g20site(site, "check", lang=lang)
    assert check.exit_code == 1
    assert printed(check, EVENT) == [f"{EVENT}:{line_of(text, 'end:')}: {NO_END[lang]}"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_without_an_end_line_it_is_said_at_the_start_line(site: Path, lang: str) -> None:
    text = replace_in(site, EVENT, "end: 2022-03-11 00:30\n", "")
    check = g20site(site, "check", lang=lang)
    assert check.exit_code == 1
    assert printed(check, EVENT) == [f"{EVENT}:{line_of(text, 'start:')}: {NO_END[lang]}"]


# -- the preview before its first good build

NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"
BAD_DATE = {"en": f'{NOTE}:3: date: "2022-02-30" is not a date (use YYYY-MM-DD)',
            "id": f'{NOTE}:3: date: "2022-02-30" bukan tanggal (tulis YYYY-MM-DD)'}
FIRST_FAILED = {
    "en": "Build failed: 1 error; nothing to preview yet. Fix it and save: the preview reloads.",
    "id": "Gagal membangun: 1 kesalahan; belum ada yang dapat dipratinjau. Perbaiki lalu simpan: pratinjau akan "
          "dimuat ulang.",
}
SCRIPT = b'<script src="/g20/__g20site/reload.js" data-events="/g20/__g20site/events"></script></body></html>'


def get(server: PreviewServer, path: str, method: str = "GET") -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type") or "", body


@pytest.fixture(params=["en", "id"])
def speaking(request: pytest.FixtureRequest) -> Iterator[str]:
    """The tool speaks the language of the test, then English again."""
    messages.use(request.param)
    yield request.param
    messages.use("en")


@pytest.fixture
def broken(site: Path, speaking: str) -> Iterator[tuple[PreviewServer, list[str]]]:
    """A preview started on a site with an error: its first build fails."""
    replace_in(site, NOTE, "date: 2022-02-01", "date: 2022-02-30")
    said: list[str] = []
    running = start(site, Options(jobs=1), "127.0.0.1", 0, say=said.append)
    yield running, said
    stop(running)


def page(title: str, lang: str, hint: str, error: str) -> bytes:
    """The page every address shows before the first good build (its style left out)."""
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{title}</title><style></style></head><body>'
            f'<div id="g20site-errors" class="g20site-errors" role="alert" lang="{lang}">'
            f'<h2 class="g20site-errors-title">{title}</h2><p>{hint}</p><ul class="g20site-errors-list">'
            f"<li><code>{error}</code></li></ul></div>").encode() + SCRIPT


def unstyled(body: bytes) -> bytes:
    start, end = body.index(b"<style>") + len(b"<style>"), body.index(b"</style>")
    return body[:start] + body[end:]


def test_before_a_good_build_every_address_shows_what_to_fix(
    broken: tuple[PreviewServer, list[str]], speaking: str
) -> None:
    server, said = broken
    assert said[-1] == FIRST_FAILED[speaking]
    assert server.url.endswith("/g20/")  # where the site will be, as site.yaml says
    indonesian = page("Situs tidak dapat dibangun", "id", "Perbaiki 1 kesalahan berikut lalu simpan lagi; halaman "
                      "akan dimuat ulang.", BAD_DATE["id"].replace('"', "&quot;"))
    english = page("The site could not be built", "en", "Fix the error below and save again; the page will reload.",
                   BAD_DATE["en"].replace('"', "&quot;"))
    for path, expected in (("/g20/", indonesian), ("/g20/catatan-rapat/", indonesian), ("/", indonesian),
                           ("/g20/en/", english), ("/g20/en/meeting-notes/", english)):
        status, kind, body = get(server, path)
        assert (status, kind) == (503, "text/html; charset=utf-8"), path
        assert unstyled(body) == expected, path
    status, _, body = get(server, "/g20/", "HEAD")
    assert (status, body) == (503, b"")


def test_the_page_quotes_the_line_of_a_yaml_mistake(site: Path, speaking: str) -> None:
    replace_in(site, NOTE, "title: ", "title: [")
    running = start(site, Options(jobs=1), "127.0.0.1", 0, say=lambda line: None)
    try:
        _, _, body = get(running, "/g20/")
    finally:
        stop(running)
    quoted = body.split(b'<pre class="g20site-errors-source">')[1].split(b"</pre>")[0].decode().split("\n")
    assert quoted[0].startswith("2 | title: [") and quoted[1].startswith("  |        ^ ")


def test_after_the_first_good_build_the_site_is_served_and_reloaded(
    broken: tuple[PreviewServer, list[str]], site: Path, speaking: str
) -> None:
    server, said = broken
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as connection:  # as the page's script listens
        connection.sendall(f"GET /g20/__g20site/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        received = b""
        while b"retry:" not in received:
            received += connection.recv(4096)
        replace_in(site, NOTE, "date: 2022-02-30", "date: 2022-02-01")
        assert server.preview.rebuild() is True
        while b"data: reload" not in received:
            received += connection.recv(4096)
    status, _, body = get(server, "/g20/")
    assert status == 200 and b"g20site-errors" not in body
    replace_in(site, NOTE, "date: 2022-02-01", "date: 2022-02-30")
    assert server.preview.rebuild() is False  # now there is a good build to keep serving
    assert said[-1] == {"en": "Rebuild failed: 1 error; still serving the last good build.",
                        "id": "Gagal membangun ulang: 1 kesalahan; hasil terakhir yang berhasil tetap "
                              "ditayangkan."}[speaking]
    status, _, body = get(server, "/g20/en/")
    assert status == 200 and b'<h2 class="g20site-errors-title">The site could not be rebuilt</h2>' in body


def test_without_site_yaml_the_page_speaks_the_tools_language(site: Path, speaking: str) -> None:
    replace_in(site, "content/site.yaml", "default_language: id", "default_language: [id")
    said: list[str] = []
    running = start(site, Options(jobs=1), "127.0.0.1", 0, say=said.append)
    try:
        assert running.url.endswith(":" + str(running.server_address[1]) + "/")  # no base path known
        title = {"en": b"<title>The site could not be built</title>",
                 "id": b"<title>Situs tidak dapat dibangun</title>"}
        status, _, body = get(running, "/g20/")
        assert status == 503 and f'<html lang="{speaking}">'.encode() in body and title[speaking] in body
        status, _, body = get(running, "/en/")
        assert status == 503 and b'<html lang="en">' in body and title["en"] in body
    finally:
        stop(running)


def test_the_preview_with_drafts_shows_the_filled_in_draft_and_says_why_the_other_is_not(
    half_done: Path, speaking: str
) -> None:
    said: list[str] = []
    running = start(half_done, Options(jobs=1, drafts=True), "127.0.0.1", 0, say=said.append)
    try:
        lines = [line for told in said for line in told.split("\n")]
        assert [line for line in lines if line.startswith(NEW)] == UNFINISHED[speaking]
        assert said[-1].startswith({"en": "Rebuilt in ", "id": "Dibangun ulang dalam "}[speaking])
        assert get(running, "/g20/catatan-rapat/rapat-baru/")[0] == 200
        assert get(running, "/g20/en/meeting-notes/rapat-baru/")[0] == 404
    finally:
        stop(running)
