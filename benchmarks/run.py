"""Time g20site on a synthetic bilingual site as users run it: ``make bench`` (``DOCS=5000`` for the full size).

The site is the bundled one as shipped (search and share images on) plus
DOCS generated meeting notes per language. Each figure is the median of
``--runs`` runs:

- cold: a full build with no cache and no output folder, as shipped, then
  with search off, share images off, and both off;
- no change: a rebuild with nothing changed;
- one edit: a rebuild after one document's body changed, with the number
  of files it wrote;
- the same two in a process that stays up between builds, as ``g20site
  serve`` does: no start-up, caches in memory;
- CI: a build with the build cache of the last one but no output folder,
  as in CI that keeps ``.g20site-cache/`` between runs;
- peak memory: the most the build's processes held at once, Pagefind's
  included (proportional set size, so pages shared between workers count once);
- the processor time of the cold build as shipped, in the program and in the
  kernel, and what creating a file costs the kernel on this disk and in memory
  (``/dev/shm``): a cold build creates about six files and folders a page;
- Pelican 4, cold, on the same notes, in the same run (installed into
  ``benchmarks/.work/pelican``), and Hugo when the machine has ``hugo``.

The table is printed and written to ``benchmarks/last-run-<DOCS>.txt``. The
sites live in ``benchmarks/.work/`` (ignored by git), on the same disk as
the project.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from peers import hugo_cold, pelican_cold  # noqa: E402

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
G20SITE = Path(sys.executable).parent / "g20site"
VARIANTS = {  # name -> what its settings turn off
    "everything on (as shipped)": (),
    "search off": ("search",),
    "share images off": ("share",),
    "search and share images off": ("search", "share"),
}


class PeakMemory(threading.Thread):
    """Samples the proportional set size of a process and all its children (workers, Pagefind)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, sum(_pss(pid) for pid in _tree(self.pid)))
            time.sleep(0.02)


def _tree(root: int) -> list[int]:
    pids = [root]
    try:
        children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
    except OSError:
        return pids
    for child in children:
        pids += _tree(int(child))
    return pids


def _pss(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else 0


def timed(command: list[str]) -> tuple[float, int, str]:
    """Run ``command``: seconds, peak bytes of its processes, its output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    memory.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    memory.done.set()
    memory.join()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{out}{err}")
    return seconds, memory.peak, out


def build(site: Path, output: Path, jobs: int) -> tuple[float, int, str]:
    """One `g20site build`: seconds, peak bytes, what it printed."""
    command = [str(G20SITE), "build", "--source", str(site), "--output", str(output)]
    return timed(command + (["--jobs", str(jobs)] if jobs else []))


def cold(site: Path, output: Path, jobs: int) -> tuple[float, int]:
    shutil.rmtree(site / ".g20site-cache", ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    seconds, peak, _ = build(site, output, jobs)
    return seconds, peak


def in_process(site: Path, output: Path, jobs: int, notes: list[Path], runs: int
               ) -> tuple[list[float], list[float], list[float]]:
    """No-change and one-edit rebuilds in this process, with one cache kept in memory, as the builder
    process of ``g20site serve`` makes them: the edited page first (the browser reloads then), the search
    index brought up to date by the next build. The seconds of each, and of each search update."""
    from g20site.build.cache import Cache
    from g20site.build.pipeline import Options
    from g20site.build.pipeline import build as build_site
    from g20site.build.warm import Warm

    options = Options(jobs=jobs, cache=Cache.for_site(site, keep_in_memory=True), search_now=False, warm=Warm())
    build_site(site, output, options)
    unchanged, edits, searches = [], [], []
    for run in range(runs):
        started = time.perf_counter()
        build_site(site, output, options)
        unchanged.append(time.perf_counter() - started)
        edit(notes[(run * 104729 + 17) % len(notes)], f"Edited in process, run {run}.")
        started = time.perf_counter()
        later = build_site(site, output, options).search_later
        edits.append(time.perf_counter() - started)
        started = time.perf_counter()
        if later:
            build_site(site, output, dataclasses.replace(options, search_now=True))
        searches.append(time.perf_counter() - started)
    return unchanged, edits, searches


def edit(note: Path, words: str) -> None:
    note.write_text(note.read_text("utf-8") + f"\n{words}\n", "utf-8")


def written(summary: str) -> int:
    match = re.search(r": ([\d,]+) files written", summary)
    return int(match.group(1).replace(",", "")) if match else -1


def without(settings: str, off: tuple[str, ...]) -> str:
    """Site settings with the search page and/or the share images turned off."""
    if "search" in off:
        settings = _without_search(settings)
    if "share" in off:
        settings += "\nshare_images: false\n"
    return settings


def _without_search(settings: str) -> str:
    kept, skipping = [], False
    for line in settings.splitlines(keepends=True):
        if line.startswith("  search:"):
            skipping = True
            continue
        if skipping and line.startswith("    "):
            continue
        skipping = False
        if line.strip() != "- section: search":
            kept.append(line)
    return "".join(kept)


def variant(site: Path, name: str, off: tuple[str, ...]) -> Path:
    """A copy of ``site`` with ``off`` turned off in its settings."""
    copy = WORK / f"{site.name}-{name}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".g20site-cache"))
    settings = copy / "content" / "site.yaml"
    settings.write_text(without(settings.read_text("utf-8"), off), "utf-8")
    return copy


def creating(where: Path, folders: int = 1000) -> float:
    """Seconds the making of one file takes in ``where`` (the files of a page: its folder, the page and
    two compressed copies), over ``folders`` pages; 0 when ``where`` is not there (shown as n/a). Run last: the files it
    removes would slow the next build's (a file system without a journal avoids reusing them for a while)."""
    if not where.is_dir():
        return 0.0
    probe = Path(tempfile.mkdtemp(prefix="g20site-bench-", dir=where))
    data = bytes(4096)
    try:
        started = time.perf_counter()
        for number in range(folders):
            folder = probe / str(number)
            folder.mkdir()
            for name in ("index.html", "index.html.br", "index.html.gz"):
                (folder / name).write_bytes(data)
        return (time.perf_counter() - started) / (folders * 4)
    finally:
        shutil.rmtree(probe)


def median(values: list[float]) -> float:
    return statistics.median(values)


class Report:
    """Lines printed as they come and kept for the last-run file."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)


def table(say: Report, rows: list[tuple[str, str, str, Callable[[], bool] | None]]) -> None:
    say(f"| {'figure':<58} | {'measured':<28} | {'target':<14} |")
    say(f"|{'-' * 60}|{'-' * 30}|{'-' * 16}|")
    for figure, measured, target, met in rows:
        verdict = "" if met is None else (" ok" if met() else " MISSED")
        say(f"| {figure:<58} | {measured:<28} | {target + verdict:<14} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000, help="documents per language (default 1000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="g20site build --jobs (default: every core)")
    args = parser.parse_args()
    # A user's Python keeps the compiled modules of g20site and Pelican: a run without them
    # would measure compiling every module in every build.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    say = Report()

    site, output = WORK / f"site-{args.docs}", WORK / f"public-{args.docs}"
    print(f"Generating {args.docs:,} documents x 2 languages in {site} ...", flush=True)
    generate(site, args.docs)
    cores = len(os.sched_getaffinity(0))
    say(f"make bench DOCS={args.docs}: {cores} cores, Python {sys.version.split()[0]}, "
        f"jobs {args.jobs or cores}, medians of {args.runs} runs")

    notes = sorted((site / "content" / "meetings").glob("*.id.md"))
    colds: dict[str, list[float]] = {name: [] for name in VARIANTS}
    copies = {name: variant(site, "-".join(off), off) for name, off in list(VARIANTS.items())[1:]}
    peaks, unchanged, edits, edit_writes, ci_warm = [], [], [], [], []
    pelican, cpu = [], []
    for run in range(args.runs):  # the peers and the variants in turn in each run: the machine drifts
        pelican.append(pelican_cold(site, WORK))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)  # (the build's workers and Pagefind included)
        seconds, peak = cold(site, output, args.jobs)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
        colds["everything on (as shipped)"].append(seconds)
        peaks.append(peak)
        for name, copy in copies.items():
            colds[name].append(cold(copy, copy / "public", args.jobs)[0])
        seconds, peak, _ = build(site, output, args.jobs)
        unchanged.append(seconds)
        edit(notes[(run * 7919) % len(notes)], f"Edited in run {run}.")
        seconds, peak, summary = build(site, output, args.jobs)
        edits.append(seconds)
        edit_writes.append(written(summary))
        shutil.rmtree(output)  # as in CI with the build cache kept between runs, and the output not
        ci_warm.append(build(site, output, args.jobs)[0])
    for copy in copies.values():
        shutil.rmtree(copy)
    serve_unchanged, serve_edits, serve_searches = in_process(site, output, args.jobs, notes, args.runs)

    hugo = [seconds for seconds in (hugo_cold(site, WORK) for _ in range(args.runs)) if seconds is not None]
    all_on, all_off = median(colds["everything on (as shipped)"]), median(colds["search and share images off"])
    pages = re.search(r"Built ([\d,]+) pages", build(site, output, args.jobs)[2])
    say(f"{pages.group(1) if pages else '?'} pages; one edit wrote {median(edit_writes):.0f} files")
    say()
    rows: list[tuple[str, str, str, Callable[[], bool] | None]] = []
    for name in VARIANTS:
        seconds = median(colds[name])
        rows.append((f"cold build, {name}", f"{seconds:.2f} s ({seconds / median(pelican):.2f}x Pelican)",
                     {"everything on (as shipped)": "<= 0.6x", "search and share images off": "<= 0.35x"}.get(name, ""),
                     None))
    rows[0] = (*rows[0][:3], lambda: all_on / median(pelican) <= 0.6)
    rows[3] = (*rows[3][:3], lambda: all_off / median(pelican) <= 0.35)
    rows.insert(1, ("  its processor time: in the program / in the kernel",
                    f"{median([user for user, _ in cpu]):.1f} s / {median([kernel for _, kernel in cpu]):.1f} s", "",
                    None))
    rows += [
        ("Pelican 4 cold, same notes", f"{median(pelican):.2f} s", "", None),
        ("Hugo cold, same notes", f"{median(hugo):.2f} s" if hugo else "no hugo on this machine", "", None),
        ("cold, everything on, vs Hugo", f"{all_on / median(hugo):.2f}x" if hugo else "n/a", "<= 3x",
         (lambda: all_on / median(hugo) <= 3) if hugo else None),
        ("nothing changed, `g20site build`", f"{median(unchanged):.2f} s", "<= 0.5 s",
         lambda: median(unchanged) <= 0.5),
        ("one body edit, everything on, `g20site build`", f"{median(edits):.2f} s", "<= 1.0 s",
         lambda: median(edits) <= 1.0),
        ("CI: build cache kept, output folder new, no edit", f"{median(ci_warm):.2f} s", "", None),
        ("nothing changed, in the serve process", f"{median(serve_unchanged):.2f} s", "", None),
        ("one body edit, in the serve process, until the page is updated", f"{median(serve_edits):.2f} s",
         "<= 0.3 s", lambda: median(serve_edits) <= 0.3),
        ("  then the search index brought up to date", f"{median(serve_searches):.2f} s", "", None),
        ("creating a file and writing 4 KiB: on this disk / in memory",
         " / ".join(f"{seconds * 1e6:.0f} us" if seconds else "n/a" for seconds in (
             creating(WORK), creating(Path("/dev/shm")))), "", None),
        ("peak memory, all processes incl. Pagefind (cold, as shipped)", f"{max(peaks) / 2**20:.0f} MB",
         "<= 500 MB", lambda: max(peaks) / 2**20 <= 500),
    ]
    table(say, rows)
    (HERE / f"last-run-{args.docs}.txt").write_text("\n".join(say.lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
