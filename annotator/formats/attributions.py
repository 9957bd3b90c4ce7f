"""The attributions export: one JSON object per attribution (content, source, cue), the documents' texts beside it.

An attribution is a content span (the label whose role is content in the
codebook, CLAIM when none is marked) with its links to a source span (role
source, default SOURCE) and a cue span (role cue, default CUE) through the
relation labels whose head is the content label and whose tail is the source
or cue label (ATTRIBUTED_TO and CUED_BY when the codebook names none). The
options `content`, `source` and `cue` name other labels. Offsets are
`[start, end)` in code points of the document's text, so
`text[start:end] == span["text"]`.

`OUT.jsonl`, one line per content span, in text order:

    {"doc_id": "ledger-7",
     "content": [{"start": 1, "end": 25, "text": "We will not back down,"},
                 {"start": 36, "end": 50, "text": "not this year."}],
     "source": {"start": 28, "end": 31, "text": "she"},
     "cue": {"start": 32, "end": 36, "text": "said"},
     "annotator": "alice"}

- `content` lists the pieces of the content span (one for a span of one
  piece, each fragment of a split quote otherwise);
- `source` and `cue` are null when the content has none; a content linked to
  several keeps the first in the text (the others are counted; the Citron
  variant keeps every source), and a discontinuous source or cue is written
  as its hull (counted as changed);
- `annotator` is the content span's coder, or null.

`OUT.texts.jsonl` beside it, one line per exported document, attributions or
none: `{"doc_id", "text", "text_sha256"}`, so a model can be trained (and the
validator can check every offset) without the native export; a `doc_id` that
two documents share gets `~2`, `~3`, ... on the later ones.

Spans in no attribution and relations of other kinds are counted as dropped.
With `--option citron=true` the export is BBC Citron's folder instead (see
`citron`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument
from annotator.formats import citron
from annotator.formats.attributing import (
    NAME,
    Attribution,
    check_piece,
    check_pieces,
    doc_ids,
    gather,
    hull,
    piece,
    roles,
)
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats, opt_bool
from annotator.formats.jsonio import loads_strict, nonblank_lines

__all__ = ["NAME", "texts_path", "validate", "write"]

CITRON = "citron"
"""The option that writes the Citron folder instead."""


def texts_path(data: Path) -> Path:
    """Where the texts of an attributions file are written: its name without the last ending, + .texts.jsonl."""
    return data.with_name(f"{data.stem}.texts.jsonl")


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write the attributions JSONL and its texts (or, with citron=true, the Citron folder)."""
    if opt_bool(ctx.options, CITRON, False):
        return citron.write(records, out, ctx)
    parts = roles(ctx.schema, ctx.options)
    stats = WriteStats()
    with (
        out.open("w", encoding="utf-8", newline="\n") as fh,
        texts_path(out).open("w", encoding="utf-8", newline="\n") as th,
    ):
        for doc_id, record in doc_ids(records):
            text = record.document.text
            th.write(
                json.dumps(
                    {"doc_id": doc_id, "text": text, "text_sha256": record.document.text_hash},
                    ensure_ascii=False,
                )
            )
            th.write("\n")
            stats.documents += 1
            for a in gather(record, parts, stats):
                fh.write(json.dumps(_line(doc_id, text, a, stats), ensure_ascii=False))
                fh.write("\n")
    return stats


def _line(doc_id: str, text: str, a: Attribution, stats: WriteStats) -> dict[str, Any]:
    """One attribution's object, its spans and relations counted."""
    line: dict[str, Any] = {"doc_id": doc_id, "content": [piece(text, s, e) for s, e in a.content.pieces()]}
    spans = [a.content]
    for key, found in (("source", a.sources), ("cue", a.cues)):
        line[key] = hull(text, found[0], stats) if found else None
        spans += found[:1]
        for extra in found[1:]:
            stats.drop(
                extra.label,
                f"one of several {key}s of a content: the {NAME} line keeps the first "
                "(the citron form keeps every source)",
            )
    line["annotator"] = a.content.annotator
    stats.spans += len(spans)
    stats.relations += len(spans) - 1
    stats.labels.update(s.label for s in spans)
    return line


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every attribution against its document's text in the texts file (or a Citron folder)."""
    if path.is_dir() or opt_bool(ctx.options, CITRON, False):
        return citron.validate(path, ctx, labels)
    result = ValidationResult(NAME)
    texts = _texts(texts_path(path), ctx, result)
    missing_texts = not texts_path(path).is_file()
    for number, raw in nonblank_lines(path, ctx):
        where = f"{path}: line {number}"
        try:
            obj = loads_strict(raw, where)
        except ValidationError as exc:
            result.add(where, str(exc).removeprefix(f"{where}: "))
            continue
        if not isinstance(obj, dict):
            result.add(where, "expected an object with doc_id, content, source, cue, annotator")
            continue
        missing = [k for k in ("doc_id", "content", "source", "cue", "annotator") if k not in obj]
        if missing:
            result.add(where, f"missing {', '.join(missing)}")
        doc_id, annotator = obj.get("doc_id"), obj.get("annotator")
        if annotator is not None and not isinstance(annotator, str):
            result.add(where, "annotator must be text or null")
        text = texts.get(doc_id) if isinstance(doc_id, str) else None
        if text is None:
            if texts or not missing_texts:
                result.add(where, f"doc_id {doc_id!r} names no document of {texts_path(path).name}")
            continue
        content = obj.get("content")
        if not isinstance(content, list) or not content:
            result.add(where, "content must be a non-empty list of spans")
        else:
            result.spans += 1
            check_pieces(result, f"{where}, content", text, content)
        for key in ("source", "cue"):
            if obj.get(key) is not None:
                result.spans += 1
                check_piece(result, f"{where}, {key}", text, obj[key])
    return result


def _texts(path: Path, ctx: ReadContext, result: ValidationResult) -> dict[str, str]:
    """doc_id -> text from the texts file, each text checked against its SHA-256; one document a line."""
    texts: dict[str, str] = {}
    if not path.is_file():
        result.add(str(path), "the texts file beside the attributions is missing")
        return texts
    for number, raw in nonblank_lines(path, ctx):
        where = f"{path}: line {number}"
        try:
            obj = loads_strict(raw, where)
        except ValidationError as exc:
            result.add(where, str(exc).removeprefix(f"{where}: "))
            continue
        doc_id = obj.get("doc_id") if isinstance(obj, dict) else None
        text = obj.get("text") if isinstance(obj, dict) else None
        if not isinstance(doc_id, str) or not isinstance(text, str):
            result.add(where, "expected an object with a doc_id and a text")
            continue
        result.documents += 1
        if doc_id in texts:
            result.add(where, f"doc_id {doc_id!r} is given twice")
        digest = obj.get("text_sha256")
        if digest is not None and digest != hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest():
            result.add(where, "the text differs from its text_sha256")
        texts[doc_id] = text
    return texts
