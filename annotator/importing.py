"""Importing records into a project: validation, duplicate detection and batched inserts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.errors import ValidationError
from annotator.core.spans import validate_span
from annotator.core.types import (
    AnnotatedDocument,
    DocStatus,
    Label,
    LabelKind,
    LabelSchema,
    Relation,
    Span,
    new_id,
    text_hash,
)
from annotator.storage import repo

# Extra label colours for labels added on import (Okabe-Ito, lightened).
_EXTRA_COLOURS = ("#8FD3B6", "#F0E68C", "#F4A582", "#B3B3FF", "#D9D9D9", "#FFB3DE")


@dataclass
class ImportReport:
    """What an import did."""

    files: int = 0
    imported: int = 0
    duplicates: int = 0
    spans: int = 0
    relations: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the status bar or terminal."""
        parts = [
            f"{self.imported} document(s) imported",
            f"{self.duplicates} skipped as duplicates",
            f"{self.spans} span(s)",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} error(s)")
        return ", ".join(parts)


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
    }


class Importer:
    """Accumulates validated records of one file and writes them in batches."""

    def __init__(
        self,
        session: Session,
        project_id: int,
        schema: LabelSchema,
        label_ids: dict[str, int],
        hashes: set[str],
        position: int,
        annotator: str | None,
        add_labels: bool,
    ) -> None:
        self.s = session
        self.pid = project_id
        self.schema = schema
        self.label_ids = label_ids
        self.hashes = hashes
        self.position = position
        self.annotator = annotator
        self.add_labels = add_labels
        self.labels_added: list[str] = []
        self.annotators: dict[str, int] = {}
        self.external_ids: set[str] | None = None  # the project's, read on first need
        self.file_ids: dict[str, str] = {}  # document ids of this file -> where first seen
        self.duplicate_spans = 0

    def _aid(self, name: str | None) -> int | None:
        if name is None:
            return None
        if name not in self.annotators:
            aid = repo.annotator_id(self.s, name, create=True)
            assert aid is not None
            self.annotators[name] = aid
        return self.annotators[name]

    def _check_labels(self, record: AnnotatedDocument, where: str) -> None:
        wanted = [(s.label, LabelKind.SPAN) for s in record.spans]
        wanted += [(r.label, LabelKind.RELATION) for r in record.relations]
        for name, kind in wanted:
            label = self.schema.get(name)
            if label is not None:
                if label.kind != kind:
                    raise ValidationError(
                        f"{where}: label {name!r} is a {label.kind.value} label, not a {kind.value} label"
                    )
                continue
            if not self.add_labels:
                known = ", ".join(self.schema.names(kind)) or "none"
                raise ValidationError(
                    f"{where}: unknown label {name!r} (known labels: {known}; use --add-labels to add it)"
                )
            colour = _EXTRA_COLOURS[len(self.labels_added) % len(_EXTRA_COLOURS)]
            new = Label(name, kind, colour)
            repo.add_labels(self.s, self.pid, [new])
            self.schema = LabelSchema((*self.schema.labels, new))
            self.label_ids = repo.label_ids(self.s, self.pid)
            self.labels_added.append(name)

    def add(
        self, batch: list[AnnotatedDocument], report: ImportReport, skip_invalid: bool, source: str
    ) -> None:
        docs: list[dict[str, Any]] = []
        kept: list[AnnotatedDocument] = []
        for record in batch:
            where = f"{source}: line {record.line}" if record.line else source
            try:
                digest = self._check(record, where)
            except ValidationError as exc:
                message = str(exc) if str(exc).startswith(source) else f"{where}: {exc}"
                if not skip_invalid:
                    raise ValidationError(message) from None
                report.errors.append(message)
                continue
            if digest is None:
                report.duplicates += 1
                continue
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
            kept.append(record)
        ids = repo.insert_documents(self.s, docs)
        taken_spans = repo.existing_span_ids(self.s, [x.id for r in kept for x in r.spans])
        taken_relations = repo.existing_relation_ids(self.s, [x.id for r in kept for x in r.relations])
        now = datetime.now(UTC)
        spans: list[dict[str, Any]] = []
        relations: list[dict[str, Any]] = []
        for doc_id, record in zip(ids, kept, strict=True):
            id_map: dict[str, str] = {}
            who: set[str] = set()
            seen: set[tuple[int, int, str, str | None]] = set()
            for span in record.spans:
                key = (span.start, span.end, span.label, span.annotator)
                if key in seen:
                    self.duplicate_spans += 1
                    continue
                seen.add(key)
                if span.annotator:
                    who.add(span.annotator)
                id_map[span.id] = self._keep_id(span.id, taken_spans)
                row = span_row(span, doc_id, self.label_ids, self._aid(span.annotator), now)
                row["id"] = id_map[span.id]
                row["version"] = 1
                spans.append(row)
            for rel in record.relations:
                if rel.head not in id_map or rel.tail not in id_map:
                    continue  # it pointed at a dropped duplicate; the kept twin has its own relations
                relations.append(
                    relation_row(
                        replace(
                            rel,
                            id=self._keep_id(rel.id, taken_relations),
                            head=id_map[rel.head],
                            tail=id_map[rel.tail],
                            version=1,
                        ),
                        doc_id,
                        self.label_ids,
                        self._aid(rel.annotator),
                    )
                )
            if record.status is not None and record.status != DocStatus.TODO:
                owners = who or ({self.annotator} if self.annotator else set())
                for name in owners:
                    aid = self._aid(name)
                    assert aid is not None
                    repo.set_status(self.s, doc_id, aid, record.status)
            report.spans += len(id_map)
            report.relations += len(record.relations)
        repo.insert_spans(self.s, spans)
        repo.insert_relations(self.s, relations)
        report.imported += len(ids)

    def _check(self, record: AnnotatedDocument, where: str) -> str | None:
        """Validate a record; returns its text hash, or None when the text is already in the project."""
        digest = text_hash(record.document.text)
        length = len(record.document.text)
        for span in record.spans:
            start, end = span.start, span.end
            if not (type(start) is int and type(end) is int and 0 <= start < end <= length):
                validate_span(span, length, where=f"{where}, span {span.id}")
        self._check_labels(record, where)
        if digest in self.hashes:
            return None
        external = record.document.external_id
        if external is not None:
            if self.external_ids is None:
                self.external_ids = repo.project_external_ids(self.s, self.pid)
            if external in self.file_ids:
                raise ValidationError(
                    f"{where}: duplicate document id {external!r} (first used at {self.file_ids[external]})"
                )
            if external in self.external_ids:
                raise ValidationError(
                    f"{where}: document id {external!r} is already in the project with another text"
                )
            self.file_ids[external] = where
        self.hashes.add(digest)
        return digest

    def _keep_id(self, wanted: str, taken: set[str]) -> str:
        """The file's own id when it is free (so ids survive a round trip), else a fresh one."""
        if not wanted or len(wanted) > 32 or wanted in taken:
            wanted = new_id()
        taken.add(wanted)
        return wanted

    def flush(self) -> None:
        self.s.flush()
