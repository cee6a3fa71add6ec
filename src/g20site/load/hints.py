""""Did you mean": the name, path or file closest to one that does not exist.

Pure functions over lists of names. A name is close when difflib finds it
alike (as for settings and verdicts), or when it holds nearly all of what
was written, in order: a file name written short, ``2022-01-18-rapat``
for ``2022-01-18-rapat-koordinasi-humas``. A path is compared by its
last part with the paths in the same folder, so that what every path there
shares (``/images/``, ``.id.md``) does not make two different names look
alike; only when nothing is in that folder is the whole path compared.
The name of a setting written in Indonesian (``judul:``) is looked up
first in a table of the words a writer would use for each.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..messages import Message

DID_YOU_MEAN = Message(" (did you mean {word}?)")
ALIKE = 0.6  # difflib's ratio
HELD = 0.85  # of the characters written, found in order in a longer name
SHORTEST = 8  # characters: a shorter name is too short to be a shortened one

# The Indonesian words a writer would use for a setting: each the name of one.
INDONESIAN = {
    "judul": "title", "tanggal": "date", "ringkasan": "summary", "peserta": "participants",
    "sumber": "sources", "gambar": "image", "foto": "image", "keterangan_gambar": "image_alt",
    "klaim": "claim", "tempat": "place", "lokasi": "place", "mulai": "start", "selesai": "end",
    "penilaian": "verdict", "putusan": "verdict", "tagar": "tags", "draf": "draft", "alamat": "address",
    "penyelenggara": "organizer", "zona_waktu": "timezone", "pendaftaran": "registration", "daring": "online",
    "nama": "name", "deskripsi": "description", "teks": "text",
}


def hint(word: str | None) -> Message | str:
    """`` (did you mean WORD?)``, or "" when there is no word to offer."""
    return DID_YOU_MEAN.format(word=word) if word else ""


def alike(word: str, choices: Iterable[str]) -> str | None:
    """The choice difflib finds most alike ``word``, if any is alike enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=ALIKE)
    return close[0] if close else None


def setting(word: str, choices: Iterable[str]) -> str | None:
    """The setting of ``choices`` that ``word`` (not one of them) stands for: the one it names in
    Indonesian (``judul`` for ``title``), else the one most alike."""
    choices = list(choices)
    english = INDONESIAN.get(word.strip().lower().replace("-", "_").replace(" ", "_"))
    return english if english in choices else alike(word, choices)


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
