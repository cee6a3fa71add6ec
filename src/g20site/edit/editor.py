"""The editor's routes below ``<base>/_edit/``: who may ask (``session.py``), then what is asked.

Every page needs this run's cookie; every request that changes a file needs the form's token too,
and comes from the editor's own pages. The pages themselves are in ``documents.py`` (the list, the
forms, saving), ``translating.py``, ``history.py`` and ``uploads.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

from ..messages import LANGUAGES, Message
from . import documents, history, pages, translating, uploads
from .files import NotText, Refused
from .http import Answer, Request, link, redirect
from .pages import Context
from .session import KEY, Session, host_allowed, origin_allowed

ROUTE = "_edit/"
LANGUAGE_COOKIE = "g20site-editor-lang"
NOT_ALLOWED = Message("Open the editor with the address g20site serve --edit printed in the terminal.")
NOT_FOUND = Message("There is no such page in the editor.")
FORGED = Message("This form did not come from the editor's own page; open the editor again and repeat.")
NOT_TEXT = Message("The editor cannot show this file: correct it in a text editor first.")
REFUSED = Message("The editor does not read or write that file: it works only in content/ and static/.")


GETS: dict[str, Callable[[Context, Request], Answer]] = {
    "": documents.home, "edit": documents.edit, "new": documents.new, "translate": translating.side_by_side,
    "history": history.versions, "upload": uploads.form, "preview": documents.preview,
}
POSTS: dict[str, Callable[[Context, Request], Answer]] = {
    "save": documents.save, "check": documents.check, "translation": translating.start,
    "mark-done": translating.mark_done, "restore": history.restore, "upload": uploads.upload,
    "preview": documents.preview,
}


class Editor:
    """The editor of the site at ``root``, served on ``port`` with the preview."""

    def __init__(self, root: Path, port: int, lang: str, session: Session | None = None,
                 base_url: str | None = None) -> None:
        self.root = root
        self.base_url = base_url
        self.port = port
        self.lang = lang
        self.session = session or Session()
        self.writing = threading.Lock()

    def address(self, base_path: str) -> str:
        """The address that opens the editor (printed in the terminal): it carries the secret."""
        return f"http://127.0.0.1:{self.port}{link(base_path + ROUTE, '', **{KEY: self.session.secret})}"

    def answer(self, request: Request, base_path: str) -> Answer:
        here = link(base_path + ROUTE, request.path if request.method == "GET" else "",
                    **{k: v[0] for k, v in request.query.items() if k != KEY and v})
        context = Context(self.root, base_path + ROUTE, base_path, self.base_url, self._lang(request),
                          self.session.token, here)
        if not host_allowed(request.headers.get("Host", ""), self.port):
            return _plain(403, NOT_ALLOWED.text(context.lang))
        if request.method == "GET" and request.path in pages.ASSETS:
            return Answer(200, pages.ASSETS[request.path], pages.asset(request.path))
        key = request.query.get(KEY, [""])[0]
        if request.method == "GET" and key and self.session.opens(key):
            return redirect(context.prefix, ("Set-Cookie", self.session.cookie(context.prefix)))
        if not self.session.knows(request.headers):
            return _plain(403, NOT_ALLOWED.text(context.lang))
        if request.method == "GET" and request.path == "language":
            return self._language(context, request)
        try:
            return self._route(context, request)
        except Refused:
            return _plain(403, REFUSED.text(context.lang))
        except NotText as error:  # shown, never changed: saving it would change what the loader refuses to read
            said = [problem.text(context.lang) for problem in error.problems]
            return context.page("message.html", 422, title=NOT_TEXT, text=said)

    def _route(self, context: Context, request: Request) -> Answer:
        if request.method == "POST":
            if not self.session.allows(request.arg("token")) or not origin_allowed(
                    request.headers.get("Origin"), self.port):
                return _plain(403, FORGED.text(context.lang))
            view = POSTS.get(request.path)
        else:
            view = GETS.get(request.path)
        if view is None:
            return context.page("message.html", 404, title=NOT_FOUND, text=None)
        if request.method != "POST":
            return view(context, request)
        with self.writing:  # one change at a time: a file's version is compared and written in one step
            return view(context, request)

    def _lang(self, request: Request) -> str:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(request.headers.get("Cookie", ""))
        except CookieError:
            return self.lang
        chosen = jar.get(LANGUAGE_COOKIE)
        return chosen.value if chosen is not None and chosen.value in LANGUAGES else self.lang

    def _language(self, context: Context, request: Request) -> Answer:
        lang = request.arg("to")
        if lang not in LANGUAGES:
            return redirect(context.prefix)
        cookie = f"{LANGUAGE_COOKIE}={lang}; Path={context.prefix}; SameSite=Strict"
        back = request.arg("back")
        safe = back.startswith(context.prefix) and back.isprintable() and " " not in back
        return redirect(back if safe else context.prefix, ("Set-Cookie", cookie))


def _plain(status: int, text: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (text + "\n").encode())
