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

import concurrent.futures
import functools
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..digest import digest
from ..errors import ContentError, Problem
from ..messages import Message
from ..pages.urls import SEARCH_FOLDER
from .output_folder import SEARCH_WORK, work_prefix
from .pagefind_service import ServiceError, index_files
from .site_files import Files
from .write import Staging

FOLDER = SEARCH_FOLDER  # where the index lives in the output
ENTRY = "pagefind-entry.json"
# Pagefind's own ready-made interfaces: the theme has its own small one (static/js/search.js).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
# The search engine itself: a bundle merged into the first one is searched with the first one's.
ENGINE = ("pagefind.js", "pagefind-worker.js", "wasm.")


class SearchError(Exception):
    """The index could not be made; its message says why, for people."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def files(
    pages: Mapping[str, tuple[str, str]], previous: Iterable[str], keep: Callable[[str, str], bool], staging: Staging,
    jobs: int = 1,
) -> Files:
    """The index of ``pages`` (each HTML page the index finds: its language and its page's
    fingerprint): every name, the names staged, and the fingerprint of each.

    The index is cut into bundles (see :func:`bundles`); Pagefind runs again only on a bundle one
    of whose pages changed: when the files of a bundle in the ``previous`` build are still there as
    made (``keep(name, fingerprint)``) with the same fingerprint, they are kept. Up to ``jobs``
    bundles are indexed at once (a Pagefind each: one works on one core). Raises ContentError
    when it cannot be made.
    """
    try:
        binary = program()
        made = version(binary)
        old: dict[str, set[str]] = {}  # the index files of the previous build, by bundle
        for name in previous:
            if name.startswith(FOLDER) and name != LISTING:
                old.setdefault(bundle_of(name), set()).add(name)
        found = Files()
        shared = bundles(pages)
        todo: dict[str, str] = {}  # the bundles to index again, and their fingerprints
        for folder, members in shared.items():
            fingerprint = digest(made, *sorted(f"{rel}\0{pages[rel][1]}" for rel in members))
            kept = old.get(folder, set())
            if kept and all(keep(name, fingerprint) for name in kept):
                found.names |= kept
                found.made |= dict.fromkeys(kept, fingerprint)
            else:
                todo[folder] = fingerprint

        def index_bundle(folder: str) -> tuple[set[str], set[str]]:
            sources = {rel: staging.path_of(rel) for rel in shared[folder]}
            return index(binary, sources, folder, staging.folder.parent, staging.put)

        with concurrent.futures.ThreadPoolExecutor(max(1, min(jobs, len(todo)))) as pool:
            for folder, (names, staged) in zip(todo, pool.map(index_bundle, todo), strict=True):
                found.names |= names
                found.staged |= staged
                found.made |= dict.fromkeys(names, todo[folder])
        found |= _listing(pages, shared, staging, keep)
    except SearchError as error:
        raise ContentError([Problem("content/site.yaml", None,
            Message("search: {reason}").format(reason=error.message))]) from error
    return found


def as_left(previous: Mapping[str, str], keep: Callable[[str, str], bool]) -> Files:
    """The index as the last build left it (``previous``: the files of that build and their fingerprints),
    when there is one and its files are all in the output as made (``keep``); else no file: for a preview
    that shows an edited page at once and brings the index up to date right after."""
    names = {name for name in previous if name.startswith(FOLDER)}
    if not all(keep(name, previous[name]) for name in names):
        return Files()
    return Files(names, set(), {name: previous[name] for name in names})


SHARD = 400  # pages of one language per bundle, about: Pagefind indexes that many in about a second
LISTING = FOLDER + "bundles.json"
EMPTY = "<!DOCTYPE html><html><body></body></html>"  # which bundles the search page merges, per language


def bundles(pages: Mapping[str, tuple[str, str]]) -> dict[str, list[str]]:
    """The bundles of the index (its folder in the output -> its pages), so that one edit indexes
    one bundle again, not the whole site.

    Each language's pages are spread over shares by a hash of their address, so that a new page
    moves no other (until the number of shares changes). The first share of every language is in
    the first bundle (``pagefind/``, which the search page loads), so it is a share of about
    SHARD / languages pages, and the others of about SHARD: every bundle holds about SHARD pages.
    Each other share is a bundle of its own (``pagefind/<lang>.<n>/``), merged into the first in
    the reader's browser (Pagefind's ``mergeIndex``) by the search pages of its language. A site of
    up to SHARD pages per language has one bundle, as a site indexed whole.
    """
    languages: dict[str, list[str]] = {}
    for rel, (lang, _) in sorted(pages.items()):
        languages.setdefault(lang, []).append(rel)
    found: dict[str, list[str]] = {FOLDER: []}
    spread = len(languages)
    for lang, members in languages.items():
        others = -(-(len(members) - SHARD // spread) // SHARD) if len(members) > SHARD else 0
        slots = others * spread + 1  # one for the first share, ``spread`` for each other
        for rel in members:
            slot = int(digest(rel)[:8], 16) % slots
            share = (slot - 1) // spread + 1 if slot else 0
            found.setdefault(f"{FOLDER}{lang}.{share}/" if share else FOLDER, []).append(rel)
    return found


_BUNDLE = re.compile(r"[^/]+\.[0-9]+")


def bundle_of(name: str) -> str:
    """The bundle an index file belongs to: ``pagefind/en.3/...`` to ``pagefind/en.3/``, others to ``pagefind/``."""
    first, _, rest = name[len(FOLDER):].partition("/")
    return f"{FOLDER}{first}/" if rest and _BUNDLE.fullmatch(first) else FOLDER


def _listing(pages: Mapping[str, tuple[str, str]], shared: Mapping[str, list[str]], staging: Staging,
             keep: Callable[[str, str], bool]) -> Files:
    """``pagefind/bundles.json``: the bundles (``shared``) besides the first, per language."""
    listed: dict[str, set[str]] = {}
    for folder, members in shared.items():
        for rel in members:
            if folder != FOLDER:
                listed.setdefault(pages[rel][0], set()).add(folder[len(FOLDER):])
    data = json.dumps({lang: sorted(folders, key=lambda f: int(f[:-1].rpartition(".")[2]))
                       for lang, folders in sorted(listed.items())}, separators=(",", ":")).encode()
    fingerprint = digest("bundles", data.decode())
    staged = set() if keep(LISTING, fingerprint) or not staging.put(LISTING, data) else {LISTING}
    return Files({LISTING}, staged, {LISTING: fingerprint})


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
    binary: Path, pages: Mapping[str, Path], folder: str, beside: Path, put: Callable[[str, bytes], bool]
) -> tuple[set[str], set[str]]:
    """Index ``pages`` (output name -> the file holding its bytes) as the bundle in ``folder`` of the
    output, and ``put`` each index file.

    Pagefind is given the pages from memory and gives the index back the same way (see
    ``pagefind_service.py``); it runs in a temporary folder in ``beside``. Returns the names of
    the index files (``pagefind/...``) and those that ``put`` staged.
    """
    documents = [(rel, file.read_text("utf-8")) for rel, file in sorted(pages.items())]
    with tempfile.TemporaryDirectory(prefix=work_prefix(SEARCH_WORK), dir=beside) as temporary:
        try:  # a site with nothing to find still gets an index that finds nothing
            made = index_files(binary, documents or [("index.html", EMPTY)], Path(temporary).resolve())
        except ServiceError as error:
            raise SearchError(Message("Pagefind could not make the search index: {reason}").format(
                reason=str(error) or Message("no message"))) from error
    unused = UNUSED if folder == FOLDER else UNUSED + ENGINE
    files = {folder + path: data for path, data in sorted(made.items()) if not Path(path).name.startswith(unused)}
    if folder + ENTRY not in files:
        raise SearchError(Message("Pagefind could not make the search index: {reason}").format(
            reason=Message("no message")))
    files[folder + ENTRY] = _stable_entry(files[folder + ENTRY])
    staged = {name for name, data in files.items() if put(name, data)}
    return set(files), staged


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


def _stable_entry(entry: bytes) -> bytes:
    """Pagefind lists the languages in a different order each run: sort them, for identical output."""
    data = json.loads(entry)
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
