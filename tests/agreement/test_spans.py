"""Span agreement: exact and overlap F1 on hand-computed cases; unitizing alpha on published cases and properties."""

from __future__ import annotations

import pytest

from annotator.agreement import CodedDocument, CodedSpan, compute_agreement
from annotator.agreement.matching import overlap_matches, shared_points
from tests.agreement.helpers import span_document


def _spans(*docs: CodedDocument, labels: tuple[str, ...] = ("CLAIM",)) -> dict:
    return dict(compute_agreement(list(docs), [], list(labels), bootstrap=0).spans)


def test_exact_and_overlap_f1_of_two_coders() -> None:
    doc = span_document(1, 100, {"ann": [(0, 10), (20, 30), (50, 60)], "bob": [(0, 10), (22, 30), (70, 80)]})
    claim = _spans(doc)["CLAIM"]
    assert claim.f1_exact == pytest.approx(2 * 1 / 6)
    assert claim.f1_overlap == pytest.approx(2 * 2 / 6)
    assert (claim.pairs, claim.documents, claim.coders, claim.spans) == (1, 1, 2, 6)


def test_overlap_matching_is_one_to_one_and_greedy_by_shared_characters() -> None:
    # ann [12, 20) shares 8 with bob [5, 20); ann [0, 10) shares 6 with bob [0, 6) and 5 with [5, 20).
    doc = span_document(1, 100, {"ann": [(0, 10), (12, 20)], "bob": [(5, 20), (0, 6)]})
    assert _spans(doc)["CLAIM"].f1_overlap == pytest.approx(1.0)
    # One bob span overlapping two of ann's matches only one of them, the larger overlap.
    a = [CodedSpan.plain("CLAIM", 0, 10), CodedSpan.plain("CLAIM", 10, 14)]
    b = [CodedSpan.plain("CLAIM", 2, 14)]
    assert overlap_matches(a, b) == [(0, 0)]
    doc = span_document(2, 100, {"ann": [(0, 10), (10, 14)], "bob": [(2, 14)]})
    assert _spans(doc)["CLAIM"].f1_overlap == pytest.approx(2 * 1 / 3)


def test_overlap_counts_the_pieces_of_discontinuous_spans() -> None:
    split = CodedSpan("CLAIM", ((0, 5), (20, 25)))
    assert shared_points(split, CodedSpan.plain("CLAIM", 5, 20)) == 0
    assert shared_points(split, CodedSpan.plain("CLAIM", 3, 22)) == 4
    doc = CodedDocument(
        1, 50, ("ann", "bob"), spans={"ann": (split,), "bob": (CodedSpan.plain("CLAIM", 5, 20),)}
    )
    claim = _spans(doc)["CLAIM"]
    assert claim.f1_overlap == 0.0 and claim.f1_exact == 0.0
    same = CodedDocument(1, 50, ("ann", "bob"), spans={"ann": (split,), "bob": (split,)})
    assert _spans(same)["CLAIM"].f1_exact == 1.0


def test_f1_is_micro_averaged_over_documents_per_pair_then_averaged_over_pairs() -> None:
    doc1 = span_document(1, 50, {"ann": [(0, 10)], "bob": [(0, 10)], "cat": []})
    doc2 = span_document(2, 50, {"ann": [(0, 5), (10, 15)], "bob": [(0, 5)], "cat": [(0, 5)]})
    # ann|bob 2*2/5, ann|cat 2*1/4, bob|cat 2*1/3.
    claim = _spans(doc1, doc2)["CLAIM"]
    assert claim.f1_exact == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    assert claim.pairs == 3


def test_other_labels_do_not_match() -> None:
    doc = CodedDocument(
        1,
        50,
        ("ann", "bob"),
        spans={"ann": (CodedSpan.plain("CLAIM", 0, 10),), "bob": (CodedSpan.plain("SOURCE", 0, 10),)},
    )
    spans = _spans(doc, labels=("CLAIM", "SOURCE"))
    assert spans["CLAIM"].f1_exact == 0.0 and spans["SOURCE"].f1_overlap == 0.0


def test_no_span_at_all_leaves_every_span_figure_undefined() -> None:
    claim = _spans(span_document(1, 50, {"ann": [], "bob": []}))["CLAIM"]
    assert (claim.f1_exact, claim.f1_overlap, claim.alpha_u, claim.pairs) == (None, None, None, 0)


def test_span_disagreements_list_the_documents_with_unmatched_spans() -> None:
    same = span_document("same", 50, {"ann": [(0, 10)], "bob": [(0, 10)]})
    moved = span_document("moved", 50, {"ann": [(0, 10)], "bob": [(1, 10)]})
    extra = span_document("extra", 50, {"ann": [(0, 10)], "bob": [(0, 10), (20, 30)]})
    claim = _spans(same, moved, extra)["CLAIM"]
    assert [(d.doc_id, dict(d.values)) for d in claim.disagreements] == [
        ("moved", {"ann": 1, "bob": 1}),
        ("extra", {"ann": 1, "bob": 2}),
    ]


def _krippendorff_2004() -> CodedDocument:
    """Krippendorff (2004), Content Analysis, p. 254: two coders, continuum [150, 450), shifted to 0."""

    def spans(label: str, pieces: list[tuple[int, int]]) -> tuple[CodedSpan, ...]:
        return tuple(CodedSpan.plain(label, b - 150, b - 150 + n) for b, n in pieces)

    first = spans("c", [(225, 70), (370, 30)]) + spans("k", [(180, 60), (300, 50)])
    second = spans("c", [(220, 80), (355, 20), (400, 20)]) + spans("k", [(180, 60), (300, 50)])
    return CodedDocument("p254", 300, ("i", "j"), spans={"i": first, "j": second})


def test_unitizing_alpha_of_krippendorff_2004() -> None:
    spans = _spans(_krippendorff_2004(), labels=("c", "k"))
    # D_o = 0.0144, D_e = 0.0532 for c; k is coded identically. (The figures DKPro Statistics reproduces.)
    assert spans["c"].alpha_u == pytest.approx(0.7286, abs=5e-5)
    assert spans["k"].alpha_u == 1.0


def test_unitizing_alpha_of_krippendorff_1995() -> None:
    """Krippendorff (1995), Sociological Methodology 25, p. 57: four pairs of coders on 24 positions."""
    pieces = {
        "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)]),
        "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]),
        "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]),
        "D": ([(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)], [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)]),
    }
    # The paper treats the positions as a continuum: stretch them so that single characters do not matter.
    k = 1000
    coded = {
        coder: tuple(
            CodedSpan.plain(label, b * k, (b + n) * k)
            for label, both in pieces.items()
            for b, n in both[side]
        )
        for side, coder in enumerate(("first", "second"))
    }
    spans = _spans(CodedDocument(1, 24 * k, ("first", "second"), spans=coded), labels=tuple(pieces))
    assert spans["A"].alpha_u == pytest.approx(0.553, abs=0.002)
    assert spans["B"].alpha_u == pytest.approx(-0.926, abs=0.005)
    assert spans["D"].alpha_u == pytest.approx(0.066, abs=0.002)
    # The paper's C (0.679) carries a small slip in its D_e (noted by DKPro Statistics, which also allows 0.02).
    assert spans["C"].alpha_u == pytest.approx(0.679, abs=0.02)


def _alpha_u(*docs: CodedDocument) -> float:
    value = _spans(*docs)["CLAIM"].alpha_u
    assert value is not None
    return value


def test_unitizing_alpha_is_symmetric_in_the_coders() -> None:
    codings = {"ann": [(3, 20), (40, 52)], "bob": [(5, 20), (30, 35), (41, 60)], "cat": [(0, 18)]}
    forward = _alpha_u(span_document(1, 80, codings))
    reordered = {k: codings[k] for k in ("cat", "bob", "ann")}
    assert _alpha_u(span_document(1, 80, reordered)) == pytest.approx(forward)
    renamed = {"zed": codings["ann"], "ann": codings["bob"], "bob": codings["cat"]}
    assert _alpha_u(span_document(1, 80, renamed)) == pytest.approx(forward)


def test_unitizing_alpha_is_one_for_identical_codings_and_drops_as_a_boundary_moves() -> None:
    base = [(10, 30), (50, 70)]
    assert _alpha_u(span_document(1, 100, {"ann": base, "bob": base, "cat": base})) == 1.0
    shifted = [
        _alpha_u(span_document(1, 100, {"ann": base, "bob": [(10 + d, 30), (50, 70)]})) for d in (0, 2, 5, 10)
    ]
    assert shifted[0] == 1.0
    assert shifted[0] > shifted[1] > shifted[2] > shifted[3]


def test_documents_coded_by_one_coder_only_change_nothing() -> None:
    pair = span_document(1, 100, {"ann": [(10, 30)], "bob": [(12, 30)]})
    alone = span_document(2, 100, {"ann": [(0, 90)]})
    assert _spans(pair, alone)["CLAIM"] == _spans(pair)["CLAIM"]


def _reference_alpha_u(docs: list[CodedDocument], label: str) -> float:
    """Alpha_u straight from the definitions, every pair of sections compared (a slow, independent reading)."""
    observed = pairs = values = squares = 0.0
    units: list[int] = []
    gap_lengths: list[int] = []
    for doc in docs:
        coded = []
        for coder in doc.coders:
            merged: list[list[int]] = []
            pieces = sorted(p for s in doc.spans.get(coder, ()) if s.label == label for p in s.fragments)
            for b, e in pieces:
                if merged and b < merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], e)
                else:
                    merged.append([b, e])
            edges = [0, *(x for b, e in merged for x in (b, e)), doc.length]
            gaps = [(edges[k], edges[k + 1]) for k in range(0, len(edges), 2) if edges[k] < edges[k + 1]]
            coded.append([(b, e, True) for b, e in merged] + [(b, e, False) for b, e in gaps])
        m = len(coded)
        pairs += m * (m - 1) * doc.length
        values += m * doc.length
        for sections in coded:
            units += [e - b for b, e, unit in sections if unit]
            gap_lengths += [e - b for b, e, unit in sections if not unit]
            squares += sum((e - b) * (e - b - 1) for b, e, unit in sections if unit)
        for i in range(m):
            for j in range(m):
                for b1, e1, u1 in coded[i] if i != j else []:
                    for b2, e2, u2 in coded[j]:
                        if u1 and u2 and b1 < e2 and b2 < e1:
                            observed += (b1 - b2) ** 2 + (e1 - e2) ** 2
                        elif u1 and not u2 and b2 <= b1 and e1 <= e2:
                            observed += 2 * (e1 - b1) ** 2  # inside the gap: counted for (i, j) and (j, i)
    n = len(units)
    expected = sum(
        (n - 1) * (2 * lu**3 - 3 * lu**2 + lu) / 3 + lu**2 * sum(g - lu + 1 for g in gap_lengths if g >= lu)
        for lu in units
    )
    return 1 - observed * (values * (values - 1) - squares) / (2 * expected * pairs)


def test_unitizing_alpha_matches_a_section_by_section_reading_on_random_documents() -> None:
    import random

    rng = random.Random(5)
    for _ in range(15):
        docs = []
        for d in range(rng.randint(1, 5)):
            length = rng.randint(20, 60)
            coders = tuple(rng.sample(["ann", "bob", "cat", "dan"], rng.randint(2, 4)))
            spans = {}
            for coder in coders:
                mine = []
                for _ in range(rng.randint(0, 4)):
                    b = rng.randrange(0, length - 1)
                    mine.append(CodedSpan.plain("CLAIM", b, rng.randint(b + 1, min(length, b + 15))))
                spans[coder] = tuple(mine)
            docs.append(CodedDocument(d, length, coders, spans=spans))
        value = _spans(*docs)["CLAIM"].alpha_u
        if value is None:
            continue
        assert value == pytest.approx(_reference_alpha_u(docs, "CLAIM")), docs
