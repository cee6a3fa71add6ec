"""The form of a document, from the fields ``g20site new`` explains (``skeleton_fields.py``), and the
mapping between a file's text and the form's values, both ways.

A value is text (a scalar), a list of texts (participants, agenda, tags), a list of sources, or a
flag. Writing the form into a file changes only the keys whose value changed (``front_lines.py``):
the comments, order and quoting of every other line stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..load.front_matter import split_front_matter
from ..load.model import EVENT, FACT_CHECK, MEETING
from ..load.settings import SiteConfig
from ..messages import Message, Words
from ..skeleton_fields import SOURCES_FIELD, fields
from . import front_lines
from .front_lines import plain, quoted

TEXT, LONG, DAY, MOMENT, CHOICE, FLAG, LINES, TAGS, SOURCES = (
    "text", "long", "date", "moment", "choice", "flag", "lines", "tags", "sources")
_KINDS = {"summary": LONG, "claim": LONG, "finding": LONG, "date": DAY, "claim_date": DAY, "start": MOMENT,
          "end": MOMENT, "timezone": CHOICE, "verdict": CHOICE, "status": CHOICE, "all_day": FLAG,
          "participants": LINES, "agenda": LINES, "tags": TAGS, "sources": SOURCES}
_QUOTED = ("title", "summary", "claim", "finding", "image_alt")  # free text, in quotes as `new` writes a title
ZONES = ("WIB", "WITA", "WIT")
STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled", "moved_online")
SOURCE_PARTS = ("title", "publisher", "url")
EMPTY_ROWS = 1  # blank source rows offered below the filled ones

Value = Any  # str | bool | list[str] | list[dict[str, str]]
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?")


@dataclass(frozen=True)
class Input:
    """One field of the form."""

    key: str
    kind: str
    name: Words
    help: Words
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) of a choice


def inputs(config: SiteConfig, kind: str, lang: str) -> tuple[Input, ...]:
    """The fields of a ``kind`` in ``lang``: the title and address first, the draft flag last."""
    title = Input("title", TEXT, Message("Title"), Message("one line, as readers will see it."), True)
    slug = Input("slug", TEXT, Message("Page address"), Message(
        "the end of this page's web address: lowercase letters, digits and hyphens. Leave it empty to take it "
        "from the file name."))
    explained = fields(config, kind, lang)
    if not any(f.key == "sources" for f in explained):  # a page may cite sources too, though `new` does not say so
        explained = (*explained, SOURCES_FIELD)
    own = [Input(f.key, _KINDS.get(f.key, TEXT), f.name, f.help, f.required, _choices(config, f.key, lang))
           for f in explained]
    draft = Input("draft", FLAG, Message("Draft"), Message(
        "not published while this is ticked. Untick it once the required fields are filled in."))
    return (title, slug, *own, draft)


def _choices(config: SiteConfig, key: str, lang: str) -> tuple[tuple[str, str], ...]:
    if key == "timezone":
        return tuple((zone, zone) for zone in ZONES)
    if key == "status":
        return tuple((status, status) for status in STATUSES)
    if key == "verdict":
        return tuple((v.key, v.name.get(lang, v.key)) for v in config.verdicts)
    return ()


def values_of(text: str, form: tuple[Input, ...]) -> dict[str, Value]:
    """What the form shows of a file's text (a front matter that cannot be read shows empty)."""
    source, _ = split_front_matter(text, "")
    front = source.front.value if source is not None else {}
    return {field.key: _from_yaml(field, front.get(field.key)) for field in form}


def _from_yaml(field: Input, value: Any) -> Value:
    if field.kind == FLAG:
        return value is True or str(value).lower() == "true"
    if field.kind in (LINES, TAGS):
        items = value if isinstance(value, list) else [] if value in (None, "") else [value]
        return [_text(item) for item in items]
    if field.kind == SOURCES:
        rows = value if isinstance(value, list) else []
        return [{part: _text(row.get(part)) for part in SOURCE_PARTS} for row in rows if isinstance(row, dict)]
    return _text(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def values_from(posted: Mapping[str, list[str]], form: tuple[Input, ...]) -> dict[str, Value]:
    """The values of a submitted form (``urllib.parse.parse_qs`` of its body)."""
    def one(name: str) -> str:
        return posted.get(name, [""])[0].replace("\r\n", "\n").strip()

    values: dict[str, Value] = {}
    for field in form:
        key = field.key
        if field.kind == FLAG:
            values[key] = one(key) == "true"
        elif field.kind == LINES:
            values[key] = [line.strip() for line in one(key).split("\n") if line.strip()]
        elif field.kind == TAGS:
            values[key] = [word.strip() for word in one(key).replace("\n", ",").split(",") if word.strip()]
        elif field.kind == SOURCES:
            rows = [{part: one(f"{key}-{n}-{part}") for part in SOURCE_PARTS} for n in range(_rows(posted, key))]
            values[key] = [row for row in rows if any(row.values())]
        elif field.kind == MOMENT:
            day, time = one(f"{key}-date"), one(f"{key}-time")
            values[key] = f"{day} {time}".strip() if day else time
        else:
            values[key] = one(key)
    return values


def _rows(posted: Mapping[str, list[str]], key: str) -> int:
    numbers = [int(name.split("-")[1]) for name in posted if name.startswith(f"{key}-") and name.count("-") == 2
               and name.split("-")[1].isdigit() and len(name.split("-")[1]) < 4]
    return max(numbers, default=-1) + 1


def yaml_lines(field: Input, value: Value) -> list[str] | None:
    """The front matter lines of ``value``; None: no line (an unticked flag)."""
    key = field.key
    if field.kind == FLAG:
        return [f"{key}: true"] if value else None
    if field.kind == LINES:
        return [f"{key}:", *(f"  - {plain(item)}" for item in value)] if value else [f"{key}:"]
    if field.kind == TAGS:
        return [f"{key}: [{', '.join(plain(word, flow=True) for word in value)}]"] if value else [f"{key}:"]
    if field.kind == SOURCES:
        return [f"{key}:", *(line for row in value for line in _source_lines(row))] if value else [f"{key}:"]
    if not value:
        return [f"{key}:"]
    if field.kind in (DAY, MOMENT) and _MOMENT.fullmatch(value) or value in dict(field.choices):
        return [f"{key}: {value}"]  # as a person writes a date, a time or a choice
    if field.kind in (DAY, MOMENT, CHOICE):
        return [f"{key}: {quoted(value)}"]  # anything else is text: the loader says what is wrong with it
    return [f"{key}: {quoted(value) if key in _QUOTED else plain(value)}"]


def _source_lines(row: Mapping[str, str]) -> list[str]:
    parts = [(part, row[part]) for part in SOURCE_PARTS if row.get(part)]
    lines = [f"{part}: {quoted(text) if part == 'title' else plain(text)}" for part, text in parts]
    return [f"  - {lines[0]}", *(f"    {line}" for line in lines[1:])]


def write_values(text: str, form: tuple[Input, ...], values: Mapping[str, Value], body: str | None) -> str:
    """``text`` with the values that differ from what it holds written in, and ``body`` below its front
    matter (None: the body as it was)."""
    before = values_of(text, form)
    for field in form:
        new = values.get(field.key, before[field.key])
        if new != before[field.key]:
            text = front_lines.set_lines(text, field.key, _dropped(field, yaml_lines(field, new), text))
    return text if body is None else front_lines.with_body(text, _lines_end(body, text))


def _dropped(field: Input, lines: list[str] | None, text: str) -> list[str] | None:
    """An empty optional value the file never had, and an empty slug, take no line."""
    if lines == [f"{field.key}:"] and (field.key == "slug" or field.key not in front_lines.spans(
            front_lines.split(text)[1])):
        return None
    return lines


def _lines_end(body: str, text: str) -> str:
    body = body.replace("\r\n", "\n")
    if "\r\n" in text:
        body = body.replace("\n", "\r\n")
    return body if not body or body.endswith("\n") else body + ("\r\n" if "\r\n" in text else "\n")


DATED = (MEETING, FACT_CHECK)
STARTS = {EVENT: "start"}
