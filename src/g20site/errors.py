"""Problems found in a site's content, and the exception that carries them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from .messages import Message

Severity = Literal["error", "warning"]


WARNING = Message("warning: ")
COLUMN = Message("column {column}")

# What would break a problem's one line, or reach the terminal as a command, if printed as it is
# (a file named with a line break, a value with an escape character): shown as its Python escape.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


TAB = "\u2192"  # a tab in a quoted source line, shown as an arrow: one column, like the caret counts
INDENT = "    "  # the lines after a problem's own line start with this, so that `path:line:` greps see only it
WIDEST = 100  # characters of a source line shown; a longer line is cut around the caret


def _shown_char(char: str) -> str:
    return TAB if char == "\t" else _printable(char)


def _excerpt(source: str, column: int | None) -> tuple[str, int | None]:
    """``source`` as it can be printed on one line (tabs as arrows, control characters escaped, cut to
    :data:`WIDEST` around the column), and where the 1-based ``column`` falls in it (0-based)."""
    shown = [_shown_char(char) for char in source]
    caret = None if column is None else len("".join(shown[: column - 1]))
    text = "".join(shown)
    if len(text) <= WIDEST:
        return text, caret
    start = 0 if caret is None else max(0, min(caret - WIDEST // 2, len(text) - WIDEST))
    cut = ("\u2026" if start else "") + text[start : start + WIDEST] + ("\u2026" if start + WIDEST < len(text) else "")
    return cut, None if caret is None else caret - start + (1 if start else 0)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, told as ``path:line: message``.

    ``path`` is relative to the site folder (``content/meetings/x.en.md``)
    and written with forward slashes; ``line`` is 1-based, or ``None`` when
    the problem concerns a whole file. The message is put into words when
    the problem is shown (``str()``, or :meth:`text` for a given language),
    always on one line: control characters and line breaks in a file name
    or a quoted value are shown escaped (``\\n``).

    A problem may also quote its line (``source``) with a caret under
    ``column`` (1-based), and carry a ``detail`` (the YAML parser's own
    words); :meth:`printed` shows them on the lines after its own, indented::

        content/site.yaml:20: this line ...
            20 |   - label: Beranda
               |          ^ column 10
            (YAML: mapping values are not allowed here)
    """

    path: str
    line: int | None
    message: Message
    severity: Severity = "error"
    source: str | None = None
    column: int | None = None
    detail: Message | None = None

    def text(self, lang: str | None = None) -> str:
        """``path:line: message`` in ``lang``, or in the language the tool speaks now."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        prefix = WARNING.text(lang) if self.severity == "warning" else ""
        return _printable(f"{where}: {prefix}{self.message.text(lang)}")

    def details(self, lang: str | None = None) -> list[str]:
        """The quoted line with its caret, and the detail: what is shown after :meth:`text`."""
        lines = []
        if self.source is not None and self.line is not None:
            gutter = " " * len(str(self.line))
            shown, caret = _excerpt(self.source, self.column)
            lines.append(f"{self.line} | {shown}".rstrip())
            if caret is not None:
                lines.append(f"{gutter} | {' ' * caret}^ {COLUMN.format(column=self.column).text(lang)}")
        if self.detail is not None:
            lines.append(f"({_printable(self.detail.text(lang))})")
        return lines

    def printed(self, lang: str | None = None) -> str:
        """:meth:`text`, then its :meth:`details`, each on a line of its own, indented."""
        return "\n".join([self.text(lang), *(INDENT + line for line in self.details(lang))])

    def __str__(self) -> str:
        return self.text()

    def as_error(self) -> Problem:
        return replace(self, severity="error")


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, then line, then English text, so every run reports them alike."""
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message.text("en")))


class ContentError(Exception):
    """Raised when the content has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(p.printed() for p in self.problems)
