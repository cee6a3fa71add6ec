"""Line-level edits of a Markdown file's front matter: one key's lines replaced, added or removed,
every other line (comments, quoting, order, blank lines) kept byte for byte.

Where a key's value ends comes from the YAML nodes (``yaml.compose``), not from guessing at
indentation; comment and blank lines after a value belong to what follows, and stay.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

_FRONT = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)(.*?)(^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))", re.S | re.M)
_ANCHOR = "draft"  # a new key goes above this line when there is one, as `g20site new` places its fields


class NotEditable(ValueError):
    """The front matter is not a mapping YAML can read: the file is edited as text instead."""


def split(text: str) -> tuple[str, list[str], str]:
    """``text`` -> (the opening ``---`` line, the front matter's lines with their ends, the rest)."""
    match = _FRONT.match(text)
    if match is None:
        raise NotEditable(text[:40])
    head, front, tail = match.groups()
    return head, front.splitlines(keepends=True), tail + text[match.end():]


def spans(lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Each top-level key -> the range of its lines (start, end exclusive)."""
    try:
        node = yaml.compose("".join(lines), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise NotEditable(str(exc)) from exc
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise NotEditable("not a mapping")
    found = {}
    for key, value in node.value:
        start, end = key.start_mark.line, value.end_mark.line + (1 if value.end_mark.column else 0)
        end = min(max(end, start + 1), len(lines))
        while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        found[str(key.value)] = (start, end)
    return found


def set_lines(text: str, key: str, new: Sequence[str] | None) -> str:
    """``text`` with the lines of ``key`` replaced by ``new`` (lines without ends); ``None`` removes them.
    A key the file lacks is added above ``draft:``, or last."""
    head, lines, rest = split(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    written = [line + newline for line in new or ()]
    found = spans(lines)
    if key in found:
        start, end = found[key]
        if lines[end - 1].endswith("\n") or not written:
            lines[start:end] = written
        else:  # the last line of the front matter had no end: neither has the new one
            lines[start:end] = [*written[:-1], written[-1].rstrip("\r\n")]
    elif written:
        at = found[_ANCHOR][0] if _ANCHOR in found else len(lines)
        at = _above_comments(lines, at) if _ANCHOR in found else at
        if at == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        lines[at:at] = written
    return head + "".join(lines) + rest


def _above_comments(lines: Sequence[str], at: int) -> int:
    """Above the comment lines that explain the line ``at``, and one blank line before them."""
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    return at


def body_of(text: str) -> str:
    """What follows the closing ``---`` line."""
    return split(text)[2].split("\n", 1)[1] if "\n" in split(text)[2] else ""


def with_body(text: str, body: str) -> str:
    """``text`` with everything after the closing ``---`` line replaced by ``body``."""
    head, lines, rest = split(text)
    closing = rest.split("\n", 1)[0] + "\n" if "\n" in rest else rest + "\n"
    return head + "".join(lines) + closing + body


def plain(value: str, flow: bool = False) -> str:
    """``value`` as YAML writes it for a person: as it is when YAML reads it back the same, else in
    double quotes."""
    written = value
    try:
        probe = f"k: [{written}]" if flow else f"k: {written}"
        read = yaml.safe_load(probe)
        same = read == {"k": [value] if flow else value}
    except yaml.YAMLError:
        same = False
    if same and value == value.strip() and "\n" not in value and "#" not in value:
        return written
    return quoted(value)


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
