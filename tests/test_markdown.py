from __future__ import annotations

import pytest

from g20site.pages.links import scheme_of, unsafe_scheme
from g20site.render.markdown import Converter, sanitize


def keep(link: str) -> tuple[str | None, str | None]:
    return link, None


def test_schemes_are_read_as_a_browser_reads_them() -> None:
    assert scheme_of("JaVa\tScRiPt:alert(1)") == "javascript"
    assert unsafe_scheme(" javascript:x") == "javascript"
    assert unsafe_scheme("data:text/html,x") == "data"
    assert unsafe_scheme("https://example.org/") is None
    assert unsafe_scheme("mailto:humas@example.go.id") is None
    assert unsafe_scheme("../x/") is None


def test_javascript_links_are_dropped_and_reported() -> None:
    html, findings = Converter().convert("[a](javascript:alert(1)) [b](https://example.org/)", keep)
    assert "javascript" not in html
    assert '<a href="https://example.org/">b</a>' in html
    assert [link for link, _ in findings] == ["javascript:alert(1)"]


def test_raw_html_is_text_unless_allowed() -> None:
    text = "Hi <script>alert(1)</script>\n\n<div class=\"x\">block</div>\n"
    html, _ = Converter(allow_raw_html=False).convert(text, keep)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<div" not in html
    html, _ = Converter(allow_raw_html=True).convert(text, keep)
    assert "script" not in html and "alert" not in html  # allowed raw HTML still goes through the sanitizer
    assert '<div class="x">block</div>' in html


def test_attribute_lists_cannot_add_event_handlers() -> None:
    html, _ = Converter().convert("Paragraph\n{: onclick=\"alert(1)\" .note }\n", keep)
    assert "onclick" not in html
    assert 'class="note"' in html


def test_raw_html_javascript_is_reported_even_entity_encoded() -> None:
    html, findings = Converter(allow_raw_html=True).convert('<a href="&#106;avascript:alert(1)">x</a>\n', keep)
    assert html == "<p><a>x</a></p>"
    # Found where it is written; reported as the browser would read it.
    assert [(where, dict(why.args)["link"]) for where, why in findings] == [
        ('<a href="&#106;avascript:alert(1)">', "javascript:alert(1)")
    ]


def test_links_go_through_the_resolver_and_images_load_lazily() -> None:
    def resolve(link: str) -> tuple[str | None, str | None]:
        return "/g20" + link, ("gone" if "missing" in link else None)

    html, findings = Converter().convert("[a](/x/) ![i](/img.png) [m](/missing/)", resolve)
    assert 'href="/g20/x/"' in html
    assert 'src="/g20/img.png"' in html and 'loading="lazy"' in html
    assert findings == [("/missing/", "gone")]


def test_converter_is_reusable_between_documents() -> None:
    converter = Converter()
    first, _ = converter.convert("# One\n\nText[^1]\n\n[^1]: note", keep)
    second, _ = converter.convert("Two", keep)
    assert "footnote" in first and "footnote" not in second
    assert second == "<p>Two</p>"


def test_the_page_title_stays_the_only_h1() -> None:
    html, _ = Converter().convert("# Part\n\n## Detail\n\n###### Deepest", keep)
    assert html.startswith('<h2 id="part">Part</h2>\n<h3 id="detail">Detail</h3>')
    assert "<h6" in html and "<h1" not in html
    html, _ = Converter().convert("## Already right", keep)
    assert html == '<h2 id="already-right">Already right</h2>'


# --- raw HTML through the sanitizer ----------------------------------------------------------------


def raw(text: str) -> tuple[str, list[str]]:
    """The HTML for ``text`` with raw HTML allowed, and the links reported in it (as a browser reads them)."""
    html, findings = Converter(allow_raw_html=True).convert(text, keep)
    return html, [dict(why.args)["link"] for _, why in findings]


@pytest.mark.parametrize(
    ("text", "expected", "reported"),
    [
        ('<img srcset="javascript:alert(1) 2x" src="/a.png" alt="a">', '<img src="/a.png" alt="a">',
         ["javascript:alert(1)"]),
        ('<img srcset="/a.png 1x, javascript:alert(1) 2x" src="/a.png" alt="a">', '<img src="/a.png" alt="a">',
         ["javascript:alert(1)"]),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>", ["jav\tascript:alert(1)"]),
        ('<a href="JAVASCRIPT:alert(1)">x</a>', "<a>x</a>", ["JAVASCRIPT:alert(1)"]),
    ],
    ids=["img-srcset", "img-srcset-second-candidate", "a-href-tab-reference", "a-href-upper-case"],
)
def test_raw_html_url_with_a_forbidden_scheme_is_removed_and_reported(
    text: str, expected: str, reported: list[str]
) -> None:
    html, links = raw(f"Before {text} after.\n")
    assert html == f"<p>Before {expected} after.</p>"
    assert links == reported


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<svg><animate attributeName="href" values="javascript:alert(1)"/><a><text>x</text></a></svg>', ""),
        ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', ""),
        ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', ""),
        ("<script>alert(1)</script>", ""),
        ('<iframe src="https://example.org/" title="x">frame</iframe>', ""),
        ('<img src="/a.png" alt="a" onerror="alert(1)">', '<img src="/a.png" alt="a">'),
        ('<span style="background: url(javascript:alert(1))">x</span>', "<span>x</span>"),
        ('<td style="text-align: left; background: url(javascript:alert(1))">x</td>', "x"),  # no table: no cell
        ('<a href="https://example.org/" target="_blank" rel="opener" onclick="alert(1)">x</a>',
         '<a href="https://example.org/">x</a>'),
        ("<!-- a note --><b>bold</b>", "<b>bold</b>"),
    ],
    ids=["svg-animate-values", "svg-set-to", "meta-refresh", "script", "iframe", "onerror", "style-url",
         "style-beyond-alignment", "target-rel-onclick", "comment"],
)
def test_raw_html_outside_the_policy_is_removed_without_an_error(text: str, expected: str) -> None:
    html, links = raw(f"<div>\n{text}\n</div>\n")
    assert html == f"<div>\n{expected}\n</div>"
    assert links == []
    assert "javascript" not in html and "alert" not in html


def test_raw_html_the_policy_allows_is_kept() -> None:
    text = (
        '<figure class="photo"><img src="/images/a.jpg" alt="Delegates" width="640" height="480" loading="lazy" '
        'decoding="async"><figcaption>Delegates in <span lang="en">Bali</span></figcaption></figure>\n\n'
        '<details open><summary>More</summary><p dir="ltr">Held on <time datetime="2022-11-15">15 November</time>'
        '<sup>1</sup> with <abbr title="Group of Twenty">G20</abbr>.</p></details>\n\n'
        '<table><tbody><tr><th scope="row" colspan="2">a</th></tr></tbody></table>\n\n'
        '<blockquote><p>Quote, <cite>someone</cite></p></blockquote>\n\n'
        '<p><a href="mailto:humas@example.go.id">mail</a> <a href="tel:+62211234">call</a> '
        '<a href="../pages/about.en.md#x" hreflang="en">about</a></p>'
    )
    html, links = raw(text)
    assert html == text.replace("<details open>", '<details open="">')
    assert links == []


def test_raw_html_left_open_is_closed_and_a_stray_end_tag_dropped() -> None:
    html, _ = raw("<div class=\"box\">\n\nText.\n")
    assert html.startswith('<div class="box">') and html.endswith("</div>") and html.count("div") == 2
    html, _ = raw("Text.\n\n</div></table>\n")
    assert html == "<p>Text.</p>\n<p></p>"


def test_markdown_features_are_unchanged_when_raw_html_is_allowed() -> None:
    text = (
        "## Agenda \"one\" & two\n\n"
        "| Item | Cost |\n|:--|--:|\n| a | 1 |\n\n"
        "A note[^1] on *ownership*{lang=en} and HTML.\n{: .lead }\n\n"
        "Term\n: Definition\n\n"
        "```python\nif a < b: print('<b>')\n```\n\n"
        "*[HTML]: HyperText Markup Language\n\n"
        "[^1]: The note.\n"
    )
    plain, _ = Converter(allow_raw_html=False).convert(text, keep)
    allowed, findings = Converter(allow_raw_html=True).convert(text, keep)
    assert findings == []
    # The same page: the sanitizer writes characters for the two references Markdown writes as numbers.
    assert allowed == plain.replace("&#160;", "&nbsp;").replace("&#8617;", "\u21a9")
    for part in ('<h2 id="agenda-one-two">', '<th style="text-align: left;">Item</th>',
                 '<td style="text-align: right;">1</td>', '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">',
                 '<em lang="en">ownership</em>', '<p class="lead">', '<abbr title="HyperText Markup Language">',
                 '<li id="fn:1">', '<a class="footnote-backref" href="#fnref:1"', "<dt>Term</dt>",
                 "<code class=\"language-python\">if a &lt; b: print('&lt;b&gt;')"):
        assert part in allowed, part


def test_raw_html_beside_markdown_features() -> None:
    html, links = raw("## Title\n\n<div class=\"box\" onclick=\"x\" markdown=\"1\">\n*a*{lang=en}[^1]\n</div>\n\n"
                      "[^1]: note\n")
    assert links == []
    assert html.startswith('<h2 id="title">Title</h2>\n<div class="box">\n<p><em lang="en">a</em><sup id="fnref:1">')


def test_the_sanitizer_keeps_markdowns_own_markup_byte_for_byte() -> None:
    plain, _ = Converter().convert("# A\n\n| a |\n|:-:|\n| b |\n\n*x*{lang=id} [l](/x/ \"t\")\n", keep)
    assert sanitize(plain) == plain
