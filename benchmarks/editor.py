"""Time the answers of ``g20site serve --edit``: ``python benchmarks/editor.py``.

A copy of the bundled site (``--site basic``: the test fixture with the theme) is served with the
editor on a free port; for ``--runs`` runs, a meeting note's form is sent to each route that does
work as a browser does (over HTTP, with the cookie and the token): ``check`` (what the page's
script sends after each change), ``preview`` (the pane: the site read and the page rendered),
``save`` (the file's checks, the site-wide ones, the write and a kept version) and the home.
Figures are the median and the least, in milliseconds, seen by the client.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from preview import lay_out

from g20site.build.pipeline import Options
from g20site.edit.editor import Editor
from g20site.edit.files import version_of
from g20site.serve import start, stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", choices=["bundled", "basic"], default="bundled")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        lay_out(site, args.site)
        server = start(site, Options(drafts=True), "127.0.0.1", 0, say=lambda line: None)
        editor = Editor(site, server.server_address[1], "id")
        server.editor = editor
        try:
            timings = measure(server, editor, site, args.runs)
        finally:
            stop(server)
    print(f"{args.site} site, {args.runs} runs (ms: median, least)")
    for route, times in timings.items():
        print(f"  {route:8} {statistics.median(times) * 1000:7.1f} {min(times) * 1000:7.1f}")


def measure(server: object, editor: Editor, site: Path, runs: int) -> dict[str, list[float]]:
    port = editor.port
    base = server.preview.base_path + "_edit/"  # type: ignore[attr-defined]
    address = urlsplit(editor.address(server.preview.base_path))  # type: ignore[attr-defined]
    cookie = ask(port, "GET", f"{address.path}?{address.query}", "")[1]
    note = sorted((site / "content/meetings").glob("*.id.md"))[0]
    path = note.relative_to(site).as_posix()

    def form(run: int) -> str:
        text = note.read_text("utf-8")
        return urlencode({"token": editor.session.token, "path": path, "version": version_of(text),
                          "summary": f"Ringkasan {run}.", "title": "Rapat", "date": note.name[:10]})

    routes: dict[str, Callable[[int], tuple[str, str, str]]] = {
        "check": lambda run: ("POST", base + "check", form(run)),
        "preview": lambda run: ("POST", base + "preview", form(run)),
        "save": lambda run: ("POST", base + "save", form(run)),
        "home": lambda run: ("GET", base, ""),
    }
    timings: dict[str, list[float]] = {name: [] for name in routes}
    for run in range(runs):
        for name, request in routes.items():
            method, target, body = request(run)
            started = time.perf_counter()
            status = ask(port, method, target, body, cookie)[0]
            timings[name].append(time.perf_counter() - started)
            assert status in (200, 303), (name, status)
    return timings


def ask(port: int, method: str, target: str, body: str, cookie: str = "") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    connection.request(method, target, body=body or None, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, (response.getheader("Set-Cookie") or "").split(";")[0]


if __name__ == "__main__":
    main()
