"""Validate the rows of a backup as an import would, before a restore keeps any of them.

Rows arrive parents first (projects, labels, documents, annotators, then what refers
to them); the checker keeps just enough of each parent (a document's length and
project, a span's document) to check its children.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import DocStatus, LabelKind, Origin, text_hash
from annotator.core.validation import check_annotator_name, check_json, check_label_name, check_text

_STATUSES = {s.value for s in DocStatus}
_ORIGINS = {o.value for o in Origin}
_KINDS = {k.value for k in LabelKind}


class RowChecker:
    """Checks each backup row in turn; the first bad one raises ValidationError naming where it is."""

    def __init__(self) -> None:
        self.projects: set[int] = set()
        self.labels: dict[int, tuple[int, str]] = {}  # id -> (project, kind)
        self.documents: dict[int, tuple[int, int]] = {}  # id -> (project, text length)
        self.annotators: set[int] = set()
        self.spans: dict[str, int] = {}  # id -> document
        self._checks: dict[str, Callable[[dict[str, Any], str], None]] = {
            "projects": self._project,
            "labels": self._label,
            "documents": self._document,
            "annotators": self._annotator,
            "document_status": self._status,
            "spans": self._span,
            "relations": self._relation,
        }

    def check(self, table: str, row: dict[str, Any], where: str) -> None:
        """Refuse a row that breaks a rule an import enforces."""
        check = self._checks.get(table)
        if check is not None:
            try:
                check(row, where)
            except (KeyError, TypeError) as exc:
                raise ValidationError(f"{where}: a {table} row is malformed ({exc})") from None

    def _project(self, row: dict[str, Any], where: str) -> None:
        check_text(row["name"], f"{where}: project name")
        self.projects.add(row["id"])

    def _label(self, row: dict[str, Any], where: str) -> None:
        if row["project_id"] not in self.projects:
            raise ValidationError(f"{where}: label {row['name']!r} belongs to no project of the backup")
        check_label_name(row["name"], f"{where}: label")
        if row["kind"] not in _KINDS:
            raise ValidationError(f"{where}: label {row['name']!r} has an unknown kind {row['kind']!r}")
        self.labels[row["id"]] = (row["project_id"], row["kind"])

    def _document(self, row: dict[str, Any], where: str) -> None:
        if row["project_id"] not in self.projects:
            raise ValidationError(f"{where}: document {row['id']} belongs to no project of the backup")
        text = row["text"]
        if text_hash(text) != row["text_hash"]:
            raise ValidationError(f"{where}: the text of document {row['id']} does not match its hash")
        check_text(row["title"] or "", f"{where}: title of document {row['id']}")
        check_json(row.get("meta") or {}, f"{where}: meta of document {row['id']}")
        self.documents[row["id"]] = (row["project_id"], len(text))

    def _annotator(self, row: dict[str, Any], where: str) -> None:
        check_annotator_name(row["name"], f"{where}: annotator")
        self.annotators.add(row["id"])

    def _status(self, row: dict[str, Any], where: str) -> None:
        if row["document_id"] not in self.documents or row["annotator_id"] not in self.annotators:
            raise ValidationError(f"{where}: a status refers to a document or annotator not in the backup")
        if row["status"] not in _STATUSES:
            raise ValidationError(f"{where}: status {row['status']!r} is not one of {', '.join(_STATUSES)}")

    def _owner(self, row: dict[str, Any], where: str) -> None:
        who = row.get("annotator_id")
        if who is not None and who not in self.annotators:
            raise ValidationError(f"{where}: annotator {who} is not in the backup")

    def _label_of(self, row: dict[str, Any], doc_project: int, kind: LabelKind, where: str) -> None:
        label = self.labels.get(row["label_id"])
        if label is None or label[0] != doc_project or label[1] != kind.value:
            raise ValidationError(
                f"{where}: label {row['label_id']} is not a {kind.value} label of its project"
            )

    def _span(self, row: dict[str, Any], where: str) -> None:
        doc = self.documents.get(row["document_id"])
        sid = row["id"]
        if doc is None:
            raise ValidationError(
                f"{where}: span {sid} refers to document {row['document_id']}, not in the backup"
            )
        project, length = doc
        start, end = row["start"], row["end"]
        if not (type(start) is int and type(end) is int and 0 <= start < end <= length):
            raise ValidationError(
                f"{where}: span {sid} has offsets [{start}, {end}) outside its document's text (length {length})"
            )
        self._label_of(row, project, LabelKind.SPAN, where)
        self._owner(row, where)
        if row["origin"] not in _ORIGINS:
            raise ValidationError(f"{where}: span {sid} has an unknown origin {row['origin']!r}")
        if row.get("note") is not None:
            check_text(row["note"], f"{where}: note of span {sid}")
        check_json(row.get("attributes") or {}, f"{where}: attributes of span {sid}")
        self.spans[sid] = row["document_id"]

    def _relation(self, row: dict[str, Any], where: str) -> None:
        doc = row["document_id"]
        for end in ("head_id", "tail_id"):
            if self.spans.get(row[end]) != doc:
                raise ValidationError(
                    f"{where}: relation {row['id']} refers to span {row[end]}, not a span of its document"
                )
        self._label_of(row, self.documents[doc][0], LabelKind.RELATION, where)
        self._owner(row, where)
