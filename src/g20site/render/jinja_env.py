"""The theme's Jinja environments, and template failures told as ``templates/x.html:line: ...``."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from ..errors import Problem
from ..load.hints import hint, nearest_path
from ..load.languages import Language
from ..load.model import Site
from ..messages import Message
from ..pages import urls
from .catalogs import format_day, format_number, format_time, format_time_span
from .pictures import picture_html


class TemplateFailure(Exception):
    """A template asked for something that is not there; its message says what, for people."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class _Compiled(jinja2.BytecodeCache):
    """Templates compiled once per process, not once per build: ``g20site serve`` builds again on every
    save. Kept in memory only (nothing compiled is read from a file another could have written); Jinja
    compiles a template again when its source changed (the bucket's checksum)."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


COMPILED = _Compiled()


def environment(site: Site, lang: Language, translations: Any) -> jinja2.Environment:
    templates = site.root / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates.resolve()),  # absolute: errors map back to files
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=COMPILED,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = lambda day, style=None: format_day(day, lang.locale, style or lang.date_format)
    env.filters["isodate"] = lambda day: day.isoformat()
    env.filters["time"] = lambda moment: format_time(moment, lang.code)
    env.filters["timespan"] = lambda start, end: format_time_span(start, end, lang.code)
    env.filters["number"] = lambda number: format_number(number, lang.code)
    env.globals["static_url"] = _static_url(site)
    env.filters["picture"] = picture_html  # {{ doc.picture|picture(doc.image_alt) }}
    return env


def _static_url(site: Site) -> Callable[[str], str]:
    files = set(site.static_files)

    def static_url(path: str) -> str:
        path = path.lstrip("/")
        if path not in files:
            raise TemplateFailure(Message("static_url: static/{path} does not exist{hint}").format(
                path=path, hint=hint(nearest_path(path, files))))
        return urls.url(site.config, urls.static_name(path, site.static_hashes))

    return static_url


def render_template(
    env: jinja2.Environment, name: str, context: dict[str, Any], root: Path, problems: list[Problem]
) -> bytes | None:
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        message = Message("template: {reason}").format(reason=exc.message)
        problems.append(Problem(f"templates/{exc.name or name}", exc.lineno, message))
    except Exception as exc:  # noqa: BLE001 - any template failure becomes a problem with its line
        problems.append(template_problem(exc, name, root))
    return None


def template_problem(exc: Exception, name: str, root: Path) -> Problem:
    templates = (root / "templates").resolve()
    where: tuple[str, int | None] = (f"templates/{name}", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(templates):
            where = (path.relative_to(root.resolve()).as_posix(), frame.lineno)
    if isinstance(exc, jinja2.TemplateNotFound):  # the line that includes or extends it, when a template does
        return Problem(where[0], where[1], Message("template not found: {name}").format(name=exc.name))
    message = exc.message if isinstance(exc, TemplateFailure) else str(exc) if isinstance(
        exc, jinja2.UndefinedError) else repr(exc)
    return Problem(where[0], where[1], Message("template: {reason}").format(reason=message))
