"""The front matter that only fact checks and events have -> Claim, Schedule, plus problems.

Pure: ``load.py`` hands over the parsed front matter (with the line of
every key), these functions validate it and say what to write instead.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ..errors import Problem
from ..messages import N_, Message
from . import schema
from .model import EVENT, FACT_CHECK, STATUSES, ZONES, Claim, Document, Schedule, zone
from .settings import SiteConfig
from .sources import Data

CLAIM_FIELDS = ("claim", "claim_seen_on", "claim_date", "claim_url", "verdict", "finding")
EVENT_FIELDS = ("start", "end", "all_day", "timezone", "place", "address", "coordinates", "online", "organizer",
                "organizer_url", "registration", "status")
_MOMENT = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})(?:[ T](?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?$")
_COORDINATES = re.compile(r"^(?P<latitude>[-+]?\d{1,3}(?:\.\d+)?)\s*,\s*(?P<longitude>[-+]?\d{1,3}(?:\.\d+)?)$")
_FORMAT = N_("use YYYY-MM-DD HH:MM, e.g. 2022-11-15 09:00, or YYYY-MM-DD for a whole day")
SECTIONS = {FACT_CHECK: ("fact_checks", "fact-checks"), EVENT: ("events", "events")}  # section and folder


def read_claim(data: Data, front: dict[str, Any], problems: list[Problem], missing: list[Problem]) -> Claim | None:
    """The claim and its verdict; a field it lacks is said in ``missing`` (``problems``, or a draft's gaps)."""
    text = schema.text(data, ("claim",), front.get("claim"), problems, required=True, missing=missing)
    verdict = schema.text(data, ("verdict",), front.get("verdict"), problems, required=True, missing=missing)
    seen_on = schema.text(data, ("claim_seen_on",), front.get("claim_seen_on"), problems)
    given = front.get("claim_date") not in (None, "")  # an empty line is no date, as for every optional field
    day = schema.date(data, ("claim_date",), front["claim_date"], problems) if given else None
    url = schema.url(data, ("claim_url",), front.get("claim_url"), problems)
    finding = schema.text(data, ("finding",), front.get("finding"), problems, most=schema.TITLE)
    if text is None or verdict is None:
        return None
    return Claim(text, verdict, seen_on or "", day, url, data.line("verdict"), finding or "")


def read_schedule(
    data: Data, front: dict[str, Any], problems: list[Problem], missing: list[Problem]
) -> Schedule | None:
    """When (start, end, timezone, all_day), where (place, address, online) and who (organizer); a field
    it lacks is said in ``missing`` (``problems``, or a draft's gaps)."""
    before = len(problems)
    zone_name = _zone(data, front.get("timezone"), problems, missing)
    start = _moment(data, "start", front.get("start"), problems, missing)
    end = _moment(data, "end", front.get("end"), problems, None)
    all_day = schema.boolean(data, ("all_day",), front.get("all_day"), problems)
    place = schema.text(data, ("place",), front.get("place"), problems) or ""
    online = schema.url(data, ("online",), front.get("online"), problems)
    if front.get("place") in (None, "") and front.get("online") in (None, ""):
        missing.append(data.problem(("place",), Message("place: is missing; write where the event is held (place), "
                                                "a link to follow it online (online), or both")))
    status = schema.text(data, ("status",), front.get("status", "scheduled"), problems)
    if status is not None and status not in STATUSES:
        message = Message('status: "{value}" is not an event status (use one of {choices}){hint}').format(
            value=status, choices=", ".join(STATUSES), hint=schema.did_you_mean(status, STATUSES))
        problems.append(data.problem(("status",), message))
    fields = dict(
        place=place,
        address=schema.text(data, ("address",), front.get("address"), problems) or "",
        coordinates=_coordinates(data, front.get("coordinates"), problems),
        online=online,
        organizer=schema.text(data, ("organizer",), front.get("organizer"), problems) or "",
        organizer_url=schema.url(data, ("organizer_url",), front.get("organizer_url"), problems),
        registration=schema.url(data, ("registration",), front.get("registration"), problems),
        status=status or "scheduled",
    )
    if len(problems) > before or zone_name is None or start is None:
        return None
    span = _span(data, start, end, all_day, zone_name, problems, missing)
    if span is None:
        return None
    return Schedule(span[0], span[1], zone_name, span[2], **fields)  # type: ignore[arg-type]


def _zone(data: Data, value: Any, problems: list[Problem], missing: list[Problem]) -> str | None:
    name = schema.text(data, ("timezone",), value, problems)
    if name is None:
        told = missing if value in (None, "") else problems
        told.append(data.problem(("timezone",), Message("timezone: is missing; write WIB, WITA or WIT")))
        return None
    if name.upper() in ZONES:
        return name.upper()
    problems.append(data.problem(
        ("timezone",),
        Message('timezone: "{value}" is not a time zone of Indonesia (use WIB for UTC+7, WITA for UTC+8, '
          "WIT for UTC+9){hint}").format(value=name, hint=schema.did_you_mean(name.upper(), ZONES)),
    ))
    return None


def _coordinates(data: Data, value: Any, problems: list[Problem]) -> tuple[str, str] | None:
    """Latitude and longitude as a map shows them, ``-8.7995, 115.2340``: both in degrees, as written."""
    written = schema.text(data, ("coordinates",), value, problems)
    if written is None:
        return None
    match = _COORDINATES.match(written)
    if match is None:
        problems.append(data.problem(("coordinates",), Message(
            'coordinates: "{value}" are not coordinates; write the latitude, a comma and the longitude, in '
            "degrees as a map shows them, e.g. coordinates: -8.7995, 115.2340").format(value=written)))
        return None
    latitude, longitude = match["latitude"].lstrip("+"), match["longitude"].lstrip("+")
    if abs(float(latitude)) > 90 or abs(float(longitude)) > 180:
        problems.append(data.problem(("coordinates",), Message(
            'coordinates: "{value}" is not a place on the map; the latitude comes first, between -90 and 90, '
            "then the longitude, between -180 and 180").format(value=written)))
        return None
    return latitude, longitude


Moment = tuple[datetime.date, datetime.time | None]  # a day, and the time of day unless it is a whole day


def _moment(data: Data, key: str, value: Any, problems: list[Problem], missing: list[Problem] | None) -> Moment | None:
    """The moment ``key`` gives; when it is missing, said in ``missing`` unless that is None (not required)."""
    if value is None:
        if missing is not None:
            missing.append(data.problem((key,),
                Message("{key}: is missing; {hint}").format(key=key, hint=Message(_FORMAT))))
        return None
    shown = value if isinstance(value, str) else repr(value)
    match = _MOMENT.match(value.strip()) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        day = datetime.date.fromisoformat(match["day"])
        time = datetime.time(int(match["hour"]), int(match["minute"])) if match["hour"] else None
    except ValueError:
        problems.append(data.problem((key,), Message('{key}: "{value}" is not a date and time ({hint})').format(
            key=key, value=shown, hint=Message(_FORMAT))))
        return None
    return day, time


def _span(
    data: Data, start: Moment, end: Moment | None, all_day: bool, zone_name: str, problems: list[Problem],
    missing: list[Problem],
) -> tuple[datetime.datetime, datetime.datetime, bool] | None:
    """Start and end as aware moments in the zone, and whether it is a whole-day event."""
    whole = start[1] is None
    if all_day and not whole:
        problems.append(data.problem(("start",), Message("start: a whole-day event (all_day: true) has dates without "
                                                   "times; write e.g. start: 2022-11-15")))
        return None
    if end is None:
        if not whole:  # said at the line "end:" when the file has it, else at "start:"
            where = ("end",) if ("end",) in data.lines else ("start",)
            missing.append(data.problem(where,
                Message("{key}: is missing; {hint}").format(key="end", hint=Message(_FORMAT))))
            return None
        end = start
    if (end[1] is None) != whole:
        problems.append(data.problem(("end",), Message("end: give start and end both with a time, or both without "
                                                 "(a whole-day event)")))
        return None
    if (end[0], end[1] or datetime.time()) < (start[0], start[1] or datetime.time()) or end == start and not whole:
        message = (
            Message("end: {end} is the same as the start ({start}); the event must end after it starts") if end == start
            else Message("end: {end} is before the start ({start}); the event must end after it starts")
        )
        problems.append(data.problem(("end",), message.format(end=_shown(end), start=_shown(start))))
        return None
    tz = zone(zone_name)
    begins = datetime.datetime.combine(start[0], start[1] or datetime.time(), tz)
    ends = datetime.datetime.combine(end[0], end[1] or datetime.time(), tz)
    if whole:
        ends += datetime.timedelta(days=1)  # the midnight after the last day
    return begins, ends, whole


def _shown(moment: Moment) -> str:
    day, time = moment
    return f"{day.isoformat()} {time.strftime('%H:%M')}" if time else day.isoformat()


def check_entries(config: SiteConfig, documents: list[Document], problems: list[Problem]) -> list[Document]:
    """What needs site.yaml: a fact check's verdict is one of its verdicts, and fact checks and
    events have their section's names. The documents that pass; a problem for each that does not."""
    kinds = {d.kind for d in documents}
    unplaced = {kind for kind, (section, _) in SECTIONS.items() if kind in kinds and section not in config.sections}
    for kind in sorted(unplaced):
        section, folder = SECTIONS[kind]
        message = Message("sections.{section}: is missing, and content/{folder}/ has entries; "
                    "give it a name and slug per language").format(section=section, folder=folder)
        problems.append(Problem("content/site.yaml", config.section_lines.get(section), message))
    kept = []
    for doc in documents:
        if doc.claim is not None and config.verdict(doc.claim.verdict) is None:
            problems.append(Problem(doc.path, doc.claim.verdict_line, _unknown_verdict(config, doc.claim.verdict)))
        elif doc.kind not in unplaced:
            kept.append(doc)
    return kept


def _unknown_verdict(config: SiteConfig, verdict: str) -> Message:
    keys = [v.key for v in config.verdicts]
    if not keys:
        return Message('verdict: "{value}" cannot be checked: site.yaml lists no verdicts; '
                       "add them under verdicts").format(value=verdict)
    return Message('verdict: "{value}" is not a verdict in site.yaml (use one of {choices}){hint}').format(
        value=verdict, choices=", ".join(keys), hint=schema.did_you_mean(verdict, keys))
