"""How the command line talks: Click's own words and the help translated when shown, problems printed, a progress
line, and the options several commands share (with their checks: a site folder, a web address, a moment).

The commands themselves are in ``cli.py``; this is the shell they share.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gettext
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
import click.shell_completion  # noqa: F401 - for its words; Click imports it only when asked to complete

from . import messages
from .errors import ContentError, Problem
from .messages import N_, _, ngettext, number

# The modules that read a site are imported by the options that need them (see cli.py).

# Click's msgid for the help of -h/--help, and the word of "[required]": Click translates it without marking it.
HELP = N_("Show this message and exit.")
REQUIRED = N_("required")


class CannotRun(click.ClickException):
    """The command cannot run as given (a port in use): ``Error: ...`` without the usage, exit 2."""

    exit_code = 2


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

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        help_option = super().get_help_option(ctx)
        if help_option is not None:  # Click keeps the option it made first, in the words of that run
            help_option.help = _(HELP)
        return help_option


class Command(_TranslatedHelp):
    """A command whose help is translated when it is shown."""


class Group(_TranslatedHelp, click.Group):
    """A group of commands: its own help, and its commands', translated when shown.

    The language is read from the environment at each run (``LANGUAGE``,
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); ``--lang`` overrides it. Click
    speaks it too, for that run (:func:`click_speaks_ours`).
    """

    command_class = Command
    group_class = type

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        previous = messages.current()
        given = _lang_given(sys.argv[1:] if args is None else args)
        messages.use(messages.choose(given, os.environ))
        try:
            with click_speaks_ours():
                return super().main(args, *rest, **kwargs)
        finally:
            messages.use(previous)


def _lang_given(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the options before the command's name. Click reads all of them before it
    applies any, so a mistake beside ``--lang`` would otherwise be told in the language of the environment."""
    for index, arg in enumerate(args):
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang":
            return args[index + 1] if index + 1 < len(args) else None
        if not arg.startswith("-"):
            return None
    return None


@contextlib.contextmanager
def click_speaks_ours() -> Iterator[None]:
    """Click's own words (Usage:, Options:, "Error: Missing argument", [default: ...]) in the tool's language.

    Click marks them for the standard library's gettext: its modules do ``from gettext import gettext as _``
    and ``from gettext import ngettext``, which translate through the process-wide text domain, from ``.mo``
    files found by the environment. The tool's catalog holds Click's msgids beside its own (``make catalogs``
    extracts them from the installed click), but it is compiled in memory and its language may come from
    ``--lang``; so, for the length of one run, those two names in Click's modules are pointed at the tool's
    :func:`~g20site.messages._` and :func:`~g20site.messages.ngettext`, then put back as they were.
    """
    swapped = []
    for module in [module for name, module in list(sys.modules.items()) if name.partition(".")[0] == "click"]:
        for name, ours, standard in (("_", _, gettext.gettext), ("ngettext", ngettext, gettext.ngettext)):
            if getattr(module, name, None) is standard:
                setattr(module, name, ours)
                swapped.append((module, name, standard))
    try:
        yield
    finally:
        for module, name, standard in swapped:
            setattr(module, name, standard)


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
        click.echo(problem.printed(), err=True)


def fail(error: ContentError, what: str) -> NoReturn:
    report(error.problems)
    count = sum(1 for p in error.problems if p.severity == "error")
    click.echo(ngettext("{what}: {count} error.", "{what}: {count} errors.", count).format(what=what, count=count),
               err=True)
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
        line = ngettext("Rendering page {done}/{total}", "Rendering pages {done}/{total}", total).format(
            done=number(done), total=number(total))
        click.echo(f"\r{line}", nl=False, err=True)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)


# -- the options several commands share


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from . import __version__

        click.echo(_("%(prog)s, version %(version)s") % {"prog": "g20site", "version": __version__})
        ctx.exit()


# Click's version_option would put its words together once, when the command is defined
VERSION = option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
                 help=N_("Show the version and exit."))


class Folder(click.Path):
    """A folder given on the command line. Click names the kind ("directory") when the option is made;
    this names it when shown, in the language of the run ("Folder 'x' adalah berkas.")."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    @property
    def name(self) -> str:
        return _(self._kind)

    @name.setter
    def name(self, kind: str) -> None:
        self._kind = kind


def _site_folder(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """A folder that is not a site folder is wrong usage (exit 2), said as the loader would say it."""
    if not (value / "content" / "site.yaml").exists() and not (value / "content" / "site.yaml").is_symlink():
        from .load.site import NOT_FOUND

        report([Problem("content/site.yaml", None, NOT_FOUND)])
        ctx.exit(2)
    return value


SOURCE = option(
    "--source",
    type=Folder(),
    default=".",
    show_default=True,
    callback=_site_folder,
    help=N_("The site folder (the one holding content/)."),
)


DRAFTS = option("--drafts", is_flag=True, help=N_("Include drafts (documents marked draft: true)."))


MAX_JOBS = 64  # more worker processes than this cost memory and start-up time for no gain


JOBS = option(
    "--jobs", type=click.IntRange(0, MAX_JOBS), default=0, metavar="N",
    help=N_("Worker processes, at most 64 [default: one per core]."),
)


NO_CACHE = option("--no-cache", is_flag=True, help=N_("Neither use nor update SOURCE/.g20site-cache."))


STRICT = option("--strict", is_flag=True, help=N_("Treat warnings as errors."))


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from .load.settings import normalize_base_url

    if value is None:
        return None
    normal = normalize_base_url(value)
    if normal is None:
        raise click.BadParameter(_('"{value}" is not a web address (use e.g. https://www.example.go.id/g20/)').format(
            value=value))
    return normal


_NOW = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?$")


def _now(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        if not _NOW.match(value.strip()):
            raise ValueError(value)
        return datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        message = _('"{value}" is not a date and time (use YYYY-MM-DDTHH:MM, e.g. 2022-11-15T09:00)')
        message = message.format(value=value)
        raise click.BadParameter(message) from exc


NOW = option(
    "--now", callback=_now, metavar="YYYY-MM-DDTHH:MM",
    help=N_("Decide which events are upcoming and which are past as of this moment, in site.yaml's utc_offset "
            "unless it gives its own (+08:00) [default: SOURCE_DATE_EPOCH if set, else the clock]."),
)


BASE_URL = option(
    "--base-url", callback=_base_url, metavar="URL",
    help=N_("Publish under this address instead of site.yaml's base_url."),
)


def _title(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> str:
    from .scaffold import title_problem

    """The title's words, quoted or not: ``new meeting Rapat Koordinasi`` is ``"Rapat Koordinasi"``."""
    title = " ".join(value)
    problem = title_problem(title)
    if problem is not None:
        raise click.BadParameter(str(problem), ctx=ctx, param=param)
    return title.strip()


TITLE = click.argument("title", nargs=-1, required=True, metavar="TITLE", callback=_title)  # of a new document


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(value)
        return datetime.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise click.BadParameter(_('"{value}" is not a date (use YYYY-MM-DD, e.g. 2022-02-01)').format(
            value=value)) from exc


def DAY(help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:  # noqa: N802 - used as the others
    """``--date YYYY-MM-DD``, saying what the date is of."""
    return option("--date", "day", metavar="YYYY-MM-DD", callback=_day, help=help)
