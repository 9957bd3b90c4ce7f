"""Quotation marks: the quotations of a text, and the one enclosing a selection."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Family of each mark: marks of one family pair with each other (“…”, „…“, "…", ”…” are all double).
_FAMILY = {
    '"': "d",
    "“": "d",
    "”": "d",
    "„": "d",
    "'": "s",
    "‘": "s",
    "’": "s",
    "‚": "s",
    "«": "g",
    "»": "g",
    "‹": "h",
    "›": "h",
}
MARKS = frozenset(_FAMILY)
# One character class, so the scan runs at C speed; an apostrophe inside a word (don't, O’Neill) is
# skipped by the loop.
_MARK_RE = re.compile(r"[\"“”„«»‹›‚‘'’]")
_OPEN_PUNCT = frozenset("([{<—–-/")
_CLOSE_PUNCT = frozenset(".,;:!?)]}>—–-…/")
# After an opening single mark: an elision, not a quotation ('90s, ’70s, rock 'n' roll, 'em, 'til).
_ELISION_RE = re.compile(r"\d|(?:n['’]|em|til|tis|twas|cause|bout|round)(?!\w)")
# Words that may follow a closing single mark after an "s" (players' union is a possessive; 'dogs,' she said).
_AFTER_CLOSE = frozenset(
    [
        "said",
        "says",
        "say",
        "she",
        "he",
        "they",
        "it",
        "we",
        "i",
        "you",
        "asked",
        "added",
        "told",
        "replied",
        "wrote",
        "according",
        "insisted",
        "explained",
    ]
)
_WORD_RE = re.compile(r"\s+(\w+)")
_LATER_CLOSE = re.compile(r"[^\n]*?\S['’](?!\w)")


@dataclass(frozen=True)
class Quotation:
    """One quotation of a text, found by its marks.

    Attributes:
        open: offset of the opening mark.
        close: offset of the closing mark.
        pieces: the quoted text, one `[start, end)` range per paragraph, without the marks (a
            paragraph's re-opening mark and its trailing white space are left out).
        depth: 0 for a quotation not inside another, 1 inside one, and so on.
    """

    open: int
    close: int
    pieces: tuple[tuple[int, int], ...]
    depth: int = 0

    @property
    def inner(self) -> tuple[int, int]:
        """The range between the marks."""
        return self.open + 1, self.close

    @property
    def outer(self) -> tuple[int, int]:
        """The range with both marks."""
        return self.open, self.close + 1


class _Open:
    """An opening mark waiting for its closing mark."""

    __slots__ = ("char", "family", "pieces", "pos", "start")

    def __init__(self, pos: int, char: str, family: str) -> None:
        self.pos = pos
        self.char = char
        self.family = family
        self.start = pos + 1  # where the current piece begins
        self.pieces: list[tuple[int, int]] = []


def _sides(text: str, i: int) -> tuple[bool, bool]:
    """Whether the mark at i has space (or opening punctuation) on its left, and on its right."""
    left = text[i - 1] if i > 0 else " "
    right = text[i + 1] if i + 1 < len(text) else " "
    lsp = None if left in MARKS else (left.isspace() or left in _OPEN_PUNCT)
    rsp = None if right in MARKS else (right.isspace() or right in _CLOSE_PUNCT)
    if lsp is None and rsp is None:
        return True, True
    if lsp is None:
        return not rsp, bool(rsp)
    if rsp is None:
        return lsp, not lsp
    return lsp, rsp


def _role(text: str, i: int, char: str, pending: _Open | None) -> str:
    """'open', 'close' or '' (not a quotation mark here) for the mark at i."""
    lsp, rsp = _sides(text, i)
    opening = lsp and not rsp
    closing = rsp and not lsp
    if char in "«»‹›":
        if pending is not None and pending.char != char:
            return "close"
        return "open" if not (rsp and not lsp and i + 1 >= len(text)) else ""
    if char in "'‘’‚":
        if opening:
            if char != "‚" and _ELISION_RE.match(text, i + 1):
                return ""
            return "open"
        if pending is None or char == "‚" or lsp:
            return ""
        if closing and text[i - 1] in "sS":
            word = _WORD_RE.match(text, i + 1)
            if (
                word is not None
                and word.group(1)[0].islower()
                and word.group(1) not in _AFTER_CLOSE
                and _LATER_CLOSE.match(text, i + 1)
            ):
                return ""  # the nurses' union, with the real closing mark later in the paragraph
        return "close"
    if char == "„":
        return "open" if not rsp else ""
    if opening:
        return "open"
    if closing:
        return "close"
    if lsp and rsp:
        return ""
    return "close" if pending is not None else "open"


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation of the text, in order of their opening marks.

    A paragraph (a line) whose quotation is still open at its end continues into the next
    non-empty paragraph when that one opens with a mark of the same family, as news style
    writes a quote over several paragraphs; otherwise the unclosed quotation is dropped.
    """
    n = len(text)
    found: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []
    stack: list[_Open] = []
    pos = 0
    para_end = text.find("\n")
    para_end = n if para_end < 0 else para_end
    while True:
        m = _MARK_RE.search(text, pos)
        i = m.start() if m is not None else n
        if i > para_end:
            if stack:
                j = para_end
                while j < n and text[j].isspace():
                    j += 1
                carried = stack[0]
                if (
                    j < n
                    and _FAMILY.get(text[j]) == carried.family
                    and j + 1 < n
                    and not text[j + 1].isspace()
                ):
                    carried.pieces.append((carried.start, _trim_end(text, carried.start, para_end)))
                    carried.start = j + 1
                    stack = [carried]
                    pos = j + 1
                    para_end = text.find("\n", pos)
                    para_end = n if para_end < 0 else para_end
                    continue
                stack = []
            if m is not None:
                para_end = text.find("\n", i)
                para_end = n if para_end < 0 else para_end
        if m is None:
            break
        pos = i + 1
        char = text[i]
        if char in "'’" and 0 < i < n - 1 and _is_word_char(text[i - 1]) and _is_word_char(text[i + 1]):
            continue
        family = _FAMILY[char]
        pending = None
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].family == family:
                pending = stack[k]
                break
        role = _role(text, i, char, pending)
        if role == "open":
            stack.append(_Open(i, char, family))
        elif role == "close" and pending is not None:
            while stack.pop() is not pending:
                pass
            pending.pieces.append((pending.start, i))
            found.append((pending.pos, i, tuple(pending.pieces)))
    found.sort()
    result: list[Quotation] = []
    enclosing: list[int] = []  # closing marks of the quotations around the current one
    for open_, close, pieces in found:
        while enclosing and enclosing[-1] < open_:
            enclosing.pop()
        result.append(Quotation(open_, close, pieces, len(enclosing)))
        enclosing.append(close)
    return result


def enclosing_quote(
    text: str,
    start: int,
    end: int,
    *,
    include_marks: bool = False,
    strict: bool = False,
    quotations: list[Quotation] | None = None,
) -> tuple[int, int] | None:
    """The range of the smallest quotation enclosing `[start, end)` (or the cursor at start == end).

    The range is the text between the marks (without white space just inside them, as in
    « Bonjour »), or with the marks when `include_marks`. With `strict`, a quotation whose range
    equals the selection does not count, so asking again steps out to the next enclosing one.
    A cursor encloses when it is between the marks or touches one from outside. None when no
    quotation encloses the selection. `quotations` may pass `find_quotations(text)` already made.
    """
    if start > end:
        start, end = end, start
    best: tuple[int, int] | None = None
    best_key: tuple[bool, int] | None = None
    for q in find_quotations(text) if quotations is None else quotations:
        if q.open > end:
            break
        if start == end:
            if not q.open <= start <= q.close + 1:
                continue
        elif not (q.open <= start and end <= q.close + 1):
            continue
        if include_marks:
            rng = q.outer
        else:
            a, b = q.inner
            while a < b and text[a].isspace():
                a += 1
            rng = (a, _trim_end(text, a, b)) if a < b else q.inner
        if strict and rng[0] >= start and rng[1] <= end:
            continue
        key = (not q.open < start <= q.close, q.close - q.open)
        if best_key is None or key < best_key:
            best, best_key = rng, key
    return best
