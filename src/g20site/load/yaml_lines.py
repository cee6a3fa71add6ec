"""The lines of a YAML text as a person reads them: indentation, settings and list items, where a
value starts, and a value written again in quotes (to show in a message what to write instead).

Text only, no parser: these look at lines PyYAML could not read, or read otherwise than meant.
"""

from __future__ import annotations

import re

_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # the line breaks of YAML, which PyYAML counts
NAME = r"[A-Za-z_][\w-]*"
_STARTS = re.compile(rf"(?P<lead>\s*(?:-\s+)*(?:{NAME}:\s+)?)(?P<value>.*)")
_SETTING = re.compile(r"""^\s*(?:-\s+)*(?:[^\s#'"\[{-][^#]*?|"[^"]*"|'[^']*'):(?:\s|$)""")
_BLOCK_SCALAR = re.compile(r"(?:^|[:-])\s*[|>][-+0-9]*\s*(?:#.*)?$")
_COMMENT = re.compile(r"\s#")  # in plain text, where YAML starts a comment
_HASHTAG = re.compile(r"[ \t]+#(?=\S)")
CLOSED = {'"': re.compile(r'(?:[^"\\]|\\.)*"'), "'": re.compile(r"(?:[^']|'')*'")}
LONGEST = 60  # characters of a value quoted in a message; a longer one is cut in the middle


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as PyYAML counts them."""
    return _BREAKS.split(text)


def quoted(value: str) -> str:
    """``value`` in double quotes, or in single quotes when it holds a double quote or a backslash."""
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def shortened(value: str) -> str:
    """``value``, or its start and end when it is longer than :data:`LONGEST`."""
    return value if len(value) <= LONGEST else f"{value[: LONGEST // 2]}\u2026{value[-LONGEST // 3 :]}"


def value_of(line: str) -> tuple[str, str]:
    """What comes before the value of a line (its indentation, ``- ``, ``name: ``), and the value."""
    match = _STARTS.fullmatch(line)
    return (match["lead"], match["value"].rstrip()) if match else ("", line.strip())


def with_quotes(line: str, start: int | None = None) -> str:
    """``line`` with its value in quotes: from ``start``, or after ``name:`` / ``-``; a value that
    is in quotes already but goes on after them (``'Presiden's visit'``) is quoted as a whole."""
    lead, value = value_of(line) if start is None else (line[:start], line[start:].strip())
    if len(value) > 1 and value[0] in CLOSED and value[-1] == value[0]:
        value = value[1:-1]
    return f"{lead.strip()} {quoted(shortened(value))}".strip()


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_item(line: str) -> bool:
    stripped = line.lstrip(" ")
    return stripped == "-" or stripped.startswith("- ")


def is_setting(line: str) -> bool:
    """Whether ``line`` starts a setting (``name: ...``, perhaps after the ``- `` of an item)."""
    return bool(_SETTING.match(line))


def significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def outline(lines: list[str], end: int) -> list[int]:
    """The lines before ``end`` that start a setting or a list item (not the text of a value)."""
    found: list[int] = []
    hanging = None  # the indentation of the line a block of text (| or >) hangs from
    for index in range(end):
        line = lines[index]
        if not significant(line) or (hanging is not None and indent(line) > hanging):
            continue
        hanging = None
        if is_item(line) or is_setting(line):
            found.append(index)
            if _BLOCK_SCALAR.search(line):
                hanging = indent(line)
    return found


def content_column(line: str) -> int:
    """Where the text of a line starts: after its indentation, and after the ``- `` of an item."""
    found = re.match(r"\s*(?:-\s+)*", line)
    return found.end() if found else 0


def hashtag(line: str, start: int) -> int | None:
    """The column of the ``#`` of a comment that starts after the spaces at ``start``, when a word
    follows it at once (``#RecoverTogether``, not ``# a note``): a hashtag YAML took for a comment."""
    found = _HASHTAG.match(line, start)
    return found.end() - 1 if found else None


def plain_hashtag(line: str) -> int | None:
    """:func:`hashtag` in the value of ``line``, when that value is plain text (not in quotes or
    brackets, not a comment line): where YAML cut it."""
    lead, value = value_of(line)
    if not value or value[0] in "\"'[{|>&*!" or (value[0] == "#" and not lead.strip()):
        return None
    comment = _COMMENT.search(line, max(len(lead) - 1, 0))
    return hashtag(line, comment.start()) if comment else None
