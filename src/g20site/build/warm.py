"""Builds in a process that stays up (``g20site serve``'s builder): the site kept from one build to the next.

After each good build such a process keeps what it read and made (:class:`Kept`): the site and its
renderer, what reading each document said, the page table as the output holds it, the names of the
output's files and its manifest, and a stamp of every input file and folder (as ``unchanged.py`` stamps
them: size, modification and change times, mode, inode).

The next build that shows an edit first (``Options.search_now`` False) stamps the inputs again. When the
only files that changed are documents that read as before but for their bodies (the same front matter,
and reading them says the same), it puts them into the kept site, says again what reading the site says
of bodies (a translation out of date, a picture left out named in a body) for the documents concerned,
and checks that everything a page may show besides its own documents is as before
(``Fingerprints.site_digest``); then it renders the pages that show them and writes those, with
whatever feeds, calendars and sitemaps their fingerprints say changed.
It does not read the other documents, plan the routes again or look at every file of the output: that
is what makes an edit show in a fraction of a second on a site of ten thousand pages. Anything else (a
new, removed or renamed file or folder, a front matter edit, a template, ``static/``, ``site.yaml``) is a full
incremental build.

Such a quick build takes the output folder as this process left it: a folder removed, or whose manifest is
not the one this process left, means a full build; a file changed there by hand (or by another build into the
same folder) is put right by the full build that follows. It leaves the search index as it was too: its
result asks for that full build (``Result.search_later``), which ``g20site serve`` runs after each quick one.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Set
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..load.documents import Parsed, read_again
from ..load.images import references
from ..load.model import Document, Site
from ..load.translation_status import out_of_date, path_in
from . import unchanged
from .plan import Plan

Stamps = dict[str, tuple[unchanged.Stamp, int]]  # input file or folder -> (stamp, latest change in ns)


@dataclass(frozen=True)
class Kept:
    """What a good build left, as the next build in the same process finds it."""

    settings: tuple[Any, ...]  # the source and output folders, and the options that change the output
    stamps: Stamps  # of the inputs, taken before they were read
    taken: int  # when (ns): a file changed within RACY_NS of it is read again whatever its stamp says
    plan: Plan
    table: dict[str, Any]  # the page table (PageTable.record)
    names: frozenset[str]  # every file of the output
    manifest: tuple[int, int, int, int] | None  # of the output folder as left (write.manifest_stamp)
    by_path: dict[str, Document] = field(default_factory=dict)  # every document read, by its path
    checked: bool = False  # the output is all as made, the search index too: no build need follow this one


class Warm:
    """Where a process that builds again and again keeps :class:`Kept` between builds."""

    def __init__(self) -> None:
        self.kept: Kept | None = None

    @staticmethod
    def thaw() -> None:
        """Before a full build: what the last one left may be collected again."""
        gc.unfreeze()

    @staticmethod
    def freeze() -> None:
        """After a full build: what it left is kept out of the garbage collector's passes, which would
        otherwise walk through millions of objects (the site, its renderer, the cache) in the middle of a
        quick build; :meth:`thaw` lets it go again."""
        gc.freeze()

    @staticmethod
    def stamp(source: Path) -> tuple[Stamps | None, int]:
        """The inputs' stamps (None when they cannot be told: a link among them), and the moment."""
        taken = time.time_ns()
        return unchanged.input_stamps(source), taken


def changed_files(kept: Kept, stamps: Stamps) -> set[str]:
    """The input files added, removed or changed since ``kept`` was stamped, and those changed so
    shortly before that a second change may have left the same stamp ("racily clean", as git says)."""
    racy = kept.taken - unchanged.RACY_NS
    old = kept.stamps
    found = old.keys() ^ stamps.keys()
    found |= {path for path, (stamp, when) in stamps.items() if when > racy or old.get(path, ("",))[0] != stamp}
    return found


def with_bodies(kept: Kept, source: Path, changed: set[str]) -> tuple[Site, list[Problem], dict[str, Parsed]] | None:
    """The kept site with the documents ``changed`` read again, the problems of reading the site, and
    what reading each of them said; None unless each is a document of the site whose file reads as
    before but for its body."""
    site = kept.plan.site
    read: dict[str, Parsed] = {}
    for path in changed:
        old, before = kept.by_path.get(path), kept.plan.read.get(path)
        if old is None or before is None:
            return None
        try:
            doc, problems = read_again(source, old)
        except OSError:
            return None
        if doc is None or doc.meta_digest != old.meta_digest or problems != before[1]:
            return None
        read[path] = (doc, problems)
    new: dict[str, Document] = {path: doc for path, (doc, _) in read.items() if doc is not None}
    again = replace(site, documents=_swapped(site.documents, new), left_out=_swapped(site.left_out, new))
    # what reading the site says of the bodies (load_site's out_of_date and references) is said again for the
    # documents that share a key with a changed one: their translations, and their sources
    codes = site.config.codes
    group = [path_in(doc, code) for doc in new.values() for code in codes]
    was = [kept.by_path[path] for path in dict.fromkeys(group) if path in kept.by_path]
    earlier = _said_of_bodies(site, kept.plan.renderer.by_file.keys(), was)
    problems = [p for p in kept.plan.loaded if p not in earlier]
    problems += _said_of_bodies(site, kept.plan.renderer.by_file.keys(), [new.get(doc.path, doc) for doc in was])
    return again, problems, read


def _said_of_bodies(site: Site, published: Set[str], documents: list[Document]) -> list[Problem]:
    """What reading the site says of ``documents`` that depends on their bodies: a translation out of date, a
    picture left out of the site named in a body (the same documents are published before and after)."""
    shown = [doc for doc in documents if doc.path in published]
    return out_of_date(site.config, shown, documents) + references(shown, site.images)


def _swapped(documents: tuple[Document, ...], new: dict[str, Document]) -> tuple[Document, ...]:
    if not any(doc.path in new for doc in documents):
        return documents
    return tuple(new.get(doc.path, doc) for doc in documents)
