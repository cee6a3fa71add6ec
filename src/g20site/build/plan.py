"""What ``build`` and ``check`` start from: the site read, and every page of it planned."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import Problem
from ..load.documents import Parsed
from ..load.model import Site
from ..render.renderer import Renderer
from .incremental import Fingerprints


@dataclass(frozen=True)
class Plan:
    """The site read, and every page of it planned: what ``build`` and ``check`` start from."""

    renderer: Renderer
    fingerprints: Fingerprints
    stamp: datetime.datetime | None  # SOURCE_DATE_EPOCH, when set: the DTSTAMP of calendars
    problems: list[Problem]  # warnings so far (errors have stopped the build)
    warnings: list[Problem]  # about the build cache
    loaded: list[Problem] = field(default_factory=list)  # what reading the site said (in ``problems`` too)
    read: Mapping[str, Parsed] = field(default_factory=dict)  # each content file read: what reading it said

    @property
    def site(self) -> Site:
        return self.renderer.site
