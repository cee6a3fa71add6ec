"""Why a YAML text could not be read, in plain words: PyYAML's error -> the line and column of the
slip, and what to write instead.

PyYAML stops where the text stops making sense, which is not always where
the slip is: a value with an unclosed quote runs on into the next lines, a
line indented one space too few makes the line after it the odd one. So the
error is checked against the text around it (:func:`explain`): the line
that opens the quote, the one of two lines whose indentation is off (each
level is two spaces further in than the line it belongs to), the line above
whose colon has no space after it, the line whose hashtag YAML took for a
comment when its text goes on below. Anything not recognised is still told in
plain words, at PyYAML's line; its own (English) words go with the problem
as a detail, shown after the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..errors import Problem, Severity
from ..messages import Message
from .yaml_lines import (
    CLOSED,
    NAME,
    content_column,
    indent,
    is_item,
    is_setting,
    outline,
    plain_hashtag,
    quoted,
    shortened,
    significant,
    value_of,
    with_quotes,
)

TAB = Message("a tab (shown as \u2192) is used here, and YAML reads only spaces: replace it with spaces "
              "(two for each level of indentation)")
UNCLOSED_QUOTE = Message("this value opens a quote ({quote}) that is not closed on the same line: "
                         "add a {quote} at the end of the value")
UNCLOSED_BRACKET = Message("the {opening} that starts here is not closed: end the value with {closing} "
                           "on the same line, and separate its items with commas")
TEXT_AFTER_QUOTE = Message("text follows the closing quote of this value: put the whole value in one pair "
                           "of quotes, like this: {example}")
COLON_IN_VALUE = Message('this value contains ": " (a colon and a space), which YAML reads as the start of '
                         "a setting: put the whole value in quotes, like this: {example}")
COLON_IN_TEXT = Message('this line continues the text of line {line} and contains ": " (a colon and a '
                        "space), which YAML reads as the start of a setting: put that whole text in "
                        'quotes ("...")')
NO_SPACE = Message("a setting needs a space after its colon: write {example}")
LINE_MISALIGNED = Message("this line starts in column {here} and line {line} in column {there}: lines at the "
                          "same level start in the same column, so move this one to column {there} (each "
                          "level starts two columns further right than the line it belongs to)")
ITEM_MISALIGNED = Message("this list item starts in column {here} and the item on line {line} in column "
                          "{there}: the items of one list start in the same column, so move this - to "
                          "column {there}")
NOT_AN_ITEM = Message('this line is not a list item like the lines above it: start it with "- " (a dash '
                      "and a space), or move it two columns further right to make it part of the item above")
NOT_A_SETTING = Message('this list item (a line starting with "- ") stands among settings (name: value): '
                        "put it under the name of its list, in the same column as the other items")
NO_COLON = Message("this line is neither a setting (name: value) nor part of the one above it: if it "
                   "continues the text above, move it two columns further right (or put the whole text "
                   "in quotes); if it is a setting, write a colon and a space after its name")
LIST_START = Message("a value that starts with {char} is read as a list: to write text that starts with {char}, "
                     "put the whole value in quotes, like this: {example}")
MAPPING_START = Message("a value that starts with {char} is read as a mapping (name: value pairs): to write text "
                        "that starts with {char}, put the whole value in quotes, like this: {example}")
HASHTAG = Message('this text looks like it goes on with a hashtag ({tag}), but YAML reads " #" as the start of '
                  "a comment and drops the rest of the line: put the whole value in quotes, like this: {example}")
SPECIAL_START = Message("a value cannot start with {char}: put the whole value in quotes, like this: {example}")
BACKSLASH = Message("a backslash (\\) inside double quotes starts a special code: write it twice (\\\\), "
                    "or put the value in single quotes instead")
EXTRA_DOCUMENT = Message("a line with only {marker} ends the settings here: delete it")
UNREADABLE = Message("this line cannot be read as YAML: check its indentation (spaces only, two for each "
                     "level) and its quotes")

YAML = Message("YAML: {detail}")  # the parser's own words (English), shown after the message

_NAMED = re.compile(rf"^\s*(?:-\s+)*{NAME}:(?:\s|$)")
_NO_SPACE = re.compile(rf"^\s*(?:-\s+)*(?P<name>{NAME}):(?P<value>[^\s:].*)$")
_SPECIAL = re.compile(r"found character '(?P<char>[^\\])' that cannot start any token")
_BRACKETS = {"[": "]", "{": "}"}


@dataclass(frozen=True)
class Slip:
    """Where a YAML text goes wrong (0-based line and column in the text) and what to do about it."""

    line: int
    column: int
    message: Message


def _levels(lines: list[str], at: int) -> list[tuple[int, int]]:
    """The columns a line at ``at`` may start in, with the line that opens each: the last setting or
    item above it, then each one above that starts further left (an item opens two: its ``-`` and
    its text). Only the ``-`` of items, when ``at`` is an item itself and there are items above."""
    levels: list[tuple[int, int]] = []
    for index in reversed(outline(lines, at)):
        if not levels or indent(lines[index]) < min(column for _, column in levels):
            if is_item(lines[index]):
                levels.append((index, content_column(lines[index])))
            levels.append((index, indent(lines[index])))
    items = [(index, column) for index, column in levels
             if is_item(lines[index]) and column == indent(lines[index])]
    return items if is_item(lines[at]) and items else levels


def _misaligned(lines: list[str], at: int, offset: int) -> Slip | None:
    """Line ``at`` and the line whose level it was meant to join start in different columns: the one
    that is off (an odd number of spaces where the other has an even one; else ``at``), told to move."""
    levels = _levels(lines, at)
    if not levels:
        return None
    here = indent(lines[at])
    other, there = min(levels, key=lambda level: (abs(level[1] - here), -level[1]))
    if there == here:
        return None
    (wrong, column), (right, goal) = ((other, there), (at, here)) if there % 2 and not here % 2 else \
        ((at, here), (other, there))
    both_items = is_item(lines[wrong]) and is_item(lines[right]) and goal == indent(lines[right])
    message = ITEM_MISALIGNED if both_items else LINE_MISALIGNED
    return Slip(wrong, column, message.format(here=column + 1, line=offset + right + 1, there=goal + 1))


def _unclosed_quote(lines: list[str], end: int) -> Slip | None:
    """A value up to line ``end`` that opens a quote it does not close on its line, followed by a
    setting or an item before any line that closes it (a line with that quote, further right than
    the value's own): the quote ran on over the lines below it."""
    opened: Slip | None = None
    quote = ""
    for index in range(min(end + 1, len(lines))):
        line = lines[index]
        if opened is not None:
            new = is_setting(line) or is_item(line)
            if new and (quote not in line or indent(line) <= indent(lines[opened.line])):
                return opened  # a setting or an item where the quoted text would go on
            if quote in line:  # closed here, perhaps on purpose: a quoted text over several lines
                opened = None
            continue
        lead, value = value_of(line)
        if value[:1] in CLOSED and not CLOSED[value[0]].match(value, 1):
            quote, opened = value[0], Slip(index, len(lead), UNCLOSED_QUOTE.format(quote=value[0]))
    return None


def _mapping_value(lines: list[str], line: int, column: int, offset: int) -> Slip:
    """``: `` where YAML takes no new setting: in a value, after a line without its space, or
    on a line that is indented off."""
    text = lines[line]
    before = text[:column].lstrip(" ")
    while before.startswith("- "):
        before = before[2:].lstrip(" ")
    if re.search(r":\s", before):
        return Slip(line, column, COLON_IN_VALUE.format(example=with_quotes(text)))
    above = max((index for index in range(line) if significant(lines[index])), default=None)
    slip = None if above is None or ": " in lines[above] else _no_space(lines, above)
    if slip is not None:
        return slip
    above_outline = outline(lines, line)
    if not _NAMED.match(text) and above_outline:
        return Slip(line, column, COLON_IN_TEXT.format(line=offset + above_outline[-1] + 1))
    return _misaligned(lines, line, offset) or Slip(line, column, UNREADABLE)


def _no_space(lines: list[str], line: int) -> Slip | None:
    """A setting written without the space after its colon (``summary:Ringkasan.``), if ``line`` is one."""
    found = _NO_SPACE.match(lines[line])
    if found is None or found["value"].startswith("//"):  # https://...: a web address, not a setting
        return None
    example = f"{found['name']}: {found['value'].strip()}"
    return Slip(line, found.end("name") + 1, NO_SPACE.format(example=shortened(example)))


def _without_colon(lines: list[str], line: int, column: int) -> Slip:
    """A line YAML took for the name of a setting, without the ``: `` after it: a setting without
    the space after its colon, a line among list items without its ``- ``, or text at the left edge."""
    slip = _no_space(lines, line)
    if slip is not None:
        return slip
    above = outline(lines, line)
    if above and is_item(lines[above[-1]]) and indent(lines[above[-1]]) == indent(lines[line]):
        return Slip(line, indent(lines[line]), NOT_AN_ITEM)
    return Slip(line, column, NO_COLON)


def _cut_by_hashtag(lines: list[str], end: int) -> Slip | None:
    """Plain text cut by a hashtag YAML took for a comment, which goes on in line ``end``, further
    right than the setting or item it belongs to: YAML could not read that line as part of it."""
    above = outline(lines, end)
    if not above or indent(lines[end]) <= indent(lines[above[-1]]):
        return None
    start = above[-1]
    for index in range(start, end):
        column = plain_hashtag(lines[index])
        if column is not None:
            lead, value = value_of(lines[start])
            whole = " ".join([value, *(lines[after].strip() for after in range(start + 1, end + 1))])
            example = f"{lead.strip()} {quoted(shortened(whole))}".strip()
            return Slip(index, column, HASHTAG.format(tag=lines[index][column:].split()[0], example=example))
    return None


def _flow_start(lines: list[str], line: int) -> Slip | None:
    """Text after a list or mapping that a value starts with (``title: [HOAKS] Judul``)."""
    lead, value = value_of(lines[line])
    if value[:1] not in _BRACKETS:
        return None
    message = LIST_START if value[0] == "[" else MAPPING_START
    return Slip(line, len(lead), message.format(char=value[0], example=with_quotes(lines[line])))


def _block_end(lines: list[str], line: int, column: int, found: str, offset: int) -> Slip:
    """A line where YAML expected the block above it to end: text after a closing quote, or a line
    indented off, or an item among settings (or a setting among items)."""
    lead, value = value_of(lines[line])
    if found == "'<scalar>'" and value[:1] in CLOSED and column > len(lead):
        return Slip(line, column, TEXT_AFTER_QUOTE.format(example=with_quotes(lines[line])))
    if found == "'<scalar>'":
        return (_flow_start(lines, line) if column > len(lead) else None) or Slip(line, column, UNREADABLE)
    slip = _misaligned(lines, line, offset)
    if slip is not None:
        return slip
    if found == "'?'":
        return Slip(line, column, NOT_AN_ITEM)
    if found == "'-'":
        return Slip(line, column, NOT_A_SETTING)
    return Slip(line, column, UNREADABLE)


def quoting(
    lines: list[str], display: str, offset: int, slip: Slip, detail: Message | None = None,
    severity: Severity = "error",
) -> Problem:
    """The problem ``slip`` tells, with its line quoted and a caret under its column."""
    line = min(slip.line, len(lines) - 1)
    return Problem(display, offset + line + 1, slip.message, severity, lines[line], slip.column + 1, detail)


def explain(error: yaml.MarkedYAMLError, lines: list[str], offset: int = 0) -> Slip:
    """Where in ``lines`` the text that raised ``error`` goes wrong, and how to put it right;
    ``offset`` is added to the line numbers a message names."""
    mark = error.problem_mark or error.context_mark
    line = min(mark.line, len(lines) - 1) if mark else 0
    column = mark.column if mark and mark.line == line else len(lines[line])
    problem, context = error.problem or "", error.context or ""
    if "'\\t'" in problem:
        return Slip(line, column, TAB)
    if "\t" in lines[line][: indent(lines[line]) + 1]:  # a tab in the indentation
        return Slip(line, lines[line].index("\t"), TAB)
    slip = _unclosed_quote(lines, line) or _cut_by_hashtag(lines, line)
    if slip is not None:
        return slip
    opened = error.context_mark
    if opened is not None and opened.line < len(lines):
        slip = _from_context(lines, opened.line, opened.column, context, problem, line)
        if slip is not None:
            return slip
    return _from_problem(lines, line, column, problem, offset)


def _from_context(lines: list[str], line: int, column: int, context: str, problem: str, end: int) -> Slip | None:
    """Errors told best where the thing YAML was reading started: a quote, a bracket, a line
    without its colon, a value starting with a character YAML reserves."""
    char = lines[line][column : column + 1]
    if context == "while scanning a quoted scalar":
        return Slip(line, column, UNCLOSED_QUOTE.format(quote=char))
    if context.startswith("while parsing a flow") and char in _BRACKETS and (line < end or "<stream end>" in problem):
        return Slip(line, column, UNCLOSED_BRACKET.format(opening=char, closing=_BRACKETS[char]))
    if context == "while scanning a simple key":
        return _without_colon(lines, line, column)
    if context in ("while scanning an alias", "while scanning an anchor", "while scanning a block scalar"):
        return starting_with(lines, line, column)
    return None


def starting_with(lines: list[str], line: int, column: int) -> Slip:
    """A value that starts with a character YAML reserves (``@``, ``*``, ``!``...) at ``column``."""
    example = with_quotes(lines[line], column)
    return Slip(line, column, SPECIAL_START.format(char=lines[line][column : column + 1], example=example))


def _from_problem(lines: list[str], line: int, column: int, problem: str, offset: int) -> Slip:
    if _SPECIAL.match(problem):
        return starting_with(lines, line, column)
    if problem == "mapping values are not allowed here":
        return _mapping_value(lines, line, column, offset)
    if problem.startswith("expected <block end>, but found "):
        return _block_end(lines, line, column, problem.rsplit(" ", 1)[-1], offset)
    if problem.startswith(("found unknown escape character", "expected escape sequence")):
        return Slip(line, column, BACKSLASH)
    if problem == "but found another document":
        return Slip(line, column, EXTRA_DOCUMENT.format(marker=lines[line].strip()[:3] or "---"))
    return Slip(line, column, UNREADABLE)
