"""Ask the font library which font cairo will draw with, and what that font cannot draw.

cairo's text API resolves a family name through fontconfig (pattern, substitutions, best
match) and then draws every character with that one font. A family that is not installed
quietly becomes another (DejaVu Sans on Debian), whose CJK glyphs are empty boxes. So the
check is twofold: fontconfig must resolve the family to a font of that very family, and
cairo must find a glyph for each character in it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from dataclasses import dataclass

import cairocffi

MATCH_PATTERN = 0  # FcMatchPattern
RESULT_MATCH = 0  # FcResultMatch


@dataclass(frozen=True)
class FontMatch:
    """The font fontconfig picks for a family name: every name of its family, and its file."""

    families: tuple[str, ...]
    file: str

    def is_family(self, family: str) -> bool:
        return family.casefold() in (name.casefold() for name in self.families)


@functools.cache
def font_for(family: str) -> FontMatch:
    """What fontconfig answers for `family`, by the same steps cairo's toy font face takes."""
    fc = _fontconfig()
    pattern = fc.FcNameParse(family.encode("utf-8"))
    if not pattern:
        return FontMatch(families=(), file="")
    try:
        fc.FcConfigSubstitute(None, pattern, MATCH_PATTERN)
        fc.FcDefaultSubstitute(pattern)
        result = ctypes.c_int()
        match = fc.FcFontMatch(None, pattern, ctypes.byref(result))
    finally:
        fc.FcPatternDestroy(pattern)
    if not match:
        return FontMatch(families=(), file="")
    try:
        families: list[str] = []
        while (name := _string(fc, match, b"family", len(families))) is not None:
            families.append(name)
        return FontMatch(families=tuple(families), file=_string(fc, match, b"file", 0) or "")
    finally:
        fc.FcPatternDestroy(match)


def missing_glyphs(text: str, family: str) -> set[str]:
    """The characters of `text` that cairo draws as .notdef (glyph 0, a box) in `family`."""
    wanted = {ch for ch in text if not ch.isspace()}
    if not wanted:
        return set()
    scaled = cairocffi.ScaledFont(cairocffi.ToyFontFace(family))
    glyphs = scaled.text_to_glyphs(0, 0, "".join(sorted(wanted)), with_clusters=False)
    if len(glyphs) != len(wanted):  # clusters merged: look at each character alone
        return {ch for ch in wanted if _glyph(scaled, ch) == 0}
    return {ch for ch, glyph in zip(sorted(wanted), glyphs, strict=True) if glyph[0] == 0}


def _glyph(scaled: cairocffi.ScaledFont, ch: str) -> int:
    glyphs = scaled.text_to_glyphs(0, 0, ch, with_clusters=False)
    return int(glyphs[0][0]) if glyphs else 0


def _string(fc: ctypes.CDLL, pattern: int, key: bytes, index: int) -> str | None:
    value = ctypes.c_char_p()
    if fc.FcPatternGetString(pattern, key, index, ctypes.byref(value)) != RESULT_MATCH:
        return None
    return (value.value or b"").decode("utf-8", "replace")


@functools.cache
def _fontconfig() -> ctypes.CDLL:
    fc = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    fc.FcNameParse.restype = ctypes.c_void_p
    fc.FcNameParse.argtypes = [ctypes.c_char_p]
    fc.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    fc.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    fc.FcFontMatch.restype = ctypes.c_void_p
    fc.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    fc.FcPatternGetString.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    fc.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    return fc
