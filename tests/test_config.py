from __future__ import annotations

from g20site.load.settings import normalize_base_url, read_config
from g20site.load.sources import parse_yaml

SITE = """\
base_url: https://example.go.id/g20
default_language: id
languages:
  en: {title: Test}
  id: {title: Uji, name: Bahasa Indonesia}
sections:
  key_messages:
    id: {name: Pesan Kunci, slug: pesan-kunci}
    en: {name: Key Messages, slug: key-messages}
  meetings:
    id: {name: Catatan Rapat, slug: catatan-rapat}
    en: {name: Meeting Notes, slug: meeting-notes}
menu:
  - section: meetings
publisher: {name: Biro Humas Kementerian Contoh}
"""


def _read(text: str):  # type: ignore[no-untyped-def]
    data, problems = parse_yaml(text, "content/site.yaml")
    assert data is not None, problems
    return read_config(data)


def test_languages_default_first_with_babel_names_and_locales() -> None:
    config, problems = _read(SITE)
    assert problems == [] and config is not None
    assert config.codes == ("id", "en")
    assert config.base_url == "https://example.go.id/g20/"
    id_, en = config.languages
    assert (id_.name, id_.locale, id_.direction) == ("Bahasa Indonesia", "id_ID", "ltr")
    assert (en.name, en.locale) == ("English", "en_US")


def test_a_third_language_is_settings_only() -> None:
    text = SITE.replace("  id: {title: Uji", "  ar: {title: اختبار}\n  id: {title: Uji")
    text = text.replace("    en: {name: Key Messages, slug: key-messages}",
                        "    en: {name: Key Messages, slug: key-messages}\n    ar: {name: رسائل, slug: rasail}")
    text = text.replace("    en: {name: Meeting Notes, slug: meeting-notes}",
                        "    en: {name: Meeting Notes, slug: meeting-notes}\n    ar: {name: اجتماعات, slug: ijtimaat}")
    config, problems = _read(text)
    assert [str(p) for p in problems] == [] and config is not None
    arabic = config.language("ar")
    assert arabic.direction == "rtl"
    assert arabic.name == "العربية"


def test_unknown_key_is_a_warning_with_a_suggestion() -> None:
    config, problems = _read(SITE + "sosial: []\n")
    assert config is not None
    assert [str(p) for p in problems] == [
        "content/site.yaml:16: warning: sosial: unknown setting, it is ignored (did you mean social?)"
    ]


def test_errors_name_the_line_and_say_what_to_write() -> None:
    text = SITE.replace("default_language: id", "default_language: ind").replace(
        "slug: meeting-notes", "slug: Meeting Notes"
    )
    config, problems = _read(text)
    assert config is None
    assert [str(p) for p in problems] == [
        'content/site.yaml:2: default_language: "ind" is not one of the languages (en, id) (did you mean id?)',
        'content/site.yaml:12: sections.meetings.en.slug: "Meeting Notes" is not a valid slug '
        "(use lowercase letters, digits and hyphens, e.g. rapat-koordinasi)",
    ]


def test_menu_names_a_known_section() -> None:
    config, problems = _read(SITE.replace("- section: meetings", "- section: meeting"))
    assert config is None
    assert [str(p) for p in problems] == [
        'content/site.yaml:14: menu: "meeting" is not a section '
        "(key_messages, meetings, fact_checks, events, search) (did you mean meetings?)"
    ]


def test_base_url_normalisation() -> None:
    assert normalize_base_url("https://a.go.id") == "https://a.go.id/"
    assert normalize_base_url("http://a.go.id/x/y") == "http://a.go.id/x/y/"
    assert normalize_base_url("ftp://a.go.id/") is None
    assert normalize_base_url("/g20/") is None
    assert normalize_base_url("https://a.go.id/?q=1") is None
