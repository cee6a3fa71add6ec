"""The only reader of a site folder: content/ and the list of static/ -> Site."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from ..digest import digest
from ..errors import Problem
from ..messages import N_, Message
from . import entries, schema
from . import translation_status as translations
from .model import (
    EVENT,
    FACT_CHECK,
    KEY_MESSAGE,
    MEETING,
    PAGE,
    Document,
    KeyMessage,
    Rendering,
    Site,
    SloganText,
    SourceRef,
)
from .settings import SiteConfig, read_config
from .sources import Data, MarkdownSource, decode_text, parse_yaml, read_text, split_front_matter

_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2,8})\.md$")
_DATED_STEM = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
_COMMON = ("title", "summary", "slug", "draft", "image", "image_alt", "sources", translations.FIELD)
_FIELDS = {
    MEETING: (*_COMMON, "date", "participants", "agenda", "tags"),
    PAGE: _COMMON,
    KEY_MESSAGE: ("draft", translations.FIELD),
    FACT_CHECK: (*_COMMON, "date", "tags", *entries.CLAIM_FIELDS),
    EVENT: (*_COMMON, "tags", *entries.EVENT_FIELDS),
}
FROM = translations.FIELD
FOLDERS = {MEETING: "meetings", PAGE: "pages", KEY_MESSAGE: "key-messages", FACT_CHECK: "fact-checks",
           EVENT: "events"}
_DATED = {MEETING: N_("meeting notes"), FACT_CHECK: N_("fact checks")}  # kinds named YYYY-MM-DD-name.LANG.md
_SUMMARIZED = (MEETING, FACT_CHECK, EVENT)  # kinds whose lists show a summary: required once published


def is_ignored(name: str) -> bool:
    """Editor leftovers and hidden files: ``.x.md.swp``, ``x.md~``, ``#x#``."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".tmp", ".bak"))


def load_site(
    root: Path, *, drafts: bool = False, base_url: str | None = None, reader: Reader | None = None
) -> tuple[Site | None, list[Problem]]:
    """Read the site folder ``root``; return the site and every problem found."""
    content = root / "content"
    if not (content / "site.yaml").is_file():
        return None, [
            Problem("content/site.yaml", None, Message("not found; run g20site in the site folder or pass --source"))
        ]
    data, problems = _read_yaml(root, content / "site.yaml")
    if data is None:
        return None, problems
    config, config_problems = read_config(data)
    problems += config_problems
    if config is None:
        return None, problems
    if base_url:
        config = config.with_base_url(base_url)
    slogan = _slogan(root, config, problems)
    key_messages = _key_messages(root, config, problems)
    documents = []
    for kind in (MEETING, PAGE, KEY_MESSAGE, FACT_CHECK, EVENT):
        documents += _documents(root, config, kind, reader or Direct(), problems)
    static = tuple(_static_files(root / "static"))
    documents = _check_documents(config, documents, key_messages, static, problems)
    published = tuple(d for d in documents if drafts or not d.draft)
    problems += translations.problems(config, published, documents)
    sizes, hashes = _static_details(root / "static", static, problems)
    theme = _theme_digest(root / "templates", static, sizes, hashes)
    site = Site(root, config, slogan, key_messages, published, static, theme, sizes, hashes)
    return site, problems


Parsed = tuple[Document | None, list[Problem]]


class Reader(Protocol):
    """How content files are read: :class:`Direct`, or through the build cache
    (``build/cache.py``'s ``ParsedFiles``, which keeps what it parsed)."""

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed: ...


class Direct:
    """Reads and parses every file."""

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed:
        raw = file.read_bytes()
        return parse(raw, digest(raw))


def _theme_digest(
    templates: Path, static: tuple[str, ...], sizes: dict[str, tuple[int, int]], hashes: dict[str, str]
) -> str:
    parts: list[str | bytes] = [*static, repr(sorted(sizes.items())), repr(sorted(hashes.items()))]
    if templates.is_dir():
        for file in sorted(templates.rglob("*")):
            if file.is_file():
                parts += [file.relative_to(templates).as_posix(), file.read_bytes()]
    return digest(*parts)


def _display(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _read_yaml(root: Path, file: Path) -> tuple[Data | None, list[Problem]]:
    display = _display(root, file)
    text, problems = read_text(file, display)
    if text is None:
        return None, problems
    return parse_yaml(text, display)


def _slogan(root: Path, config: SiteConfig, problems: list[Problem]) -> dict[str, SloganText]:
    file = root / "content" / "slogan.yaml"
    if not file.is_file():
        problems.append(Problem("content/slogan.yaml", None, Message("not found; write the slogan per language")))
        return {}
    data, found = _read_yaml(root, file)
    problems += found
    table = schema.mapping(data, (), data.value, problems) if data else None
    if data is None or table is None:
        return {}
    schema.unknown_keys(data, (), table, config.codes, problems)
    slogan = {}
    for code in config.codes:
        entry = schema.mapping(data, (code,), table.get(code), problems)
        if entry is None:
            continue
        schema.unknown_keys(data, (code,), entry, ("text", "text_lang", "renderings"), problems)
        text = schema.text(data, (code, "text"), entry.get("text"), problems, required=True)
        text_lang = schema.text(data, (code, "text_lang"), entry.get("text_lang"), problems)
        renderings = []
        for index, item in enumerate(entry.get("renderings") or []):
            key = (code, "renderings", index)
            fields = schema.mapping(data, key, item, problems)
            if fields is None:
                continue
            schema.unknown_keys(data, key, fields, ("text", "lang", "translation"), problems)
            words = schema.text(data, (*key, "text"), fields.get("text"), problems, required=True)
            lang = schema.text(data, (*key, "lang"), fields.get("lang"), problems)
            gloss = schema.text(data, (*key, "translation"), fields.get("translation"), problems)
            if words:
                renderings.append(Rendering(words, lang, gloss))
        if text:
            slogan[code] = SloganText(text, text_lang, tuple(renderings))
    return slogan


def _key_messages(root: Path, config: SiteConfig, problems: list[Problem]) -> tuple[KeyMessage, ...]:
    file = root / "content" / "key-messages.yaml"
    if not file.is_file():
        return ()
    data, found = _read_yaml(root, file)
    problems += found
    if data is None:
        return ()
    if not isinstance(data.value, list):
        problems.append(data.problem((), Message("must be a list of key messages (lines starting with - key:)")))
        return ()
    messages: list[KeyMessage] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data.value):
        fields = schema.mapping(data, (index,), item, problems)
        if fields is None:
            continue
        schema.unknown_keys(data, (index,), fields, ("key", "title", "summary", "slug"), problems)
        key = schema.slug(data, (index, "key"), fields.get("key"), problems)
        if key is None:
            if "key" not in fields:
                problems.append(data.problem((index,), Message("key: is missing; give each message a short key")))
            continue
        if key in seen:
            problems.append(data.problem((index, "key"),
                Message('key: "{key}" is used twice (first on line {line})').format(key=key, line=seen[key])))
            continue
        seen[key] = data.line(index, "key")
        title = _per_language(data, (index, "title"), fields.get("title"), config, problems, True)
        summary = _per_language(data, (index, "summary"), fields.get("summary"), config, problems, False)
        slugs = _per_language(data, (index, "slug"), fields.get("slug"), config, problems, False)
        for code, word in list(slugs.items()):
            if not schema.SLUG.match(word):
                schema.slug(data, (index, "slug", code), word, problems)
                del slugs[code]
        slug = {code: slugs.get(code, key) for code in config.codes}
        messages.append(KeyMessage(key, len(messages) + 1, title, summary, slug))
    return tuple(messages)


def _per_language(
    data: Data, key: tuple[Any, ...], value: Any, config: SiteConfig, problems: list[Problem], required: bool
) -> dict[str, str]:
    if value is None and not required:
        return {}
    table = schema.mapping(data, key, value, problems)
    if table is None:
        return {}
    schema.unknown_keys(data, key, table, config.codes, problems)
    result = {}
    for code in config.codes:
        word = schema.text(data, (*key, code), table.get(code), problems, required=required)
        if word:
            result[code] = word
    return result


def _documents(
    root: Path, config: SiteConfig, kind: str, reader: Reader, problems: list[Problem]
) -> list[Document]:
    folder = root / "content" / FOLDERS[kind]
    if not folder.is_dir():
        return []
    documents = []
    prefix = f"content/{FOLDERS[kind]}/"
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        file, display = folder / entry.name, prefix + entry.name
        if is_ignored(entry.name):
            continue
        if entry.is_dir():
            problems.append(Problem(display, None, Message("folders inside this folder are not read"), "warning"))
            continue
        match = _NAME.match(file.name)
        if not match:
            problems.append(
                Problem(display, None, Message("is not used: name Markdown files NAME.LANG.md, e.g. about.id.md"),
                        "warning")
            )
            continue
        if match["lang"] not in config.codes:
            problems.append(
                Problem(display, None,
                    Message('is not used: "{lang}" is not a language in site.yaml ({languages})').format(
                    lang=match["lang"], languages=", ".join(config.codes)), "warning")
            )
            continue
        try:
            found = reader.get(file, display, partial(_parse_document, kind, match["stem"], match["lang"], display))
        except OSError as exc:
            problems.append(Problem(display, None, Message("cannot be read: {reason}").format(reason=exc.strerror)))
            continue
        doc, found_problems = found
        problems += found_problems
        if doc is not None:
            documents.append(doc)
    return documents


def _parse_document(kind: str, stem: str, lang: str, display: str, raw: bytes, raw_digest: str) -> Parsed:
    problems: list[Problem] = []
    text, found = decode_text(raw, display)
    problems += found
    if text is None:
        return None, problems
    source, found = split_front_matter(text, display)
    problems += found
    doc = _document(kind, stem, lang, source, problems) if source is not None else None
    if doc is None:
        return None, problems
    # what a list shows of it: not the body, nor the translation bookkeeping no page shows
    meta = digest(repr(replace(doc, body="", body_line=0, text_hash="", translated_from=None, translated_from_line=1)))
    return replace(doc, digest=raw_digest, meta_digest=meta, body_digest=digest(doc.body)), problems


def _document(kind: str, stem: str, lang: str, source: MarkdownSource, problems: list[Problem]) -> Document | None:
    data, front = source.front, source.front.value
    before = len(problems)
    schema.unknown_keys(data, (), front, _FIELDS[kind], problems)
    default_slug, file_date = stem, None
    if kind in _DATED:
        match = _DATED_STEM.match(stem)
        if not match:
            message = Message("{kind} are named YYYY-MM-DD-name.LANG.md, e.g. {example}").format(
                kind=Message(_DATED[kind]), example=f"2022-01-18-{stem}.{lang}.md")
            problems.append(Problem(data.path, None, message))
            return None
        default_slug, file_date = match["slug"], match["date"]
    draft = schema.boolean(data, ("draft",), front.get("draft"), problems)
    title = schema.text(data, ("title",), front.get("title"), problems, required=kind != KEY_MESSAGE)
    # a draft may still lack its summary; it is needed once the document is published
    summary = schema.text(data, ("summary",), front.get("summary"), problems,
                          required=kind in _SUMMARIZED and not draft)
    date = None
    if kind in _DATED:
        if "date" in front:
            date = schema.date(data, ("date",), front["date"], problems)
        else:
            problems.append(data.problem(("date",), Message("date: is missing; write it as YYYY-MM-DD")))
        if date is not None and file_date != date.isoformat():
            message = Message("date: {date} differs from the date in the file name ({file_date})").format(
                date=date.isoformat(), file_date=file_date)
            problems.append(data.problem(("date",), message, "warning"))
    slug = schema.slug(data, ("slug",), front.get("slug"), problems) if "slug" in front else None
    image = schema.text(data, ("image",), front.get("image"), problems)
    sources = _sources(data, front.get("sources"), problems)
    if kind == FACT_CHECK and not draft and not any(s.url for s in sources):
        problems.append(data.problem(("sources",), Message("sources: a fact check needs at least one source with its "
                                                     "link: - {title: ..., publisher: ..., url: https://...}")))
    fields = dict(
        body=source.body,
        body_line=source.body_line,
        summary=summary or "",
        date=date,
        participants=schema.text_list(data, ("participants",), front.get("participants"), problems),
        agenda=schema.text_list(data, ("agenda",), front.get("agenda"), problems),
        tags=schema.text_list(data, ("tags",), front.get("tags"), problems),
        draft=draft,
        image=image.lstrip("/") if image else None,
        image_alt=schema.text(data, ("image_alt",), front.get("image_alt"), problems) or "",
        sources=sources,
        slug_line=data.line("slug") if "slug" in front else 1,
        text_hash=translations.text_hash(front, source.body),
        translated_from=schema.text(data, (FROM,), front.get(FROM), problems),
        translated_from_line=data.line(FROM) if FROM in front else 1,
        claim=entries.read_claim(data, front, problems) if kind == FACT_CHECK else None,
        schedule=entries.read_schedule(data, front, problems) if kind == EVENT else None,
    )
    if any(p.severity == "error" for p in problems[before:]):
        return None
    return Document(kind, stem, lang, data.path, title or "", slug or default_slug, **fields)  # type: ignore[arg-type]


def _sources(data: Data, value: Any, problems: list[Problem]) -> tuple[SourceRef, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(data.problem(("sources",), Message("sources: must be a list of {title: ..., url: ...}")))
        return ()
    refs = []
    for index, item in enumerate(value):
        key = ("sources", index)
        fields = schema.mapping(data, key, item, problems)
        if fields is None:
            continue
        schema.unknown_keys(data, key, fields, ("title", "publisher", "url"), problems)
        title = schema.text(data, (*key, "title"), fields.get("title"), problems, required=True)
        publisher = schema.text(data, (*key, "publisher"), fields.get("publisher"), problems)
        url = schema.url(data, (*key, "url"), fields.get("url"), problems) if "url" in fields else None
        if title:
            refs.append(SourceRef(title, publisher, url))
    return tuple(refs)


IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
HASHED = (".css", ".js", ".mjs")  # named by their content in the output, so hosts may cache them for ever


def _static_details(
    folder: Path, names: tuple[str, ...], problems: list[Problem]
) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    """The size of each static image (for width and height), and a hash of each stylesheet and script."""
    sizes: dict[str, tuple[int, int]] = {}
    hashes: dict[str, str] = {}
    for name in names:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in HASHED:
            hashes[name] = digest((folder / name).read_bytes())[:10]
        elif suffix in IMAGES:
            from PIL import Image, UnidentifiedImageError  # only sites with images pay for the import

            try:
                with Image.open(folder / name) as image:
                    sizes[name] = image.size
            except (OSError, UnidentifiedImageError):
                problems.append(Problem(f"static/{name}", None, Message("is not an image g20site can read"), "warning"))
    return sizes, hashes


def _static_files(folder: Path) -> Iterator[str]:
    if not folder.is_dir():
        return
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder)
        if file.is_file() and not any(is_ignored(part) for part in relative.parts):
            yield relative.as_posix()


def _check_documents(
    config: SiteConfig,
    documents: list[Document],
    key_messages: tuple[KeyMessage, ...],
    static: tuple[str, ...],
    problems: list[Problem],
) -> list[Document]:
    """Cross-file checks: key-message bodies, images, verdicts, and the sections of fact checks and events."""
    known_keys = {m.key for m in key_messages}
    static_set = set(static)
    kept = []
    for doc in entries.check_entries(config, documents, problems):
        if doc.kind == KEY_MESSAGE and doc.key not in known_keys:
            problems.append(
                Problem(doc.path, None, Message('"{key}" is not a key in content/key-messages.yaml{hint}').format(
                    key=doc.key, hint=schema.did_you_mean(doc.key, known_keys)))
            )
            continue
        if doc.image and doc.image not in static_set:
            problems.append(Problem(doc.path, None,
                Message("image: /{image} is not in the static/ folder").format(image=doc.image)))
        kept.append(doc)
    return kept


def load_config(root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Only the settings, for commands that need no content (``new``)."""
    file = root / "content" / "site.yaml"
    if not file.is_file():
        return None, [
            Problem("content/site.yaml", None, Message("not found; run g20site in the site folder or pass --source"))
        ]
    data, problems = _read_yaml(root, file)
    if data is None:
        return None, problems
    config, found = read_config(data)
    return config, problems + found
