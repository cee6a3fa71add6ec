"""The only reader of a site folder: content/ and the list of static/ -> Site.

The settings first (``settings.py``), then the slogan and the key messages
(YAML), the documents of each folder (``documents.py``), the static files
(``static_files.py``), and the checks that span files: key-message bodies,
images, verdicts and translations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Problem, errors_in
from ..messages import Message
from . import entries, schema
from . import translation_status as translations
from .confine import confined, files_below
from .documents import Direct, Reader, read_documents
from .hints import hint, nearest_path
from .images import references
from .model import (
    EVENT,
    FACT_CHECK,
    KEY_MESSAGE,
    MEETING,
    PAGE,
    Document,
    KeyMessage,
    Rendering,
    Site,
    SloganText,
)
from .settings import SiteConfig, read_config
from .sources import Data, parse_yaml, read_text
from .static_files import static_details, theme_digest


def load_site(
    root: Path, *, drafts: bool = False, base_url: str | None = None, reader: Reader | None = None
) -> tuple[Site | None, list[Problem]]:
    """Read the site folder ``root``; return the site and every problem found."""
    data, config, problems = _settings(root)
    if config is None:
        if (root / "content" / "site.yaml").is_file():  # the documents may have mistakes too: say all at once
            for kind in KINDS:
                read_documents(root, _codes(data), kind, reader or Direct(), problems)
        return None, problems
    if base_url:
        config = config.with_base_url(base_url)
    slogan = _slogan(root, config, problems)
    key_messages = _key_messages(root, config, problems)
    documents = []
    for kind in KINDS:
        documents += read_documents(root, config.codes, kind, reader or Direct(), problems)
    links: list[Problem] = []  # links that lead outside the site folder, loop or dangle
    static = tuple(files_below(root, root / "static", links))
    templates = tuple(files_below(root, root / "templates", links, skip_ignored=False))
    if links:  # nothing behind them is read, and the theme is not loaded
        return None, problems + links
    documents = _check_documents(config, documents, key_messages, static, problems)
    problems += _check_logo(config, static)
    published = tuple(d for d in documents if shown(d, drafts))
    left_out = tuple(d for d in documents if not shown(d, drafts))
    if drafts:  # what a draft lacks keeps it out of the preview: said, and an error only under --strict
        problems += [unfinished(gap) for doc in left_out for gap in doc.gaps]
    failed = {p.path for p in errors_in(problems)}  # files with errors: those are said, not a missing translation
    said = {doc.path for doc in left_out if drafts and doc.gaps}  # their warnings say why they are not shown
    # (of what follows, out_of_date and references read the bodies: build/warm.py says them again after an edit)
    problems += translations.problems(config, published, documents, failed, said)
    images, hashes = static_details(root / "static", static, problems)
    problems += references(published, images)
    theme = theme_digest(root / "templates", templates, static, images, hashes)
    site = Site(root, config, slogan, key_messages, published, static, theme, images, hashes, left_out)
    return site, problems


def shown(doc: Document, drafts: bool) -> bool:
    """Whether ``doc`` is built: a document that is not a draft always (what it lacks is an error);
    a draft with ``--drafts``, once it has every required field."""
    return not doc.draft or drafts and not doc.gaps


UNFINISHED = Message("{gap}; this draft is not shown until then")


def unfinished(gap: Problem) -> Problem:
    """A required field a draft lacks, as told under ``--drafts``: a warning that the draft is left out."""
    return replace(gap, message=UNFINISHED.format(gap=gap.message), severity="warning")


KINDS = (MEETING, PAGE, KEY_MESSAGE, FACT_CHECK, EVENT)
NOT_FOUND = Message("not found; run g20site in the site folder or pass --source")


def _display(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _read_yaml(root: Path, file: Path) -> tuple[Data | None, list[Problem]]:
    display = _display(root, file)
    links: list[Problem] = []
    if not confined(root, file, links):
        return None, links
    text, problems = read_text(file, display)
    if text is None:
        return None, problems
    return parse_yaml(text, display)


def _slogan(root: Path, config: SiteConfig, problems: list[Problem]) -> dict[str, SloganText]:
    file = root / "content" / "slogan.yaml"
    if not file.is_file() and not file.is_symlink():
        problems.append(Problem("content/slogan.yaml", None, Message("not found; write the slogan per language")))
        return {}
    data, found = _read_yaml(root, file)
    problems += found
    table = schema.mapping(data, (), data.value, problems) if data else None
    if data is None or table is None:
        return {}
    schema.unknown_keys(data, (), table, config.codes, problems)
    slogan = {}
    for code in config.codes:
        entry = schema.mapping(data, (code,), table.get(code), problems)
        if entry is None:
            continue
        schema.unknown_keys(data, (code,), entry, ("text", "text_lang", "renderings"), problems)
        text = schema.text(data, (code, "text"), entry.get("text"), problems, required=True)
        text_lang = schema.text(data, (code, "text_lang"), entry.get("text_lang"), problems)
        renderings = []
        shape = Message("renderings: must be a list of {text: ..., lang: ..., translation: ...}")
        listed = schema.records(data, (code, "renderings"), entry.get("renderings") or None, problems,
                                ("text", "lang", "translation", "source", "source_url"), shape)
        for key, fields in listed:
            words = schema.text(data, (*key, "text"), fields.get("text"), problems, required=True)
            lang = schema.text(data, (*key, "lang"), fields.get("lang"), problems)
            gloss = schema.text(data, (*key, "translation"), fields.get("translation"), problems)
            source = schema.text(data, (*key, "source"), fields.get("source"), problems)
            source_url = schema.url(data, (*key, "source_url"), fields.get("source_url"), problems)
            if words:
                renderings.append(Rendering(words, lang, gloss, source, source_url))
        if text:
            slogan[code] = SloganText(text, text_lang, tuple(renderings))
    return slogan


def _key_messages(root: Path, config: SiteConfig, problems: list[Problem]) -> tuple[KeyMessage, ...]:
    file = root / "content" / "key-messages.yaml"
    if not file.is_file() and not file.is_symlink():
        return ()
    data, found = _read_yaml(root, file)
    problems += found
    if data is None:
        return ()
    messages: list[KeyMessage] = []
    seen: dict[str, int] = {}
    shape = Message("must be a list of key messages (lines starting with - key:)")
    if data.value is None:  # an empty file
        problems.append(data.problem((), shape))
        return ()
    listed = schema.records(data, (), data.value, problems, ("key", "title", "summary", "slug"), shape)
    for where, fields in listed:
        index = where[0]
        key = schema.slug(data, (index, "key"), fields.get("key"), problems)
        if key is None:
            if "key" not in fields:
                problems.append(data.problem((index,), Message("key: is missing; give each message a short key")))
            continue
        if key in seen:
            problems.append(data.problem((index, "key"),
                Message('key: "{key}" is used twice (first on line {line})').format(key=key, line=seen[key])))
            continue
        seen[key] = data.line(index, "key")
        title = _per_language(data, (index, "title"), fields.get("title"), config, problems, True)
        summary = _per_language(data, (index, "summary"), fields.get("summary"), config, problems, False)
        slugs = _per_language(data, (index, "slug"), fields.get("slug"), config, problems, False)
        for code, word in list(slugs.items()):
            if not schema.SLUG.match(word):
                schema.slug(data, (index, "slug", code), word, problems)
                del slugs[code]
        slug = {code: slugs.get(code, key) for code in config.codes}
        lines = {code: data.line(index, "slug", code) if code in slugs else data.line(index, "key")
                 for code in config.codes}
        messages.append(KeyMessage(key, len(messages) + 1, title, summary, slug, lines))
    return tuple(messages)


def _per_language(
    data: Data, key: tuple[Any, ...], value: Any, config: SiteConfig, problems: list[Problem], required: bool
) -> dict[str, str]:
    if value is None and not required:
        return {}
    table = schema.mapping(data, key, value, problems)
    if table is None:
        return {}
    schema.unknown_keys(data, key, table, config.codes, problems)
    result = {}
    for code in config.codes:
        word = schema.text(data, (*key, code), table.get(code), problems, required=required)
        if word:
            result[code] = word
    return result


def _check_documents(
    config: SiteConfig,
    documents: list[Document],
    key_messages: tuple[KeyMessage, ...],
    static: tuple[str, ...],
    problems: list[Problem],
) -> list[Document]:
    """Cross-file checks: key-message bodies, images, verdicts, and the sections of fact checks and events."""
    known_keys = {m.key for m in key_messages}
    static_set = set(static)
    kept = []
    for doc in entries.check_entries(config, documents, problems):
        if doc.kind == KEY_MESSAGE and doc.key not in known_keys:
            problems.append(
                Problem(doc.path, None, Message('"{key}" is not a key in content/key-messages.yaml{hint}').format(
                    key=doc.key, hint=schema.did_you_mean(doc.key, known_keys)))
            )
            continue
        if doc.image and doc.image not in static_set:
            problems.append(Problem(doc.path, doc.image_line, missing_image(doc.image, static)))
        kept.append(doc)
    return kept


def _check_logo(config: SiteConfig, static: tuple[str, ...]) -> list[Problem]:
    """The publisher's logo is a file of static/."""
    logo = config.publisher.logo if config.publisher else None
    if config.publisher is None or logo is None or logo in static:
        return []
    return [Problem("content/site.yaml", config.publisher.logo_line, missing_image(logo, static, "publisher.logo"))]


def missing_image(image: str, static: tuple[str, ...], key: str = "image") -> Message:
    """What to do about ``key:`` naming a file that static/ does not have: where to put it, or
    which file of static/ comes closest to the name written."""
    if image.startswith("static/") and image.removeprefix("static/") in static:
        return Message("{key}: write the address of the file without static/: {name}: /{image}").format(
            key=key, name=key.rsplit(".", 1)[-1], image=image.removeprefix("static/"))
    return Message("{key}: /{image} is not in the static/ folder: put the file at static/{image}{hint}").format(
        key=key, image=image, hint=hint(nearest_path("/" + image, ["/" + name for name in static])))


def load_config(root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Only the settings, for commands that need no content (``new``)."""
    _data, config, problems = _settings(root)
    return config, problems


def _settings(root: Path) -> tuple[Data | None, SiteConfig | None, list[Problem]]:
    """``site.yaml`` as YAML (when it parses) and as settings (when they are right), and its problems."""
    file = root / "content" / "site.yaml"
    links: list[Problem] = []
    if not confined(root, file, links):
        return None, None, links
    if not file.is_file():
        return None, None, [Problem("content/site.yaml", None, NOT_FOUND)]
    data, problems = _read_yaml(root, file)
    if data is None:
        return None, None, problems
    config, found = read_config(data)
    return data, config, problems + found


def _codes(data: Data | None) -> tuple[str, ...] | None:
    """The language codes ``site.yaml`` names, even when other settings are wrong; None: unknown."""
    languages = data.value.get("languages") if data is not None and isinstance(data.value, dict) else None
    return tuple(str(code) for code in languages) if isinstance(languages, dict) else None
