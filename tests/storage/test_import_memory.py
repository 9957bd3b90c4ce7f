"""The importer keeps no record past its batch, so its memory stays flat however long the file (issue 14)."""

from __future__ import annotations

import weakref
from collections.abc import Iterator

from annotator.core.types import AnnotatedDocument, Document, Relation, Span
from annotator.project import Workspace
from annotator.storage.importer import BATCH

RECORDS = 4 * BATCH
DISTINCT = RECORDS - 300  # the last 300 records repeat earlier texts: their spans go onto the stored twins


def _records(refs: list[weakref.ref[object]], alive: list[int]) -> Iterator[AnnotatedDocument]:
    """Records of a long file; before each, how many of those already read are still alive is noted."""
    for i in range(RECORDS):
        alive.append(sum(ref() is not None for ref in refs))
        text = f"Article {i % DISTINCT:05d} on the harbour strike"
        spans = (
            Span(0, 13, "CLAIM", id=f"c{i}", annotator="ann"),
            Span(21 if i < DISTINCT else 17, 35, "SOURCE", id=f"s{i}", annotator="ann"),
        )
        relation = Relation(f"c{i}", f"s{i}", "CITES", id=f"r{i}", annotator="ann")
        record = AnnotatedDocument(
            Document(text=text, title=f"t{i}", external_id=f"a{i}"), spans, (relation,)
        )
        refs += [weakref.ref(record), weakref.ref(record.document), *(weakref.ref(s) for s in spans)]
        yield record


def test_no_more_than_one_batch_of_records_is_alive_during_an_import(db_url: str) -> None:
    ws = Workspace.open(db_url)
    try:
        ws.create_project("p")
        refs: list[weakref.ref[object]] = []
        alive: list[int] = []
        report = ws.import_records("p", _records(refs, alive), add_labels=True)
        # Each record brings 4 referents (itself, its document, two spans): at most one batch of them lives.
        assert max(alive) <= 4 * BATCH
        assert report.imported == DISTINCT
        assert report.duplicates == RECORDS - DISTINCT
        assert report.spans == 2 * DISTINCT + (RECORDS - DISTINCT)  # a twin's CLAIM is a duplicate span
        assert report.relations == RECORDS
    finally:
        ws.close()
