"""Krippendorff's alpha: the published worked example, the krippendorff package as oracle, multi values."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest

from annotator.agreement import Level, Variable, VariableType, compute_agreement
from annotator.core.errors import ValidationError
from tests.agreement.helpers import matrix_documents

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": four coders, twelve units.
_ = None
WORKED = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    "C": [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
}
PUBLISHED = {Level.NOMINAL: 0.743, Level.ORDINAL: 0.815, Level.INTERVAL: 0.849, Level.RATIO: 0.797}


@pytest.mark.parametrize("level", list(Level))
def test_worked_example_gives_the_published_alpha(level: Level) -> None:
    docs = matrix_documents("V", WORKED)
    report = compute_agreement(docs, [Variable("V", VariableType.NUMBER, level)], bootstrap=0)
    row = report.variables["V"]
    assert round(row.alpha or math.nan, 3) == PUBLISHED[level]
    # Unit 12 has one value only: not pairable. The paper counts n = 40 pairable values.
    assert (row.units, row.pairable_values, row.coders) == (11, 40, 4)


def test_worked_example_as_an_ordinal_choice_and_its_coincidences() -> None:
    docs = matrix_documents("V", WORKED)
    variable = Variable("V", VariableType.CHOICE, Level.ORDINAL, (1, 2, 3, 4, 5))
    row = compute_agreement(docs, [variable], bootstrap=0).variables["V"]
    assert round(row.alpha or math.nan, 3) == 0.815
    nominal = compute_agreement(docs, [Variable("V", values=(1, 2, 3, 4, 5))], bootstrap=0).variables["V"]
    assert nominal.coincidence is not None
    # The coincidence matrix printed in the paper.
    third = 1 / 3
    published = [
        [7, 4 / 3, third, third, 0],
        [4 / 3, 10, 4 / 3, third, 0],
        [third, 4 / 3, 8, third, 0],
        [third, third, third, 4, 0],
        [0, 0, 0, 0, 3],
    ]
    assert nominal.coincidence.values == (1, 2, 3, 4, 5)
    assert np.allclose(nominal.coincidence.counts, published)


def _random_matrix(rng: np.random.Generator, values: list[float]) -> np.ndarray:
    """Coders x units, each coder copying a unit's true value with a per-dataset probability; some missing."""
    coders = int(rng.integers(2, 7))
    units = int(rng.integers(3, 40))
    truth = rng.choice(values, size=units)
    noise = rng.choice(values, size=(coders, units))
    data = np.where(rng.random((coders, units)) < rng.random(), truth[None, :], noise).astype(float)
    data[rng.random((coders, units)) < rng.uniform(0, 0.5)] = np.nan
    return data


def _documents(data: np.ndarray) -> list:
    rows = {f"c{k}": [None if np.isnan(x) else float(x) for x in line] for k, line in enumerate(data)}
    return matrix_documents("V", rows)


@pytest.mark.parametrize("level", list(Level))
def test_the_krippendorff_package_agrees_on_random_data_with_missing_values(level: Level) -> None:
    rng = np.random.default_rng(20240611)
    compared = 0
    for _ in range(60):
        pool = [0.0, 1.0, 2.0, 3.5, 7.0, 10.0, 11.0][: int(rng.integers(2, 8))]
        data = _random_matrix(rng, pool)
        if len(np.unique(data[~np.isnan(data)])) < 2 or ((~np.isnan(data)).sum(axis=0) >= 2).sum() == 0:
            continue
        try:
            expected = krippendorff.alpha(reliability_data=data, level_of_measurement=str(level))
        except ValueError:
            continue
        row = compute_agreement(_documents(data), [Variable("V", VariableType.NUMBER, level)], bootstrap=0)
        alpha = row.variables["V"].alpha
        if not np.isfinite(expected):
            assert alpha is None
            continue
        assert alpha is not None and alpha == pytest.approx(expected, abs=1e-9), data
        compared += 1
    assert compared >= 40


def test_multi_valued_variable_gets_one_nominal_alpha_per_value() -> None:
    sets = {
        "ann": [["economy"], ["economy", "health"], [], ["crime"], ["health"], ["economy"]],
        "bob": [["economy"], ["health"], ["crime"], ["crime"], ["health", "economy"], None],
        "cat": [None, ["economy", "health"], [], ["crime", "economy"], ["health"], ["economy"]],
    }
    docs = matrix_documents("TOPICS", sets)
    variable = Variable("TOPICS", VariableType.MULTI, values=("economy", "health", "crime"))
    report = compute_agreement(docs, [variable], bootstrap=0)
    assert list(report.variables) == ["TOPICS=economy", "TOPICS=health", "TOPICS=crime"]
    for value in ("economy", "health", "crime"):
        presence = np.array(
            [[np.nan if s is None else float(value in s) for s in sets[c]] for c in ("ann", "bob", "cat")]
        )
        expected = krippendorff.alpha(reliability_data=presence, level_of_measurement="nominal")
        row = report.variables[f"TOPICS={value}"]
        assert row.level == "nominal"
        assert row.alpha == pytest.approx(expected)


def test_absent_and_none_values_are_missing_and_single_values_not_pairable() -> None:
    rows = {"ann": [1, 2, 3, 1], "bob": [1, 2, 3, None], "cat": [None, None, None, 2]}
    docs = matrix_documents("V", rows)
    docs[0] = type(docs[0])("d0", 100, ("ann", "bob", "cat"), {"V": {"ann": 1, "bob": 1, "cat": None}})
    row = compute_agreement(docs, [Variable("V")], bootstrap=0).variables["V"]
    assert (row.units, row.pairable_values) == (4, 8)
    data = np.array([[1, 2, 3, 1], [1, 2, 3, np.nan], [np.nan, np.nan, np.nan, 2]], float)
    assert row.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    )


def test_no_variation_leaves_alpha_undefined() -> None:
    docs = matrix_documents("V", {"ann": ["x", "x", "x"], "bob": ["x", "x", "x"]})
    report = compute_agreement(docs, [Variable("V", VariableType.TEXT)], bootstrap=50)
    row = report.variables["V"]
    assert row.alpha is None and row.ci95 is None
    assert report.to_json()["variables"]["V"]["alpha"] is None


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            Variable("V", VariableType.CHOICE, Level.ORDINAL, ("low", "high")),
            "mid",
            "not one of its ordered values",
        ),
        (Variable("V", VariableType.NUMBER, Level.INTERVAL), "7", "is not a number"),
        (Variable("V", VariableType.NUMBER, Level.RATIO), -2, "negative"),
        (Variable("V", VariableType.BOOL), "yes", "not true or false"),
        (Variable("V", VariableType.MULTI), "economy", "not a list"),
    ],
)
def test_a_value_that_does_not_fit_names_document_coder_and_variable(
    variable: Variable, value: object, message: str
) -> None:
    docs = matrix_documents("V", {"ann": [value], "bob": [value]})
    with pytest.raises(ValidationError, match=message) as info:
        compute_agreement(docs, [variable], bootstrap=0)
    assert "document d0: ann" in str(info.value) and "of V" in str(info.value)


def test_impossible_variable_specs_are_refused() -> None:
    with pytest.raises(ValidationError, match="ordinal choice needs its values"):
        Variable("V", VariableType.CHOICE, Level.ORDINAL)
    with pytest.raises(ValidationError, match="cannot be interval"):
        Variable("V", VariableType.TEXT, Level.INTERVAL)
    with pytest.raises(ValidationError, match="must be numbers"):
        Variable("V", VariableType.CHOICE, Level.INTERVAL, ("a", "b"))
