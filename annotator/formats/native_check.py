"""Validation of native JSONL files: text hashes, span texts at their offsets, fragments, labels, duplicates, document labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.spans import check_fragments
from annotator.core.types import text_hash
from annotator.formats.base import ReadContext, ValidationResult
from annotator.formats.checks import ALL_SPAN_KEYS, check_span, check_span_keys
from annotator.formats.encodings import stream_error
from annotator.formats.jsonio import loads_strict, open_text
from annotator.formats.jsonl import parse_document_value, parse_fragments


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every line of a native JSONL file and report each problem."""
    result = ValidationResult("jsonl")
    keys_seen: set[str] = set()
    with open_text(path, ctx) as fh:
        try:
            for number, raw in enumerate(fh, 1):
                if raw.strip():
                    obj = _line(result, f"{path}: line {number}", raw, labels)
                    if obj is not None:
                        keys_seen.update(ALL_SPAN_KEYS.intersection(obj))
        except UnicodeDecodeError:
            raise stream_error(path, fh) from None
    check_span_keys(result, path, keys_seen)
    return result


def _line(
    result: ValidationResult, where: str, raw: str, labels: tuple[str, ...] | None
) -> dict[str, Any] | None:
    """Check one line; returns its object when it is a document."""
    try:
        obj = loads_strict(raw, where)
    except ValidationError as exc:
        result.add(where, str(exc).removeprefix(f"{where}: "))
        return None
    return obj if check_object(result, where, obj, labels) else None


def check_object(
    result: ValidationResult, where: str, obj: Any, labels: tuple[str, ...] | None, *, hashed: bool = False
) -> bool:
    """Check one decoded line (or the object a writer is about to write); True when it is a document.

    `hashed`: the writer has just computed `text_sha256` from this very text, so it is not hashed again.
    """
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        result.add(where, "expected an object with a 'text'")
        return False
    result.documents += 1
    _check_document(result, where, obj, labels, hashed)
    return True


def _check_document(
    result: ValidationResult, where: str, obj: dict[str, Any], labels: tuple[str, ...] | None, hashed: bool
) -> None:
    text = obj["text"]
    digest = obj.get("text_sha256")
    if digest is not None and not hashed and digest != text_hash(text):
        result.add(where, "text does not match its text_sha256 (the text was altered)")
    spans = obj.get("spans") or []
    if not isinstance(spans, list):
        result.add(where, "'spans' must be a list")
        return
    seen: set[tuple[int, int, str, str | None]] = set()
    seen_pieces: set[tuple[Any, ...]] = set()
    ids: set[str] = set()
    for i, span in enumerate(spans, 1):
        result.spans += 1
        w = f"{where}, span {i}"
        if not isinstance(span, dict):
            result.add(w, "expected an object")
            continue
        if span.get("id") is not None:
            ids.add(str(span["id"]))
        who = span.get("annotator")
        annotator = who if isinstance(who, str) else None
        raw = span.get("fragments")
        pieced = raw is not None and raw != []
        fine = check_span(
            result,
            w,
            text,
            span.get("start"),
            span.get("end"),
            span.get("label"),
            quoted=span.get("text"),
            labels=labels,
            seen=None if pieced else seen,
            annotator=annotator,
        )
        if pieced and fine:
            _check_pieces(result, w, span, raw, annotator, seen_pieces)
    for i, rel in enumerate(obj.get("relations") or [], 1):
        if not isinstance(rel, dict) or str(rel.get("head")) not in ids or str(rel.get("tail")) not in ids:
            result.add(f"{where}, relation {i}", "head and tail must be ids of spans of this line")
    _check_values(result, where, obj.get("document_labels"))


def _check_pieces(
    result: ValidationResult,
    where: str,
    span: dict[str, Any],
    raw: Any,
    annotator: str | None,
    seen: set[tuple[Any, ...]],
) -> None:
    """A fragmented span's pieces; a well-formed span that another repeats piece for piece is a duplicate."""
    where = f"{where} [{span['start']}, {span['end']}) {span['label']!r}"
    try:
        pieces = parse_fragments(raw, where)
        check_fragments(pieces, span["start"], span["end"], where)
    except ValidationError as exc:
        result.add(where, str(exc).removeprefix(f"{where}: "))
        return
    key = (pieces, span["label"], annotator)
    if key in seen:
        result.add(where, "duplicate span (same fragments, label and annotator)", kind="duplicate")
    seen.add(key)


def _check_values(result: ValidationResult, where: str, items: Any) -> None:
    """The shapes of the line's document labels, and one value per variable and coder."""
    if items is None:
        return
    if not isinstance(items, list):
        result.add(where, "'document_labels' must be a list")
        return
    coded: set[tuple[str, str | None]] = set()
    for i, item in enumerate(items, 1):
        w = f"{where}, document label {i}"
        try:
            value = parse_document_value(item, w)
        except ValidationError as exc:
            result.add(w, str(exc).removeprefix(f"{w}: "))
            continue
        if (value.label, value.annotator) in coded:
            result.add(f"{w} ({value.label})", "given twice by the same annotator")
        coded.add((value.label, value.annotator))
