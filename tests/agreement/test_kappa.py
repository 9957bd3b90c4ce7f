"""Cohen's kappa per coder pair and Fleiss' kappa, on published and hand-computed cases."""

from __future__ import annotations

import pytest

from annotator.agreement import CodedDocument, Level, Variable, VariableType, compute_agreement
from tests.agreement.helpers import matrix_documents


def _two_by_two(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> dict[str, list[object]]:
    pairs = [("y", "y")] * yes_yes + [("y", "n")] * yes_no + [("n", "y")] * no_yes + [("n", "n")] * no_no
    return {"ann": [a for a, _ in pairs], "bob": [b for _, b in pairs]}


def test_cohen_kappa_of_a_two_by_two_table() -> None:
    # p_o = 35/50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / 0.5.
    docs = matrix_documents("V", _two_by_two(20, 5, 10, 15))
    row = compute_agreement(docs, [Variable("V")], bootstrap=0).variables["V"]
    assert row.kappa_pairs == {"ann|bob": pytest.approx(0.4)}


def test_cohen_kappa_uses_only_the_units_both_coders_coded() -> None:
    rows = _two_by_two(20, 5, 10, 15)
    rows["cat"] = [None] * 50
    docs = matrix_documents("V", rows)
    # Units the pair did not both code: ann alone (with cat), bob alone (with cat).
    docs.append(CodedDocument("x1", 10, ("ann", "cat"), {"V": {"ann": "y", "cat": "n"}}))
    docs.append(CodedDocument("x2", 10, ("bob", "cat"), {"V": {"bob": "n", "cat": "n"}}))
    row = compute_agreement(docs, [Variable("V")], bootstrap=0).variables["V"]
    assert row.kappa_pairs["ann|bob"] == pytest.approx(0.4)
    assert row.kappa_pairs["ann|cat"] == pytest.approx(0.0)  # one unit, disagreeing: p_o = p_e = 0
    assert row.kappa_pairs["bob|cat"] is None  # one unit, no variation: undefined


# Fleiss (1971) as reproduced on Wikipedia: 10 subjects, 14 raters, 5 categories; kappa = 0.210.
FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_of_the_published_example() -> None:
    raters = [f"r{k:02d}" for k in range(14)]
    docs = []
    for u, counts in enumerate(FLEISS):
        ratings = [category for category, n in enumerate(counts, 1) for _ in range(n)]
        docs.append(CodedDocument(u, 10, tuple(raters), {"V": dict(zip(raters, ratings, strict=True))}))
    row = compute_agreement(docs, [Variable("V", values=(1, 2, 3, 4, 5))], bootstrap=0).variables["V"]
    assert round(row.fleiss_kappa or 0, 3) == 0.210


def test_fleiss_kappa_with_varying_numbers_of_coders() -> None:
    # P_u = 1/3, 1, 0 (mean 4/9); p_a = 5/7, p_b = 2/7, P_e = 29/49; kappa = -65/180.
    rows = {"ann": ["a", "a", "b"], "bob": ["a", "a", "a"], "cat": ["b", None, None]}
    row = compute_agreement(matrix_documents("V", rows), [Variable("V")], bootstrap=0).variables["V"]
    assert row.fleiss_kappa == pytest.approx(-65 / 180)


def test_kappas_only_for_nominal_variables() -> None:
    docs = matrix_documents("V", {"ann": [1, 2, 3], "bob": [1, 2, 2]})
    row = compute_agreement(
        docs, [Variable("V", VariableType.NUMBER, Level.INTERVAL)], bootstrap=0
    ).variables["V"]
    assert row.kappa_pairs == {} and row.fleiss_kappa is None
    assert row.to_json()["fleiss_kappa"] is None
