"""Translation status: which documents lack a language, which translations are out of date.

The *source* of a document is its version in the default language. A
translation records the source text it was last brought up to date with as a
short hash in its front matter (``translated_from: "3f9a0c1b2d4e"``). When the
words of the source change, so does its hash, and every translation still
carrying the old one is *stale*. No database and no history are needed: the
files say it all. Pure functions: ``site.py`` computes each document's hash,
``scaffold.py`` writes the field, ``translation_report.py`` words the report.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from ..messages import N_, LanguageName, Message
from .languages import Language
from .model import KEY_MESSAGE, Document
from .settings import SiteConfig

FIELD = "translated_from"
OWN_FIELDS = ("draft", "slug", FIELD)  # front matter each language sets for itself: not part of the words

SOURCE = "source"
UP_TO_DATE = "up to date"
STALE = "stale"
NOT_MARKED = "not marked"
MISSING = "missing"
NO_SOURCE = "no source"  # a translation whose source does not exist: nothing to compare with


def text_hash(front: Mapping[str, Any], body: str) -> str:
    """A short fingerprint of a document's words: its front matter (but for
    ``draft``, ``slug`` and ``translated_from``) and its body, ignoring spaces
    at line ends and blank lines at either end."""
    words = {key: value for key, value in front.items() if key not in OWN_FIELDS}
    meta = json.dumps(words, sort_keys=True, ensure_ascii=False, default=str)
    text = "\n".join(line.rstrip() for line in body.split("\n")).strip("\n")
    return hashlib.sha256(f"{meta}\n{text}".encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Version:
    """One language of a document: its state and its file (or the file to create)."""

    lang: Language
    state: str  # SOURCE, UP_TO_DATE, STALE, NOT_MARKED, MISSING or NO_SOURCE
    path: str
    line: int | None = None  # of translated_from, when the file has it
    draft: bool = False


@dataclass(frozen=True)
class DocumentStatus:
    kind: str
    key: str
    source: str  # the source's file, whether or not it exists
    versions: tuple[Version, ...]  # in the order of site.yaml's languages, the source first

    def count(self, state: str) -> int:
        return sum(1 for version in self.versions if version.state == state)


def english_name(lang: Language) -> LanguageName:
    """``Indonesian`` for ``id``: how messages to the site's editors name a language, in the
    language of the messages (``Indonesia`` when the tool speaks Indonesian)."""
    return LanguageName(lang.code)


def language_name(code: str) -> LanguageName:
    return LanguageName(code)


def path_in(doc: Document, lang: str) -> str:
    """``content/meetings/x.id.md`` -> ``content/meetings/x.en.md``."""
    return f"{doc.path.rsplit('.', 2)[0]}.{lang}.md"


def _groups(documents: Iterable[Document]) -> dict[tuple[str, str], dict[str, Document]]:
    groups: dict[tuple[str, str], dict[str, Document]] = {}
    for doc in documents:
        groups.setdefault((doc.kind, doc.key), {})[doc.lang] = doc
    return groups


def _versions(documents: Iterable[Document], doc: Document) -> dict[str, Document]:
    """Every language version of ``doc``, by language."""
    return {d.lang: d for d in documents if (d.kind, d.key) == (doc.kind, doc.key)}


def state_of(doc: Document, source: Document | None) -> str:
    """Where ``doc`` stands against ``source`` (its version in the default language)."""
    if source is None:
        return NO_SOURCE
    if doc is source:
        return SOURCE
    if doc.translated_from is None:
        return NOT_MARKED
    return UP_TO_DATE if doc.translated_from == source.text_hash else STALE


def statuses(config: SiteConfig, documents: Iterable[Document]) -> list[DocumentStatus]:
    """Every document with the state of each language, sorted by the source's file."""
    found = []
    for (kind, key), versions in _groups(documents).items():
        some = next(iter(versions.values()))
        source = versions.get(config.default.code)
        rows = []
        for lang in config.languages:
            doc = versions.get(lang.code)
            if doc is None:
                rows.append(Version(lang, MISSING, path_in(some, lang.code)))
            else:
                line = doc.translated_from_line if doc.translated_from is not None else None
                rows.append(Version(lang, state_of(doc, source), doc.path, line, doc.draft))
        found.append(DocumentStatus(kind, key, path_in(some, config.default.code), tuple(rows)))
    return sorted(found, key=lambda status: status.source)


def problems(
    config: SiteConfig, published: Sequence[Document], everything: Sequence[Document], failed: Set[str] = frozenset(),
    unfinished: Set[str] = frozenset(),
) -> list[Problem]:
    """Warnings for the build: a published document whose translation is missing or still a draft,
    and a published translation whose source changed after it was last brought up to date (drafts
    are sources too: ``everything`` holds them). A translation in ``failed`` (the files that have
    errors) is there, and its errors say what is wrong with it: no warning calls it missing; nor
    one in ``unfinished`` (drafts whose own warnings say what they lack to be shown)."""
    return _unpublished(config, published, everything, failed, unfinished) + out_of_date(config, published, everything)


def _unpublished(
    config: SiteConfig, published: Sequence[Document], everything: Sequence[Document], failed: Set[str],
    unfinished: Set[str],
) -> list[Problem]:
    drafts = {doc.path for doc in everything if doc.draft}
    found = []
    for versions in _groups(d for d in published if d.kind != KEY_MESSAGE).values():
        # (a key message has its page in every language, with or without a body file)
        some = versions.get(config.default.code) or next(iter(versions.values()))
        for lang in config.languages:
            path = path_in(some, lang.code)
            if lang.code in versions or path in unfinished or (path in failed and path not in drafts):
                continue
            message = DRAFT if path in drafts else MISSING_TRANSLATION
            found.append(Problem(some.path, None, message.format(language=english_name(lang), path=path), "warning"))
    return found


MISSING_TRANSLATION = Message("has no {language} translation ({path})")
DRAFT = Message("its {language} translation is still a draft, not yet published ({path}: draft: true)")


def out_of_date(config: SiteConfig, published: Sequence[Document], everything: Sequence[Document]) -> list[Problem]:
    """A warning for each published translation whose source changed after it was last brought up to date."""
    sources = {(d.kind, d.key): d for d in everything if d.lang == config.default.code}
    found = []
    for doc in published:
        source = sources.get((doc.kind, doc.key))
        if source is not None and state_of(doc, source) == STALE:
            found.append(Problem(doc.path, doc.translated_from_line, stale_message(source, doc), "warning"))
    return found


def stale_message(source: Document, doc: Document) -> Message:
    return (
        Message("{key}: this translation is out of date: {source} changed after it was last brought up to date; "
          "update the text, then run: g20site translations --mark-done {path}").format(
            key=FIELD, source=source.path, path=doc.path)
    )


def hash_to_record(config: SiteConfig, versions: Mapping[str, Document], start: Document, lang: str) -> str | None:
    """The hash a new ``lang`` version started from ``start`` can honestly record: the source's,
    when ``start`` is the source or up to date with it; None when there is nothing to compare with."""
    source = versions.get(config.default.code)
    if lang == config.default.code or source is None:
        return None
    return source.text_hash if state_of(start, source) in (SOURCE, UP_TO_DATE) else None


# -- ``g20site translations --mark-done`` and ``g20site new translation``

NOT_A_DOCUMENT = N_("is not a document of this site: give a Markdown file in content/meetings, "
                  "content/fact-checks, content/events, content/pages or content/key-messages, named NAME.LANG.md")


def find(documents: Iterable[Document], path: str) -> Document | None:
    return next((doc for doc in documents if doc.path == path), None)


def hash_for_done(config: SiteConfig, documents: Sequence[Document], path: str) -> tuple[str | None, list[Problem]]:
    """The hash to record in translation ``path`` now that it says what its source says."""
    doc = find(documents, path)
    if doc is None:
        return None, [Problem(path, None, Message(NOT_A_DOCUMENT))]
    default = config.default
    versions = _versions(documents, doc)
    source = versions.get(default.code)
    if doc is source:
        others = ", ".join(v.path for v in versions.values() if v is not doc) or Message("none yet")
        message = Message("is the {language} original, not a translation; mark its translations ({others})").format(
            language=english_name(default), others=others)
        return None, [Problem(path, None, message)]
    if source is None:
        message = Message("there is no {language} version ({path}) to compare it with").format(
            language=english_name(default), path=path_in(doc, default.code))
        return None, [Problem(path, None, message)]
    return source.text_hash, []


@dataclass(frozen=True)
class NewTranslation:
    start: str  # the file copied
    path: str  # the file to write
    recorded: str | None  # the hash it records, if any


def plan_translation(
    config: SiteConfig, documents: Sequence[Document], path: str, lang: str | None
) -> tuple[NewTranslation | None, list[Problem]]:
    """What ``g20site new translation PATH --lang LANG`` writes; ``lang`` may be left out
    when only one language is missing."""
    doc = find(documents, path)
    if doc is None:
        return None, [Problem(path, None, Message(NOT_A_DOCUMENT))]
    versions = _versions(documents, doc)
    missing = [code for code in config.codes if code not in versions]
    if lang is None and not missing:
        return None, [_every_language(config, versions, doc)]
    if lang is None and len(missing) > 1:
        choice = Message("one of {languages}").format(languages=", ".join(missing))
        return None, [Problem(path, None, Message("which language? add --lang ({choice})").format(choice=choice))]
    lang = lang or missing[0]
    if lang not in config.codes:
        message = Message('"{lang}" is not a language in site.yaml ({languages})').format(
            lang=lang, languages=", ".join(config.codes))
        return None, [Problem(path, None, message)]
    if lang in versions:
        return None, [Problem(versions[lang].path, None, Message("already exists; nothing was written"))]
    return NewTranslation(path, path_in(doc, lang), hash_to_record(config, versions, doc, lang)), []


def already_translated(config: SiteConfig, documents: Sequence[Document], path: str) -> Problem | None:
    """When ``path`` is a document that every language of the site has: the message that says so."""
    doc = find(documents, path)
    versions = _versions(documents, doc) if doc is not None else {}
    if doc is None or any(code not in versions for code in config.codes):
        return None
    return _every_language(config, versions, doc)


def _every_language(config: SiteConfig, versions: Mapping[str, Document], doc: Document) -> Problem:
    others = [versions[lang.code] for lang in config.languages if versions[lang.code] is not doc]
    if not others:
        message = Message("the site has one language only ({language}): there is nothing to translate "
                          "into").format(language=english_name(config.default))
        return Problem(doc.path, None, message)
    listed = [Message("{language}: {path}").format(language=language_name(d.lang), path=d.path) for d in others]
    files = listed[0]
    for item in listed[1:]:
        files = Message("{first}, {second}").format(first=files, second=item)
    message = Message("is already in every language of the site ({files}); nothing to write").format(files=files)
    return Problem(doc.path, None, message)
