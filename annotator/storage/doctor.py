"""Checks of a database's health for `annotator doctor`, and the few repairs that are safe.

Every check reads; only `repair_rows` writes, and only rows no correct write could
have left (a relation between spans of two documents, rows whose parent is gone).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session, aliased

from annotator.core.reports import Finding
from annotator.core.types import text_hash
from annotator.storage.models import DocumentRow, DocumentStatusRow, ExportRow, LabelRow, RelationRow, SpanRow

_BATCH = 500


def sqlite_integrity(session: Session) -> list[Finding]:
    """SQLite's own integrity and foreign-key checks (PostgreSQL enforces both itself)."""
    if session.get_bind().dialect.name != "sqlite":
        return []
    found = []
    rows = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
    if rows != ["ok"]:
        index_only = all("index" in r for r in rows)
        found += [Finding("integrity", r, repairable=index_only) for r in rows[:20]]
    for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        found.append(Finding("foreign keys", f"{table} row {rowid} refers to a missing {parent} row", True))
    return found


def _mixed_relations(session: Session) -> list[str]:
    head, tail = aliased(SpanRow), aliased(SpanRow)
    query = (
        select(RelationRow.id)
        .join(head, head.id == RelationRow.head_id)
        .join(tail, tail.id == RelationRow.tail_id)
        .where((head.document_id != RelationRow.document_id) | (tail.document_id != RelationRow.document_id))
    )
    return list(session.scalars(query))


def _foreign_labels(session: Session) -> list[str]:
    query = (
        select(SpanRow.id)
        .join(DocumentRow, DocumentRow.id == SpanRow.document_id)
        .join(LabelRow, LabelRow.id == SpanRow.label_id)
        .where(LabelRow.project_id != DocumentRow.project_id)
    )
    return list(session.scalars(query))


def orphans(session: Session) -> list[Finding]:
    """Rows that no operation of the annotator writes: relations across documents, labels of another project."""
    found = [
        Finding("orphans", f"relation {rid} links spans of another document", True)
        for rid in _mixed_relations(session)
    ]
    found += [
        Finding("orphans", f"span {sid} carries a label of another project (not repairable: relabel it)")
        for sid in _foreign_labels(session)
    ]
    return found


def texts_and_offsets(session: Session, progress: Callable[[int, int], None] | None = None) -> list[Finding]:
    """Every text matches its hash, and every span lies inside its text."""
    found: list[Finding] = []
    total = int(session.scalar(select(func.count(DocumentRow.id))) or 0)
    ids = list(session.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        lengths: dict[int, int] = {}
        for doc_id, body, digest in session.execute(
            select(DocumentRow.id, DocumentRow.text, DocumentRow.text_hash).where(DocumentRow.id.in_(chunk))
        ):
            lengths[doc_id] = len(body)
            if text_hash(body) != digest:
                found.append(Finding("texts", f"document {doc_id}: its text does not match its stored hash"))
        spans = session.execute(
            select(SpanRow.id, SpanRow.document_id, SpanRow.start, SpanRow.end).where(
                SpanRow.document_id.in_(chunk)
            )
        )
        for sid, doc_id, s, e in spans:
            if not 0 <= s < e <= lengths.get(doc_id, -1):
                found.append(
                    Finding(
                        "offsets",
                        f"span {sid} of document {doc_id}: [{s}, {e}) is outside its text "
                        f"(length {lengths.get(doc_id)})",
                    )
                )
        if progress is not None:
            progress(min(start + _BATCH, total), total)
    return found


def export_targets(session: Session, limit: int = 50) -> list[Path]:
    """The targets of the most recent exports, newest first, each once."""
    rows = session.execute(select(ExportRow.path).order_by(ExportRow.id.desc()).limit(limit * 4))
    seen: dict[str, None] = {}
    for (path,) in rows:
        seen.setdefault(path)
    return [Path(p) for p in list(seen)[:limit]]


def record_export(
    session: Session, project_id: int, path: Path, fmt: str, documents: int, spans: int
) -> None:
    """Remember an export (for doctor and for provenance)."""
    session.add(
        ExportRow(project_id=project_id, path=str(path), format=fmt, documents=documents, spans=spans)
    )


def repair_rows(session: Session, findings: list[Finding]) -> list[str]:
    """Mend what can be mended without guessing; returns one line per repair."""
    done = []
    checks = {f.check for f in findings if f.repairable}
    if "integrity" in checks:
        session.execute(text("REINDEX"))
        done.append("rebuilt the indexes (REINDEX)")
    mixed = _mixed_relations(session)
    if mixed:
        session.execute(delete(RelationRow).where(RelationRow.id.in_(mixed)))
        done.append(f"deleted {len(mixed)} relation(s) linking spans of another document")
    if "foreign keys" in checks:
        removed = 0
        for table, column, parent in (
            (SpanRow, SpanRow.document_id, DocumentRow.id),
            (RelationRow, RelationRow.head_id, SpanRow.id),
            (RelationRow, RelationRow.tail_id, SpanRow.id),
            (DocumentStatusRow, DocumentStatusRow.document_id, DocumentRow.id),
        ):
            result = session.execute(delete(table).where(column.not_in(select(parent))))
            removed += int(getattr(result, "rowcount", 0) or 0)
        done.append(f"deleted {removed} row(s) whose parent row was gone")
    return done
