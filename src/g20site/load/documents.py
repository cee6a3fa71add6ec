"""Markdown documents: the files of each content folder -> Document, plus problems.

``read_documents`` lists a folder (``content/meetings/``...) and reads each
``NAME.LANG.md`` through a :class:`Reader`; ``_document`` checks the front
matter of each kind and says what to write instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from ..digest import digest
from ..errors import Problem
from ..messages import N_, Message
from . import entries, front_matter, schema
from . import translation_status as translations
from .confine import confined, link_problem
from .front_matter import MarkdownSource, split_front_matter
from .model import EVENT, FACT_CHECK, KEY_MESSAGE, MEETING, PAGE, Document, SourceRef
from .sources import Data, decode_text, is_ignored

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


# what each kind cannot do without: named when a file has no front matter at all
_REQUIRED = {
    MEETING: ("title", "date", "summary"),
    PAGE: ("title",),
    KEY_MESSAGE: (),
    FACT_CHECK: ("title", "date", "summary", "claim", "verdict"),
    EVENT: ("title", "summary", "start", "place"),
}


FROM = translations.FIELD


FOLDERS = {MEETING: "meetings", PAGE: "pages", KEY_MESSAGE: "key-messages", FACT_CHECK: "fact-checks",
           EVENT: "events"}


_DATED = {MEETING: N_("meeting notes"), FACT_CHECK: N_("fact checks")}  # kinds named YYYY-MM-DD-name.LANG.md


_SUMMARIZED = (MEETING, FACT_CHECK, EVENT)  # kinds whose lists show a summary: required once published


Parsed = tuple[Document | None, list[Problem]]
Request = tuple[Path, str, Callable[[bytes, str], Parsed]]  # a file, its name as shown, how to parse its bytes


class Reader(Protocol):
    """How content files are read: :class:`Direct`, or through the build cache
    (``build/parsed_files.py``'s ``ParsedFiles``, which keeps what it parsed)."""

    def prefetch(self, requests: Sequence[Request]) -> None:
        """Get ready for :meth:`get` to be asked for each of ``requests`` (a folder's files), in order."""

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed: ...


class Direct:
    """Reads and parses every file."""

    def prefetch(self, requests: Sequence[Request]) -> None:
        pass

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed:
        raw = file.read_bytes()
        return parse(raw, digest(raw))


def read_documents(
    root: Path, codes: Sequence[str] | None, kind: str, reader: Reader, problems: list[Problem]
) -> list[Document]:
    folder = root / "content" / FOLDERS[kind]
    if not confined(root, folder, problems) or not folder.is_dir():
        return []
    prefix = f"content/{FOLDERS[kind]}/"
    found: list[Problem | Request] = []  # in the order of the names: what each file is, or why it is not read
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        file, display = folder / entry.name, prefix + entry.name
        if is_ignored(entry.name):
            continue
        link = link_problem(root, file)
        if link is not None:  # outside the site, looping or dangling: named, never read
            found.append(link)
            continue
        if entry.is_dir():
            found.append(Problem(display, None, Message("folders inside this folder are not read"), "warning"))
            continue
        match = _NAME.match(file.name)
        if not match:
            found.append(
                Problem(display, None, Message("is not used: name Markdown files NAME.LANG.md, e.g. about.id.md"),
                        "warning")
            )
            continue
        if codes is not None and match["lang"] not in codes:
            found.append(
                Problem(display, None,
                    Message('is not used: "{lang}" is not a language in site.yaml ({languages})').format(
                    lang=match["lang"], languages=", ".join(codes)), "warning")
            )
            continue
        found.append((file, display, partial(_parse_document, kind, match["stem"], match["lang"], display)))
    reader.prefetch([request for request in found if not isinstance(request, Problem)])
    documents = []
    for request in found:
        if isinstance(request, Problem):
            problems.append(request)
            continue
        file, display, parse = request
        try:
            doc, found_problems = reader.get(file, display, parse)
        except OSError as exc:
            problems.append(Problem(display, None, Message("cannot be read: {reason}").format(reason=exc.strerror)))
            continue
        problems += found_problems
        if doc is not None:
            documents.append(doc)
    return documents


def read_again(root: Path, doc: Document) -> Parsed:
    """``doc``'s file as it is now, read and parsed as :func:`read_documents` would (its name, kind and
    language as before); OSError when it cannot be read."""
    folder, name = doc.path.rsplit("/", 1)
    match = _NAME.match(name)
    assert match is not None, doc.path  # a document's file is named NAME.LANG.md
    handle = os.open(root / folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # a link: OSError
    with os.fdopen(handle, "rb") as stream:
        raw = stream.read()
    return _parse_document(doc.kind, match["stem"], doc.lang, doc.path, raw, digest(raw))


def _parse_document(kind: str, stem: str, lang: str, display: str, raw: bytes, raw_digest: str) -> Parsed:
    problems: list[Problem] = []
    text, found = decode_text(raw, display)
    problems += found
    if text is None:
        return None, problems
    source, found = split_front_matter(text, display)
    problems += found
    missing = front_matter.missing(source, _FIELDS[kind], _REQUIRED[kind]) if source is not None else None
    if missing is not None:
        return None, [*problems, missing]
    doc = _document(kind, stem, lang, source, problems) if source is not None else None
    if doc is None:
        return None, problems
    # what a list shows of it: not the body, nor the translation bookkeeping no page shows
    meta = digest(repr(replace(doc, body="", body_line=0, text_hash="", translated_from=None, translated_from_line=1)))
    return replace(doc, digest=raw_digest, meta_digest=meta, body_digest=digest(doc.body)), problems


def _dated_name(stem: str, lang: str, written: object) -> str:
    """The file name a dated document should have: its own date (the front matter's, or one the name
    holds) and its name as a slug: ``2022-02-01 rapat humas.id.md`` -> ``2022-02-01-rapat-humas.id.md``."""
    found = re.search(r"\d{4}-\d{2}-\d{2}", stem)
    day = str(written) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(written)) else found[0] if found else "2022-01-18"
    name = schema.slugify(stem.replace(found[0], "") if found else stem)
    return f"{day}-{name or 'name'}.{lang}.md"


def _document(kind: str, stem: str, lang: str, source: MarkdownSource, problems: list[Problem]) -> Document | None:
    data, front = source.front, source.front.value
    before = len(problems)
    schema.unknown_keys(data, (), front, _FIELDS[kind], problems)
    default_slug, file_date = stem, None
    if kind in _DATED:
        match = _DATED_STEM.match(stem)
        if not match:
            message = Message("{kind} are named YYYY-MM-DD-name.LANG.md, e.g. {example}").format(
                kind=Message(_DATED[kind]), example=_dated_name(stem, lang, front.get("date")))
            problems.append(Problem(data.path, None, message))
            return None
        default_slug, file_date = match["slug"], match["date"]
    draft = schema.boolean(data, ("draft",), front.get("draft"), problems)
    # a draft may still lack what a page needs (its gaps): they are errors once it is built
    gaps: list[Problem] = []
    unfilled = gaps if draft else problems
    title = schema.text(data, ("title",), front.get("title"), problems, required=kind != KEY_MESSAGE,
                        most=schema.TITLE, missing=unfilled)
    summary = schema.text(data, ("summary",), front.get("summary"), problems, required=kind in _SUMMARIZED,
                          missing=unfilled)
    date = None
    if kind in _DATED:
        if front.get("date") not in (None, ""):
            date = schema.date(data, ("date",), front["date"], problems)
        else:
            unfilled.append(data.problem(("date",), Message("date: is missing; write it as YYYY-MM-DD")))
        if date is not None and file_date != date.isoformat():
            message = Message("date: {date} differs from the date in the file name ({file_date})").format(
                date=date.isoformat(), file_date=file_date)
            problems.append(data.problem(("date",), message, "warning"))
    slug = schema.slug(data, ("slug",), front.get("slug"), problems) if "slug" in front else None
    if "slug" in front and front["slug"] in (None, ""):
        unfilled.append(data.problem(("slug",), Message(
            "slug: is empty; write the address of this page in its language (lowercase letters, digits and "
            'hyphens, e.g. rapat-koordinasi), or delete the line to take it from the file name ("{slug}")'
        ).format(slug=default_slug)))
    if "slug" not in front and kind != KEY_MESSAGE and not schema.SLUG.match(default_slug):
        problems.append(Problem(data.path, None, Message(
            'the file name gives this page the address "{slug}", which is not a valid slug (use lowercase '
            "letters, digits and hyphens, e.g. rapat-koordinasi): rename the file, or give it a slug: line"
        ).format(slug=default_slug)))
    image = schema.text(data, ("image",), front.get("image"), problems)
    image_alt = schema.text(data, ("image_alt",), front.get("image_alt"), problems) or ""
    if image and not image_alt:  # at the empty image_alt: line, else at image:
        unfilled.append(data.problem(("image_alt",) if "image_alt" in front else ("image",), NO_IMAGE_ALT))
    sources = _sources(data, front.get("sources"), problems)
    if kind == FACT_CHECK and not any(s.url for s in sources):
        unfilled.append(data.problem(("sources",), Message("sources: a fact check needs at least one source with its "
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
        image_line=data.line("image"),
        image_alt=image_alt,
        sources=sources,
        slug_line=data.line("slug") if "slug" in front else 1,
        text_hash=translations.text_hash(front, source.body),
        translated_from=schema.text(data, (FROM,), front.get(FROM), problems),
        translated_from_line=data.line(FROM) if FROM in front else 1,
        claim=entries.read_claim(data, front, problems, unfilled) if kind == FACT_CHECK else None,
        schedule=entries.read_schedule(data, front, problems, unfilled) if kind == EVENT else None,
        gaps=tuple(gaps),
    )
    if any(p.severity == "error" for p in problems[before:]):
        return None
    return Document(kind, stem, lang, data.path, title or "", slug or default_slug, **fields)  # type: ignore[arg-type]


NO_IMAGE_ALT = Message('image_alt: is missing; write what the photo shows, for readers who cannot see it, '
                       'e.g. image_alt: "Participants around the meeting table"')


def _sources(data: Data, value: Any, problems: list[Problem]) -> tuple[SourceRef, ...]:
    refs = []
    shape = Message("sources: must be a list of {title: ..., url: ...}")
    for key, fields in schema.records(data, ("sources",), value, problems, ("title", "publisher", "url"), shape):
        title = schema.text(data, (*key, "title"), fields.get("title"), problems, required=True)
        publisher = schema.text(data, (*key, "publisher"), fields.get("publisher"), problems)
        url = schema.url(data, (*key, "url"), fields.get("url"), problems) if "url" in fields else None
        if title:
            refs.append(SourceRef(title, publisher, url))
    return tuple(refs)


def parse_text(kind: str, display: str, text: str) -> Parsed:
    """What reading ``text`` as the file ``display`` (``content/meetings/NAME.LANG.md``) gives: the
    document and the problems of that file, as ``check`` finds them."""
    match = _NAME.match(display.rsplit("/", 1)[-1])
    if match is None:
        return None, [Problem(display, None, Message("is not used: name Markdown files NAME.LANG.md, e.g. about.id.md"),
                              "warning")]
    raw = text.encode("utf-8")
    return _parse_document(kind, match["stem"], match["lang"], display, raw, digest(raw))
