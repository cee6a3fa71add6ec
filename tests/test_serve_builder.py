"""The preview's builder process: it forks the worker pool (the server, which runs threads, never
does), keeps its cache between rebuilds, is started again when it dies, and ends with the server,
on Ctrl-C and on SIGTERM as well, through the command line too."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from g20site.build.pipeline import Options, build
from g20site.build.workers import MIN_PER_WORKER
from g20site.serve import start, stop
from g20site.serve_http import PreviewServer

from .conftest import REPO, replace_in, snapshot

G20SITE = Path(sys.executable).parent / "g20site"
NOTE = "content/meetings/2022-01-18-rapat-koordinasi-humas-g20-meta.id.md"
NOTES = 40  # per language: with the fixture's own pages, more than 2 * MIN_PER_WORKER pages


def add_notes(site: Path) -> Path:
    """``NOTES`` more meeting notes in each language, so that a full build forks two workers."""
    for n in range(NOTES):
        day = f"2021-{n // 28 + 1:02d}-{n % 28 + 1:02d}"
        for lang, title in (("id", "Rapat"), ("en", "Meeting")):
            (site / f"content/meetings/{day}-rapat-{n}.{lang}.md").write_text(
                f"---\ntitle: {title} {n}\ndate: {day}\nsummary: {title} {n}.\n"
                f"participants: [A]\nagenda: [B]\ntags: [t{n % 5}]\n---\nText {n}.\n",
                "utf-8",
            )
    return site


@pytest.fixture
def big(site: Path) -> Path:
    return add_notes(site)


@pytest.fixture
def running(big: Path) -> Iterator[PreviewServer]:
    server = start(big, Options(jobs=2), "127.0.0.1", 0, say=lambda line: None)
    yield server
    stop(server)


def gone(pid: int, timeout: float = 10) -> bool:
    """Whether process ``pid`` has ended within ``timeout`` seconds (reaped, or a zombie about to be)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def staging(site: Path) -> bool:
    """Whether a build is under way: its staging folder exists beside the preview's output."""
    return any((site / ".g20site-cache").glob(".preview.g20site-staging-*"))


def wait_for(condition: Callable[[], bool], timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def edit_until_building(site: Path) -> None:
    """Change the base template (every page is rendered again) until the watcher has started that build."""
    for n in range(40):
        replace_in(site, "templates/base.html", "</body>", f"<!-- changed {n} --></body>")
        if wait_for(lambda: staging(site), timeout=0.5):
            return
    raise AssertionError("no rebuild started")


def test_the_builder_forks_its_workers_and_the_server_does_not(running: PreviewServer, big: Path) -> None:
    built = running.preview.built
    assert built is not None and built.ok and built.rendered > 2 * MIN_PER_WORKER
    assert built.processes == 2  # the first build, in two forked workers
    assert built.builder != os.getpid() and threading.active_count() > 1  # the server runs threads: no fork here
    replace_in(big, "templates/base.html", "</body>", "<!-- changed --></body>")  # every page again
    assert running.preview.rebuild() is True
    rebuilt = running.preview.built
    assert rebuilt is not None and rebuilt.rendered > 2 * MIN_PER_WORKER
    assert (rebuilt.processes, rebuilt.builder) == (2, built.builder)  # the same builder, two workers again
    assert "<!-- changed -->" in (running.preview.output / "en/index.html").read_text("utf-8")


def test_the_builder_keeps_its_cache_between_rebuilds(running: PreviewServer, big: Path) -> None:
    assert running.preview.rebuild() is True
    built = running.preview.built
    assert built is not None and (built.rendered, built.written) == (0, 0)
    replace_in(big, "content/meetings/2021-01-01-rapat-0.en.md", "Text 0.", "Text zero.")
    assert running.preview.rebuild() is True
    built = running.preview.built
    assert built is not None and (built.rendered, built.processes) == (1, 1)


def test_an_edit_is_shown_first_and_the_search_index_brought_up_to_date_next(tmp_path: Path) -> None:
    site = tmp_path / "bundled"
    for folder in ("content", "templates", "static"):  # the bundled site, which has a search page
        shutil.copytree(REPO / folder, site / folder)
    server = start(site, Options(), "127.0.0.1", 0, say=lambda line: None)
    try:
        assert server.preview.rebuild() is True
        index = server.preview.output / "pagefind"
        before = snapshot(index)
        assert before
        replace_in(site, NOTE, "Kementerian Sekretariat Negara", "Kementerian Sekretariat Negara (zirkonium)")
        assert server.preview.rebuild() is True  # answered once the page is written, before the index is made
        page = server.preview.output / "catatan-rapat/rapat-koordinasi-humas-g20-meta/index.html"
        assert "zirkonium" in page.read_text("utf-8")
        deadline = time.monotonic() + 60
        while _as_it_is(index) in (before, None):  # the builder brings the index up to date, unasked
            assert time.monotonic() < deadline, "the search index was not brought up to date"
            time.sleep(0.05)
        assert server.preview.rebuild() is True  # answered once that is done, which left nothing to do
        built = server.preview.built
        assert built is not None and (built.rendered, built.written) == (0, 0)
    finally:
        stop(server)
    build(site, tmp_path / "fresh", Options(use_cache=False, jobs=1))
    assert snapshot(server.preview.output) == snapshot(tmp_path / "fresh")


def _as_it_is(folder: Path) -> dict[str, bytes] | None:
    """The files of ``folder``; None while a build is replacing them."""
    try:
        return snapshot(folder)
    except FileNotFoundError:
        return None


def test_a_builder_that_died_is_reported_and_started_again(big: Path) -> None:
    said: list[str] = []
    server = start(big, Options(jobs=2), "127.0.0.1", 0, say=said.append)
    try:
        first = server.preview.builder.process
        assert first is not None and first.pid is not None
        os.kill(first.pid, signal.SIGKILL)
        first.join(10)
        assert server.preview.rebuild() is True
        restarted = "The builder process had stopped (exit code -9); a new one is started."
        assert restarted in said[-3:] and said[-1].startswith("Rebuilt in ")  # (the build's warnings between)
        built = server.preview.built
        assert built is not None and built.builder not in (0, first.pid)
    finally:
        stop(server)


def test_a_builder_that_dies_while_building_fails_that_build_only(big: Path) -> None:
    said: list[str] = []
    server = start(big, Options(jobs=2), "127.0.0.1", 0, say=said.append)
    try:
        process = server.preview.builder.process
        assert process is not None and process.pid is not None
        replace_in(big, "templates/base.html", "</body>", "<!-- changed --></body>")
        threading.Thread(target=lambda: wait_for(lambda: staging(big)) and os.kill(process.pid, signal.SIGKILL)).start()
        assert server.preview.rebuild() is False
        stopped = ("The builder process stopped unexpectedly (exit code -9); "
                   "it will be started again on the next change.")
        assert said[-1] == stopped
        panel = server.preview.error_panel("en").decode()
        assert "<h2" in panel and stopped in panel
        assert server.preview.rebuild() is True  # a new builder
        assert "<!-- changed -->" in (server.preview.output / "en/index.html").read_text("utf-8")
    finally:
        stop(server)


def test_stopping_the_preview_ends_the_builder(running: PreviewServer) -> None:
    process = running.preview.builder.process
    assert process is not None and process.pid is not None
    stop(running)
    assert not process.is_alive() and process.exitcode == 0
    assert running.preview.builder.process is None


def children(pid: int) -> set[int]:
    """The processes ``pid`` started (from any of its threads): the builder, and multiprocessing's
    resource tracker, which the ``spawn`` start method runs."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def builders(pid: int) -> set[int]:
    return {child for child in children(pid) if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()}


def serve(site: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """``g20site serve`` in a session of its own (as in a terminal); waits until it listens."""
    process = subprocess.Popen(
        [str(G20SITE), "--lang", "en", "serve", "--source", str(site), "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("Serving "), line + process.stderr.read() if process.stderr else ""
    return process, line


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_the_command_stops_cleanly_and_leaves_no_builder(big: Path, how: str) -> None:
    process, line = serve(big, "--jobs", "2", "--drafts", "--now", "2022-06-01T09:00", "--base-url",
                          "https://example.go.id/kampanye/")
    assert line.rstrip().endswith("/kampanye/ (Ctrl-C to stop)")
    assert (big / ".g20site-cache/preview/catatan-rapat/draf/index.html").is_file()  # --drafts reached the builder
    assert len(builders(process.pid)) == 1
    started = children(process.pid)
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # the terminal sends it to every process of the group
    else:
        process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.strip() == "Stopped." and "Traceback" not in err
    assert all(gone(pid) for pid in started)


def test_ctrl_c_during_a_rebuild_ends_the_builder_at_once(big: Path) -> None:
    process, _ = serve(big, "--jobs", "2")
    started = children(process.pid)
    edit_until_building(big)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.strip() == "Stopped." and "Traceback" not in err
    assert all(gone(pid) for pid in started)
    assert not staging(big)  # the interrupted build removed its staging folder
