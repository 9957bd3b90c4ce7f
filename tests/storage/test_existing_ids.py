"""Which span ids are already stored: one query shape per backend, the same answer on both."""

from __future__ import annotations

from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.storage.models import SpanRow
from annotator.storage.repo.common import existing_ids


def test_existing_ids_finds_exactly_the_stored_ones_past_one_chunk(workspace) -> None:  # type: ignore[no-untyped-def]
    text = "word " * 6_000
    kept = [f"{i:032x}" for i in range(0, 12_000, 2)]  # 6,000 ids: more than one chunk on each backend
    spans = tuple(Span(5 * (i // 2), 5 * (i // 2) + 4, "CLAIM", kept[i // 2]) for i in range(0, 12_000, 2))
    workspace.import_records("p", [AnnotatedDocument(Document(text, "t"), spans)])
    asked = [f"{i:032x}" for i in range(12_000)] + ["", "x" * 40]  # unknown, empty and too long ids too
    found = workspace.uow.read(lambda s: existing_ids(s, SpanRow.__table__, asked))
    assert found == set(kept)
