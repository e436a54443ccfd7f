"""Bytes to text for line-based inputs: strict UTF-8, refused binaries, mojibake repaired (ftfy).

Example:
    >>> decode_text(b"Espa\\xc3\\x83\\xc2\\xb1ol", "page.txt")
    'Español'
"""

from __future__ import annotations

from pathlib import Path

import ftfy

from kg.errors import InputError

__all__ = ["decode_text"]

# Repair wrong-charset decoding only; leave quotes, ligatures and widths as the source wrote them.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    explain=False,
)


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode ``data`` read from ``path`` as UTF-8 and repair mojibake.

    Raises:
        InputError: the bytes are UTF-16, binary (NUL bytes) or not valid UTF-8; names the line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, 1, "UTF-16 text: kg reads UTF-8 (convert the file, e.g. with iconv)")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(path, line, "binary data (NUL byte), not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(path, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x})") from None
    return ftfy.fix_text(text, _FTFY)
