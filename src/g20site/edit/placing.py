"""Which field of the form a problem belongs to: the one whose lines it names, else the one its message
starts with (``date: ...``), else the file as a whole ("")."""

from __future__ import annotations

from ..errors import Problem
from . import forms, front_lines


def placed(problems: list[Problem], text: str, form: tuple[forms.Input, ...], path: str) -> dict[str, list[Problem]]:
    """Each problem of ``path`` (holding ``text``) under the field whose lines it names; one of another
    file (an address both have), or of the file as a whole, under ""."""
    try:
        spans = front_lines.spans(front_lines.split(text)[1])
    except front_lines.NotEditable:
        spans = {}
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        line = (problem.line or 0) - 2 if problem.path == path else -1  # below the --- line, from 0
        key = next((k for k, (start, end) in spans.items() if start <= line < end), None)
        key = key if key in {f.key for f in form} else _named(problem, form)
        found.setdefault(key or "", []).append(problem)
    return found


def by_message(problems: list[Problem], form: tuple[forms.Input, ...]) -> dict[str, list[Problem]]:
    """Each problem under the field its message names (a form whose file is not written yet)."""
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        found.setdefault(_named(problem, form) or "", []).append(problem)
    return found


def _named(problem: Problem, form: tuple[forms.Input, ...]) -> str | None:
    words = problem.message.text("en")
    return next((f.key for f in form if words.startswith(f"{f.key}:") or words.startswith(f"{f.key}[")), None)
