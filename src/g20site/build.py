"""load -> render -> write: the pipeline shared by build, check and serve."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, Problem, errors_in, sort_problems
from .load import load_site
from .model import Site
from .render import render_site
from .write import Payload, WriteReport, output_problems, write_output


@dataclass(frozen=True)
class Result:
    site: Site
    files: dict[str, bytes]
    warnings: list[Problem] = field(default_factory=list)
    report: WriteReport | None = None

    def pages_per_language(self) -> Counter[str]:
        codes = self.site.config.codes
        default = self.site.config.default.code
        counts: Counter[str] = Counter()
        for name in self.files:
            if name.endswith("index.html"):
                first = name.split("/", 1)[0]
                counts[first if first in codes and "/" in name else default] += 1
        return counts


def _strict(problems: list[Problem], strict: bool) -> list[Problem]:
    return [p.as_error() for p in problems] if strict else problems


def render(source: Path, *, base_url: str | None = None, drafts: bool = False, strict: bool = False) -> Result:
    """Read and render the whole site in memory; raise ContentError on errors."""
    site, problems = load_site(source, drafts=drafts, base_url=base_url)
    problems = _strict(problems, strict)
    if site is None or errors_in(problems):
        raise ContentError(problems)
    files, found = render_site(site)
    problems = _strict(problems + found, strict)
    if errors_in(problems):
        raise ContentError(problems)
    return Result(site, files, sort_problems(problems))


def build(
    source: Path,
    output: Path,
    *,
    base_url: str | None = None,
    drafts: bool = False,
    strict: bool = False,
) -> Result:
    """Render everything, and only then write it; on any error nothing is written."""
    refused = output_problems(source, output)
    if refused:
        raise ContentError(refused)
    result = render(source, base_url=base_url, drafts=drafts, strict=strict)
    payload: dict[str, Payload] = {name: source / "static" / name for name in result.site.static_files}
    payload.update(result.files)
    report = write_output(output, payload)
    return Result(result.site, result.files, result.warnings, report)
