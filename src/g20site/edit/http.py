"""The editor's requests and answers, apart from the HTTP server: what a request holds once read,
and what is sent back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs, quote, urlencode

MOST_BYTES = 25_000_000  # of a request's body: a photo of 20 MB, as the build takes, and its form


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # below <base>/_edit/: "", "edit", "save", ...
    query: Mapping[str, list[str]]
    form: Mapping[str, list[str]]
    headers: Mapping[str, str]
    uploads: Mapping[str, tuple[str, bytes]] = field(default_factory=dict)  # field -> (file name, bytes)

    def arg(self, name: str) -> str:
        """A value of the form, else of the address ('' if neither has it)."""
        return (self.form.get(name) or self.query.get(name) or [""])[0]


@dataclass(frozen=True)
class Answer:
    status: int
    kind: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def html(body: bytes, status: int = 200) -> Answer:
    return Answer(status, "text/html; charset=utf-8", body)


def as_json(value: object) -> Answer:
    return Answer(200, "application/json", json.dumps(value, ensure_ascii=False).encode())


def redirect(location: str, *headers: tuple[str, str]) -> Answer:
    return Answer(303, "text/plain; charset=utf-8", b"", (("Location", location), *headers))


def link(prefix: str, route: str, **args: str) -> str:
    """``<base>/_edit/route?args``, each value escaped for a URL."""
    query = urlencode(args, quote_via=quote) if args else ""
    return f"{prefix}{route}" + (f"?{query}" if query else "")


def read_form(kind: str, body: bytes) -> tuple[dict[str, list[str]], dict[str, tuple[str, bytes]]]:
    """The fields of a form sent as ``application/x-www-form-urlencoded`` or ``multipart/form-data``."""
    if kind.startswith("multipart/form-data"):
        return _multipart(kind, body)
    text = body.decode("utf-8", errors="replace")
    return parse_qs(text, keep_blank_values=True, max_num_fields=2000), {}


def _multipart(kind: str, body: bytes) -> tuple[dict[str, list[str]], dict[str, tuple[str, bytes]]]:
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + kind.encode("latin-1") + b"\r\n\r\n" + body)
    fields: dict[str, list[str]] = {}
    uploads: dict[str, tuple[str, bytes]] = {}
    if not message.is_multipart():
        return fields, uploads
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            uploads[name] = (filename, data)
        else:
            fields.setdefault(name, []).append(data.decode("utf-8", errors="replace"))
    return fields, uploads
