"""Bulk inserts (executemany on SQLite, COPY on PostgreSQL): every value of an imported row reads back as given."""

from __future__ import annotations

import sqlalchemy as sa

from annotator.core.codebook import Attribute, DocumentValue, ValueSpec
from annotator.core.types import (
    AnnotatedDocument,
    Document,
    Label,
    LabelKind,
    Origin,
    Relation,
    Span,
)
from annotator.storage import repo
from annotator.storage.repo.common import COPY_FROM

# Characters a text format must escape: tab, newline, CR, backslash, a literal \N, quotes, NUL, ESC, astral.
AWKWARD = 'tab\there, line\nbreak\r, back\\slash \\N "quoted" nul\x00 \x1b esc 😀'
FIELDS = (
    "start",
    "end",
    "label",
    "annotator",
    "note",
    "attributes",
    "origin",
    "fragments",
    "suggester",
    "score",
)


def _codebook(ws) -> None:  # type: ignore[no-untyped-def]
    """SPEAKER with two text attributes, a relation label and a text variable."""
    ws.add_labels(
        "p",
        [
            Label("SPEAKER", attributes=(Attribute("kind"), Attribute("n"))),
            Label("SAYS", kind=LabelKind.RELATION),
            Label("ANGLE", kind=LabelKind.DOCUMENT, spec=ValueSpec()),
        ],
    )


def _record(i: int) -> AnnotatedDocument:
    text = f"The minister said the harbour wall will be rebuilt ({i}). " + AWKWARD
    speaker = Span(0, 12, "SPEAKER", annotator="ann", note=AWKWARD, attributes={"kind": AWKWARD, "n": "2"})
    claim = Span(18, 50, "CLAIM", annotator="ann", fragments=((18, 30), (35, 50)))
    spans = (
        speaker,
        Span(13, 17, "SOURCE", origin=Origin.IMPORTED),
        claim,
        Span(4, 12, "CLAIM", origin=Origin.SUGGESTED, suggester="rules 1.0", score=0.1 + 0.2),
    )
    document = Document(text, title=f"{i} {AWKWARD}", meta={"outlet": AWKWARD}, source="f.jsonl")
    return AnnotatedDocument(
        document,
        spans,
        relations=(Relation(claim.id, speaker.id, "SAYS", annotator="ann"),),
        values=(DocumentValue("ANGLE", AWKWARD, annotator="ann"),),
    )


def _row(span: Span) -> tuple[object, ...]:
    return tuple(dict(span.attributes) if f == "attributes" else getattr(span, f) for f in FIELDS)


def test_imported_rows_read_back_exactly(workspace) -> None:  # type: ignore[no-untyped-def]
    records = [_record(i) for i in range(COPY_FROM + 1)]  # enough rows of each table to go by COPY
    _codebook(workspace)
    workspace.import_records("p", records)
    with workspace._ctx.uow.reading() as s:
        ids = [d.id for d in workspace.list_documents("p", annotator=None)]
        docs = {d.text: d for d in repo.documents_by_ids(s, ids)}
        spans = repo.spans_for_documents(s, ids)
        relations = repo.relations_for_documents(s, ids)
        values = repo.values_for_documents(s, ids)
    assert len(docs) == len(records)
    for record in records:
        doc = docs[record.document.text]
        assert (doc.title, dict(doc.meta), doc.source) == (
            record.document.title,
            {"outlet": AWKWARD},
            "f.jsonl",
        )
        assert sorted(map(_row, spans[doc.id]), key=repr) == sorted(map(_row, record.spans), key=repr)
        by_id = {s.id: s for s in spans[doc.id]}
        [rel] = relations[doc.id]
        assert (by_id[rel.head].label, by_id[rel.tail].label, rel.label) == ("CLAIM", "SPEAKER", "SAYS")
        assert [(v.label, v.value, v.annotator) for v in values[doc.id]] == [("ANGLE", AWKWARD, "ann")]


def test_postgresql_stores_imported_texts_with_lz4_where_it_can(pg_url: str) -> None:
    from annotator.project import Workspace

    long_text = "The council met again. " * 400  # past the TOAST threshold (about 2 KB): compressed
    with Workspace.open(pg_url) as ws:
        ws.create_project("p")
        with ws._ctx.uow.reading() as s:
            default = s.execute(sa.text("SHOW default_toast_compression")).scalar()
            has_lz4 = s.execute(
                sa.text(
                    "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
                )
            ).scalar()
        ws.import_records("p", [AnnotatedDocument(Document(long_text))])
        with ws._ctx.uow.reading() as s:
            method = s.execute(
                sa.text("SELECT pg_column_compression(text) FROM documents WHERE length(text) > 5000")
            ).scalar()
        engine = ws._ctx.uow.engine
        held = [engine.raw_connection() for _ in range(engine.pool.checkedin())]  # every pooled one
        try:
            after = {c.cursor().execute("SHOW default_toast_compression").fetchone()[0] for c in held}
        finally:
            for c in held:
                c.close()
    assert method == ("lz4" if has_lz4 else default)
    assert after == {default}, "the setting is the import transaction's own"
