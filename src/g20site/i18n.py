"""Babel: template catalogs, and dates and numbers for a page's locale.

Catalogs are the ``.po`` files under ``templates/locale``; they are read
and compiled in memory at build time, so no ``.mo`` file is kept in git.
Every formatting call names its locale: the process locale is never used.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from .errors import Problem

CATALOG = "locale/{lang}/LC_MESSAGES/messages.po"


def catalog_path(templates: Path, lang: str) -> Path:
    return templates / CATALOG.format(lang=lang)


def load_translations(
    templates: Path, lang: str, display_root: Path
) -> tuple[NullTranslations, list[Problem]]:
    """The catalog of ``lang``; an empty one (English msgids) if there is none."""
    po = catalog_path(templates, lang)
    if not po.is_file():
        return NullTranslations(), []
    display = po.relative_to(display_root).as_posix()
    try:
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        return NullTranslations(), [Problem(display, line, f"catalog cannot be read: {exc}")]
    except (OSError, ValueError) as exc:
        return NullTranslations(), [Problem(display, None, f"catalog cannot be read: {exc}")]
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer), []


def format_day(day: datetime.date, locale: str, style: str = "full") -> str:
    """``Selasa, 18 Januari 2022`` for ``id`` and style ``full``."""
    return format_date(day, format=style, locale=Locale.parse(locale))


def format_number(number: float, locale: str) -> str:
    return format_decimal(number, locale=Locale.parse(locale))
