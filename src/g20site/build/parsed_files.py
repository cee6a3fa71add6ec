"""Content files already parsed, kept in the build cache: the ``Reader`` the loader is given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..digest import digest
from ..errors import Problem
from ..load.documents import Parsed
from .cache import Cache
from .cache_format import entries
from .cache_records import PARSED_FILE


class ParsedFiles:
    """Content files already parsed, kept in the build cache: the reader ``load_site`` is given.

    A file whose size and modification time are as recorded is not read
    again; one whose bytes hash as recorded is not parsed again. Entries are
    spread over shards so that editing one file rewrites one small shard.
    ``problems`` are those met while reading the shards.
    """

    SHARDS = 32

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.old: dict[str, tuple[int, int, str, Parsed]] = {}
        self.problems: list[Problem] = []
        for shard in range(self.SHARDS):
            stored, found = cache.load(self._name(shard), SHARD)
            self.problems += found
            self.old.update(stored or {})
        self.new: dict[str, tuple[int, int, str, Parsed]] = {}

    def _name(self, shard: int) -> str:
        return f"documents/{shard:02d}.json"

    def _shard(self, display: str) -> int:
        return int(digest(display)[:4], 16) % self.SHARDS

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed:
        """The parsed file: from the cache when it is unchanged, else read and parsed."""
        found = file.stat()
        known = self.old.get(display)
        if known is not None and known[:2] == (found.st_size, found.st_mtime_ns):
            self.new[display] = known
            return known[3]
        raw = file.read_bytes()
        raw_digest = digest(raw)
        parsed = known[3] if known is not None and known[2] == raw_digest else parse(raw, raw_digest)
        self.new[display] = (found.st_size, found.st_mtime_ns, raw_digest, parsed)
        return parsed

    def read(self) -> dict[str, Parsed]:
        """What reading each file said, as :meth:`get` returned it."""
        return {display: entry[3] for display, entry in self.new.items()}

    def save(self) -> list[Problem]:
        """Write the shards that changed; what could not be written."""
        changed = {self._shard(name) for name in self.old.keys() ^ self.new.keys()}
        changed |= {self._shard(name) for name, entry in self.new.items() if self.old.get(name) is not entry}
        shards: dict[int, dict[str, tuple[int, int, str, Parsed]]] = {}
        for name, entry in self.new.items():  # each name hashed once, not once per changed shard
            shards.setdefault(self._shard(name), {})[name] = entry
        problems = []
        for shard in sorted(changed):
            problems += self.cache.save(self._name(shard), shards.get(shard, {}), SHARD)
        return problems


SHARD = entries(PARSED_FILE)  # content file -> (size, mtime_ns, digest, parsed); one that cannot be stored is left out
