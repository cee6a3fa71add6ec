"""The preview's builder process: where ``g20site serve`` builds, away from its threads.

The server answers HTTP requests and watches the files in threads, and a
process that runs threads must not fork: a child forked while another
thread holds a lock (of the allocator, of an import, of a stream) may wait
on it for ever. The build forks its pool of workers (``build/workers.py``),
so it runs in a process of its own, started with ``spawn``: a fresh
interpreter that runs no thread of its own and so may fork freely.

That process lives as long as the preview and keeps the build cache in
memory between builds, so a rebuild costs what it cost in the server's
process. The server sends it ``BUILD`` through a pipe and receives a
:class:`Built` (problems stay :class:`~g20site.errors.Problem` objects,
put into words in each page's language by the server); ``STOP`` ends it,
and so does the end of the pipe (the server gone). The builder ignores
Ctrl-C, which the terminal sends to every process of the group: the server
decides when it ends. SIGTERM ends it at once, its build unwound (the
worker pool ended, the staging folder removed, the output as it was).

If the builder dies, the build it was doing is reported failed and a new
builder is started by the next build; when none can be started, the
server is told that it cannot build.
"""

from __future__ import annotations

import atexit
import dataclasses
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import util
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from .build.cache import Cache
from .build.pipeline import Options, Result, build
from .build.warm import Warm
from .errors import ContentError, Problem
from .load.site import load_config
from .messages import Message, current, use

BUILD, STOP = "build", "stop"
GRACE = 5.0  # seconds a builder is given to end before it is made to
STOPPED = Message("The builder process stopped unexpectedly (exit code {code}); "
                  "it will be started again on the next change.")
RESTARTED = Message("The builder process had stopped (exit code {code}); a new one is started.")
CANNOT_START = Message("The preview cannot build: its builder process could not start ({reason}). "
                       "Stop g20site serve and start it again.")
ENDED_EARLY = Message("The preview cannot build: its builder process ended before its first build "
                      "(exit code {code}). Stop g20site serve and start it again.")
CLOSED = Message("The preview has stopped.")
UNWRITABLE = Message("The site could not be built: {error}")


@dataclass(frozen=True)
class Built:
    """What one build tells the server."""

    ok: bool
    problems: list[Problem] = field(default_factory=list)  # a failed build's errors and warnings; a good one's warnings
    trouble: Message | None = None  # why the site could not be built at all (not the content's fault)
    base_path: str = "/"  # the path of base_url (after a failed build too, when site.yaml reads)
    languages: tuple[str, ...] = ()  # the site's languages, the default first (likewise)
    rendered: int = 0  # pages rendered
    written: int = 0  # files written
    seconds: float = 0.0  # the build's time, in the builder
    processes: int = 0  # processes that rendered the pages: 1, or the forked workers
    builder: int = 0  # the builder's process id


class Builder:
    """The builder process, seen from the server: started by the first build, again after it died."""

    def __init__(self, source: Path, output: Path, options: Options, say: Callable[[str], None]) -> None:
        self.source, self.output, self.say = source, output, say
        self.options = dataclasses.replace(options, cache=None, progress=None)  # the builder has its own cache
        self.process: BaseProcess | None = None
        self.connection: Connection | None = None
        self.answered = False  # the process has finished a build
        self.busy = False  # a build was asked for and its answer is not in
        self.closed = False
        self.lock = threading.Lock()  # one build at a time

    def build(self) -> Built:
        """Build once, in the builder process."""
        with self.lock:
            if self.process is not None and not self.process.is_alive():
                self.say(RESTARTED.format(code=self._forget()).text())
            if self.closed:
                return Built(False, trouble=CLOSED)
            try:
                connection = self.connection or self._start()
            except OSError as error:
                return Built(False, trouble=CANNOT_START.format(reason=error.strerror or str(error)))
            self.busy = True  # stays set if this thread is interrupted: close() then ends the builder at once
            try:
                connection.send(BUILD)
                built: Built = connection.recv()
            except (EOFError, OSError):
                self.busy = False
                answered, code = self.answered, self._forget()
                if self.closed:
                    return Built(False, trouble=CLOSED)
                return Built(False, trouble=(STOPPED if answered else ENDED_EARLY).format(code=code))
            self.busy, self.answered = False, True
            return built

    def _start(self) -> Connection:
        context = multiprocessing.get_context("spawn")
        here, there = context.Pipe()
        process = context.Process(
            target=run, args=(there, self.source, self.output, self.options, current()), name="g20site-builder"
        )
        try:
            process.start()
        except BaseException:
            here.close()
            raise
        finally:
            there.close()  # the builder's end, now in the builder: only it keeps the pipe open there
        self.process, self.connection, self.answered = process, here, False
        atexit.register(self.close)  # before multiprocessing's own exit handler, which would wait for it
        return here

    def _forget(self) -> int | str:
        """Let the builder go (it has ended, or is made to); its exit code."""
        process, connection = self.process, self.connection
        self.process = self.connection = None
        if connection is not None:
            connection.close()
        if process is None:
            return "-"
        process.join(GRACE)
        return "-" if process.exitcode is None else process.exitcode

    def close(self) -> None:
        """End the builder: once it has read ``STOP``, or at once (SIGTERM) if it is building."""
        self.closed = True
        atexit.unregister(self.close)
        process, connection = self.process, self.connection
        if process is not None and connection is not None and process.is_alive():
            if self.busy:
                process.terminate()
            else:
                try:
                    connection.send(STOP)
                except OSError:
                    process.terminate()
            process.join(GRACE)
            if process.is_alive():
                process.terminate()
                process.join(GRACE)
            if process.is_alive():
                process.kill()
        self._forget()


def run(connection: Connection, source: Path, output: Path, options: Options, lang: str) -> None:
    """The builder process: build on each ``BUILD``, until ``STOP`` or the end of the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)
    # The workers a build forks end on SIGTERM at once, as they do elsewhere: with a handler in
    # Python, a SIGTERM that comes just before a worker blocks on the task queue would be lost.
    util.register_after_fork(run, _as_worker)
    use(lang)
    options = dataclasses.replace(options, cache=Cache.for_site(source, keep_in_memory=True), warm=Warm())
    search_now = False  # True after the index could not be brought up to date: the next build says why
    try:
        while connection.recv() == BUILD:
            built, result = _build(source, output, dataclasses.replace(options, search_now=search_now))
            connection.send(built)  # the edited page is there: the server reloads the browser
            search_now = False
            if result is not None and result.search_later and not connection.poll():
                # then the search index is brought up to date (unless the next save is waiting: its
                # build leaves the index to the one after it in turn)
                search_now = not _build(source, output, dataclasses.replace(options, search_now=True))[0].ok
    except (EOFError, OSError, SystemExit):
        pass  # the server has gone, or ends this process
    finally:
        connection.close()


def _build(source: Path, output: Path, options: Options) -> tuple[Built, Result | None]:
    started = time.perf_counter()
    try:
        result = build(source, output, options)
    except ContentError as error:
        return Built(False, error.problems, seconds=time.perf_counter() - started, builder=os.getpid(),
                     **_settings(source, options)), None
    except OSError as error:  # the disk, not the content: the output folder cannot be written, ...
        return Built(False, trouble=UNWRITABLE.format(error=str(error)), builder=os.getpid(),
                     **_settings(source, options)), None
    return Built(
        True,
        result.warnings,
        base_path=urlsplit(result.site.config.base_url).path,
        languages=result.site.config.codes,
        rendered=result.rendered,
        written=result.report.written if result.report else 0,
        seconds=time.perf_counter() - started,
        processes=result.processes,
        builder=os.getpid(),
    ), result


def _settings(source: Path, options: Options) -> dict[str, Any]:
    """The base path and the languages site.yaml gives, for a failed build: where the preview answers,
    and in which language it says so (nothing when site.yaml itself cannot be read)."""
    config, _problems = load_config(source)
    if config is None:
        return {}
    if options.base_url:
        config = config.with_base_url(options.base_url)
    return {"base_path": urlsplit(config.base_url).path, "languages": config.codes}


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # unwinds the build: its worker pool ended, its staging folder removed


def _as_worker(_: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
