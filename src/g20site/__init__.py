"""g20site: a static site generator for bilingual campaign microsites."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("g20site")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
