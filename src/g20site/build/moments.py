"""The build's moments: SOURCE_DATE_EPOCH, the clock, and the "now" that splits events into upcoming and past."""

from __future__ import annotations

import datetime
import os

LATEST = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)  # SOURCE_DATE_EPOCH beyond it cannot be a date


def source_date() -> datetime.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a moment, when it is set; ValueError when it is not a number of seconds
    since 1970 that a date can hold (the reproducible-builds specification asks a build to stop then)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isdigit() or int(epoch) > LATEST.timestamp():
        raise ValueError(epoch)
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)


def current_time(
    now: datetime.datetime | None, utc_offset: str, stamp: datetime.datetime | None
) -> datetime.datetime:
    """The build's "now", which splits events into upcoming and past: ``--now`` when given (in
    ``utc_offset`` unless it names its own), else ``stamp`` (SOURCE_DATE_EPOCH) when set, else the clock.
    Only that split depends on it: two builds of the same content give the same bytes unless an
    event started or ended between them."""
    if now is not None and now.tzinfo is None:
        sign = -1 if utc_offset.startswith("-") else 1
        hours, minutes = (int(part) for part in utc_offset[1:].split(":"))
        now = now.replace(tzinfo=datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes)))
    return now or stamp or clock()


def clock() -> datetime.datetime:
    """The moment, in UTC."""
    return datetime.datetime.now(datetime.UTC)
