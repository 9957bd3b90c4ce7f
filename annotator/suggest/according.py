"""Unquoted attributions with "according to": the clause around the phrase is the content."""

from __future__ import annotations

import re
from bisect import bisect_right

from annotator.suggest.lines import Page, sentence_bounds
from annotator.suggest.sources import source_after
from annotator.suggest.types import RuleAttribution, RuleSpan

# Scanned from its literal tail (fast); the letter before and the word boundary are checked after.
_ACCORDING_RE = re.compile(r"ccording to\b")
_WORD_RE = re.compile(r"\w+")
_TRAILING = ".!?\"”’'»… "
_REST = 40  # at most this far from the end of the source to the comma that closes the phrase


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " ,\u00a0":
        a += 1
    while b > a and text[b - 1] in " ,\u00a0":
        b -= 1
    return a, b


def according_attributions(
    page: Page, quoted: list[tuple[int, int]], used_cues: set[int]
) -> list[RuleAttribution]:
    """Attributions of the sentences that say "according to X" outside any quotation.

    "X, according to Y." and "According to Y, X." give the clause X; "A, according to Y, B."
    gives one content of two fragments, A and B. `quoted` lists the quotations' outer ranges in
    order; cues already used by a quotation's attribution are in `used_cues`.
    """
    text = page.text
    out: list[RuleAttribution] = []
    starts = [a for a, _ in quoted]
    for m in _ACCORDING_RE.finditer(text):
        pos = m.start() - 1
        if (
            pos < 0
            or text[pos] not in "Aa"
            or (pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_"))
        ):
            continue
        k = bisect_right(starts, pos) - 1
        if pos in used_cues or (k >= 0 and pos < quoted[k][1]) or page.taken_at(pos):
            continue
        line = page.index_at(pos)
        s, e = sentence_bounds(text, page.starts[line], page.ends[line], pos)
        while e > s and text[e - 1] in _TRAILING:
            e -= 1
        source = source_after(text, m.end(), e)
        if source is None or source[2] == "pronoun":
            continue
        before = text[s:pos].rstrip()
        comma = text.find(",", source[1], min(e, source[1] + _REST))
        if not before:
            if comma < 0:
                continue
            pieces = [_trim(text, comma + 1, e)]
        elif before.endswith(","):
            head = _trim(text, s, s + len(before) - 1)
            tail = _trim(text, comma + 1, e) if comma >= 0 else (e, e)
            pieces = [head, tail] if len(_WORD_RE.findall(text, *tail)) >= 3 else [head]
        else:
            pieces = [_trim(text, s, pos)]
        pieces = [p for p in pieces if p[0] < p[1]]
        if sum(len(_WORD_RE.findall(text, a, b)) for a, b in pieces) < 3:
            continue
        k = bisect_right(starts, pieces[-1][1]) - 1
        if k >= 0 and quoted[k][1] > pieces[0][0]:
            continue  # the clause holds a quotation: the quotation rules speak for it
        rule = "according.clause"
        out.append(
            RuleAttribution(
                RuleSpan("content", tuple(pieces), 0.8, rule),
                RuleSpan("source", ((source[0], source[1]),), 0.8, rule),
                RuleSpan("cue", ((pos, m.end()),), 0.8, rule),
            )
        )
    return out
