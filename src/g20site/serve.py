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
last good files stay served. Until a build succeeds there are none: every
address shows a small page of its own with that panel (status 503), in
the language of the address, and reloads once a build succeeds.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from .build.pipeline import Options
from .build.places import FOLDER
from .errors import Problem, errors_in
from .load.sources import is_ignored
from .messages import LANGUAGES, Message, Plural, _, current, ngettext, number
from .preview import Builder, Built
from .serve_http import PreviewServer

FAILED = Message("The site could not be rebuilt")
NOT_BUILT = Message("The site could not be built")
# the page every address shows until a build succeeds: its own few rules, as there is no theme yet
STYLE = ("body{margin:0;font-family:system-ui,sans-serif;line-height:1.5}"
         ".g20site-errors{padding:1rem 1.25rem;border-bottom:4px solid #c00;background:#fff5f5;color:#5c0011}"
         ".g20site-errors-title{margin:0;font-size:1.2rem}.g20site-errors p{margin:.25rem 0 .5rem}"
         ".g20site-errors-list{margin:0;padding-left:1.25rem}"
         ".g20site-errors code,.g20site-errors pre{overflow-wrap:anywhere;white-space:pre-wrap}")
FIX = Plural("Fix the error below and save again; the page will reload.",
             "Fix the {count} errors below and save again; the page will reload.")


class Preview:
    """The output folder, the builder, the last build's problems, and a counter of rebuilds."""

    def __init__(self, source: Path, options: Options, say: Callable[[str], None] = print) -> None:
        self.source = source
        self.output = source / FOLDER / "preview"
        self.builder = Builder(source, self.output, options, say)
        self.say = say
        self.built: Built | None = None  # the last build's answer: its problems, or why there was none
        self.served = False  # a build has succeeded: its files are served
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
            self.say("\n".join(p.printed() for p in built.problems))
            self.say(self._failed(len(errors_in(built.problems))))
        else:  # its warnings first (a draft left out says why), as build prints them
            if built.problems:
                self.say("\n".join(p.printed() for p in built.problems))
            rendered = ngettext("{count} page rendered", "{count} pages rendered", built.rendered)
            written = ngettext("{count} file written", "{count} files written", built.written)
            self.say(_("Rebuilt in {seconds} s: {rendered}, {written}.").format(
                seconds=number(built.seconds, 2), rendered=rendered.format(count=built.rendered),
                written=written.format(count=built.written)))
        with self.changed:
            if built.ok or not self.served:  # (before a good build: where the site will be, as site.yaml says)
                self.base_path = built.base_path
            self.served = self.served or built.ok
            self.built = built
            self.generation += 1
            self.changed.notify_all()
        return built.ok

    def _failed(self, count: int) -> str:
        if self.served:
            return ngettext("Rebuild failed: {count} error; still serving the last good build.",
                            "Rebuild failed: {count} errors; still serving the last good build.", count).format(
                count=count)
        return ngettext("Build failed: {count} error; nothing to preview yet. Fix it and save: the preview reloads.",
                        "Build failed: {count} errors; nothing to preview yet. Fix them and save: the preview "
                        "reloads.", count).format(count=count)

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
        errors = errors_in(built.problems)
        hint = built.trouble or FIX.format(count=len(errors))
        items = "".join(_item(p, lang) for p in errors)
        listed = f'<ul class="g20site-errors-list">{items}</ul>' if items else ""
        title = FAILED if self.served else NOT_BUILT
        return (f'<div id="g20site-errors" class="g20site-errors" role="alert" lang="{lang}">'
                f'<h2 class="g20site-errors-title">{html.escape(title.text(lang))}</h2>'
                f"<p>{html.escape(hint.text(lang))}</p>{listed}</div>").encode()

    def unbuilt_page(self, path: str) -> bytes | None:
        """Until a build succeeds, what every address shows (None after): a page titled in the language of
        ``path``, to which the server adds the error panel and the reload script."""
        built = self.built
        if self.served or built is None:
            return None
        lang = language_of(path, self.base_path, built.languages)
        lang = lang if lang in LANGUAGES else "en"
        return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{html.escape(NOT_BUILT.text(lang))}</title><style>{STYLE}</style></head>"
                "<body></body></html>").encode()


def language_of(path: str, base_path: str, languages: tuple[str, ...]) -> str:
    """The language a request path is in: ``/en/...`` (below the base path) is English; any other path is in
    the site's default language, or, when site.yaml could not be read, in the tool's."""
    rest = path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")
    first = rest.split("/", 1)[0]
    if first in (languages[1:] if languages else LANGUAGES):
        return first
    return languages[0] if languages else current()


def _item(problem: Problem, lang: str) -> str:
    """One error of the panel: its line, then the line it quotes with the caret, and the detail."""
    details = "\n".join(problem.details(lang))
    quoted = f'<pre class="g20site-errors-source">{html.escape(details)}</pre>' if details else ""
    return f"<li><code>{html.escape(problem.text(lang))}</code>{quoted}</li>"


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


def start(
    source: Path, options: Options, host: str, port: int, say: Callable[[str], None] = print,
    allowed: tuple[str, ...] = (),
) -> PreviewServer[Preview]:
    """Build once and serve in a background thread; the caller watches (or not).
    ``allowed``: other names this machine is reached by (``--allow-host``)."""
    preview = Preview(source, options, say)
    try:
        server = PreviewServer((host, port), preview, allowed)  # a port in use is said before any build
    except BaseException:
        preview.close()
        raise
    try:
        preview.rebuild()
    except BaseException:  # Ctrl-C during the first build: no builder and no socket are left behind
        preview.close()
        server.server_close()
        raise
    threading.Thread(target=server.serve_forever, args=(0.05,), name="g20site-http", daemon=True).start()
    return server


def stop(server: PreviewServer[Preview]) -> None:
    """Stop serving, and end the builder process."""
    server.preview.close()
    server.shutdown()
    server.server_close()
