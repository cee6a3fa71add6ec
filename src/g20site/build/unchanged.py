"""A build in which nothing changed, told from one small record without loading the site.

Every ``g20site build`` that uses the cache leaves ``unchanged-<output>.json`` in ``.g20site-cache/``:

- a digest of every input by name, size, modification and change times, mode and inode: the files of ``content/``,
  ``templates/`` and ``static/``, g20site's own files and those of the libraries it renders with,
  the options that change the output, and ``SOURCE_DATE_EPOCH``;
- the size and time of each file of the output (pages, feeds, sitemaps, calendars, share images, photos,
  the search index, the copies of ``static/``) but the precompressed copies, and of the output's manifest;
- the moment the next event of the site starts or ends (the build's "now" splits them);
- what the build said: pages per language, files, warnings.

The next build computes the same digest first. When it is the same, the moment has not come and
the output is as recorded, there is nothing to do: it says what the last build said, without
reading a document or importing what renders one. Anything else (a link among the inputs, a record
that cannot be read, ``--now``) is a full incremental build.

Trusted as left: the precompressed ``.br`` and ``.gz`` copies, which the output's manifest names (a copy
deleted by hand comes back with the next build that has something to do, or ``--no-cache``); every other
file of the output is checked.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..digest import digest
from ..plain_paths import plain_relative
from .places import MANIFEST

FORMAT = 1
INPUTS = ("content", "templates", "static")
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "PAGEFIND_BINARY_PATH")  # what a build reads from its environment
LIBRARIES = ("markdown", "jinja2", "markupsafe", "yaml", "babel", "PIL", "nh3", "brotli", "pagefind", "pagefind_bin",
             "click")
_PACKAGE = Path(__file__).resolve().parent.parent
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
Stat = tuple[int, int]  # size, modification time in ns


@dataclass(frozen=True)
class Said:
    """What the last build said: enough to say it again."""

    codes: list[str]
    pages: dict[str, int]
    files: int
    warnings: list[Any]  # as the cache stores problems (``cache_messages.PROBLEM``)


def record_name(output: Path) -> str:
    return f"unchanged-{digest(str(output.resolve()))}.json"


def inputs(source: Path, options: Mapping[str, object]) -> str | None:
    """The digest of everything a build reads, or None when it cannot be told by names and times: a link
    among the inputs (what it leads to may change without it), a file changed within :data:`RACY_NS`."""
    parts = [f"{FORMAT}", sys.version, json.dumps(dict(options), sort_keys=True, default=str),
             *(os.environ.get(name, "") for name in ENVIRONMENT)]
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        parts.append(f"{name}:{_stamp(Path(origin)) if origin else '-'}")
    racy = time.time_ns() - RACY_NS
    for folder in (_PACKAGE, *(source / name for name in INPUTS)):
        found = _files(folder, folder != _PACKAGE)
        if found is None or (folder != _PACKAGE and any(mtime > racy for _, mtime in found)):
            return None
        parts += [entry for entry, _ in found]
    return digest(*parts)


# A file changed this recently may change again within the same tick of the file system's clock, its size
# the same: the build's record could not tell the two apart (git's "racily clean"), so it is not made.
RACY_NS = 2_000_000_000


def _files(folder: Path, inputs: bool) -> list[tuple[str, int]] | None:
    """Each file below ``folder`` with its stamp, and its latest change; None if they cannot be told."""
    if not folder.exists() and not folder.is_symlink():
        return [(f"{folder}: none", 0)]
    found: dict[str, tuple[Stamp, int]] = {}
    try:
        _walk(str(folder), inputs, 0, found)
    except (_Link, OSError):  # a link, or a folder that went away while it was read
        return None
    return sorted((f"{path}\0{stamp}", changed) for path, (stamp, changed) in found.items())


Stamp = tuple[int, ...] | str  # a file's size, modification and change times, mode and inode; or "folder"


def input_stamps(source: Path) -> dict[str, tuple[Stamp, int]] | None:
    """Each file and folder of the site's inputs (``content/``, ``templates/``, ``static/``), by its path in the
    site (with ``/``): its stamp (size, modification and change times, mode, inode) and its latest change in
    ns; None when a link is among them or a folder went away while it was read."""
    found: dict[str, tuple[Stamp, int]] = {}
    try:
        for name in INPUTS:
            folder = source / name
            if folder.is_symlink():
                return None
            if folder.is_dir():
                _walk(str(folder), True, len(str(source)) + 1, found)
    except (_Link, OSError):
        return None
    if os.sep != "/":
        return {path.replace(os.sep, "/"): value for path, value in found.items()}
    return found


class _Link(Exception):
    pass


def _walk(folder: str, inputs: bool, start: int, found: dict[str, tuple[Stamp, int]]) -> None:
    """Add each file below ``folder`` to ``found``: by its path (less its first ``start`` characters), its stamp
    and latest change. Below the site's ``inputs`` each folder too (one in a content folder is a warning);
    below g20site's own files, ``__pycache__`` is left out. (A function that fills a dict, not a generator:
    10,000 files at every rebuild of a preview.)"""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                raise _Link(entry.path)
            if entry.is_dir():
                if inputs:
                    found[entry.path[start:]] = ("folder", 0)
                if inputs or entry.name != "__pycache__":
                    _walk(entry.path, inputs, start, found)
                continue
            stat = entry.stat(follow_symlinks=False)
            # the change time too: a file edited with its modification time put back, or made unreadable
            modified, changed = stat.st_mtime_ns, stat.st_ctime_ns
            found[entry.path[start:]] = ((stat.st_size, modified, changed, stat.st_mode, entry.inode()),
                                         modified if modified > changed else changed)


def _stamp(file: Path) -> str:
    try:
        stat = file.stat()
    except OSError:
        return "-"
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"


def record(inputs_digest: str, output: Path, checked: Mapping[str, Stat], now: datetime.datetime,
           until: datetime.datetime | None, said: Said) -> bytes:
    """The record of a build that read ``inputs_digest`` and left ``checked`` in ``output``, at ``now``; the
    next event starts or ends at ``until``."""
    return json.dumps({
        "format": FORMAT, "inputs": inputs_digest, "manifest": _stamp(output / MANIFEST),
        "checked": {rel: list(stat) for rel, stat in sorted(checked.items())},
        "since": now.isoformat(), "until": until.isoformat() if until else None,
        "codes": said.codes, "pages": said.pages, "files": said.files, "warnings": said.warnings,
    }, separators=(",", ":")).encode("utf-8")


def unchanged(cache_folder: Path, output: Path, inputs_digest: str, now: datetime.datetime) -> Said | None:
    """What the last build said, when nothing changed since it (see the module's description); else None."""
    stored = _read(cache_folder, record_name(output))
    try:
        if (type(stored) is not dict or stored["format"] != FORMAT or stored["inputs"] != inputs_digest
                or stored["manifest"] != _stamp(output / MANIFEST)):
            return None
        since, until = datetime.datetime.fromisoformat(stored["since"]), stored["until"]
        if now < since or (until is not None and now >= datetime.datetime.fromisoformat(until)):
            return None  # the clock went back, or an event started or ended since
        said = Said(stored["codes"], stored["pages"], stored["files"], stored["warnings"])
        if not (type(said.codes) is list and all(type(code) is str for code in said.codes)
                and type(said.pages) is dict and all(type(n) is int for n in said.pages.values())
                and type(said.files) is int and type(said.warnings) is list):
            return None
        if not _as_left(output, stored["checked"]):
            return None
    except (TypeError, KeyError, ValueError, AttributeError):  # not a record this version wrote: build
        return None
    return said


def _as_left(output: Path, checked: dict[str, list[int]]) -> bool:
    prefix = f"{output}{os.sep}"
    for rel, (size, mtime_ns) in checked.items():
        if not plain_relative(rel):
            return False
        try:
            stat = os.stat(prefix + rel, follow_symlinks=False)
        except OSError:
            return False
        if stat.st_size != size or stat.st_mtime_ns != mtime_ns:
            return False
    return True


def _read(cache_folder: Path, name: str) -> Any:
    """The record as JSON, or None; never through a link (the cache folder is not trusted)."""
    try:
        if cache_folder.is_symlink():
            return None
        handle = os.open(cache_folder / name, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(handle, "rb") as stream:
            return json.loads(stream.read())
    except (OSError, ValueError, RecursionError):
        return None
