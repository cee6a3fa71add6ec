"""The kept versions of a document: the list, one version's text, and restoring it (which keeps the
text it replaces as a version in turn)."""

from __future__ import annotations

from ..messages import Message
from . import files
from .http import Answer, Request, redirect
from .pages import Context


def versions(context: Context, request: Request) -> Answer:
    named = files.document(request.arg("path"))
    chosen = request.arg("version")
    text = files.kept(context.root, named.path, chosen) if chosen else None
    return context.page("history.html", path=named.path, versions=files.versions(context.root, named.path),
                        chosen=chosen if text is not None else "", text=text)


def restore(context: Context, request: Request) -> Answer:
    named = files.document(request.arg("path"))
    text = files.kept(context.root, named.path, request.arg("version"))
    if text is None:
        return context.page("message.html", 404, title=Message("There is no such version."), text=None)
    files.write(context.root, named.path, text)
    return redirect(context.link("edit", path=named.path, saved="1"))
