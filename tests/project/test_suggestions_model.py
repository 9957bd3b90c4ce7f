"""A model trained on the project's own done documents, and its suggestions (tiny and fast: 2 epochs)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.core.errors import Cancelled, ValidationError
from annotator.core.types import Origin
from annotator.project import Workspace
from annotator.project.suggest_run import SuggestOptions
from annotator.project.training import TrainOptions
from annotator.suggest.spancat import save_model
from annotator.suggest.training import TrainDoc, train_spancat
from tests.suggest.synthetic import synthetic_documents


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A spancat trained on synthetic documents (not through a database), saved once for the module."""
    docs = [
        TrainDoc(r.document.text, tuple((s.label, s.start, s.end) for s in r.spans))
        for r in synthetic_documents(40)
    ]
    result = train_spancat(docs[:32], docs[32:], ["SOURCE", "CUE"], epochs=3, seed=1)
    out = tmp_path_factory.mktemp("models") / "tiny"
    save_model(result.nlp, out, {"name": "tiny", "project": "synthetic"})
    yield out


def test_suggest_with_a_model_stores_scored_suggestions(workspace: Workspace, model: Path) -> None:
    workspace.import_records("p", [replace(r, spans=(), status=None) for r in synthetic_documents(5, seed=7)])
    report = workspace.suggestions.model("p", model, SuggestOptions(min_score=0.2))  # a tiny model is unsure
    assert report.suggester == "model tiny" and report.stored > 0
    doc = workspace.first_document("p")
    assert doc is not None
    found = workspace.suggestions.pending(doc, annotator="ana")
    assert found and all(
        s.suggester == "model tiny" and s.score is not None and 0 <= s.score <= 1 for s in found
    )
    assert {s.label for s in found} <= {"SOURCE", "CUE"}
    accepted = workspace.suggestions.accept(found[0].id, annotator="ana").value.accepted[0]
    assert accepted.origin == Origin.MANUAL
    strict = workspace.suggestions.model("p", model, SuggestOptions(replace=True, min_score=0.5))
    assert strict.replaced == report.stored - 1
    assert strict.stored + strict.existing < report.stored


def test_train_on_done_documents_holds_out_an_outlet(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    ws = sqlite_workspace
    ws.import_records("p", list(synthetic_documents(36, seed=2)), importer="ana")
    ws.import_records("p", [replace(r, spans=(), status=None) for r in synthetic_documents(3, seed=5)])
    ws.suggestions.rules("p")  # pending suggestions never count as training data
    epochs: list[int] = []
    out = tmp_path / "m"
    report = ws.suggestions.train(
        "p", out, TrainOptions(epochs=2, seed=3), on_epoch=lambda e: epochs.append(e.epoch)
    )
    assert epochs == [1, 2]
    assert report.train_docs + report.dev_docs == 36 and report.dev_docs >= 3
    assert report.labels == ("SOURCE", "CUE")  # CLAIM and CAPTION have nothing to learn from
    assert report.overall is not None and [s.label for s in report.scores] == ["SOURCE", "CUE"]
    assert any(line.startswith("SOURCE") for line in report.lines())
    assert (out / "meta.json").is_file() and (out / "config.cfg").is_file()
    with pytest.raises(ValidationError, match="--overwrite"):
        ws.suggestions.train("p", out, TrainOptions(epochs=1))
    assert ws.suggestions.model("p", out, SuggestOptions(status=None)).suggester == "model m"


def test_training_can_be_cancelled_and_writes_nothing(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    sqlite_workspace.import_records("p", list(synthetic_documents(12)), importer="ana")
    out = tmp_path / "never"
    with pytest.raises(Cancelled, match="no model was written"):
        sqlite_workspace.suggestions.train(
            "p", out, TrainOptions(epochs=3), progress=lambda done, total: done < 2
        )
    assert not out.exists() and not [p for p in tmp_path.iterdir() if "never" in p.name]


def test_train_refuses_what_it_cannot_learn_from(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 2 done documents"):
        sqlite_workspace.suggestions.train("p", tmp_path / "m")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    sqlite_workspace.import_records("p", list(synthetic_documents(6)), importer="ana")
    with pytest.raises(ValidationError, match="not a model written by annotator train"):
        sqlite_workspace.suggestions.train("p", tmp_path / "mine", TrainOptions(epochs=1))
    with pytest.raises(ValidationError, match="not a spaCy model folder"):
        sqlite_workspace.suggestions.model("p", tmp_path / "mine")
