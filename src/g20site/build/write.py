"""Writing the output folder safely.

Everything is written first into a staging folder beside the output, then
moved into place file by file (``os.replace``, atomic on one file system).
Nothing is written through a link: a link in the output where a file goes,
or on the way to it, is a conflict that stops the build before any move.
A file whose bytes did not change is left alone, so its modification
time tells what a build really changed. A manifest inside the output
records which files and folders the builder made: only those are ever
removed, so files a user keeps there (``CNAME``, ``.git``) survive.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ContentError, Problem
from ..messages import Message
from ..plain_paths import plain_relative
from .output_folder import remove_leftovers, staging_prefix, work_prefix
from .places import MANIFEST

Payload = bytes | Path  # rendered bytes, or a static file to copy
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # the staging folder is the build's own: a link there is not followed
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW  # a file made by this write, never one rewritten
LINK = Message("is a link; g20site does not write through links in the output folder; remove it")


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def _read_manifest(out: Path) -> tuple[set[str], set[str]]:
    """What an earlier build wrote; entries that could lead outside ``out`` are dropped."""
    try:
        stamp = _stamp(out / MANIFEST)
        if stamp == _WRITTEN.get(str(out), (None,))[0]:  # as this process read or wrote it: tens of thousands of names
            return set(_WRITTEN[str(out)][1]), set(_WRITTEN[str(out)][2])
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        files, dirs = data["files"], data["dirs"]
    except (OSError, ValueError, KeyError, TypeError):
        return set(), set()
    if not isinstance(files, list) or not isinstance(dirs, list):
        return set(), set()
    files, dirs = _inside(out, files), _inside(out, dirs)
    _WRITTEN[str(out)] = (stamp, frozenset(files), frozenset(dirs))
    return files, dirs


# The manifest of each output folder as this process last read or wrote it: its stamp, files and folders.
_WRITTEN: dict[str, tuple[tuple[int, int, int, int], frozenset[str], frozenset[str]]] = {}


def _stamp(file: Path) -> tuple[int, int, int, int]:
    stat = os.stat(file, follow_symlinks=False)
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def manifest_stamp(out: Path) -> tuple[int, int, int, int] | None:
    """The size, times and inode of ``out``'s manifest; None when it has none: another build into ``out``,
    or the folder removed, changes it."""
    try:
        return _stamp(out / MANIFEST)
    except OSError:
        return None


def _inside(out: Path, entries: list[object]) -> set[str]:
    """Entries that name a path below ``out`` in plain relative form.

    Links are checked where it matters, before anything is removed
    (:func:`_removable`); this check is syntax only, so it stays cheap.
    """
    return {entry for entry in entries if isinstance(entry, str) and plain_relative(entry)}


def _removable(out: Path, rel: str) -> bool:
    """``out/rel`` really lies inside ``out``, even after following links."""
    try:
        root = out.resolve()
        target = (out / rel).parent.resolve() / (out / rel).name
    except (OSError, RuntimeError):  # RuntimeError: links in a loop
        return False
    return target.is_relative_to(root) and target != root


def _same(target: Path, payload: Payload) -> bool:
    if not target.is_file():
        return False
    if isinstance(payload, Path):
        if target.stat().st_size != payload.stat().st_size:
            return False
        payload = payload.read_bytes()
    return target.stat().st_size == len(payload) and target.read_bytes() == payload


def _link_on_the_way(out: Path, rel: str) -> Path | None:
    """The first link among the folders below ``out`` that lead to ``out/rel``, or ``out/rel`` itself."""
    path = out
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            return path
        if not path.exists():
            return None
    return None


def _conflicts(out: Path, changed: set[str], owned: set[str]) -> list[Problem]:
    problems = []
    links: set[Path] = set()
    for rel in sorted(changed):
        target = out / rel
        link = _link_on_the_way(out, rel)
        if link is not None:  # writing there would write wherever the link leads
            if link not in links:
                links.add(link)
                problems.append(Problem(str(link), None, LINK))
            continue
        parent = target.parent
        while parent != out and not parent.exists():
            parent = parent.parent
        if parent != out and not parent.is_dir():
            message = Message("is a file where the site needs a folder; move it away")
            problems.append(Problem(str(parent), None, message))
        elif target.is_dir():
            message = Message("is a folder where the site needs a file; move it away")
            problems.append(Problem(str(target), None, message))
        elif target.exists() and rel not in owned:
            problems.append(
                Problem(str(target), None, Message("exists and was not written by g20site; move it away or delete it"))
            )
    return problems


class Staging:
    """A staging folder beside ``out``: fill it with :meth:`put`, then :meth:`commit`.

    Used as a context manager, the staging folder is removed at the end
    whatever happens; until :meth:`commit`, ``out`` is not touched.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.fresh = not out.exists()  # a first build: nothing in the output to compare with
        self.owned, self.owned_dirs = _read_manifest(out) if out.is_dir() else (set(), set())
        self._made: set[str] = set()  # the folders this process has made in the staging folder
        with writing(out):
            out.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(out)
            self.folder = Path(tempfile.mkdtemp(prefix=work_prefix(staging_prefix(out)), dir=out.parent))

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        with uninterrupted():  # a Ctrl-C or SIGTERM that came while unwinding waits until it is gone
            shutil.rmtree(self.folder, ignore_errors=True)

    def put(self, rel: str, payload: Payload) -> bool:
        """Stage ``rel`` unless ``out`` already holds these bytes; True if staged."""
        if not self.fresh and _same(self.out / rel, payload):
            return False
        if isinstance(payload, Path):
            staged = self.folder / rel
            with writing(staged):
                staged.parent.mkdir(parents=True, exist_ok=True)
                staged.unlink(missing_ok=True)  # a new file (see write)
                shutil.copyfile(payload, staged)
        else:
            self.write(rel, payload)
        return True

    def write(self, rel: str, data: bytes) -> None:
        """Write ``data`` as ``rel`` in the staging folder, whatever the output holds. Plain system calls and
        each folder made once: a big site's first build writes tens of thousands of files."""
        folder, _, _ = rel.rpartition("/")
        target = f"{self.folder}{os.sep}{rel}"
        with writing(Path(target)):
            if folder and folder not in self._made:
                os.makedirs(f"{self.folder}{os.sep}{folder}", exist_ok=True)
                self._made.add(folder)
            try:
                handle = os.open(target, _NEW, 0o666)
            except FileExistsError:  # staged before: a new file, not that one rewritten, whose other name (a
                os.unlink(target)    # share image's in the build cache) keeps its bytes
                handle = os.open(target, _NEW, 0o666)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view):]
            finally:
                os.close(handle)

    def put_once(self, rel: str, make: Callable[[], bytes]) -> bool:
        """Stage ``rel`` unless ``out`` has it: for files named by their content."""
        if (self.out / rel).is_file() or (self.folder / rel).is_file():
            return False
        return self.put(rel, make())

    def path_of(self, rel: str) -> Path:
        """The file that holds the bytes ``rel`` will have after :meth:`commit`: staged, or already in ``out``."""
        staged = self.folder / rel
        return staged if staged.is_file() else self.out / rel

    def commit(self, files: set[str], changed: set[str]) -> WriteReport:
        """Make ``out`` hold exactly ``files`` (``changed`` ones from staging) plus the user's own."""
        out = self.out
        with writing(out), uninterrupted():  # all of it or nothing: not an output half old, half new
            if not out.exists() and changed == files:
                return self._swap_in(files)
            problems = _conflicts(out, changed, self.owned)
            if problems:
                raise ContentError(problems)
            return self._move_in(files, changed)

    def _move_in(self, files: set[str], changed: set[str]) -> WriteReport:
        """Move the ``changed`` files into ``out``, remove what an earlier build made that is gone now."""
        out = self.out
        out.mkdir(parents=True, exist_ok=True)
        owned_dirs = set(self.owned_dirs)
        for rel in sorted(changed):
            target = out / rel
            owned_dirs |= _make_parents(out, target.parent)
            os.replace(self.folder / rel, target)
        removed = 0
        emptied: set[str] = set()  # folders that may have become empty
        for rel in sorted(self.owned - files):
            target = out / rel
            if (target.is_file() or target.is_symlink()) and _removable(out, rel):
                target.unlink()
                removed += 1
                emptied |= {parent.as_posix() for parent in PurePosixPath(rel).parents} - {"."}
        for rel in sorted(emptied & owned_dirs, key=lambda d: d.count("/"), reverse=True):
            folder = out / rel
            if folder.is_dir() and not folder.is_symlink() and _removable(out, rel) and not any(folder.iterdir()):
                folder.rmdir()
                owned_dirs.discard(rel)
        if files != self.owned or owned_dirs != self.owned_dirs:  # (tens of thousands of names on a big site)
            _write_manifest(out, files, owned_dirs)
        return WriteReport(len(changed), len(files) - len(changed), removed)

    def _swap_in(self, files: set[str]) -> WriteReport:
        """A first build: the staging folder itself becomes the output."""
        dirs = {PurePosixPath(rel).parent.as_posix() for rel in files} - {"."}
        dirs |= {parent.as_posix() for d in dirs for parent in PurePosixPath(d).parents} - {"."}
        _write_manifest(self.folder, files, dirs)
        _WRITTEN.pop(str(self.folder), None)  # (read from the output from now on)
        self.folder.chmod(0o777 & ~_umask())
        os.rename(self.folder, self.out)
        return WriteReport(len(files), 0, 0)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """SIGINT and SIGTERM put off until the block is done, then handled as they would have been (a
    KeyboardInterrupt, a SystemExit, the process ended): for what must not stop half-way, moving the
    staged files in and removing the staging folder. Python handles signals in the main thread only,
    so another thread is not interrupted anyway."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    held = [signum for signum, handler in before.items()
            if handler is not None and handler != signal.SIG_IGN]  # (None: not set from Python, left alone)
    for signum in held:
        signal.signal(signum, lambda number, frame: came.append(number))
    try:
        yield
    finally:
        for signum in held:
            signal.signal(signum, before[signum])
        for number in dict.fromkeys(came):
            signal.raise_signal(number)


@contextlib.contextmanager
def writing(where: Path) -> Iterator[None]:
    """Turn an error of the file system (a full disk, a read-only folder, a file where a folder should
    be) into one problem naming the path it met, instead of a traceback."""
    try:
        yield
    except OSError as exc:
        path = exc.filename if isinstance(exc.filename, str) else str(where)
        reason = exc.strerror or exc.__class__.__name__
        raise ContentError([Problem(path, None, Message("cannot be written: {reason}").format(reason=reason))]) from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class NullSink:
    """Takes pages and keeps nothing: for ``check``."""

    def put(self, rel: str, payload: Payload) -> bool:
        return True

    def put_once(self, rel: str, make: Callable[[], bytes]) -> bool:
        return True  # nothing is written, so nothing need be made

    def path_of(self, rel: str) -> Path:
        raise LookupError(f"{rel}: nothing is written by a check")


def write_output(out: Path, files: Mapping[str, Payload]) -> WriteReport:
    """Make ``out`` hold exactly ``files`` plus whatever the user keeps there."""
    with Staging(out) as staging:
        changed = {rel for rel, payload in files.items() if staging.put(rel, payload)}
        return staging.commit(set(files), changed)


def _make_parents(out: Path, folder: Path) -> set[str]:
    """Create ``folder`` and the parents it needs; return the ones created."""
    created = set()
    missing = []
    while folder != out and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.add(PurePosixPath(path.relative_to(out)).as_posix())
    return created


def _write_manifest(out: Path, files: set[str], dirs: set[str]) -> None:
    data = {"generator": "g20site", "files": sorted(files), "dirs": sorted(dirs)}
    text = (json.dumps(data, indent=0) + "\n").encode("utf-8")
    if _same(out / MANIFEST, text):
        return
    temporary = out / (MANIFEST + ".tmp")
    if temporary.is_symlink():  # never write through a link
        temporary.unlink()
    temporary.write_bytes(text)
    os.replace(temporary, out / MANIFEST)
    _WRITTEN[str(out)] = (_stamp(out / MANIFEST), frozenset(files), frozenset(dirs))
