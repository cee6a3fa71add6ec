"""Small validators shared by the settings and the front matter readers.

Each returns the checked value, or ``None`` after adding a problem that
says what is wrong and what to write instead.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import Problem
from ..messages import Message, Plural
from .hints import alike, hint, setting
from .sources import CONTROL, Data
from .yaml_lines import quoted, shortened
from .yaml_values import Key

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TITLE = 300  # characters: a title is a line, and the share image has room for four
NOT_TEXT = Message("{key}: YAML reads {value} as {what}: put it in quotes, like this: {example}")
CHANGED_NUMBER = Message("{key}: YAML reads {value} as a number and would publish it as {number}: "
                         "put it in quotes, like this: {example}")
YES_NO = Message("a yes/no value")
LIST = Message("a list")
MAPPING = Message("a mapping (name: value pairs)")
TEXT_WITH_COLON = Message('{key}: this text contains ": " (a colon and a space), which YAML reads as a setting: '
                          "put the whole text in quotes, like this: {example}")


def slugify(title: str) -> str:
    """``Rapat Koordinasi G20 & Meta`` -> ``rapat-koordinasi-g20-meta`` (a file name, an address)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def did_you_mean(word: str, choices: Iterable[str]) -> Message | str:
    """`` (did you mean CHOICE?)`` for the choice most alike ``word``; "" if none is alike."""
    return hint(alike(word, choices))


def unknown_keys(
    data: Data, key: Key, mapping: dict[str, Any], known: Iterable[str], problems: list[Problem]
) -> None:
    known = list(known)
    for name in mapping:
        if name not in known:
            label = ".".join(str(k) for k in (*key, name))
            problems.append(
                data.problem(
                    (*key, name),
                    Message("{key}: unknown setting, it is ignored{hint}").format(
                        key=label, hint=hint(setting(name, known))),
                    "warning",
                )
            )


def _label(key: Key) -> str:
    return ".".join(str(k) for k in key)


def text(
    data: Data, key: Key, value: Any, problems: list[Problem], required: bool = False, most: int | None = None,
    missing: list[Problem] | None = None,
) -> str | None:
    """One line of text (a number is taken as its text); at most ``most`` characters when given.
    A required text that is missing is said in ``missing`` when given (a draft's gaps), else in ``problems``."""
    if value is None or value == "":
        if required and key not in data.unreadable:
            told = problems if missing is None else missing
            if key in data.lines:  # the line is there, its value is not
                said = Message("{key}: is empty; write its text after {name}: on this line")
            else:
                said = Message("{key}: is missing; add a line {name}: with its text")
            said = said.format(key=_label(key), name=str(key[-1]) if key else "")
            told.append(data.problem(key, said))
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(data.problem(key, _not_text(data, key, value)))
        return None
    if _changed_number(data, key, value, problems):
        return None
    word = str(value).strip()
    found = CONTROL.search(word)
    if found:  # written as a YAML escape ("\0"): the file itself is clean
        problems.append(data.problem(key, Message("{key}: contains an invisible control character (U+{code:04X}) "
                                                  "that no page may carry; delete it").format(
            key=_label(key), code=ord(found.group()))))
        return None
    if most is not None and len(word) > most:
        problems.append(data.problem(key, Plural("{key}: is {count} character long; write at most {most}",
                                                 "{key}: is {count} characters long; write at most {most}").format(
            key=_label(key), count=len(word), most=most)))
        return None
    return word


def _not_text(data: Data, key: Key, value: Any) -> Message:
    """Why ``value`` is not text: what YAML read in a value written on its line (``No``, ``[HOAKS]``),
    with the quotes that make it text; text that YAML read as a setting because of its ``: ``
    (``- Sesi 1: Pembukaan``); or a list or a mapping written over several lines."""
    written = data.written.get(key)
    if written is not None:
        what = YES_NO if isinstance(value, bool) else LIST if isinstance(value, list) else MAPPING
        return NOT_TEXT.format(key=_label(key), value=shortened(written), what=what,
                               example=_quoted_setting(key, written))
    if isinstance(value, dict) and len(value) == 1:
        name, rest = next(iter(value.items()))
        if not isinstance(rest, dict | list) and data.lines.get((*key, name)) == data.line(*key):
            words = f"{name}:" if rest is None else f"{name}: {rest}"
            return TEXT_WITH_COLON.format(key=_label(key), example=quoted(words))
    return Message("{key}: must be text, not a list or a mapping").format(key=_label(key))


def _changed_number(data: Data, key: Key, value: str | int | float, problems: list[Problem]) -> bool:
    """Whether ``value`` is a number YAML made of text written otherwise (``1.50``, ``010``, ``12:30``)
    and would publish changed; said in ``problems``. A number kept as written (``2022``) is its text."""
    written = data.written.get(key)
    if isinstance(value, str) or written is None or written == str(value):
        return False
    problems.append(data.problem(key, CHANGED_NUMBER.format(
        key=_label(key), value=shortened(written), number=value, example=_quoted_setting(key, written))))
    return True


def _quoted_setting(key: Key, written: str) -> str:
    """``name: "written"``, or ``"written"`` for an item of a list."""
    value = quoted(shortened(written))
    return f"{key[-1]}: {value}" if key and isinstance(key[-1], str) else value


def slug(data: Data, key: Key, value: Any, problems: list[Problem]) -> str | None:
    word = text(data, key, value, problems)
    if word is not None and not SLUG.match(word):
        problems.append(
            data.problem(
                key,
                Message('{key}: "{value}" is not a valid slug '
                  "(use lowercase letters, digits and hyphens, e.g. rapat-koordinasi)"
                  ).format(key=_label(key), value=word),
            )
        )
        return None
    return word


def date(data: Data, key: Key, value: Any, problems: list[Problem]) -> datetime.date | None:
    if key in data.unreadable:  # its YAML is wrong, and said so
        return None
    if isinstance(value, datetime.date):
        return value
    shown = value if isinstance(value, str) else repr(value)
    message = Message('{key}: "{value}" is not a date (use YYYY-MM-DD)').format(key=_label(key), value=shown)
    if not isinstance(value, str) or not DATE.match(value.strip()):
        problems.append(data.problem(key, message))
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        problems.append(data.problem(key, message))
        return None


def boolean(data: Data, key: Key, value: Any, problems: list[Problem]) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.append(data.problem(key, Message("{key}: must be true or false").format(key=_label(key))))
        return False
    return value


def text_list(data: Data, key: Key, value: Any, problems: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(data.problem(key,
            Message("{key}: must be a list (lines starting with - )").format(key=_label(key))))
        return ()
    items = []
    for index, item in enumerate(value):
        word = text(data, (*key, index), item, problems)
        if word:
            items.append(word)
    return tuple(items)


def records(
    data: Data, key: Key, value: Any, problems: list[Problem], fields: Iterable[str], shape: Message
) -> Iterator[tuple[Key, dict[str, Any]]]:
    """Each item of a list of records (``- {title: ..., url: ...}``) under ``key``: its own key and
    its fields. Nothing for a missing list; ``shape`` (what to write) when it is not a list; a
    problem at its line for an item that is not a record, a warning for each field not in ``fields``."""
    if value is None:
        return
    if not isinstance(value, list):
        problems.append(data.problem(key, shape))
        return
    known = tuple(fields)
    for index, item in enumerate(value):
        where = (*key, index)
        found = mapping(data, where, item, problems)
        if found is not None:
            unknown_keys(data, where, found, known, problems)
            yield where, found


def mapping(data: Data, key: Key, value: Any, problems: list[Problem]) -> dict[str, Any] | None:
    if value is None and key in data.unreadable:
        return None
    if not isinstance(value, dict):
        what = Message("{key}: is missing") if value is None else Message("{key}: must be a set of `key: value` lines")
        problems.append(data.problem(key, what.format(key=_label(key) or Message("the file"))))
        return None
    return value


def url(data: Data, key: Key, value: Any, problems: list[Problem]) -> str | None:
    word = text(data, key, value, problems)
    if word is not None and not re.match(r"^https?://[^\s/]+\S*$", word):
        problems.append(
            data.problem(
                key,
                Message('{key}: "{value}" is not a web address (use https://...)').format(key=_label(key), value=word),
            )
        )
        return None
    return word


def count(data: Data, key: Key, value: Any, problems: list[Problem]) -> int | None:
    if key in data.unreadable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(data.problem(key,
            Message("{key}: must be a whole number of at least 1").format(key=_label(key))))
        return None
    return value
