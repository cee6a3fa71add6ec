"""Odd values in settings, options and the environment: a clear message and the right exit code, never a
traceback. 1: the content has errors; 2: wrong usage (an option, the environment, where to write)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from g20site.cli import main
from g20site.load.settings import normalize_base_url

from .conftest import assert_errors, ok, replace_in, run, state

WEB_ADDRESS = "(use e.g. https://www.example.go.id/g20/)"


@pytest.mark.parametrize(
    "value",
    ["https://exa mple.com/", "https://example.org:99999/", "https://user:pass@example.org/", "https://[::1/",
     "ftp://example.org/", "https://-example-.org/", "https://example.org/?page=1", "https://exa\tmple.org/",
     "https:///only-a-path/", "example.org"],
)
def test_a_base_url_that_is_not_a_web_address_is_refused(value: str) -> None:
    assert normalize_base_url(value) is None


@pytest.mark.parametrize(
    ("value", "normal"),
    [("https://www.example.go.id/g20", "https://www.example.go.id/g20/"),
     ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
     ("https://[::1]:8443/g20/", "https://[::1]:8443/g20/"),
     ("https://example.org/a%20b/", "https://example.org/a%20b/")],
)
def test_a_base_url_that_is_one_is_kept(value: str, normal: str) -> None:
    assert normalize_base_url(value) == normal


def test_a_base_url_with_credentials_in_site_yaml_is_an_error_at_its_line(site: Path) -> None:
    text = (site / "content/site.yaml").read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("base_url:"))
    replace_in(site, "content/site.yaml", old, "base_url: https://user:secret@example.go.id/g20/")
    line = text.splitlines().index(old) + 1
    assert_errors(run(site), f'content/site.yaml:{line}: base_url: "https://user:secret@example.go.id/g20/" '
                             f"is not a web address {WEB_ADDRESS}")


def test_a_base_url_option_that_is_not_a_web_address_is_wrong_usage(site: Path) -> None:
    result = run(site, "--base-url", "https://[::1/")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f'"https://[::1/" is not a web address {WEB_ADDRESS}' in result.output


@pytest.mark.parametrize("value", ["253402300800", "soon", "-5"])
def test_a_source_date_epoch_that_is_no_date_is_wrong_usage(site: Path, value: str) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site)], env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f'SOURCE_DATE_EPOCH: "{value}" is not a number of seconds since 1970-01-01' in result.output
    assert not (site / "public").exists()


def test_more_jobs_than_the_cap_is_wrong_usage(site: Path) -> None:
    result = run(site, "--jobs", "1000")
    assert result.exit_code == 2
    assert "1000 is not in the range 0<=x<=64" in result.output


def test_an_output_inside_the_build_cache_is_refused_as_wrong_usage(site: Path) -> None:
    ok(site)  # the cache exists
    before = state(site / ".g20site-cache")
    output = site / ".g20site-cache" / "out"
    result = run(site, "--output", str(output))
    assert_errors(result, f"{output}: the output folder must not be inside the build cache (.g20site-cache/); "
                          "choose another, e.g. public", code=2)
    assert state(site / ".g20site-cache") == before
