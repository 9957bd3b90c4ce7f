"""A small codebook and a way to have several coders code articles, for the team tests."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.codebook import DocumentValue
from annotator.core.schema import parse_schema
from annotator.core.types import AnnotatedDocument, DocStatus, Document, Relation, Span
from annotator.project import Workspace

CODEBOOK = parse_schema(
    [
        {"name": "CLAIM", "hotkey": "1"},
        {
            "name": "SOURCE",
            "hotkey": "2",
            "attributes": [{"name": "type", "type": "choice", "values": ["official", "expert", "citizen"]}],
        },
        {"name": "ATTRIBUTED_TO", "kind": "relation", "head": "CLAIM", "tail": "SOURCE"},
        {
            "name": "FRAME",
            "kind": "document",
            "type": "choice",
            "values": ["conflict", "economic", "morality"],
        },
        {"name": "TOPICS", "kind": "document", "type": "multi", "values": ["politics", "economy", "health"]},
        {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5, "level": "interval"},
    ]
)


def text(i: int) -> str:
    """The text of article i (about 120 characters, all different)."""
    return f"Article {i}: the minister said the budget will shrink next year, and the opposition disagreed at once. #{i}"


@dataclass(frozen=True)
class Coded:
    """One coder's coding of one article: spans (start, end, label, attributes), values, status, relations."""

    spans: Sequence[tuple[int, int, str, Mapping[str, Any]]] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    status: DocStatus = DocStatus.DONE
    relations: Sequence[tuple[int, int, str]] = ()  # (head index, tail index, label) into spans


def add_articles(ws: Workspace, project: str, n: int, first: int = 0) -> list[int]:
    """Import n articles; returns their ids in order."""
    ws.import_records(
        project, [AnnotatedDocument(Document(text(i), f"Title {i}")) for i in range(first, first + n)]
    )
    wanted = {hashlib.sha256(text(i).encode()).hexdigest() for i in range(first, first + n)}
    out = []
    offset = 0
    while page := ws.list_documents(project, annotator=None, offset=offset, limit=500):
        for row in page:
            if ws.document(row.id).text_hash in wanted:
                out.append(row.id)
        offset += len(page)
    return out


def code(ws: Workspace, project: str, coder: str, codings: Mapping[int, Coded]) -> None:
    """Store one coder's codings (article number -> coding), as an import attributed to the coder."""
    records = []
    for i, c in codings.items():
        spans = tuple(Span(s, e, label, annotator=coder, attributes=dict(a)) for s, e, label, a in c.spans)
        relations = tuple(
            Relation(spans[h].id, spans[t].id, label, annotator=coder) for h, t, label in c.relations
        )
        values = tuple(DocumentValue(k, v, coder) for k, v in c.values.items())
        records.append(AnnotatedDocument(Document(text(i)), spans, relations, c.status, values=values))
    ws.import_records(project, records, annotator=coder)
