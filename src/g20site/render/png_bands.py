"""A palette PNG written from bands of rows, each band compressed on its own.

Share images differ only in their middle band (the title); the band above
and the one below are the same on every image of a language. zlib can end a
piece of a compressed stream so that nothing after it refers back to it (a
full flush): the bands that do not change are compressed once per process and
their bytes joined with those of the title's band, and only the checksums are
computed for the whole image. The result is an ordinary PNG (one ``IDAT``,
rows unfiltered, compressed with zlib's run-length strategy, which suits
pictures of large areas of one colour).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL, Z_RLE = 1, 3  # zlib's fastest level and its run-length strategy
ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window, fastest level; (0x7801 % 31 == 0)
Band = tuple[bytes, bytes]  # the rows as PNG filters them (a 0 before each), and those rows compressed


def band(rows: bytes, last: bool = False) -> Band:
    """Rows of one-byte pixels (palette indices), each after the byte of PNG's filter "none" (a 0), made
    into a band of the image; ``last``: the band at the bottom, which ends the compressed stream."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9, Z_RLE)  # raw deflate: the header is written once
    return rows, packer.compress(rows) + packer.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


def png(width: int, height: int, palette: Sequence[int], bands: Sequence[Band]) -> bytes:
    """The PNG of ``bands`` (from the top; the last made with ``last=True``), coloured by ``palette``
    (red, green, blue of each index)."""
    checksum = 1
    for rows, _ in bands:
        checksum = zlib.adler32(rows, checksum)
    data = ZLIB_HEADER + b"".join(packed for _, packed in bands) + checksum.to_bytes(4, "big")
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)  # 8 bits, palette, no interlace
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", bytes(palette)), _chunk(b"IDAT", data),
                     _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(data, zlib.crc32(kind)).to_bytes(4, "big")
