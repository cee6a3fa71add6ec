"""The files ``g20site new meeting|fact-check|event|page`` writes: one per language, each a draft.

Every field of the front matter comes with a comment in the file's own language (not the
language the tool speaks): what it is, whether it is required, and an example. The text below
it starts as the headings of its sections. The original (the default language) has the title;
a translation has an empty title and slug to write in its language, and records which version
of the original it follows (``translated_from``), so that it shows as out of date once the
original is written. Languages the tool does not speak get their comments in English.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from .load.front_matter import split_front_matter
from .load.languages import Language
from .load.model import PAGE
from .load.settings import SiteConfig
from .load.translation_status import FIELD, text_hash
from .messages import LANGUAGES, LanguageName, Message
from .skeleton_fields import HEADINGS, STARTING_VALUES, WHAT, Field, fields

WIDTH = 79  # of a comment line
FILL_IN = Message("Fill in the fields marked (required), then write the text below the closing --- line. "
                  "Lines that start with # are guidance: they are never published, and you may delete them.")
TRANSLATE = Message("A translation of {source}: translate its words into {language}; copy dates, times and "
                    "web addresses as they are.")
MENU = Message('To show the page in the menu, add the line "- page: {name}" under menu: in content/site.yaml.')
REQUIRED = Message("{name} (required): {help}")
OPTIONAL = Message("{name} (optional): {help}")
EXAMPLE = Message("Example:")
TITLE = Message("Title")
ADDRESS = Message("Page address")
DRAFT = Message("Draft: not published while this line is here. Delete the line once the required fields are "
                "filled in, to publish it.")
RECORDED = Message("Written by g20site: the version of {source} this translation follows (see g20site "
                   "translations). Leave it as it is.")


@dataclass(frozen=True)
class Skeleton:
    """A new document, the same in every language but for its words."""

    kind: str
    title: str  # in the default language
    stem: str  # the file name without .LANG.md
    slug: str  # the address the file name gives
    values: Mapping[str, str]  # fields the command line gave: date, start
    source: str  # the original's file, content/meetings/2022-11-10-x.id.md


def original(config: SiteConfig, new: Skeleton) -> str:
    """The file in the default language, with the title."""
    return _text(config, new, config.default, None)


def translation(config: SiteConfig, new: Skeleton, lang: Language, made_from: str) -> str:
    """The file in ``lang``, to translate from ``made_from`` (the original's text)."""
    return _text(config, new, lang, _hash(made_from))


def to_fill(config: SiteConfig, new: Skeleton, lang: Language) -> tuple[str, ...]:
    """The required fields the file in ``lang`` leaves empty."""
    own = () if lang == config.default else ("title", "slug")
    kind = tuple(f.key for f in fields(config, new.kind, lang.code) if f.required and f.key not in new.values)
    return own + kind


def _hash(text: str) -> str:
    parsed, _ = split_front_matter(text, "")
    assert parsed is not None, "a new file's front matter parses"
    return text_hash(parsed.front.value, parsed.body)


def _text(config: SiteConfig, new: Skeleton, lang: Language, recorded: str | None) -> str:
    tongue = lang.code if lang.code in LANGUAGES else "en"  # the language of its comments
    language = LanguageName(lang.code)
    head = [WHAT[new.kind].format(language=language)]
    if recorded is not None:
        head.append(TRANSLATE.format(source=new.source, language=language))
    head.append(FILL_IN)
    if new.kind == PAGE:
        head.append(MENU.format(name=new.stem))
    blocks = [[line for words in head for line in _comment(words.text(tongue))]]
    blocks += [_title(new, language, recorded is not None, tongue), _slug(new, language, recorded is not None, tongue)]
    blocks += [_field(f, new.values.get(f.key, STARTING_VALUES.get(f.key)), tongue)
               for f in fields(config, new.kind, lang.code)]
    blocks.append([*_comment(DRAFT.text(tongue)), "draft: true"])
    if recorded is not None:
        blocks.append([*_comment(RECORDED.format(source=new.source).text(tongue)), f'{FIELD}: "{recorded}"'])
    front = "\n\n".join("\n".join(block) for block in blocks)
    body = "".join(f"\n## {heading.text(tongue)}\n" for heading in HEADINGS[new.kind])
    return f"---\n{front}\n---\n{body}"


def _title(new: Skeleton, language: LanguageName, translated: bool, tongue: str) -> list[str]:
    if translated:
        help = Message("the title in {language}, translated from: {title}").format(language=language, title=new.title)
        value = ""
    else:
        help = Message("one line, as readers will see it.")
        value = " " + json.dumps(new.title, ensure_ascii=False)  # a YAML string in double quotes
    return [*_comment(REQUIRED.format(name=TITLE, help=help).text(tongue)), f"title:{value}"]


def _slug(new: Skeleton, language: LanguageName, translated: bool, tongue: str) -> list[str]:
    example = _example(Message("slug: g20-summit-in-bali").text(tongue), tongue)
    if translated:
        help = Message("the end of this page's web address in {language}: lowercase letters, digits and hyphens, "
                       "made from the translated title. Delete this line to keep the one the file name gives, "
                       "{slug}.").format(language=language, slug=new.slug)
        return [*_comment(REQUIRED.format(name=ADDRESS, help=help).text(tongue)), *example, "slug:"]
    help = Message("the end of this page's web address: lowercase letters, digits and hyphens. Without a slug "
                   "line, it is the one the file name gives, {slug}.").format(slug=new.slug)
    return [*_comment(OPTIONAL.format(name=ADDRESS, help=help).text(tongue)), *example]


def _field(field: Field, value: str | None, tongue: str) -> list[str]:
    label = REQUIRED if field.required else OPTIONAL
    lines = _comment(label.format(name=field.name, help=field.help).text(tongue))
    if field.example and value is None:
        example = field.example if isinstance(field.example, str) else field.example.text(tongue)
        lines += _example(example, tongue)
    return [*lines, f"{field.key}: {value}" if value is not None else f"{field.key}:"]


def _example(example: str, tongue: str) -> list[str]:
    label = EXAMPLE.text(tongue)
    lines = example.split("\n")
    if len(lines) == 1:
        return [f"#   {label} {example}"]
    return [f"#   {label}", *(f"#     {line}" for line in lines)]


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent="# ", subsequent_indent="# ", break_long_words=False,
                         break_on_hyphens=False)

