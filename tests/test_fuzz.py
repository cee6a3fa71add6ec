"""Fuzzing the build with generated input: odd front matter, odd Markdown, odd file names.

Whatever is in the content, ``g20site build`` exits 0 (built), 1 (the content
has errors) or 2 (wrong usage), never with a traceback. On exit 1 every
problem names a file of the site on its first line (``path:line: message``
or ``path: message``), perhaps followed by indented lines (its source line
with a caret, and the parser's own words), and public/ is exactly as it was; on exit 0 the feeds
are XML, the calendars are folded ASCII-safe lines and the sitemap holds
well-formed absolute URLs. No build writes a file outside public/ and the
build cache.

Each property builds one copy of the fixture site once, then changes one
file per example (put back afterwards) and builds again, so most builds are
incremental. The seed is fixed (``derandomize``) and there is no example
database: every run tries the same inputs.
"""

from __future__ import annotations

import re
import string
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import copy_site, ok, run, snapshot

pytestmark = pytest.mark.slow

# One site per test, shared by its examples on purpose (that is what makes them fast).
FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MEETING = "content/meetings/2022-02-01-rapat-contoh.id.md"
EVENT = "content/events/webinar-contoh.id.md"
PAGES = "content/pages"
OUTSIDE = ("public", ".g20site-cache")


@pytest.fixture
def fuzz_site(tmp_path: Path) -> Iterator[Path]:
    site = copy_site("basic", tmp_path)
    ok(site)
    yield site


# --- checks --------------------------------------------------------------------------------------

_WHERE = re.compile(r"(?P<path>.+?)(?::[1-9][0-9]*)?: \S")  # a file name may hold ": " too
_SUMMARY = re.compile(r"Nothing was written to .+: [0-9]+ errors?\.")
_QUOTED = re.compile(r"    (?P<line>[1-9][0-9]*) \|(?: .*)?")  # the problem's line, as the file has it
_CARET = re.compile(r"    (?P<gutter> +) \| *\^ column [1-9][0-9]*")  # a caret under its column
_DETAIL = re.compile(r"    \(.+\)")  # the parser's own words


def files_outside_output(site: Path) -> set[str]:
    """Every file of the test's folder (the site and beside it) but those in public/ and the cache."""
    root = site.parent
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if not p.is_dir() and not any(part in OUTSIDE for part in p.relative_to(site.parent).parts[1:2])
    }


def assert_no_traceback(result: Result, codes: tuple[int, ...] = (0, 1)) -> None:
    assert result.exit_code in codes, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output, result.output


def assert_problem_lines(site: Path, output: str) -> None:
    """Every line of a failed build is ``path:line: message`` or ``path: message`` for a path in the
    site, and the last says nothing was written."""
    *problems, summary = output.splitlines()
    assert _SUMMARY.fullmatch(summary), output
    inside = site.resolve()
    problem, shown = "", ""  # the last problem line, and the last of its indented lines
    for line in problems:
        if line.startswith(" "):
            shown = assert_detail_line(problem, shown, line, output)
            continue
        problem, shown = line, ""
        match = _WHERE.match(line)
        assert match, f"not path:line: message: {line!r}\n{output}"
        path = match["path"]
        assert not Path(path).is_absolute(), line
        assert (inside / path).resolve().is_relative_to(inside), line


def assert_detail_line(problem: str, shown: str, line: str, output: str) -> str:
    """An indented line after a problem: its source line (``    12 | text``, with the problem's line
    number), the caret under it, then the detail, each at most once and in that order. Returns what
    ``line`` is: ``quoted 12``, ``caret`` or ``detail``."""
    quoted, caret, detail = _QUOTED.fullmatch(line), _CARET.fullmatch(line), _DETAIL.fullmatch(line)
    assert problem and (quoted or caret or detail), f"not a detail of a problem: {line!r}\n{output}"
    if quoted:
        assert not shown and f":{quoted['line']}: " in problem, f"{line!r} after {problem!r}\n{output}"
        return f"quoted {quoted['line']}"
    if caret:
        assert shown.startswith("quoted ") and len(caret["gutter"]) == len(shown.split()[1]), f"{line!r}\n{output}"
        return "caret"
    assert shown != "detail", f"{line!r} after another detail\n{output}"
    return "detail"


def assert_feeds_and_calendars(public: Path) -> None:
    for feed in public.rglob("feed.xml"):
        ET.fromstring(feed.read_bytes())  # raises on anything that is not XML
    for ics in public.rglob("*.ics"):
        raw = ics.read_bytes()
        assert raw.endswith(b"\r\n"), ics
        for line in raw[:-2].split(b"\r\n"):
            assert len(line) <= 75, (ics, line)
            assert b"\n" not in line and b"\r" not in line, (ics, line)
            assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), (ics, line)
            line.decode("utf-8")  # folded between characters, never inside one


_UNSAFE_IN_URL = set(" \t\r\n\"'<>`{}|\\^")


def assert_sitemap_urls(public: Path) -> None:
    tree = ET.fromstring((public / "sitemap.xml").read_bytes())
    hrefs = [el.text or "" for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    hrefs += [el.get("href", "") for el in tree.iter("{http://www.w3.org/1999/xhtml}link")]
    assert hrefs
    for href in hrefs:
        parts = urlsplit(href)
        assert parts.scheme in ("http", "https") and parts.hostname, href
        assert not _UNSAFE_IN_URL & set(href), href
        assert all(32 < ord(c) < 127 for c in href), href


def build_once_more(site: Path, codes: tuple[int, ...] = (0, 1)) -> Result:
    """Build; check the exit, the messages, public/ kept on failure and nothing written beside it."""
    before, beside = snapshot(site / "public"), files_outside_output(site)
    result = run(site)
    assert_no_traceback(result, codes)
    if result.exit_code == 1:
        assert_problem_lines(site, result.output)
        assert snapshot(site / "public") == before
    assert files_outside_output(site) == beside
    if result.exit_code == 0:
        assert_feeds_and_calendars(site / "public")
    return result


def split_note(text: str) -> tuple[str, str]:
    """A Markdown file's front matter (without its ``---`` lines) and its body."""
    _, front, body = text.split("---\n", 2)
    return front, body


# --- strategies ----------------------------------------------------------------------------------

CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\ufffe"
UNICODE = "éñßçø中文한국어עבריתالعربية\u200f\u202e\u200d🎉👩‍👩‍👧🇮🇩"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates().map(str),
    st.text(max_size=40),
    st.text(alphabet=string.printable + UNICODE + CONTROL, max_size=40),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
FIELDS = ["title", "summary", "date", "participants", "agenda", "tags", "slug", "draft", "image", "image_alt",
          "sources", "translated_from", "start", "end", "timezone", "place", "online", "x"]
GOOD_MEETING = {"title": "Rapat", "date": "2022-02-01", "summary": "Ringkasan.", "tags": ["uji"]}


@st.composite
def valid_yaml(draw: st.DrawFn) -> str:
    """A YAML mapping: the good fields of a meeting note, some of them replaced by anything."""
    front: dict[object, object] = dict(GOOD_MEETING)
    front.update(draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=4)))
    front.update(draw(st.dictionaries(st.text(max_size=8), values, max_size=2)))
    style = draw(st.sampled_from([None, True, False]))
    return yaml.safe_dump(front, allow_unicode=draw(st.booleans()), default_flow_style=style, sort_keys=False)


YAML_BITS = [
    "title: ", "date: ", "summary: ", "tags: ", "slug: ", "draft: ", "\n", "\n  ", "\n- ", "\t", ":", ": ", " #",
    "'", '"', "''", '\\"', "\\x00", "\\u0007", "!!python/object/apply:os.system ['true']", "!!binary ", "!!str ",
    "!!int ", "!!float ", "!!map ", "!!set ", "!!timestamp ", "!<tag:x>", "&a ", "*a", "<<: *a", "? ", "| ", ">- ",
    "[", "]", "{", "}", ",", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "---\n", "...\n", "2022-02-01", "2022-13-45",
    "~", "null", "yes", "no", "0x1f", "1e999", ".nan", "-.inf", "x" * 5000, "[" * 200, "{a: " * 60, "- " * 60,
    "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 60)),
]
raw_yaml = st.lists(
    st.one_of(st.sampled_from(YAML_BITS), st.text(alphabet=string.printable + UNICODE + CONTROL, max_size=30)),
    max_size=25,
).map("".join)

MARKDOWN_BITS = [
    "\n", "\n\n", "    ", "\t", "# ", "## ", "> ", "- ", "* ", "1. ", "---", "***", "```", "~~~", "`", "**", "_", "|",
    "[", "]", "(", ")", "![", "](", "[x](", "](../pages/about.id.md)", "](../meetings/none.id.md)", "](#a)",
    "javascript:alert(1)", "](javascript:x)", "<", ">", "<script>alert(1)</script>", "<div>", "</div>", "<!--",
    "-->", "<![CDATA[", "]]>", "<?xml ?>", "&", "&amp;", "&#0;", "&#x110000;", "&#xD800;", "&nbsp;", "&bogus;",
    "{#id}", "{: .c}", "[^1]", "[^1]: note", "*[HTML]: x", "\\", "<https://example.org>", "<mailto:a@b>",
    "[a]: <>", "[a]", "<a href='x'>", '<img src=x onerror="y">', "]]]]]", "[" * 40, "> " * 30, "x" * 3000,
]
markdown = st.lists(
    st.one_of(
        st.sampled_from(MARKDOWN_BITS),
        st.text(alphabet=string.printable + UNICODE + CONTROL, max_size=30),
        st.text(max_size=10),
    ),
    max_size=40,
).map("".join)

file_names = st.text(
    alphabet=string.ascii_letters + string.digits + " -_'\"<>.,;:&%#?!()[]{}$~`=+*@\n\téñ中🎉\u202e",
    min_size=1,
    max_size=40,
)


# --- properties ----------------------------------------------------------------------------------


@FUZZ
@given(front=st.one_of(valid_yaml(), raw_yaml), target=st.sampled_from([MEETING, EVENT]))
def test_any_front_matter(fuzz_site: Path, front: str, target: str) -> None:
    file = fuzz_site / target
    original = file.read_text("utf-8")
    _, body = split_note(original)
    file.write_text(f"---\n{front.rstrip(chr(10))}\n---\n{body}", "utf-8")
    try:
        build_once_more(fuzz_site)
    finally:
        file.write_text(original, "utf-8")


@FUZZ
@given(body=markdown, target=st.sampled_from([MEETING, EVENT]))
def test_any_markdown_body(fuzz_site: Path, body: str, target: str) -> None:
    file = fuzz_site / target
    original = file.read_text("utf-8")
    front, _ = split_note(original)
    file.write_text(f"---\n{front}---\n{body}", "utf-8")
    try:
        build_once_more(fuzz_site)
    finally:
        file.write_text(original, "utf-8")


@FUZZ
@given(name=file_names, slug=st.booleans())
def test_any_page_file_name(fuzz_site: Path, name: str, slug: bool) -> None:
    file = fuzz_site / PAGES / f"{name}.id.md"
    front = "title: Halaman\nsummary: Halaman uji.\n" + ("slug: halaman-uji\n" if slug else "")
    try:
        if file.exists() or not file.resolve().is_relative_to(fuzz_site / PAGES):
            return  # an existing page, or a name that is a path: not a new file name
        file.write_text(f"---\n{front}---\nTeks.\n", "utf-8")
    except (OSError, ValueError):
        return  # a name the file system refuses
    try:
        result = build_once_more(fuzz_site, codes=(0, 1, 2))
        if result.exit_code == 0:
            assert_sitemap_urls(fuzz_site / "public")
    finally:
        file.unlink()
