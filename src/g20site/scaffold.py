"""New and edited content files: ``new meeting|fact-check|event|page``, ``new translation``,
``translations --mark-done``.

Edits to an existing file change one line of its front matter and keep
every other byte (comments, quoting, line ends) as the author wrote it.
"""

from __future__ import annotations

import datetime
import re
import shlex
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import skeletons
from .errors import Problem
from .load import schema
from .load.documents import FOLDERS
from .load.entries import SECTIONS
from .load.model import FACT_CHECK, MEETING, PAGE
from .load.schema import slugify
from .load.settings import SiteConfig
from .load.translation_status import FIELD
from .messages import Message, _
from .skeletons import Skeleton
from .whole_files import replace_file

_NOT_TEXT = ("Cc", "Cs", "Zl", "Zp")  # control characters, bytes that were not UTF-8, line and paragraph breaks
_DATED = (MEETING, FACT_CHECK)  # named YYYY-MM-DD-name.LANG.md, like load/documents.py reads them


@dataclass(frozen=True)
class NewDocument:
    """The files of a new document, one per language, the default language's first."""

    folder: str  # content/meetings
    files: dict[str, str]  # file name -> text
    to_fill: dict[str, tuple[str, ...]]  # file name -> the required fields it leaves empty


def title_problem(title: str) -> Message | None:
    """What is wrong with ``title`` as the title of a new document, if anything."""
    words = title.strip()
    if not words:
        return Message('the title is empty; write it in quotes, e.g. "Rapat Koordinasi Humas"')
    if any(unicodedata.category(c) in _NOT_TEXT or c in "\ufffe\uffff" for c in words):
        return Message("the title has a line break, or a character that is not text; write it on one line")
    if len(words) > schema.TITLE:
        return Message("the title is {count} characters long; write at most {most}").format(
            count=len(words), most=schema.TITLE)
    if not slugify(words):
        return Message('"{title}" has no letter a-z or digit to name its file with; write a title that has some, '
                       'e.g. "Rapat Koordinasi Humas"').format(title=words)
    return None


def section_problem(config: SiteConfig, kind: str) -> Problem | None:
    """Fact checks and events need their section in site.yaml before the first one is written."""
    if kind not in SECTIONS or SECTIONS[kind][0] in config.sections:
        return None
    message = Message("sections.{section}: is missing; add it first, with a name and slug for each language as "
                      "for meetings, so that content/{folder}/ has its pages").format(
        section=SECTIONS[kind][0], folder=FOLDERS[kind])
    return Problem("content/site.yaml", None, message)


def new_document(config: SiteConfig, kind: str, title: str, day: datetime.date | None) -> NewDocument:
    """A new ``kind`` (a draft in every language) titled ``title``, dated ``day`` (an event's start)."""
    title = title.strip()
    slug = slugify(title)
    stem = f"{day.isoformat()}-{slug}" if kind in _DATED and day else slug
    values = {}
    if day is not None and kind != PAGE:
        values["date" if kind in _DATED else "start"] = day.isoformat()
    folder = f"content/{FOLDERS[kind]}"
    new = Skeleton(kind, title, stem, slug, values, f"{folder}/{stem}.{config.default.code}.md")
    first = skeletons.original(config, new)
    files, to_fill = {}, {}
    for lang in config.languages:
        name = f"{stem}.{lang.code}.md"
        files[name] = first if lang == config.default else skeletons.translation(config, new, lang, first)
        to_fill[name] = skeletons.to_fill(config, new, lang)
    return NewDocument(folder, files, to_fill)


def next_steps(new: NewDocument, source: Path) -> list[str]:
    """What to do after ``g20site new``, in the tool's language: fill in, check, preview, translate, publish."""
    where = "" if source == Path(".") else f" --source {shlex.quote(str(source))}"
    text_only = _("only the text")
    fill = [_("Fill in the fields marked (required); each file explains them:")]
    fill += [f"       {name}: {', '.join(keys) or text_only}" for name, keys in new.to_fill.items()]
    steps = [
        "\n".join(fill),
        _("See what is still missing: {command}").format(command=f"g20site check --drafts{where}"),
        _("Preview them in the browser, drafts included: {command}").format(command=f"g20site serve --drafts{where}"),
    ]
    if len(new.files) > 1:
        steps.append(_("See what is left to translate: {command}").format(command=f"g20site translations{where}"))
    steps.append(_("To publish, delete the line draft: true in each file, then run: {command}").format(
        command=f"g20site build{where}"))
    return [_("Next steps:"), *(f"  {number}. {step}" for number, step in enumerate(steps, 1))]


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
    replace_file(file, new.encode("utf-8"))
    return True
