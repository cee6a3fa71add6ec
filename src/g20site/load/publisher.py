"""Who publishes the site, as ``site.yaml`` says it, plus problems.

```yaml
publisher:
  name:
    id: Biro Humas Kementerian Contoh
    en: Public Relations Bureau, Ministry of Example
  url: https://www.example.go.id/
  logo: images/logo.svg              # a file in static/
  email: humas@example.go.id
  address: Jl. Contoh No. 1, Jakarta 10110
```

Only the name is needed; ``name`` and ``address`` are one text for every
language or one per language. What is not written is not shown and not
told to search engines: nothing is made up. A site without a publisher is
warned about, since no page then says who stands behind it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..errors import Problem
from ..messages import Message
from . import schema
from .sources import Data

FIELDS = ("name", "url", "logo", "email", "address")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")
_EMAIL = re.compile(r"^[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:.]+$")
MISSING = Message("publisher: is missing, so no page says who publishes this site; add the name of the "
                  "organisation under publisher: (with its web address, logo, e-mail and postal address "
                  "when it has them)")


@dataclass(frozen=True)
class Publisher:
    name: Mapping[str, str]  # per language
    url: str | None = None
    logo: str | None = None  # a file of static/: images/logo.svg
    email: str | None = None
    address: Mapping[str, str] = field(default_factory=dict)  # per language; empty when not given
    logo_line: int = field(default=0, repr=False, compare=False)  # where ``logo`` is in site.yaml: for messages


def read_publisher(data: Data, value: Any, codes: Sequence[str], problems: list[Problem]) -> Publisher | None:
    """The ``publisher:`` block; a warning when there is none."""
    where = ("publisher",)
    if value is None and where not in data.unreadable:
        problems.append(Problem(data.path, None, MISSING, "warning"))
        return None
    fields = schema.mapping(data, where, value, problems)
    if fields is None:
        return None
    schema.unknown_keys(data, where, fields, FIELDS, problems)
    name = _per_language(data, (*where, "name"), fields.get("name"), codes, problems, required=True)
    address = _per_language(data, (*where, "address"), fields.get("address"), codes, problems, required=False)
    url = schema.url(data, (*where, "url"), fields.get("url"), problems) if "url" in fields else None
    email = _email(data, (*where, "email"), fields.get("email"), problems)
    logo = _logo(data, (*where, "logo"), fields.get("logo"), problems)
    if len(name) != len(codes):
        return None
    return Publisher(name, url, logo, email, address, data.line(*where, "logo"))


def _per_language(
    data: Data, key: tuple[str, ...], value: Any, codes: Sequence[str], problems: list[Problem], required: bool
) -> dict[str, str]:
    """One text for every language, or ``{id: ..., en: ...}`` with a text per language."""
    if not isinstance(value, dict):
        word = schema.text(data, key, value, problems, required=required)
        return dict.fromkeys(codes, word) if word else {}
    schema.unknown_keys(data, key, value, codes, problems)
    found = {}
    for code in codes:
        word = schema.text(data, (*key, code), value.get(code), problems, required=required)
        if word:
            found[code] = word
    return found


def _email(data: Data, key: tuple[str, ...], value: Any, problems: list[Problem]) -> str | None:
    word = schema.text(data, key, value, problems)
    if word is not None and not _EMAIL.match(word.removeprefix("mailto:")):
        problems.append(data.problem(key, Message(
            '{key}: "{value}" is not an e-mail address (use e.g. humas@example.go.id)').format(
                key=".".join(key), value=word)))
        return None
    return word.removeprefix("mailto:") if word else None


def _logo(data: Data, key: tuple[str, ...], value: Any, problems: list[Problem]) -> str | None:
    word = schema.text(data, key, value, problems)
    if word is None:
        return None
    if PurePosixPath(word).suffix.lower() not in LOGO_TYPES:
        problems.append(data.problem(key, Message(
            '{key}: "{value}" is not a picture (use an .svg, .png, .jpg or .webp file in static/)').format(
                key=".".join(key), value=word)))
        return None
    return word.lstrip("/")
