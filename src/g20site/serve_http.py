"""The preview's HTTP side: what a request names, and the answer to every request.

Files are served from the preview's output folder under the path of
``base_url``, never from outside it (``locate``). Only requests addressed to
the address the server listens on, or to a name given with ``--allow-host``,
are answered (a web page elsewhere cannot reach the preview by a name that
points here: DNS rebinding). Every request gets an answer, also a slow one,
a strange one, or one that arrives during a rebuild; a client that goes
away is let go quietly.
"""

from __future__ import annotations

import html
import ipaddress
import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

LANGUAGE_FOLDER = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")  # a language's folder: en, pt-BR


class Preview(Protocol):
    """What the HTTP side reads of the preview (``serve.Preview``)."""

    output: Path  # the folder served
    base_path: str  # the path of base_url: /g20/
    built: Any  # the last build's answer; not ok: show the error panel
    generation: int  # counts the rebuilds
    closed: bool

    def wait(self, seen: int, timeout: float) -> int: ...

    def error_panel(self, lang: str) -> bytes: ...

    def unbuilt_page(self, path: str) -> bytes | None: ...


class Editor(Protocol):
    """What the HTTP side asks of the editor (``edit/editor.py``), present with ``serve --edit`` only."""

    def answer(self, request: Any, base_path: str) -> Any: ...


P = TypeVar("P", bound=Preview)
EDITOR = "_edit"  # <base>/_edit/: the editor's pages, with --edit only
SECURITY = (  # of the editor's answers: no script, frame or form target from elsewhere; types as said
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'; form-action 'self'"),
    ("X-Content-Type-Options", "nosniff"),
)
MOST_BODY = 25_000_000  # bytes of a request's body the editor reads (a photo upload)
LONGEST_NAME = 255  # bytes in one path segment: no file system holds a longer name
WAIT_FOR_HEADERS = 15.0  # seconds a client may take to send its request

CHANNEL = "__g20site/"


TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
}


RELOAD_JS = b"""(function () {
  var events = new EventSource(document.currentScript.getAttribute("data-events"));
  events.onmessage = function (event) { if (event.data === "reload") { location.reload(); } };
})();
"""


_LANG = re.compile(rb'<html[^>]*\blang="([a-zA-Z-]+)"')


def content_type(path: Path) -> str:
    if path.name == "feed.xml":
        return "application/atom+xml"
    return TYPES.get(path.suffix.lower(), "application/octet-stream")


def locate(root: Path, rel: str) -> tuple[str, Path | None]:
    """What a request path (below the base path, still %-encoded) names in ``root``.

    ``("file", path)``, ``("redirect", None)`` for a folder asked without its
    slash, or ``("missing", None)``. Nothing outside ``root`` is ever named:
    ``..`` segments, backslashes and NUL are refused after decoding, and the
    resolved path (links followed) must lie inside ``root``.
    """
    text = unquote(rel)
    if "\0" in text or "\\" in text or any(part == ".." for part in text.split("/")):
        return "missing", None
    parts = [part for part in text.split("/") if part not in ("", ".")]
    try:
        top = root.resolve()
        real = root.joinpath(*parts).resolve()
        if real.is_dir():
            if parts and not text.endswith("/"):
                return "redirect", None
            real = (real / "index.html").resolve()  # a linked index.html is confined too
        inside = real.is_relative_to(top) and real.is_file()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: links in a loop (Python before 3.13)
        return "missing", None
    return ("file", real) if inside else ("missing", None)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer[Preview]
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.wait_for_headers)  # a client that sends nothing is let go

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class names it so
        pass  # a preview prints its rebuilds, not every request

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self.respond(head=True)

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if self.server.editor is None or not self.for_editor(path):
            return self.send_error(HTTPStatus.NOT_IMPLEMENTED, "Unsupported method ('POST')")
        if not self.server.addressed(self.headers.get("Host", "")):
            return self.plain(HTTPStatus.MISDIRECTED_REQUEST, f"This preview answers at {self.server.url}\n", False)
        self.edit(head=False)

    def for_editor(self, path: str) -> bool:
        base = self.server.preview.base_path + EDITOR
        return path == base or path.startswith(base + "/")

    def respond(self, head: bool) -> None:
        preview = self.server.preview
        if not self.server.addressed(self.headers.get("Host", "")):
            return self.plain(HTTPStatus.MISDIRECTED_REQUEST, f"This preview answers at {self.server.url}\n", head)
        path = urlsplit(self.path).path
        if any(len(part.encode()) > LONGEST_NAME for part in unquote(path).split("/")):
            return self.plain(HTTPStatus.REQUEST_URI_TOO_LONG, "A name in this address is too long.\n", head)
        base = preview.base_path
        if self.server.editor is not None and self.for_editor(path):
            return self.edit(head)
        if path == base + CHANNEL + "events" and not head:
            return self.events()
        if path == base + CHANNEL + "reload.js":
            return self.send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS, head)
        unbuilt = preview.unbuilt_page(path)
        if unbuilt is not None:  # no build has succeeded yet: there is nothing else to show
            return self.send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", unbuilt, head)
        if not path.startswith(base):
            if path.rstrip("/") in ("", base.rstrip("/")):
                return self.redirect(base)
            return self.not_found(head)
        kind, file = locate(preview.output, path[len(base):])
        if kind == "redirect":
            query = urlsplit(self.path).query
            return self.redirect(path + "/" + (f"?{query}" if query else ""))
        if file is None:
            return self.not_found(head, path[len(base):])
        try:
            body = file.read_bytes()
        except OSError:  # removed by a rebuild after it was found: it is not there any more
            return self.not_found(head, path[len(base):])
        self.send(HTTPStatus.OK, content_type(file), body, head)

    def edit(self, head: bool) -> None:
        """Hand the request to the editor, and send its answer (never decorated: the editor has no reload)."""
        parts = urlsplit(self.path)
        prefix = self.server.preview.base_path + EDITOR
        if parts.path == prefix:
            return self.redirect(prefix + "/")
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit() or int(length) > MOST_BODY:
            self.close_connection = True
            return self.plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Too large.\n", head)
        body = self.rfile.read(int(length))
        try:
            request = self.editor_request(parts.path[len(prefix) + 1:], parts.query, body)
        except ValueError:  # more fields than a form of the editor has
            return self.plain(HTTPStatus.BAD_REQUEST, "This form could not be read.\n", head)
        try:
            answer = self.server.editor.answer(request, self.server.preview.base_path)  # type: ignore[union-attr]
        except Exception as error:  # noqa: BLE001 - a request is answered, whatever went wrong
            print(f"g20site serve: the editor failed on {parts.path}: {error!r}", file=sys.stderr)
            return self.plain(HTTPStatus.INTERNAL_SERVER_ERROR, "The editor failed; see the terminal.\n", head)
        own = tuple(name for name, _ in answer.headers)
        extra = [(name, value) for name, value in SECURITY if name not in own]
        self.send(HTTPStatus(answer.status), answer.kind, answer.body, head, (*extra, *answer.headers), decorate=False)

    def editor_request(self, route: str, query: str, body: bytes) -> Any:
        from .edit.http import Request, read_form

        form, uploads = read_form(self.headers.get("Content-Type", ""), body) if self.command == "POST" else ({}, {})
        method = "GET" if self.command == "HEAD" else self.command
        return Request(method, route, parse_qs(query, max_num_fields=50), form, dict(self.headers.items()), uploads)

    def plain(self, status: HTTPStatus, text: str, head: bool) -> None:
        self.send(status, "text/plain; charset=utf-8", text.encode(), head)

    def not_found(self, head: bool, below: str = "") -> None:
        """The 404 page of the language whose folder ``below`` (the path below the base) is in, as a host
        with the site's host files answers (``en/404.html``), else the default language's."""
        folder = below.split("/", 1)[0] if "/" in below else ""
        output = self.server.preview.output
        page = f"{folder}/404.html" if LANGUAGE_FOLDER.fullmatch(folder) else "404.html"
        try:
            body = (output / page if (output / page).is_file() else output / "404.html").read_bytes()
        except OSError:  # no build yet, or removed meanwhile
            body = b"<!doctype html><title>404</title><h1>404</h1>"
        self.send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body, head)

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def send(self, status: HTTPStatus, kind: str, body: bytes, head: bool,
             headers: tuple[tuple[str, str], ...] = (), decorate: bool = True) -> None:
        if decorate and kind.startswith("text/html"):
            body = self.decorate(body)
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)
        except ConnectionError:  # the client went away: nothing to answer
            self.close_connection = True

    def decorate(self, body: bytes) -> bytes:
        """Add the reload script, and the error panel after a failed rebuild."""
        preview = self.server.preview
        events = html.escape(preview.base_path + CHANNEL + "events", quote=True)
        script = html.escape(preview.base_path + CHANNEL + "reload.js", quote=True)
        extra = f'<script src="{script}" data-events="{events}"></script>'.encode()
        if preview.built is not None and not preview.built.ok:
            match = _LANG.search(body)
            extra = preview.error_panel(match.group(1).decode() if match else "en") + extra
        at = body.rfind(b"</body>")
        return body[:at] + extra + body[at:] if at >= 0 else body + extra

    def events(self) -> None:
        preview = self.server.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = preview.generation
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not preview.closed:
                now = preview.wait(seen, timeout=10)
                self.wfile.write(b"data: reload\n\n" if now != seen else b": waiting\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            pass


class PreviewServer(ThreadingHTTPServer, Generic[P]):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a browser opens several connections at once, and a page loads many files
    wait_for_headers = WAIT_FOR_HEADERS

    def __init__(self, address: tuple[str, int], preview: P, allowed: tuple[str, ...] = ()) -> None:
        self.preview: P = preview
        self.editor: Editor | None = None  # serve --edit
        self.allowed = tuple(name.lower() for name in allowed)  # --allow-host: other names for this machine
        super().__init__(address, Handler)

    def addressed(self, host: str) -> bool:
        """``host`` (a request's Host header) names this server and its port: the address it listens on;
        ``localhost`` or any loopback address when that is a loopback address; any IP address when it
        listens on every address; or a name given with ``--allow-host``."""
        name, port = _split(host)
        if name is None or port != self.server_address[1]:
            return False
        listening, asked = _address(str(self.server_address[0])), _address(name)
        if name in self.allowed or name == str(self.server_address[0]) or asked is not None and asked == listening:
            return True
        if listening is not None and listening.is_loopback:
            return name == "localhost" or asked is not None and asked.is_loopback
        return listening is not None and listening.is_unspecified and asked is not None

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away or never spoke is let go quietly; anything else is one line."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            print(f"g20site serve: a request from {client_address} failed: {error!r}", file=sys.stderr)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}{self.preview.base_path}"  # for the terminal and plain text, not HTML


def _split(host: str) -> tuple[str | None, int | None]:
    """``127.0.0.1:8000`` -> ("127.0.0.1", 8000); ``[::1]:8000`` -> ("::1", 8000); no port: 80."""
    found = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?", host.strip())
    if found is None:
        return None, None
    return found.group(1).strip("[]").lower(), int(found.group(2) or 80)


def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None
