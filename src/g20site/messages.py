"""The tool's own words, in English or Indonesian.

Every message g20site prints goes through :func:`_`. The msgids are the
English texts; the Indonesian ones are in ``locale/id/LC_MESSAGES/g20site.po``
inside the package, read with Babel and compiled in memory (no ``.mo`` file
in git). The command line picks the language once per run (:func:`choose`,
:func:`use`); worker processes are forked afterwards and inherit it.
Messages are translated when they are made, never at import time.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
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


def _(text: str) -> str:
    """``text`` (an English msgid) in the current language."""
    return _current.gettext(text)


def N_(text: str) -> str:  # noqa: N802 - the usual name of gettext's no-op marker
    """Marks ``text`` for the catalog where it is defined; :func:`_` translates it where it is shown."""
    return text
