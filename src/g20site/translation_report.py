"""The text of ``g20site translations``: every document and the state of each language,
the theme's catalogs, and the totals. Words only: the states come from
``load/translation_status.py``, the catalogs' counts from ``render/catalogs.py``."""

from __future__ import annotations

from collections.abc import Sequence

from .load.settings import SiteConfig
from .load.translation_status import (
    MISSING,
    NO_SOURCE,
    NOT_MARKED,
    STALE,
    UP_TO_DATE,
    DocumentStatus,
    english_name,
    language_name,
)
from .messages import N_, Words, _, ngettext
from .render.catalogs import CatalogStatus

LABELS = {UP_TO_DATE: N_("up to date"), STALE: N_("OUT OF DATE"), NOT_MARKED: N_("not marked"),
          MISSING: N_("missing"), NO_SOURCE: N_("no original")}


ADVICE = {
    UP_TO_DATE: "{path}",
    STALE: N_("{path}: the {source} text changed; update this translation, then mark it done"),
    NOT_MARKED: N_("{path}: if it says what the {source} text says, mark it done"),
    MISSING: N_("start it: g20site new translation {start} --lang {code}"),
    NO_SOURCE: N_("{path}: there is no {source} version to compare it with"),
}


def report(config: SiteConfig, found: Sequence[DocumentStatus], catalogs: Sequence[CatalogStatus]) -> list[str]:
    """The text of ``g20site translations``: every document, then the catalogs, then the totals."""
    source = english_name(config.default)
    lines = [_("Documents (the {source} version of each is the original)").format(source=source), ""]
    for status in found:
        lines += _document_lines(source, status)
    lines += ["", _("Template strings (templates/locale/LANG/LC_MESSAGES/messages.po)"), ""]
    lines += [_catalog_line(config, catalog) for catalog in catalogs]
    lines += ["", _totals(found, catalogs)]
    if any(s.count(STALE) or s.count(NOT_MARKED) for s in found):
        lines.append(_("Mark a translation done: g20site translations --mark-done FILE"))
    return lines


def _document_lines(source: Words, status: DocumentStatus) -> list[str]:
    original = status.versions[0]
    if original.state == MISSING:
        lines = [_("{path} (missing: the original)").format(path=status.source)]
    else:
        lines = [status.source + (_(" (a draft)") if original.draft else "")]
    start = next(v.path for v in status.versions if v.state != MISSING)
    for version in status.versions[1:]:
        code = version.lang.code
        advice = _(ADVICE[version.state]).format(path=version.path, source=source, start=start, code=code)
        draft = _(" (a draft)") if version.draft else ""
        width = max(12, *(len(_(label)) for label in LABELS.values()))
        lines.append(f"  {code:<3} {_(LABELS[version.state]):<{width}} {advice}{draft}")
    return lines


def _catalog_line(config: SiteConfig, catalog: CatalogStatus) -> str:
    code, total = catalog.lang, catalog.total
    shown = language_name("en") if code == config.default.code else english_name(config.default)
    if not catalog.exists:
        text = ngettext("no catalog: its {count} string is shown in {shown} ({path})",
                        "no catalog: all {count} strings are shown in {shown} ({path})", total)
    elif not catalog.untranslated and not catalog.fuzzy:
        text = ngettext("{count} string translated", "all {count} strings translated", total)
    else:
        text = ngettext("{untranslated} untranslated and {fuzzy} fuzzy of {count} string, "
                        "shown in {shown} until translated ({path})",
                        "{untranslated} untranslated and {fuzzy} fuzzy of {count} strings, "
                        "shown in {shown} until translated ({path})", total)
    words = text.format(count=total, shown=shown, path=catalog.path, untranslated=catalog.untranslated,
                        fuzzy=catalog.fuzzy)
    return f"  {code:<3} {words}"


def _totals(found: Sequence[DocumentStatus], catalogs: Sequence[CatalogStatus]) -> str:
    counts = {state: sum(s.count(state) for s in found) for state in (MISSING, STALE, NOT_MARKED)}
    untranslated = sum(c.untranslated for c in catalogs)
    fuzzy = sum(c.fuzzy for c in catalogs)
    documents = ngettext("{count} document", "{count} documents", len(found))
    return (documents.format(count=len(found)) + _(
        "; translations: {missing} missing, {stale} out of date, {not_marked} not marked; "
        "template strings: {untranslated} untranslated, {fuzzy} fuzzy.").format(
            missing=counts[MISSING], stale=counts[STALE], not_marked=counts[NOT_MARKED],
            untranslated=untranslated, fuzzy=fuzzy))
