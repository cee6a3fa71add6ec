"""The files the editor reads and writes: documents below content/, images below static/, nothing else.

A name comes from a request, so it is untrusted: it must be a plain name of the shape the loader reads
(``content/meetings/NAME.LANG.md``), every folder on the way must be a real folder inside the site (no
link), and the file itself no link. A write replaces the file all at once, after keeping its previous
text in ``.g20site-edits/`` beside content/, from where it can be restored.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from ..digest import digest
from ..errors import Problem
from ..load.documents import FOLDERS
from ..load.model import KEY_MESSAGE
from ..load.sources import MAX_BYTES, decode_text
from ..whole_files import replace_file

HISTORY = ".g20site-edits"
EDITED = {kind: folder for kind, folder in FOLDERS.items() if kind != KEY_MESSAGE}
_DOCUMENT = re.compile(
    r"content/(?P<folder>[a-z-]+)/(?P<stem>[A-Za-z0-9][A-Za-z0-9_-]{0,150})\.(?P<lang>[a-z]{2,8})\.md")
_VERSION = re.compile(r"\d{8}T\d{12}")
_ASSET = re.compile(r"[a-z0-9][a-z0-9-]{0,100}\.(?:jpg|png|webp)")


class Refused(ValueError):
    """A name the editor does not read or write."""


@dataclass(frozen=True)
class Named:
    """A document's file, checked: its kind, its path in the site, its language."""

    kind: str
    path: str  # content/meetings/2022-11-10-rapat.id.md
    lang: str


def document(path: str) -> Named:
    """``path`` if it names a document file the editor may read and write; else :class:`Refused`."""
    match = _DOCUMENT.fullmatch(path)
    kinds = {folder: kind for kind, folder in EDITED.items()}
    if match is None or match["folder"] not in kinds:
        raise Refused(path)
    return Named(kinds[match["folder"]], path, match["lang"])


def located(root: Path, path: str) -> Path:
    """The file ``path`` (checked by :func:`document` or :func:`asset`) names in ``root``: every folder on
    the way a real folder inside ``root``, the file no link; else :class:`Refused`."""
    top = root.resolve()
    file = top.joinpath(*path.split("/"))
    for step in [*reversed(file.relative_to(top).parents)][1:]:
        folder = top / step
        if folder.is_symlink() or folder.exists() and not folder.is_dir():
            raise Refused(path)
    if file.is_symlink() or not file.resolve().is_relative_to(top / path.split("/")[0]):
        raise Refused(path)
    return file


class NotText(ValueError):
    """A file the editor cannot show as text (not UTF-8, too large): what the loader says of it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def read(root: Path, path: str) -> str | None:
    """The text of ``path`` as it is (line ends, a BOM), None if there is no such file; :class:`NotText`
    if it is no UTF-8 text the loader would read (it would be changed by saving it)."""
    file = located(root, path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NotText(decode_text(raw, path)[1]) from None
    if len(raw) > MAX_BYTES:
        raise NotText(decode_text(raw, path)[1])
    return text


def version_of(text: str | None) -> str:
    """The digest a form carries of the text it was opened with ('' for no file yet)."""
    return "" if text is None else digest(text)


def write(root: Path, path: str, text: str) -> None:
    """Write ``text`` to ``path`` at once, keeping its previous text in the history first."""
    file = located(root, path)
    previous = read(root, path)
    if previous is not None:
        keep(root, path, previous)
    file.parent.mkdir(parents=True, exist_ok=True)
    located(root, path)  # the folders made are real folders
    replace_file(file, text.encode("utf-8"))


def write_bytes(root: Path, path: str, data: bytes) -> None:
    """Write a new file (an image) at once; an existing one is refused (FileExistsError)."""
    file = located(root, path)
    if file.exists():
        raise FileExistsError(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    located(root, path)
    replace_file(file, data)


def keep(root: Path, path: str, text: str) -> str:
    """Keep ``text`` as a previous version of ``path``; its name (the time, to the microsecond, UTC)."""
    folder = _history(root, path)
    folder.mkdir(parents=True, exist_ok=True)
    if not folder.resolve().is_relative_to(root.resolve() / HISTORY):  # a link inside it leads elsewhere
        raise Refused(path)
    moment = datetime.datetime.now(datetime.UTC)
    while (folder / f"{moment:%Y%m%dT%H%M%S%f}.md").exists():
        moment += datetime.timedelta(microseconds=1)
    name = f"{moment:%Y%m%dT%H%M%S%f}"
    (folder / f"{name}.md").write_text(text, "utf-8", newline="")
    return name


def versions(root: Path, path: str) -> list[str]:
    """The kept versions of ``path``, newest first."""
    folder = _history(root, path)
    if not folder.is_dir() or not folder.resolve().is_relative_to(root.resolve() / HISTORY):
        return []
    return sorted((f.stem for f in folder.iterdir() if f.suffix == ".md" and _VERSION.fullmatch(f.stem)),
                  reverse=True)


def kept(root: Path, path: str, version: str) -> str | None:
    """The text of a kept version, None if there is none of that name."""
    if not _VERSION.fullmatch(version) or version not in versions(root, path):
        return None
    return (_history(root, path) / f"{version}.md").read_text("utf-8")


def _history(root: Path, path: str) -> Path:
    history = root.resolve() / HISTORY
    if history.is_symlink():
        raise Refused(HISTORY)
    return history / path


def asset(name: str) -> str:
    """``static/images/NAME`` for an uploaded image's name (already made a slug); else :class:`Refused`."""
    if not _ASSET.fullmatch(name):
        raise Refused(name)
    return f"static/images/{name}"
