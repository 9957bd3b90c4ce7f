"""Builders of coded documents for the agreement tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.agreement import CodedDocument, CodedSpan


def matrix_documents(name: str, rows: dict[str, Sequence[Any]], length: int = 100) -> list[CodedDocument]:
    """One document per column of a coders x units matrix (None = not coded)."""
    coders = tuple(rows)
    n_units = len(next(iter(rows.values())))
    docs = []
    for u in range(n_units):
        values = {c: rows[c][u] for c in coders if rows[c][u] is not None}
        docs.append(CodedDocument(f"d{u}", length, coders, {name: values}))
    return docs


def span_document(
    doc_id: Any,
    length: int,
    spans: dict[str, Sequence[tuple[int, int] | tuple[int, int, dict[str, Any]]]],
    label: str = "CLAIM",
) -> CodedDocument:
    """A document whose coders coded plain spans of one label ((start, end) or (start, end, attributes))."""
    coded = {
        coder: tuple(CodedSpan.plain(label, s[0], s[1], s[2] if len(s) > 2 else None) for s in items)  # type: ignore[misc]
        for coder, items in spans.items()
    }
    return CodedDocument(doc_id, length, tuple(spans), spans=coded)
