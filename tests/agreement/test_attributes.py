"""Span attributes: alpha on the spans that overlap matching paired."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from annotator.agreement import CodedDocument, CodedSpan, Variable, VariableType, compute_agreement
from tests.agreement.helpers import span_document

OFF, EXP = {"type": "official"}, {"type": "expert"}


def test_attribute_alpha_on_matched_pairs_agrees_with_the_oracle() -> None:
    doc1 = span_document(
        1,
        100,
        {"ann": [(0, 10, OFF), (20, 30, EXP), (40, 50, EXP)], "bob": [(0, 12, OFF), (21, 30, OFF)]},
        label="SOURCE",
    )
    doc2 = span_document(
        2,
        100,
        {
            "ann": [(0, 5, OFF), (10, 20, EXP), (30, 40, {})],
            "bob": [(0, 5, OFF), (10, 20, EXP), (30, 40, EXP)],
        },
        label="SOURCE",
    )
    report = compute_agreement([doc1, doc2], [Variable("SOURCE.type")], ["SOURCE"], bootstrap=0)
    row = report.attributes["SOURCE.type"]
    # The unmatched span (40, 50) is not a unit; (30, 40) has one value only: not pairable.
    data = np.array([[0, 1, 0, 1, np.nan], [0, 0, 0, 1, 1]], float)
    assert row.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    )
    assert (row.units, row.pairable_values, row.documents) == (4, 8, 2)
    assert [(d.doc_id, d.where, dict(d.values)) for d in row.disagreements] == [
        (1, (20, 30), {"ann": "expert", "bob": "official"})
    ]
    assert "SOURCE.type" not in report.variables


def test_three_coders_whose_spans_all_match_form_one_unit() -> None:
    doc = span_document(
        1, 100, {"ann": [(0, 10, OFF)], "bob": [(1, 10, OFF)], "cat": [(0, 9, EXP)]}, label="SOURCE"
    )
    row = compute_agreement([doc], [Variable("SOURCE.type")], ["SOURCE"], bootstrap=0).attributes[
        "SOURCE.type"
    ]
    assert (row.units, row.pairable_values, row.coders) == (1, 3, 3)


def test_a_group_holding_two_spans_of_one_coder_falls_back_to_its_pairs() -> None:
    # bob's [0, 20) pairs with ann's [0, 10); cat's [8, 20) pairs with bob's and with ann's [10, 20).
    doc = span_document(
        1,
        100,
        {"ann": [(0, 10, OFF), (10, 20, OFF)], "bob": [(0, 20, OFF)], "cat": [(8, 20, EXP)]},
        label="SOURCE",
    )
    row = compute_agreement([doc], [Variable("SOURCE.type")], ["SOURCE"], bootstrap=0).attributes[
        "SOURCE.type"
    ]
    assert (row.units, row.pairable_values) == (3, 6)


def test_numeric_attribute_at_interval_level() -> None:
    docs = [
        span_document(i, 50, {"ann": [(0, 10, {"n": a})], "bob": [(0, 10, {"n": b})]}, label="QUOTE")
        for i, (a, b) in enumerate([(1, 1), (2, 3), (5, 5), (9, 8), (4, 4)])
    ]
    variable = Variable("QUOTE.n", VariableType.NUMBER, "interval")  # type: ignore[arg-type]
    row = compute_agreement(docs, [variable], ["QUOTE"], bootstrap=0).attributes["QUOTE.n"]
    data = np.array([[1, 2, 5, 9, 4], [1, 3, 5, 8, 4]], float)
    assert row.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
    )
    assert row.kappa_pairs == {}


def test_a_bad_attribute_value_names_the_span() -> None:
    doc = CodedDocument(
        "d9",
        50,
        ("ann", "bob"),
        spans={
            "ann": (CodedSpan.plain("QUOTE", 3, 9, {"n": "many"}),),
            "bob": (CodedSpan.plain("QUOTE", 3, 9, {"n": 2}),),
        },
    )
    from annotator.core.errors import ValidationError

    with pytest.raises(
        ValidationError, match="document d9: ann's QUOTE span at 3-9: the value 'many' of QUOTE.n"
    ):
        compute_agreement([doc], [Variable("QUOTE.n", VariableType.NUMBER)], ["QUOTE"], bootstrap=0)
