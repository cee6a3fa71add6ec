"""Relative paths as text, told apart from those that could lead anywhere else."""

from __future__ import annotations


def plain_relative(value: object) -> bool:
    """``value`` is a path relative to a folder it lies in, as text: names joined by "/", none of them
    empty, "." or "..", and no backslash or NUL anywhere (syntax only: links are a separate check)."""
    if type(value) is not str:
        return False
    wrapped = f"/{value}/"
    return not ("//" in wrapped or "/./" in wrapped or "/../" in wrapped or "\\" in value or "\0" in value)
