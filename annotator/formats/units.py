"""Offset units: convert between code points (ours) and UTF-16 code units (JavaScript tools)."""

from __future__ import annotations

import re
from bisect import bisect_left

from annotator.core.errors import ValidationError

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Converts offsets in one text between code points and UTF-16 code units."""

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Code-point indices of astral characters (two UTF-16 units each); empty for most texts.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self.utf16_length = self._length + len(self._astral)

    @property
    def identity(self) -> bool:
        """True when both units agree everywhere (no astral characters)."""
        return not self._astral

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of a code-point offset."""
        if not 0 <= cp <= self._length:
            raise ValueError(f"offset {cp} is outside the text (length {self._length})")
        return cp + bisect_left(self._astral, cp)

    def to_code_point(self, unit: int) -> int:
        """Code-point offset of a UTF-16 offset; ValueError if it falls inside a surrogate pair."""
        if not 0 <= unit <= self.utf16_length:
            raise ValueError(f"offset {unit} is outside the text (length {self.utf16_length} UTF-16 units)")
        if not self._astral:
            return unit
        # Number of astral characters wholly before `unit`: those whose UTF-16 start + 1 < unit.
        lo, hi = 0, len(self._astral)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._astral[mid] + mid + 1 < unit:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self._astral) and self._astral[lo] + lo + 1 == unit:
            raise ValueError(f"UTF-16 offset {unit} splits the surrogate pair of an astral character")
        return unit - lo


def utf16_span_to_code_points(conv: Utf16Offsets, start: int, end: int, where: str) -> tuple[int, int]:
    """Convert a UTF-16 `[start, end)` to code points, with an error naming `where` and the span."""
    try:
        return conv.to_code_point(start), conv.to_code_point(end)
    except ValueError as exc:
        raise ValidationError(f"{where}: span [{start}, {end}) in UTF-16 units: {exc}") from None


def unit_name(unit: str) -> str:
    """Canonical name of an offset unit given by a user (utf16 or codepoints)."""
    key = unit.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    if key in ("utf16", "utf16units", "js", "javascript"):
        return "utf16"
    if key in ("codepoints", "codepoint", "cp", "python", "chars", "characters"):
        return "codepoints"
    if key in ("grapheme", "graphemes"):
        raise ValidationError(
            "offsets in grapheme clusters (doccano's grapheme mode) are not supported; "
            "export from doccano without grapheme mode"
        )
    raise ValidationError(f"unknown offset unit {unit!r} (use utf16 or codepoints)")
