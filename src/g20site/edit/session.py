"""Who may use the editor: the browser that opened the address printed in the terminal.

That address carries a secret made for this run. Opening it sets a cookie holding the secret
(``HttpOnly``: no script reads it; ``SameSite=Strict``: no other site's page sends it); every
request to the editor needs that cookie, and every request that changes something also a token
derived from the secret, sent in the form (a page elsewhere cannot read it, so cannot forge a
form), and no ``Origin`` but this server's. The server answers only on a loopback address, and the
``Host`` of each request must name it (``127.0.0.1:PORT``, ``localhost:PORT``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from http.cookies import CookieError, SimpleCookie

COOKIE = "g20site-editor"
KEY = "key"  # the query parameter of the address printed in the terminal
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


class Session:
    """The secret of one run, and the checks of a request against it."""

    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret or secrets.token_urlsafe(32)
        self.token = hmac.new(self.secret.encode(), b"form", hashlib.sha256).hexdigest()

    def opens(self, key: str) -> bool:
        """``key`` (from the address) is this run's secret."""
        return hmac.compare_digest(key.encode(), self.secret.encode())

    def cookie(self, path: str) -> str:
        """The ``Set-Cookie`` value that lets this browser in, below ``path``."""
        return f"{COOKIE}={self.secret}; Path={path}; HttpOnly; SameSite=Strict"

    def knows(self, headers: Mapping[str, str]) -> bool:
        """The request carries this run's cookie."""
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(headers.get("Cookie", ""))
        except CookieError:
            return False
        morsel = jar.get(COOKIE)
        return morsel is not None and self.opens(morsel.value)

    def allows(self, token: str) -> bool:
        """``token`` (from a submitted form) is this run's."""
        return hmac.compare_digest(token.encode(), self.token.encode())


def host_allowed(host: str, port: int) -> bool:
    """``host`` (a request's Host header) is a loopback name of this server's port."""
    return host.strip().lower() in {f"{name}:{port}" for name in LOOPBACK_NAMES}


def origin_allowed(origin: str | None, port: int) -> bool:
    """A state-changing request comes from the editor's own pages (or says nothing of where it comes from)."""
    return origin is None or origin in {f"http://{name}:{port}" for name in LOOPBACK_NAMES}
