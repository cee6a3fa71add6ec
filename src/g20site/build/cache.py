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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import babel
import jinja2
import markdown

from .. import __version__, messages
from ..digest import digest
from ..errors import Problem
from ..messages import _

FOLDER = ".g20site-cache"
FORMAT = 4  # 4: documents carry the claim of a fact check and the schedule of an event
STAMP = f"g20site-cache {FORMAT} {__version__} {markdown.__version__} {jinja2.__version__} {babel.__version__}"


def _stamp() -> str:
    """The stamp of the files written now: cached messages are in the language of the run that made them."""
    return f"{STAMP} messages={messages.current()}"


Pack = tuple[str, tuple[str, ...]]  # a pack's file name and the keys in it


@dataclass(frozen=True)
class MarkdownEntry:
    html: str
    resolutions: tuple[tuple[str, str | None, str | None], ...]  # (link, new value, message)
    findings: tuple[tuple[str, str], ...]  # problems that depend on the text alone


@dataclass(frozen=True)
class PageEntry:
    fingerprint: str
    size: int
    mtime_ns: int
    read: tuple[str, ...]  # the site fields the page's templates read
    links: tuple[tuple[str, str], ...]  # (document path, link) of the Markdown on the page
    share: str | None = None  # the page's share image in the output


class Cache:
    """One build's view of the cache folder; ``Cache(None)`` keeps nothing."""

    def __init__(self, folder: Path | None, keep_in_memory: bool = False) -> None:
        self.folder = folder
        self.keep_in_memory = keep_in_memory  # for a process that builds again and again
        self.warnings: list[Problem] = []
        self._memory: dict[str, tuple[int, Any]] = {}
        self._index: dict[str, str] | None = None
        self._index_changed = False
        self._packs: dict[str, dict[str, MarkdownEntry]] = {}
        self._pending: dict[str, MarkdownEntry] = {}

    @classmethod
    def for_site(cls, root: Path, keep_in_memory: bool = False) -> Cache:
        return cls(root / FOLDER, keep_in_memory)

    def _warn(self, name: str, why: str) -> None:
        message = _("{why}; it is ignored and rebuilt").format(why=why)
        self.warnings.append(Problem(f"{FOLDER}/{name}", None, message, "warning"))

    def load(self, name: str) -> Any:
        """The payload stored under ``name``, or None.

        What this object loaded or saved before is kept in memory while the
        file stays as it was, so a long-running preview reads each file once.
        """
        if self.folder is None:
            return None
        file = self.folder / name
        try:
            stamp_ns = file.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._warn(name, _("cannot be read ({reason})").format(reason=exc.strerror))
            return None
        remembered = self._memory.get(name)
        if remembered is not None and remembered[0] == stamp_ns:
            return remembered[1]
        try:
            raw = file.read_bytes()
        except OSError as exc:
            self._warn(name, _("cannot be read ({reason})").format(reason=exc.strerror))
            return None
        try:
            stamp, payload = pickle.loads(raw)
        except Exception:  # noqa: BLE001 - any damage to a cache file means: start afresh
            self._warn(name, _("is damaged"))
            return None
        if stamp != _stamp():
            if not (isinstance(stamp, str) and stamp.startswith(f"{STAMP} messages=")):
                self._warn(name, _("was made by another version of g20site"))
            return None  # or in another language: its messages are not the ones to show
        if self.keep_in_memory:
            self._memory[name] = (stamp_ns, payload)
        return payload

    def save(self, name: str, payload: Any) -> None:
        if self.folder is None:
            return
        file = self.folder / name
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(file, pickle.dumps((_stamp(), payload), protocol=pickle.HIGHEST_PROTOCOL))
            if self.keep_in_memory:
                self._memory[name] = (file.stat().st_mtime_ns, payload)
        except OSError as exc:
            message = _("cannot be written ({reason})").format(reason=exc.strerror)
            self.warnings.append(Problem(f"{FOLDER}/{name}", None, message, "warning"))

    # Markdown: entries are written in packs (one per worker's share of pages)
    # and found through an index, so a build opens a few files, not thousands.
    INDEX = "markdown-index.pickle"
    KEEP_PACKS = 4  # packs kept in memory at once

    @property
    def index(self) -> dict[str, str]:
        if self._index is None:
            stored = self.load(self.INDEX)
            self._index = dict(stored) if isinstance(stored, dict) else {}
            self._index_changed = not isinstance(stored, dict)  # damaged or missing: write anew
        return self._index

    def get_markdown(self, key: str) -> MarkdownEntry | None:
        if key in self._pending:
            return self._pending[key]
        pack = self.index.get(key)
        if pack is None:
            return None
        if pack not in self._packs:
            if len(self._packs) >= self.KEEP_PACKS:
                self._packs.pop(next(iter(self._packs)))
            stored = self.load(f"markdown/{pack}")
            self._packs[pack] = stored if isinstance(stored, dict) else {}
        entry = self._packs[pack].get(key)
        return entry if isinstance(entry, MarkdownEntry) else None

    def put_markdown(self, key: str, entry: MarkdownEntry) -> None:
        self._pending[key] = entry

    def flush_markdown(self) -> Pack | None:
        """Write the entries made since the last flush as one pack."""
        if not self._pending or self.folder is None:
            self._pending = {}
            return None
        keys = tuple(sorted(self._pending))
        name = f"{digest(*keys)}.pack"
        self.save(f"markdown/{name}", self._pending)
        self._pending = {}
        return name, keys

    def add_packs(self, packs: list[Pack]) -> None:
        for name, keys in packs:
            self.index.update(dict.fromkeys(keys, name))
            self._index_changed = True

    def save_markdown_index(self, live: set[str]) -> None:
        """Keep the entries of ``live`` texts; delete packs nothing points to."""
        if self.folder is None:
            return
        before = self.index
        self._index = {key: pack for key, pack in before.items() if key in live}
        if self._index_changed or len(self._index) != len(before) or not (self.folder / self.INDEX).exists():
            self.save(self.INDEX, self._index)
            self._index_changed = False
        used = set(self._index.values())
        folder = self.folder / "markdown"
        if folder.is_dir():
            for file in folder.glob("*.pack"):
                if file.name not in used:
                    file.unlink(missing_ok=True)

    def share_image(self, name: str, make: Callable[[], bytes]) -> bytes:
        """A share image by its (content-derived) name: from the cache, or made and kept."""
        stored = self.load(name)
        if isinstance(stored, bytes):
            return stored
        data = make()
        self.save(name, data)
        return data

    def pages_name(self, output: Path) -> str:
        return f"pages-{digest(str(output.resolve()))}.pickle"


def _atomic_write(file: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
