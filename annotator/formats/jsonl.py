"""The native JSONL format: one document a line, spans in code points `[start, end)`.

A span of several pieces keeps its hull in `start`/`end` (so `text[start:end]`
is its `text`) and lists the pieces in `fragments`; a one-piece span has no
`fragments`. Span attributes and document labels (`document_labels`) are read
as they are: the importer checks them against the codebook.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator.core.codebook import DocumentValue
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
    span_from_fields,
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
        if not raw or raw.isspace():  # not raw.strip(): that copies every line
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
    length = len(text)
    for i, item in enumerate(fields.opt_list(obj, "spans", doc_where), 1):
        span = _plain_span(item, text, length, ids)
        spans.append(span if span is not None else _parse_span(item, text, f"{doc_where}, span {i}", ids))
    relations = [
        _parse_relation(item, f"{doc_where}, relation {i}", ids)
        for i, item in enumerate(fields.opt_list(obj, "relations", doc_where), 1)
    ]
    values = _parse_values(fields.opt_list(obj, "document_labels", doc_where), doc_where)
    document = Document(text=text, title=title, external_id=external, meta=meta, source=source)
    return AnnotatedDocument(document, tuple(spans), tuple(relations), status, line, values)


def _parse_values(items: list[Any], where: str) -> tuple[DocumentValue, ...]:
    if not items:
        return ()
    values: list[DocumentValue] = []
    coded: set[tuple[str, str | None]] = set()
    for i, item in enumerate(items, 1):
        value = parse_document_value(item, f"{where}, document label {i}")
        key = (value.label, value.annotator)
        if key in coded:
            who = repr(value.annotator) if value.annotator is not None else "no annotator"
            raise ValidationError(
                f"{where}, document label {i}: {value.label} by {who} is given twice "
                "(a coder gives one value per variable and article)"
            )
        coded.add(key)
        values.append(value)
    return tuple(values)


def parse_document_value(item: Any, where: str) -> DocumentValue:
    """One `document_labels` entry: its label, value, annotator and codebook version, shapes checked."""
    item = fields.obj(item, where, "an object")
    label = fields.text(item, "label", where, nonempty=True)
    where = f"{where} ({label})"
    value = item.get("value")
    if value is None:
        raise ValidationError(f"{where}: 'value' is missing (a variable not coded is left out)")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(f"{where}: 'value' must be a finite number")
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise ValidationError(f"{where}: 'value' must be a list of texts, holding {_odd(value)}")
    elif not isinstance(value, str | int | float):
        raise ValidationError(
            f"{where}: 'value' must be text, a number, true or false, or a list of texts, got {fields.shown(value)}"
        )
    return DocumentValue(
        label,
        value,
        fields.opt_text(item, "annotator", where),
        _version(item, where),
    )


def _odd(values: list[Any]) -> str:
    return fields.shown(next(v for v in values if not isinstance(v, str)))


def _version(item: dict[str, Any], where: str) -> int | None:
    version = fields.opt_whole(item, "codebook_version", where)
    if version is not None and version < 0:
        raise ValidationError(f"{where}: 'codebook_version' must not be negative, got {version}")
    return version


def parse_fragments(raw: Any, where: str) -> tuple[tuple[int, int], ...]:
    """A span's `fragments` as pairs (their order and bounds are checked by validate_span)."""
    if not isinstance(raw, list):
        raise ValidationError(
            f"{where}: 'fragments' must be a list of [start, end] pairs, got {fields.shown(raw)}"
        )
    pieces = []
    for i, piece in enumerate(raw, 1):
        if not (isinstance(piece, list) and len(piece) == 2):
            raise ValidationError(
                f"{where}: fragment {i} must be a pair [start, end], got {fields.shown(piece)}"
            )
        pieces.append((piece[0], piece[1]))
    return tuple(pieces)


_PLAIN_KEYS = frozenset(
    {"id", "start", "end", "label", "text", "annotator", "note", "attributes", "origin"}
    | {"codebook_version", "fragments", "suggester", "score"}  # taken here only when null (or no fragments)
)
_ORIGINS = {o.value: o for o in Origin}
_ORIGIN_NAMES = {o: o.value for o in Origin}  # member.value is a slow descriptor, called per span


def _plain_span(item: Any, text: str, length: int, ids: set[str]) -> Span | None:
    """The span of an item that needs no message: plain fields, all well-formed (else None, and
    `_parse_span` checks it field by field, naming what is wrong).

    Most spans of a file look like this, so a file is read without a message or a
    getter call per field; what this accepts, `_parse_span` accepts alike.
    """
    if type(item) is not dict or not _PLAIN_KEYS.issuperset(item):
        return None
    start, end, label = item.get("start"), item.get("end"), item.get("label")
    if type(start) is not int or type(end) is not int or type(label) is not str:
        return None
    if not 0 <= start < end <= length:
        return None
    sid = item.get("id")
    if sid is None:
        sid = new_id()
    elif type(sid) is not str or sid in ids:
        return None
    annotator, note, attributes = item.get("annotator"), item.get("note"), item.get("attributes")
    if (annotator is not None and type(annotator) is not str) or (note is not None and type(note) is not str):
        return None
    if attributes is None:
        attributes = {}
    elif type(attributes) is not dict:
        return None
    raw_origin = item.get("origin")
    if raw_origin is None or raw_origin == "":
        origin: Origin | None = Origin.IMPORTED
    else:
        origin = _ORIGINS.get(raw_origin) if type(raw_origin) is str else None
    quoted = item.get("text")
    if origin is None or (quoted is not None and quoted != text[start:end]):
        return None
    fragments = item.get("fragments")
    if (fragments is not None and fragments != []) or item.get("codebook_version") is not None:
        return None
    if item.get("suggester") is not None or item.get("score") is not None:
        return None
    ids.add(sid)
    return span_from_fields({
        "start": start, "end": end, "label": label, "id": sid, "annotator": annotator, "note": note,
        "attributes": attributes, "origin": origin, "version": 1, "fragments": (),
        "codebook_version": None, "suggester": None, "score": None,
    })  # fmt: skip


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
    origin = _origin(item, where)
    raw = item.get("fragments")
    # Most spans have no fragments, version or suggestion: one lookup each, no call.
    version = item.get("codebook_version")
    suggester = item.get("suggester")
    score = item.get("score")
    span = Span(
        start=start,
        end=end,
        label=label,
        id=sid,
        annotator=fields.opt_text(item, "annotator", where),
        note=fields.opt_text(item, "note", where),
        attributes=fields.opt_obj(item, "attributes", where),
        origin=origin,
        fragments=() if raw is None or raw == [] else parse_fragments(raw, where),
        codebook_version=None if version is None else _version(item, where),
        suggester=None if suggester is None else fields.opt_text(item, "suggester", where),
        score=None if score is None else fields.opt_number(item, "score", where),
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
    return Relation(
        refs[0],
        refs[1],
        label,
        rid if rid is not None else new_id(),
        annotator,
        origin=_origin(item, where),
        codebook_version=_version(item, where),
    )


def _origin(item: dict[str, Any], where: str) -> Origin:
    raw = fields.opt_text(item, "origin", where) or Origin.IMPORTED.value
    try:
        return Origin(raw)
    except ValueError:
        raise ValidationError(f"{where}: origin {raw!r} is not manual, imported or suggested") from None


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
        "spans": [_span_json(s, text) for s in record.spans],
        "relations": [
            {
                "id": r.id,
                "head": r.head,
                "tail": r.tail,
                "label": r.label,
                "annotator": r.annotator,
                "origin": r.origin.value,
                "codebook_version": r.codebook_version,
            }
            for r in record.relations
        ],
        "document_labels": [
            {
                "label": v.label,
                "value": v.value,
                "annotator": v.annotator,
                "codebook_version": v.codebook_version,
            }
            for v in record.values
        ],
    }
    if doc.source is not None:
        # Where the document came from (its import file); meta is the user's and stays as it was.
        obj["source"] = doc.source
    return obj


def _span_json(s: Span, text: str) -> dict[str, Any]:
    start, end, origin, attributes = s.start, s.end, s.origin, s.attributes
    obj: dict[str, Any] = {
        "id": s.id,
        "start": start,
        "end": end,
        "label": s.label,
        "text": text[start:end],
        "annotator": s.annotator,
        "note": s.note,
        "attributes": attributes if type(attributes) is dict else dict(attributes),
        "origin": _ORIGIN_NAMES[origin],
        "codebook_version": s.codebook_version,
    }
    if s.fragments:
        obj["fragments"] = [[a, b] for a, b in s.fragments]
    if origin is Origin.SUGGESTED or s.suggester is not None or s.score is not None:
        obj["suggester"] = s.suggester
        obj["score"] = s.score
    return obj


def write(records: Iterable[AnnotatedDocument], fh: IO[str]) -> int:
    """Write records as native JSONL; returns the number written."""
    n = 0
    for record in records:
        fh.write(json.dumps(record_to_json(record), ensure_ascii=False))
        fh.write("\n")
        n += 1
    return n
