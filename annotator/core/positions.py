"""Map between code-point offsets (our convention) and Qt display positions.

A QTextDocument counts UTF-16 code units, turns CRLF into one block break
(so the CR takes no position), keeps U+2028 as one character, and drops a
byte-order mark (U+FEFF) at the very start of the text (so it takes no position). The GUI
converts every position through a `PositionMap`, never by hand.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Characters whose display width differs from one code point: astral
# characters (two UTF-16 units) and the CR of a CRLF pair (merged into one break).
_SPECIAL = re.compile("[\U00010000-\U0010ffff]|\r\n")


def _has_special(text: str) -> bool:
    """Whether the text holds a CRLF or an astral character (a quick scan; the regex takes ten times longer)."""
    if "\r\n" in text:
        return True
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


class PositionMap:
    """Converts positions in one text between code points and Qt display units."""

    def __init__(self, text: str) -> None:
        self._full_length = len(text)
        # QTextDocument.setPlainText drops a leading BOM; positions start after it.
        self._skip = 1 if text.startswith("\ufeff") else 0
        text = text[self._skip :]
        self._length = len(text)
        # For each special code point k: its index, and the display delta accumulated after it.
        self._cp: list[int] = []
        self._disp: list[int] = []
        self._cum: list[int] = []
        total = 0
        for m in _SPECIAL.finditer(text) if _has_special(text) else ():
            k = m.start()
            delta = -1 if text[k] == "\r" else 1
            self._disp.append(k + total)
            total += delta
            self._cp.append(k)
            self._cum.append(total)
        self._display_length = self._length + total

    @property
    def identity(self) -> bool:
        """True when code points and display positions coincide everywhere."""
        return not self._cp and not self._skip

    @property
    def display_length(self) -> int:
        """Length of the text in display units."""
        return self._display_length

    def to_display(self, cp: int) -> int:
        """Display position of a code-point offset (0..len(text))."""
        if not 0 <= cp <= self._full_length:
            raise IndexError(f"code point offset {cp} outside 0..{self._full_length}")
        if not self._cp and not self._skip:
            return cp
        cp = max(0, cp - self._skip)
        i = bisect_right(self._cp, cp - 1)
        return cp + (self._cum[i - 1] if i else 0)

    def to_code_point(self, pos: int) -> int:
        """Code-point offset of a display position; a position inside a character maps to its start."""
        if not 0 <= pos <= self._display_length:
            raise IndexError(f"display position {pos} outside 0..{self._display_length}")
        return self._skip + self._inner_code_point(pos)

    def _inner_code_point(self, pos: int) -> int:
        # Last special character whose display start is before pos.
        i = bisect_right(self._disp, pos - 1)
        if not i:
            return pos
        k = self._cp[i - 1]
        start = self._disp[i - 1]
        before = self._cum[i - 2] if i > 1 else 0
        after = self._cum[i - 1]
        if after > before:  # astral character: two units at start, start + 1
            if pos == start + 1:
                return k
            return pos - after
        # CR of a CRLF pair: the break sits at `start`; positions after it shift by `after`.
        return pos - after

    def span_to_display(self, start: int, end: int) -> tuple[int, int]:
        """Display range of a code-point range."""
        return self.to_display(start), self.to_display(end)
