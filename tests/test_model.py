"""The frozen model: the order of lists, translations by key, and an event's time, with no files."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from g20site.load.languages import Language
from g20site.load.model import FACT_CHECK, MEETING, ONGOING, PAGE, PAST, UPCOMING, Document, Schedule, Site, zone
from g20site.load.settings import SiteConfig

CONFIG = SiteConfig(
    "https://example.go.id/",
    (Language("id", "id_ID", "Indonesia", "ltr", "Situs", ""), Language("en", "en_US", "English", "ltr", "Site", "")),
    {},
)
WIT = zone("WIT")


def doc(kind: str, key: str, lang: str, date: datetime.date | None = None) -> Document:
    return Document(kind, key, lang, f"content/x/{key}.{lang}.md", key, key, date=date)


def site_of(*documents: Document) -> Site:
    return Site(Path("/site"), CONFIG, {}, (), documents)


def keys(documents: list[Document]) -> list[str]:
    return [d.key for d in documents]


# -- lists


def test_meetings_are_newest_first_in_one_language() -> None:
    found = site_of(
        doc(MEETING, "a", "id", datetime.date(2022, 1, 18)),
        doc(MEETING, "b", "id", datetime.date(2022, 3, 5)),
        doc(MEETING, "c", "id", datetime.date(2022, 2, 1)),
        doc(MEETING, "d", "en", datetime.date(2022, 4, 1)),
        doc(FACT_CHECK, "e", "id", datetime.date(2022, 4, 1)),
    ).meetings("id")
    assert keys(found) == ["b", "c", "a"]


def test_meetings_of_one_day_are_ordered_by_key_the_last_first() -> None:
    day = datetime.date(2022, 1, 18)
    found = site_of(doc(MEETING, "2022-01-18-b", "id", day), doc(MEETING, "2022-01-18-c", "id", day),
                 doc(MEETING, "2022-01-18-a", "id", day)).meetings("id")
    assert keys(found) == ["2022-01-18-c", "2022-01-18-b", "2022-01-18-a"]


def test_fact_checks_are_newest_first_and_those_of_one_day_the_last_key_first() -> None:
    found = site_of(
        doc(FACT_CHECK, "a", "en", datetime.date(2022, 2, 10)),
        doc(FACT_CHECK, "b", "en", datetime.date(2022, 2, 12)),
        doc(FACT_CHECK, "c", "en", datetime.date(2022, 2, 10)),
        doc(MEETING, "d", "en", datetime.date(2022, 3, 1)),
    ).fact_checks("en")
    assert keys(found) == ["b", "c", "a"]


# -- translations


def test_translations_are_the_documents_of_one_kind_and_key_by_language() -> None:
    note_id, note_en = doc(MEETING, "2022-01-18-x", "id"), doc(MEETING, "2022-01-18-x", "en")
    other = doc(MEETING, "2022-01-19-y", "en")
    same_key_other_kind = doc(PAGE, "2022-01-18-x", "en")
    model = site_of(note_id, note_en, other, same_key_other_kind)
    assert model.translations(note_id) == {"id": note_id, "en": note_en}
    assert model.translations(note_en) == {"id": note_id, "en": note_en}
    assert model.translations(other) == {"en": other}
    assert model.translations(same_key_other_kind) == {"en": same_key_other_kind}


def test_a_document_outside_the_site_has_no_translations() -> None:
    assert site_of(doc(MEETING, "a", "id")).translations(doc(MEETING, "b", "id")) == {}


# -- an event's time


def schedule(start: datetime.datetime, end: datetime.datetime, **fields: Any) -> Schedule:
    return Schedule(start, end, "WIT", **fields)


WEBINAR = schedule(  # 23:30 to 00:30 the next day, WIT (UTC+9)
    datetime.datetime(2022, 3, 10, 23, 30, tzinfo=WIT), datetime.datetime(2022, 3, 11, 0, 30, tzinfo=WIT)
)
MINUTE = datetime.timedelta(minutes=1)


def test_an_event_is_upcoming_until_it_starts() -> None:
    assert WEBINAR.state(WEBINAR.start - MINUTE) == UPCOMING


def test_an_event_is_ongoing_from_its_start() -> None:
    assert WEBINAR.state(WEBINAR.start) == ONGOING
    assert WEBINAR.state(WEBINAR.end - MINUTE) == ONGOING


def test_an_event_is_past_from_its_end() -> None:
    assert WEBINAR.state(WEBINAR.end) == PAST


def test_the_state_compares_moments_not_clock_readings() -> None:
    # 23:30 WIT is 14:30 UTC: the webinar has started at 15:00 UTC.
    assert WEBINAR.state(datetime.datetime(2022, 3, 10, 15, 0, tzinfo=datetime.UTC)) == ONGOING
    assert WEBINAR.state(datetime.datetime(2022, 3, 10, 14, 0, tzinfo=datetime.UTC)) == UPCOMING


def test_the_last_day_of_a_whole_day_event_is_the_day_before_its_end() -> None:
    # 5 and 6 April: the end is the midnight after the last day.
    fair = schedule(datetime.datetime(2022, 4, 5, tzinfo=WIT), datetime.datetime(2022, 4, 7, tzinfo=WIT), all_day=True)
    assert fair.last_day == datetime.date(2022, 4, 6)
    one_day = schedule(datetime.datetime(2022, 4, 5, tzinfo=WIT), datetime.datetime(2022, 4, 6, tzinfo=WIT),
                       all_day=True)
    assert one_day.last_day == datetime.date(2022, 4, 5)


def test_the_last_day_of_a_timed_event_is_the_day_it_ends() -> None:
    assert WEBINAR.last_day == datetime.date(2022, 3, 11)


def test_attendance_follows_place_and_online_link() -> None:
    start, end = WEBINAR.start, WEBINAR.end
    assert schedule(start, end, place="Jayapura").attendance == "offline"
    assert schedule(start, end, online="https://video.example/rapat").attendance == "online"
    assert schedule(start, end, place="Jayapura", online="https://video.example/rapat").attendance == "mixed"
