"""Real web servers for the hosting tests: nginx, Apache and Caddy, started on 127.0.0.1 as the
current user, with their whole configuration in a temporary folder (``make test`` installs them).

Each serves sites laid out as on a ministry server: the output folder of a site at
``ROOT/g20/``, served at ``http://127.0.0.1:PORT/g20/`` with the configuration g20site made
for it (nginx, Caddy: ``g20site host-config nginx|caddy``; Apache: the ``.htaccess`` in the output).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

NGINX_MODULES = Path("/usr/lib/nginx/modules")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
APACHE = ("mpm_event", "authz_core", "dir", "mime", "headers", "rewrite")


@dataclass(frozen=True)
class Hosted:
    """One site on a server: its port, the folder holding its base path, and (nginx, Caddy) its snippet."""

    port: int
    root: Path
    snippet: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace') if log.exists() else ''}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer on port {port}")


@contextmanager
def _running(command: list[str], ports: list[int], log: Path) -> Iterator[None]:
    with log.open("wb") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            for port in ports:
                _wait_for(port, process, log)
            yield
        finally:
            process.terminate()
            process.wait(timeout=20)


def _split(snippet: str) -> tuple[str, str]:
    """``host-config nginx`` prints what goes into ``http { }`` (1.), then into ``server { }`` (2.)."""
    http, server = snippet.split("\n# 2.", 1)
    return http, server.split("\n", 1)[1]


@contextmanager
def nginx(folder: Path, sites: list[Hosted]) -> Iterator[None]:
    """nginx (with Debian's brotli_static module) serving ``sites``, one ``server { }`` each."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = [_split(site.snippet) for site in sites]
    servers = "\n".join(f"server {{\n listen 127.0.0.1:{site.port};\n{server}\n}}" for site, (_, server) in
                        zip(sites, parts, strict=True))
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""  # as root, workers would otherwise be nobody
    conf = f"""load_module {NGINX_MODULES}/ngx_http_brotli_static_module.so;
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 128; }}
http {{
access_log off;
client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
uwsgi_temp_path {temp}; scgi_temp_path {temp};
{"".join(http for http, _ in parts)}
{servers}
}}
"""
    (folder / "nginx.conf").write_text(conf, "utf-8")
    command = ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]
    with _running(command, [site.port for site in sites], folder / "stderr.log"):
        yield


@contextmanager
def apache(folder: Path, sites: list[Hosted]) -> Iterator[None]:
    """Apache serving ``sites``, one virtual host each, reading the ``.htaccess`` of each site
    (``AllowOverride All``)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"ServerRoot {folder}"]
    lines += [f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in APACHE]
    if os.geteuid() == 0:  # Apache will not serve as root: its children run as nobody
        lines += ["User nobody", "Group nogroup"]
    lines += [f"PidFile {folder}/httpd.pid", f"DefaultRuntimeDir {folder}", f"ErrorLog {folder}/error.log",
              "ServerName 127.0.0.1", "TypesConfig /etc/mime.types",
              "<Directory />", "  AllowOverride None", "  Require all denied", "</Directory>"]
    for site in sites:
        lines += [f"Listen 127.0.0.1:{site.port}", f"<VirtualHost 127.0.0.1:{site.port}>",
                  f"  DocumentRoot {site.root}", f"  <Directory {site.root}>", "    AllowOverride All",
                  "    Require all granted", "  </Directory>", "</VirtualHost>"]
    (folder / "httpd.conf").write_text("\n".join(lines) + "\n", "utf-8")
    command = ["apache2", "-f", str(folder / "httpd.conf"), "-DFOREGROUND"]
    with _running(command, [site.port for site in sites], folder / "stderr.log"):
        yield


@contextmanager
def caddy(folder: Path, sites: list[Hosted]) -> Iterator[None]:
    """Caddy serving ``sites``, one site block each holding its snippet (``host-config caddy``); no
    admin endpoint, no HTTPS, its state in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    blocks = "".join(f"http://127.0.0.1:{site.port} {{\n{site.snippet}}}\n" for site in sites)
    (folder / "Caddyfile").write_text("{\n\tadmin off\n\tauto_https off\n}\n" + blocks, "utf-8")
    command = ["env", f"HOME={folder}", f"XDG_DATA_HOME={folder}", f"XDG_CONFIG_HOME={folder}",
               "caddy", "run", "--config", str(folder / "Caddyfile"), "--adapter", "caddyfile"]
    with _running(command, [site.port for site in sites], folder / "stderr.log"):
        yield
