"""What an editor is told after a build: where the site is and the one command that shows it."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from g20site.cli import main

HINTS = {
    "en": "To look at it: g20site serve --source {source}, then open the address it prints "
          "(opening {source}/public/index.html from the disk breaks its links)",
    "id": "Untuk melihatnya: g20site serve --source {source}, lalu buka alamat yang dicetaknya "
          "(membuka {source}/public/index.html langsung dari disk merusak tautannya)",
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_build_ends_with_the_command_that_shows_the_site(site: Path, lang: str) -> None:
    result = CliRunner().invoke(main, ["--lang", lang, "build", "--source", str(site)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == HINTS[lang].format(source=shlex.quote(str(site))).replace(
        f"{shlex.quote(str(site))}/public", f"{site}/public")
    assert lines[-2].endswith(f"-> {site / 'public'}")


def test_a_quiet_build_prints_nothing(site: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_the_hint_names_no_source_for_the_current_folder(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["--lang", "en", "build"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "To look at it: g20site serve, then open the address it prints "
        "(opening public/index.html from the disk breaks its links)")
