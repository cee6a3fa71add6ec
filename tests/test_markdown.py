from __future__ import annotations

from g20site.pages.links import scheme_of, unsafe_scheme
from g20site.render.markdown import Converter


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
    assert "<script>alert(1)</script>" in html and '<div class="x">block</div>' in html


def test_attribute_lists_cannot_add_event_handlers() -> None:
    html, _ = Converter().convert("Paragraph\n{: onclick=\"alert(1)\" .note }\n", keep)
    assert "onclick" not in html
    assert 'class="note"' in html


def test_raw_html_javascript_is_reported_even_entity_encoded() -> None:
    _, findings = Converter(allow_raw_html=True).convert('<a href="&#106;avascript:alert(1)">x</a>\n', keep)
    assert [link for link, _ in findings] == ["javascript:alert(1)"]


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
