"""Messages and problems as the build cache stores them (a :class:`~g20site.build.cache_format.Kind` each):
apart from the other records so that a build that finds nothing changed can read its warnings without
importing what renders a page."""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from ..messages import LanguageName, Message, Plural
from .cache_format import INT, STR, Damaged, Kind, Unstorable, as_dict, one_of, optional, record


def _dump_message(value: Any) -> dict[str, Any]:
    """``{"id", "args"}``; a :class:`Plural` adds its ``"plural"`` msgid."""
    if type(value) not in (Message, Plural):
        raise Unstorable("Message expected")
    dumped = {"id": STR.dump(value.msgid), "args": {STR.dump(name): _dump_argument(arg) for name, arg in value.args}}
    if type(value) is Plural:
        dumped["plural"] = STR.dump(value.plural)
    return dumped


def _load_message(data: Any) -> Message:
    keys = as_dict(data).keys()
    if keys not in ({"id", "args"}, {"id", "plural", "args"}):
        raise Damaged("a message expected")
    args = {name: _load_argument(arg) for name, arg in as_dict(data["args"]).items()}
    if "plural" not in keys:
        return Message(STR.load(data["id"]), **args)
    if type(args.get("count")) is not int:
        raise Damaged("a plural message without a whole count")
    return Plural(STR.load(data["id"]), STR.load(data["plural"]), **args)


_PLAIN = (str, int, bool, float, type(None))  # arguments stored as they are


def _dump_argument(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if type(value) is LanguageName:
        return {"language": STR.dump(value.code)}
    return _dump_message(value)


def _load_argument(data: Any) -> Any:
    if type(data) in _PLAIN:
        return data
    if type(data) is dict and data.keys() == {"language"}:
        return LanguageName(STR.load(data["language"]))
    return _load_message(data)


MESSAGE = Kind(_dump_message, _load_message)
PROBLEM = record(
    Problem, path=STR, line=optional(INT), message=MESSAGE, severity=one_of("error", "warning"),
    source=optional(STR), column=optional(INT), detail=optional(MESSAGE),
)
