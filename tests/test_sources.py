from __future__ import annotations

from g20site.load.front_matter import split_front_matter
from g20site.load.sources import parse_yaml


def test_lines_of_keys_and_items_count_the_front_matter_offset() -> None:
    source, problems = split_front_matter("---\ntitle: A\ntags:\n  - x\n  - y\n---\nBody\n", "f.md")
    assert problems == []
    assert source is not None
    assert source.front.value == {"title": "A", "tags": ["x", "y"]}
    assert source.front.line("title") == 2
    assert source.front.line("tags", 1) == 5
    assert source.body == "Body\n"
    assert source.body_line == 7


def test_dates_stay_text_so_they_can_be_checked() -> None:
    data, problems = parse_yaml("date: 2022-01-18\nbad: 2022-13-01\n", "f.yaml")
    assert problems == []
    assert data is not None
    assert data.value == {"date": "2022-01-18", "bad": "2022-13-01"}


def test_aliases_are_refused_with_their_line() -> None:
    data, problems = parse_yaml("a: [1, 2]\nb: *x\n", "f.yaml", offset=1)
    assert data is None
    assert [str(p) for p in problems] == [
        "f.yaml:3: YAML aliases (*x) are not allowed; write the value out in full"
    ]


def test_duplicate_keys_name_the_first_line() -> None:
    _, problems = parse_yaml("title: A\nsummary: S\ntitle: B\n", "f.yaml")
    assert [str(p) for p in problems] == ["f.yaml:3: title: appears twice (first on line 1)"]


def test_syntax_error_reports_the_line_in_the_file() -> None:
    source, problems = split_front_matter("---\ntitle: A\ntags: [x\n---\n", "f.md")
    assert source is None
    assert len(problems) == 1
    assert problems[0].path == "f.md"
    assert problems[0].line == 3  # where the [ opens, not where YAML gave up
    assert problems[0].detail is not None and str(problems[0].detail).startswith("YAML: ")


def test_unclosed_front_matter() -> None:
    source, problems = split_front_matter("---\ntitle: A\n", "f.md")
    assert source is None
    assert [str(p) for p in problems] == [
        "f.md:2: the front matter (from line 1) is not closed: add a line with only --- after this line"]


def test_no_front_matter_is_all_body() -> None:
    source, problems = split_front_matter("Just text\n", "f.md")
    assert problems == [] and source is not None
    assert source.front.value == {} and source.body == "Just text\n" and source.body_line == 1


def test_front_matter_that_is_not_a_mapping() -> None:
    source, problems = split_front_matter("---\n- a\n- b\n---\n", "f.md")
    assert source is None
    assert [str(p) for p in problems] == ["f.md:2: front matter must be a list of `key: value` lines"]
