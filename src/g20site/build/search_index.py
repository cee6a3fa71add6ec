"""The search index: Pagefind run over the pages about to be committed.

Pagefind (https://pagefind.app, the ``pagefind[bin]`` package) reads HTML
pages and writes a static index cut into small files, which a reader's
browser fetches only when it searches: no server, and nothing loaded by
any page but the search page. It keeps one index per ``<html lang>``, so
each language searches its own pages, and reads only the part of a page
marked ``data-pagefind-body`` (the article of each document's page; see
the templates).

Pagefind runs on a folder of links to the pages as they will be once
committed (the staged file when a page changed, the output's otherwise),
beside the output; its files then go into the staging folder like every
other file the build makes. A failure leaves the output as it was.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..digest import digest
from ..errors import ContentError, Problem
from ..messages import Message
from ..pages.urls import SEARCH_FOLDER
from .output_folder import SEARCH_WORK, work_prefix
from .site_files import Files
from .write import Staging

FOLDER = SEARCH_FOLDER  # where the index lives in the output
ENTRY = "pagefind-entry.json"
# Pagefind's own ready-made interfaces: the theme has its own small one (static/js/search.js).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")


class SearchError(Exception):
    """The index could not be made; its message says why, for people."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def files(
    pages: Mapping[str, str], previous: Iterable[str], keep: Callable[[str, str], bool], staging: Staging
) -> Files:
    """The index of ``pages`` (each HTML file of the build and its page's fingerprint): every
    name, the names staged, and the fingerprint of each.

    The index is made from the HTML pages alone, so Pagefind runs again only
    when one of them changed: when the files of the ``previous`` build are
    still there as made (``keep(name, fingerprint)``) with the same
    fingerprint, they are kept. Raises ContentError when it cannot be made.
    """
    try:
        binary = program()
        fingerprint = digest(version(binary), *sorted(f"{rel}\0{made}" for rel, made in pages.items()))
        old = {name for name in previous if name.startswith(FOLDER)}
        if old and all(keep(name, fingerprint) for name in old):
            return Files(old, set(), dict.fromkeys(old, fingerprint))
        sources = {rel: staging.path_of(rel) for rel in pages}
        names, staged = index(binary, sources, staging.folder.parent, staging.put)
    except SearchError as error:
        raise ContentError([Problem("content/site.yaml", None,
            Message("search: {reason}").format(reason=error.message))]) from error
    return Files(names, staged, dict.fromkeys(names, fingerprint))


def program() -> Path:
    """The Pagefind binary that the ``pagefind[bin]`` package installed (or ``PAGEFIND_BINARY_PATH``)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None or not found.is_file():
        raise SearchError(
            Message("the site has a search page (sections: search), but Pagefind, which makes its index, "
              'is not installed; install it with: pip install "pagefind[bin]" (make build does), '
              "or remove search from sections")
        )
    return found


@functools.cache
def version(binary: Path) -> str:
    """``pagefind 1.5.2``: part of the index's fingerprint."""
    return _run([str(binary), "--version"], Path.cwd()).strip()


def index(
    binary: Path, pages: Mapping[str, Path], beside: Path, put: Callable[[str, Path], bool]
) -> tuple[set[str], set[str]]:
    """Index ``pages`` (output name -> the file holding its bytes) and ``put`` each index file.

    Works in a temporary folder in ``beside``; returns the names of the
    index files (``pagefind/...``) and those that ``put`` staged.
    """
    with tempfile.TemporaryDirectory(prefix=work_prefix(SEARCH_WORK), dir=beside) as temporary:
        work = Path(temporary).resolve()  # Pagefind runs in it: no path may be relative
        site, bundle = work / "site", work / "bundle"
        for rel, file in sorted(pages.items()):
            _link(file, site / rel)
        _run([str(binary), "--site", str(site), "--output-path", str(bundle), "--silent"], work)
        _stable_entry(bundle / ENTRY)
        files = {
            FOLDER + file.relative_to(bundle).as_posix(): file
            for file in sorted(bundle.rglob("*"))
            if file.is_file() and not file.name.startswith(UNUSED)
        }
        staged = {name for name, file in files.items() if put(name, file)}
    return set(files), staged


def _link(file: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(file, target)  # the staging folder and the output sit on one file system
    except OSError:
        shutil.copyfile(file, target)


def _run(command: list[str], cwd: Path) -> str:
    """Run Pagefind in ``cwd`` (so that no pagefind.yml of the site applies) without its settings
    from the environment, which would change the index behind the build's back."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchError(
            Message('Pagefind could not be started ({reason}); reinstall it: pip install "pagefind[bin]"').format(
                reason=str(exc))) from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SearchError(Message("Pagefind could not make the search index: {reason}").format(
            reason=" / ".join(said) if said else Message("no message")))
    return done.stdout


def _stable_entry(entry: Path) -> None:
    """Pagefind lists the languages in a different order each run: sort them, for identical output."""
    data = json.loads(entry.read_text("utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
