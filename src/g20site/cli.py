"""The command line: parse options, call the pipeline, print problems, exit 0/1/2."""

from __future__ import annotations

import datetime
import re
import signal
import sys
import time
from pathlib import Path
from typing import NoReturn

import click

from . import __version__, translations
from .build import Options, Result, build, check
from .config import normalize_base_url
from .errors import ContentError, Problem, errors_in
from .i18n import catalog_status
from .load import load_config, load_site
from .model import Site
from .scaffold import mark_done, meeting_files, write_new, write_translation

SOURCE = click.option(
    "--source",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The site folder (the one holding content/).",
)
DRAFTS = click.option("--drafts", is_flag=True, help="Include notes marked draft: true.")
JOBS = click.option(
    "--jobs", type=click.IntRange(min=0), default=0, metavar="N", help="Worker processes [default: one per core]."
)
NO_CACHE = click.option("--no-cache", is_flag=True, help="Neither use nor update SOURCE/.g20site-cache.")
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    normal = normalize_base_url(value)
    if normal is None:
        raise click.BadParameter(f'"{value}" is not a web address (use e.g. https://www.example.go.id/g20/)')
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
        message = f'"{value}" is not a date and time (use YYYY-MM-DDTHH:MM, e.g. 2022-11-15T09:00)'
        raise click.BadParameter(message) from exc


NOW = click.option(
    "--now", callback=_now, metavar="YYYY-MM-DDTHH:MM",
    help="Decide which events are upcoming and which are past as of this moment, in site.yaml's utc_offset "
         "unless it gives its own (+08:00) [default: SOURCE_DATE_EPOCH if set, else the clock].",
)

BASE_URL = click.option(
    "--base-url", callback=_base_url, metavar="URL", help="Publish under this address instead of site.yaml's base_url."
)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _fail(error: ContentError, what: str) -> NoReturn:
    _report(error.problems)
    count = sum(1 for p in error.problems if p.severity == "error")
    click.echo(f"{what}: {count} error{'s' if count != 1 else ''}.", err=True)
    sys.exit(1)


def _summary(result: Result, seconds: float) -> str:
    per_lang = ", ".join(f"{code} {result.pages.get(code, 0):,}" for code in result.site.config.codes)
    line = f"Built {sum(result.pages.values()):,} pages ({per_lang}) in {seconds:.1f} s"
    if result.report:
        r = result.report
        line += f": {r.written:,} files written, {r.unchanged:,} unchanged, {r.removed:,} removed"
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
        click.echo(f"\rRendering pages {done:,}/{total:,}", nl=False, err=True)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="g20site")
def main() -> None:
    """Build a bilingual campaign microsite from Markdown and YAML."""


@main.command("build")
@SOURCE
@click.option("--output", type=click.Path(path_type=Path), help="Where to write the site [default: SOURCE/public].")
@BASE_URL
@DRAFTS
@STRICT
@JOBS
@NO_CACHE
@click.option("--quiet", is_flag=True, help="Print errors only.")
@NOW
def build_command(
    source: Path, output: Path | None, base_url: str | None, drafts: bool, strict: bool, jobs: int,
    no_cache: bool, quiet: bool, now: datetime.datetime | None,
) -> None:
    """Build the site into the output folder."""
    started = time.perf_counter()
    output = output if output is not None else source / "public"
    counter = ProgressLine(not quiet)
    options = Options(base_url, drafts, strict, jobs, not no_cache, counter, now=now)
    try:
        result = build(source, output, options)
    except ContentError as error:
        counter.close()
        _fail(error, f"Nothing was written to {output}")
    counter.close()
    if not quiet:
        _report(result.warnings)
        click.echo(f"{_summary(result, time.perf_counter() - started)} -> {output}")


@main.command("check")
@SOURCE
@STRICT
@DRAFTS
@JOBS
@NOW
def check_command(source: Path, strict: bool, drafts: bool, jobs: int, now: datetime.datetime | None) -> None:
    """Check the content without writing anything."""
    counter = ProgressLine(True)
    try:
        result = check(source, Options(drafts=drafts, strict=strict, jobs=jobs, progress=counter, now=now))
    except ContentError as error:
        counter.close()
        _fail(error, "Check failed")
    counter.close()
    _report(result.warnings)
    warnings = len(result.warnings)
    click.echo(f"No errors ({warnings} warning{'s' if warnings != 1 else ''}).")


@main.command("serve")
@SOURCE
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0 picks a free port.")
@BASE_URL
@DRAFTS
@JOBS
@NOW
def serve_command(
    source: Path, host: str, port: int, base_url: str | None, drafts: bool, jobs: int, now: datetime.datetime | None
) -> None:
    """Preview the site: rebuild on every change and reload the browser."""
    from .serve import start, stop, watch

    options = Options(base_url=base_url, drafts=drafts, jobs=jobs, now=now)
    try:
        server = start(source, options, host, port, say=lambda line: click.echo(line, err=True))
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    click.echo(f"Serving {source.resolve()} at {server.url} (Ctrl-C to stop)")
    signal.signal(signal.SIGTERM, _interrupt)  # stop as cleanly on a kill as on Ctrl-C
    try:
        watch(server.preview)
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
    click.echo("Stopped.")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.group("new")
def new_group() -> None:
    """Start a new content file."""


@new_group.command("meeting")
@click.argument("title")
@click.option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), help="The meeting's date, YYYY-MM-DD [default: today]."
)
@SOURCE
def new_meeting(title: str, day: datetime.datetime | None, source: Path) -> None:
    """Write a meeting note, one file per language, ready to fill."""
    config, problems = load_config(source)
    if config is None:
        _fail(ContentError(problems), "Nothing was written")
    date = day.date() if day else datetime.date.today()
    try:
        paths = write_new(source / "content" / "meetings", meeting_files(config, title, date))
    except FileExistsError as exc:
        click.echo(f"{exc.args[0]}: already exists; nothing was written.", err=True)
        sys.exit(1)
    for path in paths:
        click.echo(f"Wrote {path}")


@new_group.command("translation")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "code", metavar="LANG", help="The language to translate into [default: the one missing].")
@SOURCE
def new_translation(file: Path, code: str | None, source: Path) -> None:
    """Start the missing translation of FILE: a draft copy to translate, marked as made from the original."""
    site = _load_everything(source)
    plan, problems = translations.plan_translation(site.config, site.documents, _content_path(source, file), code)
    if plan is None:
        _fail(ContentError(problems), "Nothing was written")
    written = write_translation(source, plan.start, plan.path, plan.recorded)
    click.echo(f"Wrote {written}")
    click.echo("Translate its front matter and text, then delete the line `draft: true` to publish it.")
    if plan.recorded is None and not plan.path.endswith(f".{site.config.default.code}.md"):
        click.echo(f"It is not marked as up to date: once it says what the {site.config.default.name} version says, "
                   f"run g20site translations --mark-done {plan.path}")


@main.command("translations")
@SOURCE
@click.option("--mark-done", "mark", is_flag=True, help="Record that FILES now say what their original says.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def translations_command(source: Path, mark: bool, files: tuple[Path, ...]) -> None:
    """List missing and out-of-date translations, and untranslated template strings.

    With --mark-done FILE...: record that each translation FILE is up to date
    with the current text of its original (the default language's version).
    """
    if bool(files) != mark:
        raise click.UsageError("give the translations to mark done: --mark-done content/pages/about.en.md"
                               if mark else "FILE is only read with --mark-done")
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
    for line in translations.report(config, found, catalogs):
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
        _fail(ContentError(problems), "Nothing was marked")
    for path, value in recorded:
        changed = mark_done(source / path, value)
        click.echo(f"{path}: {'marked up to date' if changed else 'already marked up to date'}")


def _load_everything(source: Path) -> Site:
    """The site with its drafts; the content's errors end the command (exit 1)."""
    site, problems = load_site(source, drafts=True)
    if site is None or errors_in(problems):
        _fail(ContentError(errors_in(problems)), "Fix these errors first")
    return site


def _content_path(source: Path, file: Path) -> str:
    """FILE as given, from here or from the site folder -> ``content/pages/about.en.md``."""
    root = source.resolve()
    for candidate in (file, source / file):
        path = candidate.resolve()
        if path.is_file() and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return file.as_posix()
