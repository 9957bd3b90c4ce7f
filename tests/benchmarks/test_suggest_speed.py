"""Speed of `annotator suggest --rules builtin` over 100,000 articles of about 3,000 characters, writes included.

The corpus is the rules benchmark's generated wire copy and scraped pages (test_rules_quality),
imported into a fresh SQLite file (not timed). Timed: the rules alone over the same texts in
this process, then the whole run (reading the texts in batches, the rules in a second process,
checking what is there and rejected, writing suggestions and relations), then the same run
again with --replace. The first run must take under 2 minutes.

Run: python3 -m pytest tests/benchmarks/test_suggest_speed.py -m benchmark -s
(ANNOTATOR_BENCH_SUGGEST_N sets the number of articles; the limit scales with it.)
"""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest

from annotator.core.types import AnnotatedDocument, Document
from annotator.project import Workspace
from annotator.project.suggest_run import SuggestOptions
from annotator.suggest import suggest_text
from tests.benchmarks.test_rules_quality import _articles

N = int(os.environ.get("ANNOTATOR_BENCH_SUGGEST_N", "100000"))
LIMIT_S = 120.0 * N / 100_000


@pytest.mark.benchmark
def test_suggest_rules_speed(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "suggest.sqlite3")
    ws.create_project("p")
    started = time.perf_counter()
    texts = _articles(N)
    while batch := list(itertools.islice(texts, 10_000)):
        ws.import_records("p", [AnnotatedDocument(Document(text=t, title=t[:40])) for t in batch])
    import_s = time.perf_counter() - started

    rules_s = 0.0
    for text in _articles(N):
        t0 = time.perf_counter()
        suggest_text(text)
        rules_s += time.perf_counter() - t0

    t0 = time.perf_counter()
    report = ws.suggestions.rules("p")
    run_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = ws.suggestions.rules("p", SuggestOptions(replace=True))
    replace_s = time.perf_counter() - t0
    ws.close()
    size = (tmp_path / "suggest.sqlite3").stat().st_size
    print(
        f"\n{N:,} articles imported in {import_s:.1f} s"
        f"\nrules alone (this process, no database): {rules_s:.1f} s"
        f"\nannotator suggest --rules builtin: {run_s:.1f} s ({N / run_s:,.0f} articles/s), "
        f"{report.stored:,} suggestions and {report.relations:,} relations stored"
        f"\nratio run / rules alone: {run_s / rules_s:.2f}x"
        f"\nagain with --replace: {replace_s:.1f} s ({again.replaced:,} replaced)"
        f"\ndatabase file: {size / 1e6:,.0f} MB"
    )
    assert report.documents == N and again.stored == report.stored
    assert run_s < LIMIT_S, f"suggest took {run_s:.1f} s for {N:,} articles (limit {LIMIT_S:.0f} s)"
