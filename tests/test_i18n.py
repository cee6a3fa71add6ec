from __future__ import annotations

import datetime
from pathlib import Path

from g20site.render.catalogs import CatalogStatus, catalog_status, format_day, format_number, load_translations

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
    assert "catalog cannot be read" in str(problems[0].message)


def write_po(templates: Path, lang: str, entries: str) -> None:
    po = templates / "locale" / lang / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    header = f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    po.write_text(header + entries, "utf-8")


def test_a_missing_string_falls_back_to_the_default_language_then_to_the_msgid(tmp_path: Path) -> None:
    write_po(tmp_path, "id", 'msgid "Close"\nmsgstr "Tutup"\n\nmsgid "Tags"\nmsgstr "Label"\n')
    write_po(tmp_path, "ar", 'msgid "Close"\nmsgstr "إغلاق"\n\nmsgid "Tags"\nmsgstr ""\n\n'
                             '#, fuzzy\nmsgid "Language"\nmsgstr "لغة؟"\n')
    default, _ = load_translations(tmp_path, "id", tmp_path)
    arabic, problems = load_translations(tmp_path, "ar", tmp_path, default)
    assert problems == []
    assert arabic.gettext("Close") == "إغلاق"  # its own catalog
    assert arabic.gettext("Tags") == "Label"  # untranslated: the default language's
    assert arabic.gettext("Language") == "Language"  # fuzzy, and not in the default's: the msgid
    assert arabic.gettext("Sources") == "Sources"
    no_catalog, _ = load_translations(tmp_path, "fr", tmp_path, default)
    assert no_catalog.gettext("Close") == "Tutup"  # never an empty string, never a missing one


def test_catalog_status_counts_untranslated_and_fuzzy_strings_of_the_theme(tmp_path: Path) -> None:
    pot = tmp_path / "locale" / "messages.pot"
    pot.parent.mkdir(parents=True)
    pot.write_text('msgid ""\nmsgstr ""\n\nmsgid "Close"\nmsgstr ""\n\nmsgid "Tags"\nmsgstr ""\n\n'
                   'msgid "Language"\nmsgstr ""\n\nmsgid "Sources"\nmsgstr ""\n', "utf-8")
    write_po(tmp_path, "ar", 'msgid "Close"\nmsgstr "إغلاق"\n\nmsgid "Tags"\nmsgstr ""\n\n'
                             '#, fuzzy\nmsgid "Language"\nmsgstr "لغة؟"\n')  # "Sources": not there at all
    status, problems = catalog_status(tmp_path, "ar", tmp_path)
    assert problems == []
    assert status == CatalogStatus("ar", "locale/ar/LC_MESSAGES/messages.po", True, 4, 2, 1)
    missing, _ = catalog_status(tmp_path, "fr", tmp_path)
    assert missing == CatalogStatus("fr", "locale/fr/LC_MESSAGES/messages.po", False, 4, 4, 0)


def test_the_bundled_catalogs_translate_every_string_of_the_theme() -> None:
    for lang in ("id", "en"):
        status, problems = catalog_status(REPO / "templates", lang, REPO)
        assert problems == [] and status.exists and status.total > 0
        assert (status.untranslated, status.fuzzy) == (0, 0), lang
