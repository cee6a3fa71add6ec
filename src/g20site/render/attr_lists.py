"""Attribute lists that Markdown left on the page as text.

An attribute list (``{lang=en}``, ``{: .note}``, ``{#id}``) applies to what
comes right before it: ``*welcoming dinner*{lang=en}`` marks the emphasis
as English. With anything in between, ``(*welcoming dinner*){lang=en}``,
Markdown applies nothing and prints ``{lang=en}`` on the page. This module
finds such lists in a document's HTML (not in code, where braces are meant
as they are), and where each is in the Markdown, with how to write it.
"""

from __future__ import annotations

import re
from html import unescape

from ..messages import Message

_ITEM = r"""(?:[#.][\w-]+|[A-Za-z_][\w:-]*=(?:"[^"\n]*"|'[^'\n]*'|[^\s{}"']+))"""
LIST = re.compile(rf"\{{:?[ \t]*{_ITEM}(?:[ \t]+{_ITEM})*[ \t]*\}}")
_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# What an attribute list applies to when it follows it at once: emphasis or code, a link or an image
_ELEMENT_END = re.compile(r"""(?:[*_`]|\]\([^()\s]*(?:\s+"[^"\n]*")?\)|\]\[[^\]\n]*\]|\])$""")
_WRAPPED = re.compile(r"\(([*_`]+)([^*_`\n]+)\1\)$")  # (*words*) with the list after the bracket
_SPACED = re.compile(r"([*_`]+)([^*_`\n]+)\1[ \t]+$")  # *words* {lang=en}

FIX = Message('"{written}" is shown on the page as text: an attribute list applies only to what comes right '
              "before it, with nothing in between; write {fixed}")
EXAMPLE = Message('"{written}" is shown on the page as text: an attribute list applies only to what comes right '
                  "before it, with nothing in between, e.g. *welcoming dinner*{written}")


def left_as_text(html: str) -> list[str]:
    """Each attribute list that ``html`` shows as text, outside code, in order."""
    text = unescape(_TAG.sub("", _CODE.sub(" ", html)))
    return [found.group(0) for found in LIST.finditer(text)]


def find_in(body: str, html: str) -> list[tuple[int, Message]]:
    """Each attribute list the rendered ``html`` shows as text: how many lines of the Markdown
    ``body`` come before it, and what to write instead."""
    found: list[tuple[int, Message]] = []
    taken: set[int] = set()
    for written in left_as_text(html):
        offset = _source_offset(body, written, taken)
        taken.add(offset)
        before = body[:offset] if offset >= 0 else ""
        found.append((body.count("\n", 0, max(offset, 0)), _advice(written, before)))
    return list(dict.fromkeys(found))


def _source_offset(body: str, written: str, taken: set[int]) -> int:
    """Where ``written`` is in ``body`` as text that applies to nothing (else its first place not yet
    told, else -1): not after an element, not on a line of its own, not at the end of a heading."""
    places = [m.start() for m in re.finditer(re.escape(written), body)]
    free = [place for place in places if place not in taken]
    return next((place for place in free if not _applies(body[:place])), free[0] if free else -1)


def _applies(before: str) -> bool:
    line = before.rsplit("\n", 1)[-1]
    return not line.strip() or line.lstrip().startswith("#") or bool(_ELEMENT_END.search(before))


def _advice(written: str, before: str) -> Message:
    wrapped = _WRAPPED.search(before)
    if wrapped:
        mark, words = wrapped.groups()
        return FIX.format(written=written, fixed=f"({mark}{words}{mark}{written})")
    spaced = _SPACED.search(before)
    if spaced:
        mark, words = spaced.groups()
        return FIX.format(written=written, fixed=f"{mark}{words}{mark}{written}")
    return EXAMPLE.format(written=written)
