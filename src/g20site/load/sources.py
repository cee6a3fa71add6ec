"""Reading source files: text, and YAML with the line of every key.

YAML is read with PyYAML's safe loader, with two changes: dates stay text
(so that a wrong date gets a message with its line instead of a bare
``ValueError``), and aliases and anchors are refused (no content needs them,
they are how "billion laughs" documents blow up, and an anchor is mostly a
value that starts with ``&`` by accident: ``summary: &Humas menyampaikan``
would lose its first word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem
from ..messages import Message, Plural
from .yaml_errors import YAML, Slip, explain, quoting, starting_with
from .yaml_lines import split_lines
from .yaml_values import MAX_DEPTH, Builder, Key, TooDeep

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAX_BYTES = 2 * 2**20  # a content file larger than this is not a page anyone writes by hand
# Control characters XML 1.0 forbids (feeds and sitemaps are XML), DEL and the C1 controls, and
# the two noncharacters: invisible, and never meant in a text. Tab and line ends are fine.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class _Refused(yaml.MarkedYAMLError):
    """YAML that is valid but not accepted here; ``message`` says why, for people."""

    def __init__(self, message: Message, mark: Any) -> None:
        super().__init__(problem=message.text("en"), problem_mark=mark)
        self.message = message


TOO_DEEP = Plural("lists and mappings are nested more than {count} level deep here; "
                  "check the indentation (each level is two more spaces)",
                  "lists and mappings are nested more than {count} levels deep here; "
                  "check the indentation (each level is two more spaces)")


class _Anchored(yaml.MarkedYAMLError):
    """A value that starts with ``&``: an anchor to YAML, and text to whoever wrote it (``&Humas``)."""

    def __init__(self, mark: Any) -> None:
        super().__init__(problem="found an anchor", problem_mark=mark)


class _Loader(yaml.SafeLoader):
    """Safe loader without implicit timestamps, aliases and anchors."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            message = Message("YAML aliases (*{anchor}) are not allowed; write the value out in full")
            raise _Refused(message.format(anchor=event.anchor), event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Anchored(event.start_mark)
        return super().compose_node(parent, index)


_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _RESOLVERS


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser, same resolvers. Used only for text with no ``&`` or ``*``,
    which can hold no anchor or alias; anything else goes to :class:`_Loader`."""


_FastLoader.yaml_implicit_resolvers = _RESOLVERS


def _loader_for(text: str) -> type[yaml.SafeLoader]:
    return _Loader if "&" in text or "*" in text else _FastLoader


@dataclass(frozen=True)
class Data:
    """A YAML value together with the line of each key and list item in it."""

    path: str
    value: Any
    lines: dict[Key, int] = field(default_factory=dict)
    first_line: int = 1
    unreadable: frozenset[Key] = frozenset()  # keys whose value could not be read (already reported)
    written: dict[Key, str] = field(default_factory=dict)  # values not read as text, as written on one line

    def line(self, *key: str | int) -> int:
        """The line of ``key``, or of its nearest parent that has one."""
        path: Key = tuple(key)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line

    def problem(self, key: Key, message: Message, severity: str = "error") -> Problem:
        return Problem(self.path, self.line(*key), message, severity)  # type: ignore[arg-type]


def read_text(file: Path, display: str) -> tuple[str | None, list[Problem]]:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [Problem(display, None, Message("cannot be read: {reason}").format(reason=exc.strerror))]
    return decode_text(raw, display)


def decode_text(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with LF line ends; or the problem: too large, not UTF-8, or a control character
    (which no page, feed or calendar may carry), at its line."""
    if len(raw) > MAX_BYTES:
        message = Message("is {size} MB, more than a content file may be ({limit} MB); split it into several")
        return None, [Problem(display, None, message.format(size=len(raw) // 2**20, limit=MAX_BYTES // 2**20))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, Message("is not UTF-8 text; save the file as UTF-8"))]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        message = Message("contains an invisible control character (U+{code:04X}) that no page may carry; "
                          "delete it (retype the text around it)")
        return None, [Problem(display, line, message.format(code=ord(found.group())))]
    return text, []


def parse_yaml(text: str, display: str, offset: int = 0) -> tuple[Data | None, list[Problem]]:
    """Parse one YAML document; ``offset`` is added to every line number."""
    loader_class = _loader_for(text)
    data, problems = _parse(text, display, offset, loader_class)
    if data is None and loader_class is not _Loader:  # the pure-Python parser words errors best
        return _parse(text, display, offset, _Loader)
    return data, problems


def _parse(
    text: str, display: str, offset: int, loader_class: type[yaml.SafeLoader]
) -> tuple[Data | None, list[Problem]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except RecursionError:  # the parser nests as deep as the text: stop it at the line that goes too far
        return None, [Problem(display, offset + _deep_line(text), TOO_DEEP.format(count=MAX_DEPTH))]
    except yaml.MarkedYAMLError as exc:
        return None, [_unreadable(exc, split_lines(text), display, offset)]
    except yaml.YAMLError as exc:
        return None, [Problem(display, offset + 1, YAML.format(detail=str(exc)))]
    finally:
        loader.dispose()
    if node is None:
        return Data(display, None, {}, offset + 1), []
    builder = Builder(loader, display, offset, split_lines(text))
    try:
        value = builder.build(node, ())
    except TooDeep as exc:
        return None, [Problem(display, offset + exc.mark.line + 1, TOO_DEEP.format(count=MAX_DEPTH))]
    return Data(display, value, builder.lines, offset + 1, frozenset(builder.unreadable), builder.written), \
        builder.problems


def _unreadable(error: yaml.MarkedYAMLError, lines: list[str], display: str, offset: int) -> Problem:
    """The problem of text PyYAML could not read: at the slip, in plain words, its own words after."""
    mark = error.problem_mark
    if isinstance(error, _Refused):
        return quoting(lines, display, offset, Slip(mark.line if mark else 0, mark.column if mark else 0,
                                                    error.message))
    if isinstance(error, _Anchored) and mark is not None:
        return quoting(lines, display, offset, starting_with(lines, mark.line, mark.column))
    detail = YAML.format(detail=error.problem or error.context or "")
    return quoting(lines, display, offset, explain(error, lines, offset), detail)


def _deep_line(text: str) -> int:
    """The first line nested deeper than :data:`MAX_DEPTH`, by its indentation or its brackets."""
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" -"))
        depth += line.count("[") + line.count("{") - line.count("]") - line.count("}")
        if indent > 2 * MAX_DEPTH or depth > MAX_DEPTH:
            return number
    return 1


def is_ignored(name: str) -> bool:
    """Editor leftovers and hidden files: ``.x.md.swp``, ``x.md~``, ``#x#``."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".tmp", ".bak"))
