"""An article's spans read in one query: the same spans, in (start, end, id) order, whichever way SQLite reads them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from typing import Any

import pytest

from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.project import Workspace
from annotator.storage.repo import raw

TEXT = " ".join(f"word{i}" for i in range(3_000))


def _spans(count: int, rng: random.Random) -> list[Span]:
    """`count` spans on one text, many sharing a start, by two annotators and none."""
    out: dict[tuple[int, int, str, str | None], Span] = {}
    while len(out) < count:  # the import drops duplicates
        start = rng.randrange(0, len(TEXT) - 40, 7)
        span = Span(start, start + rng.choice((5, 9, 30)), rng.choice(("CLAIM", "SOURCE")),
                    annotator=rng.choice(("ana", "bo", None)))  # fmt: skip
        out.setdefault((span.start, span.end, span.label, span.annotator), span)
    return list(out.values())


def _expected(spans: list[Span], annotator: str | None = None) -> list[tuple[str, int, int, str]]:
    kept = [s for s in spans if annotator is None or s.annotator in (annotator, None)]
    return sorted(((s.id, s.start, s.end, s.label) for s in kept), key=lambda t: (t[1], t[2], t[0]))


def _read(ws: Workspace, doc: int, annotator: str | None = None) -> list[tuple[str, int, int, str]]:
    found = ws.spans(doc) if annotator is None else ws.article(doc, annotator=annotator).spans
    return [(s.id, s.start, s.end, s.label) for s in found]


@contextmanager
def _statements() -> Iterator[list[str]]:
    """The span reads' SQL, as `raw.rows` runs them."""
    seen: list[str] = []
    real = raw.rows

    def spy(session: Any, query: Any) -> list[tuple[Any, ...]]:
        seen.append(str(query))
        return real(session, query)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(raw, "rows", spy)
        yield seen


def _ranged(seen: list[str]) -> bool:
    return any("spans.rowid BETWEEN" in s for s in seen)


def test_spans_read_as_a_stretch_or_by_index_are_the_same_spans_in_order(workspace: Workspace) -> None:
    rng = random.Random(3)
    first, second = _spans(1_200, rng), _spans(300, rng)
    workspace.import_records(
        "p",
        [
            AnnotatedDocument(Document(TEXT, "A"), tuple(first)),
            AnnotatedDocument(Document(TEXT + ".", "B"), tuple(second)),
        ],
    )
    a, b = (d.id for d in workspace.list_documents("p", annotator=None))
    # Spans added later sit after B's rows: A's stretch of rows now holds B's too.
    for _ in range(12):
        start = rng.randrange(0, len(TEXT) - 40)
        added = workspace.add_span(
            document=a, start=start, end=start + 4, label="CLAIM", annotator="ana"
        ).value
        assert added is not None
        first.append(added)
    with _statements() as seen:
        assert _read(workspace, a) == _expected(first)
        assert _read(workspace, a, "ana") == _expected(first, "ana")
        assert _read(workspace, b) == _expected(second)
    # On SQLite the 1,212 spans of A are read as one stretch; PostgreSQL always takes the index.
    assert _ranged(seen) == (workspace.uow.engine.dialect.name == "sqlite")


def test_spans_scattered_among_other_rows_are_read_by_the_index(sqlite_workspace: Workspace) -> None:
    rng = random.Random(5)
    ws = sqlite_workspace
    first, second = _spans(1_000, rng), _spans(2_500, rng)
    ws.import_records("p", [AnnotatedDocument(Document(TEXT, "A"), tuple(first))])
    ws.import_records("p", [AnnotatedDocument(Document(TEXT + ".", "B"), tuple(second))])
    a, b = (d.id for d in ws.list_documents("p", annotator=None))
    added = ws.add_span(document=a, start=0, end=5, label="CLAIM", annotator="ana").value
    assert added is not None
    first.append(added)
    with _statements() as seen:
        assert _read(ws, a) == _expected(first)  # 1,001 spans over 3,501 rows: the index
    assert not _ranged(seen)
    with _statements() as seen:
        assert _read(ws, b) == _expected(second)
    assert _ranged(seen)


def test_a_read_span_has_every_field_a_span_built_the_usual_way_has(workspace: Workspace) -> None:
    made = Span(0, 9, "CLAIM", annotator="ana", note="a note", fragments=((0, 4), (5, 9)))
    workspace.import_records("p", [AnnotatedDocument(Document(TEXT, "A"), (made,))])
    (doc,) = (d.id for d in workspace.list_documents("p", annotator=None))
    (read,) = workspace.spans(doc)
    assert set(vars(read)) == {f.name for f in fields(Span)}
    assert read == replace(read) == replace(made, origin=read.origin, codebook_version=read.codebook_version)


def test_rows_whose_label_or_annotator_went_since_they_were_read_read_as_a_join_would(
    workspace: Workspace,
) -> None:
    from annotator.storage.repo.spans import _bulk_query, _named

    rng = random.Random(9)
    spans = _spans(20, rng)
    workspace.import_records("p", [AnnotatedDocument(Document(TEXT, "A"), tuple(spans))])
    with workspace.uow.reading() as s:
        rows = raw.rows(s, _bulk_query())
        # As if, between the two reads, a label had been deleted and an annotator removed.
        orphan, unknown = (*rows[0][:3], 10**9, *rows[0][4:]), (*rows[1][:4], 10**9, *rows[1][5:])
        kept, build = _named(s, [orphan, unknown, *rows[2:]])
        read = [build(r) for r in kept]
    assert len(read) == len(rows) - 1  # the row of the deleted label is dropped, as an inner join drops it
    assert read[0].id == rows[1][0] and read[0].annotator is None  # a left join's missing annotator
    assert [s.id for s in read[1:]] == [r[0] for r in rows[2:]]
