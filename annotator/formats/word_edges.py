"""Whether a span's edge falls inside a word or a character, for `validate --strict` of formats without span text."""

from __future__ import annotations

import unicodedata

# Code points that join the one before them into one visible character: a zero-width joiner,
# variation selectors, emoji skin tones (combining marks are found by their category).
_JOINERS = frozenset({"\u200d", *map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0x1F3FB, 0x1F400))})


def _joins(c: str) -> bool:
    return c in _JOINERS or unicodedata.category(c).startswith("M")


def _wordy(c: str) -> bool:
    return c.isalnum() or c == "_" or _joins(c)


def edge_problem(text: str, start: int, end: int) -> str | None:
    """Why the code-point span [start, end) of `text` splits a character or a word, or None."""
    for name, at in (("start", start), ("end", end)):
        if not 0 < at < len(text):
            continue
        before, after = text[at - 1], text[at]
        if _joins(after) or before == "\u200d":
            return f"its {name} splits a character ({unicodedata.name(after, hex(ord(after)))} joins the one before it)"
        if _wordy(before) and _wordy(after):
            a, b = at - 1, at + 1
            while a > 0 and at - a < 40 and _wordy(text[a - 1]):
                a -= 1
            while b < len(text) and b - at < 40 and _wordy(text[b]):
                b += 1
            word = text[a:b]
            return f"its {name} splits a word (inside {word!r}); the offsets may be shifted"
    return None
