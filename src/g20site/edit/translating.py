"""Translating a document: its original and the translation side by side, starting a missing
translation as ``g20site new translation`` does, and marking one done as ``translations --mark-done``."""

from __future__ import annotations

from typing import Any

from ..load.site import load_site
from ..load.translation_status import FIELD, find, hash_for_done, path_in, plan_translation
from ..messages import Message
from ..scaffold import set_front, translation_text
from . import documents, files, forms, front_lines
from .http import Answer, Request, redirect
from .pages import Context

MARKED = Message("Marked as translated: it says what the original says now.")


def side_by_side(context: Context, request: Request) -> Answer:
    """The original on the left (to read), the translation's form on the right; or, when the translation
    is missing, the button that starts it."""
    named = files.document(request.arg("path"))
    site, _ = load_site(context.root, drafts=True)
    config = documents.config_of(context)
    lang = request.arg("lang") or named.lang
    if lang not in config.codes:
        raise files.Refused(lang)
    doc = find(site.all_documents, named.path) if site else None
    if doc is None:
        return context.page("message.html", 404, title=Message("There is no such page in the editor."), text=None)
    original = path_in(doc, config.default.code)
    target = path_in(doc, lang)
    source_text = files.read(context.root, original) or ""
    form = forms.inputs(config, named.kind, config.default.code)
    text = files.read(context.root, target)
    shown: dict[str, Any] = {"source": original, "source_values": forms.values_of(source_text, form),
             "source_body": front_lines.body_of(source_text) if source_text else "", "target": target,
             "target_lang": lang, "notice": MARKED if request.arg("marked") else None}
    if text is None:
        return context.page("translate.html", form=form, **shown)
    return documents.edit_form(context, target, text, shown, shown["notice"])


def start(context: Context, request: Request) -> Answer:
    """Write the missing translation ``lang`` of ``path``: a draft copy of the original to translate."""
    named = files.document(request.arg("path"))
    site, _ = load_site(context.root, drafts=True)
    if site is None:
        raise files.Refused(named.path)
    plan, problems = plan_translation(site.config, site.all_documents, named.path, request.arg("lang") or None)
    if plan is None:
        return context.page("message.html", 409, title=Message("Nothing was written"),
                            text=[p.text(context.lang) for p in problems])
    files.document(plan.path)
    original = files.read(context.root, plan.start) or ""
    files.write(context.root, plan.path, translation_text(original, plan.recorded))
    return redirect(context.link("translate", path=plan.path))


def mark_done(context: Context, request: Request) -> Answer:
    """Record in the translation ``path`` the version of the original it now follows."""
    named = files.document(request.arg("path"))
    site, _ = load_site(context.root, drafts=True)
    if site is None:
        raise files.Refused(named.path)
    value, problems = hash_for_done(site.config, site.all_documents, named.path)
    if value is None:
        return context.page("message.html", 409, title=Message("Nothing was marked"),
                            text=[p.text(context.lang) for p in problems])
    text = files.read(context.root, named.path) or ""
    marked = set_front(text, FIELD, f'"{value}"')
    if marked != text:
        files.write(context.root, named.path, marked)
    return redirect(context.link("translate", path=named.path, marked="1"))
