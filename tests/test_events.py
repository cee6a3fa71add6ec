"""Events: pages in both languages, times in each zone, JSON-LD, .ics files read by a real parser
(icalendar), the calendar to subscribe to, and the split into upcoming and past by the build's "now"."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from g20site.build.pipeline import Options, build
from g20site.cli import main
from g20site.render.calendars import calendar, escape, fold

from .conftest import copy_site, json_ld, read, snapshot

UTC = datetime.UTC
WEBINAR_ID = "agenda/webinar-contoh/index.html"  # 23:30-00:30 WIT, mixed, both languages
WEBINAR_EN = "en/events/sample-webinar/index.html"
EXHIBITION_ID = "agenda/pameran-contoh/index.html"  # 5-6 April 2022, whole days, WITA
CANCELLED_ID = "agenda/rapat-daring-contoh/index.html"  # 20 May 2022 09:00-11:00 WIB, online, cancelled
BEFORE_ALL = datetime.datetime(2022, 3, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built before all its events, once for the module's tests that only read it."""
    site = copy_site("basic", tmp_path_factory.mktemp("events"))
    build(site, site / "public", Options(jobs=1, now=BEFORE_ALL))
    return site / "public"


def ical(public: Path, rel: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((public / rel).read_bytes())


def events_of(cal: icalendar.Calendar) -> list[Any]:
    return [component for component in cal.walk("VEVENT")]


def test_every_event_has_its_page_and_calendar_file_in_both_languages(public: Path) -> None:
    for rel in [
        "agenda/index.html", WEBINAR_ID, EXHIBITION_ID, CANCELLED_ID,
        "agenda/webinar-contoh/webinar-contoh.ics", "agenda/pameran-contoh/pameran-contoh.ics", "agenda/calendar.ics",
        "en/events/index.html", WEBINAR_EN, "en/events/sample-exhibition/index.html",
        "en/events/sample-webinar/sample-webinar.ics", "en/events/calendar.ics",
    ]:
        assert (public / rel).is_file(), rel
    page = read(public, WEBINAR_ID)
    assert 'href="/g20/en/events/sample-webinar/" hreflang="en"' in page
    assert '<a href="/g20/agenda/webinar-contoh/webinar-contoh.ics" type="text/calendar" download>' in page
    assert '<a href="/g20/agenda/">Agenda</a>' in read(public, "index.html")  # in the menu


def test_times_are_formatted_by_babel_in_the_pages_language_and_zone(public: Path) -> None:
    page = read(public, WEBINAR_ID)
    assert "Kamis, 10 Maret 2022 pukul 23.30 WIT – Jumat, 11 Maret 2022 pukul 00.30 WIT" in page
    # the same moment in the other zones: 22.30 WITA and 21.30 WIB, the same day
    assert "<li>Kamis, 10 Maret 2022 pukul 21.30–22.30 WIB</li>" in page
    assert "<li>Kamis, 10 Maret 2022 pukul 22.30–23.30 WITA</li>" in page
    english = read(public, WEBINAR_EN)
    assert "Thursday, March 10, 2022 at 23:30 WIT – Friday, March 11, 2022 at 00:30 WIT" in english
    assert "<li>Thursday, March 10, 2022 at 22:30\u2009–\u200923:30 WITA</li>" in english  # CLDR's thin spaces
    assert "Jumat, 20 Mei 2022 pukul 09.00–11.00 WIB" in read(public, CANCELLED_ID)
    assert "Selasa, 5 April 2022 – Rabu, 6 April 2022" in read(public, EXHIBITION_ID)
    assert "Tuesday, April 5, 2022 – Wednesday, April 6, 2022" in read(public, "en/events/sample-exhibition/index.html")


def test_event_json_ld_has_offsets_status_attendance_and_location(public: Path) -> None:
    webinar = json_ld(read(public, WEBINAR_ID), "Event")
    assert (webinar["startDate"], webinar["endDate"]) == ("2022-03-10T23:30:00+09:00", "2022-03-11T00:30:00+09:00")
    start = datetime.datetime.fromisoformat(webinar["startDate"])
    assert start.astimezone(UTC) == datetime.datetime(2022, 3, 10, 14, 30, tzinfo=UTC)  # the same day in UTC
    assert webinar["eventStatus"] == "https://schema.org/EventScheduled"
    assert webinar["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in webinar["location"]] == ["Place", "VirtualLocation"]
    assert webinar["location"][0]["address"] == "Jalan Contoh 1, Jayapura"
    assert webinar["organizer"] == {"@type": "Organization", "name": "Biro Humas Contoh",
                                    "url": "https://example.org/humas"}
    assert webinar["inLanguage"] == "id" and webinar["url"] == "https://example.go.id/g20/agenda/webinar-contoh/"
    cancelled = json_ld(read(public, CANCELLED_ID), "Event")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert cancelled["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert cancelled["location"] == {"@type": "VirtualLocation", "url": "https://video.example/rapat"}
    exhibition = json_ld(read(public, EXHIBITION_ID), "Event")
    assert (exhibition["startDate"], exhibition["endDate"]) == ("2022-04-05", "2022-04-06")
    assert exhibition["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_an_events_ics_file_is_read_right_by_icalendar(public: Path) -> None:
    cal = ical(public, "agenda/webinar-contoh/webinar-contoh.ics")
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    (event,) = events_of(cal)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.astimezone(UTC) == datetime.datetime(2022, 3, 10, 14, 30, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime.datetime(2022, 3, 10, 15, 30, tzinfo=UTC)
    wita = datetime.timezone(datetime.timedelta(hours=8))
    assert start.astimezone(wita).replace(tzinfo=None) == datetime.datetime(2022, 3, 10, 22, 30)
    assert str(event["SUMMARY"]) == "Webinar Contoh dari Jayapura"
    assert str(event["LOCATION"]) == "Aula Contoh, Jayapura, Jalan Contoh 1, Jayapura"  # commas unescaped again
    assert str(event["URL"]) == "https://example.go.id/g20/agenda/webinar-contoh/"
    assert str(event["STATUS"]) == "CONFIRMED"
    english = events_of(ical(public, "en/events/sample-webinar/sample-webinar.ics"))[0]
    assert str(english["UID"]) == str(event["UID"]) == "g20.webinar-contoh@example.go.id"  # one event, two languages
    assert str(english["SUMMARY"]) == "Sample Webinar from Jayapura"
    zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert zones == ["Asia/Jayapura"]


def test_a_whole_day_event_is_dates_and_text_is_escaped(public: Path) -> None:
    raw = (public / "en/events/sample-exhibition/sample-exhibition.ics").read_bytes()
    assert b"DTSTART;VALUE=DATE:20220405\r\n" in raw and b"DTEND;VALUE=DATE:20220407\r\n" in raw  # end: the day after
    assert b"a semicolon\\, a comma and a \\\\ backslash" in raw.replace(b"\r\n ", b"")
    (event,) = events_of(icalendar.Calendar.from_ical(raw))
    assert event.decoded("DTSTART") == datetime.date(2022, 4, 5)
    assert event.decoded("DTEND") == datetime.date(2022, 4, 7)
    description = str(event["DESCRIPTION"])
    assert description.startswith("A sample exhibition over two whole days; with a semicolon, a comma "
                                   "and a \\ backslash.")
    assert description.endswith("\n\nhttps://example.go.id/g20/en/events/sample-exhibition/")
    assert not list(icalendar.Calendar.from_ical(raw).walk("VTIMEZONE"))


def test_every_calendar_file_has_crlf_lines_of_at_most_75_octets(public: Path) -> None:
    files = sorted(public.rglob("*.ics"))
    assert len(files) == 8  # 3 + 3 events, and a calendar per language
    for file in files:
        raw = file.read_bytes()
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), file
        for line in raw.split(b"\r\n")[:-1]:
            assert len(line) <= 75, (file, line)
            line.decode("utf-8")  # never cut inside a character


def test_each_language_has_a_calendar_of_all_its_events(public: Path) -> None:
    for rel, lang, names in [
        ("agenda/calendar.ics", "id", ["Webinar Contoh dari Jayapura", "Pameran Contoh di Nusa Dua",
                                       "Rapat Daring Contoh"]),
        ("en/events/calendar.ics", "en", ["Sample Webinar from Jayapura", "Sample Exhibition in Nusa Dua",
                                          "Sample Online Meeting"]),
    ]:
        raw = (public / rel).read_bytes()
        cal = icalendar.Calendar.from_ical(raw)
        events = events_of(cal)
        assert [str(e["SUMMARY"]) for e in events] == names  # by start time
        assert len({str(e["UID"]) for e in events}) == 3
        assert str(cal["X-WR-CALNAME"]).startswith(("Agenda | ", "Events | "))
        assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in raw
        assert f"SUMMARY;LANGUAGE={lang}:".encode() in raw
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta", "Asia/Jayapura"]
        assert str(events[2]["STATUS"]) == "CANCELLED"
    page = read(public, "agenda/index.html")
    assert '<link rel="alternate" type="text/calendar"' in page
    assert "<code>https://example.go.id/g20/agenda/calendar.ics</code>" in page
    assert 'href="webcal://example.go.id/g20/agenda/calendar.ics"' in page


def test_dtstamp_comes_from_the_content_or_source_date_epoch(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(site, site / "plain", Options(jobs=1, use_cache=False, now=BEFORE_ALL))
    event = events_of(ical(site / "plain", "agenda/webinar-contoh/webinar-contoh.ics"))[0]
    assert event.decoded("DTSTAMP") == datetime.datetime(2022, 3, 10, 14, 30, tzinfo=UTC)  # its start
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1650000000")
    build(site, site / "epoch", Options(jobs=1, now=BEFORE_ALL))
    event = events_of(ical(site / "epoch", "agenda/webinar-contoh/webinar-contoh.ics"))[0]
    assert event.decoded("DTSTAMP") == datetime.datetime.fromtimestamp(1650000000, UTC)


def section_titles(html: str) -> dict[str, list[str]]:
    """The event titles under each heading of a list page."""
    found: dict[str, list[str]] = {}
    for part in re.split(r'<h2 id="', html)[1:]:
        name = part.split('"', 1)[0]
        found[name] = re.findall(r'<h3 class="entry-title"><a href="[^"]+">([^<]+)</a>', part)
    return found


def cli_build(site: Path, output: str, *args: str) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--output", str(site / output), *args])
    assert result.exit_code == 0, result.output


def test_now_splits_upcoming_and_past(site: Path) -> None:
    cli_build(site, "april", "--now", "2022-04-01T00:00")
    lists = section_titles(read(site / "april", "agenda/index.html"))
    assert lists["upcoming-events"] == ["Pameran Contoh di Nusa Dua", "Rapat Daring Contoh"]  # soonest first
    assert lists["past-events"] == ["Webinar Contoh dari Jayapura"]
    assert "Sudah berlangsung" in read(site / "april", WEBINAR_ID)
    cli_build(site, "june", "--now", "2022-06-01T00:00")
    lists = section_titles(read(site / "june", "en/events/index.html"))
    assert lists["past-events"] == ["Sample Online Meeting", "Sample Exhibition in Nusa Dua",
                                    "Sample Webinar from Jayapura"]  # latest first
    assert "No upcoming events have been announced yet." in read(site / "june", "en/events/index.html")
    assert "Upcoming events" not in read(site / "june", "en/index.html")  # the home page lists only coming ones
    assert "Sample Exhibition in Nusa Dua" in read(site / "april", "en/index.html")


def test_now_is_read_in_the_sites_offset_unless_it_names_its_own(site: Path) -> None:
    cli_build(site, "wib", "--now", "2022-03-10T21:45")  # 21:45 WIB (site.yaml: +07:00) is 23:45 WIT
    assert "Sedang berlangsung" in read(site / "wib", WEBINAR_ID)
    cli_build(site, "utc", "--now", "2022-03-10T21:45Z")  # 06:45 WIT the next morning: over
    assert "Sudah berlangsung" in read(site / "utc", WEBINAR_ID)
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--now", "10 March 2022"])
    assert result.exit_code == 2 and "is not a date and time (use YYYY-MM-DDTHH:MM" in result.output
    check = CliRunner().invoke(main, ["check", "--source", str(site), "--now", "2022-03-10T21:45"])
    assert check.exit_code == 0, check.output


def test_source_date_epoch_is_now_when_there_is_no_now_option(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(2022, 4, 1, tzinfo=UTC).timestamp())))
    cli_build(site, "epoch")
    lists = section_titles(read(site / "epoch", "agenda/index.html"))
    assert lists["past-events"] == ["Webinar Contoh dari Jayapura"]
    cli_build(site, "later", "--now", "2022-06-01T00:00")  # --now wins over SOURCE_DATE_EPOCH
    assert "upcoming-events" in section_titles(read(site / "later", "agenda/index.html"))
    assert "Belum ada agenda mendatang" in read(site / "later", "agenda/index.html")


def test_same_input_and_now_give_identical_output_and_the_cache_follows_now(site: Path) -> None:
    april = datetime.datetime(2022, 4, 1, tzinfo=UTC)
    june = datetime.datetime(2022, 6, 1, tzinfo=UTC)
    build(site, site / "a", Options(jobs=1, use_cache=False, now=april))
    build(site, site / "b", Options(jobs=1, use_cache=False, now=april))
    assert snapshot(site / "a") == snapshot(site / "b")
    build(site, site / "warm", Options(jobs=1, now=april))
    again = build(site, site / "warm", Options(jobs=1, now=datetime.datetime(2022, 4, 2, tzinfo=UTC)))
    assert again.rendered == 0  # no event started or ended in between: nothing to do
    later = build(site, site / "warm", Options(jobs=1, now=june))  # two events are over now
    build(site, site / "cold", Options(jobs=1, use_cache=False, now=june))
    assert snapshot(site / "warm") == snapshot(site / "cold")
    assert 0 < later.rendered < 30


def test_without_events_in_a_language_that_language_has_no_events_section(site: Path) -> None:
    for name in ("webinar-contoh", "pameran-contoh", "rapat-daring-contoh"):
        (site / f"content/events/{name}.en.md").unlink()
    result = build(site, site / "public", Options(jobs=1, now=BEFORE_ALL))
    public = site / "public"
    assert not (public / "en/events").exists()
    assert '/g20/en/events/' not in read(public, "en/index.html")
    assert (public / "agenda/calendar.ics").is_file()
    # an Indonesian event page leads English readers to the English home page, not to a missing list
    assert 'href="/g20/en/" hreflang="en"' in read(public, WEBINAR_ID)
    assert "en/events" not in read(public, "sitemap.xml")
    assert any("has no English translation" in str(p) for p in result.warnings)


def test_without_any_event_the_section_does_not_exist_and_links_to_it_are_errors(site: Path) -> None:
    shutil.rmtree(site / "content/events")
    build(site, site / "public", Options(jobs=1))
    public = site / "public"
    assert not (public / "agenda").exists() and not (public / "en/events").exists()
    assert "/g20/agenda/" not in read(public, "index.html")  # not in the menu
    assert "agenda" not in read(public, "sitemap.xml")
    about = site / "content/pages/about.id.md"
    about.write_text(about.read_text("utf-8") + "\nLihat [agenda](/agenda/).\n", "utf-8")
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert result.exit_code == 1
    assert ('content/pages/about.id.md:8: link "/agenda/" leads nowhere: this site has no page or file /agenda/'
            in result.output.splitlines())


def test_fold_cuts_between_characters_and_escape_handles_the_special_ones() -> None:
    line = "DESCRIPTION:" + "Bahasa Indonesia dan العربية " * 6
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if n else part for n, part in enumerate(parts)) == line
    assert fold("SHORT:x") == "SHORT:x"
    assert escape('a\\b;c,d\ne') == "a\\\\b\\;c\\,d\\ne"
    assert calendar("Kosong", "id", []).startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
