"""Names of the build's own files: its cache folder beside the content, its manifest in the output."""

from __future__ import annotations

FOLDER = ".g20site-cache"  # the build cache, in the site folder
MANIFEST = ".g20site-manifest.json"  # in the output folder: what the builder made there
