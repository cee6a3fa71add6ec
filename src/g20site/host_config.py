"""``g20site host-config nginx`` (or ``caddy``): the configuration a web server that reads nothing from the output
folder needs for this site (see render/host_files.py)."""

from __future__ import annotations

import datetime
from pathlib import Path

from .errors import ContentError, errors_in

SERVERS = ("nginx", "caddy")


def host_config(server: str, source: Path, base_url: str | None, root: str) -> str:
    """The snippet for ``server``, the output folder being ``root`` + the base path on the server;
    raise ContentError when the site has errors."""
    from .build.cache import Cache  # here, not above: the command line imports this module for every command
    from .load.site import load_site
    from .render import hosting
    from .render.host_files import caddy, nginx
    from .render.renderer import Renderer

    site, problems = load_site(source, drafts=False, base_url=base_url)
    errors = errors_in(problems)
    if site is None or errors:
        raise ContentError(errors)
    renderer = Renderer(site, Cache(None), datetime.datetime.now(datetime.UTC))  # the time shows nowhere
    serving = hosting.describe(site, hosting.inline_scripts(renderer.theme_sources()))
    return caddy(serving, root) if server == "caddy" else nginx(serving, root)
