"""Front matter: the YAML between the ``---`` lines at the top of a Markdown file, and the body after it.

A file that does not start with ``---`` has no front matter; when its first
line is one of the settings its kind reads (``title: ...``), the ``---``
line was left out, and :func:`missing` says so in one message rather than
one per setting that then seems to be missing. A ``---`` line with a space
before it is not one to YAML either: it is named, rather than the front
matter it opens or closes said to be missing or unclosed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Problem
from ..messages import Message
from .sources import Data, parse_yaml

NOT_FIRST = Message("the front matter must start on the first line: delete the empty lines above this ---")
NOT_CLOSED = Message("the front matter (from line 1) is not closed: add a line with only --- after this line")
NOT_A_MAPPING = Message("front matter must be a list of `key: value` lines")
NO_OPENING = Message("the front matter must start with a line ---: add a line with only --- above this line")
NO_LINES = Message("the settings at the top must stand between two lines with only ---: add one above this "
                   "line and one after the last setting (line {line})")
INDENTED_MARKER = Message("the --- lines around the front matter must start at the beginning of the line: "
                          "move this --- to column 1 (no space before it)")
NO_FRONT_MATTER = Message("has no front matter: start the file with a line ---, then its settings ({fields}), "
                          "then a line ---")

_SETTING = re.compile(r"^(?P<name>[A-Za-z_][\w-]*):(?:\s|$)")
_YAML_LINE = re.compile(r"^(?:\s*$|\s+\S|-(?:\s|$)|[A-Za-z_][\w-]*:(?:\s|$))")  # more of the settings
_MARKERS = ("---", "...")


@dataclass(frozen=True)
class MarkdownSource:
    """A Markdown file split into front matter and body."""

    front: Data
    body: str
    body_line: int  # the 1-based line where the body starts
    has_front_matter: bool = True


def split_front_matter(text: str, display: str) -> tuple[MarkdownSource | None, list[Problem]]:
    """Split ``---`` front matter from the Markdown body and parse it."""
    lines = text.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), 0)
    if lines[first].rstrip() != "---":
        return MarkdownSource(Data(display, {}, {}, 1), text, 1, has_front_matter=False), []
    if first > 0:
        return None, [Problem(display, first + 1, NOT_FIRST, source=lines[first], column=1)]
    end = next((index for index in range(1, len(lines)) if lines[index].rstrip() in _MARKERS), None)
    if end is None:
        spaced = _marker_after_space(lines, 1)
        if spaced is not None:
            return None, [_space_before_marker(display, lines, spaced)]
        last = last_setting(lines, 1)
        return None, [Problem(display, last + 1, NOT_CLOSED, source=lines[last])]
    data, problems = parse_yaml("\n".join(lines[1:end]), display, offset=1)
    if data is None:
        return None, problems
    if data.value is None:
        data = Data(display, {}, {}, 2)
    elif not isinstance(data.value, dict):
        return None, [*problems, Problem(display, 2, NOT_A_MAPPING)]
    return MarkdownSource(data, "\n".join(lines[end + 1 :]), end + 2), problems


def last_setting(lines: Sequence[str], start: int) -> int:
    """The last line (0-based) of the settings that run from ``start``: up to the first line that is
    neither a setting, an item, an indented line nor an empty one (the body's first words or heading)."""
    last = start
    for index in range(start, len(lines)):
        if not _YAML_LINE.match(lines[index]):
            break
        if lines[index].strip():
            last = index
    return last


def _marker_after_space(lines: Sequence[str], start: int) -> int | None:
    """The first line from ``start`` that is ``---`` after a space or two, if it comes before the text
    (the settings and empty lines that run from ``start``, and the line after them)."""
    for index in range(start, min(last_setting(lines, start) + 2, len(lines))):
        if lines[index].strip() == "---" and lines[index][:1].isspace():
            return index
    return None


def _space_before_marker(display: str, lines: Sequence[str], index: int) -> Problem:
    """The problem of the ``---`` line at ``index``, which a space puts out of its column."""
    column = len(lines[index]) - len(lines[index].lstrip())
    return Problem(display, index + 1, INDENTED_MARKER, source=lines[index], column=column + 1)


def missing(source: MarkdownSource, fields: Sequence[str], required: Sequence[str]) -> Problem | None:
    """The problem of a file without front matter: its ``---`` left out (it starts with one of
    ``fields``), or none at all where its kind needs some (``required``)."""
    if source.has_front_matter:
        return None
    lines = source.body.split("\n")
    path = source.front.path
    first = next((index for index, line in enumerate(lines) if line.strip()), 0)
    if lines[first].strip() == "---" and lines[first][:1].isspace():
        return _space_before_marker(path, lines, first)
    found = _SETTING.match(lines[0])
    if found and found["name"] in fields:
        if any(line.rstrip() == "---" for line in lines[1:]):
            return Problem(path, 1, NO_OPENING, source=lines[0], column=1)
        return Problem(path, 1, NO_LINES.format(line=last_setting(lines, 0) + 1), source=lines[0], column=1)
    if required:
        return Problem(path, 1, NO_FRONT_MATTER.format(fields=", ".join(f"{name}:" for name in required)))
    return None
