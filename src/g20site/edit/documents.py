"""The list of documents, the form of one, checking it as it is filled in, and saving it.

A new document is written as ``g20site new`` writes it, one file per language, with the values of
the form in the default language's file; an existing one gets the lines that changed. A file that
changed on disk since its form was opened is not overwritten: both versions are shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from ..errors import Problem
from ..load.model import EVENT, FACT_CHECK, MEETING, PAGE, Document
from ..load.settings import SiteConfig
from ..load.site import load_config, load_site
from ..load.translation_status import DocumentStatus, statuses
from ..messages import Message
from ..pages.urls import document_path
from ..scaffold import NewDocument, new_document, section_problem, title_problem
from . import files, forms, front_lines
from .checks import problems_of, refused
from .http import Answer, Request, as_json, redirect
from .pages import Context
from .placing import by_message, placed
from .rendering import rendered, site_problems

KINDS = tuple(files.EDITED)
NEW = {MEETING: Message("New meeting note"), FACT_CHECK: Message("New fact check"), EVENT: Message("New event"),
       PAGE: Message("New page")}
KIND_NAMES = {MEETING: Message("Meeting note"), FACT_CHECK: Message("Fact check"), EVENT: Message("Event"),
              PAGE: Message("Page")}
EXISTS = Message("{path}: already exists; nothing was written.")
CHANGED_ON_DISK = Message("The file changed on disk since you opened it. Nothing was overwritten: choose which "
                          "version to keep.")
SAVED = Message("Saved.")
REFUSED = Message("Not saved: fix the errors marked below. The build would refuse this file.")
UNCHANGED = Message("Nothing changed: the file was not written.")
NOT_FOUND = Message("There is no such page in the editor.")
AS_TEXT = Message("The settings at the top of this file cannot be read, so it is shown as text: correct it where "
                  "the messages say, then save; the form comes back once the file can be read.")
# the page in the pane is the site's, with the site's styles and pictures, in an origin of its own: nothing
# in it (a script of the theme, raw HTML a site allows) can reach the editor's pages or their token
PANE_POLICY = "sandbox; frame-ancestors 'self'"
UNSAVED = Message("Fill in the form: the page shows here as you write.")
NO_PAGE = Message("This document has no page yet:")


def home(context: Context, request: Request) -> Answer:
    site, found = load_site(context.root, drafts=True)
    config = site.config if site is not None else load_config(context.root)[0]
    edited = [doc for doc in site.all_documents if doc.kind in KINDS] if site else []
    listed: Sequence[DocumentStatus] = statuses(config, edited) if config else ()
    errors = [(p, _edit_link(context, p.path)) for p in found if p.severity == "error"]
    return context.page("home.html", rows=listed, kinds=NEW, names=KIND_NAMES, problems=errors, config=config)


def _edit_link(context: Context, path: str) -> str | None:
    """Where a file with an error is corrected: its form, when it is a document the editor edits."""
    try:
        return context.link("edit", path=files.document(path).path)
    except files.Refused:
        return None


def new(context: Context, request: Request) -> Answer:
    config = config_of(context)
    kind = request.arg("kind")
    if kind not in KINDS:
        return context.page("message.html", 404, title=NOT_FOUND, text=None)
    form = forms.inputs(config, kind, config.default.code)
    start = _start(config, kind, "", datetime.date.today())
    values = forms.values_of(start, form)
    return _form(context, config, kind, None, config.default.code, form, values, front_lines.body_of(start), [], "")


def edit(context: Context, request: Request) -> Answer:
    named = files.document(request.arg("path"))
    text = files.read(context.root, named.path)
    if text is None:
        return context.page("message.html", 404, title=NOT_FOUND, text=None)
    notice = SAVED if request.arg("saved") else UNCHANGED if request.arg("unchanged") else None
    return edit_form(context, named.path, text, None, notice)


def edit_form(context: Context, path: str, text: str, translation: Mapping[str, object] | None,
              notice: Message | None = None) -> Answer:
    """The form of the file ``path`` holding ``text``; with ``translation``, beside its original."""
    named = files.document(path)
    config = config_of(context)
    form = forms.inputs(config, named.kind, named.lang)
    problems = problems_of(context.root, config, named.kind, named.path, text)
    return _form(context, config, named.kind, named.path, named.lang, form, forms.values_of(text, form),
                 _body_of(text), problems, files.version_of(text), notice=notice, translation=translation,
                 raw=text if not _editable(text) else None)


def check(context: Context, request: Request) -> Answer:
    """The problems of the form as it stands, by field, in the editor's language (for the page's script)."""
    config = config_of(context)
    kind, path, text, found = _would_be(context, config, request)
    form = forms.inputs(config, kind, path.rsplit(".", 2)[-2])
    return as_json({key: [{"text": p.text(context.lang), "severity": p.severity} for p in problems]
                    for key, problems in placed(found, text, form, path).items()})


def save(context: Context, request: Request) -> Answer:
    """Write the form's file, unless the build would refuse it, it exists already (a new document), or it
    changed on disk since the form was opened."""
    config = config_of(context)
    kind, path, text, found = _would_be(context, config, request)
    existing = request.arg("path")
    if existing and not refused(found):  # the site-wide checks: the site read, the page rendered
        found += [p for p in site_problems(context.root, path, text, context.base_url) if p not in found]
    if refused(found):
        return _again(context, config, request, (kind, path, text), found, 422)
    if not existing:
        exists = [Problem(path, None, EXISTS.format(path=path))]
        return _create(context, config, kind, request, text, path) or _again(
            context, config, request, (kind, path, text), exists, 409)
    current = files.read(context.root, path)
    if files.version_of(current) != request.arg("version"):
        return context.page("conflict.html", 409, path=path, mine=text, theirs=current or "", notice=CHANGED_ON_DISK,
                            posted=_posted(request.form), version=files.version_of(current))
    if text == current:
        return redirect(context.link("edit", path=path, unchanged="1"))
    files.write(context.root, path, text)
    return redirect(context.link("edit", path=path, saved="1"))


def _again(context: Context, config: SiteConfig, request: Request, would_be: tuple[str, str, str],
           problems: list[Problem], status: int) -> Answer:
    """The form as it was sent, with what refused it."""
    kind, path, text = would_be
    lang = path.rsplit(".", 2)[-2]
    form = forms.inputs(config, kind, lang)
    body = _body(request)
    return _form(context, config, kind, request.arg("path") or None, lang, form, forms.values_from(request.form, form),
                 body if body is not None else _body_of(text), problems, request.arg("version"), status=status,
                 notice=REFUSED, text=text, raw=text if "raw" in request.form else None, file=path)


def preview(context: Context, request: Request) -> Answer:
    """The page of the document as the form would save it (GET: as it is on disk), for the preview pane."""
    config = config_of(context)
    if request.method == "GET":
        if not request.arg("path"):
            return context.page("pane.html", title=UNSAVED, text=None)
        named = files.document(request.arg("path"))
        kind, path, text = named.kind, named.path, files.read(context.root, named.path)
        if text is None:
            return context.page("message.html", 404, title=NOT_FOUND, text=None)
    else:
        kind, path, text, _found = _would_be(context, config, request)
    page, problems = rendered(context.root, kind, path, text, context.base_url)
    if page is None:
        return context.page("pane.html", title=NO_PAGE, text=[p.text(context.lang) for p in problems])
    return Answer(200, "text/html; charset=utf-8", page, (("Content-Security-Policy", PANE_POLICY),))


def _create(context: Context, config: SiteConfig, kind: str, request: Request, text: str, path: str) -> Answer | None:
    """Write a new document's files, as ``g20site new`` does; None if one exists already."""
    made = _made(config, kind, request)
    folder = made.folder
    names = [f"{folder}/{name}" for name in made.files]
    if any(files.read(context.root, name) is not None for name in names):
        return None
    for name in names:
        files.write(context.root, name, text if name == path else made.files[name.rsplit("/", 1)[1]])
    return redirect(context.link("edit", path=path, saved="1"))


def _would_be(context: Context, config: SiteConfig, request: Request) -> tuple[str, str, str, list[Problem]]:
    """The kind, file and text the form would save, and the problems check would find in it."""
    existing = request.arg("path")
    if existing:
        named = files.document(existing)
        kind, path, start = named.kind, named.path, files.read(context.root, named.path) or ""
        lang = named.lang
    else:
        kind = request.arg("kind")
        if kind not in KINDS:
            raise files.Refused(kind)
        made = _made(config, kind, request)
        path = f"{made.folder}/{next(iter(made.files))}"
        start, lang = next(iter(made.files.values())), config.default.code
    form = forms.inputs(config, kind, lang)
    if existing and "raw" in request.form:
        text = _lines_as_in(request.form["raw"][0], start)
    else:
        try:
            text = forms.write_values(start, form, forms.values_from(request.form, form), _body(request))
        except front_lines.NotEditable:
            text = start
    found = problems_of(context.root, config, kind, path, text)
    if not existing:
        found += _naming_problems(config, kind, path, forms.values_from(request.form, form))
    return kind, path, text, found


def _body(request: Request) -> str | None:
    """The text below the front matter as the form sends it; None (the file's own) when it sends none."""
    return request.form["body"][0] if "body" in request.form else None


def _editable(text: str) -> bool:
    """The front matter can be read, so the form can show it; else the file is edited as text."""
    try:
        front_lines.spans(front_lines.split(text)[1])
    except front_lines.NotEditable:
        return False
    return True


def _lines_as_in(text: str, file: str) -> str:
    """``text`` from a text area (CRLF line ends) with the line ends of ``file``."""
    text = text.replace("\r\n", "\n")
    return text.replace("\n", "\r\n") if "\r\n" in file else text


def _body_of(text: str) -> str:
    try:
        return front_lines.body_of(text)
    except front_lines.NotEditable:
        return text


def _made(config: SiteConfig, kind: str, request: Request) -> NewDocument:
    title = request.arg("title").strip() or "untitled"
    day = _day(request.arg("date") or request.arg("start-date"))
    made = new_document(config, kind, title if not title_problem(title) else "untitled", day)
    files.document(f"{made.folder}/{next(iter(made.files))}")  # a name the editor writes
    return made


def _naming_problems(config: SiteConfig, kind: str, path: str, values: Mapping[str, object]) -> list[Problem]:
    title = str(values.get("title", "")).strip()
    found = [Problem(path, None, message) for message in [title_problem(title)] if message is not None]
    missing = section_problem(config, kind)
    return [*found, *([missing] if missing else [])]


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return datetime.date.today()


def _start(config: SiteConfig, kind: str, title: str, day: datetime.date) -> str:
    made = new_document(config, kind, title or "untitled", day if kind != EVENT else None)
    return front_lines.set_lines(next(iter(made.files.values())), "title", ['title: ""'])


def config_of(context: Context) -> SiteConfig:
    config, found = load_config(context.root)
    if config is None:
        raise files.Refused("content/site.yaml")
    return config


def _form(context: Context, config: SiteConfig, kind: str, path: str | None, lang: str, form: tuple[forms.Input, ...],
          values: Mapping[str, forms.Value], body: str, problems: list[Problem], version: str, status: int = 200,
          notice: Message | None = None, text: str | None = None,
          translation: Mapping[str, object] | None = None, raw: str | None = None, file: str | None = None) -> Answer:
    """The form page; ``file``: the file a new document's form would write, whose lines ``text`` holds."""
    text = text if text is not None else files.read(context.root, path) if path else None
    by_field = placed(problems, text, form, file or path or "") if text is not None else by_message(problems, form)
    return context.page("form.html", status, kind=kind, path=path, doc_lang=lang, form=form, values=values, body=body,
                        placed=by_field, version=version, notice=notice, title=NEW.get(kind),
                        preview=_preview(context, path), preview_pane=context.link("preview", path=path or ""),
                        languages=config.codes, default=config.default.code,
                        empty_rows=forms.EMPTY_ROWS, translation=translation, raw=raw, as_text=AS_TEXT)


def _posted(form: Mapping[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, values in form.items() if name not in ("version", "token") for value in values]


def _preview(context: Context, path: str | None) -> str | None:
    """Where the preview shows the saved document, once the build has it."""
    if path is None:
        return None
    site, _ = load_site(context.root, drafts=True)
    doc: Document | None = next((d for d in site.all_documents if d.path == path), None) if site else None
    return context.preview + document_path(site, doc) if site and doc else None
