"""The report's stable JSON shape, its drill-down data, and the choice of coders and documents."""

from __future__ import annotations

import json

import pytest

from annotator.agreement import CodedDocument, Level, Variable, VariableType, compute_agreement
from annotator.core.errors import ValidationError
from tests.agreement.helpers import matrix_documents, span_document

ROW_KEYS = {
    "level",
    "alpha",
    "ci95",
    "units",
    "pairable_values",
    "documents",
    "coders",
    "kappa_pairs",
    "kappa_ci95",
    "fleiss_kappa",
    "fleiss_ci95",
}


def _docs() -> list[CodedDocument]:
    frames = {
        "alice": ["a", "b", "a", "c", "a"],
        "bob": ["a", "b", "b", "c", "a"],
        "carol": ["a", None, "b", "c", "c"],
    }
    docs = matrix_documents("FRAME", frames)
    for k, doc in enumerate(docs):
        spans = span_document(
            doc.doc_id, 100, {"alice": [(0, 10, {"t": "x"})], "bob": [(0, 10 + k, {"t": "x"})], "carol": []}
        )
        docs[k] = CodedDocument(doc.doc_id, 100, doc.coders, doc.values, spans.spans)
    return docs


def test_json_shape() -> None:
    report = compute_agreement(_docs(), [Variable("FRAME"), Variable("CLAIM.t")], ["CLAIM"], bootstrap=100)
    data = json.loads(json.dumps(report.to_json(), allow_nan=False))
    assert set(data) == {"coders", "documents", "bootstrap", "variables", "spans", "attributes"}
    assert data["coders"] == ["alice", "bob", "carol"] and data["documents"] == 5
    assert data["bootstrap"] == {"draws": 100, "seed": 0}
    frame = data["variables"]["FRAME"]
    assert set(frame) == ROW_KEYS and frame["level"] == "nominal"
    assert set(frame["kappa_pairs"]) == {"alice|bob", "alice|carol", "bob|carol"}
    assert len(frame["ci95"]) == 2 and frame["ci95"][0] <= frame["alpha"] <= frame["ci95"][1]
    claim = data["spans"]["CLAIM"]
    assert set(claim) == {
        "f1_exact",
        "f1_overlap",
        "alpha_u",
        "ci95",
        "pairs",
        "documents",
        "coders",
        "spans",
    }
    assert set(claim["ci95"]) == {"f1_exact", "f1_overlap", "alpha_u"}
    # carol coded no span: her pairs count with F1 0 (the other coders have spans).
    assert claim["pairs"] == 3 and claim["spans"] == 10
    assert set(data["attributes"]["CLAIM.t"]) == ROW_KEYS
    # Every matched span has the same t: no variation, alpha undefined.
    assert data["attributes"]["CLAIM.t"]["alpha"] is None


def test_disagreements_and_coincidences_for_the_drill_down() -> None:
    report = compute_agreement(_docs(), [Variable("FRAME", values=("a", "b", "c"))], ["CLAIM"], bootstrap=0)
    frame = report.variables["FRAME"]
    assert [(d.doc_id, dict(d.values)) for d in frame.disagreements] == [
        ("d2", {"alice": "a", "bob": "b", "carol": "b"}),
        ("d4", {"alice": "a", "bob": "a", "carol": "c"}),
    ]
    assert frame.coincidence is not None and frame.coincidence.values == ("a", "b", "c")
    total = sum(map(sum, frame.coincidence.counts))
    assert total == pytest.approx(frame.pairable_values)
    assert report.worst_variable() is frame
    assert [d.doc_id for d in report.spans["CLAIM"].disagreements] == ["d0", "d1", "d2", "d3", "d4"]


def test_chosen_coders_only() -> None:
    report = compute_agreement(_docs(), [Variable("FRAME")], coders=["carol", "alice"], bootstrap=0)
    assert report.coders == ("carol", "alice")
    frame = report.variables["FRAME"]
    assert list(frame.kappa_pairs) == ["carol|alice"]
    assert (frame.units, report.documents) == (4, 5)


@pytest.mark.parametrize(
    ("coders", "message"),
    [
        (["alice"], "at least two coders"),
        (["alice", "dan"], "no document was coded by dan"),
        (["alice", "alice"], "named twice"),
    ],
)
def test_bad_coder_choices_are_refused(coders: list[str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        compute_agreement(_docs(), [Variable("FRAME")], coders=coders)


def test_inconsistent_documents_are_refused() -> None:
    ghost = CodedDocument(1, 10, ("ann", "bob"), {"V": {"zed": 1}})
    with pytest.raises(ValidationError, match="document 1: zed has a value of V but is not a coder"):
        compute_agreement([ghost], [Variable("V")])
    outside = span_document(2, 10, {"ann": [(5, 12)], "bob": []})
    with pytest.raises(ValidationError, match=r"document 2: ann's CLAIM span has a piece \[5, 12\) outside"):
        compute_agreement([outside], [], ["CLAIM"])
    twice = matrix_documents("V", {"ann": [1], "bob": [1]}) * 2
    with pytest.raises(ValidationError, match="document d0 is given twice"):
        compute_agreement(twice, [Variable("V")])


def test_levels_are_reported_as_given() -> None:
    docs = matrix_documents("N", {"ann": [1, 2, 3], "bob": [1, 2, 4]})
    report = compute_agreement(docs, [Variable("N", VariableType.NUMBER, Level.RATIO)], bootstrap=0)
    assert report.to_json()["variables"]["N"]["level"] == "ratio"


def test_a_sample_without_any_doubly_coded_document_reports_only_nulls() -> None:
    docs = [
        CodedDocument(1, 10, ("ann",), {"V": {"ann": 1}}),
        CodedDocument(2, 10, ("bob",), {"V": {"bob": 2}}),
    ]
    report = compute_agreement(docs, [Variable("V"), Variable("CLAIM.t")], ["CLAIM"], bootstrap=20)
    data = report.to_json()
    assert data["documents"] == 0
    assert data["variables"]["V"]["alpha"] is None and data["variables"]["V"]["units"] == 0
    assert data["spans"]["CLAIM"]["alpha_u"] is None and data["spans"]["CLAIM"]["ci95"]["f1_exact"] is None
    assert data["attributes"]["CLAIM.t"]["alpha"] is None
