"""The build cache in ``<site>/.g20site-cache/``: an optimisation only, and data only.

Four stores, the structured ones JSON files stamped with the versions of
g20site and of the libraries whose output they keep:

- ``documents/NN.json``: parsed content files, by file name and a hash of
  their bytes, spread over 32 shards;
- ``markdown/<hash>.json``: rendered Markdown of each distinct text, with the
  link resolutions it was made with (reused only while they still hold), in
  packs found through ``markdown-index.json``;
- ``pages-<output>/NN.json``: per output file, the fingerprint of what its
  page was made from, and the size and time of the file written, spread over
  32 shards by the file's folder (``head.json``: what the pages were made
  with: the site's digest and where each link led; ``documents.json``: the
  digest of each document);
- ``share-images/<name>.png``: the share images, as plain PNG files (JPEG files
  for those with a photo behind their words);
- ``photos/<hash>-<width>.<ext>``: the sizes made of each photo, and its clean
  copy (``<hash>-full.<ext>``), as plain WebP, JPEG and PNG files.

Nothing in it can run code: every file is read as JSON (or checked to be
a whole image file of its kind) and converted by the explicit converters
of ``cache_format.py``, which accept nothing but the shapes and types they expect. A file that is
unreadable, damaged, of another version or not what it should be is
ignored whole with one warning and made again; deleting the folder never
changes the output.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

import babel
import jinja2
import markdown

from .. import __version__
from ..digest import digest
from ..errors import Problem
from ..messages import Message
from ..render.renderer import MarkdownEntry
from ..whole_files import replace_file
from .cache_format import STR, Damaged, Kind, Unstorable, entries, tuple_of
from .cache_records import LAYOUT, MARKDOWN_ENTRY, photo_file, share_image
from .places import FOLDER

FORMAT = 13  # 7: JSON files and plain PNG files instead of pickles; raw HTML sanitized by nh3;
# 8: messages with plural forms; 9: a problem may quote its line, with a column and a detail;
# 10: the page table keeps each page's warnings; 11: Markdown images without a description are findings;
# 12: the page table keeps the language the search index finds each page in; 13: the page table in shards
STAMP = (f"g20site-cache {FORMAT} {LAYOUT} {__version__} {markdown.__version__} {version('nh3')} "
         f"{jinja2.__version__} {babel.__version__}")
# the files of the pickled caches before FORMAT 6, removed when found
OLD_FILES = ("markdown/*.pack", "documents/*.pickle", "pages-*.pickle", "share/*.png", "markdown-index.pickle",
             "pages-*.json")  # (the page table in one file, before FORMAT 13)


Pack = tuple[str, tuple[str, ...]]  # a pack's file name and the keys in it
_PACK_NAME = re.compile(r"[0-9a-f]{32}\.json")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # a cache file that is a link is not followed
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # nor is a pipe waited for


class OtherVersion(ValueError):
    """A cache file stamped by another version of g20site or of its libraries."""


class Cache:
    """One build's view of the cache folder; ``Cache(None)`` keeps nothing.

    Every method that reads or writes returns the problems it met (warnings
    about a damaged or unwritable file) with its result: the caller passes
    them on with what it reports, so nothing travels on shared state.
    """

    def __init__(self, folder: Path | None, keep_in_memory: bool = False, read_only: bool = False) -> None:
        self.folder = folder
        self.keep_in_memory = keep_in_memory  # for a process that builds again and again
        self.read_only = read_only  # read what is there, write nothing (``g20site check``)
        self._linked = False  # a link leads out of the cache folder: said once
        self._memory: dict[str, tuple[int, Any]] = {}
        self._index: dict[str, str] | None = None
        self._index_changed = False
        self._packs: dict[str, dict[str, MarkdownEntry]] = {}
        self._pending: dict[str, MarkdownEntry] = {}

    @classmethod
    def for_site(cls, root: Path, keep_in_memory: bool = False, read_only: bool = False) -> Cache:
        return cls(root / FOLDER, keep_in_memory, read_only)

    def _own(self, folder: Path) -> bool:
        """``folder`` is the cache folder or one below it, and no link on the way leads elsewhere:
        the cache writes and deletes only there (a link in a site folder is not to be trusted)."""
        assert self.folder is not None
        path = folder
        while True:
            if path.is_symlink():
                return False
            if path == self.folder or path == path.parent:
                return path == self.folder
            path = path.parent

    def _warning(self, name: str, why: Message) -> list[Problem]:
        message = Message("{why}; it is ignored and rebuilt").format(why=why)
        return [Problem(f"{FOLDER}/{name}", None, message, "warning")]

    def load(self, name: str, kind: Kind) -> tuple[Any, list[Problem]]:
        """The value stored under ``name`` as ``kind`` (or None), and what was wrong with the file.

        What this object loaded or saved before is kept in memory while the
        file stays as it was, so a long-running preview reads each file once.
        """
        return self._load(name, lambda raw: _from_json(raw, kind))

    def save(self, name: str, value: Any, kind: Kind) -> list[Problem]:
        """Store ``value`` under ``name`` as ``kind``; a file that cannot be written is a warning."""
        return self._save(name, value, lambda: _to_json(value, kind))

    def _load(self, name: str, decode: Callable[[bytes], Any]) -> tuple[Any, list[Problem]]:
        if self.folder is None:
            return None, []
        file = self.folder / name
        if not self._own(file.parent):  # nothing is read from behind a link that leads elsewhere
            return None, []
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
            raw = _read(file)
        except OSError as exc:
            return None, self._warning(name, Message("cannot be read ({reason})").format(reason=exc.strerror))
        try:
            with _no_collection():
                value = decode(raw)
        except OtherVersion:
            return None, self._warning(name, Message("was made by another version of g20site"))
        # JSON that is not JSON, or not the shape and types stored (Damaged): whatever the bytes, start afresh
        except (ValueError, TypeError, LookupError, RecursionError):
            return None, self._warning(name, Message("is damaged"))
        if self.keep_in_memory:
            self._memory[name] = (stamp_ns, value)
        return value, []

    def _save(self, name: str, value: Any, encode: Callable[[], bytes]) -> list[Problem]:
        if self.folder is None or self.read_only:
            return []
        file = self.folder / name
        if not self._own(file.parent):  # said once: every file of the cache would say it
            warned, self._linked = self._linked, True
            return [] if warned else self._warning(name, Message("lies behind a link that leads out of the cache "
                                                                 "folder: the cache is not used"))
        try:
            data = encode()
        except Unstorable:  # not kept this time; made again when needed
            self._memory.pop(name, None)
            with contextlib.suppress(OSError):
                file.unlink(missing_ok=True)
            return []
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            replace_file(file, data)
            if self.keep_in_memory:
                self._memory[name] = (file.stat().st_mtime_ns, value)
        except OSError as exc:
            message = Message("cannot be written ({reason})").format(reason=exc.strerror)
            return [Problem(f"{FOLDER}/{name}", None, message, "warning")]
        return []

    def save_bytes(self, name: str, data: bytes) -> list[Problem]:
        """Store ``data`` as the file ``name``, as it is (for a record that is read without this class)."""
        return self._save(name, data, lambda: data)

    # Markdown: entries are written in packs (one per worker's share of pages)
    # and found through an index, so a build opens a few files, not thousands.
    INDEX = "markdown-index.json"
    KEEP_PACKS = 4  # packs kept in memory at once

    def _markdown_index(self) -> tuple[dict[str, str], list[Problem]]:
        if self._index is not None:
            return self._index, []
        stored, problems = self._load(self.INDEX, _read_index)
        self._index = dict(stored) if stored is not None else {}
        self._index_changed = stored is None  # damaged or missing: write anew
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
            stored, found = self.load(f"markdown/{pack}", PACK)
            problems += found
            self._packs[pack] = stored or {}
        return self._packs[pack].get(key), problems

    def put_markdown(self, key: str, entry: MarkdownEntry) -> None:
        self._pending[key] = entry

    def flush_markdown(self) -> tuple[Pack | None, list[Problem]]:
        """Write the entries made since the last flush as one pack."""
        if not self._pending or self.folder is None:
            self._pending = {}
            return None, []
        keys = tuple(sorted(self._pending))
        name = f"{digest(*keys)}.json"
        problems = self.save(f"markdown/{name}", self._pending, PACK)
        self._pending = {}
        return (name, keys), problems

    def add_packs(self, packs: list[Pack]) -> None:
        index, _problems = self._markdown_index()  # reported where the index was first read
        for name, keys in packs:
            index.update(dict.fromkeys(keys, name))
            self._index_changed = True

    def save_markdown_index(self, live: set[str]) -> list[Problem]:
        """Keep the entries of ``live`` texts; delete packs nothing points to (and an old pickled cache)."""
        if self.folder is None or self.read_only:
            return []
        before, problems = self._markdown_index()
        self._index = {key: pack for key, pack in before.items() if key in live}
        if self._index_changed or len(self._index) != len(before) or not (self.folder / self.INDEX).exists():
            problems += self._save(self.INDEX, self._index, lambda: _index_json(self._index or {}))
            self._index_changed = False
        used = set(self._index.values())
        folder = self.folder / "markdown"
        if folder.is_dir() and self._own(folder):
            for file in folder.glob("*.json"):
                if file.name not in used:
                    file.unlink(missing_ok=True)
        self._forget_old_format()
        return problems

    def _forget_old_format(self) -> None:
        """Remove the files of a cache written by a version that pickled it: never read, only in the way."""
        assert self.folder is not None
        if not (self.folder / "markdown-index.pickle").is_file():
            return
        for pattern in OLD_FILES:  # the index last: a removal cut short is finished next time
            for file in self.folder.glob(pattern):
                if self._own(file.parent):
                    file.unlink(missing_ok=True)
        for empty in ("share", "documents", "markdown"):
            try:
                (self.folder / empty).rmdir()
            except OSError:
                continue

    # Share images: plain PNG files, each checked to be one before it is used.
    IMAGES = "share-images"

    def share_image(self, name: str) -> tuple[bytes | None, list[Problem]]:
        """A share image by its (content-derived) name, when the cache holds it whole."""
        kept = f"{self.IMAGES}/{Path(name).name}"
        return self._load(kept, partial(share_image, kept))

    def keep_share_image(self, name: str, file: Path, data: bytes) -> list[Problem]:
        """Keep the share image ``data``, which this build has just written as ``file``: as a second name of
        that file (a hard link), so that its bytes are written once; as a copy where the file system has no
        such links (another device), or a file of that name is in the way (one found damaged)."""
        if self.folder is None or self.read_only:
            return []
        kept = f"{self.IMAGES}/{Path(name).name}"
        target = self.folder / kept
        if self._own(target.parent):  # (else the copy below says why nothing is kept)
            try:
                try:
                    os.link(file, target, follow_symlinks=False)
                except FileNotFoundError:  # the first image kept: its folder is made
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.link(file, target, follow_symlinks=False)
                if self.keep_in_memory:
                    self._memory[kept] = (target.stat().st_mtime_ns, data)
                return []
            except OSError:
                pass
        return self._save(kept, data, lambda: data)

    # Photos: the sizes and clean copies made of each, plain image files, each checked to be a whole one.
    PHOTOS = "photos"

    def photo(self, key: str) -> tuple[bytes | None, list[Problem]]:
        """A file made of a photo by an earlier build, by its (content-derived) key; not kept in memory."""
        kept = f"{self.PHOTOS}/{Path(key).name}"
        stored, problems = self._load(kept, partial(photo_file, kept))
        self._memory.pop(kept, None)
        return stored, problems

    def keep_photo(self, key: str, data: bytes) -> list[Problem]:
        kept = f"{self.PHOTOS}/{Path(key).name}"
        problems = self._save(kept, data, lambda: data)
        self._memory.pop(kept, None)
        return problems

    def forget_photos(self, live: set[str]) -> None:
        """Delete the files made of photos the site no longer has (``live``: the keys of those it has)."""
        if self.folder is None or self.read_only:
            return
        folder = self.folder / self.PHOTOS
        if folder.is_dir() and self._own(folder):
            for file in folder.iterdir():
                if file.name not in live and not file.name.startswith("."):
                    file.unlink(missing_ok=True)

    def pages_name(self, output: Path) -> str:
        """The folder of the page table of ``output``."""
        return f"pages-{digest(str(output.resolve()))}"


PACK = entries(MARKDOWN_ENTRY)


def _to_json(value: Any, kind: Kind) -> bytes:
    """A cache file: its stamp, then the value as JSON data."""
    return json.dumps({"stamp": STAMP, "data": kind.dump(value)}, separators=(",", ":")).encode("ascii")


def _from_json(raw: bytes, kind: Kind) -> Any:
    """The value of a cache file; :class:`OtherVersion`, or :class:`Damaged` (or ValueError) at anything else."""
    found = json.loads(raw)
    if type(found) is not dict or found.keys() != {"stamp", "data"}:
        raise Damaged("not a cache file")
    if found["stamp"] != STAMP:
        raise OtherVersion(found["stamp"])
    return kind.load(found["data"])


def _index_json(index: dict[str, str]) -> bytes:
    """The Markdown index, stored as each pack's name and the keys in it."""
    packs: dict[str, list[str]] = {}
    for key, pack in index.items():
        packs.setdefault(pack, []).append(key)
    return _to_json({pack: tuple(sorted(keys)) for pack, keys in packs.items()}, INDEX)


def _read_index(raw: bytes) -> dict[str, str]:
    index: dict[str, str] = {}
    for pack, keys in _from_json(raw, INDEX).items():
        if not _PACK_NAME.fullmatch(pack):  # only a file of markdown/, by the name it was written under
            raise Damaged(f"not a pack's name: {pack!r}")
        index.update(dict.fromkeys(keys, pack))
    return index


INDEX = entries(tuple_of(STR))


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a file becomes objects: the data has no cycles, and
    each collection would walk every object loaded so far (a fifth of the time for 10,000 documents)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read(file: Path) -> bytes:
    """The bytes of ``file``, which must be a file of its own, not a link to one; nothing if it
    is no regular file (a pipe, a device: read as damaged, never waited for)."""
    handle = os.open(file, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    with os.fdopen(handle, "rb") as stream:
        return stream.read() if stat.S_ISREG(os.fstat(handle).st_mode) else b""
