"""``content/site.yaml`` -> a typed :class:`SiteConfig`, plus problems."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from ..errors import Problem
from ..messages import Message
from . import schema
from .hosting import Hosting, read_hosting
from .languages import Language, read_languages
from .publisher import Publisher, read_publisher
from .sources import Data
from .verdicts import Verdict, read_verdicts

SECTIONS = ("key_messages", "meetings", "fact_checks", "events", "search")
OPTIONAL_SECTIONS = ("fact_checks", "events", "search")  # fact checks, events: needed only once their folder
# has entries; search: the site has a search page (and index) when site.yaml names it
_TOP_KEYS = (
    "base_url",
    "default_language",
    "languages",
    "sections",
    "menu",
    "publisher",
    "social",
    "utc_offset",
    "allow_raw_html",
    "share_images",
    "per_page",
    "feed_entries",
    "verdicts",
    "hosting",
)
_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$")
_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$")


@dataclass(frozen=True)
class Section:
    name: str
    slug: str


@dataclass(frozen=True)
class MenuItem:
    section: str | None = None
    page: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class SocialLink:
    name: str
    url: str


@dataclass(frozen=True)
class SiteConfig:
    base_url: str
    languages: tuple[Language, ...]
    sections: Mapping[str, Mapping[str, Section]]
    menu: tuple[MenuItem, ...] = ()
    publisher: Publisher | None = None  # who publishes the site; None: not said
    social: tuple[SocialLink, ...] = ()  # the official accounts
    utc_offset: str = "+07:00"
    allow_raw_html: bool = False
    share_images: bool = True  # a 1200x630 picture per page for link previews
    per_page: int = 20  # meeting notes per list page
    feed_entries: int = 20  # newest notes in each Atom feed
    verdicts: tuple[Verdict, ...] = ()  # what a fact check may conclude
    hosting: Hosting = Hosting()  # precompressed copies and host files (load/hosting.py)
    # where each section is (or would go) in site.yaml: for messages only, so not part of what a page is made from
    section_lines: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def default(self) -> Language:
        return self.languages[0]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    def verdict(self, key: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.key == key), None)

    def with_base_url(self, base_url: str) -> SiteConfig:
        return replace(self, base_url=base_url)


def normalize_base_url(value: str) -> str | None:
    """``https://host/sub`` -> ``https://host/sub/``; ``None`` if not a web address a site can live at:
    http or https, a host name (letters, digits, hyphens, dots) or an IP address, a port in range,
    no user name or password, nothing but printable characters without spaces, no query or fragment."""
    text = value.strip()
    if not text.isprintable() or any(char.isspace() for char in text):
        return None
    try:
        parts = urlsplit(text)
        port = parts.port  # ValueError when out of range
    except ValueError:  # e.g. an unclosed [IPv6 address
        return None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or parts.query or parts.fragment or "@" in parts.netloc:
        return None
    if not (_HOST.match(host) or _is_ip(host)) or (port is not None and not 0 < port < 65536):
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def read_config(data: Data) -> tuple[SiteConfig | None, list[Problem]]:
    problems: list[Problem] = []
    top = schema.mapping(data, (), data.value, problems)
    if top is None:
        return None, problems
    schema.unknown_keys(data, (), top, _TOP_KEYS, problems)

    base_url = schema.text(data, ("base_url",), top.get("base_url"), problems, required=True)
    if base_url is not None:
        normal = normalize_base_url(base_url)
        if normal is None:
            problems.append(
                data.problem(
                    ("base_url",),
                    Message('base_url: "{value}" is not a web address '
                      "(use e.g. https://www.example.go.id/g20/)").format(value=base_url),
                )
            )
        base_url = normal
    languages = read_languages(data, top, problems)
    codes = [lang.code for lang in languages]
    sections = _sections(data, top.get("sections"), codes, problems)
    menu = _menu(data, top.get("menu"), problems)
    problems += _menu_sections(data, menu, sections)
    verdicts = read_verdicts(data, top.get("verdicts"), codes, problems)
    publisher = read_publisher(data, top.get("publisher"), codes, problems)
    social = _social(data, top.get("social"), problems)
    offset = schema.text(data, ("utc_offset",), top.get("utc_offset", "+07:00"), problems)
    if offset is not None and not _OFFSET.match(offset):
        problems.append(
            data.problem(
                ("utc_offset",),
                    Message('utc_offset: "{value}" is not an offset (use e.g. +07:00)').format(value=offset)
            )
        )
    raw = schema.boolean(data, ("allow_raw_html",), top.get("allow_raw_html"), problems)
    share_images = schema.boolean(data, ("share_images",), top.get("share_images", True), problems)
    per_page = schema.count(data, ("per_page",), top.get("per_page", 20), problems)
    feed_entries = schema.count(data, ("feed_entries",), top.get("feed_entries", 20), problems)
    hosting = read_hosting(data, top.get("hosting"), problems)
    if any(p.severity == "error" for p in problems) or base_url is None:
        return None, problems
    config = SiteConfig(
        base_url=base_url,
        languages=tuple(languages),
        sections=sections,
        menu=menu,
        publisher=publisher,
        social=social,
        utc_offset=offset or "+07:00",
        allow_raw_html=raw,
        share_images=share_images,
        per_page=per_page or 20,
        feed_entries=feed_entries or 20,
        verdicts=verdicts,
        hosting=hosting,
        section_lines={section: data.line("sections", section) for section in SECTIONS},
    )
    return config, problems


def _sections(
    data: Data, value: Any, codes: list[str], problems: list[Problem]
) -> dict[str, dict[str, Section]]:
    table = schema.mapping(data, ("sections",), value, problems) or {}
    schema.unknown_keys(data, ("sections",), table, SECTIONS, problems)
    result: dict[str, dict[str, Section]] = {}
    for section in SECTIONS:
        key = ("sections", section)
        per_lang = table.get(section)
        if per_lang is None and section in OPTIONAL_SECTIONS:
            continue
        if not isinstance(per_lang, dict):
            if table:
                message = Message("sections.{section}: is missing; give a name and slug per language")
                problems.append(data.problem(key, message.format(section=section)))
            continue
        result[section] = {}
        for code in codes:
            entry = per_lang.get(code)
            if not isinstance(entry, dict):
                problems.append(
                    data.problem(key,
                        Message("sections.{section}.{code}: is missing; write {{name: ..., slug: ...}}").format(
                        section=section, code=code))
                )
                continue
            schema.unknown_keys(data, (*key, code), entry, ("name", "slug"), problems)
            name = schema.text(data, (*key, code, "name"), entry.get("name"), problems, required=True)
            slug = schema.slug(data, (*key, code, "slug"), entry.get("slug"), problems)
            if slug is None and "slug" not in entry:
                message = Message("sections.{section}.{code}.slug: is missing").format(section=section, code=code)
                problems.append(data.problem((*key, code), message))
            if name and slug:
                result[section][code] = Section(name, slug)
    return result


def _menu(data: Data, value: Any, problems: list[Problem]) -> tuple[MenuItem, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(data.problem(("menu",), Message("menu: must be a list of `- section: ...` or `- page: ...`")))
        return ()
    items = []
    for index, entry in enumerate(value):
        key = ("menu", index)
        if not isinstance(entry, dict) or len(entry) != 1 or not {"section", "page"} & set(entry):
            problems.append(data.problem(key, Message("menu: each item is `- section: NAME` or `- page: NAME`")))
            continue
        if "section" in entry:
            section = schema.text(data, (*key, "section"), entry["section"], problems)
            if section not in SECTIONS:
                problems.append(
                    data.problem(
                        (*key, "section"),
                        Message('menu: "{section}" is not a section ({sections}){hint}').format(
                            section=section, sections=", ".join(SECTIONS),
                            hint=schema.did_you_mean(str(section), SECTIONS)),
                    )
                )
                continue
            items.append(MenuItem(section=section, line=data.line(*key)))
        else:
            page = schema.text(data, (*key, "page"), entry["page"], problems)
            if page:
                items.append(MenuItem(page=page, line=data.line(*key)))
    return tuple(items)


def _menu_sections(data: Data, menu: tuple[MenuItem, ...], sections: Mapping[str, Any]) -> list[Problem]:
    """A section in the menu needs its names under ``sections``."""
    return [
        Problem(data.path, item.line, Message('menu: section "{section}" has no names; '
                "add it under sections with a name and slug per language").format(section=item.section))
        for item in menu
        if item.section and item.section not in sections
    ]


def _social(data: Data, value: Any, problems: list[Problem]) -> tuple[SocialLink, ...]:
    links = []
    shape = Message("social: must be a list of {name: ..., url: ...}")
    for key, fields in schema.records(data, ("social",), value, problems, ("name", "url"), shape):
        name = schema.text(data, (*key, "name"), fields.get("name"), problems, required=True)
        url = schema.url(data, (*key, "url"), fields.get("url"), problems)
        if name and url:
            links.append(SocialLink(name, url))
    return tuple(links)
