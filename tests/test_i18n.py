from __future__ import annotations

import datetime
from pathlib import Path

from g20site.i18n import format_day, format_number, load_translations

REPO = Path(__file__).resolve().parent.parent


def test_babel_formats_dates_for_the_page_locale() -> None:
    day = datetime.date(2022, 1, 18)
    assert format_day(day, "id") == "Selasa, 18 Januari 2022"
    assert format_day(day, "en") == "Tuesday, January 18, 2022"
    assert format_day(day, "id", "long") == "18 Januari 2022"


def test_numbers_follow_the_locale() -> None:
    assert format_number(1481.5, "id") == "1.481,5"
    assert format_number(1481.5, "en") == "1,481.5"


def test_indonesian_catalog_translates_template_strings() -> None:
    translations, problems = load_translations(REPO / "templates", "id", REPO)
    assert problems == []
    assert translations.gettext("Skip to main content") == "Langsung ke konten utama"


def test_missing_catalog_falls_back_to_the_msgids(tmp_path: Path) -> None:
    translations, problems = load_translations(tmp_path, "fr", tmp_path)
    assert problems == []
    assert translations.gettext("Skip to main content") == "Skip to main content"


def test_broken_catalog_is_reported_with_its_file(tmp_path: Path) -> None:
    po = tmp_path / "locale" / "id" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\nmsgstr "b"\nthis is not po\n', "utf-8")
    _, problems = load_translations(tmp_path, "id", tmp_path)
    assert len(problems) == 1
    assert problems[0].path == "locale/id/LC_MESSAGES/messages.po"
    assert "catalog cannot be read" in problems[0].message
