"""The Prodigy export, written fast and checked as it is written.

Each task's line is the bytes of `json.dumps(prodigy.task(...), ensure_ascii=False)`
(plus the choice options): the token objects, eight in ten of its bytes, are
laid out in one `%` format over the token columns instead of one dict each,
and the rest is encoded by the standard encoder in two pieces around them.
Each task is checked before it is written as `prodigy.validate` checks a
line (span texts at their offsets, token_start/token_end on the tokens,
relation ends, duplicates), on the spans and token columns themselves; the
token texts are the text's own slices at their offsets, so that check holds
by construction. The bytes are then confirmed on disk (`verify`), so the
file, eight times the native one, is not parsed again. With a core free, a
child process lays out and checks chunks of tasks too (`chunk_pool`); this
process writes every chunk's bytes in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from annotator.core.types import AnnotatedDocument, DocStatus, LabelSchema, Span
from annotator.formats import docvalues
from annotator.formats.base import ExportContext, Options, ValidationResult, WriteStats
from annotator.formats.carry import continuous, linked
from annotator.formats.checks import check_span, unique_spans
from annotator.formats.chunk_pool import ChunkPool
from annotator.formats.export_tokens import ExportTokenizer
from annotator.formats.prodigy import _NOT_OPTIONS, NAME
from annotator.formats.token_columns import Spaced, token_span
from annotator.formats.verify import CheckedFile

_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(obj, ensure_ascii=False), made once
_QUOTED: Any = json.encoder.encode_basestring  # how that encoder writes a string
_TOKEN = '{"text": %s, "start": %d, "end": %d, "id": %d, "ws": %s}'
_PLAIN_TOKEN = '{"text": "%s", "start": %d, "end": %d, "id": %d, "ws": %s}'
_WS = ("false", "true")


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write Prodigy tasks with spaCy's tokens (white space kept as spaCy does) and inclusive token_end."""
    stats = WriteStats()
    result = ValidationResult(NAME)
    with CheckedFile(out, stats) as fh, ChunkPool(TaskLines, (str(out), ctx.options, ctx.schema)) as pool:
        for part in pool.map(enumerate(records, 1)):
            fh.write_bytes(part.data)
            stats.merge(part.stats)
            result.merge(part.checked)
    stats.checked = result
    return stats


@dataclass
class Part:
    """A chunk of tasks laid out: their lines' bytes, what was written and what their check found."""

    data: bytes
    stats: WriteStats
    checked: ValidationResult


class TaskLines:
    """Lays out and checks chunks of (line number, record) as task lines, the same in either process of the pool."""

    def __init__(self, out: str, options: Options, schema: LabelSchema) -> None:
        self._out = out
        self._schema = schema
        self._tokenizer = ExportTokenizer(options)
        self._options = [
            {"id": c, "text": c.replace(docvalues.SEP, ": ", 1)}
            for var in docvalues.variables(schema)
            for c in docvalues.all_categories(var)
        ]
        self._known = {o["id"] for o in self._options}

    def __call__(self, chunk: list[tuple[int, AnnotatedDocument]]) -> Part:
        """The chunk's lines, in order."""
        stats = WriteStats()
        result = ValidationResult(NAME)
        lines = []
        options, known = self._options, self._known
        for number, record in chunk:
            rest, tokens = task_parts(record, stats, self._tokenizer)
            values = docvalues.agreed(record, stats, NAME)
            chosen = docvalues.categories_of(values, self._schema, stats, NAME, _NOT_OPTIONS)
            if options or chosen:
                rest["options"] = options + [{"id": c, "text": c} for c in chosen if c not in known]
                rest["accept"] = chosen
            _check(result, f"{self._out}: line {number}", record.document.text, rest, tokens)
            lines.append(_line(record.document.text, rest, tokens))
            stats.documents += 1
        return Part("".join(lines).encode("utf-8"), stats, result)


def task_parts(
    record: AnnotatedDocument, stats: WriteStats, tokenizer: ExportTokenizer
) -> tuple[dict[str, Any], Spaced]:
    """`prodigy.task` without its text and tokens: the rest of the task's object, and the token columns."""
    doc = record.document
    text = doc.text
    spans = unique_spans(continuous(record.spans, stats, NAME), stats)
    tokens = tokenizer.columns(text, spans, stats)
    starts, ends = tokens[1], tokens[2]
    out_spans: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for s in sorted(spans, key=lambda s: (s.start, s.end, s.label)):
        item = _span_json(text, s, starts, ends)
        out_spans.append(item)
        by_id[s.id] = item
        stats.labels[s.label] += 1
    stats.spans += len(out_spans)
    rels = []
    for r in linked(record.relations, record.spans, by_id, stats, NAME):
        head, child = by_id[r.head], by_id[r.tail]
        rels.append(
            {
                "head": head.get("token_end", -1),
                "child": child.get("token_end", -1),
                "head_span": head,
                "child_span": child,
                "label": r.label,
            }
        )
    stats.relations += len(rels)
    meta: dict[str, Any] = {"id": doc.external_id if doc.external_id is not None else doc.id}
    if doc.title:
        meta["title"] = doc.title
    meta.update({k: v for k, v in doc.meta.items() if k not in ("id", "title")})
    rest: dict[str, Any] = {"meta": meta, "spans": out_spans}
    if rels:
        rest["relations"] = rels
    rest["_view_id"] = "spans_manual"
    rest["answer"] = "ignore" if record.status == DocStatus.SKIPPED else "accept"
    return rest, tokens


def _span_json(text: str, s: Span, starts: list[int], ends: list[int]) -> dict[str, Any]:
    item: dict[str, Any] = {"start": s.start, "end": s.end, "text": text[s.start : s.end]}
    found = token_span(starts, ends, s.start, s.end)
    if found is not None:
        item["token_start"], item["token_end"] = found
    item["label"] = s.label
    if s.attributes:
        item["attributes"] = dict(s.attributes)
    return item


def _line(text: str, rest: dict[str, Any], tokens: Spaced) -> str:
    """The task's JSON line: text, meta, tokens, then the rest, as json.dumps writes the whole object."""
    texts, starts, ends, spaces = tokens
    n = len(texts)
    if not n:
        laid_out = ""
    else:
        # Tokens are pieces of the text: when it needs no JSON escape, neither does any of them.
        plain = len(_QUOTED(text)) == len(text) + 2
        template = ", ".join(repeat(_PLAIN_TOKEN if plain else _TOKEN, n))
        shown = texts if plain else map(_QUOTED, texts)
        laid_out = template % tuple(
            chain.from_iterable(zip(shown, starts, ends, range(n), map(_WS.__getitem__, spaces), strict=True))
        )
    meta = _encode({"meta": rest["meta"]})[1:-1]
    after = _encode({k: v for k, v in rest.items() if k != "meta"})[1:]
    return f'{{"text": {_QUOTED(text)}, {meta}, "tokens": [{laid_out}], {after}\n'


def _check(result: ValidationResult, where: str, text: str, rest: dict[str, Any], tokens: Spaced) -> None:
    """What `prodigy.validate` checks of a line, on the task about to be written."""
    result.documents += 1
    starts, ends = tokens[1], tokens[2]
    seen: set[tuple[int, int, str, str | None]] = set()
    items = [(f"{where}, span {i}", s, True) for i, s in enumerate(rest["spans"], 1)]
    for i, rel in enumerate(rest.get("relations", ()), 1):
        for key, token_key in (("head_span", "head"), ("child_span", "child")):
            w = f"{where}, relation {i} {key}"
            item = rel[key]
            items.append((w, item, False))
            end = item.get("token_end")
            if end is not None and rel[token_key] != end:
                result.add(w, f"{token_key} {rel[token_key]} is not the span's token_end {end}")
    for w, item, in_spans in items:
        result.spans += in_spans
        start, end = item["start"], item["end"]
        ok = check_span(
            result, w, text, start, end, item["label"], quoted=item["text"], seen=seen if in_spans else None
        )
        if ok and "token_start" in item:
            ts, te = item["token_start"], item["token_end"]
            if not (0 <= ts <= te < len(starts) and starts[ts] == start and ends[te] == end):
                result.add(
                    f"{w} [{start}, {end})",
                    f"tokens {ts}..{te} (inclusive) do not cover the span's characters",
                )
