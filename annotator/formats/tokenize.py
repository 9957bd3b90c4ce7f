"""The built-in tokenizer of the token-based exports: splits as spaCy's English tokenizer does, cut at span edges.

Tokens are `(text, start, end)` in code points. The text is split at white
space, then each chunk by spaCy's English rules (`tokenizer_rules`,
`tokenizer_exceptions`): prefixes and suffixes peeled off, special cases
("don't" -> "do" "n't", "Dr."), URLs whole, infixes split. Unlike spaCy, an
emoji sequence stays whole: a character is never parted from the combining
marks, variation selectors or skin tones after it, from a zero-width joiner,
and flags stay pairs. Tokens are also cut at the span edges given, so every
span covers whole tokens and no span is lost to tokenisation.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

from annotator.formats import tokenize_fast
from annotator.formats.tokenizer_exceptions import special_cases
from annotator.formats.tokenizer_rules import rules

Token = tuple[str, int, int]
SpacyToken = tuple[str, int, int, bool]
"""(text, start, end, followed by one space): a token as spaCy keeps it."""
Base = tuple[int, int, bool]
"""(start, end, followed by one space): a token before any cut at span edges."""

_CHUNKS = re.compile(r"\S+")
_SUFFIX_WINDOW = 10  # longer than any suffix rule with its look-behind, except a run of dots
_CACHE_MAX = 100_000  # chunks remembered (news text repeats its words); cleared when full
_CACHE_CHUNK = 40  # longer chunks are rare and not worth remembering
Pieces = tuple[tuple[int, int], ...]
_cache: dict[str, tuple[Pieces, tuple[int, ...]]] = {}


def base_tokens(text: str) -> list[Base]:
    """All tokens of `text`, white space included, as spaCy's English tokenizer lays them out.

    A single space after a token is its trailing-space flag; any other run of
    white space is a token of its own.
    """
    fast = tokenize_fast.layout(text, _chunk)
    if fast is not None:
        return list(zip(*fast, strict=True))
    return _base_tokens(text)


def _base_tokens(text: str) -> list[Base]:
    """base_tokens, chunk by chunk (any text)."""
    out: list[Base] = []
    append, known = out.append, _cache.get
    candidates: list[int] = []
    at = 0  # where the white space before the next chunk starts
    for m in _CHUNKS.finditer(text):
        start, end = m.span()
        if at < start:
            if text[at] == " " and out:
                out[-1] = (out[-1][0], out[-1][1], True)
                at += 1
            if at < start:
                append((at, start, False))
        at = end
        chunk = m.group()
        found = known(chunk)
        if found is None:
            found = _chunk(chunk)
            if len(chunk) <= _CACHE_CHUNK:
                if len(_cache) >= _CACHE_MAX:
                    _cache.clear()
                _cache[chunk] = found
        pieces, firsts = found
        if firsts:
            candidates += [len(out) + k for k in firsts]
        if len(pieces) == 1:
            append((start, end, False))
        else:
            out += [(start + a, start + b, False) for a, b in pieces]
    if at < len(text):
        if text[at] == " " and out:
            out[-1] = (out[-1][0], out[-1][1], True)
            at += 1
        if at < len(text):
            out.append((at, len(text), False))
    return _apply_specials(text, out, candidates) if candidates else out


def _chunk(chunk: str) -> tuple[Pieces, tuple[int, ...]]:
    """A chunk's tokens, and which of them may start a special case that spaCy re-finds after splitting."""
    pieces = _merge_clusters(chunk, _split(chunk))
    firsts = _matcher()[2]
    return pieces, tuple(k for k, (a, b) in enumerate(pieces) if chunk[a:b] in firsts)


@functools.cache
def _longest_special() -> int:
    return max(map(len, special_cases()))


def _special(s: str, lo: int, hi: int) -> bool:
    return hi - lo <= _longest_special() and s[lo:hi] in special_cases()


def _suffix(s: str, lo: int, hi: int) -> int:
    """Length of the suffix rule matching at the end of s[lo:hi] (its look-behinds see only that), or 0."""
    if lo >= hi:
        return 0
    last = s[hi - 1]
    # Only "'s" and a unit after a number end in a letter: most words need no regex.
    if (
        last.isalpha()
        and not (last in "sS" and hi - lo >= 2 and s[hi - 2] in "'’")
        and not any(c.isdigit() for c in s[max(lo, hi - _SUFFIX_WINDOW) : hi])
    ):
        return 0
    suffix = rules().suffix
    window = max(lo, hi - _SUFFIX_WINDOW)
    m = suffix.search(s[window:hi])
    if m is not None and m.start() == 0 and window > lo:  # perhaps a longer run of dots
        m = suffix.search(s[lo:hi])
    return m.end() - m.start() if m is not None else 0


def _split(s: str, specials: bool = True) -> Pieces:
    """Token offsets within one chunk (no white space in it), as spaCy's tokenizer finds them."""
    if specials and s in special_cases():
        return tuple(_special_pieces(s, 0))
    if s.isalpha() or s.isdecimal():  # no rule splits a run of letters or of digits alone
        return ((0, len(s)),)
    special = _special if specials else _never
    prefix = rules().prefix
    lo, hi, last = 0, len(s), -1
    pre_ends: list[int] = []
    suf_starts: list[int] = []
    while lo < hi and hi - lo != last:
        if special(s, lo, hi):
            break
        last = hi - lo
        # No prefix rule starts with a letter or digit, but for US$, C$ and A$.
        m = None if s[lo].isalnum() and s[lo] not in "UCA" else prefix.match(s, lo, hi)
        pre = m.end() - lo if m is not None else 0
        if pre and lo + pre < hi and special(s, lo + pre, hi):
            pre_ends.append(lo + pre)
            lo += pre
            break
        suf = _suffix(s, lo + pre, hi)
        if suf and lo < hi - suf and special(s, lo, hi - suf):
            suf_starts.append(hi - suf)
            hi -= suf
            break
        if pre and suf and pre + suf <= hi - lo:
            pre_ends.append(lo + pre)
            suf_starts.append(hi - suf)
            lo, hi = lo + pre, hi - suf
        elif pre:
            pre_ends.append(lo + pre)
            lo += pre
        elif suf:
            suf_starts.append(hi - suf)
            hi -= suf
    pieces = list(zip([0, *pre_ends], pre_ends, strict=False))
    if lo < hi:
        pieces += _middle(s, lo, hi, specials)
    # Suffixes were peeled from the end, outermost first; they follow the core innermost first.
    pieces += reversed(list(zip(suf_starts, [len(s), *suf_starts], strict=False)))
    return tuple(pieces)


def _never(s: str, lo: int, hi: int) -> bool:
    return False


def _special_pieces(s: str, at: int, end: int | None = None) -> list[tuple[int, int]]:
    """The tokens of the special case s[at:end], as offsets in s."""
    out: list[tuple[int, int]] = []
    for part in special_cases()[s[at:end]]:
        out.append((at, at + len(part)))
        at += len(part)
    return out


def _middle(s: str, lo: int, hi: int, specials: bool) -> list[tuple[int, int]]:
    """The chunk's core after its affixes: a special case, a URL, or split at its infixes."""
    core = s[lo:hi]
    if specials and core in special_cases():
        return _special_pieces(s, lo, hi)
    if core.isalnum():  # neither a URL nor anything an infix rule splits
        return [(lo, hi)]
    if "." in core and rules().url.match(core):
        return [(lo, hi)]
    out: list[tuple[int, int]] = []
    start = 0
    for m in rules().infix.finditer(core):
        a, b = m.span()
        if a == 0:  # spaCy skips an infix at the very start
            continue
        if a != start:
            out.append((lo + start, lo + a))
        if a != b:
            out.append((lo + a, lo + b))
        start = b
    if start < len(core):
        out.append((lo + start, hi))
    return out


@functools.cache
def _matcher() -> tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]], frozenset[str]]:
    """Special cases spaCy re-finds after splitting (those with affixes): their plain tokens -> the case.

    Also every proper beginning of those token runs, and the set of first tokens.
    """
    patterns: dict[tuple[str, ...], str] = {}
    for key, parts in special_cases().items():
        if any(c.isspace() for c in key):
            continue
        plain = tuple(key[a:b] for a, b in _split(key, specials=False))
        affixed = rules().prefix.match(key) or rules().infix.search(key) or _suffix(key, 0, len(key))
        if affixed and plain != parts:
            patterns.setdefault(plain, key)
    beginnings = frozenset(p[:n] for p in patterns for n in range(1, len(p)))
    return patterns, beginnings, frozenset(p[0] for p in patterns)


def _apply_specials(text: str, tokens: list[Base], candidates: list[int]) -> list[Base]:
    """Runs of tokens that spell a special case with affixes become that case (spaCy's special matcher).

    As in spaCy, a run may match across a space: it then changes nothing, but
    still blocks any overlapping match.
    """
    patterns, beginnings, _ = _matcher()
    found: list[tuple[int, int]] = []
    for i in candidates:
        run: tuple[str, ...] = ()
        for j in range(i, len(tokens)):
            run += (text[tokens[j][0] : tokens[j][1]],)
            if run in patterns:
                found.append((i, j + 1))
            if run not in beginnings:
                break
    if not found:
        return tokens
    # Longest first, then leftmost; a match whose first or last token was seen is dropped.
    seen: set[int] = set()
    kept: list[tuple[int, int]] = []
    for i, j in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
        if i not in seen and j - 1 not in seen:
            kept.append((i, j))
        seen.update(range(i, j))
    out: list[Base] = []
    at = 0
    for i, j in sorted(kept):
        out += tokens[at:i]
        start, end, space = tokens[i][0], tokens[j - 1][1], tokens[j - 1][2]
        if text[start:end] in special_cases():
            parts = _special_pieces(text, start, end)
            out += [(a, b, False) for a, b in parts[:-1]] + [(*parts[-1], space)]
        else:
            out += tokens[i:j]
        at = j
    return out + tokens[at:]


def _joins(c: str, before: str) -> bool:
    """True when `c` must stay with the character `before` it (emoji sequences, combining marks)."""
    if before == "\u200d" or c in "\u200c\u200d":
        return True
    cp = ord(c)
    if 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:  # skin tones, emoji tag characters
        return True
    return unicodedata.category(c).startswith("M")  # combining marks, variation selectors, keycaps


def _flag_half(c: str) -> bool:
    return "\U0001f1e6" <= c <= "\U0001f1ff"


def _merge_clusters(s: str, pieces: Pieces) -> Pieces:
    """Pieces joined where spaCy would cut inside an emoji sequence, a flag, or before a combining mark."""
    out: list[tuple[int, int]] = []
    flags = 0  # regional indicators just before the piece: an odd count leaves one waiting for its pair
    for a, b in pieces:
        if out and (
            (flags % 2 == 1 and _flag_half(s[a]))
            or ((s[a] >= "\u0300" or s[a - 1] == "\u200d") and _joins(s[a], s[a - 1]))
        ):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
        k = b
        while k > a and _flag_half(s[k - 1]):
            k -= 1
        flags = flags + b - a if k == a else b - k
    return tuple(out)


def cut_tokens(
    text: str, base: Iterable[Base], starts: Iterable[int], ends: Iterable[int]
) -> tuple[list[SpacyToken], set[int]]:
    """Tokens cut at every span start and end, and the edges that fell inside a token.

    A span edge inside a token splits it there. A trailing space that a span
    starts at, or ends just after, becomes a token of its own (so a span with
    white space at an edge is still a run of whole tokens); that edge counts
    as inside a token too.
    """
    start_set, end_set = set(starts), set(ends)
    cuts = sorted(start_set | end_set)
    out: list[SpacyToken] = []
    inside: set[int] = set()
    k = 0
    for a, b, space in base:
        while k < len(cuts) and cuts[k] <= a:
            k += 1
        while k < len(cuts) and cuts[k] < b:
            out.append((text[a : cuts[k]], a, cuts[k], False))
            a = cuts[k]
            inside.add(a)
            k += 1
        if space and (b in start_set or b + 1 in end_set):
            out.append((text[a:b], a, b, False))
            out.append((" ", b, b + 1, False))
            inside.update(e for e in (b, b + 1) if e in start_set or e in end_set)
        else:
            out.append((text[a:b], a, b, space))
    return out, inside


def spacy_tokens(text: str, starts: Iterable[int], ends: Iterable[int]) -> list[SpacyToken]:
    """The built-in tokens covering all of `text` as spaCy lays them out, cut at the span edges given."""
    return cut_tokens(text, base_tokens(text), starts, ends)[0]


def tokenize(text: str, boundaries: Iterable[int] = ()) -> list[Token]:
    """The built-in tokens of `text` without white space, cutting also at each boundary (e.g. span edges)."""
    cuts = list(boundaries)
    fast = tokenize_fast.layout(text, _chunk, words_only=True)
    if fast is not None:
        starts, ends = tokenize_fast.cut(fast[0], fast[1], cuts)
        return list(zip(tokenize_fast.texts(text, starts, ends), starts, ends, strict=True))
    words = [(a, b, False) for a, b, _ in _base_tokens(text) if not text[a].isspace()]
    return [(t, a, b) for t, a, b, _ in cut_tokens(text, words, cuts, cuts)[0]]


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
