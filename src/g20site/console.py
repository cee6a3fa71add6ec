"""How the command line talks: Click's help translated when shown, problems printed, a progress line.

The commands themselves are in ``cli.py``; this is the shell they share.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from typing import Any, NoReturn

import click

from . import messages
from .errors import ContentError, Problem
from .messages import _


class Option(click.Option):
    """An option whose help is translated when it is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        original = self.help
        self.help = _(original) if original else original
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = original


class _TranslatedHelp(click.Command):
    """Help translated when it is shown, for commands and groups alike."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated_help(self):
            return super().get_short_help_str(limit)


class Command(_TranslatedHelp):
    """A command whose help is translated when it is shown."""


class Group(_TranslatedHelp, click.Group):
    """A group of commands: its own help, and its commands', translated when shown.

    The language is read from the environment at each run (``LANGUAGE``,
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); ``--lang`` overrides it.
    """

    command_class = Command
    group_class = type

    def main(self, *args: Any, **kwargs: Any) -> Any:
        previous = messages.current()
        messages.use(messages.choose(None, os.environ))
        try:
            return super().main(*args, **kwargs)
        finally:
            messages.use(previous)


class _translated_help:  # noqa: N801 - used as a context manager
    def __init__(self, command: click.Command) -> None:
        self.command = command
        self.saved = (command.help, command.short_help)

    def __enter__(self) -> None:
        help, short = self.saved
        self.command.help = _(help) if help else help
        self.command.short_help = _(short) if short else short

    def __exit__(self, *exc: object) -> None:
        self.command.help, self.command.short_help = self.saved


option = functools.partial(click.option, cls=Option)


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def fail(error: ContentError, what: str) -> NoReturn:
    report(error.problems)
    count = sum(1 for p in error.problems if p.severity == "error")
    errors = _("{what}: {count} error.") if count == 1 else _("{what}: {count} errors.")
    click.echo(errors.format(what=what, count=count), err=True)
    sys.exit(1)


class ProgressLine:
    """``Rendering pages 1,234/10,016`` on one terminal line; silent when piped."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.shown = False
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (done < total and now - self.last < 0.1) or total < 200:
            return
        self.last = now
        line = _("Rendering pages {done}/{total}").format(done=f"{done:,}", total=f"{total:,}")
        click.echo(f"\r{line}", nl=False, err=True)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)
