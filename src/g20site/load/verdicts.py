"""The verdicts a fact check may give, as ``site.yaml`` lists them, plus problems.

```yaml
verdicts:
  hoaks:
    style: wrong
    id: Hoaks
    en: {name: Hoax, description: False information made up on purpose.}
```

Each verdict has a key (what a fact check writes: ``verdict: hoaks``), a
name in every language (optionally with a one-line description) and a
*style* from a fixed list, which sets the look of its label. The label
always shows the name in words: colour is never the only sign.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from ..messages import Message
from . import schema
from .sources import Data

STYLES = ("wrong", "misleading", "unproven", "correct")


@dataclass(frozen=True)
class Verdict:
    key: str
    style: str  # one of STYLES
    name: Mapping[str, str]  # per language
    description: Mapping[str, str]  # per language; may lack a language


def read_verdicts(data: Data, value: Any, codes: Sequence[str], problems: list[Problem]) -> tuple[Verdict, ...]:
    if value is None:
        return ()
    table = schema.mapping(data, ("verdicts",), value, problems)
    if table is None:
        return ()
    verdicts = []
    for key, entry in table.items():
        verdict = _verdict(data, str(key), entry, codes, problems)
        if verdict is not None:
            verdicts.append(verdict)
    return tuple(verdicts)


def _verdict(data: Data, key: str, value: Any, codes: Sequence[str], problems: list[Problem]) -> Verdict | None:
    where = ("verdicts", key)
    if schema.slug(data, where, key, problems) is None:
        return None
    fields = schema.mapping(data, where, value, problems)
    if fields is None:
        return None
    schema.unknown_keys(data, where, fields, ("style", *codes), problems)
    style = schema.text(data, (*where, "style"), fields.get("style"), problems, required=True)
    if style is not None and style not in STYLES:
        problems.append(data.problem(
            (*where, "style"),
            Message('verdicts.{key}.style: "{value}" is not a label style (use one of {choices}){hint}').format(
                key=key, value=style, choices=", ".join(STYLES), hint=schema.did_you_mean(style, STYLES)),
        ))
        style = None
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for code in codes:
        name, description = _words(data, (*where, code), fields.get(code), problems)
        if name:
            names[code] = name
        if description:
            descriptions[code] = description
    if style is None or len(names) != len(codes):
        return None
    return Verdict(key, style, names, descriptions)


def _words(data: Data, where: tuple[str, ...], value: Any, problems: list[Problem]) -> tuple[str | None, str | None]:
    """``Hoaks`` or ``{name: Hoaks, description: ...}``."""
    label = ".".join(where)
    if value is None:
        message = Message("{key}: is missing; write its name in this language").format(key=label)
        problems.append(data.problem(where[:-1], message))
        return None, None
    if not isinstance(value, dict):
        return schema.text(data, where, value, problems, required=True), None
    schema.unknown_keys(data, where, value, ("name", "description"), problems)
    name = schema.text(data, (*where, "name"), value.get("name"), problems, required=True)
    return name, schema.text(data, (*where, "description"), value.get("description"), problems)
