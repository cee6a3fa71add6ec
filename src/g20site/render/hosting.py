"""How a web server should serve the output: one description of it, which ``host_files.py`` writes
out for each kind of host.

- **Content types** by file ending, the Atom feeds (``feed.xml``) by name, text in UTF-8.
- **Caching**: a file named by its content (stylesheets and scripts with a hash in their name, share
  images, photos, Pagefind's fragments, indexes and metadata) never changes, so a browser keeps it
  for a year; every other file is asked for again each time (``no-cache``: a short answer when it
  did not change), so a corrected page shows at once.
- **Security headers** on every answer: a Content-Security-Policy that allows the site's own files
  only (no inline script but the theme's own, allowed by its hash; WebAssembly for Pagefind),
  ``X-Content-Type-Options: nosniff`` and a ``Referrer-Policy``.
- **404 pages**: the one of the language an unknown address is under (``/en/...`` ->
  ``en/404.html``), else the default language's ``404.html``.
- **Precompressed copies**: ``x.html.br`` and ``x.html.gz`` beside ``x.html`` (build/precompress.py),
  sent as ``x.html`` with ``Content-Encoding`` to a browser that accepts them.

Every path is below the site's base path (``/g20/`` for ``https://example.go.id/g20/``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..load.model import Site
from ..pages import urls

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
HASHED_FOLDERS = ("share/", "photos/", "pagefind/fragment/", "pagefind/index/")  # every name there is a hash
HASHED_NAMES = r"\.[0-9a-f]{10}\.(css|js|mjs)|\.pf_meta"  # load/static_files.py hashes; Pagefind's metadata
PRECOMPRESSED = (".html", ".css", ".js", ".mjs", ".xml", ".svg", ".json", ".ics", ".txt", ".webmanifest")
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # preferred first
TEXT = "; charset=utf-8"
TYPES = (  # what the site can hold; a server's own table may lack .ics, .webmanifest, .webp, .wasm, Pagefind's
    ("html", "text/html" + TEXT), ("css", "text/css" + TEXT), ("js", "text/javascript" + TEXT),
    ("mjs", "text/javascript" + TEXT), ("json", "application/json" + TEXT), ("xml", "application/xml" + TEXT),
    ("txt", "text/plain" + TEXT), ("ics", "text/calendar" + TEXT), ("svg", "image/svg+xml"),
    ("webmanifest", "application/manifest+json"), ("png", "image/png"), ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"), ("webp", "image/webp"), ("gif", "image/gif"), ("avif", "image/avif"),
    ("ico", "image/x-icon"), ("woff2", "font/woff2"), ("woff", "font/woff"), ("pdf", "application/pdf"),
    ("wasm", "application/wasm"), ("pagefind", "application/octet-stream"),
    ("pf_meta", "application/octet-stream"), ("pf_index", "application/octet-stream"),
    ("pf_fragment", "application/octet-stream"),
)
ATOM = "application/atom+xml" + TEXT
FEED = urls.SECTION_FEED  # every Atom feed of the site is a feed.xml
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@dataclass(frozen=True)
class Serving:
    """What a server needs to know to serve one site."""

    address: str  # the base URL: "https://example.go.id/g20/"
    base: str  # its path: "/" or "/g20/"
    csp: str
    not_found: tuple[tuple[str, str], ...]  # (language folder below base, its 404 page), the default's last
    hashed: tuple[str, ...]  # the static files named by their content, as in the output

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        """The security headers of every answer."""
        return (
            ("Content-Security-Policy", self.csp),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
        )

    @property
    def hashed_pattern(self) -> str:
        """A regular expression for the paths (from the root of the server) of the files named by their
        content, with or without a ``.br``/``.gz`` ending."""
        folders = "|".join(re.escape(folder) for folder in HASHED_FOLDERS)
        return f"^{re.escape(self.base)}(({folders}).*|.*({HASHED_NAMES}))(\\.br|\\.gz)?$"

    def cache_control(self, path: str) -> str:
        """The Cache-Control of the file at ``path`` (from the root of the server)."""
        return IMMUTABLE if re.match(self.hashed_pattern, path) else NO_CACHE


def describe(site: Site, theme_scripts: Iterable[str]) -> Serving:
    """How to serve ``site``, whose theme has the inline scripts ``theme_scripts`` (see
    :func:`inline_scripts`)."""
    config = site.config
    base = urls.base_path(config)
    folders = [(urls.home_path(config, code), urls.not_found_path(config, code)) for code in config.codes]
    hashed = tuple(sorted(urls.static_name(name, site.static_hashes) for name in site.static_hashes))
    policy = content_security_policy(theme_scripts)
    return Serving(config.base_url, base, policy, tuple(sorted(folders, reverse=True)), hashed)


def content_security_policy(scripts: Iterable[str]) -> str:
    """The site's own files only. ``'wasm-unsafe-eval'``: Pagefind searches in WebAssembly (no
    JavaScript ``eval``); each inline script of the theme is allowed by its hash; JSON-LD is data,
    which a policy does not block. ``data:`` images: none of the site's, but browsers' extensions."""
    hashes = " ".join(sorted({f"'sha256-{_sha256(script)}'" for script in scripts}))
    script_src = " ".join(part for part in ("'self'", "'wasm-unsafe-eval'", hashes) if part)
    return (f"default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'self'")


def inline_scripts(template_sources: Iterable[str]) -> list[str]:
    """The inline scripts of the theme's templates that have no template code inside: their bytes are
    the same on every page, so a hash allows them."""
    return [script for source in template_sources for script in _INLINE_SCRIPT.findall(source)
            if "{{" not in script and "{%" not in script and "{#" not in script]


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def feed_paths(site: Site) -> list[str]:
    """The Atom feeds of the site (below its base path)."""
    config = site.config
    paths = [urls.feed_path(config, code) for code in config.codes]
    paths += [urls.section_feed_path(config, code, urls.FACT_CHECKS)
              for code in config.codes if urls.FACT_CHECKS in urls.filled_sections(site, code)]
    return sorted(paths)
