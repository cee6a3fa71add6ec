"""The build cache's values as JSON: small explicit converters, checked on the way in.

Every stored type has a :class:`Kind`: ``dump`` turns a value into lists (or tuples),
dicts, strings, numbers, booleans and null; ``load`` turns such data back
into the value and raises :class:`Damaged` at the first thing of the wrong
shape or type. Nothing in a cache file can make ``load`` build anything but
the types named here (no classes named by the data, no code run).

``dump`` is as strict as ``load``: a value it cannot store exactly (a
string subclass, a message argument of another type, a time zone that is
not a fixed offset) raises :class:`Unstorable`, and the caller leaves that
entry out of the cache; it is then made afresh by the next build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..plain_paths import plain_relative


class Damaged(ValueError):
    """Stored data that is not what it should be."""


class Unstorable(TypeError):
    """A value that has no exact JSON form here."""


@dataclass(frozen=True)
class Kind:
    """How one type is stored: ``dump`` to JSON data, ``load`` back (or :class:`Damaged`).

    ``plain`` names the types of a kind stored as it is (strings, numbers,
    booleans, null): checking the type is all ``dump`` and ``load`` do, so a
    record or a tuple checks such items itself instead of calling them.
    """

    dump: Callable[[Any], Any]
    load: Callable[[Any], Any]
    plain: tuple[type, ...] = ()
    row: tuple[tuple[type, ...], ...] = ()  # a tuple of plain items: the types of each (see fixed)


def _check(value: Any, types: tuple[type, ...], error: type[Exception], what: object = "") -> Any:
    if type(value) not in types:  # exactly: True is no int, a str subclass no str
        raise error(f"{what}{' ' if what else ''}{'/'.join(t.__name__ for t in types)} expected, "
                    f"not {type(value).__name__}")
    return value


def _plain(*types: type) -> Kind:
    return Kind(lambda value: _check(value, types, Unstorable), lambda data: _check(data, types, Damaged), types)


STR = _plain(str)
INT = _plain(int)
BOOL = _plain(bool)


def optional(kind: Kind) -> Kind:
    """``kind`` or None (null)."""
    if kind.plain:
        return _plain(*kind.plain, type(None))
    return Kind(
        lambda value: None if value is None else kind.dump(value),
        lambda data: None if data is None else kind.load(data),
    )


def as_list(data: Any) -> list[Any]:
    return _check(data, (list,), Damaged)  # type: ignore[no-any-return]


def _tuple(value: Any) -> tuple[Any, ...]:
    return _check(value, (tuple,), Unstorable)  # type: ignore[no-any-return]


def as_dict(data: Any) -> dict[str, Any]:
    return _check(data, (dict,), Damaged)  # type: ignore[no-any-return]


def tuple_of(kind: Kind) -> Kind:
    """A tuple of any length, stored as a list."""
    types, row = kind.plain, kind.row
    if row:
        return _tuple_of_rows(row)
    if not types:
        dump_item, load_item = kind.dump, kind.load
        return Kind(
            lambda value: [dump_item(item) for item in _tuple(value)],
            lambda data: tuple([load_item(item) for item in as_list(data)]),
        )

    def dump(value: Any) -> tuple[Any, ...]:
        stored = _tuple(value)  # JSON writes a tuple as a list
        for item in stored:
            if type(item) not in types:
                _check(item, types, Unstorable)
        return stored

    def load(data: Any) -> tuple[Any, ...]:
        for item in as_list(data):
            if type(item) not in types:
                _check(item, types, Damaged)
        return tuple(data)

    return Kind(dump, load)


def _tuple_of_rows(row: tuple[tuple[type, ...], ...]) -> Kind:
    """A tuple of tuples of plain items (links, pairs of names): each checked here, in one loop."""
    size = len(row)
    exact = [types[0] for types in row] if all(len(types) == 1 for types in row) else None

    def load(data: Any) -> tuple[Any, ...]:
        for item in as_list(data):
            if type(item) is not list or len(item) != size:
                raise Damaged(f"a list of {size} expected")
            if exact is not None and list(map(type, item)) == exact:
                continue  # the usual case, checked at once
            for found, types in zip(item, row, strict=True):
                if type(found) not in types:
                    _check(found, types, Damaged)
        return tuple([tuple(item) for item in data])

    def dump(value: Any) -> tuple[Any, ...]:
        stored = _tuple(value)  # JSON writes a tuple as a list
        for item in stored:
            if type(item) is not tuple or len(item) != size:
                raise Unstorable(f"a tuple of {size} expected")
            if exact is not None and list(map(type, item)) == exact:
                continue
            for found, types in zip(item, row, strict=True):
                if type(found) not in types:
                    _check(found, types, Unstorable)
        return stored

    return Kind(dump, load)


def fixed(*kinds: Kind) -> Kind:
    """A tuple of ``len(kinds)`` items of those kinds, stored as a list."""
    size = len(kinds)
    plain = [(index, kind.plain) for index, kind in enumerate(kinds) if kind.plain]
    converted = [(index, kind.dump, kind.load) for index, kind in enumerate(kinds) if not kind.plain]

    def dump(value: Any) -> list[Any]:
        if type(value) is not tuple or len(value) != size:
            raise Unstorable(f"a tuple of {size} expected")
        for index, types in plain:
            if type(value[index]) not in types:
                _check(value[index], types, Unstorable, index)
        stored = list(value)
        for index, dump_item, _ in converted:
            stored[index] = dump_item(value[index])
        return stored

    def load(data: Any) -> tuple[Any, ...]:
        if type(data) is not list or len(data) != size:
            raise Damaged(f"a list of {size} expected")
        for index, types in plain:
            if type(data[index]) not in types:
                _check(data[index], types, Damaged, index)
        if not converted:
            return tuple(data)
        found = list(data)
        for index, _, load_item in converted:
            found[index] = load_item(data[index])
        return tuple(found)

    return Kind(dump, load, row=() if converted else tuple(kind.plain for kind in kinds))


def one_of(*values: str) -> Kind:
    """One of a few strings."""

    def check(value: Any, error: type[Exception]) -> str:
        if type(value) is not str or value not in values:
            raise error(f"one of {values} expected")
        return value

    return Kind(lambda value: check(value, Unstorable), lambda data: check(data, Damaged))


def _maker(cls: type) -> Callable[[dict[str, Any]], Any]:
    """Makes an instance of the dataclass ``cls`` from a value for each of its fields.

    Its ``__init__`` does nothing but set the fields (no ``__post_init__``, no
    slots), so they are set at once, as ``copy`` and ``pickle`` do: a fifth
    of the time, which counts for 10,000 documents at every build.
    """
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        return lambda found: cls(**found)

    def make(found: dict[str, Any]) -> Any:
        made: Any = object.__new__(cls)
        made.__dict__.update(found)
        return made

    return make


def record(cls: type, **kinds: Kind) -> Kind:
    """A frozen dataclass, stored as an object with one key per field, every field named in ``kinds``.

    A class that gained a field ``kinds`` does not name is not stored at all
    (``tests/test_cache.py`` says which), rather than stored without it.
    """
    complete = set(kinds) == {field.name for field in dataclasses.fields(cls)}
    names = kinds.keys()
    plain = [(name, kind.plain) for name, kind in kinds.items() if kind.plain]
    converted = [(name, kind) for name, kind in kinds.items() if not kind.plain]
    make = _maker(cls)

    def dump(value: Any) -> dict[str, Any]:
        if type(value) is not cls or not complete:
            raise Unstorable(f"{cls.__name__} expected")
        stored = {}
        for name, types in plain:
            stored[name] = item = getattr(value, name)
            if type(item) not in types:
                _check(item, types, Unstorable, name)
        for name, kind in converted:
            stored[name] = kind.dump(getattr(value, name))
        return stored

    def load(data: Any) -> Any:
        if type(data) is not dict or data.keys() != names:
            raise Damaged(f"the fields of {cls.__name__} expected")
        for name, types in plain:
            if type(data[name]) not in types:
                _check(data[name], types, Damaged, name)
        found = dict(data)
        for name, kind in converted:
            found[name] = kind.load(data[name])
        return make(found)

    return Kind(dump, load)


def keyed(**kinds: Kind) -> Kind:
    """A dict with exactly these string keys, stored as an object."""

    def dump(value: Any) -> dict[str, Any]:
        if type(value) is not dict or value.keys() != kinds.keys():
            raise Unstorable(f"the keys {sorted(kinds)} expected")
        return {name: kind.dump(value[name]) for name, kind in kinds.items()}

    def load(data: Any) -> dict[str, Any]:
        if as_dict(data).keys() != kinds.keys():
            raise Damaged(f"the keys {sorted(kinds)} expected")
        return {name: kind.load(data[name]) for name, kind in kinds.items()}

    return Kind(dump, load)


def entries(value: Kind, key: Kind = STR) -> Kind:
    """A dict with string keys, stored as an object; an entry that cannot be stored is left out."""

    def dump(found: Any) -> dict[str, Any]:
        if type(found) is not dict:
            raise Unstorable("dict expected")
        stored = {}
        for name, item in found.items():
            try:
                stored[key.dump(name)] = value.dump(item)
            except Unstorable:
                continue
        return stored

    load_key, load_value, types = key.load, value.load, value.plain

    def load(data: Any) -> dict[str, Any]:
        if key is not STR:  # the keys of a JSON object are strings: nothing else to check for STR
            for name in as_dict(data):
                load_key(name)
        if not types:
            return {name: load_value(item) for name, item in as_dict(data).items()}
        for item in as_dict(data).values():
            if type(item) not in types:
                _check(item, types, Damaged)
        return dict(data)

    return Kind(dump, load)


def _check_path(value: Any, error: type[Exception]) -> str:
    """``value`` when it is a plain relative path (``confine.plain_relative``); else ``error``."""
    if not plain_relative(value):
        raise error(f"a relative path inside the folder expected, not {value!r}")
    return str(value)


RELATIVE_PATH = Kind(lambda value: _check_path(value, Unstorable), lambda data: _check_path(data, Damaged))
