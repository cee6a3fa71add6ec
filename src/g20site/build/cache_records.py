"""What the build cache stores, each as a :class:`~g20site.build.cache_format.Kind`: dates and moments,
documents with their claims and schedules, Markdown entries, link resolutions (messages and problems:
``cache_messages.py``); and ``LAYOUT``, which changes with their fields and goes into the cache's stamp."""

from __future__ import annotations

import dataclasses
import datetime
import zlib
from typing import Any

from ..digest import digest
from ..errors import Problem
from ..load.model import Claim, Document, Schedule, SourceRef
from ..pages.views import CARD_HEIGHT, CARD_WIDTH
from ..render.renderer import MarkdownEntry
from .cache_format import (
    BOOL,
    INT,
    STR,
    Damaged,
    Kind,
    Unstorable,
    as_list,
    fixed,
    optional,
    record,
    tuple_of,
)
from .cache_messages import MESSAGE, PROBLEM


# -- dates and times
def _dump_date(value: Any) -> str:
    if type(value) is not datetime.date:
        raise Unstorable("date expected")
    return value.isoformat()


def _load_date(data: Any) -> datetime.date:
    try:
        return datetime.date.fromisoformat(STR.load(data))
    except ValueError as exc:
        raise Damaged(f"not a date: {data!r}") from exc


DATE = Kind(_dump_date, _load_date)


def _dump_moment(value: Any) -> list[Any]:
    """An aware datetime with a fixed offset: [its local time, the offset in seconds, the zone's name]."""
    zone = value.tzinfo if type(value) is datetime.datetime else None
    if type(zone) is not datetime.timezone:
        raise Unstorable("a datetime with a fixed offset expected")
    offset, name = zone.utcoffset(None), zone.tzname(None)
    seconds = offset // datetime.timedelta(seconds=1)
    if repr(zone) != repr(datetime.timezone(datetime.timedelta(seconds=seconds), name)):  # unnamed, or a fraction
        raise Unstorable("a datetime in a named zone, whole seconds from UTC, expected")
    return [value.replace(tzinfo=None).isoformat(), seconds, name]


def _load_moment(data: Any) -> datetime.datetime:
    local, seconds, name = fixed(STR, INT, STR).load(data)
    try:
        zone = datetime.timezone(datetime.timedelta(seconds=seconds), name)
        moment = datetime.datetime.fromisoformat(local)
    except (ValueError, OverflowError) as exc:
        raise Damaged(f"not a moment: {data!r}") from exc
    if moment.tzinfo is not None:
        raise Damaged(f"not a local time: {local!r}")
    return moment.replace(tzinfo=zone)


MOMENT = Kind(_dump_moment, _load_moment)


# -- parsed content files

SOURCE_REF = record(SourceRef, title=STR, publisher=optional(STR), url=optional(STR))
CLAIM = record(
    Claim, text=STR, verdict=STR, seen_on=STR, date=optional(DATE), url=optional(STR), verdict_line=INT,
    finding=STR,
)
SCHEDULE = record(
    Schedule, start=MOMENT, end=MOMENT, zone=STR, all_day=BOOL, place=STR, address=STR, online=optional(STR),
    organizer=STR, organizer_url=optional(STR), registration=optional(STR), status=STR,
    coordinates=optional(fixed(STR, STR)),
)
DOCUMENT = record(
    Document, kind=STR, key=STR, lang=STR, path=STR, title=STR, slug=STR, body=STR, body_line=INT, summary=STR,
    date=optional(DATE), participants=tuple_of(STR), agenda=tuple_of(STR), tags=tuple_of(STR), draft=BOOL,
    image=optional(STR), image_line=INT, image_alt=STR, sources=tuple_of(SOURCE_REF), slug_line=INT, digest=STR,
    meta_digest=STR, body_digest=STR, text_hash=STR, translated_from=optional(STR), translated_from_line=INT,
    claim=optional(CLAIM), schedule=optional(SCHEDULE), gaps=tuple_of(PROBLEM),
)
PARSED = fixed(optional(DOCUMENT), Kind(lambda value: [PROBLEM.dump(p) for p in value],
                                        lambda data: [PROBLEM.load(p) for p in as_list(data)]))
# a content file as ParsedFiles keeps it: its size, modification time, hash, and what parsing it gave
PARSED_FILE = fixed(INT, INT, STR, PARSED)

# -- rendered Markdown

MARKDOWN_ENTRY = record(
    MarkdownEntry,
    html=STR,
    resolutions=tuple_of(fixed(STR, optional(STR), optional(MESSAGE))),
    findings=tuple_of(fixed(STR, MESSAGE)),
)

# -- where links led (build/incremental.py's Fingerprints.resolutions)


def _dump_resolutions(value: Any) -> list[Any]:
    """(routes digest, {(document path, link): (new, message) or None}) ->
    [digest, [[path, link, new, message] or [path, link], ...]]; an entry that cannot be stored is left out."""
    if type(value) is not tuple or len(value) != 2 or type(value[1]) is not dict:
        raise Unstorable("(digest, dict) expected")
    routes, found = value
    rows = []
    for key, resolution in found.items():
        try:
            row = _PAIR.dump(key)
            if resolution is not None:
                row += _RESOLUTION.dump(resolution)
        except Unstorable:
            continue
        rows.append(row)
    return [STR.dump(routes), rows]


def _load_resolutions(data: Any) -> tuple[str, dict[tuple[str, str], Any]]:
    if type(data) is not list or len(data) != 2:
        raise Damaged("[digest, resolutions] expected")
    routes, found = STR.load(data[0]), {}
    for row in as_list(data[1]):
        if type(row) is not list or len(row) not in (2, 4) or type(row[0]) is not str or type(row[1]) is not str:
            raise Damaged("[path, link] or [path, link, new, message] expected")
        found[row[0], row[1]] = _RESOLUTION.load(row[2:]) if len(row) == 4 else None
    return routes, found


_PAIR = fixed(STR, STR)
_RESOLUTION = fixed(optional(STR), optional(MESSAGE))
RESOLUTIONS = Kind(_dump_resolutions, _load_resolutions)

# Changes whenever a stored type gains, loses or renames a field: goes into the cache's stamp.
LAYOUT = digest(*(
    f"{cls.__name__}:{','.join(field.name for field in dataclasses.fields(cls))}"
    for cls in (Problem, SourceRef, Claim, Schedule, Document, MarkdownEntry)
))[:12]


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def share_image(name: str, raw: bytes) -> bytes:
    """``raw`` when it is a whole PNG file (a JPEG file, for a name ending in .jpg) of 1200x630;
    else :class:`Damaged`."""
    size = _jpeg_size(raw) if name.endswith(".jpg") else _png_size(raw)
    if size != (CARD_WIDTH, CARD_HEIGHT):
        raise Damaged(f"a picture of {size[0]}x{size[1]}, not {CARD_WIDTH}x{CARD_HEIGHT}")
    return raw


def _png_size(raw: bytes) -> tuple[int, int]:
    header = raw[8:33]  # the IHDR chunk: length, type, width, height, five bytes of settings, CRC
    if not (raw.startswith(PNG_SIGNATURE) and raw.endswith(PNG_END) and header[:8] == b"\x00\x00\x00\rIHDR"):
        raise Damaged("not a PNG file")
    if zlib.crc32(header[4:21]) != int.from_bytes(header[21:25], "big"):
        raise Damaged("a damaged PNG header")
    return int.from_bytes(header[8:12], "big"), int.from_bytes(header[12:16], "big")


JPEG_START, JPEG_END = b"\xff\xd8\xff", b"\xff\xd9"
_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # the markers that start a frame (SOF0 to SOF15)


def _jpeg_size(raw: bytes) -> tuple[int, int]:
    """The width and height of a whole JPEG file, from its frame header."""
    if not (raw.startswith(JPEG_START) and raw.endswith(JPEG_END)):
        raise Damaged("not a JPEG file")
    at = 2
    while at + 9 <= len(raw) and raw[at] == 0xFF:
        marker, length = raw[at + 1], int.from_bytes(raw[at + 2 : at + 4], "big")
        if marker in _FRAMES:
            return int.from_bytes(raw[at + 7 : at + 9], "big"), int.from_bytes(raw[at + 5 : at + 7], "big")
        at += 2 + length
    raise Damaged("a JPEG file without a frame header")


def photo_file(name: str, raw: bytes) -> bytes:
    """``raw`` when it is a whole file of the kind its name says (WebP, JPEG or PNG); else :class:`Damaged`."""
    if name.endswith(".webp"):
        whole = raw[:4] == b"RIFF" and raw[8:12] == b"WEBP" and int.from_bytes(raw[4:8], "little") == len(raw) - 8
    elif name.endswith(".jpg"):
        whole = raw.startswith(JPEG_START) and raw.endswith(JPEG_END)
    else:
        whole = raw.startswith(PNG_SIGNATURE) and raw.endswith(PNG_END)
    if not whole:
        raise Damaged(f"not a whole {name.rpartition('.')[2]} file")
    return raw
