"""Writing a file all at once: a reader (the preview, an editor, a second build) sees the old bytes or
the new ones, never half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(file: Path, data: bytes) -> None:
    """Write ``data`` to a hidden file beside ``file``, then put it in place of ``file`` in one step; the
    hidden file is removed if anything fails on the way."""
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
