"""One hash for every stage: of file bytes, texts and fingerprints."""

from __future__ import annotations

import hashlib


def digest(*parts: str | bytes) -> str:
    """A hex digest of ``parts``; each part's length goes in first, so ``("ab", "c")`` and ``("a", "bc")`` differ."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
