"""Calendars (RFC 5545): one file per event, and per language a calendar of every event to subscribe to.

Written by hand, not with a library, because what it must get right is
small and exact: CRLF line ends, lines folded at 75 octets (never inside
a UTF-8 character), ``\\``, ``;``, ``,`` and newlines escaped in text. Times
carry the event's zone (``TZID=Asia/Makassar``, with its ``VTIMEZONE``);
whole-day events are dates. The ``UID`` comes from the event's file name,
so it stays the same from build to build and in every language. ``DTSTAMP``
never comes from the clock: it is ``SOURCE_DATE_EPOCH`` when that is set,
else the event's start.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..load.model import ZONES, Document, Schedule, Site
from ..pages import urls

PRODID = "-//g20site//g20site calendar//EN"
STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}  # any other: CONFIRMED
LIMIT = 75  # octets per line, CRLF not counted


@dataclass(frozen=True)
class Entry:
    """One event as a calendar shows it."""

    uid: str
    title: str
    description: str
    url: str
    lang: str
    schedule: Schedule
    stamp: datetime.datetime


def entry(site: Site, doc: Document, stamp: datetime.datetime | None) -> Entry:
    """``doc`` in a calendar; ``stamp`` (SOURCE_DATE_EPOCH, when set) is its DTSTAMP, else the event's start."""
    assert doc.schedule is not None, "only events go into calendars"
    page = urls.permalink(site.config, urls.document_path(site, doc))
    description = "\n\n".join(part for part in (doc.summary, page) if part)
    return Entry(uid(site, doc), doc.title, description, page, doc.lang, doc.schedule,
                 stamp or doc.schedule.start)


def uid(site: Site, doc: Document) -> str:
    """``ktt-g20-bali@g20.example.go.id``: the event's file name at the site's host (and sub-path)."""
    parts = urlsplit(site.config.base_url)
    prefix = ".".join(part for part in parts.path.split("/") if part)
    return f"{prefix + '.' if prefix else ''}{doc.key}@{parts.hostname}"


def calendar(name: str, lang: str, entries: Iterable[Entry], feed: bool = False) -> bytes:
    """A VCALENDAR of ``entries``; ``feed``: one to subscribe to, which asks to be read again daily."""
    events = sorted(entries, key=lambda e: (e.schedule.start, e.uid))  # the same order whatever "now" is
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"NAME;LANGUAGE={lang}:{escape(name)}", f"X-WR-CALNAME:{escape(name)}"]
    if feed:
        lines += ["REFRESH-INTERVAL;VALUE=DURATION:P1D", "X-PUBLISHED-TTL:P1D"]
    for zone_name in sorted({e.schedule.zone for e in events if not e.schedule.all_day}, key=list(ZONES).index):
        lines += _timezone(zone_name)
    for event in events:
        lines += _event(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def _timezone(name: str) -> list[str]:
    hours, tzid = ZONES[name]
    offset = f"+{hours:02d}00"
    return ["BEGIN:VTIMEZONE", f"TZID:{tzid}", "BEGIN:STANDARD", "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{offset}", f"TZOFFSETTO:{offset}", f"TZNAME:{name}", "END:STANDARD", "END:VTIMEZONE"]


def _event(event: Entry) -> list[str]:
    schedule = event.schedule
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{utc(event.stamp)}"]
    if schedule.all_day:
        lines += [f"DTSTART;VALUE=DATE:{schedule.start:%Y%m%d}", f"DTEND;VALUE=DATE:{schedule.end:%Y%m%d}"]
    else:
        tzid = ZONES[schedule.zone][1]
        lines += [f"DTSTART;TZID={tzid}:{schedule.start:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID={tzid}:{schedule.end:%Y%m%dT%H%M%S}"]
    lines += [f"SUMMARY;LANGUAGE={event.lang}:{escape(event.title)}",
              f"DESCRIPTION;LANGUAGE={event.lang}:{escape(event.description)}", f"URL:{event.url}"]
    where = ", ".join(part for part in (schedule.place, schedule.address) if part) or schedule.online
    if where:
        lines.append(f"LOCATION;LANGUAGE={event.lang}:{escape(where)}")
    if schedule.online:
        lines.append(f"CONFERENCE;VALUE=URI:{schedule.online}")
    lines += [f"STATUS:{STATUS.get(schedule.status, 'CONFIRMED')}", "END:VEVENT"]
    return lines


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def escape(text: str) -> str:
    """TEXT values (RFC 5545, 3.3.11): backslash, semicolon, comma and newline escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets go on in lines that start with a space (RFC 5545, 3.1),
    cut between characters, never inside one."""
    if len(line.encode("utf-8")) <= LIMIT:
        return line
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LIMIT:
            parts.append(current)
            current, size = " ", 1  # the space that marks a continuation counts too
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)
