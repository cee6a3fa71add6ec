"""Reading built pages without a browser: tags, texts with their language, and what a page loads."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# <link rel> values that make the browser fetch something (the others only name an address).
FETCHING_RELS = frozenset(
    {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "manifest", "preload", "modulepreload",
     "prefetch", "preconnect", "dns-prefetch"}
)
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class PageTags(HTMLParser):
    """Every start tag of a page (with its attributes, and those in <head>), and every run of
    text with the language it is in (the nearest ``lang``; the pages close every element they open)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.head: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, str | None]] = []
        self.open: list[tuple[str, str | None]] = []  # (tag, language) of the open elements
        self.in_head = False
        self.root_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = (tag, dict(attrs))
        self.tags.append(found)
        if self.in_head:
            self.head.append(found)
        if tag == "head":
            self.in_head = True
        elif tag == "html":
            self.root_lang = found[1].get("lang")
        if tag not in VOID:
            inherited = self.open[-1][1] if self.open else None
            self.open.append((tag, found[1].get("lang", inherited)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag not in VOID:
            assert self.open and self.open[-1][0] == tag, f"</{tag}> closes <{self.open[-1][0]}>"
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and self.open:
            self.texts.append((" ".join(data.split()), self.open[-1][1]))


@functools.cache
def parse(file: Path) -> PageTags:
    """The tags and texts of a built page (read once per file)."""
    parser = PageTags()
    parser.feed(file.read_text("utf-8"))
    parser.close()
    return parser


def resources(tags: list[tuple[str, dict[str, str | None]]]) -> list[tuple[str, str]]:
    """(kind, address) of everything the page makes the browser fetch."""
    found: list[tuple[str, str]] = []
    for tag, attrs in tags:
        if tag == "link" and FETCHING_RELS & set((attrs.get("rel") or "").lower().split()):
            found.append(("link", attrs.get("href") or ""))
        elif tag in ("script", "img", "iframe", "embed", "audio", "video", "source", "track", "input"):
            if attrs.get("src"):
                found.append((tag, attrs["src"] or ""))
        elif tag == "object" and attrs.get("data"):
            found.append((tag, attrs["data"] or ""))
        for name in ("srcset", "imagesrcset"):
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    found.append((tag, candidate.split()[0]))
        if tag == "video" and attrs.get("poster"):
            found.append((tag, attrs["poster"] or ""))
    return found


CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)


def css_references(css: str) -> list[str]:
    """The addresses a stylesheet loads: url() (except data:) and @import."""
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css) if not (m.group(2) or "").startswith("data:")]


def is_local(address: str) -> bool:
    """A file of the site itself: no scheme and no host (or inline data)."""
    parts = urlsplit(address)
    return not parts.scheme and not parts.netloc or parts.scheme == "data"
