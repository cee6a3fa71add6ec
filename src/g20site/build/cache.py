"""The build cache in ``<site>/.g20site-cache/``: an optimisation only.

Three stores, each stamped with the versions of g20site and of the
libraries whose output it keeps:

- ``documents.pickle``: parsed content files, by file name and a hash of
  their bytes;
- ``markdown/``: rendered Markdown of each distinct text, with the link
  resolutions it was made with (reused only while they still hold), in
  packs found through ``markdown-index.pickle``;
- ``pages-<output>.pickle``: per output file, the fingerprint of what its
  page was made from, and the size and time of the file written.

Deleting the folder, or a cache left by another version, never changes
the output; a cache that cannot be read is ignored with a warning.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import babel
import jinja2
import markdown

from .. import __version__
from ..digest import digest
from ..errors import Problem
from ..load.documents import Parsed
from ..messages import Message
from ..render.renderer import MarkdownEntry

FOLDER = ".g20site-cache"
FORMAT = 6  # 6: raw HTML sanitized by nh3, raw-HTML findings keyed by the tag as written
STAMP = (f"g20site-cache {FORMAT} {__version__} {markdown.__version__} {version('nh3')} {jinja2.__version__} "
         f"{babel.__version__}")


Pack = tuple[str, tuple[str, ...]]  # a pack's file name and the keys in it


class Cache:
    """One build's view of the cache folder; ``Cache(None)`` keeps nothing.

    Every method that reads or writes returns the problems it met (warnings
    about a damaged or unwritable file) with its result: the caller passes
    them on with what it reports, so nothing travels on shared state.
    """

    def __init__(self, folder: Path | None, keep_in_memory: bool = False) -> None:
        self.folder = folder
        self.keep_in_memory = keep_in_memory  # for a process that builds again and again
        self._memory: dict[str, tuple[int, Any]] = {}
        self._index: dict[str, str] | None = None
        self._index_changed = False
        self._packs: dict[str, dict[str, MarkdownEntry]] = {}
        self._pending: dict[str, MarkdownEntry] = {}

    @classmethod
    def for_site(cls, root: Path, keep_in_memory: bool = False) -> Cache:
        return cls(root / FOLDER, keep_in_memory)

    def _warning(self, name: str, why: Message) -> list[Problem]:
        message = Message("{why}; it is ignored and rebuilt").format(why=why)
        return [Problem(f"{FOLDER}/{name}", None, message, "warning")]

    def load(self, name: str) -> tuple[Any, list[Problem]]:
        """The payload stored under ``name`` (or None), and what was wrong with the file.

        What this object loaded or saved before is kept in memory while the
        file stays as it was, so a long-running preview reads each file once.
        """
        if self.folder is None:
            return None, []
        file = self.folder / name
        try:
            stamp_ns = file.stat().st_mtime_ns
        except FileNotFoundError:
            return None, []
        except OSError as exc:
            return None, self._warning(name, Message("cannot be read ({reason})").format(reason=exc.strerror))
        remembered = self._memory.get(name)
        if remembered is not None and remembered[0] == stamp_ns:
            return remembered[1], []
        try:
            raw = file.read_bytes()
        except OSError as exc:
            return None, self._warning(name, Message("cannot be read ({reason})").format(reason=exc.strerror))
        try:
            stamp, payload = pickle.loads(raw)
        except Exception:  # noqa: BLE001 - any damage to a cache file means: start afresh
            return None, self._warning(name, Message("is damaged"))
        if stamp != STAMP:
            return None, self._warning(name, Message("was made by another version of g20site"))
        if self.keep_in_memory:
            self._memory[name] = (stamp_ns, payload)
        return payload, []

    def save(self, name: str, payload: Any) -> list[Problem]:
        """Store ``payload`` under ``name``; a file that cannot be written is a warning."""
        if self.folder is None:
            return []
        file = self.folder / name
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(file, pickle.dumps((STAMP, payload), protocol=pickle.HIGHEST_PROTOCOL))
            if self.keep_in_memory:
                self._memory[name] = (file.stat().st_mtime_ns, payload)
        except OSError as exc:
            message = Message("cannot be written ({reason})").format(reason=exc.strerror)
            return [Problem(f"{FOLDER}/{name}", None, message, "warning")]
        return []

    # Markdown: entries are written in packs (one per worker's share of pages)
    # and found through an index, so a build opens a few files, not thousands.
    INDEX = "markdown-index.pickle"
    KEEP_PACKS = 4  # packs kept in memory at once

    def _markdown_index(self) -> tuple[dict[str, str], list[Problem]]:
        if self._index is not None:
            return self._index, []
        stored, problems = self.load(self.INDEX)
        self._index = dict(stored) if isinstance(stored, dict) else {}
        self._index_changed = not isinstance(stored, dict)  # damaged or missing: write anew
        return self._index, problems

    def get_markdown(self, key: str) -> tuple[MarkdownEntry | None, list[Problem]]:
        """The rendered Markdown kept under ``key``, if any, and what was wrong with its files."""
        if key in self._pending:
            return self._pending[key], []
        index, problems = self._markdown_index()
        pack = index.get(key)
        if pack is None:
            return None, problems
        if pack not in self._packs:
            if len(self._packs) >= self.KEEP_PACKS:
                self._packs.pop(next(iter(self._packs)))
            stored, found = self.load(f"markdown/{pack}")
            problems += found
            self._packs[pack] = stored if isinstance(stored, dict) else {}
        entry = self._packs[pack].get(key)
        return (entry if isinstance(entry, MarkdownEntry) else None), problems

    def put_markdown(self, key: str, entry: MarkdownEntry) -> None:
        self._pending[key] = entry

    def flush_markdown(self) -> tuple[Pack | None, list[Problem]]:
        """Write the entries made since the last flush as one pack."""
        if not self._pending or self.folder is None:
            self._pending = {}
            return None, []
        keys = tuple(sorted(self._pending))
        name = f"{digest(*keys)}.pack"
        problems = self.save(f"markdown/{name}", self._pending)
        self._pending = {}
        return (name, keys), problems

    def add_packs(self, packs: list[Pack]) -> None:
        index, _problems = self._markdown_index()  # reported where the index was first read
        for name, keys in packs:
            index.update(dict.fromkeys(keys, name))
            self._index_changed = True

    def save_markdown_index(self, live: set[str]) -> list[Problem]:
        """Keep the entries of ``live`` texts; delete packs nothing points to."""
        if self.folder is None:
            return []
        before, problems = self._markdown_index()
        self._index = {key: pack for key, pack in before.items() if key in live}
        if self._index_changed or len(self._index) != len(before) or not (self.folder / self.INDEX).exists():
            problems += self.save(self.INDEX, self._index)
            self._index_changed = False
        used = set(self._index.values())
        folder = self.folder / "markdown"
        if folder.is_dir():
            for file in folder.glob("*.pack"):
                if file.name not in used:
                    file.unlink(missing_ok=True)
        return problems

    def share_image(self, name: str, make: Callable[[], bytes]) -> tuple[bytes, list[Problem]]:
        """A share image by its (content-derived) name: from the cache, or made and kept."""
        stored, problems = self.load(name)
        if isinstance(stored, bytes):
            return stored, problems
        data = make()
        return data, problems + self.save(name, data)

    def pages_name(self, output: Path) -> str:
        return f"pages-{digest(str(output.resolve()))}.pickle"


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
            stored, found = cache.load(self._name(shard))
            self.problems += found
            if isinstance(stored, dict):
                self.old.update(stored)
        self.new: dict[str, tuple[int, int, str, Parsed]] = {}

    def _name(self, shard: int) -> str:
        return f"documents/{shard:02d}.pickle"

    def _shard(self, display: str) -> int:
        return int(digest(display)[:4], 16) % self.SHARDS

    def get(self, file: Path, display: str, parse: Callable[[bytes, str], Parsed]) -> Parsed:
        """The parsed file: from the cache when it is unchanged, else read and parsed."""
        stat = file.stat()
        known = self.old.get(display)
        if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
            self.new[display] = known
            return known[3]
        raw = file.read_bytes()
        raw_digest = digest(raw)
        parsed = known[3] if known is not None and known[2] == raw_digest else parse(raw, raw_digest)
        self.new[display] = (stat.st_size, stat.st_mtime_ns, raw_digest, parsed)
        return parsed

    def save(self) -> list[Problem]:
        """Write the shards that changed; what could not be written."""
        changed = {self._shard(name) for name in self.old.keys() ^ self.new.keys()}
        changed |= {self._shard(name) for name, entry in self.new.items() if self.old.get(name) is not entry}
        problems = []
        for shard in sorted(changed):
            entries = {name: entry for name, entry in self.new.items() if self._shard(name) == shard}
            problems += self.cache.save(self._name(shard), entries)
        return problems


def _atomic_write(file: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
