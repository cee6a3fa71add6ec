""""Did you mean": the name, path or file closest to one that does not exist.

Pure functions over lists of names. A name is close when difflib finds it
alike (as for settings and verdicts), or when it holds nearly all of what
was written, in order: a file name written short, ``2022-01-18-rapat``
for ``2022-01-18-rapat-koordinasi-humas``. A path is compared by its
last part with the paths in the same folder, so that what every path there
shares (``/images/``, ``.id.md``) does not make two different names look
alike; only when nothing is in that folder is the whole path compared.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..messages import Message

DID_YOU_MEAN = Message(" (did you mean {word}?)")
ALIKE = 0.6  # difflib's ratio
HELD = 0.85  # of the characters written, found in order in a longer name
SHORTEST = 8  # characters: a shorter name is too short to be a shortened one


def hint(word: str | None) -> Message | str:
    """`` (did you mean WORD?)``, or "" when there is no word to offer."""
    return DID_YOU_MEAN.format(word=word) if word else ""


def alike(word: str, choices: Iterable[str]) -> str | None:
    """The choice difflib finds most alike ``word``, if any is alike enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=ALIKE)
    return close[0] if close else None


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most alike ``word``, or else the one that holds nearly all of it (a name written short)."""
    choices = sorted(choices)
    return alike(word, choices) or _lengthened(word, choices)


def _lengthened(word: str, choices: list[str]) -> str | None:
    if len(word) < SHORTEST:
        return None
    found = []
    for choice in choices:
        matcher = difflib.SequenceMatcher(None, word, choice)
        held = sum(block.size for block in matcher.get_matching_blocks()) / len(word)
        if held >= HELD:
            found.append((matcher.ratio(), choice))
    return max(found)[1] if found else None


def nearest_path(path: str, paths: Iterable[str]) -> str | None:
    """The path of ``paths`` that ``path`` (which is not one of them) most likely meant: one in the
    same folder with a close name; or, when ``paths`` has nothing in that folder, the closest path."""
    paths = sorted(paths)
    folder, name = _split(path)
    beside = {}
    for candidate in paths:
        there, own = _split(candidate)
        if there == folder:
            beside[own] = candidate
    if beside:
        found = closest(name, beside)
        return beside[found] if found else None
    return alike(path, paths)


def _split(path: str) -> tuple[str, str]:
    """``/images/x.png`` -> (``/images``, ``x.png``); ``/about/`` -> ("", ``about``)."""
    folder, _, name = path.rstrip("/").rpartition("/")
    return folder, name
