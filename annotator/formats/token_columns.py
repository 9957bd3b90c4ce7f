"""Tokens as columns (texts, starts, ends, trailing spaces), made and cut at span edges without a Python step per token.

The token-based writers (CoNLL, Hugging Face, Prodigy, spaCy) touch every
token of every text, so here the built-in tokenizer's layout is built from
whole-chunk tables with `str.split`, `itertools` and `map`, the tokens of
spaCy's tokenizer are read with one `Doc.to_array`, and a cut at a span edge
rebuilds only the tokens it falls in. The results are those of `tokenize`
(`words` is `tokenize`, `spaced` is `cut_tokens` over the base tokens), as
tests/formats/test_token_columns.py checks on varied texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import chain, pairwise, repeat
from operator import add, itemgetter
from typing import Any

from annotator.formats import tokenize as T
from annotator.formats import tokenize_fast

Words = tuple[list[str], list[int], list[int]]
"""Token texts, starts and ends (code points), in order."""
Spaced = tuple[list[str], list[int], list[int], list[bool]]
"""Token texts, starts, ends and trailing-space flags, white-space tokens included (as spaCy keeps them)."""

_RUN = re.compile(r"\s{2,}|[^\S ]")  # white space other than one plain space, as tokenize_fast splits
_CACHE_MAX = 100_000
_CACHE_CHUNK = 40
_texts: dict[str, tuple[str, ...]] = {}  # chunk -> the texts of its tokens
_single: set[str] = set()  # chunks known to be one token each
_first = itemgetter(0)
_second = itemgetter(1)


def _texts_of(chunks: list[str], entries: list[Any]) -> list[tuple[str, ...]]:
    found = list(map(_texts.get, chunks))
    if None in found:
        for i, chunk in enumerate(chunks):
            if found[i] is None:
                starts, ends, _ = entries[i]
                found[i] = pieces = tuple(chunk[a:b] for a, b in zip(starts, ends, strict=True))
                if len(chunk) <= _CACHE_CHUNK:
                    if len(_texts) >= _CACHE_MAX:
                        _texts.clear()
                    _texts[chunk] = pieces
    return found  # type: ignore[return-value]


def _segment(text: str, lo: int, hi: int, out: Words, spaces: _Spaces) -> bool:
    """The words of text[lo:hi] (chunks between single spaces); False when the tokenizer must do it."""
    chunks = text[lo:hi].split(" ")
    texts, starts, ends = out
    if _single.issuperset(chunks):  # every chunk one token, as seen before (most news text)
        texts += chunks
        inner = spaces.within(lo, hi)
        starts.append(lo)
        starts += (inner + 1).tolist()
        ends += inner.tolist()
        ends.append(hi)
        return True
    if "" in chunks:
        return False
    entries = tokenize_fast._entries_of(chunks, T._chunk)
    if None in entries:
        return False
    begins = [lo, *(spaces.within(lo, hi) + 1).tolist()]
    lens = list(map(len, chunks))
    counts = list(map(len, map(_first, entries)))  # type: ignore[arg-type]
    if len(_single) >= _CACHE_MAX:
        _single.clear()
    _single.update(c for c, k in zip(chunks, counts, strict=True) if k == 1 and len(c) <= _CACHE_CHUNK)
    if sum(counts) == len(chunks):
        texts += chunks
        starts += begins
        ends += map(add, begins, lens)
        return True
    texts += chain.from_iterable(_texts_of(chunks, entries))
    owners = list(chain.from_iterable(map(repeat, begins, counts)))
    starts += map(add, owners, chain.from_iterable(map(_first, entries)))  # type: ignore[arg-type]
    ends += map(add, owners, chain.from_iterable(map(_second, entries)))  # type: ignore[arg-type]
    return True


class _Spaces:
    """Where a text's plain spaces are (code point offsets), found once in one pass over its code points."""

    __slots__ = ("_found", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: Any = None

    def within(self, lo: int, hi: int) -> Any:
        """The offsets of the spaces in text[lo:hi], as a numpy array."""
        import numpy as np  # loaded by the first token export, not by every command

        found = self._found
        if found is None:
            codes = np.frombuffer(self._text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            found = self._found = np.flatnonzero(codes == 32)
        if lo == 0 and hi == len(self._text):
            return found
        i, j = np.searchsorted(found, (lo, hi))
        return found[i:j]


def _fast_words(text: str) -> Words | None:
    """tokenize_fast.layout(words_only=True) with the token texts, or None when the tokenizer must do it."""
    out: Words = ([], [], [])
    spaces = _Spaces(text)
    at = 0
    runs = () if text.isprintable() and "  " not in text else _RUN.finditer(text)
    for m in runs:
        a, b = m.span()
        if a > at and not _segment(text, at, a, out, spaces):
            return None
        at = b
    if at < len(text) and not _segment(text, at, len(text), out, spaces):
        return None
    return out


def words(text: str, cuts: Iterable[int] = ()) -> Words:
    """The columns of `tokenize(text, cuts)`: the built-in tokens without white space, cut at each of `cuts`."""
    found = _fast_words(text)
    if found is None:
        tokens = T.tokenize(text, cuts)
        return [t[0] for t in tokens], [t[1] for t in tokens], [t[2] for t in tokens]
    texts, starts, ends = found
    inside: dict[int, list[int]] = {}
    for c in sorted(set(cuts)):
        i = bisect_right(starts, c) - 1
        if i >= 0 and c < ends[i] and starts[i] < c:
            inside.setdefault(i, []).append(c)
    if not inside:
        return texts, starts, ends
    new: Words = ([], [], [])
    at = 0
    for i in sorted(inside):
        new[0].extend(texts[at:i])
        new[1].extend(starts[at:i])
        new[2].extend(ends[at:i])
        edges = [starts[i], *inside[i], ends[i]]
        for a, b in pairwise(edges):
            new[0].append(text[a:b])
            new[1].append(a)
            new[2].append(b)
        at = i + 1
    new[0].extend(texts[at:])
    new[1].extend(starts[at:])
    new[2].extend(ends[at:])
    return new


def token_span(starts: list[int], ends: list[int], start: int, end: int) -> tuple[int, int] | None:
    """`tokenize.token_range` over columns: (first, last inclusive) of the tokens inside `[start, end)`, or None."""
    first = bisect_left(starts, start)
    last = bisect_right(ends, end) - 1
    return None if last < first else (first, last)


def base_columns(text: str) -> tuple[list[int], list[int], list[bool]]:
    """`tokenize.base_tokens(text)` as columns: starts, ends, trailing-space flags."""
    fast = tokenize_fast.layout(text, T._chunk)
    if fast is not None:
        return fast
    tokens = T._base_tokens(text)
    return [t[0] for t in tokens], [t[1] for t in tokens], [t[2] for t in tokens]


def spacy_columns(doc: Any) -> tuple[list[int], list[int], list[bool]]:
    """Starts, ends and trailing-space flags of a spaCy Doc's tokens, read in one pass of its array."""
    from spacy.attrs import IDX, LENGTH, SPACY

    if not len(doc):
        return [], [], []
    starts, lengths, spaces = doc.to_array([IDX, LENGTH, SPACY]).T.tolist()
    return starts, list(map(add, starts, lengths)), list(map(bool, spaces))


def spaced(
    text: str,
    base: tuple[list[int], list[int], list[bool]],
    starts_at: Iterable[int],
    ends_at: Iterable[int],
) -> tuple[Spaced, set[int]]:
    """`tokenize.cut_tokens` over columns: the tokens cut at every span start and end, and the edges inside a token.

    Only the tokens an edge falls in (or whose trailing space a span starts at
    or ends after) are rebuilt, by cut_tokens' own rule.
    """
    starts, ends, spaces = base
    start_set, end_set = set(starts_at), set(ends_at)
    cuts = sorted(start_set | end_set)
    touched: set[int] = set()
    for c in cuts:
        i = bisect_right(starts, c) - 1
        if i >= 0 and starts[i] < c < ends[i]:
            touched.add(i)
    for c in chain(start_set, (e - 1 for e in end_set)):
        i = bisect_left(ends, c)
        if i < len(ends) and ends[i] == c and spaces[i]:
            touched.add(i)
    if not touched:
        return (list(map(text.__getitem__, map(slice, starts, ends))), starts, ends, spaces), set()
    tokens = list(zip(starts, ends, spaces, strict=True))
    out: list[tuple[int, int, bool]] = []
    inside: set[int] = set()
    at = 0
    for i in sorted(touched):
        out += tokens[at:i]
        a, b, space = tokens[i]
        k = bisect_right(cuts, a)
        while k < len(cuts) and cuts[k] < b:
            out.append((a, cuts[k], False))
            a = cuts[k]
            inside.add(a)
            k += 1
        if space and (b in start_set or b + 1 in end_set):
            out += [(a, b, False), (b, b + 1, False)]
            inside.update(e for e in (b, b + 1) if e in start_set or e in end_set)
        else:
            out.append((a, b, space))
        at = i + 1
    out += tokens[at:]
    new_starts = [t[0] for t in out]
    new_ends = [t[1] for t in out]
    texts = list(map(text.__getitem__, map(slice, new_starts, new_ends)))
    return (texts, new_starts, new_ends, [t[2] for t in out]), inside
