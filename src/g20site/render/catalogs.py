"""Babel: template catalogs, and dates and numbers for a page's locale.

Catalogs are the ``.po`` files under ``templates/locale``; they are read
and compiled in memory at build time, so no ``.mo`` file is kept in git.
A string a catalog lacks (or marks fuzzy) falls back to the default
language's catalog, then to the msgid: never to an empty string.
Every formatting call names its locale: the process locale is never used.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as Entry
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from ..errors import Problem
from ..messages import Message

CATALOG = "locale/{lang}/LC_MESSAGES/messages.po"
TEMPLATE = "locale/messages.pot"  # every UI string of the theme, made by `make catalogs`


def catalog_path(templates: Path, lang: str) -> Path:
    return templates / CATALOG.format(lang=lang)


def load_translations(
    templates: Path, lang: str, display_root: Path, fallback: NullTranslations | None = None
) -> tuple[NullTranslations, list[Problem]]:
    """The catalog of ``lang``, falling back to ``fallback`` (the default language's) for
    every string it lacks or marks fuzzy, and then to the msgid (English in the theme)."""
    catalog, problems = read_catalog(templates, lang, display_root)
    translations = NullTranslations()
    if catalog is not None:
        buffer = io.BytesIO()
        write_mo(buffer, catalog)  # leaves out untranslated and fuzzy entries: they fall back
        buffer.seek(0)
        translations = Translations(fp=buffer)
    if fallback is not None:
        translations.add_fallback(fallback)
    return translations, problems


def read_catalog(templates: Path, lang: str, display_root: Path) -> tuple[Catalog | None, list[Problem]]:
    """The ``.po`` catalog of ``lang`` read by Babel; None if there is none or it is broken."""
    po = catalog_path(templates, lang)
    if not po.is_file():
        return None, []
    display = po.relative_to(display_root).as_posix()
    try:
        with po.open("rb") as handle:
            return read_po(handle, locale=lang, abort_invalid=True), []
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        return None, [Problem(display, line, Message("catalog cannot be read: {reason}").format(reason=str(exc)))]
    except (OSError, ValueError) as exc:
        return None, [Problem(display, None, Message("catalog cannot be read: {reason}").format(reason=str(exc)))]


@dataclass(frozen=True)
class CatalogStatus:
    """How much of the theme's UI strings one language's catalog translates."""

    lang: str
    path: str  # shown in messages: templates/locale/en/LC_MESSAGES/messages.po
    exists: bool
    total: int  # the strings of the theme (messages.pot), or of the catalog when there is no .pot
    untranslated: int  # no translation at all (falls back to the default language)
    fuzzy: int  # a translation marked "fuzzy": to be checked, not used until then


def catalog_status(templates: Path, lang: str, display_root: Path) -> tuple[CatalogStatus, list[Problem]]:
    catalog, problems = read_catalog(templates, lang, display_root)
    template, found = _read_template(templates, display_root)
    problems += found
    ids = _ids(template) if template is not None else _ids(catalog) if catalog is not None else set()
    display = catalog_path(templates, lang).relative_to(display_root).as_posix()
    if catalog is None:
        return CatalogStatus(lang, display, False, len(ids), len(ids), 0), problems
    messages = [catalog.get(msgid, context) for msgid, context in sorted(ids, key=str)]
    untranslated = sum(1 for message in messages if not _translated(message))
    fuzzy = sum(1 for message in messages if _translated(message) and message is not None and message.fuzzy)
    return CatalogStatus(lang, display, True, len(ids), untranslated, fuzzy), problems


def _read_template(templates: Path, display_root: Path) -> tuple[Catalog | None, list[Problem]]:
    pot = templates / TEMPLATE
    if not pot.is_file():
        return None, []
    try:
        with pot.open("rb") as handle:
            return read_po(handle, abort_invalid=True), []
    except (PoFileError, OSError, ValueError) as exc:
        return None, [Problem(pot.relative_to(display_root).as_posix(), None,
            Message("catalog cannot be read: {reason}").format(reason=str(exc)))]


def _translated(message: Entry | None) -> bool:
    if message is None:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _ids(catalog: Catalog) -> set[tuple[Any, str | None]]:
    """Each message's id (a tuple for plural forms) and context; not the header."""
    return {(message.id, message.context) for message in catalog if message.id}


def format_day(day: datetime.date, locale: str, style: str = "full") -> str:
    """``Selasa, 18 Januari 2022`` for ``id_ID`` and the pattern ``EEEE, d MMMM y``; ``style`` is a Babel
    pattern or one of Babel's styles (``full``, ``long``, ``medium``, ``short``)."""
    return format_date(day, format=style, locale=Locale.parse(locale))


def format_number(number: float, locale: str) -> str:
    return format_decimal(number, locale=Locale.parse(locale))


def format_time(moment: datetime.datetime, locale: str) -> str:
    """``10.00`` for ``id``, ``10:00`` for ``en``: the locale's 24-hour clock, in the moment's own zone."""
    return format_skeleton("Hm", moment, locale=Locale.parse(locale))


def format_time_span(start: datetime.datetime, end: datetime.datetime, locale: str) -> str:
    """``10.00–12.00`` for ``id``, ``10:00 – 12:00`` for ``en``: two times of one day."""
    return format_interval(start.time(), end.time(), "Hm", locale=Locale.parse(locale))
