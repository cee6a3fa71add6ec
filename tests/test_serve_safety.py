"""The preview server answers only to its own address, answers every request, and lets clients go quietly."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from g20site.build.pipeline import Options
from g20site.serve import start, stop
from g20site.serve_http import WAIT_FOR_HEADERS, PreviewServer

from .conftest import copy_site


def serve(site: Path) -> PreviewServer:
    return start(site, Options(jobs=1), "127.0.0.1", 0, say=lambda line: None, allowed=("preview.test",))


@pytest.fixture
def server(site: Path) -> Iterator[PreviewServer]:
    """A preview of its own, for a test that changes its output or its settings."""
    running = serve(site)
    yield running
    stop(running)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """One preview shared by the tests that only send requests."""
    running = serve(copy_site("basic", tmp_path_factory.mktemp("served")))
    yield running
    stop(running)


def ask(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, bytes]:
    """GET ``path`` with the Host header ``host`` (the server's own address when None)."""
    address, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(address), port, timeout=10)
    connection.putrequest("GET", path, skip_host=host is not None, skip_accept_encoding=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "10.0.0.8:{port}", ""])
def test_a_request_for_another_host_is_refused(served: PreviewServer, host: str) -> None:
    """A page on another site that points its own name at 127.0.0.1 (DNS rebinding) reads nothing."""
    status, body = ask(served, "/g20/", host.format(port=served.server_address[1]))
    assert status == 421
    assert b"<html" not in body and b"rapat" not in body.lower()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "preview.test:{port}"])
def test_the_servers_own_names_are_answered(served: PreviewServer, host: str) -> None:
    status, body = ask(served, "/g20/", host.format(port=served.server_address[1]))
    assert status == 200 and b"<html" in body


def test_a_name_longer_than_any_file_system_allows_is_414(served: PreviewServer) -> None:
    status, _ = ask(served, "/g20/" + "a" * 300 + "/")
    assert status == 414


def test_a_file_removed_after_it_was_found_is_a_404_not_silence(server: PreviewServer) -> None:
    page = server.preview.output / "tentang" / "index.html"
    assert ask(server, "/g20/tentang/")[0] == 200
    page.unlink()
    status, body = ask(server, "/g20/tentang/")
    assert status == 404 and b"<html" in body


def test_many_clients_at_once_are_all_answered(served: PreviewServer) -> None:
    statuses: list[int] = []
    lock = threading.Lock()

    def one() -> None:
        status, _ = ask(served, "/g20/")
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses.count(200) == 200


def test_a_client_that_sends_nothing_is_let_go(server: PreviewServer) -> None:
    assert server.wait_for_headers == WAIT_FOR_HEADERS == 15  # what g20site serve gives a client
    server.wait_for_headers = 1.0  # the same mechanism, without waiting 15 s here
    address, port = server.server_address[:2]
    with socket.create_connection((str(address), port), timeout=30) as silent:
        started = time.monotonic()
        assert silent.recv(1024) == b""  # the server closed the connection
        assert time.monotonic() - started < 10
    assert ask(server, "/g20/")[0] == 200


def test_a_client_that_goes_away_prints_nothing(server: PreviewServer, capfd: pytest.CaptureFixture[str]) -> None:
    address, port = server.server_address[:2]
    for _ in range(20):
        with socket.create_connection((str(address), port), timeout=10) as rude:
            rude.sendall(f"GET /g20/ HTTP/1.1\r\nHost: {address}:{port}\r\n\r\n".encode())
            rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    assert ask(server, "/g20/")[0] == 200
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "Error" not in captured.err


def test_links_in_a_loop_are_not_found_not_a_dropped_request(tmp_path: Path) -> None:
    from g20site.serve_http import locate

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a").symlink_to(tmp_path / "out" / "b")
    (tmp_path / "out" / "b").symlink_to(tmp_path / "out" / "a")
    assert locate(tmp_path / "out", "a/x") == ("missing", None)


def test_a_linked_index_html_leading_out_is_not_served(tmp_path: Path) -> None:
    from g20site.serve_http import locate

    (tmp_path / "secret.html").write_text("secret", "utf-8")
    (tmp_path / "out" / "page").mkdir(parents=True)
    (tmp_path / "out" / "page" / "index.html").symlink_to(tmp_path / "secret.html")
    assert locate(tmp_path / "out", "page/") == ("missing", None)
