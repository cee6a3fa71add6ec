"""The command line: parse options, call the pipeline, print problems, exit 0/1/2."""

from __future__ import annotations

import datetime
import functools
import os
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__, messages, translation_report
from .build.pipeline import Options, Result, build, check
from .errors import ContentError, Problem, errors_in
from .load import translation_status as translations
from .load.model import Site
from .load.settings import normalize_base_url
from .load.site import load_config, load_site
from .messages import N_, _
from .render.catalogs import catalog_status
from .scaffold import mark_done, meeting_files, write_new, write_translation


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


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        messages.use(value)


SOURCE = option(
    "--source",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help=N_("The site folder (the one holding content/)."),
)
DRAFTS = option("--drafts", is_flag=True, help=N_("Include notes marked draft: true."))
JOBS = option(
    "--jobs", type=click.IntRange(min=0), default=0, metavar="N", help=N_("Worker processes [default: one per core].")
)
NO_CACHE = option("--no-cache", is_flag=True, help=N_("Neither use nor update SOURCE/.g20site-cache."))
STRICT = option("--strict", is_flag=True, help=N_("Treat warnings as errors."))


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
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


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _fail(error: ContentError, what: str) -> NoReturn:
    _report(error.problems)
    count = sum(1 for p in error.problems if p.severity == "error")
    errors = _("{what}: {count} error.") if count == 1 else _("{what}: {count} errors.")
    click.echo(errors.format(what=what, count=count), err=True)
    sys.exit(1)


def _summary(result: Result, seconds: float) -> str:
    per_lang = ", ".join(f"{code} {result.pages.get(code, 0):,}" for code in result.site.config.codes)
    line = _("Built {pages} pages ({per_lang}) in {seconds} s").format(
        pages=f"{sum(result.pages.values()):,}", per_lang=per_lang, seconds=f"{seconds:.1f}")
    if result.report:
        r = result.report
        line += _(": {written} files written, {unchanged} unchanged, {removed} removed").format(
            written=f"{r.written:,}", unchanged=f"{r.unchanged:,}", removed=f"{r.removed:,}")
    return line


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


@click.group(
    cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("Build a bilingual campaign microsite from Markdown and YAML."),
)
@click.version_option(__version__, prog_name="g20site")
@option(
    "--lang", type=click.Choice(messages.LANGUAGES), is_eager=True, expose_value=False, callback=_lang,
    help=N_("The language of the messages [default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, else en]."),
)
def main() -> None:
    pass


@main.command("build", help=N_("Build the site into the output folder."))
@SOURCE
@option("--output", type=click.Path(path_type=Path), help=N_("Where to write the site [default: SOURCE/public]."))
@BASE_URL
@DRAFTS
@STRICT
@JOBS
@NO_CACHE
@option("--quiet", is_flag=True, help=N_("Print errors only."))
@NOW
def build_command(
    source: Path, output: Path | None, base_url: str | None, drafts: bool, strict: bool, jobs: int,
    no_cache: bool, quiet: bool, now: datetime.datetime | None,
) -> None:
    started = time.perf_counter()
    output = output if output is not None else source / "public"
    counter = ProgressLine(not quiet)
    options = Options(base_url, drafts, strict, jobs, not no_cache, counter, now=now)
    try:
        result = build(source, output, options)
    except ContentError as error:
        counter.close()
        _fail(error, _("Nothing was written to {output}").format(output=output))
    counter.close()
    if not quiet:
        _report(result.warnings)
        click.echo(f"{_summary(result, time.perf_counter() - started)} -> {output}")


@main.command("check", help=N_("Check the content without writing anything."))
@SOURCE
@STRICT
@DRAFTS
@JOBS
@NOW
def check_command(source: Path, strict: bool, drafts: bool, jobs: int, now: datetime.datetime | None) -> None:
    counter = ProgressLine(True)
    try:
        result = check(source, Options(drafts=drafts, strict=strict, jobs=jobs, progress=counter, now=now))
    except ContentError as error:
        counter.close()
        _fail(error, _("Check failed"))
    counter.close()
    _report(result.warnings)
    warnings = len(result.warnings)
    done = _("No errors ({warnings} warning).") if warnings == 1 else _("No errors ({warnings} warnings).")
    click.echo(done.format(warnings=warnings))


@main.command("serve", help=N_("Preview the site: rebuild on every change and reload the browser."))
@SOURCE
@option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on."))
@option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help=N_("0 picks a free port."))
@BASE_URL
@DRAFTS
@JOBS
@NOW
def serve_command(
    source: Path, host: str, port: int, base_url: str | None, drafts: bool, jobs: int, now: datetime.datetime | None
) -> None:
    from .serve import start, stop, watch

    options = Options(base_url=base_url, drafts=drafts, jobs=jobs, now=now)
    signal.signal(signal.SIGTERM, _interrupt)  # stop as cleanly on a kill as on Ctrl-C, the builder process too
    try:
        server = start(source, options, host, port, say=lambda line: click.echo(line, err=True))
    except OSError as exc:
        raise click.UsageError(_("cannot listen on {host}:{port}: {reason}").format(
            host=host, port=port, reason=exc.strerror)) from exc
    try:
        click.echo(_("Serving {source} at {url} (Ctrl-C to stop)").format(source=source.resolve(), url=server.url))
        watch(server.preview)
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
    click.echo(_("Stopped."))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.group("new", help=N_("Start a new content file."))
def new_group() -> None:
    pass


@new_group.command("meeting", help=N_("Write a meeting note, one file per language, ready to fill."))
@click.argument("title")
@option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
    help=N_("The meeting's date, YYYY-MM-DD [default: today]."),
)
@SOURCE
def new_meeting(title: str, day: datetime.datetime | None, source: Path) -> None:
    config, problems = load_config(source)
    if config is None:
        _fail(ContentError(problems), _("Nothing was written"))
    date = day.date() if day else datetime.date.today()
    try:
        paths = write_new(source / "content" / "meetings", meeting_files(config, title, date))
    except FileExistsError as exc:
        click.echo(_("{path}: already exists; nothing was written.").format(path=exc.args[0]), err=True)
        sys.exit(1)
    for path in paths:
        click.echo(_("Wrote {path}").format(path=path))


@new_group.command(
    "translation",
    help=N_("Start the missing translation of FILE: a draft copy to translate, marked as made from the original."),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@option("--lang", "code", metavar="LANG", help=N_("The language to translate into [default: the one missing]."))
@SOURCE
def new_translation(file: Path, code: str | None, source: Path) -> None:
    site = _load_everything(source)
    plan, problems = translations.plan_translation(site.config, site.documents, _content_path(source, file), code)
    if plan is None:
        _fail(ContentError(problems), _("Nothing was written"))
    written = write_translation(source, plan.start, plan.path, plan.recorded)
    click.echo(_("Wrote {path}").format(path=written))
    click.echo(_("Translate its front matter and text, then delete the line `draft: true` to publish it."))
    if plan.recorded is None and not plan.path.endswith(f".{site.config.default.code}.md"):
        click.echo(_("It is not marked as up to date: once it says what the {language} version says, "
                     "run g20site translations --mark-done {path}").format(
                         language=site.config.default.name, path=plan.path))


@main.command(
    "translations",
    help=N_("List missing and out-of-date translations, and untranslated template strings.\n\n"
            "With --mark-done FILE...: record that each translation FILE is up to date\n"
            "with the current text of its original (the default language's version)."),
)
@SOURCE
@option("--mark-done", "mark", is_flag=True, help=N_("Record that FILES now say what their original says."))
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def translations_command(source: Path, mark: bool, files: tuple[Path, ...]) -> None:
    if bool(files) != mark:
        raise click.UsageError(_("give the translations to mark done: --mark-done content/pages/about.en.md")
                               if mark else _("FILE is only read with --mark-done"))
    site = _load_everything(source)
    if mark:
        _mark_done(site, source, files)
        return
    config, templates = site.config, site.root / "templates"
    catalogs = []
    for code in config.codes:
        status, problems = catalog_status(templates, code, site.root)
        _report(problems)
        catalogs.append(status)
    found = translations.statuses(config, site.documents)
    for line in translation_report.report(config, found, catalogs):
        click.echo(line)


def _mark_done(site: Site, source: Path, files: tuple[Path, ...]) -> None:
    recorded, problems = [], []
    for file in files:
        path = _content_path(source, file)
        value, found = translations.hash_for_done(site.config, site.documents, path)
        problems += found
        if value is not None:
            recorded.append((path, value))
    if problems:
        _fail(ContentError(problems), _("Nothing was marked"))
    for path, value in recorded:
        changed = mark_done(source / path, value)
        done = _("{path}: marked up to date") if changed else _("{path}: already marked up to date")
        click.echo(done.format(path=path))


def _load_everything(source: Path) -> Site:
    """The site with its drafts; the content's errors end the command (exit 1)."""
    site, problems = load_site(source, drafts=True)
    if site is None or errors_in(problems):
        _fail(ContentError(errors_in(problems)), _("Fix these errors first"))
    return site


def _content_path(source: Path, file: Path) -> str:
    """FILE as given, from here or from the site folder -> ``content/pages/about.en.md``."""
    root = source.resolve()
    for candidate in (file, source / file):
        path = candidate.resolve()
        if path.is_file() and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return file.as_posix()
