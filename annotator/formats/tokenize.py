"""A small deterministic tokenizer for token-based exports (Prodigy tokens, CoNLL, Hugging Face, spaCy).

Tokens are `(text, start, end)` in code points. Words keep their combining marks,
emoji keep their modifiers and ZWJ joins, flag pairs stay whole; any other
non-space character is a token of its own. Tokens are also cut at the span
boundaries given, so every span covers whole tokens and no span is lost to
tokenisation.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

Token = tuple[str, int, int]


@functools.cache
def _pattern() -> re.Pattern[str]:
    marks: list[str] = []
    run_start = -1
    for cp in range(sys.maxunicode + 1):
        is_mark = unicodedata.category(chr(cp)).startswith("M")
        if is_mark and run_start < 0:
            run_start = cp
        elif not is_mark and run_start >= 0:
            marks.append(_range(run_start, cp - 1))
            run_start = -1
    # Joiners and emoji skin-tone modifiers continue the character before them.
    ext_nz = "".join(marks) + "\u200c" + _range(0x1F3FB, 0x1F3FF)
    ext = ext_nz + "\u200d"
    word = rf"(?:\w|[{ext}])+"
    flag = r"[\U0001F1E6-\U0001F1FF]{2}"
    other = rf"[^\s{ext}][{ext_nz}]*(?:\u200d(?:[^\s\u200d][{ext_nz}]*)?)*"
    return re.compile(rf"{word}|{flag}|{other}|[{ext}]+")


def _range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


def tokenize(text: str, boundaries: Iterable[int] = ()) -> list[Token]:
    """Split text into tokens, cutting also at each boundary offset (e.g. span starts and ends)."""
    cuts = sorted(set(boundaries))
    out: list[Token] = []
    for m in _pattern().finditer(text):
        start, end = m.span()
        i = bisect_right(cuts, start)
        if i < len(cuts) and cuts[i] < end:
            pos = start
            while i < len(cuts) and cuts[i] < end:
                out.append((text[pos : cuts[i]], pos, cuts[i]))
                pos = cuts[i]
                i += 1
            out.append((text[pos:end], pos, end))
        else:
            out.append((m.group(), start, end))
    return out


def span_boundaries(spans: Iterable[tuple[int, int]]) -> set[int]:
    """The set of all starts and ends of the given ranges."""
    out: set[int] = set()
    for start, end in spans:
        out.add(start)
        out.add(end)
    return out


def token_range(tokens: list[Token], starts: list[int], start: int, end: int) -> tuple[int, int] | None:
    """Indices (first, last inclusive) of the tokens inside `[start, end)`, or None if none is."""
    first = bisect_right(starts, start - 1)
    last = first - 1
    while last + 1 < len(tokens) and tokens[last + 1][2] <= end:
        last += 1
    if last < first:
        return None
    return first, last


def spacy_tokens(text: str, starts: Iterable[int], ends: Iterable[int]) -> list[tuple[str, int, int, bool]]:
    """Tokens covering all of `text` the way spaCy keeps it: (text, start, end, followed by one space).

    One space after a token is its trailing-space flag; other white space
    becomes whitespace tokens. A space a span starts at or ends after is kept
    as a token of its own, so every span (even one with white space at an
    edge) is exactly a run of tokens.
    """
    start_set, end_set = set(starts), set(ends)
    cuts = start_set | end_set
    ordered = sorted(cuts)
    out: list[tuple[str, int, int, bool]] = []
    pos = 0

    def gap(upto: int) -> None:
        offset = pos
        if offset == upto:
            return
        if (
            out
            and not out[-1][3]
            and text[offset] == " "
            and offset not in start_set
            and offset + 1 not in end_set
        ):
            word, a, b, _ = out[-1]
            out[-1] = (word, a, b, True)
            offset += 1
        inner = ordered[bisect_right(ordered, offset) : bisect_left(ordered, upto)]
        for a, b in zip([offset, *inner], [*inner, upto], strict=True):
            if a < b:
                out.append((text[a:b], a, b, False))

    for word, start, end in tokenize(text, cuts):
        gap(start)
        out.append((word, start, end, False))
        pos = end
    gap(len(text))
    return out
