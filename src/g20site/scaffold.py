"""New and edited content files: ``new meeting``, ``new translation``, ``translations --mark-done``.

Edits to an existing file change one line of its front matter and keep
every other byte (comments, quoting, line ends) as the author wrote it.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import yaml

from .load.settings import SiteConfig
from .load.translation_status import FIELD, text_hash


def slugify(title: str) -> str:
    """``Rapat Koordinasi G20 & Meta`` -> ``rapat-koordinasi-g20-meta``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def meeting_files(config: SiteConfig, title: str, day: datetime.date) -> dict[str, str]:
    """File name -> text for each language; the note starts as a draft.

    The translations record the (still empty) original as what they were made
    from, so that writing the original shows them as out of date.
    """
    slug = slugify(title) or "rapat"
    front = {
        "title": title,
        "date": day.isoformat(),
        "summary": "",
        "participants": [],
        "agenda": [],
        "tags": [],
        "draft": True,
    }
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False)
    text = text.replace("date: '", "date: ").replace(f"{day.isoformat()}'", day.isoformat())
    recorded = f'{FIELD}: "{text_hash(front, "")}"\n'
    files = {}
    for lang in config.languages:
        own = text if lang == config.default else text + recorded
        files[f"{day.isoformat()}-{slug}.{lang.code}.md"] = f"---\n{own}---\n\n"
    return files


def write_new(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write the files; refuse (FileExistsError) if any already exists."""
    paths = [folder / name for name in files]
    for path in paths:
        if path.exists():
            raise FileExistsError(path)
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(files[path.name])
    return paths


_FRONT = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)(.*?)(^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))", re.S | re.M)


def _front_line(key: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(key)}[ \t]*:[^\r\n]*(?:\r?\n|\Z)", re.M)


def set_front(text: str, key: str, value: str) -> str:
    """``text`` with ``key: value`` in its front matter: that line replaced, or added last."""
    newline = "\r\n" if "\r\n" in text else "\n"
    line = f"{key}: {value}{newline}"
    match = _FRONT.match(text)
    if match is None:
        return f"---{newline}{line}---{newline}{text}"
    head, front, tail = match.groups()
    pattern = _front_line(key)
    if pattern.search(front):
        front = pattern.sub(lambda _: line, front, count=1)
    else:
        front += line if not front or front.endswith("\n") else newline + line
    return head + front + tail + text[match.end() :]


def drop_front(text: str, key: str) -> str:
    """``text`` without the ``key:`` line of its front matter."""
    match = _FRONT.match(text)
    if match is None:
        return text
    head, front, tail = match.groups()
    return head + _front_line(key).sub("", front, count=1) + tail + text[match.end() :]


def translation_text(original: str, recorded: str | None) -> str:
    """A new translation: the front matter and text of ``original`` for the translator to
    translate, as a draft (not published until ``draft: true`` is removed), recording the
    source's hash when there is one to record."""
    text = set_front(original, "draft", "true")
    return set_front(text, FIELD, f'"{recorded}"') if recorded else drop_front(text, FIELD)


def write_translation(root: Path, start: str, path: str, recorded: str | None) -> Path:
    """Write the new translation ``path`` (both relative to ``root``) from the file ``start``."""
    with (root / start).open(encoding="utf-8", newline="") as handle:
        original = handle.read()
    target = root / path
    return write_new(target.parent, {target.name: translation_text(original, recorded)})[0]


def mark_done(file: Path, recorded: str) -> bool:
    """Write ``translated_from: "<recorded>"`` into ``file``; False if it was there already."""
    with file.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    new = set_front(text, FIELD, f'"{recorded}"')
    if new == text:
        return False
    _replace(file, new)
    return True


def _replace(file: Path, text: str) -> None:
    """Write ``text`` to ``file`` all at once: an editor or the preview never sees half a file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
