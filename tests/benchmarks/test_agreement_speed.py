"""Agreement on a large reliability sample: the computation alone, bootstrap included.

10,000 documents (about 3,000 characters) coded by 3 coders, each coding 3 document
variables (nominal, ordinal, ratio) and 5 spans over 3 labels with one attribute, so
every figure is computed: alpha, kappas, span F1, unitizing alpha, attribute alpha, and
1,000 bootstrap draws of each. The issue asks for the whole `annotator agreement` within
30 s; this measures the statistics engine's share of it and prints the time.

Run: python3 -m pytest tests/benchmarks/test_agreement_speed.py -m benchmark -s
(ANNOTATOR_BENCH_AGREEMENT_N sets the number of documents.)
"""

from __future__ import annotations

import os
import random
import time

import pytest

from annotator.agreement import CodedDocument, CodedSpan, Level, Variable, VariableType, compute_agreement

N = int(os.environ.get("ANNOTATOR_BENCH_AGREEMENT_N", "10000"))
CODERS = ("alice", "bob", "carol")
FRAMES = ("conflict", "economy", "human interest", "morality", "responsibility")
TONES = ("very negative", "negative", "neutral", "positive", "very positive")
LABELS = ("CLAIM", "SOURCE", "CAPTION")
VARIABLES = [
    Variable("FRAME", VariableType.CHOICE, Level.NOMINAL, FRAMES),
    Variable("TONE", VariableType.CHOICE, Level.ORDINAL, TONES),
    Variable("QUOTES", VariableType.NUMBER, Level.RATIO),
    Variable("SOURCE.type", VariableType.CHOICE, Level.NOMINAL, ("official", "expert", "citizen")),
]


def _corpus(n: int) -> list[CodedDocument]:
    """Coders who agree about four times in five; span boundaries move by a few characters."""
    rng = random.Random(12)
    docs = []
    for d in range(n):
        length = rng.randint(1500, 4500)
        frame, tone, quotes = rng.choice(FRAMES), rng.choice(TONES), rng.randint(0, 12)
        starts = sorted(rng.sample(range(0, length - 300), 5))
        truth = [(s, s + rng.randint(20, 250), rng.choice(LABELS)) for s in starts]
        values: dict[str, dict[str, object]] = {"FRAME": {}, "TONE": {}, "QUOTES": {}}
        spans = {}
        for coder in CODERS:
            values["FRAME"][coder] = frame if rng.random() < 0.8 else rng.choice(FRAMES)
            values["TONE"][coder] = tone if rng.random() < 0.7 else rng.choice(TONES)
            values["QUOTES"][coder] = quotes if rng.random() < 0.8 else rng.randint(0, 12)
            mine = []
            for start, end, label in truth:
                if rng.random() < 0.9:
                    shift = rng.choice((0, 0, 0, 2, 7))
                    kind = {"type": rng.choice(("official", "official", "expert", "citizen"))}
                    mine.append(CodedSpan.plain(label, start + shift, end, kind if label == "SOURCE" else {}))
            spans[coder] = tuple(mine)
        docs.append(CodedDocument(d, length, CODERS, values, spans))
    return docs


@pytest.mark.benchmark
def test_agreement_speed() -> None:
    docs = _corpus(N)
    started = time.perf_counter()
    report = compute_agreement(docs, VARIABLES, LABELS, bootstrap=1000, seed=1)
    elapsed = time.perf_counter() - started
    print(f"\nagreement of {N:,} documents x {len(CODERS)} coders, 1,000 draws: {elapsed:.2f} s")
    for name, row in report.variables.items():
        print(f"  {name}: alpha {row.alpha:.3f} {row.ci95}")
    for label, span in report.spans.items():
        print(f"  {label}: F1 {span.f1_exact:.3f}/{span.f1_overlap:.3f} alpha_u {span.alpha_u:.3f}")
    assert report.documents == N
    assert all(row.ci95 is not None for row in report.variables.values())
    assert elapsed < 30
