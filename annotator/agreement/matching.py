"""Matching two coders' spans of one label, and pairwise span F1 over documents.

Exact matching pairs spans with the same pieces; overlap matching pairs spans that share at
least one code point, one-to-one, greedily by the number of shared code points (ties: the
pair with the closer boundaries, then the earlier). For a coder pair, F1 = 2 * matches /
(spans of the first + spans of the second), summed over the documents both coded (micro
average); the reported F1 is the mean over the coder pairs for which it is defined (at least
one span of the label by either coder). F1 is symmetric in the two coders.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.agreement.model import CodedSpan
from annotator.agreement.perdoc import Builder, FloatArray, PerDoc


def shared_points(a: CodedSpan, b: CodedSpan) -> int:
    """The number of code points both spans cover."""
    if a.end <= b.start or b.end <= a.start:
        return 0
    total = 0
    i = j = 0
    fa, fb = a.fragments, b.fragments
    while i < len(fa) and j < len(fb):
        lo = max(fa[i][0], fb[j][0])
        hi = min(fa[i][1], fb[j][1])
        if hi > lo:
            total += hi - lo
        if fa[i][1] <= fb[j][1]:
            i += 1
        else:
            j += 1
    return total


def exact_matches(a: Sequence[CodedSpan], b: Sequence[CodedSpan]) -> int:
    """How many spans pair up with a span of identical pieces (one-to-one)."""
    if not a or not b:
        return 0
    counts = Counter(s.fragments for s in a)
    other = Counter(s.fragments for s in b)
    return sum(min(n, other[key]) for key, n in counts.items())


def overlap_matches(a: Sequence[CodedSpan], b: Sequence[CodedSpan]) -> list[tuple[int, int]]:
    """One-to-one pairs (index in a, index in b) of overlapping spans, greedy by shared code points."""
    candidates = []
    for i, s in enumerate(a):
        for j, t in enumerate(b):
            shared = shared_points(s, t)
            if shared:
                distance = abs(s.start - t.start) + abs(s.end - t.end)
                candidates.append((-shared, distance, min(s.start, t.start), i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


@dataclass(frozen=True)
class PairCounts:
    """One coder pair's counts in one document: exact matches, overlap matches, spans of both."""

    doc: int
    pair: int
    exact: int
    overlap: int
    spans: int


class F1Estimator:
    """Mean pairwise F1 of one label, with exact and with overlap matching."""

    def __init__(self, counts: Sequence[PairCounts], n_docs: int, n_pairs: int) -> None:
        self.n_pairs = n_pairs
        build = Builder(n_docs)
        first = build.block(3 * n_pairs)
        if counts:
            docs = np.array([c.doc for c in counts])
            cols = first + 3 * np.array([c.pair for c in counts])
            build.add(docs, cols, [c.exact for c in counts])
            build.add(docs, cols + 1, [c.overlap for c in counts])
            build.add(docs, cols + 2, [c.spans for c in counts])
        self.columns: PerDoc = build.build()
        totals = self.columns.totals()[0]
        self.pairs = int((totals[2::3] > 0).sum())

    def evaluate(self, totals: FloatArray) -> dict[str, FloatArray]:
        """Keys "f1_exact" and "f1_overlap" (NaN when no pair has a span)."""
        spans = totals[:, 2::3]
        defined = spans > 0
        count = defined.sum(axis=1)
        out = {}
        for key, offset in (("f1_exact", 0), ("f1_overlap", 1)):
            with np.errstate(divide="ignore", invalid="ignore"):
                f1 = np.where(defined, 2 * totals[:, offset::3] / spans, 0.0).sum(axis=1) / count
            out[key] = np.where(count > 0, f1, np.nan)
        return out
