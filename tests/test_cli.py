from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from g20site import __version__
from g20site.cli import main
from g20site.load.site import load_site


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_version() -> None:
    code, output = run("--version")
    assert code == 0 and output == f"g20site, version {__version__}\n"


def test_build_prints_one_summary_line_and_how_to_look(site: Path) -> None:
    code, output = run("build", "--source", str(site), "--quiet")
    assert code == 0 and output == ""
    (site / "public" / "index.html").unlink()
    code, output = run("build", "--source", str(site))
    assert code == 0
    summary, hint = output.splitlines()[-2:]
    assert hint.startswith("To look at it: g20site serve --source ")
    assert summary.startswith("Built 29 pages (id 15, en 14) in ")
    assert ": 3 files written, 178 unchanged, 0 removed -> " in summary  # the page, its .br and .gz copies


def test_check_writes_nothing_and_reports_warnings(site: Path) -> None:
    code, output = run("check", "--source", str(site))
    assert code == 0
    assert not (site / "public").exists()
    assert output.splitlines() == [
        "content/meetings/2022-03-05-hanya-indonesia.id.md: warning: has no English translation "
        "(content/meetings/2022-03-05-hanya-indonesia.en.md)",
        "No errors (1 warning).",
    ]
    code, output = run("check", "--source", str(site), "--strict")
    assert code == 1
    assert output.splitlines()[-1] == "Check failed: 1 error."


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve"], ["translations"], ["new", "meeting", "Rapat"]])
def test_a_folder_that_is_no_site_folder_is_wrong_usage(tmp_path: Path, command: list[str]) -> None:
    for source in (tmp_path, tmp_path / "nowhere"):
        code, output = run(*command, "--source", str(source))
        assert code == 2
        assert output.splitlines() == ["content/site.yaml: not found; run g20site in the site folder or pass --source"]
    assert not any(tmp_path.iterdir())  # nothing written


def test_usage_errors_exit_2(site: Path) -> None:
    assert run("build", "--jobs-typo")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run("new", "meeting", "X", "--date", "18-01-2022", "--source", str(site))[0] == 2


def test_new_meeting_writes_every_language_as_a_draft(site: Path) -> None:
    code, output = run("new", "meeting", "Rapat Koordinasi Humas & Meta", "--date", "2022-05-02",
                       "--source", str(site))
    assert code == 0, output
    folder = site / "content" / "meetings"
    for lang, title in (("id", 'title: "Rapat Koordinasi Humas & Meta"\n'), ("en", "title:\n")):
        text = (folder / f"2022-05-02-rapat-koordinasi-humas-meta.{lang}.md").read_text("utf-8")
        assert title in text and "\ndate: 2022-05-02\n" in text  # the English title is for the translator
        assert "\ndraft: true\n" in text
    loaded, problems = load_site(site)
    assert loaded is not None
    assert not [p for p in problems if p.severity == "error"]  # not built: what the drafts lack stops nothing
    loaded, problems = load_site(site, drafts=True)
    assert loaded is not None
    new = [d for d in loaded.left_out if d.key == "2022-05-02-rapat-koordinasi-humas-meta"]
    assert len(new) == 2 and all(d.draft and d.gaps for d in new)  # lacking their summary, they are left out
    assert not any(d.key == "2022-05-02-rapat-koordinasi-humas-meta" for d in loaded.documents)
    again = run("new", "meeting", "Rapat Koordinasi Humas & Meta", "--date", "2022-05-02", "--source", str(site))
    assert again[0] == 1 and "already exists; nothing was written" in again[1]
