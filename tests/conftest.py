"""Fixture sites: a copy of tests/sites/<name>/ with the project's theme beside it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


def copy_site(name: str, destination: Path) -> Path:
    """Lay out a runnable site folder: the fixture's content, the repo's theme."""
    site = destination / name
    shutil.copytree(SITES / name, site)
    shutil.copytree(REPO / "templates", site / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", site / "static", dirs_exist_ok=True)
    return site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[str], Path]:
    return lambda name="basic": copy_site(name, tmp_path)


@pytest.fixture
def site(make_site: Callable[[str], Path]) -> Path:
    return make_site("basic")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to compare trees."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
