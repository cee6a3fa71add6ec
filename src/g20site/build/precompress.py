"""Precompressed copies: ``x.html.br`` and ``x.html.gz`` beside ``x.html``, for servers that send them
as they are (nginx ``gzip_static``/``brotli_static``, Apache with the rules of ``.htaccess``) instead
of compressing every answer again.

Only text files of at least :data:`MIN_SIZE` bytes are compressed, and a copy is kept only when it is
smaller. Both encodings give the same bytes for the same input (gzip without a time or file name in
its header), so the output stays identical from build to build. A copy is made when its file was
staged (it changed) or when it is missing from the output; otherwise the copy in the output, made
from the same bytes, stays. Pages are compressed in the workers that render them
(:class:`Compressing` wraps their sink); every other file by :func:`settle` before the commit.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Callable, Iterable, Set
from pathlib import Path

import brotli

from ..render.hosting import HASHED_NAMES, PRECOMPRESSED
from .write import Payload, Staging

MIN_SIZE = 256  # smaller files gain too little to be worth a second request-time lookup
# How hard to try: files named by their content (the stylesheet, the scripts) are compressed once per
# change and kept by readers for a year, so they get the best (brotli 11: 0.3-1 MB/s); everything else,
# pages above all, is remade whenever it changes, so it gets brotli 5 and gzip 6 (about 8 MB/s and
# 20 MB/s on one core; brotli 11 is 10 % smaller on the bundled site's pages, 40 times slower).
BEST, FAST = {".br": 11, ".gz": 9}, {".br": 5, ".gz": 6}
SUFFIXES = (".br", ".gz")
_HASHED = re.compile(f"({HASHED_NAMES})$")


def wanted(rel: str) -> bool:
    """``rel`` is a kind of file that gets compressed copies."""
    return rel.endswith(PRECOMPRESSED)


def copies(data: bytes, best: bool = False) -> dict[str, bytes]:
    """The compressed copies of ``data`` worth keeping, by the ending they add; ``best``: the smallest."""
    if len(data) < MIN_SIZE:
        return {}
    level = BEST if best else FAST
    found = {".br": brotli.compress(data, quality=level[".br"]),
             ".gz": gzip.compress(data, compresslevel=level[".gz"], mtime=0)}
    return {suffix: packed for suffix, packed in found.items() if len(packed) < len(data)}


class Compressing:
    """A sink that stages each file it is given into ``staging`` with its compressed copies."""

    def __init__(self, staging: Staging) -> None:
        self.staging = staging

    def put(self, rel: str, payload: Payload) -> bool:
        staged = self.staging.put(rel, payload)
        if wanted(rel):
            compress(self.staging, rel, staged, payload)
        return staged

    def put_once(self, rel: str, make: Callable[[], bytes]) -> bool:
        return self.staging.put_once(rel, make)  # images, named by their content: not compressed

    def path_of(self, rel: str) -> Path:
        return self.staging.path_of(rel)


def compress(staging: Staging, rel: str, staged: bool, payload: Payload) -> set[str]:
    """Stage the copies of ``rel`` (whose bytes are ``payload``) that are not in the output as made:
    all when ``rel`` was staged, else the missing ones. Returns the names of the copies staged."""
    missing = [suffix for suffix in SUFFIXES if staged or not os.path.isfile(f"{staging.out}{os.sep}{rel}{suffix}")]
    if not missing:
        return set()
    data = payload.read_bytes() if isinstance(payload, Path) else payload
    made = copies(data, best=_HASHED.search(rel) is not None)
    for suffix in missing:
        if suffix in made:  # with a staged file, its copies, whatever the output holds (it may be stale)
            staging.write(f"{rel}{suffix}", made[suffix])
    return {f"{rel}{suffix}" for suffix in missing if suffix in made}


def settle(staging: Staging, names: Iterable[str], changed: set[str], done: set[str],
           left: Set[str] | None = None) -> tuple[set[str], set[str]]:
    """Compress the files in ``names`` that the workers did not (``done``), then name every copy the
    output should hold: those staged now, and those of unchanged files that it still holds (``left``,
    when given: the files the output holds as this process left it, taken as they are). Returns those
    names and the ones staged."""
    found: set[str] = set()
    staged: set[str] = set()
    out, folder = f"{staging.out}{os.sep}", f"{staging.folder}{os.sep}"  # strings: one stat per copy, no more
    if left is not None:  # the copies of the files this build did not write are there
        names = set(names)
        fresh = changed | done
        found = {rel + suffix for rel in names - fresh for suffix in SUFFIXES if rel + suffix in left}
        names &= fresh
    for rel in sorted(names):
        if not wanted(rel):
            continue
        if rel in done:  # the worker staged what it made
            made = {copy for copy in _copies(rel) if os.path.isfile(folder + copy)}
        elif rel in changed:
            made = compress(staging, rel, True, staging.path_of(rel))
        else:
            made = set()
        if rel not in changed:  # the copies in the output were made from the same bytes; a missing one is made
            present = {copy for copy in _copies(rel) - made if os.path.isfile(out + copy)}
            if rel not in done and len(present) < len(SUFFIXES):
                made = compress(staging, rel, False, staging.path_of(rel))
            found |= {copy for copy in present if copy in staging.owned}
        staged |= made
        found |= made
    return found, staged


def _copies(rel: str) -> set[str]:
    return {f"{rel}{suffix}" for suffix in SUFFIXES}
