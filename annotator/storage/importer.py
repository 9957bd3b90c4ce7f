"""Importing records into a project: validation, duplicate detection and batched inserts in one transaction."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.bulk import paused_gc
from annotator.core.errors import Cancelled, ValidationError
from annotator.core.reports import ImportReport
from annotator.core.spans import validate_span
from annotator.core.types import (
    AnnotatedDocument,
    DocStatus,
    InvalidRecord,
    Origin,
    Relation,
    Span,
    new_id,
    text_hash,
)
from annotator.core.validation import (
    check_annotator_name,
    check_json,
    check_text,
    storable_id,
)
from annotator.storage import repo
from annotator.storage.import_codebook import CodebookGuard
from annotator.storage.models import SpanRow
from annotator.storage.repo.common import bulk_insert_rows, deferred_search_index, existing_ids

SPAN_COLUMNS = (
    "id",
    "document_id",
    "annotator_id",
    "label_id",
    "start",
    "end",
    "note",
    "attributes",
    "origin",
    "version",
    "created_at",
    "updated_at",
    "fragments",
    "codebook_version",
    "suggester",
    "score",
)
"""The spans-table columns of an imported span's row, in the order of its tuple."""
_ORIGIN_VALUES = {o: o.value for o in Origin}


def span_row(
    span: Span, doc_id: int, label_ids: dict[str, int], aid: int | None, now: datetime | None = None
) -> dict[str, Any]:
    """The spans-table row of a span."""
    now = now or datetime.now(UTC)
    return {
        "id": span.id,
        "document_id": doc_id,
        "annotator_id": aid,
        "label_id": label_ids[span.label],
        "start": span.start,
        "end": span.end,
        "note": span.note,
        "attributes": dict(span.attributes),
        "origin": span.origin.value,
        "version": span.version,
        "created_at": now,
        "updated_at": now,
        "fragments": [list(p) for p in span.fragments] if span.fragments else None,
        "codebook_version": span.codebook_version,
        "suggester": span.suggester,
        "score": span.score,
    }


def relation_row(rel: Relation, doc_id: int, label_ids: dict[str, int], aid: int | None) -> dict[str, Any]:
    """The relations-table row of a relation."""
    return {
        "id": rel.id,
        "document_id": doc_id,
        "head_id": rel.head,
        "tail_id": rel.tail,
        "label_id": label_ids[rel.label],
        "annotator_id": aid,
        "version": rel.version,
        "origin": rel.origin.value,
        "codebook_version": rel.codebook_version,
    }


class Importer:
    """Accumulates validated records of one file and writes them in batches.

    A document whose text is already in the project (or earlier in the file) is a
    duplicate and is not stored again; its spans, relations and statuses are added
    to the stored document, per annotator, dropping spans that annotator already has.
    """

    def __init__(self, session: Session, project_id: int, rules: ImportRules) -> None:
        self.s = session
        self.pid = project_id
        self.rules = rules
        self.codebook = CodebookGuard(session, project_id, add_labels=rules.add_labels, coerce=rules.coerce)
        self.hashes = repo.project_hashes(
            session, project_id
        )  # text hash -> id, the project's and this file's
        self.position = repo.next_position(session, project_id)
        self.annotators: dict[str, int] = {}
        self.names_checked: set[str] = set()  # annotator names found valid
        self.external_ids: set[str] | None = None  # the project's, read on first need
        self.file_ids: dict[str, int | None] = {}  # document ids of this file -> the line first seen on
        self.duplicate_spans = 0
        self.duplicate_relations = 0
        self.kept_values = 0
        self.values = 0
        self.statuses_dropped = 0
        self.added_to_existing: set[int] = set()  # stored documents that received annotations
        self.relations_dropped: list[str] = []  # where and why, for the report

    @property
    def label_ids(self) -> dict[str, int]:
        """Label name -> row id, labels added by this import included."""
        return self.codebook.label_ids

    def _aid(self, name: str | None) -> int | None:
        if name is None:
            return None
        if name not in self.annotators:
            aid = repo.annotator_id(self.s, name, create=True)
            assert aid is not None
            self.annotators[name] = aid
        return self.annotators[name]

    def add(
        self, batch: list[AnnotatedDocument], report: ImportReport, skip_invalid: bool, source: str
    ) -> None:
        """Validate and store one batch of records."""
        docs: list[dict[str, Any]] = []
        new: list[tuple[str, AnnotatedDocument]] = []
        again: list[tuple[str, AnnotatedDocument]] = []  # texts already stored or earlier in the batch
        batch_hashes: set[str] = set()
        for record in batch:
            where = f"{source}: line {record.line}" if record.line else source
            try:
                record, digest, known = self._check(record, where, source)
            except ValidationError as exc:
                message = str(exc) if str(exc).startswith(source) else f"{where}: {exc}"
                if not skip_invalid:
                    raise ValidationError(message) from None
                report.errors.append(message)
                continue
            if known or digest in batch_hashes:
                report.duplicates += 1
                again.append((digest, record))
                continue
            batch_hashes.add(digest)
            doc = record.document
            docs.append(
                {
                    "project_id": self.pid,
                    "position": self.position,
                    "external_id": doc.external_id,
                    "title": doc.title,
                    "text": doc.text,
                    "text_hash": digest,
                    "meta": dict(doc.meta),
                    "source": doc.source or Path(source).name,
                }
            )
            self.position += 1
            new.append((digest, record))
        ids = repo.insert_documents(self.s, docs)
        for doc_id, (digest, _record) in zip(ids, new, strict=True):
            self.hashes[digest] = doc_id
        report.imported += len(ids)
        targets = [(self.hashes[d], r, False) for d, r in new]
        targets += [(self.hashes[d], r, True) for d, r in again]
        self._add_annotations(targets, report, source)

    def _add_annotations(
        self, targets: list[tuple[int, AnnotatedDocument, bool]], report: ImportReport, source: str
    ) -> None:
        """Store the spans, relations and statuses of records, each onto its stored document."""
        records = [r for _d, r, _e in targets]
        taken_spans = existing_ids(self.s, SpanRow.__table__, [x.id for r in records for x in r.spans])
        taken_relations = repo.existing_relation_ids(self.s, [x.id for r in records for x in r.relations])
        now = datetime.now(UTC)
        spans: list[tuple[Any, ...]] = []
        relations: list[dict[str, Any]] = []
        # Per stored document: span key -> kept span id, and relation keys, across the batch.
        span_keys: dict[int, dict[repo.SpanKey, str]] = {}
        relation_keys: dict[int, set[tuple[str, str, int, int | None]]] = {}
        value_keys: dict[int, set[tuple[int, int | None]]] = {}
        values: list[dict[str, Any]] = []
        for doc_id, record, existing in targets:
            if doc_id not in span_keys:
                if existing:
                    span_keys[doc_id] = repo.span_keys(self.s, doc_id)
                    relation_keys[doc_id] = repo.relation_keys(self.s, doc_id)
                    value_keys[doc_id] = repo.value_keys(self.s, doc_id)
                else:
                    span_keys[doc_id], relation_keys[doc_id], value_keys[doc_id] = {}, set(), set()
            keys, rel_keys = span_keys[doc_id], relation_keys[doc_id]
            where = f"{source}: line {record.line}" if record.line else source
            id_map: dict[str, str] = {}
            who: set[str] = set()
            added = 0
            label_ids, annotators = self.label_ids, self.annotators
            for span in record.spans:
                name = span.annotator
                aid = None if name is None else annotators.get(name) or self._aid(name)
                label_id = label_ids[span.label]
                key = (span.start, span.end, label_id, aid, span.fragments)
                if key in keys:
                    self.duplicate_spans += 1
                    id_map[span.id] = keys[key]  # relations to a duplicate point at its kept twin
                    continue
                if name:
                    who.add(name)
                sid = id_map[span.id] = keys[key] = self._keep_id(span.id, taken_spans)
                attributes = span.attributes
                spans.append(
                    (
                        sid,
                        doc_id,
                        aid,
                        label_id,
                        span.start,
                        span.end,
                        span.note,
                        attributes if type(attributes) is dict else dict(attributes),
                        _ORIGIN_VALUES[span.origin],
                        1,
                        now,
                        now,
                        [list(p) for p in span.fragments] if span.fragments else None,
                        span.codebook_version,
                        span.suggester,
                        span.score,
                    )
                )
                added += 1
            for rel in record.relations:
                if rel.head not in id_map or rel.tail not in id_map:
                    self.relations_dropped.append(
                        f"{where}: relation {rel.id} ({rel.label}) refers to a span that is not in the record"
                    )
                    continue
                aid = self._aid(rel.annotator)
                head, tail = id_map[rel.head], id_map[rel.tail]
                rel_key = (head, tail, self.label_ids[rel.label], aid)
                if rel_key in rel_keys:
                    self.duplicate_relations += 1
                    continue
                rel_keys.add(rel_key)
                kept = replace(
                    rel, id=self._keep_id(rel.id, taken_relations), head=head, tail=tail, version=1
                )
                relations.append(relation_row(kept, doc_id, self.label_ids, aid))
                report.relations += 1
            who |= self._store_values(doc_id, record, existing, values, value_keys)
            if record.status is not None and record.status != DocStatus.TODO:
                owner = self.rules.annotator or self.rules.status_owner
                owners = who or ({owner} if owner else set())
                if not owners:
                    self.statuses_dropped += 1
                for name in owners:
                    aid = self._aid(name)
                    assert aid is not None
                    if not existing or repo.get_status(self.s, doc_id, aid) == DocStatus.TODO:
                        repo.set_status(self.s, doc_id, aid, record.status)
            report.spans += added
            if existing and added:
                self.added_to_existing.add(doc_id)
        bulk_insert_rows(self.s, SpanRow.__table__, SPAN_COLUMNS, spans)
        repo.insert_relations(self.s, relations)
        repo.insert_values(self.s, values)

    def _check(
        self, record: AnnotatedDocument, where: str, source: str
    ) -> tuple[AnnotatedDocument, str, bool]:
        """Validate a record; returns it in stored form, its text hash and whether that text is already stored."""
        doc = record.document
        digest = text_hash(doc.text)
        check_text(doc.title, f"{where}: title")
        check_json(doc.meta, f"{where}: meta")
        if doc.source is not None:
            check_text(doc.source, f"{where}: source")
        if doc.external_id is not None:
            check_text(doc.external_id, f"{where}: id")
        length = len(doc.text)
        for span in record.spans:
            start, end = span.start, span.end
            plain = type(start) is int and type(end) is int and 0 <= start < end <= length
            if plain and not span.fragments and span.note is None and not span.attributes:
                if span.annotator is not None and span.annotator not in self.names_checked:
                    self._check_names(span.annotator, f"{where}, span {span.id}")
                continue
            span_where = f"{where}, span {span.id}"
            if not plain or span.fragments:
                validate_span(span, length, where=span_where)
            self._check_names(span.annotator, span_where)
            if span.note is not None:
                check_text(span.note, f"{span_where}: note")
            if span.attributes:
                check_json(span.attributes, f"{span_where}: attributes")
        for rel in record.relations:
            self._check_names(rel.annotator, f"{where}, relation {rel.id}")
        for value in record.values:
            self._check_names(value.annotator, f"{where}, document value {value.label!r}")
        record = self.codebook.check(self._owned(record), where)
        if digest in self.hashes:
            return record, digest, True
        external = doc.external_id
        if external is not None:
            if self.external_ids is None:
                self.external_ids = repo.project_external_ids(self.s, self.pid)
            if external in self.file_ids:
                line = self.file_ids[external]
                first = f"{source}: line {line}" if line else source
                raise ValidationError(f"{where}: duplicate document id {external!r} (first used at {first})")
            if external in self.external_ids:
                raise ValidationError(
                    f"{where}: document id {external!r} is already in the project with another text"
                )
            self.file_ids[external] = record.line  # its line, not a message: this holds one per document
        return record, digest, False

    def _owned(self, record: AnnotatedDocument) -> AnnotatedDocument:
        """With --annotator NAME, the record's unattributed spans, relations and values are NAME's."""
        who = self.rules.annotator
        if who is None:
            return record
        return replace(
            record,
            spans=tuple(replace(s, annotator=who) if s.annotator is None else s for s in record.spans),
            relations=tuple(
                replace(r, annotator=who) if r.annotator is None else r for r in record.relations
            ),
            values=tuple(replace(v, annotator=who) if v.annotator is None else v for v in record.values),
        )

    def _store_values(
        self,
        doc_id: int,
        record: AnnotatedDocument,
        existing: bool,
        rows: list[dict[str, Any]],
        keys: dict[int, set[tuple[int, int | None]]],
    ) -> set[str]:
        """Queue the record's document values (one per variable and coder; a stored one is kept); returns their coders."""
        who: set[str] = set()
        taken = keys[doc_id]
        now = datetime.now(UTC)
        for value in record.values:
            aid = self._aid(value.annotator)
            key = (self.label_ids[value.label], aid)
            if key in taken:
                self.kept_values += 1
                continue
            taken.add(key)
            if value.annotator:
                who.add(value.annotator)
            self.values += 1
            rows.append(
                {
                    "document_id": doc_id,
                    "annotator_id": aid,
                    "label_id": key[0],
                    "value": value.value,
                    "codebook_version": value.codebook_version,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if existing and rows:
            self.added_to_existing.add(doc_id)
        return who

    def _check_names(self, annotator: str | None, where: str) -> None:
        if annotator is not None and annotator not in self.names_checked:
            check_annotator_name(annotator, where)
            self.names_checked.add(annotator)

    def _keep_id(self, wanted: str, taken: set[str]) -> str:
        """The file's own id when it is free and storable (so ids survive a round trip), else a fresh one."""
        if not wanted or wanted in taken or not storable_id(wanted):
            wanted = new_id()
        taken.add(wanted)
        return wanted

    def notes(self, path: str) -> list[str]:
        """What the import noticed about annotations, for the report."""
        notes = []
        if self.added_to_existing:
            notes.append(
                f"{path}: annotations added to {len(self.added_to_existing)} document(s) already in the project"
            )
        if self.duplicate_spans:
            notes.append(
                f"{path}: {self.duplicate_spans} duplicate span(s) dropped "
                "(same offsets, label and annotator as another span of the same document)"
            )
        if self.duplicate_relations:
            notes.append(f"{path}: {self.duplicate_relations} duplicate relation(s) dropped")
        if self.kept_values:
            notes.append(
                f"{path}: {self.kept_values} document value(s) not imported: the same coder already has a value "
                "for that variable and article (the stored one is kept)"
            )
        if self.statuses_dropped:
            notes.append(
                f"{path}: {self.statuses_dropped} status(es) without an annotator not kept "
                "(import with --annotator NAME to keep them as NAME's)"
            )
        if self.codebook.values_added:
            notes.append(f"{path}: values added to the codebook: {', '.join(self.codebook.values_added)}")
        shown = self.relations_dropped[:10]
        notes += [f"{line}; not imported" for line in shown]
        if len(self.relations_dropped) > len(shown):
            notes.append(
                f"{path}: and {len(self.relations_dropped) - len(shown)} more relation(s) not imported"
            )
        return notes

    def flush(self) -> None:
        """Send pending rows to the database."""
        self.s.flush()


BATCH = 500


@dataclass(frozen=True)
class ImportRules:
    """How records become annotations.

    Attributes:
        annotator: with a name, the file's unattributed spans, relations and values are that coder's.
        status_owner: who a status without any annotator belongs to (the importing user).
        add_labels: add what the codebook lacks (labels, choice values, variables).
        skip_invalid: skip invalid records (and list them) instead of refusing the file.
        coerce: type values read from formats that cannot type them (everything but native JSONL).
    """

    annotator: str | None = None
    status_owner: str | None = None
    add_labels: bool = False
    skip_invalid: bool = False
    coerce: bool = False


def run_import(
    session: Session,
    project_id: int,
    records: Iterable[AnnotatedDocument | InvalidRecord],
    report: ImportReport,
    *,
    source: str,
    rules: ImportRules,
    progress: Callable[[int, int | None], bool] | None,
) -> None:
    """Validate and store one file's records in the caller's transaction; a cancel raises Cancelled."""
    repo.lock_project_for_import(session, project_id)
    repo.compress_texts_quickly(session)
    importer = Importer(session, project_id, rules)
    count = 0
    stream = iter(records)
    with paused_gc(), deferred_search_index(session):
        while batch := list(itertools.islice(stream, BATCH)):
            good: list[AnnotatedDocument] = []
            for item in batch:
                if isinstance(item, InvalidRecord):
                    if not rules.skip_invalid:
                        raise ValidationError(item.message)
                    report.errors.append(item.message)
                else:
                    good.append(item)
            importer.add(good, report, rules.skip_invalid, source)
            count += len(batch)
            # Drop this batch before the next is read, so only one batch of records is ever alive.
            del batch, good
            if progress is not None and not progress(count, None):
                raise Cancelled(f"import of {source} cancelled; nothing from it was kept")
        importer.flush()
    report.labels_added.extend(importer.codebook.labels_added)
    report.values += importer.values
    report.notes.extend(importer.notes(source))
