"""The command line: parse options, call the pipeline, print problems, exit 0/1/2."""

from __future__ import annotations

import datetime
import os
import shlex
import shutil
import signal
import sys
import time
import webbrowser
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import console, messages
from .build import moments, unchanged
from .build.moments import source_date
from .build.output_folder import output_problems, remove_leftovers
from .build.places import FOLDER
from .console import (
    BASE_URL,
    DAY,
    DRAFTS,
    JOBS,
    NO_CACHE,
    NOW,
    SOURCE,
    STRICT,
    TITLE,
    CannotRun,
    Group,
    ProgressLine,
    fail,
    option,
    report,
)
from .errors import ContentError, Problem, errors_in
from .host_config import SERVERS, host_config
from .messages import N_, _, current, ngettext, number

# The modules that load, render and write a site are imported by the commands that use them: a build
# that finds nothing changed (build/unchanged.py) needs none of them.
if TYPE_CHECKING:
    from .load.model import Site
    from .serve import Preview
    from .serve_http import PreviewServer


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        messages.use(value)


def _summary(codes: Iterable[str], per_code: Mapping[str, int], files: tuple[int, int, int] | None,
             seconds: float) -> str:
    """The line that ends a build; ``files``: how many were written, unchanged and removed."""
    per_lang = ", ".join(f"{code} {number(per_code.get(code, 0))}" for code in codes)
    pages = sum(per_code.values())
    line = ngettext("Built {count} page ({per_lang}) in {seconds} s", "Built {count} pages ({per_lang}) in {seconds} s",
                    pages).format(count=number(pages), per_lang=per_lang, seconds=number(seconds, 1))
    if files:
        written, unchanged, removed = files
        line += _(": {written}, {unchanged} unchanged, {removed} removed").format(
            written=ngettext("{count} file written", "{count} files written", written).format(count=number(written)),
            unchanged=number(unchanged), removed=number(removed))
    return line


@click.group(
    cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("Build a bilingual campaign microsite from Markdown and YAML."),
)
@console.VERSION
@option(
    "--lang", type=click.Choice(messages.LANGUAGES), is_eager=True, expose_value=False, callback=_lang,
    help=N_("The language of the messages [default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, else en]."),
)
def main() -> None:
    try:
        source_date()
    except ValueError as exc:
        raise click.UsageError(_('SOURCE_DATE_EPOCH: "{value}" is not a number of seconds since 1970-01-01 '
                                 "(e.g. 1668470400), or it is past the year 9999").format(value=exc)) from exc


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
    refused = output_problems(source, output)
    if refused:  # a wrong --output is wrong usage: exit 2
        report(refused)
        sys.exit(2)
    inputs = None
    if not no_cache and now is None:  # nothing changed since the last build? (told without loading the site)
        inputs = unchanged.inputs(source, {"output": output.resolve(), "base_url": base_url, "drafts": drafts,
                                           "strict": strict})
        said = _unchanged(source, output, inputs)
        if said is not None:
            if not quiet:
                codes, pages, kept, warnings = said
                report(warnings)
                summary = _summary(codes, pages, (0, kept, 0), time.perf_counter() - started)
                click.echo(f"{summary} -> {output}")
                click.echo(_preview_hint(source, output, drafts))
            return
    from .build.pipeline import Options, build

    counter = ProgressLine(not quiet)
    options = Options(base_url, drafts, strict, jobs, not no_cache, counter, now=now, inputs=inputs)
    try:
        result = build(source, output, options)
    except ContentError as error:
        counter.close()
        fail(error, _("Nothing was written to {output}").format(output=output))
    counter.close()
    if not quiet:
        report(result.warnings)
        r = result.report
        files = (r.written, r.unchanged, r.removed) if r else None
        summary = _summary(result.site.config.codes, result.pages, files, time.perf_counter() - started)
        click.echo(f"{summary} -> {output}")
        click.echo(_preview_hint(source, output, drafts))


Said = tuple[list[str], dict[str, int], int, list[Problem]]  # languages, pages per language, files, warnings


def _unchanged(source: Path, output: Path, inputs: str | None) -> Said | None:
    """What the last build into ``output`` said, when nothing changed since (``build/unchanged.py``)."""
    said = unchanged.unchanged(source / FOLDER, output, inputs, source_date() or moments.clock()) if inputs else None
    if said is None:
        return None
    warnings = []
    if said.warnings:
        from .build.cache_messages import PROBLEM  # only for a site that has warnings
        try:
            warnings = [PROBLEM.load(value) for value in said.warnings]
        except (ValueError, TypeError, LookupError, RecursionError):  # a record damaged since written: build
            return None
        if any(problem.severity != "warning" for problem in warnings):  # a build that had errors wrote nothing
            return None
    try:
        remove_leftovers(output)  # of a build that was killed (as any build does)
    except OSError:  # said with its path by the build
        return None
    return said.codes, said.pages, said.files, warnings


def _preview_hint(source: Path, output: Path, drafts: bool) -> str:
    """The one command that shows the built site as a host serves it: ``index.html`` opened from
    the disk breaks every link (they are written for a web server)."""
    program = sys.argv[0] if Path(sys.argv[0]).name == "g20site" else "g20site"
    if shutil.which("g20site") == os.path.abspath(program):
        program = "g20site"
    command = f"{program} serve" + (" --drafts" if drafts else "")
    if source != Path("."):
        command += f" --source {shlex.quote(str(source))}"
    return _("To look at it: {command}, then open the address it prints "
             "(opening {index} from the disk breaks its links)").format(command=command, index=output / "index.html")


@main.command("check", help=N_("Check the content without writing anything."))
@SOURCE
@STRICT
@DRAFTS
@JOBS
@NOW
def check_command(source: Path, strict: bool, drafts: bool, jobs: int, now: datetime.datetime | None) -> None:
    from .build.pipeline import Options, check

    counter = ProgressLine(True)
    try:
        result = check(source, Options(drafts=drafts, strict=strict, jobs=jobs, progress=counter, now=now))
    except ContentError as error:
        counter.close()
        fail(error, _("Check failed"))
    counter.close()
    report(result.warnings)
    warnings = len(result.warnings)
    done = ngettext("No errors ({count} warning).", "No errors ({count} warnings).", warnings)
    click.echo(done.format(count=warnings))


@main.command("serve", help=N_("Preview the site: rebuild on every change and reload the browser."))
@SOURCE
@option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on."))
@option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help=N_("0 picks a free port."))
@option("--allow-host", "allowed", multiple=True, metavar="NAME",
        help=N_("Also answer requests addressed to NAME (a name of this machine); repeat for several."))
@BASE_URL
@DRAFTS
@JOBS
@NOW
@option("--edit", is_flag=True, help=N_("Also edit the content in the browser, at an address printed here (drafts "
                                         "are shown). Only on this computer: 127.0.0.1 or localhost."))
def serve_command(
    source: Path, host: str, port: int, allowed: tuple[str, ...], base_url: str | None, drafts: bool, jobs: int,
    now: datetime.datetime | None, edit: bool,
) -> None:
    from .build.pipeline import Options
    from .serve import start, stop, watch

    if edit and (host not in ("127.0.0.1", "localhost") or allowed):
        raise click.UsageError(_("--edit works only on this computer: leave out --host and --allow-host"))
    options = Options(base_url=base_url, drafts=drafts or edit, jobs=jobs, now=now)
    signal.signal(signal.SIGTERM, _interrupt)  # stop as cleanly on a kill as on Ctrl-C, the builder process too
    try:
        server = start(source, options, host, port, say=lambda line: click.echo(line, err=True), allowed=allowed)
    except OSError as exc:
        raise CannotRun(_("cannot listen on {host}:{port}: {reason}; if another preview is running there, "
                          "stop it, or pick another port (--port 0 picks a free one)").format(
            host=host, port=port, reason=exc.strerror)) from exc
    try:
        click.echo(_("Serving {source} at {url} (Ctrl-C to stop)").format(source=source.resolve(), url=server.url))
        if edit:
            _open_editor(server, source, options.base_url)
        watch(server.preview)
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
    click.echo(_("Stopped."))


def _open_editor(server: PreviewServer[Preview], source: Path, base_url: str | None) -> None:
    """Add the editor to the preview; print its address (it holds this run's secret) and open it."""
    from .edit.editor import Editor

    editor = Editor(source, server.server_address[1], current(), base_url=base_url)
    server.editor = editor
    address = editor.address(server.preview.base_path)
    click.echo(_("Editor (only for you: the address holds a secret key): {url}").format(url=address))
    if sys.stdout.isatty():
        webbrowser.open(address)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.group("new", help=N_("Start a new content file."))
def new_group() -> None:
    pass


@new_group.command("meeting", help=N_("Write a meeting note, one file per language, ready to fill."))
@TITLE
@DAY(N_("The meeting's date, YYYY-MM-DD [default: today]."))
@SOURCE
def new_meeting(title: str, day: datetime.date | None, source: Path) -> None:
    from .load.model import MEETING

    _write_new(source, MEETING, title, day or datetime.date.today())


@new_group.command("fact-check", help=N_("Write a fact check, one file per language, ready to fill."))
@TITLE
@DAY(N_("The day the fact check is published, YYYY-MM-DD [default: today]."))
@SOURCE
def new_fact_check(title: str, day: datetime.date | None, source: Path) -> None:
    from .load.model import FACT_CHECK

    _write_new(source, FACT_CHECK, title, day or datetime.date.today())


@new_group.command("event", help=N_("Write an event, one file per language, ready to fill."))
@TITLE
@DAY(N_("The day the event starts, YYYY-MM-DD [default: none; write it in the files]."))
@SOURCE
def new_event(title: str, day: datetime.date | None, source: Path) -> None:
    from .load.model import EVENT

    _write_new(source, EVENT, title, day)


@new_group.command("page", help=N_("Write a page (such as about or contact), one file per language, ready to fill."))
@TITLE
@SOURCE
def new_page(title: str, source: Path) -> None:
    from .load.model import PAGE

    _write_new(source, PAGE, title, None)


def _write_new(source: Path, kind: str, title: str, day: datetime.date | None) -> None:
    from .load.site import load_config
    from .scaffold import new_document, next_steps, section_problem, write_new

    config, problems = load_config(source)
    if config is None:
        fail(ContentError(problems), _("Nothing was written"))
    missing = section_problem(config, kind)
    if missing is not None:
        fail(ContentError([missing]), _("Nothing was written"))
    new = new_document(config, kind, title, day)
    try:
        paths = write_new(source / new.folder, new.files)
    except FileExistsError as exc:
        click.echo(_("{path}: already exists; nothing was written.").format(path=exc.args[0]), err=True)
        sys.exit(1)
    for path in paths:
        click.echo(_("Wrote {path}").format(path=path))
    for line in next_steps(new, source):
        click.echo(line)


@new_group.command(
    "translation",
    help=N_("Start the missing translation of FILE: a draft copy to translate, marked as made from the original."),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@option("--lang", "code", metavar="LANG", help=N_("The language to translate into [default: the one missing]."))
@SOURCE
def new_translation(file: Path, code: str | None, source: Path) -> None:
    from .load import translation_status as translations
    from .scaffold import write_translation

    site = _load_everything(source)
    path = _content_path(source, file)
    done = translations.already_translated(site.config, site.all_documents, path) if code is None else None
    if done is not None:  # not an error in the content, yet no file written: exit 1, as every `new` then
        report([done])
        sys.exit(1)
    plan, problems = translations.plan_translation(site.config, site.all_documents, path, code)
    if plan is None:
        fail(ContentError(problems), _("Nothing was written"))
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
    from . import translation_report
    from .load import translation_status as translations
    from .render.catalogs import catalog_status

    site = _load_everything(source)
    if mark:
        _mark_done(site, source, files)
        return
    config, templates = site.config, site.root / "templates"
    catalogs = []
    for code in config.codes:
        status, problems = catalog_status(templates, code, site.root)
        report(problems)
        catalogs.append(status)
    found = translations.statuses(config, site.all_documents)
    for line in translation_report.report(config, found, catalogs):
        click.echo(line)


def _mark_done(site: Site, source: Path, files: tuple[Path, ...]) -> None:
    from .load import translation_status as translations
    from .scaffold import mark_done

    recorded, problems = [], []
    for file in files:
        path = _content_path(source, file)
        value, found = translations.hash_for_done(site.config, site.all_documents, path)
        problems += found
        if value is not None:
            recorded.append((path, value))
    if problems:
        fail(ContentError(problems), _("Nothing was marked"))
    for path, value in recorded:
        changed = mark_done(source / path, value)
        done = _("{path}: marked up to date") if changed else _("{path}: already marked up to date")
        click.echo(done.format(path=path))


@main.command("host-config", help=N_("Print a web server's settings for this site. SERVER: nginx or caddy."))
@click.argument("server", type=click.Choice(SERVERS))
@SOURCE
@BASE_URL
@option("--root", default="/var/www/html", show_default=True, metavar="DIR",
        help=N_("The folder on the server that holds the site's base path (the output goes to DIR/<base path>)."))
def host_config_command(server: str, source: Path, base_url: str | None, root: str) -> None:
    try:
        click.echo(host_config(server, source, base_url, root), nl=False)
    except ContentError as error:
        fail(error, _("Fix these errors first"))


def _load_everything(source: Path) -> Site:
    """The site with its drafts; the content's errors end the command (exit 1)."""
    from .load.site import load_site

    site, problems = load_site(source, drafts=True)
    errors = errors_in(problems)  # (a draft still being filled in is no obstacle: what it lacks is a warning)
    if site is None or errors:
        fail(ContentError(errors), _("Fix these errors first"))
    return site


def _content_path(source: Path, file: Path) -> str:
    """FILE as given, from here or from the site folder -> ``content/pages/about.en.md``."""
    root = source.resolve()
    for candidate in (file, source / file):
        path = candidate.resolve()
        if path.is_file() and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return file.as_posix()
