"""Python-Markdown, configured: raw-HTML policy, allowed link schemes, link rewriting.

Every ``href`` and ``src`` in a document goes through a resolver supplied
by the caller, which turns links to content files (``../pages/about.id.md``)
and site paths (``/images/x.png``) into URLs that work under any base path,
and reports links that lead nowhere. Links with a scheme other than http,
https, mailto or tel are removed and reported, whatever the HTML policy.

Raw HTML is shown as text unless the site allows it; when it does, the
whole HTML of the document goes through nh3 (ammonia) with the allow-list
below, which covers everything Python-Markdown and its extensions write.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, TocTreeprocessor, slugify_unicode
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from ..messages import Message, Plural
from ..pages.links import SAFE_SCHEMES, Resolver, unsafe_scheme
from . import quick_inline

if TYPE_CHECKING:
    from markdown.extensions.toc import _TocToken

# Attributes whose value is a URL (srcset: a list of them): one with a forbidden scheme in raw HTML is an error,
# whether or not the policy would keep the attribute.
_URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "cite",
                             "ping", "background"})

Finding = tuple[str, Message]  # (the link, or the raw tag, as written: where it is; what is wrong with it)

EXTENSIONS = ["tables", "fenced_code", "footnotes", "attr_list", "def_list", "abbr", "sane_lists"]
TOC_MARKER = "[TOC]"  # where a document wants its table of contents
# Extensions that change nothing in a text without their mark: a footnote is ``[^...]``, an abbreviation is
# defined by ``*[...]: ...``. Each tries its expressions on every block and every piece of text, about a
# fourteenth of the time Markdown takes for a document without either; such a text is converted without them.
# (Markdown removes the characters STX and ETX from a text before it parses it: a text with them is converted
# with every extension, as removing them could make a mark.)
MARKED = {"footnotes": "[^", "abbr": "*["}
UNMARKED = ("\x02", "\x03")


class _Contents(TocTreeprocessor):
    """The ``toc`` extension's ids for headings; its table of contents only for a text that asks for one
    (``[TOC]``): looking for the marker in every element and writing a table no page shows cost about a
    tenth of the time Markdown takes for a document."""

    wanted = True

    def run(self, doc: etree.Element) -> None:
        marker = self.marker
        if not self.wanted:
            self.marker = ""  # (the extension's own way to say: no marker)
        try:
            super().run(doc)
        finally:
            self.marker = marker

    def build_toc_div(self, toc_list: list[_TocToken]) -> etree.Element:
        return super().build_toc_div(toc_list) if self.wanted else etree.Element("div")


class _Toc(TocExtension):
    TreeProcessorClass = _Contents


MOST_OPEN = 400  # ``[`` left open in one text: Python-Markdown's time grows with the square of their number
DEEPEST = 50  # lists and quotes inside each other: deeper, and the parser runs out of stack


def _unclosed(text: str) -> list[int]:
    """Where each ``[`` that no ``]`` closes is, up to the end of the line where too many are open."""
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "[" and not _escaped(text, index):
            opened.append(index)
        elif char == "]" and opened and not _escaped(text, index):
            opened.pop()
        elif char == "\n" and len(opened) > MOST_OPEN:
            break
    return opened


def guard(text: str) -> tuple[int, Message] | None:
    """What in ``text`` would stall or crash the Markdown parser: where it starts, and why; None if nothing.

    Python-Markdown looks for the end of every ``[`` it meets, so thousands of unclosed brackets take
    minutes; lists or quotes nested hundreds deep exhaust its recursion.
    """
    opened = _unclosed(text) if text.count("[") > MOST_OPEN else []  # fewer: never too many open
    unclosed = len(opened)
    if unclosed > MOST_OPEN:
        return opened[0], Plural(
            "{count} [ is never closed by a ]; Markdown cannot read that many: close each link's brackets, "
            "or write \\[ for a bracket meant as text",
            "{count} [ are never closed by a ]; Markdown cannot read that many: close each link's brackets, "
            "or write \\[ for a bracket meant as text").format(count=unclosed)
    offset = 0
    for line in text.split("\n"):
        prefix = _NESTING.match(line)
        markers = prefix.group(0) if prefix else ""
        depth = len(_MARKER.findall(markers)) + (len(markers) - len(markers.lstrip(" "))) // 4
        if depth > DEEPEST:
            return offset, TOO_DEEP.format(count=DEEPEST)
        offset += len(line) + 1
    return None


_MARKER = re.compile(r"(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$)")  # a list item's or a quote's mark
_NESTING = re.compile(r"(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?:[ \t]+|$))*[ \t]*")  # the marks that start a line


FAILED = Message("Markdown could not convert this text ({reason}); look for raw HTML that imitates what an "
                 "extension writes, such as class=\"footnote\"")
TOO_DEEP = Plural("lists or quotes are nested more than {count} level deep here; Markdown cannot read that",
                  "lists or quotes are nested more than {count} levels deep here; Markdown cannot read that")


def _escaped(text: str, index: int) -> bool:
    backslashes = len(text[:index]) - len(text[:index].rstrip("\\"))
    return backslashes % 2 == 1


class _Links(Treeprocessor):
    """Rewrites and checks every link and image of the Markdown itself."""

    def __init__(self, md: markdown.Markdown, converter: Converter) -> None:
        super().__init__(md)
        self.converter = converter

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in [a for a in element.attrib if a.lower().startswith("on")]:
                del element.attrib[name]  # attr_list must not add event handlers
            if element.tag == "img" and not (element.get("alt") or "").strip():  # found by how it is written
                src = element.get("src") or ""
                self.converter.findings.append((f"![{element.get('alt') or ''}]({src}", NO_ALT.format(src=src)))
            for name in ("href", "src"):
                value = element.get(name)
                if value is not None:
                    self.converter.check_link(element, name, value)
            if element.tag == "img":
                element.set("loading", "lazy")
                element.set("decoding", "async")


# Every picture in content says what it shows: readers who cannot see it hear or read that instead.
NO_ALT = Message('image "{src}" has no description: write what it shows between the square brackets, as in '
                 "![Participants around the meeting table]({src}); every picture in content needs one (a purely "
                 "decorative picture belongs in the theme, not in content)")


class _Headings(Treeprocessor):
    """The page title is the only h1: a body that uses ``#`` moves down a level."""

    def run(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5")]
        if any(e.tag == "h1" for e in headings):
            for element in headings:
                element.tag = f"h{int(element.tag[1]) + 1}"


# What raw HTML may contain (see README, "Raw HTML"). Everything Python-Markdown writes is in it too: the
# whole document goes through nh3 when raw HTML is allowed, so its own footnotes, tables, heading ids,
# ``{lang=en}`` and code blocks must survive. Anything else (scripts, frames, forms, SVG, MathML, style
# attributes, event handlers, comments) is removed without a word; URLs keep only the schemes in SAFE_SCHEMES.
ALLOWED_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code", "kbd", "samp", "var",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "img", "a", "abbr", "cite", "q", "em", "strong", "b", "i", "u", "s", "del", "ins",
    "mark", "small", "sub", "sup", "span", "div", "details", "summary", "time",
})
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title"},  # ids: Markdown's heading anchors and footnotes
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
    "details": {"open"},
}
# The tables extension aligns columns with a style attribute: exactly these values, no other CSS.
_ALIGNED = {"style": {f"text-align: {side};" for side in ("left", "right", "center")}}
ALLOWED_VALUES = {"th": _ALIGNED, "td": _ALIGNED}
# Removed with everything inside them (the others lose the tag and keep their text).
REMOVED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript", "svg",
                                  "math", "textarea", "select", "title"})


def sanitize(html: str) -> str:
    """``html`` with only what the raw-HTML policy allows."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={tag: {name: set(v) for name, v in kept.items()} for tag, kept in ALLOWED_VALUES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,  # no target= is kept, so a link cannot reach its opener; referrers are the reader's browser's
        strip_comments=True,
    )


class _RawHtmlLinks(HTMLParser):
    """Finds URLs with a forbidden scheme in raw HTML (entities decoded), with the tag as written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[tuple[str, str]] = []  # (the tag as written, the link in it)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name not in _URL_ATTRIBUTES or not value:
                continue
            links = [c.split()[0] for c in value.split(",") if c.split()] if name == "srcset" else [value]
            self.bad += [(self._where(name), link) for link in links if unsafe_scheme(link)]

    def _where(self, name: str) -> str:
        """The tag as written; from the line of attribute ``name`` on if the tag spans lines."""
        written = self.get_starttag_text() or ""
        found = re.search(rf"[\s\"'/]{re.escape(name)}\s*=", written, re.IGNORECASE)
        if "\n" not in written or found is None:
            return written
        return written[written.rfind("\n", 0, found.start() + 1) + 1:].lstrip()

    handle_startendtag = handle_starttag


class _RawHtml(Postprocessor):
    """Reports forbidden schemes in the raw HTML, then keeps of the page only what the policy allows."""

    def __init__(self, md: markdown.Markdown, converter: Converter) -> None:
        super().__init__(md)
        self.converter = converter

    def run(self, text: str) -> str:
        parser = _RawHtmlLinks()
        for block in self.md.htmlStash.rawHtmlBlocks:
            parser.feed(str(block))
            parser.close()  # each block on its own: one left open must not hide the next
            parser.reset()
        for tag, link in parser.bad:  # an error: the build writes nothing
            self.converter.findings.append((tag, _scheme_message(link)))
        return sanitize(text)


class _Policy(Extension):
    def __init__(self, converter: Converter) -> None:
        super().__init__()
        self.converter = converter

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        if self.converter.allow_raw_html:  # last, after the raw HTML is back in the page
            md.postprocessors.register(_RawHtml(md, self.converter), "g20site-raw-html", 0)
        else:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Links(md, self.converter), "g20site-links", 1)
        md.treeprocessors.register(_Headings(md), "g20site-headings", 0.5)


def _scheme_message(link: str) -> Message:
    return Message('link "{link}" uses {scheme}:, which is not allowed (use an https:// address or a page of this site)'
             ).format(link=link, scheme=unsafe_scheme(link))


class Converter:
    """One configured Markdown instance, reused for every document."""

    lean = True  # a text without the marks of ``MARKED`` is converted without those extensions

    def __init__(self, allow_raw_html: bool = False) -> None:
        self.allow_raw_html = allow_raw_html
        self.findings: list[Finding] = []
        self._resolve: Resolver = lambda link: (link, None)
        self._md, self._contents = self._markdown(EXTENSIONS)
        self._lean_md, self._lean_contents = self._markdown([e for e in EXTENSIONS if e not in MARKED])

    def _markdown(self, names: list[str]) -> tuple[markdown.Markdown, _Contents]:
        extensions: list[str | Extension] = [*names, _Toc(slugify=slugify_unicode, marker=TOC_MARKER), _Policy(self)]
        if self.allow_raw_html:
            extensions.append("md_in_html")
        md = markdown.Markdown(extensions=extensions, output_format="html")
        contents = md.treeprocessors["toc"]
        assert isinstance(contents, _Contents)
        quick_inline.install(md)
        return md, contents

    def convert(self, text: str, resolve: Resolver) -> tuple[str, list[Finding]]:
        """HTML for ``text``, and the links in it that are wrong."""
        self.findings = []
        self._resolve = resolve
        md, contents = self._md, self._contents
        if self.lean and not any(mark in text for mark in (*MARKED.values(), *UNMARKED)):
            md, contents = self._lean_md, self._lean_contents
        contents.wanted = TOC_MARKER in text  # (escaped or in code, the marker is never there without it)
        try:
            html = md.reset().convert(text)
        except RecursionError:  # nested deeper than the guard saw (emphasis, inline HTML): no page from it
            md.reset()
            return "", [("", TOO_DEEP.format(count=DEEPEST))]
        except Exception as exc:  # noqa: BLE001 - an extension failing on a text it does not expect (footnotes on
            md.reset()            # a raw <div class="footnote"> without footnote ids): no page from it, no traceback
            return "", [("", FAILED.format(reason=f"{type(exc).__name__}: {exc}"))]
        finally:
            self._resolve = lambda link: (link, None)
        return html, list(dict.fromkeys(self.findings))

    def check_link(self, element: etree.Element, name: str, value: str) -> None:
        if unsafe_scheme(value):
            self.findings.append((value, _scheme_message(value)))
            del element.attrib[name]
            return
        new, message = self._resolve(value)
        if message:
            self.findings.append((value, message))
        if new is not None:
            element.set(name, new)
