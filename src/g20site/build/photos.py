"""The files made of the site's photos: each in its sizes, and its clean copy at its own address.

Each file is named by what it is made of, so one the output already holds as made (``keep``,
from the page table of ``incremental.py``) is not made again, nor read; one the build cache
holds is copied from there; the others are encoded (``render/photos.py``), each photo decoded
once for all its files, photos side by side in forked processes, and kept in the cache for
the next build.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from ..errors import Problem
from ..load.images import UNREADABLE
from ..load.model import Site
from ..pages.photos import Variant, made_of
from ..render.photos import encode
from .cache import Cache
from .site_files import Files, Keep
from .workers import Sink

MOST_PROCESSES = 4  # a 48-megapixel photo took 0.4 GB while it was made: four at most at once
Work = tuple[Path, list[Variant]]  # a photo's file, and the files to make of it
Made = dict[str, bytes]  # a file's key in the cache -> its bytes


def photo_files(site: Site, cache: Cache, sink: Sink, keep: Keep, jobs: int = 1) -> tuple[Files, list[Problem]]:
    """Every file made of the photos of ``site``, put in ``sink`` unless ``keep`` says the output has
    it; and the warnings: a photo that cannot be decoded after all, the build cache's."""
    planned = {name: made_of(name, image) for name, image in sorted(site.images.items()) if image.photo}
    todo = {name: [v for v in made if not keep(v.name, v.fingerprint)] for name, made in planned.items()}
    found, warnings = _kept(cache, todo)
    work = {name: (site.root / "static" / name, [v for v in wanted if v.key not in found])
            for name, wanted in todo.items() if any(v.key not in found for v in wanted)}
    for encoded in _encoded(work, jobs).values():
        for key, data in encoded.items():
            warnings += cache.keep_photo(key, data)
        found |= encoded
    files = Files()
    for name, made in planned.items():
        if any(v.key not in found for v in todo[name]):  # it could not be decoded: left out, tried again next time
            warnings.append(Problem(f"static/{name}", None, UNREADABLE, "warning"))
            continue
        for variant in made:
            files.names.add(variant.name)
            files.made[variant.name] = variant.fingerprint
            if variant.key in found and sink.put(variant.name, found[variant.key]):
                files.staged.add(variant.name)
    cache.forget_photos({variant.key for made in planned.values() for variant in made})
    return files, warnings


def _kept(cache: Cache, todo: dict[str, list[Variant]]) -> tuple[Made, list[Problem]]:
    """The files of ``todo`` the build cache holds, and its warnings."""
    found: Made = {}
    problems: list[Problem] = []
    for wanted in todo.values():
        for variant in wanted:
            data, told = cache.photo(variant.key)
            problems += told
            if data is not None:
                found[variant.key] = data
    return found, problems


def _encoded(work: dict[str, Work], jobs: int) -> dict[str, Made]:
    """The files made of each photo of ``work``; several photos in forked processes when ``jobs`` allows."""
    processes = min(jobs, len(work), MOST_PROCESSES)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return {name: _encode(one) for name, one in work.items()}
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return dict(zip(work, pool.map(_encode, work.values(), chunksize=1), strict=True))


def _encode(work: Work) -> Made:
    """The files made of one photo; none if it cannot be decoded after all."""
    file, variants = work
    try:
        return encode(file.read_bytes(), variants)
    except Exception:  # noqa: BLE001 - a file damaged past its header may fail anywhere in Pillow's decoders
        return {}
