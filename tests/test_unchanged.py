"""A build in which nothing changed is told from the last build's record (``build/unchanged.py``).

The quick answer must be the same as the full build's (same words, same warnings, nothing written),
and every change that the full build would act on must lead to it. A file changed within the last two
seconds makes a build leave no record; the tests leave that window out, but for the one about it.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from g20site.build import moments, pipeline, unchanged
from g20site.build.places import FOLDER

from .conftest import copy_built, ok, run, state

ABOUT_EN = "content/pages/about.en.md"
EVENT = "content/events/webinar-contoh.id.md"


RACY = unchanged.RACY_NS


def record_of(site: Path) -> Path:
    return site / FOLDER / unchanged.record_name(site / "public")


@pytest.fixture
def recorded(built_basic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built fixture site, built again through the command line with its record left."""
    monkeypatch.setattr(unchanged, "RACY_NS", 0)
    site = copy_built(built_basic, tmp_path / "basic")
    ok(site)
    assert record_of(site).is_file()
    return site


@pytest.fixture
def full_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The sites the full pipeline built (the quick answer does not call it)."""
    calls: list[Path] = []
    real = pipeline.build

    def counting(source: Path, output: Path, options: pipeline.Options) -> pipeline.Result:
        calls.append(source)
        return real(source, output, options)

    monkeypatch.setattr(pipeline, "build", counting)  # the command line imports it when it builds
    yield calls


def said(result: Result) -> list[str]:
    """What a build printed, its time left out."""
    return [line.split(" in ")[0] + line.split(" s:")[-1] if line.startswith("Built") else line
            for line in result.output.splitlines()]


def test_nothing_changed_is_told_without_a_build_and_says_what_the_build_said(
        recorded: Path, full_builds: list[Path]) -> None:
    for record in (recorded / FOLDER).glob("unchanged-*.json"):
        record.unlink()
    full = ok(recorded)  # a full build with nothing to write
    assert full_builds == [recorded]
    before = state(recorded / "public")
    quick = ok(recorded)
    assert full_builds == [recorded]  # this answer came from the record
    assert said(quick) == said(full)
    assert ": 0 files written," in quick.output
    assert "warning: has no English translation" in quick.output  # the fixture's warning, said again
    assert state(recorded / "public") == before


def test_with_strict_the_warnings_are_errors_again(recorded: Path, full_builds: list[Path]) -> None:
    strict = run(recorded, "--strict")
    assert strict.exit_code == 1 and full_builds == [recorded], strict.output


@pytest.mark.parametrize("change", [
    "edit", "touch", "time put back", "add", "remove", "template", "static", "page deleted", "page edited",
    "static copy deleted", "share image deleted", "manifest", "--drafts", "--base-url", "SOURCE_DATE_EPOCH",
    "--no-cache", "--now", "just edited", "folder",
])
def test_every_change_is_built(recorded: Path, full_builds: list[Path], monkeypatch: pytest.MonkeyPatch,
                               change: str) -> None:
    args: list[str] = []
    public = recorded / "public"
    about = recorded / ABOUT_EN
    old = about.stat()
    if change == "edit":
        saved = recorded / "content/pages/.about.en.md.tmp"  # saved as editors do, to a new file put in place
        saved.write_text(about.read_text("utf-8").replace("about page", "ABOUT PAGE"), "utf-8")
        os.utime(saved, ns=(old.st_atime_ns, old.st_mtime_ns))  # the same size and time: only the file is new
        os.replace(saved, about)
    elif change == "touch":
        os.utime(about, ns=(old.st_atime_ns, old.st_mtime_ns - 10**9))
    elif change == "time put back":  # edited in place, the same size, its modification time put back
        about.write_text(about.read_text("utf-8").replace("about page", "ABOUT PAGE"), "utf-8")
        os.utime(about, ns=(old.st_atime_ns, old.st_mtime_ns))
    elif change == "add":
        (recorded / "content/pages/more.en.md").write_text("---\ntitle: More\n---\nMore.\n", "utf-8")
    elif change == "remove":
        (recorded / "content/meetings/2022-03-05-hanya-indonesia.id.md").unlink()
    elif change == "template":
        os.utime(recorded / "templates/base.html", ns=(old.st_atime_ns, old.st_mtime_ns - 10**9))
    elif change == "static":
        (recorded / "static/new.txt").write_text("new\n", "utf-8")
    elif change == "page deleted":
        (public / "en/about/index.html").unlink()
    elif change == "static copy deleted":
        next(public.glob("css/site.*.css")).unlink()
    elif change == "share image deleted":
        next(public.glob("share/*.png")).unlink()
    elif change == "page edited":
        page = public / "en/about/index.html"
        page.write_bytes(page.read_bytes() + b"\n")
    elif change == "manifest":
        manifest = public / ".g20site-manifest.json"
        manifest.write_bytes(manifest.read_bytes())
    elif change in ("--drafts", "--no-cache"):
        args = [change]
    elif change == "--base-url":
        args = [change, "https://elsewhere.example.org/"]
    elif change == "--now":
        args = [change, "2022-01-01T00:00"]
    elif change == "SOURCE_DATE_EPOCH":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1668470400")
    elif change == "folder":  # an empty one, in a content folder: a warning says it is not read
        (recorded / "content/meetings/lama").mkdir()
    elif change == "just edited":
        monkeypatch.setattr(unchanged, "RACY_NS", RACY)
        about.write_text(about.read_text("utf-8"), "utf-8")  # the same bytes, just now
    result = ok(recorded, *args)
    assert full_builds == [recorded], result.output
    if change == "folder":
        assert "content/meetings/lama: warning: folders inside this folder are not read" in result.output
    if change == "page deleted":
        assert (public / "en/about/index.html").is_file()
    if change == "static copy deleted":
        assert list(public.glob("css/site.*.css"))
    if change == "just edited":  # a file changed within the clock's tick: no record, the next is built too
        ok(recorded)
        assert len(full_builds) == 2


def test_an_event_that_starts_or_ends_is_built(recorded: Path, full_builds: list[Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    early = datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC)  # before the fixture's events
    monkeypatch.setattr(moments, "clock", lambda: early)
    ok(recorded)  # the clock went back past the record: built, and recorded anew
    assert full_builds == [recorded]
    stored = json.loads(record_of(recorded).read_bytes())
    until = datetime.datetime.fromisoformat(stored["until"])
    assert early < until
    monkeypatch.setattr(moments, "clock", lambda: until - datetime.timedelta(seconds=1))
    ok(recorded)
    assert full_builds == [recorded]
    monkeypatch.setattr(moments, "clock", lambda: until)
    ok(recorded)
    assert full_builds == [recorded, recorded]


@pytest.mark.parametrize("damage", [
    b"", b"{", b"[]", b'{"format": 1}', b"null",
    "checked: ../", "checked: absolute", "checked: odd types", "warnings: odd", "pages: odd", "until: odd",
    "codes: odd", "pages: a list", "warnings: deep", "warnings: an error",
])
def test_a_damaged_record_means_a_full_build(recorded: Path, full_builds: list[Path], damage: bytes | str) -> None:
    record = record_of(recorded)
    stored = json.loads(record.read_bytes())
    if isinstance(damage, bytes):
        record.write_bytes(damage)
    else:
        field, how = damage.split(": ")
        if field == "checked":
            outside = {"../": "../site.txt", "absolute": "/etc/hostname"}.get(how)
            stored["checked"] = {outside: [1, 1]} if outside else {"index.html": ["x", None]}
        elif damage == "warnings: deep":  # a message in a message ...: JSON can read it, not Python's stack
            stored["warnings"] = [{**stored["warnings"][0], "message": "DEEP"}]
            deep = '{"id": "x", "args": {"a": ' * 400 + '{"id": "x", "args": {}}' + "}}" * 400
            record.write_bytes(json.dumps(stored).replace('"DEEP"', deep).encode())
        elif damage == "warnings: an error":  # said with exit 0, were it trusted
            stored["warnings"] = [{**stored["warnings"][0], "severity": "error"}]
        else:
            stored[field] = {"warnings: odd": [["not", "a", "problem"]], "pages: odd": {"id": "many"},
                             "until: odd": "tomorrow", "codes: odd": 5, "pages: a list": [1]}[damage]
        if damage != "warnings: deep":
            record.write_bytes(json.dumps(stored).encode())
    result = ok(recorded)
    assert full_builds == [recorded], result.output
    assert "Traceback" not in result.output


def test_a_record_behind_a_link_is_not_read(recorded: Path, full_builds: list[Path], tmp_path: Path) -> None:
    record = record_of(recorded)
    elsewhere = tmp_path / "elsewhere.json"
    record.rename(elsewhere)
    record.symlink_to(elsewhere)
    ok(recorded)
    assert full_builds == [recorded]


def test_a_link_among_the_inputs_leaves_no_quick_answer(recorded: Path, full_builds: list[Path]) -> None:
    (recorded / "static/link.txt").symlink_to(recorded / "static" / "robots.txt"
                                              if (recorded / "static/robots.txt").exists() else recorded / "README")
    run(recorded)
    run(recorded)
    assert full_builds == [recorded, recorded]
