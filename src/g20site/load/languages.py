"""The languages of ``site.yaml``: each code with its Babel locale, its date pattern, its own name and its direction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date

from ..errors import Problem
from ..messages import Message
from . import schema
from .sources import Data


@dataclass(frozen=True)
class Language:
    code: str  # as in file names and URLs: "id"
    locale: str  # Babel/Open Graph locale: "id_ID"
    name: str  # its own name, in itself: "Indonesia"
    direction: str  # "ltr" or "rtl"
    title: str
    description: str
    date_format: str = "full"  # a Babel pattern ("EEEE, d MMMM y") or one of Babel's styles ("full", "long")


# How a language writes a day when site.yaml does not say: CLDR's full pattern for Indonesian
# pads the day ("Selasa, 01 Februari 2022"), which Indonesian style does not.
DATE_FORMATS = {"id": "EEEE, d MMMM y"}
STYLES = ("full", "long", "medium", "short")
SAMPLE_DAY = datetime.date(2022, 2, 1)


def read_languages(data: Data, top: dict[str, Any], problems: list[Problem]) -> list[Language]:
    table = schema.mapping(data, ("languages",), top.get("languages"), problems)
    if not table:
        return []
    default = schema.text(data, ("default_language",), top.get("default_language"), problems)
    if default is None:
        default = next(iter(table))
    elif default not in table:
        problems.append(
            data.problem(
                ("default_language",),
                Message('default_language: "{value}" is not one of the languages ({languages}){hint}').format(
                    value=default, languages=", ".join(table), hint=schema.did_you_mean(default, table)
                ),
            )
        )
    order = [default, *(code for code in table if code != default)]
    languages = []
    for code in order:
        if code not in table:
            continue
        language = _language(data, code, table[code], problems)
        if language is not None:
            languages.append(language)
    return languages


def _language(data: Data, code: str, value: Any, problems: list[Problem]) -> Language | None:
    key = ("languages", code)
    fields = schema.mapping(data, key, value, problems)
    if fields is None:
        return None
    schema.unknown_keys(data, key, fields, ("title", "description", "name", "locale", "date_format"), problems)
    if not schema.SLUG.match(code) or len(code) > 8:
        message = Message('languages: "{code}" is not a language code (use e.g. id, en)').format(code=code)
        problems.append(data.problem(key, message))
        return None
    try:
        babel_locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        message = Message('languages: "{code}" is not a language Babel knows (use e.g. id, en)').format(code=code)
        problems.append(data.problem(key, message))
        return None
    title = schema.text(data, (*key, "title"), fields.get("title"), problems, required=True)
    description = schema.text(data, (*key, "description"), fields.get("description"), problems)
    name = schema.text(data, (*key, "name"), fields.get("name"), problems)
    locale = _locale(data, code, fields.get("locale"), problems) or _territory_locale(code)
    date_format = _date_format(data, code, locale, fields.get("date_format"), problems)
    own_name = babel_locale.get_display_name(babel_locale) or code
    return Language(
        code=code,
        locale=locale,
        name=name or own_name[:1].upper() + own_name[1:],
        direction=babel_locale.text_direction,
        title=title or "",
        description=description or "",
        date_format=date_format,
    )


def _locale(data: Data, code: str, value: Any, problems: list[Problem]) -> str | None:
    """A Babel locale of language ``code``: ``en_ID`` for ``en``."""
    key = ("languages", code, "locale")
    word = schema.text(data, key, value, problems)
    if word is None:
        return None
    try:
        known = Locale.parse(word.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        known = None
    if known is None or known.language != code:
        problems.append(data.problem(key, Message(
            'languages.{code}.locale: "{value}" is not a locale of this language that Babel knows '
            "(use e.g. {example})").format(code=code, value=word, example=_territory_locale(code))))
        return None
    return str(known)


def _date_format(data: Data, code: str, locale: str, value: Any, problems: list[Problem]) -> str:
    """The pattern of dates in ``code``: as written (checked on a sample day), else the language's default."""
    key = ("languages", code, "date_format")
    word = schema.text(data, key, value, problems)
    if word is None:
        return DATE_FORMATS.get(code, "full")
    try:
        shown = format_date(SAMPLE_DAY, word, locale=locale)
    except (ValueError, KeyError, AttributeError, TypeError, IndexError):
        shown = ""
    if not any(char.isdigit() for char in shown) and word not in STYLES:
        problems.append(data.problem(key, Message(
            'languages.{code}.date_format: "{value}" is not a date pattern '
            '(use e.g. "EEEE, d MMMM y" for {example})').format(
                code=code, value=word, example=format_date(SAMPLE_DAY, "EEEE, d MMMM y", locale=locale))))
        return DATE_FORMATS.get(code, "full")
    return word


def _territory_locale(code: str) -> str:
    """``id`` -> ``id_ID``, ``en`` -> ``en_US``: Babel's likely territory."""
    likely = get_global("likely_subtags").get(code, "")
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if p.isupper() and len(p) == 2), "")
    return f"{code}_{territory}" if territory else code
