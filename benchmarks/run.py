"""Time g20site on a synthetic bilingual site: ``make bench`` (``DOCS=5000`` for the full size).

Figures, each the median of ``--runs`` runs:

- baseline: one process converting every document's Markdown with the
  extensions g20site uses, nothing else (measured here, in this run);
- cold: a full build with no cache and no output folder, as a ratio to
  the baseline, and in ms per page; once as the site is (a share image
  per page, drawn with Pillow) and once with ``share_images: false``, which
  leaves Markdown and templates as the work, as the target supposes;
- no change: a rebuild with nothing changed;
- one edit: a rebuild after one document's body changed, with the number
  of files it wrote;
- the same two in a process that stays up between builds, as ``g20site
  serve`` does (``--in-process`` figures): no start-up, caches in memory;
- peak memory: the most the build's processes held at once (proportional
  set size, so pages shared between workers count once).

The site lives in ``benchmarks/.work/`` (ignored by git), on the same disk
as the project.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import markdown
from markdown.extensions.toc import slugify_unicode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from g20site.render.markdown import EXTENSIONS  # noqa: E402

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
G20SITE = Path(sys.executable).parent / "g20site"
TARGETS = {
    "cold ratio": 0.6,
    "cold, no share": 0.6,
    "no change": 1.0,
    "one edit": 0.5,
    "no change, serve": 1.0,
    "one edit, serve": 0.5,
    "peak memory MB": 500,
}


def baseline(site: Path) -> float:
    """Seconds one process takes to convert every note's Markdown, nothing else."""
    bodies = []
    for file in sorted((site / "content" / "meetings").glob("*.md")):
        bodies.append(file.read_text("utf-8").split("\n---\n", 1)[1])
    converter = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"slugify": slugify_unicode}})
    started = time.perf_counter()
    for body in bodies:
        converter.reset().convert(body)
    return time.perf_counter() - started


class PeakMemory(threading.Thread):
    """Samples the proportional set size of a process and its children."""

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


def build(site: Path, output: Path, jobs: int) -> tuple[float, int, str]:
    """One `g20site build`: seconds, peak bytes, its summary line."""
    command = [str(G20SITE), "build", "--source", str(site), "--output", str(output)]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    memory.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    memory.done.set()
    memory.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{out}{err}")
    return seconds, memory.peak, out.strip().splitlines()[-1]


def in_process(site: Path, output: Path, jobs: int, notes: list[Path], runs: int) -> tuple[list[float], list[float]]:
    """No-change and one-edit rebuilds in this process, with one cache kept in memory."""
    from g20site.build.cache import Cache
    from g20site.build.pipeline import Options
    from g20site.build.pipeline import build as build_site

    options = Options(jobs=jobs, cache=Cache.for_site(site, keep_in_memory=True))
    build_site(site, output, options)
    unchanged, edits = [], []
    for run in range(runs):
        started = time.perf_counter()
        build_site(site, output, options)
        unchanged.append(time.perf_counter() - started)
        target = notes[(run * 104729 + 17) % len(notes)]
        target.write_text(target.read_text("utf-8") + f"\nEdited in process, run {run}.\n", "utf-8")
        started = time.perf_counter()
        result = build_site(site, output, options)
        edits.append(time.perf_counter() - started)
        assert result.report is not None and result.report.written <= 3, result.report
    return unchanged, edits


def written(summary: str) -> int:
    match = re.search(r": ([\d,]+) files written", summary)
    return int(match.group(1).replace(",", "")) if match else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000, help="documents per language (default 1000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="g20site build --jobs (default: every core)")
    args = parser.parse_args()

    site, output = WORK / f"site-{args.docs}", WORK / f"public-{args.docs}"
    print(f"Generating {args.docs:,} documents x 2 languages in {site} ...", flush=True)
    generate(site, args.docs)
    pages = 2 * args.docs
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} cores, Python {sys.version.split()[0]}, jobs {args.jobs or cores}", flush=True)

    base = statistics.median(baseline(site) for _ in range(args.runs))
    cold, peaks, unchanged, edits, edit_writes = [], [], [], [], []
    note = sorted((site / "content" / "meetings").glob("*.id.md"))
    for run in range(args.runs):
        shutil.rmtree(site / ".g20site-cache", ignore_errors=True)
        shutil.rmtree(output, ignore_errors=True)
        seconds, peak, _ = build(site, output, args.jobs)
        cold.append(seconds)
        peaks.append(peak)
        seconds, peak, _ = build(site, output, args.jobs)
        unchanged.append(seconds)
        peaks.append(peak)
        target = note[(run * 7919) % len(note)]
        target.write_text(target.read_text("utf-8") + f"\nEdited in run {run}.\n", "utf-8")
        seconds, peak, summary = build(site, output, args.jobs)
        edits.append(seconds)
        edit_writes.append(written(summary))
        peaks.append(peak)

    serve_unchanged, serve_edits = in_process(site, output, args.jobs, note, args.runs)
    bare = WORK / f"site-{args.docs}-no-share"
    shutil.rmtree(bare, ignore_errors=True)
    shutil.copytree(site, bare, ignore=shutil.ignore_patterns(".g20site-cache"))
    settings = bare / "content" / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + "\nshare_images: false\n", "utf-8")
    cold_bare = []
    for _ in range(args.runs):
        shutil.rmtree(bare / ".g20site-cache", ignore_errors=True)
        shutil.rmtree(output, ignore_errors=True)
        cold_bare.append(build(bare, output, args.jobs)[0])
    figures = {
        "cold ratio": statistics.median(cold) / base,
        "cold, no share": statistics.median(cold_bare) / base,
        "no change": statistics.median(unchanged),
        "one edit": statistics.median(edits),
        "no change, serve": statistics.median(serve_unchanged),
        "one edit, serve": statistics.median(serve_edits),
        "peak memory MB": max(peaks) / 2**20,
    }
    print()
    each = 1000 * base / pages
    print(f"baseline (Markdown only, 1 process): {base:.2f} s for {pages:,} documents ({each:.2f} ms each)")
    for label, times in (("cold build", cold), ("cold build, no share images", cold_bare)):
        print(f"{label}: {statistics.median(times):.2f} s ({1000 * statistics.median(times) / pages:.2f} ms per page)")
    print(f"one edit wrote {statistics.median(edit_writes):.0f} files")
    print()
    print(f"{'figure':<18}{'median':>10}{'target':>10}  ")
    for name, value in figures.items():
        verdict = "ok" if value <= TARGETS[name] else "MISSED"
        print(f"{name:<18}{value:>10.2f}{TARGETS[name]:>10.2f}  {verdict}")


if __name__ == "__main__":
    main()
