"""The problems of a file as it would be saved: the messages ``g20site check`` gives for it.

The file's own checks (``load/documents.py``), and those that need the site: a fact check's
verdict is one of site.yaml's, an image is a file of static/. What a draft still lacks is said
as ``check --drafts`` says it (a warning: the draft is not shown until then).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, errors_in
from ..load import entries
from ..load.confine import files_below
from ..load.documents import parse_text
from ..load.settings import SiteConfig
from ..load.site import missing_image, unfinished


def problems_of(root: Path, config: SiteConfig, kind: str, path: str, text: str) -> list[Problem]:
    """Every problem ``check --drafts`` would report for ``path`` holding ``text``."""
    doc, found = parse_text(kind, path, text)
    if doc is None:
        return found
    entries.check_entries(config, [doc], found)
    if doc.image:
        static = tuple(files_below(root, root / "static", []))
        if doc.image not in static:
            found.append(Problem(doc.path, doc.image_line, missing_image(doc.image, static)))
    if doc.draft:
        found += [unfinished(gap) for gap in doc.gaps]
    return [p for p in found if p.path == path]


def refused(problems: list[Problem]) -> bool:
    """The build would refuse the file: save refuses it too."""
    return bool(errors_in(problems))
