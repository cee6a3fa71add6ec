"""Lighthouse scores of the bundled site: ``make lighthouse``.

Builds the site at the repository root into a temporary folder, with
``base_url`` set to the local address it is served from (so canonical
links, feeds and share images point at the same host, as they do once the
site is uploaded), serves it over HTTP on 127.0.0.1 as a static host would
(gzip for text, long caching for content-hashed file names), and runs
Lighthouse (npm ``lighthouse`` 12, installed from package.json) in mobile
mode on the home page, the newest meeting note and the newest fact check,
with Debian's Chromium. It
needs no network: everything it loads is local.

Prints the four category scores (performance, accessibility, best
practices, SEO) for each page, and the audits that lost points. A
benchmark, not a test: it always exits 0 unless Lighthouse cannot run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import re
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

from g20site.build.pipeline import Options, build
from g20site.pages import urls

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")
HASHED = re.compile(r"\.[0-9a-f]{8,}\.[a-z0-9]+$")


class StaticHost(SimpleHTTPRequestHandler):
    """Files as a static host serves them: gzip for text, hashed names cached for a year."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        pass

    def end_headers(self) -> None:
        if HASHED.search(self.path.split("?")[0]):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?")[0].endswith("/"):
            target = target / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and target.is_file() and target.suffix in COMPRESSIBLE):
            return super().send_head()  # folders without their slash, other files, errors
        body = gzip.compress(target.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def lighthouse(url: str) -> dict[str, Any]:
    """Lighthouse's report of one page, in mobile mode (its default)."""
    command = [
        str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env={**os.environ, "CHROME_PATH": CHROMIUM}
    )
    if run.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{run.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(run.stdout)
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not load {url}: {report['runtimeError']}")
    return report


def lost_points(report: dict[str, Any], category: str) -> list[str]:
    """The audits of a category that count towards its score and did not pass."""
    audits = report["audits"]
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            shown = audit.get("displayValue") or ""
            lost.append(f"{ref['id']} {audit['score']:.2f} {shown}".strip())
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=REPO, help="the site folder (default: the repository)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci` (make lighthouse does it)")
    with tempfile.TemporaryDirectory(prefix="g20site-lighthouse-") as folder:
        root = Path(folder)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(root)))
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        result = build(args.source, root, Options(base_url=origin, use_cache=False))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        site = result.site
        default = site.config.default.code
        meeting = site.meetings(default)[0]  # the newest note in the default language
        pages = {"home": origin, "meeting": origin + urls.document_path(site, meeting).lstrip("/")}
        fact_checks = site.fact_checks(default)
        if fact_checks:  # the newest fact check
            pages["fact check"] = origin + urls.document_path(site, fact_checks[0]).lstrip("/")
        print(f"Lighthouse {_version()}, mobile, {CHROMIUM}; site served gzipped from {origin}")
        print(f"{'page':<11}" + "".join(f"{c:>16}" for c in CATEGORIES))
        details = []
        for name, url in pages.items():
            report = lighthouse(url)
            scores = [report["categories"][c]["score"] for c in CATEGORIES]
            print(f"{name:<11}" + "".join(f"{round(s * 100) if s is not None else '-':>16}" for s in scores))
            details += [f"  {name} {c}: {lost}" for c in CATEGORIES for lost in lost_points(report, c)]
            metrics = report["audits"]
            details.append(
                f"  {name}: {url} FCP {metrics['first-contentful-paint']['displayValue']}, "
                f"LCP {metrics['largest-contentful-paint']['displayValue']}, "
                f"TBT {metrics['total-blocking-time']['displayValue']}, "
                f"CLS {metrics['cumulative-layout-shift']['displayValue']}, "
                f"{metrics['total-byte-weight']['displayValue']} (gzip)"
            )
        server.shutdown()
        server.server_close()
    print("\n".join(details))


def _version() -> str:
    package = REPO / "node_modules" / "lighthouse" / "package.json"
    return str(json.loads(package.read_text("utf-8"))["version"])


if __name__ == "__main__":
    main()
