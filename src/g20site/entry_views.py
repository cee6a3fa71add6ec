"""What templates see of a fact check's claim and of an event's schedule, in one language.

Frozen views built from the model, like those of ``pages.py``: the
verdict with its name in the page's language, and an event's time in its
own zone and in Indonesia's other zones, with its state (upcoming,
ongoing or past) at the build's "now".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .config import SiteConfig
from .model import ONGOING, PAST, ZONES, Claim, Schedule, zone


@dataclass(frozen=True)
class VerdictView:
    key: str
    name: str
    description: str
    style: str  # wrong, misleading, unproven or correct: the look of the label


@dataclass(frozen=True)
class ClaimView:
    text: str
    seen_on: str
    date: datetime.date | None
    url: str | None
    verdict: VerdictView


@dataclass(frozen=True)
class Moment:
    """An event's time in one zone: from ``start`` to ``end`` (aware, in that zone)."""

    start: datetime.datetime
    end: datetime.datetime
    zone: str
    all_day: bool

    @property
    def last_day(self) -> datetime.date:
        return (self.end - datetime.timedelta(days=1)).date() if self.all_day else self.end.date()

    @property
    def single_day(self) -> bool:
        return self.start.date() == self.last_day


@dataclass(frozen=True)
class EventView:
    when: Moment
    elsewhere: tuple[Moment, ...]  # the same time in Indonesia's other zones (not for whole-day events)
    state: str  # upcoming, ongoing or past
    status: str  # scheduled, cancelled, postponed, rescheduled or moved_online
    attendance: str  # offline, online or mixed
    place: str
    address: str
    online: str | None
    organizer: str
    organizer_url: str | None
    registration: str | None
    calendar_url: str  # its .ics file

    @property
    def past(self) -> bool:
        return self.state == PAST

    @property
    def ongoing(self) -> bool:
        return self.state == ONGOING


def claim_view(config: SiteConfig, claim: Claim, lang: str) -> ClaimView:
    verdict = config.verdict(claim.verdict)
    assert verdict is not None, "load.py drops fact checks with an unknown verdict"
    shown = VerdictView(verdict.key, verdict.name[lang], verdict.description.get(lang, ""), verdict.style)
    return ClaimView(claim.text, claim.seen_on, claim.date, claim.url, shown)


def event_view(schedule: Schedule, now: datetime.datetime, calendar_url: str) -> EventView:
    when = Moment(schedule.start, schedule.end, schedule.zone, schedule.all_day)
    elsewhere = () if schedule.all_day else tuple(
        Moment(schedule.start.astimezone(zone(name)), schedule.end.astimezone(zone(name)), name, False)
        for name in ZONES if name != schedule.zone
    )
    return EventView(
        when, elsewhere, schedule.state(now), schedule.status, schedule.attendance, schedule.place,
        schedule.address, schedule.online, schedule.organizer, schedule.organizer_url, schedule.registration,
        calendar_url,
    )
