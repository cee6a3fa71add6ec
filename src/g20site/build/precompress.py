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
from collections.abc import Callable, Iterable
from pathlib import Path

import brotli

from ..render.hosting import PRECOMPRESSED
from .write import Payload, Staging

MIN_SIZE = 256  # smaller files gain too little to be worth a second request-time lookup
ENCODERS: tuple[tuple[str, Callable[[bytes], bytes]], ...] = (
    (".br", lambda data: brotli.compress(data, quality=11)),
    (".gz", lambda data: gzip.compress(data, compresslevel=9, mtime=0)),
)
SUFFIXES = tuple(suffix for suffix, _ in ENCODERS)


def wanted(rel: str) -> bool:
    """``rel`` is a kind of file that gets compressed copies."""
    return rel.endswith(PRECOMPRESSED)


def copies(data: bytes) -> dict[str, bytes]:
    """The compressed copies of ``data`` worth keeping, by the ending they add."""
    if len(data) < MIN_SIZE:
        return {}
    found = {suffix: encode(data) for suffix, encode in ENCODERS}
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


def compress(staging: Staging, rel: str, staged: bool, payload: Payload) -> None:
    """Stage the copies of ``rel`` (whose bytes are ``payload``) that are not in the output as made."""
    if not staged and all((staging.out / f"{rel}{suffix}").is_file() for suffix in SUFFIXES):
        return
    data = payload.read_bytes() if isinstance(payload, Path) else payload
    for suffix, packed in copies(data).items():
        if staged or not (staging.out / f"{rel}{suffix}").is_file():
            staging.put(f"{rel}{suffix}", packed)


def settle(staging: Staging, names: Iterable[str], changed: set[str], done: set[str]) -> tuple[set[str], set[str]]:
    """Compress the files in ``names`` that the workers did not (``done``), then name every copy the
    output should hold: those staged now, and those of unchanged files that it still holds. Returns
    those names and the ones staged."""
    found: set[str] = set()
    staged: set[str] = set()
    for rel in sorted(names):
        if not wanted(rel):
            continue
        if rel not in done:
            compress(staging, rel, rel in changed, staging.path_of(rel))
        for copy in (f"{rel}{suffix}" for suffix in SUFFIXES):
            if (staging.folder / copy).is_file():
                found.add(copy)
                staged.add(copy)
            elif rel not in changed and copy in staging.owned and (staging.out / copy).is_file():
                found.add(copy)
    return found, staged
