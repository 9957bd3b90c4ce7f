"""The native JSONL export, checked as it is written: each line's object validated as `annotator validate`
validates a line, and the bytes confirmed on disk afterwards (`verify`), so the file is not parsed again."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ExportContext, ValidationResult, WriteStats
from annotator.formats.checks import ALL_SPAN_KEYS, check_span_keys
from annotator.formats.jsonl import NAME, record_to_json
from annotator.formats.native_check import check_object
from annotator.formats.verify import CheckedFile

_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(obj, ensure_ascii=False), made once


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write records as native JSONL, checking each line's object before it is written."""
    stats = WriteStats()
    result = ValidationResult(NAME)
    keys_seen: set[str] = set()
    labels = stats.labels
    with CheckedFile(out, stats) as fh:
        for number, record in enumerate(records, 1):
            obj = record_to_json(record)
            if check_object(result, f"{out}: line {number}", obj, None, hashed=True):
                keys_seen.update(ALL_SPAN_KEYS.intersection(obj))
            fh.write(_encode(obj) + "\n")
            stats.documents += 1
            stats.spans += len(record.spans)
            stats.relations += len(record.relations)
            for span in record.spans:
                labels[span.label] += 1
    check_span_keys(result, out, keys_seen)
    stats.checked = result
    return stats
