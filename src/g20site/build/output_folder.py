"""Where a build may write, and the work folders it keeps beside the output.

An output folder is refused when it would overwrite or swallow the site
(or lie inside its content, theme or build cache). Beside the output, a
build works in folders named with its process id, so that the next build
can remove what a killed one left behind without touching a live one's.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import Problem
from ..messages import Message
from .places import FOLDER as CACHE

PREVIEW = "preview"  # inside the cache: the folder ``g20site serve`` builds into (serve.py)


def output_problems(source: Path, output: Path) -> list[Problem]:
    """Refuse an output folder that would overwrite or swallow the site itself, or that a link inside
    the site leads out of it (``.g20site-cache`` linked elsewhere: ``serve`` builds into it)."""
    shown = str(output)
    try:
        src, out = source.resolve(), output.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: links in a loop
        return [Problem(shown, None, Message("cannot be used as the output folder: {reason}").format(
            reason=getattr(exc, "strerror", None) or Message("its links go round in a loop")))]
    if output.absolute().is_relative_to(source.absolute()) and not out.is_relative_to(src):
        return [Problem(shown, None, Message("is inside the site folder, but a link leads it outside; "
                                             "remove the link or choose another output, e.g. public"))]
    if src == out or src.is_relative_to(out):
        return [
            Problem(shown, None,
                    Message("the output folder is, or contains, the site folder; choose another, e.g. public"))
        ]
    if out.is_relative_to(src / CACHE) and out != src / CACHE / PREVIEW:
        return [Problem(shown, None, Message(
            "the output folder must not be inside the build cache ({folder}/); choose another, e.g. public"
        ).format(folder=CACHE))]
    for name in ("content", "templates", "static"):
        if out.is_relative_to(src / name):
            message = Message("the output folder must not be inside {folder}/; choose another, e.g. public")
            return [Problem(shown, None, message.format(folder=name))]
    if out.exists() and not out.is_dir():
        return [Problem(shown, None, Message("the output path is a file, not a folder"))]
    above = next((parent for parent in out.parents if parent.exists()), None)
    if above is not None and not above.is_dir():
        return [Problem(str(above), None, Message("is a file, so no output folder can be made inside it; "
                                                  "choose another, e.g. public"))]
    return []


SEARCH_WORK = ".g20site-search-"  # Pagefind's work folder beside the output (search_index.py)


def staging_prefix(out: Path) -> str:
    return f".{out.name}.g20site-staging-"


def work_prefix(prefix: str) -> str:
    """``prefix`` with this process's id: a later build can tell a killed build's leftovers from a live one's."""
    return f"{prefix}{os.getpid()}-"


def remove_leftovers(out: Path) -> None:
    """Remove the work folders beside ``out`` that builds killed before they could clean up left:
    ``.<out>.g20site-staging-<pid>-...`` and ``.g20site-search-<pid>-...`` whose process is gone
    (or that an older version made without its process id)."""
    for entry in out.parent.iterdir():
        prefix = next((p for p in (staging_prefix(out), SEARCH_WORK) if entry.name.startswith(p)), None)
        if prefix is None or entry.is_symlink() or not entry.is_dir():
            continue
        pid = entry.name[len(prefix):].split("-", 1)[0]
        if not (pid.isdigit() and _running(int(pid))):
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
