"""Validation of native JSONL files: text hashes, span texts at their offsets, labels, duplicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import text_hash
from annotator.formats.base import ReadContext, ValidationResult
from annotator.formats.checks import ALL_SPAN_KEYS, check_span, check_span_keys
from annotator.formats.encodings import stream_error
from annotator.formats.jsonio import loads_strict, open_text


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
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        result.add(where, "expected an object with a 'text'")
        return None
    result.documents += 1
    _check_document(result, where, obj, labels)
    return obj


def _check_document(
    result: ValidationResult, where: str, obj: dict[str, Any], labels: tuple[str, ...] | None
) -> None:
    text = obj["text"]
    digest = obj.get("text_sha256")
    if digest is not None and digest != text_hash(text):
        result.add(where, "text does not match its text_sha256 (the text was altered)")
    spans = obj.get("spans") or []
    if not isinstance(spans, list):
        result.add(where, "'spans' must be a list")
        return
    seen: set[tuple[int, int, str, str | None]] = set()
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
        check_span(
            result,
            w,
            text,
            span.get("start"),
            span.get("end"),
            span.get("label"),
            quoted=span.get("text"),
            labels=labels,
            seen=seen,
            annotator=who if isinstance(who, str) else None,
        )
    for i, rel in enumerate(obj.get("relations") or [], 1):
        if not isinstance(rel, dict) or str(rel.get("head")) not in ids or str(rel.get("tail")) not in ids:
            result.add(f"{where}, relation {i}", "head and tail must be ids of spans of this line")
