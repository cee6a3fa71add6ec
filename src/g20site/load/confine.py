"""Keeping the build inside the site folder: the one place where links are judged.

A link in ``content/``, ``templates/`` or ``static/`` whose target lies
inside the site folder is followed as if the file or folder were there. One
whose target lies outside it, that loops, or whose target does not exist is
an error naming the link, and nothing behind it is read. Targets are
compared with ``resolve()`` and ``is_relative_to``, never as strings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import Problem
from ..messages import Message
from .sources import is_ignored

OUTSIDE_FILE = Message("is a link to a place outside the site folder; copy the file into the site instead")
OUTSIDE_FOLDER = Message("is a link to a place outside the site folder; copy the folder into the site instead")
LOOP = Message("is a link that leads back to itself; remove it or point it at a file in the site")
DANGLING = Message("is a link to something that does not exist; remove it or point it at a file in the site")


def link_problem(root: Path, path: Path) -> Problem | None:
    """A problem naming ``path`` (a path below ``root``) if it is a link that must not be followed."""
    if not path.is_symlink():
        return None
    display = path.relative_to(root).as_posix()
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return Problem(display, None, DANGLING)
    except (OSError, RuntimeError):  # ELOOP, or (before Python 3.13) RuntimeError("Symlink loop ...")
        return Problem(display, None, LOOP)
    if not target.is_relative_to(root.resolve()):
        return Problem(display, None, OUTSIDE_FOLDER if target.is_dir() else OUTSIDE_FILE)
    return None


def confined(root: Path, path: Path, problems: list[Problem]) -> bool:
    """True if ``path`` and every folder between ``root`` and it may be read; else the first bad link
    on the way is added to ``problems`` (once) and the answer is False."""
    for step in [*reversed(path.relative_to(root).parents), Path(path.relative_to(root))][1:]:
        problem = link_problem(root, root / step)
        if problem is not None:
            if problem not in problems:
                problems.append(problem)
            return False
    return True


def files_below(root: Path, folder: Path, problems: list[Problem], skip_ignored: bool = True) -> Iterator[str]:
    """The files below ``folder`` (relative to it, sorted, with ``/``), following only the links
    :func:`link_problem` accepts; each other link is added to ``problems`` and not entered."""
    if not confined(root, folder, problems) or not folder.is_dir():
        return
    yield from _walk(root, folder, "", {folder.resolve()}, problems, skip_ignored)


def _walk(
    root: Path, folder: Path, prefix: str, above: set[Path], problems: list[Problem], skip_ignored: bool
) -> Iterator[str]:
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        if skip_ignored and is_ignored(entry.name):
            continue
        path = folder / entry.name
        problem = link_problem(root, path)
        if problem is not None:
            problems.append(problem)
            continue
        if path.is_dir():
            real = path.resolve()
            if real in above:  # a link to a folder that holds it: walking it would never end
                problems.append(Problem(path.relative_to(root).as_posix(), None, LOOP))
                continue
            yield from _walk(root, path, f"{prefix}{entry.name}/", above | {real}, problems, skip_ignored)
        elif path.is_file():
            yield prefix + entry.name
