"""Pagefind as a service: pages given from memory, the index's files taken back in memory.

``pagefind --service`` reads requests on its standard input and answers on its
standard output, each message JSON in base64 followed by a comma (the protocol
of Pagefind's own Python and Node packages, spoken here directly: the Python
package polls for each answer a tenth of a second apart). Nothing is written
to disk by Pagefind, so no folder of pages is laid out for it and removed again.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any


class ServiceError(Exception):
    """Pagefind could not be started, stopped, or said that it could not index: the reason, as it gave it."""


def index_files(binary: Path, pages: Sequence[tuple[str, str]], cwd: Path) -> dict[str, bytes]:
    """The files of the index of ``pages`` (the path of each page in the site, and its HTML): their
    paths in the bundle and their bytes. Pagefind runs in ``cwd``, without its settings from the
    environment, which would change the index behind the build's back."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    with tempfile.TemporaryFile() as said:
        try:
            process = subprocess.Popen([str(binary), "--service"], cwd=cwd, env=env, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=said)
        except OSError as exc:
            raise ServiceError(exc.strerror or str(exc)) from exc
        with process:  # its pipes are closed on the way out
            try:
                return _index(process, pages)
            except ServiceError as error:
                raise ServiceError(str(error) or _last_words(process, said)) from error
            finally:
                _stop(process)


def _index(process: subprocess.Popen[bytes], pages: Sequence[tuple[str, str]]) -> dict[str, bytes]:
    assert process.stdin is not None and process.stdout is not None
    answers = _answers(process.stdout)
    _send(process.stdin, [_request(0, {"type": "NewIndex", "config": None})])
    index_id = _answer(answers, 0)["index_id"]
    requests = [
        _request(number, {"type": "AddFile", "index_id": index_id, "file_path": path, "url": None,
                          "file_contents": html})
        for number, (path, html) in enumerate(pages, 1)
    ]
    last = len(pages) + 1
    requests.append(_request(last, {"type": "GetFiles", "index_id": index_id}))
    writer = threading.Thread(target=_send, args=(process.stdin, requests), daemon=True)
    writer.start()  # written while the answers are read: neither pipe fills up
    files = _answer(answers, last)["files"]
    writer.join()
    return {file["path"]: base64.b64decode(file["content"]) for file in files}


def _request(number: int, payload: dict[str, Any]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode()) + b","


def _send(stdin: IO[bytes], requests: list[bytes]) -> None:
    try:
        for request in requests:
            stdin.write(request)
        stdin.flush()
    except OSError:  # Pagefind stopped: what it said is read from its other pipes
        pass


def _answers(stdout: IO[bytes]) -> Iterator[dict[str, Any]]:
    """Each message Pagefind sends; a message (the index's files: megabytes) is joined once, not
    copied again for each piece read."""
    parts: list[bytes] = []
    while chunk := stdout.read1(1 << 20):  # type: ignore[attr-defined]
        while (comma := chunk.find(b",")) >= 0:  # base64 has no comma: it ends a message
            parts.append(chunk[:comma])
            yield _decoded(b"".join(parts))
            parts, chunk = [], chunk[comma + 1:]
        parts.append(chunk)


def _decoded(message: bytes) -> dict[str, Any]:
    try:
        return json.loads(base64.b64decode(message))  # type: ignore[no-any-return]
    except ValueError as exc:  # not Pagefind's service speaking
        raise ServiceError("") from exc


def _answer(answers: Iterator[dict[str, Any]], number: int) -> dict[str, Any]:
    """The answer to request ``number`` (the others, each page's summary, are skipped)."""
    for answer in answers:
        payload = answer.get("payload") or {}
        if payload.get("type") == "Error":
            raise ServiceError(str(payload.get("message", "")))
        if answer.get("message_id") == number:
            return payload
    raise ServiceError("")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        with contextlib.suppress(OSError):  # already closed by a Pagefind that stopped
            process.stdin.close()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _last_words(process: subprocess.Popen[bytes], said: IO[bytes]) -> str:
    """What Pagefind printed on its error output before it stopped: its last lines."""
    _stop(process)
    said.seek(0)
    return " / ".join(said.read().decode("utf-8", "replace").strip().splitlines()[-5:])
