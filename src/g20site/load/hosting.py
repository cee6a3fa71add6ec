"""How the site is published, as ``site.yaml`` says it, plus problems.

```yaml
hosting:
  precompress: true     # .gz and .br copies beside the text files, for servers that send them as they are
  _headers: true        # Netlify and Cloudflare Pages: caching and security headers
  _redirects: true      # Netlify: the 404 page of each language
  .htaccess: true       # Apache: all of it
```

Everything is on unless turned off; a site without ``hosting:`` gets it all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from . import schema
from .sources import Data

HOST_FILES = ("_headers", "_redirects", ".htaccess")  # written into the output, each unless turned off
KEYS = ("precompress", *HOST_FILES)


@dataclass(frozen=True)
class Hosting:
    precompress: bool = True  # a .gz and a .br copy of each text file worth it
    host_files: tuple[str, ...] = HOST_FILES  # the host files to write


def read_hosting(data: Data, value: Any, problems: list[Problem]) -> Hosting:
    """The ``hosting:`` settings; every switch ``true`` or ``false``, each on when not given."""
    if value is None:
        return Hosting()
    table = schema.mapping(data, ("hosting",), value, problems) or {}
    schema.unknown_keys(data, ("hosting",), table, KEYS, problems)
    on = {key: schema.boolean(data, ("hosting", key), table.get(key, True), problems) for key in KEYS}
    return Hosting(on["precompress"], tuple(name for name in HOST_FILES if on[name]))
