"""The tool's own words, in English or Indonesian.

Every message g20site prints goes through :func:`_` (or :func:`ngettext`, when it
counts something). The msgids are the
English texts; the Indonesian ones are in ``locale/id/LC_MESSAGES/g20site.po``
inside the package, read with Babel and compiled in memory (no ``.mo`` file
in git). The command line picks the language once per run (:func:`choose`,
:func:`use`); worker processes are forked afterwards and inherit it.

What the tool prints at once is translated where it is printed, with
:func:`_`. What is kept and shown later (a :class:`~g20site.errors.Problem`,
which may sit in the build cache or be shown in the preview in the page's
language) is a :class:`Message`: the English msgid and its arguments, put
into words only when shown; a :class:`Plural` when it counts something.
Nothing is translated at import time.

Counts take the plural forms of the catalog's language (``Plural-Forms``):
English has two ("1 error", "2 errors"), Indonesian one ("1 kesalahan",
"2 kesalahan"). The number that picks the form is the argument ``count``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES = ("id", "en")
CATALOG = Path(__file__).parent / "locale" / "{lang}" / "LC_MESSAGES" / "g20site.po"
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current: NullTranslations = NullTranslations()
_lang = "en"


def choose(option: str | None, environ: Mapping[str, str]) -> str:
    """``id`` or ``en``: the option, else the first variable of the environment that names one."""
    if option in LANGUAGES:
        return option
    for name in ENVIRONMENT:
        for value in environ.get(name, "").split(":") if name == "LANGUAGE" else [environ.get(name, "")]:
            lang = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            if lang in LANGUAGES:
                return lang
    return "en"


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of ``lang``; English (the msgids) needs none."""
    po = Path(str(CATALOG).format(lang=lang))
    if lang == "en" or not po.is_file():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def use(lang: str) -> None:
    """Speak ``lang`` from now on (``id`` or ``en``)."""
    global _current, _lang
    _lang = lang if lang in LANGUAGES else "en"
    _current = translations(_lang)


def current() -> str:
    return _lang


def number(value: float, decimals: int = 0) -> str:
    """``value`` written as the current language writes numbers: ``1,234.5`` in English, ``1.234,5`` in Indonesian."""
    return format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=_lang)


def _(text: str) -> str:
    """``text`` (an English msgid) in the current language."""
    return _current.gettext(text)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` (English msgids) that fits ``count``, in the current language."""
    return _current.ngettext(singular, plural, count)


def N_(text: str) -> str:  # noqa: N802 - the usual name of gettext's no-op marker
    """Marks ``text`` for the catalog where it is defined; :func:`_` translates it where it is shown."""
    return text


class Words:
    """Text put into words when shown: :class:`Message`, :class:`LanguageName`."""

    __slots__ = ()

    def text(self, lang: str | None = None) -> str:
        """The words in ``lang`` (``id``, ``en``), or in the language the tool speaks now."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.text()

    def __format__(self, spec: str) -> str:
        return format(self.text(), spec)


class Message(Words):
    """Words to show later: an English msgid and its arguments.

    ``str(message)`` translates it into the language the tool speaks at that
    moment, ``message.text("id")`` into a given one; an argument that is
    :class:`Words` itself is put into words in the same language. A message
    is data (equal messages compare equal whatever the language), so caches
    keep it as it is. ``Message("...{x}...").format(x=1)`` adds arguments,
    like ``str.format``.
    """

    __slots__ = ("msgid", "args")

    def __init__(self, msgid: str, /, **args: Any) -> None:
        self.msgid = msgid
        self.args: tuple[tuple[str, Any], ...] = tuple(sorted(args.items()))

    def format(self, **args: Any) -> Message:
        return Message(self.msgid, **dict(self.args), **args)

    def text(self, lang: str | None = None) -> str:
        if not self.msgid:
            return ""
        catalog = _current if lang is None else translations(lang if lang in LANGUAGES else "en")
        words = self._words(catalog)
        if not self.args:
            return words
        return words.format(**{name: _shown(value, lang) for name, value in self.args})

    def _words(self, catalog: NullTranslations) -> str:
        return catalog.gettext(self.msgid)

    def _data(self) -> tuple[Any, ...]:
        return self.msgid, self.args

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, **{dict(self.args)!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._data() == other._data()

    def __hash__(self) -> int:
        return hash(self._data())

    def __getstate__(self) -> tuple[Any, ...]:
        return self._data()

    def __setstate__(self, state: tuple[str, tuple[tuple[str, Any], ...]]) -> None:
        self.msgid, self.args = state


class Plural(Message):
    """A message that counts something: a singular and a plural msgid; the argument ``count``
    (a whole number) picks the form when the message is shown.

    ``Plural("{count} error", "{count} errors").format(count=2)`` is "2 errors" in
    English, "2 kesalahan" in Indonesian. Data like :class:`Message`: it compares,
    hashes and pickles by its msgids and arguments.
    """

    __slots__ = ("plural",)

    def __init__(self, msgid: str, plural: str, /, **args: Any) -> None:
        super().__init__(msgid, **args)
        self.plural = plural

    def format(self, **args: Any) -> Plural:
        return Plural(self.msgid, self.plural, **dict(self.args), **args)

    def _words(self, catalog: NullTranslations) -> str:
        return catalog.ngettext(self.msgid, self.plural, dict(self.args)["count"])

    def _data(self) -> tuple[Any, ...]:
        return self.msgid, self.plural, self.args

    def __repr__(self) -> str:
        return f"Plural({self.msgid!r}, {self.plural!r}, **{dict(self.args)!r})"

    def __setstate__(self, state: tuple[str, str, tuple[tuple[str, Any], ...]]) -> None:  # type: ignore[override]
        self.msgid, self.plural, self.args = state


class LanguageName(Words):
    """A language named in the language of the messages: ``id`` is "Indonesian" in English,
    "Indonesia" in Indonesian."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def text(self, lang: str | None = None) -> str:
        return Locale.parse(self.code).get_display_name(lang or _lang) or self.code

    def __repr__(self) -> str:
        return f"LanguageName({self.code!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LanguageName) and self.code == other.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __getstate__(self) -> str:
        return self.code

    def __setstate__(self, state: str) -> None:
        self.code = state


def _shown(value: Any, lang: str | None) -> Any:
    return value.text(lang) if isinstance(value, Words) else value
