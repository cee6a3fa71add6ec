"""The languages of ``site.yaml``: each code with its Babel locale, its own name and its direction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

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
    schema.unknown_keys(data, key, fields, ("title", "description", "name", "locale"), problems)
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
    locale = schema.text(data, (*key, "locale"), fields.get("locale"), problems)
    own_name = babel_locale.get_display_name(babel_locale) or code
    return Language(
        code=code,
        locale=locale or _territory_locale(code),
        name=name or own_name[:1].upper() + own_name[1:],
        direction=babel_locale.text_direction,
        title=title or "",
        description=description or "",
    )


def _territory_locale(code: str) -> str:
    """``id`` -> ``id_ID``, ``en`` -> ``en_US``: Babel's likely territory."""
    likely = get_global("likely_subtags").get(code, "")
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if p.isupper() and len(p) == 2), "")
    return f"{code}_{territory}" if territory else code
