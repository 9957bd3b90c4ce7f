"""stats, export and the article list on 300,000 documents (issue 8: queries must not grow with the corpus)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.types import AnnotatedDocument, DocStatus, Document, Span
from annotator.project import Workspace

N = int(os.environ.get("ANNOTATOR_BENCH_LARGE_N", "300000"))


def _corpus() -> Iterator[AnnotatedDocument]:
    for i in range(N):
        yield AnnotatedDocument(
            Document(f"Article {i}: the council met on Tuesday.", title=f"A{i}"),
            (Span(0, 7, "CLAIM", annotator="ana"),),
            status=DocStatus.DONE if i % 2 else None,
        )


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_stats_export_and_list_on_a_large_corpus(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "postgresql" and not os.environ.get("ANNOTATOR_TEST_PG_URL"):
        pytest.skip("needs ANNOTATOR_TEST_PG_URL")
    url = str(tmp_path / "big.sqlite3") if backend == "sqlite" else request.getfixturevalue("pg_url")
    with Workspace.open(url) as ws:
        ws.create_project("big")
        began = time.perf_counter()
        ws.import_records("big", _corpus())
        print(f"\n{backend}: imported {N} documents in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        stats = ws.stats("big")
        assert stats.by_status["done"] == N // 2 and stats.documents == N
        print(f"{backend}: stats in {time.perf_counter() - began:.2f} s")
        began = time.perf_counter()
        report = ws.export("big", tmp_path / "out.jsonl", status="done")
        assert report.documents == N // 2
        print(f"{backend}: export of {report.documents} documents in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        page = ws.list_documents("big", annotator="ana", offset=N - 200, limit=200)
        assert len(page) == 200
        print(f"{backend}: the list's last page in {time.perf_counter() - began:.3f} s")
