"""Atom feeds checked against RFC 4287, with the standard library's XML parser."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _absolute(uri: str | None) -> bool:
    parts = urlsplit(uri or "")
    return bool(parts.scheme) and (parts.scheme not in ("http", "https") or bool(parts.netloc))


def _rfc3339(text: str | None) -> datetime.datetime | None:
    if text is None or not RFC3339.match(text.strip()):
        return None
    return datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


def _exactly_one(parent: ElementTree.Element, name: str, where: str, problems: list[str]) -> None:
    found = parent.findall(ATOM + name)
    if len(found) != 1:
        problems.append(f"{where}: {len(found)} <{name}> elements, Atom requires exactly one")


def atom_problems(file: Path, rel: str, site_url: str, lang: str | None, built: Callable[[str], bool]) -> list[str]:
    """What keeps the feed ``file`` (``rel`` in a site at ``site_url``, in ``lang``) from being valid
    Atom (RFC 4287): the required elements, absolute ids, RFC 3339 dates; and entry links that
    ``built(url)`` says lead to no page."""
    root = ElementTree.parse(file).getroot()
    problems: list[str] = []
    if root.tag != ATOM + "feed":
        return [f"{rel}: root element is {root.tag}, not an Atom <feed>"]
    if root.get("{http://www.w3.org/XML/1998/namespace}lang") != lang:
        problems.append(f"{rel}: xml:lang is not {lang}, the language of its pages")
    for name in ("id", "title", "updated"):
        _exactly_one(root, name, rel, problems)
    feed_id = root.findtext(ATOM + "id")
    if not _absolute(feed_id):
        problems.append(f"{rel}: feed id {feed_id!r} is not an absolute URI")
    updated = _rfc3339(root.findtext(ATOM + "updated"))
    if updated is None:
        problems.append(f"{rel}: feed <updated> {root.findtext(ATOM + 'updated')!r} is not an RFC 3339 date")
    self_links = [link for link in root.findall(ATOM + "link") if link.get("rel") == "self"]
    if len(self_links) != 1 or self_links[0].get("href") != urljoin(site_url, rel):
        problems.append(f"{rel}: needs one rel=self link to {urljoin(site_url, rel)}")
    feed_author = root.find(ATOM + "author") is not None and bool(root.findtext(f"{ATOM}author/{ATOM}name"))
    ids: set[str] = set()
    newest: datetime.datetime | None = None
    for number, entry in enumerate(root.findall(ATOM + "entry"), 1):
        where = f"{rel}: entry {number}"
        for name in ("id", "title", "updated"):
            _exactly_one(entry, name, where, problems)
        entry_id = entry.findtext(ATOM + "id") or ""
        if not _absolute(entry_id) or entry_id in ids:
            problems.append(f"{where}: id {entry_id!r} is not an absolute URI, or not unique")
        ids.add(entry_id)
        for name in ("updated", "published"):
            text = entry.findtext(ATOM + name)
            stamp = _rfc3339(text)
            if (text is not None or name == "updated") and stamp is None:
                problems.append(f"{where}: <{name}> {text!r} is not an RFC 3339 date")
            if name == "updated" and stamp is not None:
                newest = stamp if newest is None else max(newest, stamp)
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no <author>, and the feed has none")
        alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1:
            problems.append(f"{where}: {len(alternates)} rel=alternate links, expected one")
        for link in alternates:
            href = link.get("href") or ""
            if not _absolute(href) or not href.startswith(site_url):
                problems.append(f"{where}: link {href!r} is not an absolute address on the site")
            elif not built(href):
                problems.append(f"{where}: link {href!r} leads to no built page")
        content = entry.find(ATOM + "content")
        if content is not None and content.get("type", "text") not in ("text", "html", "xhtml"):
            problems.append(f"{where}: content type {content.get('type')!r}")
    if newest is not None and updated is not None and updated < newest:
        problems.append(f"{rel}: the feed's <updated> is older than its newest entry")
    return problems
