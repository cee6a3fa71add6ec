"""The editor's pages: the tool's own Jinja2 templates (``edit/templates/``, not the site's theme),
their words from the tool's catalog in the editor's language, everything escaped."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..messages import LANGUAGES, Words, translations
from .http import Answer, html, link

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = {"editor.css": "text/css; charset=utf-8", "editor.js": "text/javascript; charset=utf-8"}


@cache
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
                             trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["words"] = lambda words: words.text(lang) if isinstance(words, Words) else str(words)
    return env


def page(lang: str, name: str, **context: Any) -> bytes:
    """The page ``name`` (a template) in ``lang``."""
    lang = lang if lang in LANGUAGES else "en"
    return environment(lang).get_template(name).render(lang=lang, **context).encode()


def asset(name: str) -> bytes:
    return (Path(__file__).parent / "static" / name).read_bytes()


@dataclass
class Context:
    """What every page of the editor knows: the site, where the editor is, the language it speaks."""

    root: Path
    prefix: str  # <base>/_edit/
    preview: str  # <base>/ : where the preview serves the site
    base_url: str | None  # serve --base-url
    lang: str
    token: str
    here: str = ""  # the address of the page asked for: where the language switch comes back to

    def link(self, route: str, **args: str) -> str:
        return link(self.prefix, route, **args)

    def page(self, name: str, status: int = 200, **values: object) -> Answer:
        return html(page(self.lang, name, editor=self, **values), status)
