"""Problems found in a site's content, and the exception that carries them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .messages import Message

Severity = Literal["error", "warning"]


WARNING = Message("warning: ")

# What would break a problem's one line, or reach the terminal as a command, if printed as it is
# (a file named with a line break, a value with an escape character): shown as its Python escape.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, told as ``path:line: message``.

    ``path`` is relative to the site folder (``content/meetings/x.en.md``)
    and written with forward slashes; ``line`` is 1-based, or ``None`` when
    the problem concerns a whole file. The message is put into words when
    the problem is shown (``str()``, or :meth:`text` for a given language),
    always on one line: control characters and line breaks in a file name
    or a quoted value are shown escaped (``\\n``).
    """

    path: str
    line: int | None
    message: Message
    severity: Severity = "error"

    def text(self, lang: str | None = None) -> str:
        """``path:line: message`` in ``lang``, or in the language the tool speaks now."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        prefix = WARNING.text(lang) if self.severity == "warning" else ""
        return _printable(f"{where}: {prefix}{self.message.text(lang)}")

    def __str__(self) -> str:
        return self.text()

    def as_error(self) -> Problem:
        return Problem(self.path, self.line, self.message, "error")


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
        return "\n".join(str(p) for p in self.problems)
