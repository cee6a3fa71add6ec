"""``g20site serve``: build, serve the output, rebuild on every change, reload the open tab.

The preview is built into ``.g20site-cache/preview/`` with the same
pipeline and cache as ``build``, by a process of its own that keeps the
cache in memory (``preview.py``: this one runs threads, and must not fork
the build's workers), and served under the path of ``base_url``, exactly
as it will sit on the host. A small script is added to the HTML
*responses* (never to the files): it listens on a Server-Sent Events
channel and reloads the tab after each rebuild. After a failed rebuild
every page carries a panel listing each ``path:line: message`` in the
page's language, styled by the theme's ``.g20site-errors`` rules; the
last good files stay served.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from .build.cache import FOLDER
from .build.pipeline import Options
from .errors import errors_in
from .load.sources import is_ignored
from .messages import LANGUAGES, Message, _
from .preview import Builder, Built

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
FAILED = Message("The site could not be rebuilt")
FIX = Message("Fix the errors below and save again; the page will reload.")
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
        real = root.joinpath(*parts).resolve()
    except (OSError, ValueError):
        return "missing", None
    if not real.is_relative_to(root.resolve()):
        return "missing", None
    if real.is_dir():
        if parts and not text.endswith("/"):
            return "redirect", None
        real = real / "index.html"
    return ("file", real) if real.is_file() else ("missing", None)


class Preview:
    """The output folder, the builder, the last build's problems, and a counter of rebuilds."""

    def __init__(self, source: Path, options: Options, say: Callable[[str], None] = print) -> None:
        self.source = source
        self.output = source / FOLDER / "preview"
        self.builder = Builder(source, self.output, options, say)
        self.say = say
        self.built: Built | None = None  # the last build's answer: its problems, or why there was none
        self.generation = 0
        self.changed = threading.Condition()
        self.closed = False
        self.base_path = "/"

    def rebuild(self) -> bool:
        """Build once (in the builder process); True if the build succeeded."""
        built = self.builder.build()
        if built.trouble is not None:
            self.say(built.trouble.text())
        elif not built.ok:
            self.say("\n".join(str(p) for p in built.problems))
            count = len(errors_in(built.problems))
            self.say(_("Rebuild failed: {count} errors; still serving the last good build.").format(count=count))
        else:
            self.base_path = built.base_path
            self.say(_("Rebuilt in {seconds} s: {rendered} pages rendered, {written} files written.").format(
                seconds=f"{built.seconds:.2f}", rendered=built.rendered, written=built.written))
        with self.changed:
            self.built = built
            self.generation += 1
            self.changed.notify_all()
        return built.ok

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation

    def close(self) -> None:
        """Wake the reload channels and end the builder process."""
        with self.changed:
            self.closed = True
            self.changed.notify_all()
        self.builder.close()

    def error_panel(self, lang: str) -> bytes:
        """After a failed build, the panel in ``lang`` (English when the tool does not speak it): a heading,
        a hint, the errors; the theme's ``.g20site-errors`` rules place and colour it."""
        built = self.built
        if built is None or built.ok:
            return b""
        lang = lang if lang in LANGUAGES else "en"
        hint = built.trouble or FIX
        items = "".join(f"<li><code>{html.escape(p.text(lang))}</code></li>" for p in errors_in(built.problems))
        listed = f'<ul class="g20site-errors-list">{items}</ul>' if items else ""
        return (f'<div id="g20site-errors" class="g20site-errors" role="alert" lang="{lang}">'
                f'<h2 class="g20site-errors-title">{html.escape(FAILED.text(lang))}</h2>'
                f"<p>{html.escape(hint.text(lang))}</p>{listed}</div>").encode()


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class names it so
        pass  # a preview prints its rebuilds, not every request

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self.respond(head=True)

    def respond(self, head: bool) -> None:
        preview = self.server.preview
        path = urlsplit(self.path).path
        base = preview.base_path
        if path == base + CHANNEL + "events" and not head:
            return self.events()
        if path == base + CHANNEL + "reload.js":
            return self.send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS, head)
        if not path.startswith(base):
            if path.rstrip("/") in ("", base.rstrip("/")):
                return self.redirect(base)
            return self.not_found(head)
        kind, file = locate(preview.output, path[len(base):])
        if kind == "redirect":
            query = urlsplit(self.path).query
            return self.redirect(path + "/" + (f"?{query}" if query else ""))
        if file is None:
            return self.not_found(head)
        self.send(HTTPStatus.OK, content_type(file), file.read_bytes(), head)

    def not_found(self, head: bool) -> None:
        page = self.server.preview.output / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>404</title><h1>404</h1>"
        self.send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body, head)

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def send(self, status: HTTPStatus, kind: str, body: bytes, head: bool) -> None:
        if kind.startswith("text/html"):
            body = self.decorate(body)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

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


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}{self.preview.base_path}"


def watched(source: Path) -> list[Path]:
    return [source / name for name in ("content", "templates", "static") if (source / name).is_dir()]


def _relevant(change: watchfiles.Change, path: str) -> bool:
    return not any(is_ignored(part) for part in Path(path).parts[-1:])


def watch(preview: Preview, stop: threading.Event | None = None) -> None:
    """Rebuild after every change below content/, templates/ and static/, until ``stop``."""
    for _changes in watchfiles.watch(
        *watched(preview.source), watch_filter=_relevant, debounce=1600, step=30, stop_event=stop,
        raise_interrupt=True,
    ):
        preview.rebuild()


def start(source: Path, options: Options, host: str, port: int, say: Callable[[str], None] = print) -> PreviewServer:
    """Build once and serve in a background thread; the caller watches (or not)."""
    preview = Preview(source, options, say)
    try:
        preview.rebuild()
        server = PreviewServer((host, port), preview)
    except BaseException:  # Ctrl-C during the first build, or the port is taken: no builder is left behind
        preview.close()
        raise
    threading.Thread(target=server.serve_forever, args=(0.05,), name="g20site-http", daemon=True).start()
    return server


def stop(server: PreviewServer) -> None:
    """Stop serving, and end the builder process."""
    server.preview.close()
    server.shutdown()
    server.server_close()
