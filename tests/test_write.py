"""The writer on its own: write_output and output_problems, with no site and no build.

tests/test_output_safety.py holds the same promises through the command line;
here each one is pinned at the writer, with the cases that need no site.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from g20site.build.output_folder import output_problems
from g20site.build.write import Staging, WriteReport, write_output
from g20site.errors import ContentError, Problem
from g20site.messages import Message

from .conftest import snapshot, state

MANIFEST = ".g20site-manifest.json"
LONG_AGO = 1_000_000_000  # seconds: 2001, a time no write of the test can leave behind


def refusal(out: Path, files: dict[str, bytes]) -> list[Problem]:
    with pytest.raises(ContentError) as refused:
        write_output(out, files)
    return refused.value.problems


def test_writes_exactly_the_given_files_and_its_manifest(tmp_path: Path) -> None:
    static = tmp_path / "logo.svg"
    static.write_bytes(b"<svg/>")
    out = tmp_path / "public"
    report = write_output(out, {"index.html": b"<p>home</p>", "en/about/index.html": b"<p>about</p>",
                                "logo.svg": static})  # rendered bytes, or a file to copy
    files = snapshot(out)
    assert sorted(files) == [MANIFEST, "en/about/index.html", "index.html", "logo.svg"]
    assert [files["index.html"], files["en/about/index.html"], files["logo.svg"]] == [
        b"<p>home</p>", b"<p>about</p>", b"<svg/>"
    ]
    assert report == WriteReport(written=3, unchanged=0, removed=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.svg", "public"]  # no staging folder left


def test_writing_the_same_bytes_again_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "public"
    files = {"index.html": b"<p>home</p>", "en/index.html": b"<p>home</p>"}
    write_output(out, files)
    for path in [out, *out.rglob("*")]:
        os.utime(path, (LONG_AGO, LONG_AGO))
    before = state(out)
    report = write_output(out, files)
    assert state(out) == before  # files, folders and the manifest: same bytes, same times
    assert report == WriteReport(written=0, unchanged=2, removed=0)


def test_a_changed_file_is_rewritten_and_only_it(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_output(out, {"index.html": b"<p>home</p>", "en/index.html": b"<p>home</p>"})
    for path in out.rglob("*"):
        os.utime(path, (LONG_AGO, LONG_AGO))
    report = write_output(out, {"index.html": b"<p>new home</p>", "en/index.html": b"<p>home</p>"})
    assert (out / "index.html").read_bytes() == b"<p>new home</p>"
    assert (out / "en/index.html").stat().st_mtime == LONG_AGO
    assert report == WriteReport(written=1, unchanged=1, removed=0)


def test_a_file_dropped_from_the_set_is_removed_and_the_users_own_stay(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_output(out, {"index.html": b"home", "old.html": b"old"})
    (out / "CNAME").write_bytes(b"g20.example.go.id\n")
    report = write_output(out, {"index.html": b"home"})
    assert sorted(snapshot(out)) == [MANIFEST, "CNAME", "index.html"]
    assert report.removed == 1


def test_folders_it_made_are_removed_once_empty(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_output(out, {"index.html": b"home", "a/b/c/index.html": b"deep", "a/index.html": b"a"})
    write_output(out, {"index.html": b"home", "a/index.html": b"a"})
    assert not (out / "a/b").exists()
    write_output(out, {"index.html": b"home"})
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [MANIFEST, "index.html"]


def test_a_file_it_did_not_write_is_refused_by_name_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_bytes(b"<p>my own page</p>")
    assert refusal(out, {"index.html": b"<p>home</p>"}) == [
        Problem(str(out / "index.html"), None,
                Message("exists and was not written by g20site; move it away or delete it"))
    ]
    assert snapshot(out) == {"index.html": b"<p>my own page</p>"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no staging folder left


def test_a_folder_where_a_file_goes_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    (out / "robots.txt").mkdir(parents=True)
    assert refusal(out, {"robots.txt": b"User-agent: *\n"}) == [
        Problem(str(out / "robots.txt"), None, Message("is a folder where the site needs a file; move it away"))
    ]


def test_a_file_where_a_folder_goes_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "en").write_bytes(b"not a folder")
    assert refusal(out, {"en/index.html": b"home"}) == [
        Problem(str(out / "en"), None, Message("is a file where the site needs a folder; move it away"))
    ]
    assert (out / "en").read_bytes() == b"not a folder"


# -- where the output may be (the source itself, its parent and content/ are in test_output_safety)


@pytest.mark.parametrize("folder", ["templates", "static"])
def test_an_output_inside_the_theme_is_refused(tmp_path: Path, folder: str) -> None:
    output = tmp_path / folder / "out"
    assert [str(p) for p in output_problems(tmp_path, output)] == [
        f"{output}: the output folder must not be inside {folder}/; choose another, e.g. public"
    ]


def test_the_default_output_and_a_sibling_with_a_longer_name_are_accepted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    assert output_problems(site, site / "public") == []
    assert output_problems(site, tmp_path / "site-public") == []  # not inside the site, though its name starts so


def test_a_link_to_the_site_folder_is_refused_as_the_site_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    link = tmp_path / "public"
    link.symlink_to(site, target_is_directory=True)
    assert [str(p) for p in output_problems(site, link)] == [
        f"{link}: the output folder is, or contains, the site folder; choose another, e.g. public"
    ]


@pytest.mark.parametrize("again", ["bytes", "file"])
def test_a_file_staged_again_is_a_new_file_and_another_name_of_the_first_keeps_its_bytes(
    tmp_path: Path, again: str
) -> None:
    kept = tmp_path / "kept.png"  # as the build cache keeps a share image: another name of the staged file
    other = tmp_path / "other.png"
    other.write_bytes(b"other bytes")
    with Staging(tmp_path / "out") as staging:
        staging.write("share/a.png", b"first bytes")
        os.link(staging.path_of("share/a.png"), kept)
        assert staging.put("share/a.png", b"second bytes" if again == "bytes" else other)
        assert staging.path_of("share/a.png").read_bytes() == (b"second bytes" if again == "bytes" else b"other bytes")
    assert kept.read_bytes() == b"first bytes"


@pytest.fixture
def handlers() -> Iterator[None]:
    """SIGTERM raises SystemExit, as in the builder process of ``g20site serve``, and SIGINT
    KeyboardInterrupt, as in ``g20site build``; both put back afterwards."""

    def ended(signum: int, frame: object) -> None:
        raise SystemExit(0)

    before = signal.signal(signal.SIGTERM, ended), signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGTERM, before[0])
    signal.signal(signal.SIGINT, before[1])


def test_a_signal_while_the_staging_folder_is_removed_waits_until_it_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handlers: None
) -> None:
    removing = shutil.rmtree

    def interrupted(path: Path, **options: object) -> None:
        signal.raise_signal(signal.SIGTERM)  # the server ends the builder as it unwinds a failed build
        removing(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(shutil, "rmtree", interrupted)
    with pytest.raises(SystemExit), Staging(tmp_path / "public") as staging:
        for n in range(50):
            staging.write(f"page-{n}/index.html", b"<p>staged</p>")
        folder = staging.folder
    assert not folder.exists() and not list(tmp_path.iterdir())


def test_ctrl_c_while_the_output_is_moved_in_waits_until_all_of_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handlers: None
) -> None:
    out = tmp_path / "public"
    write_output(out, {f"page-{n}/index.html": b"<p>old</p>" for n in range(20)})
    moving = os.replace
    moved: list[str] = []

    def interrupted(source: str, target: str) -> None:
        if not moved:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C as the first new file goes in
        moved.append(str(target))
        moving(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output(out, {f"page-{n}/index.html": b"<p>new</p>" for n in range(1, 21)})
    files = snapshot(out)
    assert sum(name.endswith("index.html") for name in moved) == 20  # (and the manifest, written as a new file)
    assert "page-0/index.html" not in files  # the dropped one gone
    assert {files[f"page-{n}/index.html"] for n in range(1, 21)} == {b"<p>new</p>"}
    assert sorted(json.loads(files[MANIFEST])["files"]) == sorted(f"page-{n}/index.html" for n in range(1, 21))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no staging folder left
