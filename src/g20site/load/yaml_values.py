"""Composed YAML nodes -> plain values, with the line of each key and list item.

On the way, text that YAML reads otherwise than its writer meant is warned
of at its line: a list item indented under the one above (read as more words
of that one), a hashtag after plain text (read as a comment, and dropped).
How a value that YAML did not read as text was written (``No``, ``1.50``,
``[HOAKS]``) is kept, so that a setting that wants text can say what YAML
made of it.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import Problem, Severity
from ..messages import Message
from .yaml_errors import HASHTAG, YAML, Slip, quoting, starting_with
from .yaml_lines import hashtag, quoted, shortened

Key = tuple[str | int, ...]

MAX_DEPTH = 32  # lists and mappings inside each other, in YAML

MERGED_ITEM = Message('{key}: this line is read as part of the item above it, which becomes "{value}": '
                      "to make it an item of its own, put its - in the same column as the - above it")
MERGED_VALUE = Message('{key}: this line is read as part of the value above it, which becomes "{value}": '
                       'for a list, leave nothing after {key}: and start each item on a line of its own with "- "')


class TooDeep(Exception):
    """Lists and mappings nested deeper than :data:`MAX_DEPTH`."""

    def __init__(self, mark: Any) -> None:
        super().__init__(mark)
        self.mark = mark


class Builder:
    """Turns composed YAML nodes into plain values, noting each key's line."""

    def __init__(self, loader: yaml.SafeLoader, display: str, offset: int, text: list[str]) -> None:
        self.loader = loader
        self.display = display
        self.offset = offset
        self.text = text  # the lines of the YAML, to quote
        self.lines: dict[Key, int] = {}
        self.written: dict[Key, str] = {}  # values not read as text, as written on their line
        self.problems: list[Problem] = []
        self.unreadable: set[Key] = set()

    def build(self, node: yaml.Node, key: Key) -> Any:
        if len(key) > MAX_DEPTH:
            raise TooDeep(node.start_mark)
        start, end = node.start_mark, node.end_mark
        if isinstance(node, yaml.CollectionNode) and node.flow_style and start.line == end.line < len(self.text):
            self.written[key] = self.text[start.line][start.column : end.column]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*key, index)] = self.offset + item.start_mark.line + 1
                items.append(self.build(item, (*key, index)))
            return items
        return self._scalar(node, key)

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
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

    def _scalar(self, node: yaml.Node, key: Key) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:  # a tag such as !!python/name: the safe loader reads none
            self.problems.append(self._tagged(node, key))
        except yaml.YAMLError as exc:
            self._problem(node, YAML.format(detail=getattr(exc, "problem", None) or str(exc)))
        else:
            if isinstance(node, yaml.ScalarNode) and not node.style:
                self._plain(node, key, value)
            return value
        self.unreadable.add(key)
        return None

    def _plain(self, node: yaml.ScalarNode, key: Key, value: Any) -> None:
        """Note how a value not read as text was written; warn of text that YAML cut or merged."""
        if value is not None and not isinstance(value, str):
            self.written[key] = node.value
            return
        if isinstance(value, str) and node.end_mark.line > node.start_mark.line:
            self._merged(node, key, value)
        self._cut(node, key, value or "")

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

    def _cut(self, node: yaml.Node, key: Key, value: str) -> None:
        """Warn of plain text followed on its line by a comment that starts with a word
        (``#RecoverTogether``): a hashtag, which YAML dropped with the rest of the line."""
        end = node.end_mark
        line = self.text[end.line] if end.line < len(self.text) else ""
        column = hashtag(line, end.column)
        if column is None:
            return
        whole = quoted(shortened(f"{value}{line[end.column :]}".strip()))
        example = f"{key[-1]}: {whole}" if key and isinstance(key[-1], str) else f"- {whole}" if key else whole
        message = HASHTAG.format(tag=line[column:].split()[0], example=example)
        self.problems.append(self._quoting(Slip(end.line, column, message), "warning"))

    def _problem(self, node: yaml.Node, message: Message) -> None:
        self.problems.append(self._quoting(Slip(node.start_mark.line, node.start_mark.column, message)))

    def _quoting(self, slip: Slip, severity: Severity = "error") -> Problem:
        return quoting(self.text, self.display, self.offset, slip, severity=severity)
