"""Read a PNG's signature and size without an image library: what the picture tests check."""

from __future__ import annotations

import struct

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PICTURE_BUDGET = 300 * 1024
"""What issue 16 allows a picture: 300 KB, far under Slack's 1 GB per file."""


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the IHDR chunk, which a valid PNG has first."""
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)
