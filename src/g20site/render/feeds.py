"""Atom feeds per language (RFC 4287): of meeting notes, and of fact checks."""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from ..load.languages import Language
from ..load.model import Site
from ..pages import urls
from ..pages.views import Summary


def _timestamp(day: datetime.date, offset: str) -> str:
    return f"{day.isoformat()}T00:00:00{offset}"


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _moment(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(
    site: Site, lang: Language, entries: list[tuple[Summary, Markup]], stamp: datetime.datetime | None,
    path: str | None = None, title: str | None = None, page: str | None = None,
) -> bytes:
    """The feed of ``entries`` (newest first), each a document with its rendered body.

    A feed with no entries is dated ``stamp`` (SOURCE_DATE_EPOCH, when set), else 1970-01-01.
    By default the feed of the meeting notes at ``feed.xml``; a section's feed
    gives its own ``path``, ``title`` and the ``page`` (path) it is the feed of.
    """
    config = site.config
    path = path or urls.feed_path(config, lang.code)
    home = urls.permalink(config, page if page is not None else urls.home_path(config, lang.code))
    newest = entries[0][0].date if entries else None
    updated = _timestamp(newest, config.utc_offset) if newest else _moment(stamp or EPOCH)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang.code}" xml:base={quoteattr(config.base_url)}>',
        f"  <title>{escape(title or lang.title)}</title>",
    ]
    if lang.description:
        out.append(f"  <subtitle>{escape(lang.description)}</subtitle>")
    out += [
        f"  <id>{escape(urls.permalink(config, path))}</id>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(urls.permalink(config, path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(lang.title)}</name></author>",
    ]
    for entry, content in entries:
        assert entry.date is not None, "meeting notes and fact checks always have a date"
        dated = _timestamp(entry.date, config.utc_offset)
        out += [
            "  <entry>",
            f"    <title>{escape(entry.headline)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(entry.permalink)}/>',
            f"    <id>{escape(entry.permalink)}</id>",
            f"    <published>{dated}</published>",
            f"    <updated>{dated}</updated>",
        ]
        if entry.summary:
            out.append(f"    <summary>{escape(entry.summary)}</summary>")
        out += [f'    <content type="html">{escape(str(content))}</content>', "  </entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")
