"""No query's parameter list grows with the corpus (SQLite and PostgreSQL cap it at 32,766 / 65,535)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from annotator.core.types import AnnotatedDocument, DocStatus, Document, Span
from annotator.project import Workspace

N = 2_500  # more than any batch the storage layer uses
BOUND = 1_000


def _corpus() -> list[AnnotatedDocument]:
    return [
        AnnotatedDocument(
            Document(f"Article {i}: the council met.", title=f"A{i}"),
            (Span(0, 7, "CLAIM", annotator="ana"),),
            status=DocStatus.DONE if i % 3 == 0 else None,
        )
        for i in range(N)
    ]


def test_stats_export_and_list_keep_their_parameter_lists_bounded(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.import_records("p", _corpus())
    sizes: list[int] = []

    def record(_conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, many: bool) -> None:
        if not many and parameters is not None:
            sizes.append(len(parameters))

    engine = workspace.uow.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        everyone = workspace.stats("p")
        mine = workspace.stats("p", annotator="ana")
        report = workspace.export("p", tmp_path / "out.jsonl", status="done")
        workspace.list_documents("p", annotator="ana", offset=N - 10, limit=200)
        workspace.count_documents("p", annotator="ana", status=DocStatus.DONE)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    done = len(range(0, N, 3))
    assert everyone.by_status == {"todo": 0, "in_progress": 0, "done": done, "skipped": 0} | {
        "todo": N - done
    }
    assert mine.by_status["done"] == done and sum(mine.by_status.values()) == N
    assert report.documents == done
    assert sizes and max(sizes) <= BOUND
