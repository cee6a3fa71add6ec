"""Bad fact checks, events and their settings: exit 1 with `path:line: message`, public/ untouched."""

from __future__ import annotations

from pathlib import Path

from .conftest import assert_refused, line_of, replace_in, run, state

CHECK = "content/fact-checks/2022-02-10-klaim-contoh.en.md"
EVENT = "content/events/webinar-contoh.en.md"
SETTINGS = "content/site.yaml"


def test_unknown_verdict(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, CHECK, "verdict: hoaks", "verdict: hoax")
    result = run(site)
    assert_refused(site, before, result, f'{CHECK}:{line_of(text, "verdict:")}: verdict: "hoax" is not a verdict '
                                         "in site.yaml (use one of hoaks, misinformasi, benar) (did you mean hoaks?)")


def test_missing_claim(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    replace_in(site, CHECK, 'claim: "The test site closes tomorrow, pass it on!"\n', "")
    result = run(site)
    assert_refused(site, before, result, f"{CHECK}:2: claim: is missing; add a line claim: with its text")


def test_unknown_label_style_in_settings(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, SETTINGS, "style: correct", "style: green")
    result = run(site)
    assert_refused(site, before, result, f'{SETTINGS}:{line_of(text, "style: green")}: verdicts.benar.style: "green" '
                                         "is not a label style (use one of wrong, misleading, unproven, correct)")


def test_verdict_without_a_name_in_a_language(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, SETTINGS, '    en: "True"\n', "")
    result = run(site)
    line = line_of(text, "  benar:")
    assert_refused(site, before, result, f"{SETTINGS}:{line}: verdicts.benar.en: is missing; "
                                         "write its name in this language")


def test_bad_time_zone(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, EVENT, "timezone: WIT", "timezone: WST")
    result = run(site)
    assert_refused(site, before, result, f'{EVENT}:{line_of(text, "timezone:")}: timezone: "WST" is not a time zone '
                                         "of Indonesia (use WIB for UTC+7, WITA for UTC+8, WIT for UTC+9) "
                                         "(did you mean WIT?)")


def test_end_before_start(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, EVENT, "end: 2022-03-11 00:30", "end: 2022-03-10 23:00")
    result = run(site)
    assert_refused(site, before, result, f"{EVENT}:{line_of(text, 'end:')}: end: 2022-03-10 23:00 is before the "
                                         "start (2022-03-10 23:30); the event must end after it starts")


def test_whole_day_event_ending_before_it_starts(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    rel = "content/events/pameran-contoh.en.md"
    text = replace_in(site, rel, "end: 2022-04-06", "end: 2022-04-04")
    result = run(site)
    assert_refused(site, before, result, f"{rel}:{line_of(text, 'end:')}: end: 2022-04-04 is before the start "
                                         "(2022-04-05); the event must end after it starts")


def test_start_that_is_not_a_time(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, EVENT, "start: 2022-03-10 23:30", "start: 2022-03-10 24:30")
    result = run(site)
    assert_refused(site, before, result, f'{EVENT}:{line_of(text, "start:")}: start: "2022-03-10 24:30" is not a '
                                         "date and time (use YYYY-MM-DD HH:MM, e.g. 2022-11-15 09:00, "
                                         "or YYYY-MM-DD for a whole day)")


def test_times_on_a_whole_day_event(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    rel = "content/events/pameran-contoh.id.md"
    text = replace_in(site, rel, "start: 2022-04-05\nend: 2022-04-06", "start: 2022-04-05 10:00\nend: 2022-04-06 12:00")
    result = run(site)
    assert_refused(site, before, result, f"{rel}:{line_of(text, 'start:')}: start: a whole-day event (all_day: true) "
                                         "has dates without times; write e.g. start: 2022-11-15")


def test_event_with_neither_place_nor_link(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    rel = "content/events/rapat-daring-contoh.en.md"
    replace_in(site, rel, "online: https://video.example/rapat\n", "")
    result = run(site)
    assert_refused(site, before, result, f"{rel}:2: place: is missing; write where the event is held (place), "
                                         "a link to follow it online (online), or both")


def test_unknown_event_status(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    rel = "content/events/rapat-daring-contoh.en.md"
    text = replace_in(site, rel, "status: cancelled", "status: canceled")
    result = run(site)
    assert_refused(site, before, result, f'{rel}:{line_of(text, "status:")}: status: "canceled" is not an event '
                                         "status (use one of scheduled, cancelled, postponed, rescheduled, "
                                         "moved_online) (did you mean cancelled?)")


def test_entries_without_their_section_in_settings(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    names = "  events:\n    id: {name: Agenda, slug: agenda}\n    en: {name: Events, slug: events}\n"
    replace_in(site, SETTINGS, names, "")
    text = replace_in(site, SETTINGS, "  - section: events\n", "")
    result = run(site)
    line = line_of(text, "sections:")  # where it goes
    assert_refused(site, before, result, f"{SETTINGS}:{line}: sections.events: is missing, and content/events/ has "
                                         "entries; give it a name and slug per language")


def test_a_menu_section_without_names(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, SETTINGS, "  fact_checks:\n    id: {name: Cek Fakta, slug: cek-fakta}\n"
                      "    en: {name: Fact Check, slug: fact-check}\n", "")
    result = run(site)
    line = line_of(text, "- section: fact_checks")
    assert_refused(site, before, result, f'{SETTINGS}:{line}: menu: section "fact_checks" has no names; '
                                         "add it under sections with a name and slug per language")


def test_every_problem_is_reported_in_one_run(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    check = replace_in(site, CHECK, "verdict: hoaks", "verdict: palsu")
    event = replace_in(site, EVENT, "timezone: WIT", "timezone: CET")
    result = run(site)
    assert_refused(
        site, before, result,
        f'{CHECK}:{line_of(check, "verdict:")}: verdict: "palsu" is not a verdict in site.yaml '
        "(use one of hoaks, misinformasi, benar)",
        f'{EVENT}:{line_of(event, "timezone:")}: timezone: "CET" is not a time zone of Indonesia '
        "(use WIB for UTC+7, WITA for UTC+8, WIT for UTC+9)",
    )


def test_a_fact_check_needs_a_source_with_a_link(built_site: Path) -> None:
    site, before = built_site, state(built_site / "public")
    text = replace_in(site, CHECK, "    url: https://example.org/explanation\n", "")
    result = run(site)
    assert_refused(site, before, result, f"{CHECK}:{line_of(text, 'sources:')}: sources: a fact check needs at least "
                                         "one source with its link: - {title: ..., publisher: ..., url: https://...}")
