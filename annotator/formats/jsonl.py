"""The native JSONL format: one document a line, spans in code points `[start, end)`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import ValidationError
from annotator.core.spans import validate_span
from annotator.core.types import (
    AnnotatedDocument,
    DocStatus,
    Document,
    InvalidRecord,
    Origin,
    Relation,
    Span,
    new_id,
    text_hash,
)
from annotator.formats import fields
from annotator.formats.base import ReadContext
from annotator.formats.encodings import stream_error
from annotator.formats.inputs import stored_name
from annotator.formats.jsonio import loads_strict, open_text

NAME = "jsonl"


def read(path: Path, ctx: ReadContext | None = None) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read a native JSONL file, validating each line; errors name the file and line."""
    with open_text(path, ctx) as fh:
        try:
            yield from read_stream(fh, str(path), stored_name(path.name))
        except UnicodeDecodeError:
            raise stream_error(path, fh) from None


def read_stream(
    fh: IO[str], name: str, source: str | None = None
) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read native JSONL lines from an open text stream; `source` is kept where a line names none."""
    for number, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        where = f"{name}: line {number}"
        try:
            yield parse_record(loads_strict(raw, where), where, number, source=source)
        except ValidationError as exc:
            yield InvalidRecord(str(exc))


def parse_record(
    obj: Any, where: str, line: int | None = None, *, source: str | None = None
) -> AnnotatedDocument:
    """Validate one decoded JSONL object and turn it into an AnnotatedDocument."""
    obj = fields.obj(obj, where)
    text = fields.text(obj, "text", where)
    external = fields.opt_ref(obj, "id", where)
    doc_where = f"{where} (document {external})" if external is not None else where
    title = fields.opt_text(obj, "title", doc_where) or ""
    meta = fields.opt_obj(obj, "meta", doc_where)
    source = fields.opt_text(obj, "source", doc_where) or source
    expected_hash = fields.opt_text(obj, "text_sha256", doc_where)
    if expected_hash is not None and expected_hash != text_hash(text):
        raise ValidationError(f"{doc_where}: text does not match its text_sha256 (the text was altered)")
    status_raw = fields.opt_text(obj, "status", doc_where)
    status = None
    if status_raw is not None:
        try:
            status = DocStatus(status_raw)
        except ValueError:
            known = ", ".join(s.value for s in DocStatus)
            raise ValidationError(f"{doc_where}: status {status_raw!r} is not one of {known}") from None
    spans: list[Span] = []
    ids: set[str] = set()
    for i, item in enumerate(fields.opt_list(obj, "spans", doc_where), 1):
        spans.append(_parse_span(item, text, f"{doc_where}, span {i}", ids))
    relations = [
        _parse_relation(item, f"{doc_where}, relation {i}", ids)
        for i, item in enumerate(fields.opt_list(obj, "relations", doc_where), 1)
    ]
    document = Document(text=text, title=title, external_id=external, meta=meta, source=source)
    return AnnotatedDocument(document, tuple(spans), tuple(relations), status, line)


def _parse_span(item: Any, text: str, where: str, ids: set[str]) -> Span:
    item = fields.obj(item, where, "an object")
    start = fields.whole(item, "start", where)
    end = fields.whole(item, "end", where)
    label = fields.text(item, "label", where)
    sid = fields.opt_ref(item, "id", where)
    if sid is None:
        sid = new_id()
    if sid in ids:
        raise ValidationError(f"{where}: duplicate span id {sid!r}")
    ids.add(sid)
    where = f"{where} ({sid})" if "id" in item else where
    origin_raw = fields.opt_text(item, "origin", where) or Origin.IMPORTED.value
    try:
        origin = Origin(origin_raw)
    except ValueError:
        raise ValidationError(
            f"{where}: origin {origin_raw!r} is not manual, imported or suggested"
        ) from None
    span = Span(
        start=start,
        end=end,
        label=label,
        id=sid,
        annotator=fields.opt_text(item, "annotator", where),
        note=fields.opt_text(item, "note", where),
        attributes=fields.opt_obj(item, "attributes", where),
        origin=origin,
    )
    validate_span(span, text, where=where)
    quoted = fields.opt_text(item, "text", where)
    if quoted is not None and quoted != text[start:end]:
        raise ValidationError(
            f"{where}: span text {quoted!r} differs from the document text at "
            f"[{start}, {end}): {text[start:end]!r}"
        )
    return span


def _parse_relation(item: Any, where: str, ids: set[str]) -> Relation:
    item = fields.obj(item, where, "an object")
    refs = []
    for key in ("head", "tail"):
        value = fields.opt_ref(item, key, where)
        if value is None or value not in ids:
            raise ValidationError(f"{where}: {key} {value!r} is not the id of a span of this document")
        refs.append(value)
    label = fields.text(item, "label", where)
    rid = fields.opt_ref(item, "id", where)
    annotator = fields.opt_text(item, "annotator", where)
    return Relation(refs[0], refs[1], label, rid if rid is not None else new_id(), annotator)


def record_to_json(record: AnnotatedDocument) -> dict[str, Any]:
    """The native JSONL object of one document."""
    doc = record.document
    text = doc.text
    obj: dict[str, Any] = {
        "id": doc.external_id if doc.external_id is not None else str(doc.id),
        "title": doc.title,
        "text": text,
        "text_sha256": text_hash(text),
        "meta": dict(doc.meta),
        "status": record.status.value if record.status else DocStatus.TODO.value,
        "spans": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "text": text[s.start : s.end],
                "annotator": s.annotator,
                "note": s.note,
                "attributes": dict(s.attributes),
                "origin": s.origin.value,
            }
            for s in record.spans
        ],
        "relations": [
            {"id": r.id, "head": r.head, "tail": r.tail, "label": r.label, "annotator": r.annotator}
            for r in record.relations
        ],
    }
    if doc.source is not None:
        # Where the document came from (its import file); meta is the user's and stays as it was.
        obj["source"] = doc.source
    return obj


def write(records: Iterable[AnnotatedDocument], fh: IO[str]) -> int:
    """Write records as native JSONL; returns the number written."""
    n = 0
    for record in records:
        fh.write(json.dumps(record_to_json(record), ensure_ascii=False))
        fh.write("\n")
        n += 1
    return n
