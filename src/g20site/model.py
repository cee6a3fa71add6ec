"""The site in memory: frozen data, no I/O."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .config import SiteConfig

MEETING = "meeting"
PAGE = "page"
KEY_MESSAGE = "key_message"


@dataclass(frozen=True)
class SourceRef:
    """Where a fact comes from."""

    title: str
    publisher: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Document:
    """One Markdown file: a document in one language.

    ``key`` pairs translations: ``2022-01-18-x.id.md`` and
    ``2022-01-18-x.en.md`` share the key ``2022-01-18-x``.
    """

    kind: str
    key: str
    lang: str
    path: str  # shown in messages: content/meetings/2022-01-18-x.id.md
    title: str
    slug: str
    body: str = ""
    body_line: int = 1
    summary: str = ""
    date: datetime.date | None = None
    participants: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draft: bool = False
    image: str | None = None
    image_alt: str = ""
    sources: tuple[SourceRef, ...] = ()
    slug_line: int = 1
    digest: str = ""  # of the file's bytes: equal digests, equal documents
    meta_digest: str = ""  # of everything but the body: what lists show of it
    body_digest: str = ""  # of the Markdown text alone
    text_hash: str = ""  # of its words (front matter and body): what a translation is made from
    translated_from: str | None = None  # the text_hash of the source this translation was last matched to
    translated_from_line: int = 1


@dataclass(frozen=True)
class KeyMessage:
    key: str
    number: int
    title: Mapping[str, str]
    summary: Mapping[str, str]
    slug: Mapping[str, str]


@dataclass(frozen=True)
class Rendering:
    """An other wording of the slogan, possibly in another language."""

    text: str
    lang: str | None = None
    translation: str | None = None


@dataclass(frozen=True)
class SloganText:
    text: str
    text_lang: str | None = None
    renderings: tuple[Rendering, ...] = ()


@dataclass(frozen=True)
class Site:
    root: Path
    config: SiteConfig
    slogan: Mapping[str, SloganText]
    key_messages: tuple[KeyMessage, ...]
    documents: tuple[Document, ...]
    static_files: tuple[str, ...] = field(default=())  # paths relative to static/
    theme_digest: str = ""  # changes whenever a template, a catalog or the list of static files does
    image_sizes: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # static images: (width, height)
    static_hashes: Mapping[str, str] = field(default_factory=dict)  # css/js: a short hash of their bytes

    def documents_in(self, lang: str, kind: str) -> list[Document]:
        return [d for d in self.documents if d.lang == lang and d.kind == kind]

    def meetings(self, lang: str) -> list[Document]:
        """Meeting notes in one language, newest first."""
        found = self.documents_in(lang, MEETING)
        return sorted(found, key=lambda d: (d.date or datetime.date.min, d.key), reverse=True)

    def translations(self, doc: Document) -> dict[str, Document]:
        """Every language version of ``doc`` (itself included), by language."""
        return self._by_key.get((doc.kind, doc.key), {})

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], dict[str, Document]]:
        index: dict[tuple[str, str], dict[str, Document]] = {}
        for doc in self.documents:
            index.setdefault((doc.kind, doc.key), {})[doc.lang] = doc
        return index
