"""The quick inline pass (``render/quick_inline.py``), the table of contents made only where a text asks
for one, and footnotes and abbreviations looked for only in a text with their marks (``render/markdown.py``)
give exactly Python-Markdown's own output.

Each text is converted twice, by the site's converter and by the same
converter with Python-Markdown's own ``InlineProcessor`` put back, its
table of contents looked for in every text and every extension used for
every text, with and without raw HTML allowed: every bundled and fixture
document, and generated text made of the characters Markdown cares about.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from g20site.load.front_matter import split_front_matter
from g20site.render import quick_inline
from g20site.render.markdown import TOC_MARKER, Converter

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([*ROOT.glob("content/**/*.md"), *ROOT.glob("tests/sites/**/*.md")])


def pair(allow_raw_html: bool) -> tuple[Converter, Converter]:
    quick, plain = Converter(allow_raw_html), Converter(allow_raw_html)
    plain._md.treeprocessors.register(InlineProcessor(plain._md), "inline", 20)
    plain._contents = SimpleNamespace()  # type: ignore[assignment]  # its toc is always wanted, as the extension's own
    plain.lean = False  # every extension for every text
    assert isinstance(quick._md.treeprocessors["inline"], quick_inline.QuickInline)
    assert quick._md.treeprocessors.get_index_for_name("inline") == markdown.Markdown(
        extensions=quick._md.registeredExtensions).treeprocessors.get_index_for_name("inline")
    assert not isinstance(plain._md.treeprocessors["inline"], quick_inline.QuickInline)
    return quick, plain


PAIRS = {raw: pair(raw) for raw in (False, True)}


def same(text: str, allow_raw_html: bool) -> None:
    quick, plain = PAIRS[allow_raw_html]
    keep = lambda link: (link, None)  # noqa: E731
    assert quick.convert(text, keep) == plain.convert(text, keep)


def body(path: Path) -> str:
    text = path.read_text("utf-8", errors="replace")
    source, _ = split_front_matter(text, path.name)
    return source.body if source else text


def test_the_documents_are_many_and_varied() -> None:
    texts = [body(path) for path in DOCUMENTS]
    assert len(texts) > 40
    for mark in ("[", "*"):  # the shortcut and the full pass both take part (the rest: generated)
        assert any(mark in text for text in texts), mark
    assert any(quick_inline._may_match(PAIRS[False][0]._md).search(line) is None
               for text in texts for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("allow_raw_html", [False, True])
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_document_converts_as_python_markdown_does(path: Path, allow_raw_html: bool) -> None:
    same(body(path), allow_raw_html)


# One text per inline pattern that the pattern changes (``entity`` keeps ``&copy;`` as the serializer would;
# raw HTML is a pattern only where it is allowed).
EACH_PATTERN = [(text, raw) for raw in (False, True) for text in [
                "`code`", "\\*not emphasis\\*", "a[^1]\n\n[^1]: note", "[a][r]\n\n[r]: /x", "[a](/x)", "![a](/x.png)",
                "![a][r]\n\n[r]: /x.png", "[r]\n\n[r]: /x", "![r]\n\n[r]: /x.png", "<https://a.b>", "<a@b.c>",
                "a  \nb", "*em*", "_em_", "**strong**", "__strong__"]] + [("<b>raw</b>", True)]


@pytest.mark.parametrize(("text", "allow_raw_html"), EACH_PATTERN)
def test_each_inline_pattern_still_applies(text: str, allow_raw_html: bool) -> None:
    quick, _ = PAIRS[allow_raw_html]
    bare = Converter(allow_raw_html)
    bare._md.treeprocessors.deregister("inline")
    bare.lean = False  # (the converter without the inline pass is the one for every text)
    keep = lambda link: (link, None)  # noqa: E731
    assert quick.convert(text, keep) != bare.convert(text, keep)  # the inline pass made a difference
    same(text, allow_raw_html)


PIECES = st.sampled_from([
    "word", " ", "  ", "\n", "\n\n", "  \n", "*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "!",
    "<", ">", "&", "&amp;", "&#65;", ";", "#", "## ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "[link](https://example.org)", "![alt](/x.png)", "[^1]", "[^1]: note\n", "<https://a.b>", "<a@b.c>",
    "<b>bold</b>", "{: .cls }", "Term\n:   definition\n", "*[HTML]: HyperText\n", "HTML", "~~~\ncode\n~~~\n",
    "    indented\n", "[TOC]", "x_y_z", "é", "\x02", "\x03",
])


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.lists(PIECES, max_size=40).map("".join), st.booleans())
def test_generated_text_converts_as_python_markdown_does(text: str, allow_raw_html: bool) -> None:
    same(text, allow_raw_html)


def test_an_unknown_inline_pattern_turns_the_shortcut_off() -> None:
    quick, _ = pair(False)
    assert quick_inline._may_match(quick._md) is not None
    pattern = quick._md.inlinePatterns["entity"]
    quick._md.inlinePatterns.register(pattern, "some-extension", 5)
    assert quick_inline._may_match(quick._md) is None


def test_a_table_of_contents_is_made_where_a_text_asks_for_one() -> None:
    converter = Converter()
    keep = lambda link: (link, None)  # noqa: E731
    text = "## Latar belakang\n\nTeks.\n\n## Hasil rapat\n\nTeks.\n"
    asked, _ = converter.convert(f"{TOC_MARKER}\n\n{text}", keep)
    assert '<div class="toc">' in asked and 'href="#hasil-rapat"' in asked
    plain, _ = converter.convert(text, keep)
    assert 'id="latar-belakang"' in plain and 'id="hasil-rapat"' in plain and "toc" not in plain
    assert converter.convert(f"`{TOC_MARKER}`\n\n{text}", keep)[0].count("toc") == 0


MARKS = ["a[^1]\n\n[^1]: note", "*[HTML]: HyperText\n\nHTML here", "a[\x02^1]\n\n[\x02^1]: note",
         "*\x03[HTML]: HyperText\n\nHTML", "- a[^n]\n\n    [^n]: in a list", "> *[G20]: Group of Twenty\n>\n> G20"]


@pytest.mark.parametrize("allow_raw_html", [False, True])
@pytest.mark.parametrize("text", MARKS)
def test_footnotes_and_abbreviations_are_found_wherever_their_marks_are(text: str, allow_raw_html: bool) -> None:
    same(text, allow_raw_html)
    keep = lambda link: (link, None)  # noqa: E731
    html, _ = PAIRS[allow_raw_html][0].convert(text, keep)
    assert "footnote" in html or "<abbr" in html


def test_a_text_without_their_marks_is_converted_without_footnotes_and_abbreviations() -> None:
    converter = Converter()

    def refused() -> None:
        raise AssertionError("converted with every extension")

    full = converter._md.reset
    converter._md.reset = refused  # type: ignore[assignment,method-assign]
    keep = lambda link: (link, None)  # noqa: E731
    html, _ = converter.convert("## Rapat\n\nTeks *penting* [tautan](https://example.org) dan HTML.", keep)
    assert "<em>penting</em>" in html and 'id="rapat"' in html
    with pytest.raises(AssertionError, match="every extension"):
        converter.convert("Teks[^1].\n\n[^1]: Catatan.", keep)
    converter._md.reset = full  # type: ignore[method-assign]
    assert "footnote" in converter.convert("Teks[^1].\n\n[^1]: Catatan.", keep)[0]


def test_a_text_an_extension_fails_on_gives_a_problem_not_a_traceback() -> None:
    text = '<div class="footnote" markdown="1">\n\n1. one\n\n</div>\n\nTeks[^1].\n\n[^1]: Catatan.\n'
    converter = Converter(allow_raw_html=True)
    keep = lambda link: (link, None)  # noqa: E731
    html, findings = converter.convert(text, keep)  # Python-Markdown's footnotes extension raises a ValueError
    assert html == "" and len(findings) == 1
    assert "Markdown could not convert this text (ValueError" in findings[0][1].text("en")
    assert findings[0][1].text("id").startswith("Markdown tidak dapat mengubah teks ini (ValueError")
    assert converter.convert("Teks[^1].\n\n[^1]: Catatan.", keep)[0].count("footnote") > 1  # and the next is whole


def test_a_text_nested_past_the_parser_gives_a_problem_that_can_be_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    converter = Converter()

    def too_deep(text: str) -> str:
        raise RecursionError

    monkeypatch.setattr(converter._lean_md, "convert", too_deep)
    html, findings = converter.convert("Teks.", lambda link: (link, None))
    assert html == "" and "nested more than 50 levels deep" in findings[0][1].text("en")
