"""Python-Markdown's inline pass, with a shortcut for text that no inline pattern can match.

Python-Markdown tries each of its inline patterns (links, emphasis, code,
escapes, ...) on every piece of text in a document, one regular expression
after another, even on a paragraph of plain words; on a typical meeting
note that is half of the whole conversion. Every one of those patterns
needs a particular character to match (a link a ``[``, emphasis a ``*``
or ``_``), so text with none of them comes out of the pass as it went in:
this pass returns such text at once and hands everything else to
Python-Markdown unchanged. The output is the same, byte for byte
(``tests/test_markdown_speed.py`` compares it with Python-Markdown's own
pass).

The shortcut is used only while every registered pattern is one whose
characters are known below; an extension that adds another turns it off.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

# What each of Python-Markdown's inline patterns (and those of the extensions the site uses) needs in a
# text before its regular expression can match there.
NEEDS = {
    "backtick": "`",
    "escape": "\\",
    "footnote": "[",
    "reference": "[",
    "link": "[",
    "image_link": "[",
    "image_reference": "[",
    "short_reference": "[",
    "short_image_ref": "[",
    "autolink": "<",
    "automail": "<",
    "html": "<",
    "entity": "&",
    "em_strong": "*_",
    "em_strong2": "_",
    "not_strong": "*_",
    "strong": "*",
    "emphasis": "*",
    "emphasis2": "_",
}
LINE_BREAK = "linebreak"  # two spaces at the end of a line: "  \n"


def _may_match(md: markdown.Markdown) -> re.Pattern[str] | None:
    """A search that finds something in every text that some registered pattern could match; None if unknown."""
    names = [name for name in (*NEEDS, LINE_BREAK) if name in md.inlinePatterns]
    if len(names) != len(md.inlinePatterns):  # a pattern of another extension
        return None
    characters = sorted({char for name in names for char in NEEDS.get(name, "")})
    alternatives = [f"[{re.escape(''.join(characters))}]"] if characters else []
    if LINE_BREAK in names:
        alternatives.append(re.escape("  \n"))
    return re.compile("|".join(alternatives)) if alternatives else None


class QuickInline(InlineProcessor):
    """Python-Markdown's ``InlineProcessor``, returning at once a text no registered pattern can match."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._may_match = _may_match(self.md)  # patterns are registered by then, whatever the extension order
        return super().run(tree, ancestors)

    # The base class calls its private ``__handleInline`` by this mangled name for every text and tail.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        may_match = self._may_match
        if (patternIndex == 0 and may_match is not None and not isinstance(data, util.AtomicString)
                and may_match.search(data) is None):
            return data
        handled: str = super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]
        return handled


INLINE_PRIORITY = 20  # where Python-Markdown registers its own pass


def install(md: markdown.Markdown) -> None:
    """Put the quick pass in the place of Python-Markdown's own ``inline`` tree processor."""
    md.treeprocessors.register(QuickInline(md), "inline", INLINE_PRIORITY)
