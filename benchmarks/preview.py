"""Time ``g20site serve``'s rebuilds as the preview makes them: ``python benchmarks/preview.py``.

A copy of the bundled site (``--site basic``: the test fixture with the theme; ``--source DIR``: a
site folder, such as ``benchmarks/.work/site-5000`` that ``make bench DOCS=5000`` generates) is served
on a free port, then for ``--runs`` runs a meeting note is edited and the preview rebuilt, and
rebuilt once more with nothing changed (``--pause``: seconds to wait before each edit, as a person
editing does, so that the builder has brought the search index up to date). Figures are the median
and the least of those times, measured in the server's process (so they include asking the builder
process and receiving its answer), and that round trip's cost: the time less the builder's own time for
the build.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from g20site.build.pipeline import Options
from g20site.serve import start, stop

REPO = Path(__file__).resolve().parent.parent


def lay_out(site: Path, which: str) -> None:
    if which == "basic":  # as tests/conftest.py's copy_site does
        shutil.copytree(REPO / "tests/sites/basic", site)
    for name in ("templates", "static") if which == "basic" else ("content", "templates", "static"):
        shutil.copytree(REPO / name, site / name, dirs_exist_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", choices=["bundled", "basic"], default="bundled")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--source", type=Path, help="a site folder to copy and serve instead")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds to wait before each edit, as a person does (the builder finishes its work)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=REPO / "benchmarks") as folder:  # (on the project's disk)
        site = Path(folder) / "site"
        if args.source:
            shutil.copytree(args.source, site, ignore=shutil.ignore_patterns(".g20site-cache"))
        else:
            lay_out(site, args.site)
        note = sorted((site / "content/meetings").glob("*.en.md"))[0]
        started = time.perf_counter()
        server = start(site, Options(jobs=args.jobs), "127.0.0.1", 0, say=lambda line: None)
        first = time.perf_counter() - started
        edits, unchanged, round_trips = [], [], []
        try:
            for run in range(args.runs):
                time.sleep(args.pause)
                note.write_text(note.read_text("utf-8") + f"\nEdit {run}.\n", "utf-8")
                started = time.perf_counter()
                assert server.preview.rebuild()
                edits.append(time.perf_counter() - started)
                built = server.preview.built
                assert built is not None
                round_trips.append(edits[-1] - built.seconds)
                started = time.perf_counter()
                assert server.preview.rebuild()
                unchanged.append(time.perf_counter() - started)
        finally:
            stop(server)
    print(f"{args.source or args.site} site, jobs={args.jobs}, {args.runs} runs")
    print(f"first build (before listening): {first * 1000:.0f} ms")
    for name, times in (("one edit", edits), ("no change", unchanged), ("round trip", round_trips)):
        print(f"{name}: median {statistics.median(times) * 1000:.1f} ms, least {min(times) * 1000:.1f} ms")


if __name__ == "__main__":  # the builder process is started with spawn, which imports this module again
    main()
