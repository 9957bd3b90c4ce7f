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
from annotator.formats.base import ReadContext
from annotator.formats.encodings import stream_error
from annotator.formats.jsonio import get_dict, get_int, get_list, get_str, loads_strict, open_text

NAME = "jsonl"


def read(path: Path, ctx: ReadContext | None = None) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read a native JSONL file, validating each line; errors name the file and line."""
    with open_text(path, ctx) as fh:
        try:
            yield from read_stream(fh, str(path))
        except UnicodeDecodeError:
            raise stream_error(path, fh) from None


def read_stream(fh: IO[str], name: str) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read native JSONL lines from an open text stream."""
    for number, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        where = f"{name}: line {number}"
        try:
            yield parse_record(loads_strict(raw, where), where, number)
        except ValidationError as exc:
            yield InvalidRecord(str(exc))


def parse_record(obj: Any, where: str, line: int | None = None) -> AnnotatedDocument:
    """Validate one decoded JSONL object and turn it into an AnnotatedDocument."""
    if not isinstance(obj, dict):
        raise ValidationError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = get_str(obj, "text", where, required=True)
    assert text is not None
    external = obj.get("id")
    if (external is not None and not isinstance(external, (str, int))) or isinstance(external, bool):
        raise ValidationError(f"{where}: 'id' must be text or a number")
    doc_where = f"{where} (document {external})" if external is not None else where
    title = get_str(obj, "title", doc_where) or ""
    meta = get_dict(obj, "meta", doc_where)
    source = get_str(obj, "source", doc_where)
    expected_hash = get_str(obj, "text_sha256", doc_where)
    if expected_hash is not None and expected_hash != text_hash(text):
        raise ValidationError(f"{doc_where}: text does not match its text_sha256 (the text was altered)")
    status_raw = get_str(obj, "status", doc_where)
    status = None
    if status_raw is not None:
        try:
            status = DocStatus(status_raw)
        except ValueError:
            known = ", ".join(s.value for s in DocStatus)
            raise ValidationError(f"{doc_where}: status {status_raw!r} is not one of {known}") from None
    spans: list[Span] = []
    ids: set[str] = set()
    for i, item in enumerate(get_list(obj, "spans", doc_where), 1):
        spans.append(_parse_span(item, text, f"{doc_where}, span {i}", ids))
    relations = [
        _parse_relation(item, f"{doc_where}, relation {i}", ids)
        for i, item in enumerate(get_list(obj, "relations", doc_where), 1)
    ]
    document = Document(
        text=text,
        title=title,
        external_id=None if external is None else str(external),
        meta=meta,
        source=source,
    )
    return AnnotatedDocument(document, tuple(spans), tuple(relations), status, line)


def _parse_span(item: Any, text: str, where: str, ids: set[str]) -> Span:
    if not isinstance(item, dict):
        raise ValidationError(f"{where}: expected an object")
    start = get_int(item, "start", where)
    end = get_int(item, "end", where)
    label = get_str(item, "label", where, required=True)
    assert label is not None
    sid = item.get("id")
    if sid is None:
        sid = new_id()
    elif isinstance(sid, int) and not isinstance(sid, bool):
        sid = str(sid)
    elif not isinstance(sid, str):
        raise ValidationError(f"{where}: 'id' must be text")
    if sid in ids:
        raise ValidationError(f"{where}: duplicate span id {sid!r}")
    ids.add(sid)
    where = f"{where} ({sid})" if "id" in item else where
    origin_raw = get_str(item, "origin", where) or Origin.IMPORTED.value
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
        annotator=get_str(item, "annotator", where),
        note=get_str(item, "note", where),
        attributes=get_dict(item, "attributes", where),
        origin=origin,
    )
    validate_span(span, text, where=where)
    quoted = get_str(item, "text", where)
    if quoted is not None and quoted != text[start:end]:
        raise ValidationError(
            f"{where}: span text {quoted!r} differs from the document text at "
            f"[{start}, {end}): {text[start:end]!r}"
        )
    return span


def _parse_relation(item: Any, where: str, ids: set[str]) -> Relation:
    if not isinstance(item, dict):
        raise ValidationError(f"{where}: expected an object")
    refs = []
    for key in ("head", "tail"):
        value = item.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or value not in ids:
            raise ValidationError(f"{where}: {key} {value!r} is not the id of a span of this document")
        refs.append(value)
    label = get_str(item, "label", where, required=True)
    assert label is not None
    rid = item.get("id")
    return Relation(
        refs[0], refs[1], label, str(rid) if rid is not None else new_id(), get_str(item, "annotator", where)
    )


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
