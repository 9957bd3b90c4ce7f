"""Agreement read from the database equals the engine's on the same data built by hand; options, progress, drill-down."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from annotator.agreement import CodedDocument, CodedSpan, Variable, compute_agreement
from annotator.core.errors import Cancelled, ValidationError
from annotator.core.types import DocStatus
from annotator.project import Workspace
from annotator.project.reliability import AgreementOptions
from tests.project.team_data import CODEBOOK, Coded, add_articles, code, text

N = 30
FRAMES = ("conflict", "economic", "morality")
TYPES = ("official", "expert", "citizen")
VARIABLES = [
    Variable("FRAME", "choice", "nominal", FRAMES),
    Variable("TOPICS", "multi", "nominal", ("politics", "economy", "health")),
    Variable("TONE", "number", "interval"),
    Variable("SOURCE.type", "choice", "nominal", TYPES),
]


def _codings(seed: int = 4) -> dict[str, dict[int, Coded]]:
    """alice codes all 30 articles, bob 25 (the last 5 only started), carol the first 20."""
    rng = random.Random(seed)
    out: dict[str, dict[int, Coded]] = {"alice": {}, "bob": {}, "carol": {}}
    for i in range(N):
        frame, tone = rng.choice(FRAMES), rng.randint(1, 5)
        for coder in out:
            if coder == "carol" and i >= 20:
                continue
            spans: list[tuple[int, int, str, dict[str, Any]]] = []
            if rng.random() < 0.9:
                spans.append((0, 9 + rng.choice((0, 0, 1)), "CLAIM", {}))
            if rng.random() < 0.8:
                spans.append(
                    (13, 21, "SOURCE", {"type": rng.choice(TYPES[:2]) if rng.random() < 0.5 else "official"})
                )
            values: dict[str, Any] = {"FRAME": frame if rng.random() < 0.8 else rng.choice(FRAMES)}
            if rng.random() < 0.7:
                values["TONE"] = tone if rng.random() < 0.6 else rng.randint(1, 5)
            if rng.random() < 0.5:
                values["TOPICS"] = sorted(rng.sample(["politics", "economy", "health"], rng.randint(1, 2)))
            status = DocStatus.IN_PROGRESS if coder == "bob" and i >= 25 else DocStatus.DONE
            out[coder][i] = Coded(spans, values, status)
    return out


@pytest.fixture
def coded(db_url: str) -> Iterator[tuple[Workspace, list[int]]]:
    with Workspace.open(db_url) as ws:
        ws.create_project("P", CODEBOOK)
        ids = add_articles(ws, "P", N)
        for coder, codings in _codings().items():
            code(ws, "P", coder, codings)
        yield ws, ids


def _by_hand(ids: list[int], *, annotated: bool = False) -> list[CodedDocument]:
    docs = []
    data = _codings()
    for i, doc_id in enumerate(ids):
        coders = tuple(
            c
            for c, codings in data.items()
            if i in codings and (annotated or codings[i].status == DocStatus.DONE)
        )
        values: dict[str, dict[str, Any]] = {}
        spans: dict[str, tuple[CodedSpan, ...]] = {}
        for coder in coders:
            coding = data[coder][i]
            for name, value in coding.values.items():
                values.setdefault(name, {})[coder] = value
            spans[coder] = tuple(CodedSpan.plain(label, s, e, a) for s, e, label, a in coding.spans)
        docs.append(CodedDocument(doc_id, len(text(i)), coders, values, spans))
    return docs


def test_agreement_from_the_database_equals_the_engine_on_the_same_data(
    coded: tuple[Workspace, list[int]],
) -> None:
    ws, ids = coded
    result = ws.team.agreement("P", AgreementOptions(bootstrap=200, seed=3))
    expected = compute_agreement(_by_hand(ids), VARIABLES, ["CLAIM", "SOURCE"], bootstrap=200, seed=3)
    assert result.report.to_json() == expected.to_json()
    assert result.report.coders == ("alice", "bob", "carol") and result.report.documents == 25
    assert result.documents == "all" and result.population == N and result.coded == "done"
    assert result.report.variables["FRAME"].disagreements == expected.variables["FRAME"].disagreements
    annotated = ws.team.agreement("P", AgreementOptions(bootstrap=50, coded="annotated"))
    by_hand = compute_agreement(_by_hand(ids, annotated=True), VARIABLES, ["CLAIM", "SOURCE"], bootstrap=50)
    assert annotated.report.to_json() == by_hand.to_json() and annotated.report.documents == 30


def test_coders_labels_and_the_assigned_sample(coded: tuple[Workspace, list[int]]) -> None:
    ws, _ids = coded
    pair = ws.team.agreement(
        "P", AgreementOptions(coders=("carol", "alice"), labels=("SOURCE.type", "FRAME"), bootstrap=0)
    )
    assert pair.report.coders == ("carol", "alice") and pair.report.documents == 20
    assert set(pair.report.variables) == {"FRAME"} and set(pair.report.attributes) == {"SOURCE.type"}
    assert set(pair.report.spans) == {"SOURCE"}
    assert list(pair.report.variables["FRAME"].kappa_pairs) == ["carol|alice"]
    ws.team.assign("P", ["alice", "bob", "carol"], overlap=0.4, seed=1)
    sample = ws.team.agreement("P", AgreementOptions(bootstrap=0))
    assert sample.documents == "assigned-to-several"
    everything = ws.team.agreement("P", AgreementOptions(bootstrap=0, documents="all"))
    assert 0 < sample.report.documents < everything.report.documents == 25
    with pytest.raises(ValidationError, match="unknown NOPE"):
        ws.team.agreement("P", AgreementOptions(labels=("NOPE",)))
    with pytest.raises(ValidationError, match="zoe has not marked done"):
        ws.team.agreement("P", AgreementOptions(coders=("alice", "zoe")))
    with pytest.raises(ValidationError, match="at least two coders"):
        ws.team.agreement("P", AgreementOptions(coders=("alice",)))
    with pytest.raises(ValidationError, match="--documents"):
        ws.team.agreement("P", AgreementOptions(documents="some"))


def test_progress_counts_reading_then_drawing_and_can_cancel(coded: tuple[Workspace, list[int]]) -> None:
    ws, _ids = coded
    seen: list[tuple[int, int | None]] = []
    ws.team.agreement(
        "P", AgreementOptions(bootstrap=100), lambda done, total: seen.append((done, total)) or True
    )
    assert seen[0] == (25, 125) and seen[-1] == (125, 125)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    with pytest.raises(Cancelled):
        ws.team.agreement("P", AgreementOptions(bootstrap=100), lambda done, total: done < 60)


def test_drill_down_lists_where_coders_disagree_with_each_ones_values(
    coded: tuple[Workspace, list[int]],
) -> None:
    ws, ids = coded
    rows = ws.team.disagreements("P", "FRAME")
    assert rows and all(len({str(v) for v in r.values.values()}) > 1 for r in rows)
    first = rows[0]
    assert first.title == f"Title {ids.index(first.doc_id)}"
    lanes = ws.team.lanes(first.doc_id)
    assert all(lanes.values_of("FRAME")[c] == v for c, v in first.values.items())
    assert not lanes.value_agreed("FRAME")
    spans = ws.team.disagreements("P", "CLAIM")
    assert spans and all(isinstance(n, int) for r in spans for n in r.values.values())
    attrs = ws.team.disagreements("P", "SOURCE.type")
    assert all(r.where == (13, 21) for r in attrs)
    with pytest.raises(ValidationError, match="unknown"):
        ws.team.disagreements("P", "NOPE")
    article = ws.team.article(first.doc_id)
    assert set(article.codings) >= {"alice", "bob"}
