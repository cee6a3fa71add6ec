"""Golden output: the fixture site, built with a fixed clock, is the tree under tests/golden/basic/.

A change that should not alter what the builder writes (a refactor) is
reviewed as a diff: ``make golden`` runs this test with
``G20SITE_GOLDEN=update``, which rewrites tests/golden/ from the same build
before comparing, and ``git diff tests/golden`` then shows every byte of
output the change altered. An empty diff means none; otherwise the diff is
committed with the change that made it, or the change is fixed.

Text files (HTML, CSS, JavaScript, XML, text, calendars, JSON, SVG, the
host files) are compared byte for byte; their .br and .gz copies by name. Images and the search index (anything under
pagefind/) are compared by name only, listed in basic.binary.txt: their
bytes come from Pillow and Pagefind and change with their versions.
The set of names is compared exactly.
"""

from __future__ import annotations

import datetime
import difflib
import os
import shutil
from pathlib import Path, PurePosixPath

import pytest

from g20site.build.pipeline import Options, build

from .conftest import snapshot

GOLDEN = Path(__file__).resolve().parent / "golden"
TEXT = {".html", ".css", ".js", ".xml", ".txt", ".ics", ".json", ".svg"}
HOST_FILES = {"_headers", "_redirects", ".htaccess"}  # text without an ending
NOW = datetime.datetime(2022, 11, 15, 20, 0)  # as --now 2022-11-15T20:00: in the site's utc_offset
EPOCH = "1700000000"  # SOURCE_DATE_EPOCH: the DTSTAMP of calendars
SHOWN = 3  # differing files shown as a diff
DIFF_LINES = 60  # lines of each diff


def is_text(name: str) -> bool:
    return (PurePosixPath(name).suffix in TEXT or name in HOST_FILES) and not name.startswith("pagefind/")


def split(files: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The text files with their bytes, and the names of the others."""
    text = {name: data for name, data in files.items() if is_text(name)}
    return text, sorted(name for name in files if name not in text)


def write_golden(name: str, text: dict[str, bytes], binary: list[str]) -> None:
    shutil.rmtree(GOLDEN / name, ignore_errors=True)
    for rel, data in text.items():
        target = GOLDEN / name / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (GOLDEN / f"{name}.binary.txt").write_text("".join(f"{rel}\n" for rel in binary), "utf-8")


def read_golden(name: str) -> tuple[dict[str, bytes], list[str]]:
    binary = GOLDEN / f"{name}.binary.txt"
    assert binary.is_file(), f"{binary} is missing: run `make golden`"
    return snapshot(GOLDEN / name), binary.read_text("utf-8").splitlines()


def diff(rel: str, expected: bytes, actual: bytes) -> list[str]:
    lines = list(
        difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            actual.decode("utf-8", "replace").splitlines(),
            f"tests/golden/basic/{rel}",
            f"built/{rel}",
            lineterm="",
        )
    )
    return lines[:DIFF_LINES] + ([f"... {len(lines) - DIFF_LINES} more lines"] if len(lines) > DIFF_LINES else [])


def differences(expected: dict[str, bytes], actual: dict[str, bytes], binary: list[str], built: list[str]) -> str:
    """What differs, for people: names missing and extra, then the diff of the first differing files."""
    report = []
    names, built_names = set(expected) | set(binary), set(actual) | set(built)
    if missing := sorted(names - built_names):
        report.append("not built any more: " + ", ".join(missing))
    if extra := sorted(built_names - names):
        report.append("built, not in tests/golden: " + ", ".join(extra))
    changed = sorted(rel for rel in expected.keys() & actual.keys() if expected[rel] != actual[rel])
    for rel in changed[:SHOWN]:
        report.extend(diff(rel, expected[rel], actual[rel]))
    if len(changed) > SHOWN:
        report.append(f"... and {len(changed) - SHOWN} more changed files: " + ", ".join(changed[SHOWN:]))
    if report:
        report.append("If the change is meant, run `make golden` and review `git diff tests/golden`.")
    return "\n".join(report)


def test_the_basic_site_builds_to_its_golden_tree(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build(site, tmp_path / "out", Options(jobs=1, use_cache=False, now=NOW))
    text, binary = split(snapshot(tmp_path / "out"))
    if os.environ.get("G20SITE_GOLDEN") == "update":
        write_golden("basic", text, binary)
    expected, expected_binary = read_golden("basic")
    report = differences(expected, text, expected_binary, binary)
    if report:
        pytest.fail(report, pytrace=False)
