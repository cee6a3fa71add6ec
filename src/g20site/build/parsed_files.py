"""Content files already parsed, kept in the build cache: the ``Reader`` the loader is given."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from ..digest import digest
from ..errors import Problem
from ..load.documents import Parsed, Request
from .cache import Cache
from .cache_format import entries
from .cache_records import PARSED_FILE
from .workers import forked_map

Entry = tuple[int, int, str, Parsed]  # size, mtime_ns, digest of the bytes, what parsing them gave


class ParsedFiles:
    """Content files already parsed, kept in the build cache: the reader ``load_site`` is given.

    A file whose size and modification time are as recorded is not read
    again; one whose bytes hash as recorded is not parsed again. Entries are
    spread over shards so that editing one file rewrites one small shard.
    The files of a folder that must be parsed are parsed by ``jobs`` processes
    (a first build parses thousands). ``problems`` are those met while
    reading the shards.
    """

    SHARDS = 32

    def __init__(self, cache: Cache, jobs: int = 1) -> None:
        self.cache = cache
        self.jobs = jobs
        self.ready: dict[str, Entry] = {}  # parsed ahead by prefetch, for get
        self.old: dict[str, Entry] = {}
        self.problems: list[Problem] = []
        for shard in range(self.SHARDS):
            stored, found = cache.load(self._name(shard), SHARD)
            self.problems += found
            self.old.update(stored or {})
        self.new: dict[str, Entry] = {}

    def _name(self, shard: int) -> str:
        return f"documents/{shard:02d}.json"

    def _shard(self, display: str) -> int:
        return int(digest(display)[:4], 16) % self.SHARDS

    def prefetch(self, requests: Sequence[Request]) -> None:
        """Read and parse the files of ``requests`` that :meth:`get` would, all at once, in ``jobs`` processes.
        A file that cannot be read is left to :meth:`get`, which says why."""
        todo: list[tuple[str, int, int, Callable[[], tuple[str, Parsed]]]] = []
        for file, display, parse in requests:
            try:
                found = file.stat()
            except OSError:
                continue
            known = self.old.get(display)
            if known is not None and known[:2] == (found.st_size, found.st_mtime_ns):
                self.ready[display] = known  # as the cache has it
            else:
                todo.append((display, found.st_size, found.st_mtime_ns,
                             functools.partial(_read_and_parse, file, parse, known[2:] if known else None)))
        done = forked_map([task for *_, task in todo], self.jobs)
        for (display, size, mtime_ns, _), (raw_digest, parsed) in zip(todo, done, strict=True):
            if raw_digest:
                self.ready[display] = (size, mtime_ns, raw_digest, parsed)

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed:
        """The parsed file: from the cache when it is unchanged, else read and parsed."""
        ready = self.ready.pop(display, None)
        if ready is not None:
            self.new[display] = ready
            return ready[3]
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
        shards: dict[int, dict[str, Entry]] = {}
        for name, entry in self.new.items():  # each name hashed once, not once per changed shard
            shards.setdefault(self._shard(name), {})[name] = entry
        problems = []
        for shard in sorted(changed):
            problems += self.cache.save(self._name(shard), shards.get(shard, {}), SHARD)
        return problems


def _read_and_parse(file: Path, parse: Callable[[bytes, str], Parsed], known: tuple[str, Parsed] | None
                    ) -> tuple[str, Parsed]:
    """The digest of ``file``'s bytes and what parsing them gives (``known``'s when the digest is the same);
    no digest when the file cannot be read."""
    try:
        raw = file.read_bytes()
    except OSError:
        return "", (None, [])
    raw_digest = digest(raw)
    return raw_digest, known[1] if known is not None and known[0] == raw_digest else parse(raw, raw_digest)


SHARD = entries(PARSED_FILE)  # content file -> (size, mtime_ns, digest, parsed); one that cannot be stored is left out
