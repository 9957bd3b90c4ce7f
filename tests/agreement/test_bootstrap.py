"""Bootstrap intervals: reproducible for a seed, and each draw equal to recomputing on the resampled documents."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from annotator.agreement import CodedDocument, CodedSpan, Level, Variable, VariableType, compute_agreement
from annotator.agreement.perdoc import weight_chunks

CODERS = ("ann", "bob", "cat")
VARIABLES = [
    Variable("FRAME", values=("conflict", "economy", "human")),
    Variable("TONE", VariableType.CHOICE, Level.ORDINAL, ("neg", "neutral", "pos")),
    Variable("WORDS", VariableType.NUMBER, Level.RATIO),
    Variable("SOURCE.kind", values=("official", "expert")),
]
LABELS = ["CLAIM", "SOURCE"]


def _corpus(n: int, seed: int = 3) -> list[CodedDocument]:
    """Coders who mostly copy a shared truth; every document coded by two or three of them."""
    rng = random.Random(seed)
    docs = []
    for d in range(n):
        coders = tuple(rng.sample(CODERS, rng.choice((2, 3))))
        truth = {
            "FRAME": rng.choice(VARIABLES[0].values),
            "TONE": rng.choice(VARIABLES[1].values),
            "WORDS": rng.randint(0, 40),
        }
        noise = {
            "FRAME": lambda: rng.choice(VARIABLES[0].values),
            "TONE": lambda: rng.choice(VARIABLES[1].values),
            "WORDS": lambda: rng.randint(0, 40),
        }
        starts = sorted(rng.sample(range(0, 180, 20), 3))
        values: dict[str, dict[str, object]] = {name: {} for name in truth}
        spans = {}
        for coder in coders:
            for name, value in truth.items():
                if rng.random() < 0.9:
                    values[name][coder] = value if rng.random() < 0.8 else noise[name]()
            mine = []
            for k, start in enumerate(starts):
                if rng.random() < 0.85:
                    shift = rng.choice((0, 0, 0, 1, 3))
                    label = LABELS[k % 2]
                    kind = {"kind": rng.choice(("official", "official", "expert"))}
                    mine.append(CodedSpan.plain(label, start + shift, start + 12, kind))
            spans[coder] = tuple(mine)
        docs.append(CodedDocument(d, 200, coders, values, spans))
    return docs


def test_the_same_seed_gives_the_same_report_and_another_seed_other_intervals() -> None:
    docs = _corpus(60)
    first = compute_agreement(docs, VARIABLES, LABELS, bootstrap=200, seed=7).to_json()
    again = compute_agreement(docs, VARIABLES, LABELS, bootstrap=200, seed=7).to_json()
    other = compute_agreement(docs, VARIABLES, LABELS, bootstrap=200, seed=8).to_json()
    assert json.dumps(first) == json.dumps(again)
    assert first["variables"]["FRAME"]["ci95"] != other["variables"]["FRAME"]["ci95"]
    assert first["variables"]["FRAME"]["alpha"] == other["variables"]["FRAME"]["alpha"]


def test_intervals_contain_their_estimates() -> None:
    report = compute_agreement(_corpus(150), VARIABLES, LABELS, bootstrap=500, seed=1)
    rows = [*report.variables.values(), *report.attributes.values()]
    for row in rows:
        assert row.alpha is not None and row.ci95 is not None
        assert row.ci95[0] <= row.alpha <= row.ci95[1], row.name
    for span in report.spans.values():
        for name in ("f1_exact", "f1_overlap", "alpha_u"):
            value, interval = getattr(span, name), span.ci95[name]
            assert value is not None and interval is not None
            assert interval[0] <= value <= interval[1], (span.label, name)
    frame = report.variables["FRAME"]
    assert frame.fleiss_ci95 is not None and frame.kappa_ci95["ann|bob"] is not None


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_draw_equals_the_figures_of_the_resampled_documents(seed: int) -> None:
    docs = _corpus(40)
    [chunk] = list(weight_chunks(len(docs), 1, seed))
    resampled = [
        CodedDocument((doc.doc_id, r), doc.length, doc.coders, doc.values, doc.spans)
        for doc, count in zip(docs, chunk[0].astype(int), strict=True)
        for r in range(int(count))
    ]
    # With one draw, the interval's two ends are that draw's figure.
    drawn = compute_agreement(docs, VARIABLES, LABELS, bootstrap=1, seed=seed).to_json()
    direct = compute_agreement(resampled, VARIABLES, LABELS, bootstrap=0).to_json()
    for kind in ("variables", "attributes"):
        for name, row in direct[kind].items():
            assert drawn[kind][name]["ci95"] == pytest.approx([row["alpha"]] * 2), name
            assert drawn[kind][name]["fleiss_ci95"] == pytest.approx(
                None if row["fleiss_kappa"] is None else [row["fleiss_kappa"]] * 2
            )
            for pair, kappa in row["kappa_pairs"].items():
                assert drawn[kind][name]["kappa_ci95"][pair] == pytest.approx([kappa] * 2)
    for label, span in direct["spans"].items():
        for figure in ("f1_exact", "f1_overlap", "alpha_u"):
            assert drawn["spans"][label]["ci95"][figure] == pytest.approx([span[figure]] * 2), (label, figure)


def test_weights_draw_every_document_count_times_and_intervals_need_draws() -> None:
    chunks = list(weight_chunks(5000, 1000, 3))
    weights = np.concatenate(chunks)
    assert weights.shape == (1000, 5000) and len(chunks) > 1
    assert (weights.sum(axis=1) == 5000).all()
    report = compute_agreement(_corpus(20), VARIABLES, LABELS, bootstrap=0)
    assert report.variables["FRAME"].ci95 is None and report.spans["CLAIM"].ci95["alpha_u"] is None


def test_progress_reports_the_draws_done() -> None:
    seen: list[tuple[int, int]] = []
    compute_agreement(
        _corpus(20), VARIABLES, LABELS, bootstrap=300, progress=lambda d, t: seen.append((d, t))
    )
    assert seen and seen[-1] == (300, 300)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
