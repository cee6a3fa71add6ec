"""Reading source files: text, and YAML with the line of every key.

YAML is read with PyYAML's safe loader, with two changes: dates stay text
(so that a wrong date gets a message with its line instead of a bare
``ValueError``), and aliases are refused (no content needs them, and they
are how "billion laughs" documents blow up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, Severity
from ..messages import Message, Plural
from .yaml_errors import Slip, explain, starting_with
from .yaml_lines import shortened, split_lines

Key = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAX_BYTES = 2 * 2**20  # a content file larger than this is not a page anyone writes by hand
MAX_DEPTH = 32  # lists and mappings inside each other, in YAML
# Control characters XML 1.0 forbids (feeds and sitemaps are XML), DEL and the C1 controls, and
# the two noncharacters: invisible, and never meant in a text. Tab and line ends are fine.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
YAML = Message("YAML: {detail}")  # the parser's own words (English), shown after the message


class _Refused(yaml.MarkedYAMLError):
    """YAML that is valid but not accepted here; ``message`` says why, for people."""

    def __init__(self, message: Message, mark: Any) -> None:
        super().__init__(problem=message.text("en"), problem_mark=mark)
        self.message = message


class _TooDeep(Exception):
    """Lists and mappings nested deeper than :data:`MAX_DEPTH`."""

    def __init__(self, mark: Any) -> None:
        super().__init__(mark)
        self.mark = mark


TOO_DEEP = Plural("lists and mappings are nested more than {count} level deep here; "
                  "check the indentation (each level is two more spaces)",
                  "lists and mappings are nested more than {count} levels deep here; "
                  "check the indentation (each level is two more spaces)")


class _Loader(yaml.SafeLoader):
    """Safe loader without implicit timestamps and without aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            message = Message("YAML aliases (*{anchor}) are not allowed; write the value out in full")
            raise _Refused(message.format(anchor=event.anchor), event.start_mark)
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
    builder = _Builder(loader, display, offset, split_lines(text))
    try:
        value = builder.build(node, ())
    except _TooDeep as exc:
        return None, [Problem(display, offset + exc.mark.line + 1, TOO_DEEP.format(count=MAX_DEPTH))]
    return Data(display, value, builder.lines, offset + 1, frozenset(builder.unreadable)), builder.problems


def _unreadable(error: yaml.MarkedYAMLError, lines: list[str], display: str, offset: int) -> Problem:
    """The problem of text PyYAML could not read: at the slip, in plain words, its own words after."""
    if isinstance(error, _Refused):
        mark = error.problem_mark
        return quoting(lines, display, offset, Slip(mark.line if mark else 0, mark.column if mark else 0,
                                                    error.message))
    detail = YAML.format(detail=error.problem or error.context or "")
    return quoting(lines, display, offset, explain(error, lines, offset), detail)


def quoting(
    lines: list[str], display: str, offset: int, slip: Slip, detail: Message | None = None,
    severity: Severity = "error",
) -> Problem:
    """The problem ``slip`` tells, with its line quoted and a caret under its column."""
    line = min(slip.line, len(lines) - 1)
    return Problem(display, offset + line + 1, slip.message, severity, lines[line], slip.column + 1, detail)


def _deep_line(text: str) -> int:
    """The first line nested deeper than :data:`MAX_DEPTH`, by its indentation or its brackets."""
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" -"))
        depth += line.count("[") + line.count("{") - line.count("]") - line.count("}")
        if indent > 2 * MAX_DEPTH or depth > MAX_DEPTH:
            return number
    return 1


MERGED_ITEM = Message('{key}: this line is read as part of the item above it, which becomes "{value}": '
                      "to make it an item of its own, put its - in the same column as the - above it")
MERGED_VALUE = Message('{key}: this line is read as part of the value above it, which becomes "{value}": '
                       'for a list, leave nothing after {key}: and start each item on a line of its own with "- "')


class _Builder:
    """Turns composed YAML nodes into plain values, noting each key's line."""

    def __init__(self, loader: yaml.SafeLoader, display: str, offset: int, text: list[str]) -> None:
        self.loader = loader
        self.display = display
        self.offset = offset
        self.text = text  # the lines of the YAML, to quote
        self.lines: dict[Key, int] = {}
        self.problems: list[Problem] = []
        self.unreadable: set[Key] = set()

    def build(self, node: yaml.Node, key: Key) -> Any:
        if len(key) > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self._problem(key_node, Message("a key must be a plain word"))
                    continue
                name = str(key_node.value)
                line = self.offset + key_node.start_mark.line + 1
                if name in result:
                    first = self.lines[(*key, name)]
                    twice = Message("{key}: appears twice (first on line {line})").format(key=name, line=first)
                    self._problem(key_node, twice)
                    continue
                self.lines[(*key, name)] = line
                result[name] = self.build(value_node, (*key, name))
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*key, index)] = self.offset + item.start_mark.line + 1
                items.append(self.build(item, (*key, index)))
            return items
        return self._scalar(node, key)

    def _scalar(self, node: yaml.Node, key: Key) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:  # a tag such as !!python/name: the safe loader reads none
            self.problems.append(self._tagged(node, key))
        except yaml.YAMLError as exc:
            self._problem(node, YAML.format(detail=getattr(exc, "problem", None) or str(exc)))
        else:
            plain = isinstance(node, yaml.ScalarNode) and not node.style
            if plain and isinstance(value, str) and node.end_mark.line > node.start_mark.line:
                self._merged(node, key, value)
            return value
        self.unreadable.add(key)
        return None

    def _tagged(self, node: yaml.Node, key: Key) -> Problem:
        mark = node.start_mark
        if node.tag.startswith("!"):  # !Penting: a word that starts with !, not meant as a tag
            return self._quoting(starting_with(self.text, mark.line, mark.column))
        label = ".".join(str(part) for part in key) or Message("the file")
        message = Message('{key}: "{tag}" is a YAML tag, which g20site does not read; '
                          "write the value as plain text, without the !!")
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return self._quoting(Slip(mark.line, mark.column, message.format(key=label, tag=tag)))

    def _merged(self, node: yaml.Node, key: Key, value: str) -> None:
        """Warn of each line of plain text that starts with ``- ``: an item indented under the one
        above it, which YAML reads as more words of that one."""
        item = bool(key) and isinstance(key[-1], int)
        label = ".".join(str(part) for part in (key[:-1] if item else key))
        message = (MERGED_ITEM if item else MERGED_VALUE).format(key=label, value=shortened(value))
        for index in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(self.text))):
            stripped = self.text[index].lstrip(" ")
            if stripped == "-" or stripped.startswith("- "):
                slip = Slip(index, len(self.text[index]) - len(stripped), message)
                self.problems.append(self._quoting(slip, "warning"))

    def _problem(self, node: yaml.Node, message: Message) -> None:
        self.problems.append(self._quoting(Slip(node.start_mark.line, node.start_mark.column, message)))

    def _quoting(self, slip: Slip, severity: Severity = "error") -> Problem:
        return quoting(self.text, self.display, self.offset, slip, severity=severity)


def is_ignored(name: str) -> bool:
    """Editor leftovers and hidden files: ``.x.md.swp``, ``x.md~``, ``#x#``."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".tmp", ".bak"))
