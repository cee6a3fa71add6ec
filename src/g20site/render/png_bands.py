"""A palette PNG written from bands of rows, each band compressed on its own.

Share images differ only in their middle band (the title); the band above
and the one below are the same on every image of a language. zlib can end a
piece of a compressed stream so that nothing after it refers back to it (a
full flush): the bands that do not change are compressed once per process and
their bytes joined with those of the title's band; rows with nothing drawn on
them, above and below the title, are taken ready-made too. The checksum of
the whole image is combined from those of its bands (as zlib's
``adler32_combine``), so no row is read twice. The result is an ordinary PNG
(one ``IDAT``, rows unfiltered, compressed with zlib's run-length strategy,
which suits pictures of large areas of one colour).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from functools import cache

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL, Z_RLE = 1, 3  # zlib's fastest level and its run-length strategy
ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window, fastest level; (0x7801 % 31 == 0)
ADLER = 65521  # the modulus of Adler-32
Band = tuple[int, int, bytes]  # the Adler-32 of its rows as PNG filters them (a 0 before each), their length,
# and those rows compressed


def band(rows: bytes, last: bool = False) -> Band:
    """Rows of one-byte pixels (palette indices), each after the byte of PNG's filter "none" (a 0), made
    into a band of the image; ``last``: the band at the bottom, which ends the compressed stream."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9, Z_RLE)  # raw deflate: the header is written once
    packed = packer.compress(rows) + packer.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)
    return zlib.adler32(rows), len(rows), packed


@cache
def blank(length: int) -> Band:
    """``length`` bytes of zeros (rows of palette index 0, each with its filter byte), not at the bottom:
    made once per length."""
    return band(bytes(length))


def cut(rows: bytes, width: int, inked: tuple[int, int] | None) -> list[Band]:
    """Rows of ``width`` bytes each (filter bytes included) as bands: only the rows from ``inked``'s first to
    before its second, those with something drawn on them, compressed; the blank ones ready-made."""
    if inked is None:
        return [blank(len(rows))]
    top, bottom = inked[0] * width, inked[1] * width
    parts = [band(rows[top:bottom])]
    if top:
        parts.insert(0, blank(top))
    if bottom < len(rows):
        parts.append(blank(len(rows) - bottom))
    return parts


def png(width: int, height: int, palette: Sequence[int], bands: Sequence[Band]) -> bytes:
    """The PNG of ``bands`` (from the top; the last made with ``last=True``), coloured by ``palette``
    (red, green, blue of each index)."""
    checksum = 1
    for part, length, _ in bands:
        checksum = _combine(checksum, part, length)
    data = ZLIB_HEADER + b"".join(packed for _, _, packed in bands) + checksum.to_bytes(4, "big")
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)  # 8 bits, palette, no interlace
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", bytes(palette)), _chunk(b"IDAT", data),
                     _chunk(b"IEND", b"")))


def _combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two byte strings one after the other, from that of each and the second's length."""
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % ADLER
    high = ((first >> 16) + (second >> 16) + length * ((first & 0xFFFF) - 1)) % ADLER
    return low | high << 16


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(data, zlib.crc32(kind)).to_bytes(4, "big")
