"""`annotator train` on a synthetic corpus whose labels follow learnable cues: the learning curve.

The corpus (tests/suggest/synthetic.py) codes SOURCE and CUE around reporting verbs, most of
them made-up words with a long-tailed frequency, next to the same frames with verbs that do
not report speech; so a model needs to have seen a verb to know it. For 50, 200 and 800 done
documents: a fresh project, `annotator train` (10 epochs, a fifth held out by outlet), and the
dev precision, recall and F1 it prints. The dev F1 must rise with the number of documents.

Run: python3 -m pytest tests/benchmarks/test_train_curve.py -m benchmark -s
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotator.project import Workspace
from annotator.project.training import TrainOptions
from tests.suggest.synthetic import synthetic_documents

SIZES = (50, 200, 800)


@pytest.mark.benchmark
def test_learning_curve(tmp_path: Path) -> None:
    rows = []
    for n in SIZES:
        with Workspace.open(tmp_path / f"curve{n}.sqlite3") as ws:
            ws.create_project("p")
            ws.import_records("p", list(synthetic_documents(n)), importer="ana")
            t0 = time.perf_counter()
            report = ws.suggestions.train("p", tmp_path / f"model{n}", TrainOptions(epochs=10, seed=0))
            rows.append((n, report, time.perf_counter() - t0))
    print("\n| done documents | train / dev | SOURCE P / R / F1 | CUE P / R / F1 | all F1 | seconds |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, report, seconds in rows:
        by = {s.label: s for s in report.scores}
        cells = [f"{by[x].precision:.2f} / {by[x].recall:.2f} / {by[x].f1:.2f}" for x in ("SOURCE", "CUE")]
        assert report.overall is not None
        print(
            f"| {n} | {report.train_docs} / {report.dev_docs} | {cells[0]} | {cells[1]} | "
            f"{report.overall.f1:.2f} | {seconds:.0f} |"
        )
    f1 = [report.overall.f1 for _n, report, _s in rows if report.overall is not None]
    assert f1[0] < f1[1] < f1[2], f1
