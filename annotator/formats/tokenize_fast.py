"""The built-in tokenizer's layout of a whole text at C speed, for texts whose every chunk is known and plain.

`tokenize.base_tokens` walks the text chunk by chunk in Python. Most of a news
text is single spaces between chunks that the tokenizer has seen before, so
here each stretch between other white space is split with `str.split`, each
chunk's tokens come from a table (filled by the tokenizer's own `_chunk`), and
the offsets are summed with `itertools`, without a Python step per token. A
text with a chunk that may start a special case spaCy re-finds across chunks
(`_apply_specials`), or a single space at either end, is left to the
tokenizer (None). The layouts are the same: tests/formats compare them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate, repeat
from operator import add, itemgetter

Pieces = tuple[tuple[int, int], ...]
ChunkOf = Callable[[str], "tuple[Pieces, tuple[int, ...]]"]
Entry = tuple[tuple[int, ...], tuple[int, ...], tuple[bool, ...]]
"""A chunk's token starts and ends (relative to the chunk) and trailing-space flags (its last token's: True)."""
Layout = tuple[list[int], list[int], list[bool]]

_RUN = re.compile(r"\s{2,}|[^\S ]")  # white space other than one plain space
_CACHE_MAX = 100_000
_CACHE_CHUNK = 40
_entries: dict[str, Entry | None] = {}
_first = itemgetter(0)


def _entry(chunk: str, chunk_of: ChunkOf) -> Entry | None:
    pieces, firsts = chunk_of(chunk)
    if firsts:
        return None  # may join the next chunks into a special case
    k = len(pieces)
    return tuple(a for a, _ in pieces), tuple(b for _, b in pieces), (False,) * (k - 1) + (True,)


def _entries_of(chunks: list[str], chunk_of: ChunkOf) -> list[Entry | None]:
    found = list(map(_entries.get, chunks))
    if None in found:
        for i, chunk in enumerate(chunks):
            if found[i] is None:
                if chunk in _entries:
                    continue  # a chunk known to need the tokenizer
                found[i] = entry = _entry(chunk, chunk_of)
                if len(chunk) <= _CACHE_CHUNK:
                    if len(_entries) >= _CACHE_MAX:
                        _entries.clear()
                    _entries[chunk] = entry
    return found


def _segment(text: str, lo: int, hi: int, out: Layout, chunk_of: ChunkOf) -> bool:
    """Lay out text[lo:hi] (chunks between single spaces); False when the tokenizer must do it."""
    chunks = text[lo:hi].split(" ")
    if "" in chunks:
        return False
    entries = _entries_of(chunks, chunk_of)
    if None in entries:
        return False
    lens = list(map(len, chunks))
    begins = list(accumulate(map(add, lens[:-1], repeat(1)), initial=lo))
    starts, ends, spaces = out
    if sum(map(len, map(_first, entries))) == len(chunks):  # type: ignore[arg-type]
        # Every chunk is one token (most news text): the chunks themselves.
        starts += begins
        ends += map(add, begins, lens)
        spaces += repeat(True, len(chunks))
    else:
        for begin, entry in zip(begins, entries, strict=True):
            assert entry is not None
            rel_starts, rel_ends, flags = entry
            starts += [begin + a for a in rel_starts]
            ends += [begin + b for b in rel_ends]
            spaces += flags
    spaces[-1] = False  # the segment's last token: what follows is other white space, or the end
    return True


def layout(text: str, chunk_of: ChunkOf, *, words_only: bool = False) -> Layout | None:
    """(starts, ends, trailing-space flags) of base_tokens(text), or None when the tokenizer must do it.

    With `words_only`, white-space tokens are left out and every flag is False (tokenize's words).
    """
    out: Layout = ([], [], [])
    starts, ends, spaces = out
    at = 0
    # Most texts hold no other white space: no need to search them for it.
    runs = () if text.isprintable() and "  " not in text else _RUN.finditer(text)
    for m in runs:
        a, b = m.span()
        if a > at and not _segment(text, at, a, out, chunk_of):
            return None
        if words_only:
            at = b
            continue
        if text[a] == " " and starts:
            spaces[-1] = True
            a += 1
        if a < b:
            starts.append(a)
            ends.append(b)
            spaces.append(False)
        at = b
    if at < len(text) and not _segment(text, at, len(text), out, chunk_of):
        return None
    if words_only:
        out = (starts, ends, [False] * len(starts))
    return out


def cut(starts: list[int], ends: list[int], cuts: Iterable[int]) -> tuple[list[int], list[int]]:
    """The tokens split at every cut that falls strictly inside one (tokens are in order and disjoint)."""
    inside: dict[int, list[int]] = {}
    for c in sorted(set(cuts)):
        i = bisect_right(starts, c) - 1
        if i >= 0 and starts[i] < c < ends[i]:
            inside.setdefault(i, []).append(c)
    if not inside:
        return starts, ends
    new_starts: list[int] = []
    new_ends: list[int] = []
    at = 0
    for i in sorted(inside):
        new_starts += starts[at:i]
        new_ends += ends[at:i]
        edges = inside[i]
        new_starts += [starts[i], *edges]
        new_ends += [*edges, ends[i]]
        at = i + 1
    new_starts += starts[at:]
    new_ends += ends[at:]
    return new_starts, new_ends


def texts(text: str, starts: list[int], ends: list[int]) -> list[str]:
    """The text of each token."""
    return list(map(text.__getitem__, map(slice, starts, ends)))
