"""Bulk inserts (executemany on SQLite, COPY on PostgreSQL): every value of an imported row reads back as given."""

from __future__ import annotations

import sqlalchemy as sa

from annotator.core.codebook import Attribute
from annotator.core.types import AnnotatedDocument, Document, Label, Origin, Span

# Characters a text format must escape: tab, newline, backslash, a quote, a NUL-free control, astral.
AWKWARD = 'tab\there, line\nbreak, back\\slash "quoted" \x1b esc 😀'


def _codebook(ws) -> None:  # type: ignore[no-untyped-def]
    """SPEAKER with two text attributes (free text keeps the awkward characters as they are)."""
    ws.add_labels("p", [Label("SPEAKER", attributes=(Attribute("kind"), Attribute("n")))])


def _record() -> AnnotatedDocument:
    text = "The minister said the harbour wall will be rebuilt. " + AWKWARD
    spans = (
        Span(0, 12, "SPEAKER", annotator="ann", note=AWKWARD, attributes={"kind": AWKWARD, "n": "2"}),
        Span(13, 17, "CUE", origin=Origin.IMPORTED),
        Span(18, 50, "CLAIM", fragments=((18, 30), (35, 50)), codebook_version=None),
        Span(4, 12, "CLAIM", origin=Origin.SUGGESTED, suggester="rules 1.0", score=0.25),
    )
    return AnnotatedDocument(Document(text, title=AWKWARD, meta={"outlet": AWKWARD}, source="f.jsonl"), spans)


def test_imported_rows_read_back_exactly(workspace) -> None:  # type: ignore[no-untyped-def]
    record = _record()
    _codebook(workspace)
    workspace.import_records("p", [record])
    summary = workspace.list_documents("p", annotator=None)[0]
    stored = workspace.article(summary.id, annotator="ann")
    assert stored.document.text == record.document.text
    assert stored.document.title == AWKWARD
    assert dict(stored.document.meta) == {"outlet": AWKWARD}
    key = lambda s: (s.start, s.end, s.label)  # noqa: E731
    wanted = sorted(record.spans, key=key)
    got = sorted((s for s in stored.spans if s.origin is not Origin.SUGGESTED), key=key)
    fields = ("start", "end", "label", "annotator", "note", "attributes", "fragments", "suggester", "score")
    shown = {key(s): tuple(getattr(s, f) for f in fields) for s in got}
    assert len(shown) >= 3, "the coder sees the three spans that are not suggestions"
    for span in wanted:
        if span.origin is Origin.SUGGESTED and key(span) not in shown:
            continue  # a coder's view may leave suggestions to the review queue
        assert shown[key(span)] == tuple(
            dict(span.attributes) if f == "attributes" else getattr(span, f) for f in fields
        )


def test_postgresql_stores_imported_texts_with_lz4_where_it_can(pg_url: str) -> None:
    from annotator.project import Workspace

    with Workspace.open(pg_url) as ws:
        ws.create_project("p")
        _codebook(ws)
        ws.import_records("p", [_record()])
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        has_lz4 = conn.execute(
            sa.text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        ).scalar()
        # Only values past the TOAST threshold (about 2 KB) are compressed: a long text is.
        long_text = "The council met again. " * 400
        with Workspace.open(pg_url) as ws:
            ws.import_records("p", [AnnotatedDocument(Document(long_text))])
        method = conn.execute(
            sa.text("SELECT pg_column_compression(text) FROM documents WHERE length(text) > 5000")
        ).scalar()
        default = conn.execute(sa.text("SHOW default_toast_compression")).scalar()
    engine.dispose()
    assert method == ("lz4" if has_lz4 else "pglz")
    assert default == "pglz", "the setting is the import transaction's own"
