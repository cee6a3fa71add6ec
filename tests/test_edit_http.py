"""``g20site serve --edit`` over HTTP: who may use the editor, what it writes, and where.

One preview server with the editor for the module (on a copy of the basic fixture site); each test
talks to it as a browser would, with the cookie the secret address sets and the form's token.
"""

from __future__ import annotations

import datetime
import http.client
import io
import json
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from click.testing import CliRunner
from PIL import Image

from g20site.build.pipeline import Options
from g20site.cli import main
from g20site.edit.editor import Editor
from g20site.edit.files import HISTORY
from g20site.serve import start, stop
from g20site.serve_http import PreviewServer

from .conftest import REPO, copy_site, replace_in, snapshot

NOTE = "content/meetings/2022-02-01-rapat-contoh.id.md"
FORM = "application/x-www-form-urlencoded"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass
class Browser:
    """A client that keeps the editor's cookie, as a browser does."""

    server: PreviewServer
    cookie: str = ""

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def ask(self, method: str, path: str, body: bytes | str | None = None, kind: str = FORM,
            host: str | None = None, **headers: str) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": host or f"127.0.0.1:{self.port}", **headers}
        if self.cookie:
            sent["Cookie"] = self.cookie
        if body is not None:
            sent["Content-Type"] = kind
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, answer

    def post(self, route: str, **fields: str) -> tuple[int, dict[str, str], bytes]:
        return self.ask("POST", f"/g20/_edit/{route}", urlencode({"token": self.token, **fields}))

    @property
    def token(self) -> str:
        return self.server.editor.session.token  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site("basic", tmp_path_factory.mktemp("edit"))


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[PreviewServer]:
    running = start(site, Options(drafts=True), "127.0.0.1", 0, say=lambda line: None)
    running.editor = Editor(site, running.server_address[1], "id")
    yield running
    stop(running)


@pytest.fixture
def browser(server: PreviewServer) -> Browser:
    client = Browser(server)
    address = urlsplit(server.editor.address(server.preview.base_path))  # type: ignore[union-attr]
    status, headers, _ = client.ask("GET", f"{address.path}?{address.query}")
    assert status == 303 and headers["location"] == "/g20/_edit/"
    assert headers["set-cookie"].endswith("; Path=/g20/_edit/; HttpOnly; SameSite=Strict")
    client.cookie = headers["set-cookie"].split(";")[0]
    return client


def outside(site: Path) -> dict[str, bytes]:
    """Every file of the site folder but content/, static/ and the editor's kept versions."""
    return {name: data for name, data in snapshot(site).items()
            if not name.startswith(("content/", "static/", f"{HISTORY}/", ".g20site-cache/"))}


def test_the_home_lists_every_document_with_its_translation_state(browser: Browser) -> None:
    status, headers, body = browser.ask("GET", "/g20/_edit/")
    page = body.decode()
    assert status == 200 and headers["content-security-policy"].startswith("default-src 'self'")
    assert '<html lang="id">' in page and "Catatan rapat baru" in page
    assert 'href="/g20/_edit/edit?path=content%2Fmeetings%2F2022-02-01-rapat-contoh.id.md"' in page
    assert 'href="/g20/_edit/translate?path=content%2Fmeetings%2F2022-03-05-hanya-indonesia.id.md&amp;lang=en"' in page


def test_without_the_secret_nothing_is_shown(browser: Browser) -> None:
    stranger = Browser(browser.server)
    assert stranger.ask("GET", "/g20/_edit/")[0] == 403
    assert stranger.ask("GET", "/g20/_edit/?key=wrong")[0] == 403
    assert stranger.ask("GET", f"/g20/_edit/edit?path={NOTE}")[0] == 403
    stranger.cookie = "g20site-editor=wrong"
    status, _, body = stranger.post("save", path=NOTE, title="x")
    assert status == 403 and b"g20site serve --edit" in body


def test_a_change_needs_the_token_and_the_editors_origin(browser: Browser, site: Path) -> None:
    before = (site / NOTE).read_bytes()
    assert browser.ask("POST", "/g20/_edit/save", urlencode({"path": NOTE, "title": "x"}))[0] == 403
    assert browser.ask("POST", "/g20/_edit/save", urlencode({"path": NOTE, "title": "x", "token": "0" * 64}))[0] == 403
    forged = urlencode({"path": NOTE, "title": "x", "token": browser.token})
    status, _, _ = browser.ask("POST", "/g20/_edit/save", forged, Origin="https://evil.example")
    assert status == 403 and (site / NOTE).read_bytes() == before


def test_a_wrong_host_is_refused(browser: Browser) -> None:
    assert browser.ask("GET", "/g20/_edit/", host=f"evil.example:{browser.port}")[0] == 421
    assert browser.ask("GET", "/g20/_edit/", host=f"localhost:{browser.port}")[0] == 200
    assert browser.ask("POST", "/g20/_edit/save", "x=1", host=f"evil.example:{browser.port}")[0] == 421


def test_without_edit_there_is_no_editor(browser: Browser) -> None:
    editor, browser.server.editor = browser.server.editor, None
    try:
        assert browser.ask("GET", "/g20/_edit/")[0] == 404
        assert browser.ask("GET", "/g20/_edit/editor.css")[0] == 404
        assert browser.ask("POST", "/g20/_edit/save", "x=1")[0] == 501
    finally:
        browser.server.editor = editor


def test_check_gives_the_messages_of_check_by_field(browser: Browser, tmp_path: Path) -> None:
    status, _, body = browser.post("check", path=NOTE, version=_version(browser), title="Rapat Contoh",
                                   date="2022-13-01", summary="Ringkas.")
    found = json.loads(body)
    assert status == 200 and list(found) == ["date"] and found["date"][0]["severity"] == "error"
    other = copy_site("basic", tmp_path)
    replace_in(other, NOTE, "date: 2022-02-01", "date: 2022-13-01")
    checked = CliRunner(env={"LANGUAGE": "id"}).invoke(main, ["check", "--source", str(other)])
    assert checked.exit_code == 1 and found["date"][0]["text"] in checked.output.splitlines()
    assert found["date"][0]["text"].startswith(f'{NOTE}:3: date: "2022-13-01" bukan tanggal')


def test_save_refuses_what_the_build_refuses(browser: Browser, site: Path) -> None:
    before = (site / NOTE).read_bytes()
    status, _, body = browser.post("save", path=NOTE, version=_version(browser), title="Rapat Contoh",
                                   date="2022-13-01", summary="Ringkas.", body="Teks.")
    assert status == 422 and "bukan tanggal" in body.decode() and (site / NOTE).read_bytes() == before


def test_a_new_meeting_is_what_new_meeting_and_hand_edits_give(browser: Browser, site: Path, tmp_path: Path) -> None:
    fields = {"kind": "meeting", "title": "Rapat Uji Editor", "date": "2022-11-10", "summary": "Kementerian sepakat.",
              "participants": "Kominfo\r\nKSP", "tags": "g20", "draft": "true"}
    status, headers, _ = browser.post("save", **fields)
    name = "content/meetings/2022-11-10-rapat-uji-editor"
    assert status == 303 and headers["location"] == f"/g20/_edit/edit?path={name.replace('/', '%2F')}.id.md&saved=1"
    other = copy_site("basic", tmp_path)
    result = CliRunner().invoke(main, ["new", "meeting", "Rapat Uji Editor", "--date", "2022-11-10",
                                       "--source", str(other)])
    assert result.exit_code == 0, result.output
    replace_in(other, f"{name}.id.md", "\nsummary:\n", '\nsummary: "Kementerian sepakat."\n')
    replace_in(other, f"{name}.id.md", "\nparticipants:\n", "\nparticipants:\n  - Kominfo\n  - KSP\n")
    replace_in(other, f"{name}.id.md", "\ntags:\n", "\ntags: [g20]\n")
    for lang in ("id", "en"):
        assert (site / f"{name}.{lang}.md").read_bytes() == (other / f"{name}.{lang}.md").read_bytes()
    again = browser.post("save", **fields)
    assert again[0] == 409 and "sudah ada" in again[2].decode()


def test_a_file_changed_on_disk_is_not_overwritten(browser: Browser, site: Path) -> None:
    page = "content/pages/about.en.md"
    version = _version(browser, page)
    on_disk = replace_in(site, page, "title:", "title: Changed on disk #")
    status, _, body = browser.post("save", path=page, version=version, title="Mine", body="Mine.")
    shown = body.decode()
    assert status == 409 and (site / page).read_text("utf-8") == on_disk
    assert "title: Changed on disk #" in shown and "title: &#34;Mine&#34;" in shown
    fresh = re.search(r'name="version" value="([0-9a-f]+)"', shown)
    assert fresh is not None
    status, _, _ = browser.post("save", path=page, version=fresh[1], title="Mine", body="Mine.")
    assert status == 303 and 'title: "Mine"\n' in (site / page).read_text("utf-8")
    kept = sorted((site / HISTORY / page).iterdir())
    assert kept[-1].read_text("utf-8") == on_disk
    status, _, _ = browser.post("restore", path=page, version=kept[-1].stem)
    assert status == 303 and (site / page).read_text("utf-8") == on_disk


def test_translate_and_mark_done_as_the_command_line_does(browser: Browser, site: Path, tmp_path: Path) -> None:
    source = "content/meetings/2022-03-05-hanya-indonesia.id.md"
    target = source.replace(".id.md", ".en.md")
    status, headers, _ = browser.post("translation", path=source, lang="en")
    assert status == 303 and (site / target).is_file()
    other = copy_site("basic", tmp_path)
    assert CliRunner().invoke(main, ["new", "translation", source, "--source", str(other)]).exit_code == 0
    assert (site / target).read_bytes() == (other / target).read_bytes()
    status, _, body = browser.ask("GET", headers["location"])
    assert status == 200 and "Tandai sudah diterjemahkan" in body.decode()
    replace_in(site, target, "draft: true", "draft: true\n# translated")
    replace_in(other, target, "draft: true", "draft: true\n# translated")
    assert browser.post("mark-done", path=target)[0] == 303
    assert CliRunner().invoke(main, ["translations", "--mark-done", target, "--source", str(other)]).exit_code == 0
    assert (site / target).read_bytes() == (other / target).read_bytes()


def test_the_preview_pane_shows_the_unsaved_form(browser: Browser, site: Path) -> None:
    before = (site / NOTE).read_bytes()
    status, _, body = browser.post("preview", path=NOTE, version=_version(browser), title="Rapat Contoh Pratinjau",
                                   date="2022-02-01", summary="Ringkas.", body="Teks **belum disimpan**.")
    page = body.decode()
    assert status == 200 and "<h1" in page and "Rapat Contoh Pratinjau" in page
    assert "<strong>belum disimpan</strong>" in page and (site / NOTE).read_bytes() == before


def test_an_upload_loses_its_gps_position(browser: Browser, site: Path) -> None:
    photo = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (8.0, 47.0, 58.0), 3: "E", 4: (115.0, 14.0, 2.0)}  # GPSInfo: Nusa Dua
    exif[0x010F] = "Camera Maker"
    data = io.BytesIO()
    photo.save(data, "JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(data.getvalue())).getexif().get_ifd(0x8825)
    body, kind = _multipart({"token": browser.token, "path": NOTE, "alt-id": "Foto rapat", "alt-en": ""},
                            ("photo", "Foto Rapat.JPG", data.getvalue()))
    status, _, answer = browser.ask("POST", "/g20/_edit/upload", body, kind)
    assert status == 422 and "bahasa Inggris" in answer.decode()
    assert not (site / "static/images/foto-rapat.jpg").exists()
    body, kind = _multipart({"token": browser.token, "path": NOTE, "alt-id": "Foto rapat", "alt-en": "Meeting photo"},
                            ("photo", "../../Foto Rapat.JPG", data.getvalue()))
    status, _, _ = browser.ask("POST", "/g20/_edit/upload", body, kind)
    stored = site / "static/images/foto-rapat.jpg"
    assert status == 303 and stored.is_file()
    with Image.open(stored) as kept:
        assert kept.size == (40, 30) and not kept.getexif() and "exif" not in kept.info
    assert '\nimage: /images/foto-rapat.jpg\nimage_alt: "Foto rapat"\n' in (site / NOTE).read_text("utf-8")
    english = (site / NOTE.replace(".id.md", ".en.md")).read_text("utf-8")
    assert "\nimage: /images/foto-rapat.jpg\n" in english and '\nimage_alt: "Meeting photo"\n' in english


@pytest.mark.parametrize("fields", [
    {"path": "content/meetings/../../evil.id.md", "title": "x"},
    {"path": "/etc/passwd", "title": "x"},
    {"path": "content/meetings/2022-02-01-x.id.md/../../../../evil.id.md", "title": "x"},
    {"path": "static/evil.id.md", "title": "x"},
    {"path": "content/site.yaml", "title": "x"},
    {"kind": "../../x", "title": "x"},
    {"kind": "meeting", "title": "../../../evil", "date": "2022-01-01"},
    {"kind": "meeting", "title": "x", "date": "../../../2022-01-01"},
])
@pytest.mark.parametrize("route", ["save", "translation", "mark-done", "restore", "preview"])
def test_nothing_is_written_outside_content_and_static(browser: Browser, site: Path, route: str,
                                                       fields: dict[str, str]) -> None:
    before = outside(site)
    status, _, _ = browser.post(route, **fields)
    assert status in (200, 303, 403, 404, 409, 422) and outside(site) == before
    assert not (site.parent / "evil.id.md").exists() and not Path("/etc/evil.id.md").exists()


def test_a_link_out_of_the_site_is_not_written_through(browser: Browser, site: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    link = site / "content" / "events"
    kept = site / "content" / "events-kept"
    link.rename(kept)
    link.symlink_to(tmp_path / "elsewhere")
    try:
        status, _, _ = browser.post("save", kind="event", title="Pameran", **{"start-date": "2022-11-15"})
        assert status in (403, 422) and list((tmp_path / "elsewhere").iterdir()) == []
    finally:
        link.unlink()
        kept.rename(link)


def _version(browser: Browser, path: str = NOTE) -> str:
    _, _, body = browser.ask("GET", f"/g20/_edit/edit?path={path}")
    found = re.search(r'name="version" value="([0-9a-f]*)"', body.decode())
    assert found is not None
    return found[1]


def _multipart(fields: dict[str, str], upload: tuple[str, str, bytes]) -> tuple[bytes, str]:
    boundary = "----g20site" + datetime.date.today().strftime("%Y%m%d")
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    name, filename, data = upload
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 "Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("args", [["--host", "0.0.0.0"], ["--host", "192.168.1.10"], ["--allow-host", "laptop.lan"]])
def test_the_editor_is_only_for_this_computer(site: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["--lang", "en", "serve", "--edit", "--source", str(site), *args])
    assert result.exit_code == 2
    assert "--edit works only on this computer: leave out --host and --allow-host" in result.output


def test_a_file_yaml_cannot_read_is_edited_as_text(browser: Browser, site: Path) -> None:
    page = "content/pages/about.id.md"
    good = (site / page).read_text("utf-8")
    broken = replace_in(site, page, "title:", "title: [Tentang")
    try:
        status, _, body = browser.ask("GET", "/g20/_edit/")
        assert status == 200 and 'href="/g20/_edit/edit?path=content%2Fpages%2Fabout.id.md"' in body.decode()
        status, _, body = browser.ask("GET", f"/g20/_edit/edit?path={page}")
        shown = body.decode()
        assert status == 200 and 'name="raw"' in shown and 'name="title"' not in shown
        version = re.search(r'name="version" value="([0-9a-f]+)"', shown)
        assert version is not None
        status, _, _ = browser.post("save", path=page, version=version[1], raw=broken.replace("\n", "\r\n"))
        assert status == 422 and (site / page).read_text("utf-8") == broken
        status, _, _ = browser.post("save", path=page, version=version[1], raw=good.replace("\n", "\r\n"))
        assert status == 303 and (site / page).read_text("utf-8") == good
    finally:
        (site / page).write_text(good, "utf-8")


def test_the_command_prints_the_editors_address(tmp_path: Path) -> None:
    """``g20site serve --edit`` as typed in a terminal: the address it prints opens the editor."""
    site = copy_site("basic", tmp_path)
    command = Path(sys.executable).parent / "g20site"
    process = subprocess.Popen([str(command), "--lang", "en", "serve", "--edit", "--source", str(site), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("Serving ")
        line = process.stdout.readline()
        found = re.fullmatch(r"Editor \(only for you: the address holds a secret key\): "
                             r"(http://127\.0\.0\.1:(\d+)/g20/_edit/\?key=[\w-]{43})\n", line)
        assert found is not None, line
        address = urlsplit(found[1])
        connection = http.client.HTTPConnection("127.0.0.1", int(found[2]), timeout=30)
        connection.request("GET", f"{address.path}?{address.query}")
        response = connection.getresponse()
        assert response.status == 303 and "HttpOnly; SameSite=Strict" in (response.getheader("Set-Cookie") or "")
        connection.close()
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0 and "Traceback" not in err


def test_the_language_switch_comes_back_to_the_same_page(browser: Browser) -> None:
    _, _, body = browser.ask("GET", f"/g20/_edit/edit?path={NOTE}")
    switch = f'href="/g20/_edit/language?to=en&amp;back=%2Fg20%2F_edit%2Fedit%3Fpath%3D{NOTE.replace("/", "%252F")}"'
    assert switch in body.decode()
    back = f"/g20/_edit/edit?path={NOTE}"
    status, headers, _ = browser.ask("GET", f"/g20/_edit/language?{urlencode({'to': 'en', 'back': back})}")
    assert status == 303 and headers["location"] == back
    assert headers["set-cookie"] == "g20site-editor-lang=en; Path=/g20/_edit/; SameSite=Strict"
    browser.cookie += "; g20site-editor-lang=en"
    assert '<html lang="en">' in browser.ask("GET", back)[2].decode()
    for elsewhere in ("https://evil.example/", "//evil.example/g20/_edit/", "/g20/_edit/\r\nSet-Cookie: x=1"):
        status, headers, _ = browser.ask("GET", f"/g20/_edit/language?{urlencode({'to': 'id', 'back': elsewhere})}")
        assert status == 303 and headers["location"] == "/g20/_edit/"


@pytest.mark.slow
def test_the_nu_html_checker_finds_no_errors_in_the_editors_pages(browser: Browser, site: Path,
                                                                  tmp_path: Path) -> None:
    assert shutil.which("java"), "Java is missing: run `apt-get install default-jre-headless` (make test does it)"
    assert VNU.exists(), f"{VNU} is missing: run `npm ci` (make test does it)"
    pages = {"home": "", "new-meeting": "new?kind=meeting", "new-fact-check": "new?kind=fact_check",
             "new-event": "new?kind=event", "edit": f"edit?path={NOTE}", "history": f"history?path={NOTE}",
             "upload": f"upload?path={NOTE}", "translate": f"translate?path={NOTE.replace('.id.', '.en.')}",
             "missing": "nothing", "preview-pane": "preview?path="}
    for name, route in pages.items():
        status, _, body = browser.ask("GET", f"/g20/_edit/{route}")
        assert status == (404 if name == "missing" else 200), name
        (tmp_path / f"{name}.html").write_bytes(body)
    _, _, conflict = browser.post("save", path=NOTE, version="0", title="x")
    (tmp_path / "conflict.html").write_bytes(conflict)
    (tmp_path / "editor.css").write_bytes(browser.ask("GET", "/g20/_edit/editor.css")[2])
    run = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--also-check-css", str(tmp_path)],
                         capture_output=True, text=True, timeout=120, check=False)
    report = json.loads(run.stderr or run.stdout)
    bad = [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in report["messages"]
           if m["type"] != "info" or m.get("subType") == "warning"]
    assert bad == []


@pytest.mark.parametrize(("change", "message"), [
    ({"slug": "hanya-indonesia"}, "hanya-indonesia"),
    ({"body": "[tautan](../pages/tidak-ada.id.md)"}, "tidak-ada.id.md"),
])
def test_save_refuses_what_only_the_whole_site_shows(browser: Browser, site: Path, change: dict[str, str],
                                                     message: str) -> None:
    """An address another page has, a link to a file that is not there: the build refuses them, so save does."""
    before = (site / NOTE).read_bytes()
    fields = {"path": NOTE, "version": _version(browser), "title": "Rapat Contoh", "date": "2022-02-01",
              "summary": "Ringkasan rapat contoh.", **change}
    status, _, body = browser.post("save", **fields)
    assert status == 422 and message in body.decode() and (site / NOTE).read_bytes() == before


def test_a_new_fact_check_and_event_through_their_forms(browser: Browser, site: Path) -> None:
    """The other kinds: their own fields (a verdict of site.yaml, sources, a start with its time and zone)
    written so that the loader reads them without a problem."""
    from g20site.edit.checks import problems_of
    from g20site.load.site import load_config

    config, _ = load_config(site)
    assert config is not None
    fact_check = {"kind": "fact_check", "title": "Klaim Uji", "date": "2022-11-12", "summary": "Klaim itu keliru.",
                  "claim": "Malaysia ditolak: G20", "verdict": "hoaks", "sources-0-title": "Siaran pers",
                  "sources-0-publisher": "Kominfo", "sources-0-url": "https://www.kominfo.go.id/x"}
    event = {"kind": "event", "title": "Pameran Uji", "summary": "Pameran foto.", "start-date": "2022-11-15",
             "start-time": "09:00", "end-date": "2022-11-15", "end-time": "17:00", "timezone": "WITA",
             "place": "Nusa Dua, Bali", "status": "scheduled"}
    for fields, path in ((fact_check, "content/fact-checks/2022-11-12-klaim-uji.id.md"),
                         (event, "content/events/pameran-uji.id.md")):
        status, headers, _ = browser.post("save", **fields)
        assert status == 303, (path, status)
        text = (site / path).read_text("utf-8")
        assert problems_of(site, config, fields["kind"], path, text.replace("draft: true\n", "")) == []
    written = (site / "content/fact-checks/2022-11-12-klaim-uji.id.md").read_text("utf-8")
    assert ('\nclaim: "Malaysia ditolak: G20"\n' in written and "\nverdict: hoaks\n" in written
            and '\nsources:\n  - title: "Siaran pers"\n    publisher: Kominfo\n    url: https://www.kominfo.go.id/x\n'
            in written)
    written = (site / "content/events/pameran-uji.id.md").read_text("utf-8")
    assert "\nstart: 2022-11-15 09:00\n" in written and "\ntimezone: WITA\n" in written


@pytest.mark.parametrize(("kind", "body"), [
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n"),
    ("multipart/form-data", b"garbage"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=photo; filename=a.jpg\r\n\r\n"
                                        b"\xff\xd8\xff not a jpeg\r\n--x--\r\n"),
    ("application/x-www-form-urlencoded", b"path=%ff%fe&title=\xff\xfe&token=" + b"%00" * 10),
    ("application/x-www-form-urlencoded", b"&".join([b"a=1"] * 5000)),
    ("text/plain", b"\x00\x01\x02"),
    ("", b""),
])
@pytest.mark.parametrize("route", ["save", "upload", "check", "preview"])
def test_odd_requests_get_an_answer(browser: Browser, site: Path, route: str, kind: str, body: bytes) -> None:
    before = outside(site)
    status, _, answer = browser.ask("POST", f"/g20/_edit/{route}", body, kind)
    assert status in (400, 403, 404, 409, 413, 422) and b"Traceback" not in answer and outside(site) == before


def test_an_upload_that_is_not_a_photo_is_refused(browser: Browser, site: Path) -> None:
    for name, data in (("a.jpg", b"\xff\xd8\xff not a jpeg"), ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
                       ("a.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")):
        body, kind = _multipart({"token": browser.token, "alt-id": "x", "alt-en": "x"}, ("photo", name, data))
        status, _, answer = browser.ask("POST", "/g20/_edit/upload", body, kind)
        assert status == 422 and "bukan foto JPEG, PNG, atau WebP" in answer.decode(), name
    assert sorted(p.name for p in (site / "static/images").iterdir() if p.stem == "a") == []


def test_a_body_too_large_is_refused_before_it_is_read(browser: Browser) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=30)
    connection.putrequest("POST", "/g20/_edit/upload")
    connection.putheader("Host", f"127.0.0.1:{browser.port}")
    connection.putheader("Cookie", browser.cookie)
    connection.putheader("Content-Length", str(26_000_000))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def test_the_preview_pane_shows_a_new_document_before_it_is_saved(browser: Browser, site: Path) -> None:
    fields = {"kind": "meeting", "title": "Rapat Belum Disimpan", "date": "2022-12-01", "summary": "Ringkas.",
              "body": "Kata **pertama**."}
    status, _, body = browser.post("preview", **fields)
    page = body.decode()
    assert status == 200 and "Rapat Belum Disimpan" in page and "<strong>pertama</strong>" in page
    status, _, body = browser.post("preview", **(fields | {"draft": "true", "summary": ""}))
    assert status == 200 and "summary: masih kosong" in body.decode()
    assert not list((site / "content/meetings").glob("2022-12-01-*"))


def test_a_file_that_is_not_utf8_is_shown_never_changed(browser: Browser, site: Path) -> None:
    page = "content/pages/about.en.md"
    good = (site / page).read_bytes()
    (site / page).write_bytes(good.replace(b"title:", b"title: Caf\xe9 #", 1))
    try:
        status, _, body = browser.ask("GET", f"/g20/_edit/edit?path={page}")
        assert status == 422 and f"{page}:2: bukan teks UTF-8" in body.decode()
        status, _, _ = browser.post("save", path=page, version="", title="x")
        assert status == 422 and b"Caf\xe9" in (site / page).read_bytes()
    finally:
        (site / page).write_bytes(good)


def test_the_preview_pane_is_an_origin_of_its_own(browser: Browser) -> None:
    status, headers, _ = browser.ask("GET", f"/g20/_edit/preview?path={NOTE}")
    assert status == 200 and headers["content-security-policy"] == "sandbox; frame-ancestors 'self'"


def test_two_saves_at_once_do_not_both_win(browser: Browser, site: Path) -> None:
    """Both opened the same version: one is written, the other is shown the conflict."""
    page = "content/pages/about.en.md"
    version = _version(browser, page)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda n: browser.post("save", path=page, version=version, title=f"Writer {n}")[0],
                                range(4)))
    assert sorted(answers) == [303, 409, 409, 409]
