"""Translation status: the hash, the states, the warnings, the report, and editing front matter."""

from __future__ import annotations

from pathlib import Path

from g20site.load.languages import Language
from g20site.load.model import KEY_MESSAGE, MEETING, PAGE, Document
from g20site.load.settings import SiteConfig
from g20site.load.translation_status import (
    MISSING,
    NO_SOURCE,
    NOT_MARKED,
    SOURCE,
    STALE,
    UP_TO_DATE,
    hash_for_done,
    plan_translation,
    problems,
    statuses,
    text_hash,
)
from g20site.render.catalogs import CatalogStatus
from g20site.scaffold import drop_front, mark_done, set_front, translation_text
from g20site.translation_report import report

FRONT = {"title": "Rapat", "date": "2022-01-18", "summary": "Ringkasan.", "tags": ["g20"]}


def language(code: str, name: str, direction: str = "ltr") -> Language:
    return Language(code, code, name, direction, f"Site {code}", "")


CONFIG = SiteConfig(
    "https://example.org/",
    (language("id", "Indonesia"), language("en", "English"), language("ar", "العربية", "rtl")),
    {},
)


def doc(key: str, lang: str, words: str = "", kind: str = MEETING, **fields: object) -> Document:
    folder = {MEETING: "meetings", PAGE: "pages", KEY_MESSAGE: "key-messages"}[kind]
    return Document(kind, key, lang, f"content/{folder}/{key}.{lang}.md", key, key,
                    text_hash=text_hash(FRONT, words), **fields)


# -- the hash


def test_the_hash_is_short_and_follows_the_words() -> None:
    base = text_hash(FRONT, "Teks.\n")
    assert len(base) == 12 and set(base) <= set("0123456789abcdef")
    assert text_hash(dict(reversed(FRONT.items())), "Teks.\n") == base  # the order of the keys
    assert text_hash(FRONT, "\n\nTeks.   \n\n") == base  # spaces at line ends, blank lines around
    assert text_hash(FRONT, "Teks lain.\n") != base
    assert text_hash({**FRONT, "title": "Rapat Baru"}, "Teks.\n") != base
    assert text_hash({**FRONT, "tags": ["g20", "humas"]}, "Teks.\n") != base
    assert text_hash({**FRONT, "date": "2022-01-19"}, "Teks.\n") != base


def test_the_hash_ignores_what_each_language_sets_for_itself() -> None:
    base = text_hash(FRONT, "Teks.")
    own = {**FRONT, "draft": True, "slug": "rapat-lain", "translated_from": "0123456789ab"}
    assert text_hash(own, "Teks.") == base


# -- the states


def test_each_translation_is_up_to_date_stale_not_marked_or_missing() -> None:
    source = doc("2022-01-18-a", "id", "Teks.")
    documents = [
        source,
        doc("2022-01-18-a", "en", "Text.", translated_from=source.text_hash, translated_from_line=7),
        doc("2022-01-18-a", "ar", "نص.", translated_from="000000000000", translated_from_line=3),
        doc("2022-01-19-b", "id", "Teks."),
        doc("2022-01-19-b", "en", "Text.", draft=True),
    ]
    found = statuses(CONFIG, documents)
    assert [s.source for s in found] == ["content/meetings/2022-01-18-a.id.md", "content/meetings/2022-01-19-b.id.md"]
    first, second = found
    assert [(v.lang.code, v.state, v.line) for v in first.versions] == [
        ("id", SOURCE, None), ("en", UP_TO_DATE, 7), ("ar", STALE, 3),
    ]
    assert [(v.lang.code, v.state, v.draft) for v in second.versions] == [
        ("id", SOURCE, False), ("en", NOT_MARKED, True), ("ar", MISSING, False),
    ]
    assert second.versions[2].path == "content/meetings/2022-01-19-b.ar.md"


def test_without_the_original_there_is_nothing_to_compare_with() -> None:
    [status] = statuses(CONFIG, [doc("2022-01-18-a", "en", "Text.", translated_from="abc")])
    assert status.source == "content/meetings/2022-01-18-a.id.md"
    assert [v.state for v in status.versions] == [MISSING, NO_SOURCE, MISSING]


def test_warnings_name_missing_translations_and_stale_ones_with_their_line() -> None:
    source = doc("about", "id", "Teks baru.", kind=PAGE)
    stale = doc("about", "en", "Text.", kind=PAGE, translated_from="0123456789ab", translated_from_line=4)
    body = doc("alpha", "id", "Teks.", kind=KEY_MESSAGE)  # a key message needs no body file in every language
    draft = doc("about", "ar", "نص.", kind=PAGE, draft=True, translated_from="0123456789ab")
    published = [source, stale, body]
    found = problems(CONFIG, published, [*published, draft])
    assert [str(p) for p in found] == [
        "content/pages/about.id.md: warning: its Arabic translation is still a draft, not yet published "
        "(content/pages/about.ar.md: draft: true)",
        "content/pages/about.en.md:4: warning: translated_from: this translation is out of date: "
        "content/pages/about.id.md changed after it was last brought up to date; update the text, then run: "
        "g20site translations --mark-done content/pages/about.en.md",
    ]


def test_a_stale_key_message_body_is_reported() -> None:
    source = doc("alpha", "id", "Teks baru.", kind=KEY_MESSAGE)
    old = doc("alpha", "en", "Text.", kind=KEY_MESSAGE, translated_from="0123456789ab", translated_from_line=2)
    [found] = problems(CONFIG, [source, old], [source, old])
    assert found.path == "content/key-messages/alpha.en.md" and found.line == 2


# -- the report


def test_the_report_says_what_to_do_next_for_every_document_and_catalog() -> None:
    source = doc("2022-01-18-a", "id", "Teks.")
    documents = [
        source,
        doc("2022-01-18-a", "en", "Text.", translated_from="0123456789ab"),
        doc("2022-01-18-a", "ar", "نص.", translated_from=source.text_hash, draft=True),
    ]
    catalogs = [
        CatalogStatus("id", "templates/locale/id/LC_MESSAGES/messages.po", True, 20, 0, 0),
        CatalogStatus("en", "templates/locale/en/LC_MESSAGES/messages.po", True, 20, 2, 1),
        CatalogStatus("ar", "templates/locale/ar/LC_MESSAGES/messages.po", False, 20, 20, 0),
    ]
    lines = report(CONFIG, statuses(CONFIG, documents), catalogs)
    assert lines == [
        "Documents (the Indonesian version of each is the original)",
        "",
        "content/meetings/2022-01-18-a.id.md",
        "  en  OUT OF DATE  content/meetings/2022-01-18-a.en.md: the Indonesian text changed; "
        "update this translation, then mark it done",
        "  ar  up to date   content/meetings/2022-01-18-a.ar.md (a draft)",
        "",
        "Template strings (templates/locale/LANG/LC_MESSAGES/messages.po)",
        "",
        "  id  all 20 strings translated",
        "  en  2 untranslated and 1 fuzzy of 20 strings, shown in Indonesian until translated "
        "(templates/locale/en/LC_MESSAGES/messages.po)",
        "  ar  no catalog: all 20 strings are shown in Indonesian (templates/locale/ar/LC_MESSAGES/messages.po)",
        "",
        "1 document; translations: 0 missing, 1 out of date, 0 not marked; "
        "template strings: 22 untranslated, 1 fuzzy.",
        "Mark a translation done: g20site translations --mark-done FILE",
    ]


def test_the_report_tells_how_to_start_a_missing_translation() -> None:
    lines = report(CONFIG, statuses(CONFIG, [doc("about", "id", "Teks.", kind=PAGE)]), [])
    assert "  en  missing      start it: g20site new translation content/pages/about.id.md --lang en" in lines
    assert lines[-1].startswith("1 document; translations: 2 missing, 0 out of date, 0 not marked;")


# -- marking done, starting a translation


def test_only_a_translation_with_an_original_can_be_marked_done() -> None:
    source = doc("about", "id", "Teks.", kind=PAGE)
    english = doc("about", "en", "Text.", kind=PAGE)
    orphan = doc("contact", "en", "Text.", kind=PAGE)
    documents = [source, english, orphan]
    assert hash_for_done(CONFIG, documents, english.path) == (source.text_hash, [])
    _, [problem] = hash_for_done(CONFIG, documents, source.path)
    assert str(problem) == (
        "content/pages/about.id.md: is the Indonesian original, not a translation; "
        "mark its translations (content/pages/about.en.md)"
    )
    _, [problem] = hash_for_done(CONFIG, documents, orphan.path)
    assert str(problem.message) == "there is no Indonesian version (content/pages/contact.id.md) to compare it with"
    _, [problem] = hash_for_done(CONFIG, documents, "content/pages/nothing.en.md")
    assert str(problem.message).startswith("is not a document of this site")


def test_a_new_translation_records_the_original_only_when_it_starts_from_its_words() -> None:
    source = doc("about", "id", "Teks.", kind=PAGE)
    stale = doc("about", "en", "Text.", kind=PAGE, translated_from="0123456789ab")
    documents = [source, stale]
    plan, found = plan_translation(CONFIG, documents, source.path, None)  # the one language missing
    assert found == [] and plan is not None
    assert (plan.start, plan.path, plan.recorded) == (source.path, "content/pages/about.ar.md", source.text_hash)
    plan, _ = plan_translation(CONFIG, documents, stale.path, "ar")
    assert plan is not None and plan.recorded is None  # the English text is behind the Indonesian one
    _, [problem] = plan_translation(CONFIG, documents, source.path, "en")
    assert str(problem) == "content/pages/about.en.md: already exists; nothing was written"
    _, [problem] = plan_translation(CONFIG, documents, source.path, "fr")
    assert str(problem.message) == '"fr" is not a language in site.yaml (id, en, ar)'
    _, [problem] = plan_translation(CONFIG, [doc("x", "id", "", kind=PAGE)], "content/pages/x.id.md", None)
    assert str(problem.message) == "which language? add --lang (one of en, ar)"


# -- front matter, edited line by line


def test_set_front_replaces_or_adds_one_line_and_keeps_every_other_byte() -> None:
    text = "---\n# a comment\ntitle: 'Rapat'\ntranslated_from: \"old\"\n---\nBody: not front matter\n"
    assert set_front(text, "translated_from", '"new"') == text.replace('"old"', '"new"')
    assert set_front(text, "draft", "true") == text.replace("---\nBody", "draft: true\n---\nBody")
    assert set_front("---\r\ntitle: x\r\n---\r\nBody\r\n", "draft", "true") == (
        "---\r\ntitle: x\r\ndraft: true\r\n---\r\nBody\r\n"
    )
    assert set_front("---\n---\nBody\n", "draft", "true") == "---\ndraft: true\n---\nBody\n"
    assert set_front("Body only\n", "draft", "true") == "---\ndraft: true\n---\nBody only\n"
    assert drop_front(text, "translated_from") == text.replace('translated_from: "old"\n', "")


def test_a_new_translation_is_a_draft_copy_of_its_start() -> None:
    original = "---\ntitle: Rapat\ndraft: false\ntranslated_from: \"x\"\n---\nTeks.\n"
    assert translation_text(original, "abc") == '---\ntitle: Rapat\ndraft: true\ntranslated_from: "abc"\n---\nTeks.\n'
    assert translation_text(original, None) == "---\ntitle: Rapat\ndraft: true\n---\nTeks.\n"


def test_mark_done_writes_only_when_something_changes(tmp_path: Path) -> None:
    file = tmp_path / "about.en.md"
    file.write_bytes(b"---\r\ntitle: About\r\n---\r\nText.\r\n")
    assert mark_done(file, "0123456789ab") is True
    assert file.read_bytes() == b'---\r\ntitle: About\r\ntranslated_from: "0123456789ab"\r\n---\r\nText.\r\n'
    assert mark_done(file, "0123456789ab") is False
    assert [p.name for p in tmp_path.iterdir()] == ["about.en.md"]  # no temporary file left behind
