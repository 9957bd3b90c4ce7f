"""Prodigy JSONL (`prodigy db-out`): `text`, `tokens`, `spans`, `relations`, `options`/`accept`, `meta`, `answer`.

Character offsets are code points, `[start, end)`; `token_start` and
`token_end` are token indices and both inclusive ("Silicon Valley" is tokens 4
to 5). Only tasks answered `accept` carry their spans in; a task without an
answer (raw input with pre-set spans) does too.

A relation is `{"head": H, "child": C, "head_span": {...}, "child_span":
{...}, "label": ...}` where H and C are the token indices of the `token_end`
of the head and child spans (the last token: Explosion's rel_component
tutorial, projects/tutorials/rel_component/scripts/parse_data.py, maps
`head` through `span_end_to_start`). A relation without `head_span` is
resolved through the span ending at token `head`; one between tokens that
end no span (a dependency arc) is left out, and said.

Document variables use Prodigy's choice interface (prodigy-recipes
other/choice.py): `options: [{"id", "text"}]` lists every `VARIABLE=value`
category of the codebook's choice, multi and bool variables, and `accept`
the ids chosen (see `docvalues`); read back, they become document values of
the task's annotator. Span attributes ride along as `"attributes"` in each
span (Prodigy keeps keys it does not know). Number and text variables and
discontinuous spans (with their relations) are counted as dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

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
)
from annotator.formats import docvalues, fields
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.checks import ALL_SPAN_KEYS, check_span, check_span_keys
from annotator.formats.export_tokens import ExportTokenizer
from annotator.formats.inputs import stored_name
from annotator.formats.jsonio import loads_strict, nonblank_lines

NAME = "prodigy"
_STATUS = {"accept": DocStatus.DONE, "reject": DocStatus.SKIPPED, "ignore": DocStatus.SKIPPED}
_NOT_OPTIONS = "Prodigy's choice options hold choices only, not number or text variables"


def read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read Prodigy tasks; spans of tasks answered reject or ignore are left out (and counted)."""
    not_accepted = 0
    left: dict[str, int] = {"arcs": 0, "choices": 0}
    source = stored_name(path.name)
    for number, raw in nonblank_lines(path, ctx):
        where = f"{path}: line {number}"
        try:
            record, dropped = _parse(loads_strict(raw, where), where, number, source, left)
        except ValidationError as exc:
            yield InvalidRecord(str(exc))
            continue
        not_accepted += dropped
        yield record
    if not_accepted:
        ctx.notes.append(
            f"{path}: {not_accepted} task(s) answered reject or ignore were imported without their spans"
        )
    if left["arcs"]:
        ctx.notes.append(
            f"{path}: {left['arcs']} relation(s) between tokens that end no span (dependency arcs) were left out"
        )
    if left["choices"]:
        ctx.notes.append(
            f"{path}: {left['choices']} accepted choice(s) not of the form VARIABLE=value were left out"
        )


def _span(item: Any, text: str, where: str, tokens: list[Any] | None) -> Span:
    item = fields.obj(item, where, "an object with start, end, label")
    start, end = fields.whole(item, "start", where), fields.whole(item, "end", where)
    label = fields.text(item, "label", where, nonempty=True)
    quoted = fields.opt_text(item, "text", where)
    where = f"{where} [{start}, {end}) {label!r}"
    attributes = fields.opt_obj(item, "attributes", where)
    span = Span(start, end, label, origin=Origin.IMPORTED, attributes=attributes)
    validate_span(span, text, where=where)
    if quoted is not None and quoted != text[start:end]:
        raise ValidationError(f"{where}: span text {quoted!r} differs from the text at its offsets")
    problem = _token_problem(item, tokens, start, end)
    if problem:
        raise ValidationError(f"{where}: {problem}")
    return span


def _token_problem(item: dict[str, Any], tokens: list[Any] | None, start: int, end: int) -> str | None:
    """Why token_start/token_end (inclusive) disagree with the character offsets, or None."""
    if tokens is None or "token_start" not in item or "token_end" not in item:
        return None
    ts, te = item["token_start"], item["token_end"]
    if not (fields.is_whole(ts) and fields.is_whole(te)):
        return "token_start and token_end must be whole numbers"
    if not 0 <= ts <= te < len(tokens):
        return f"tokens {ts}..{te} are outside the {len(tokens)} tokens"
    first, last = tokens[ts], tokens[te]
    if not (isinstance(first, dict) and isinstance(last, dict)):
        return "tokens must be objects"
    if first.get("start") != start or last.get("end") != end:
        return (
            f"tokens {ts}..{te} (inclusive) cover [{first.get('start')}, {last.get('end')}), "
            f"not the span's characters"
        )
    return None


def _parse(
    obj: Any, where: str, number: int, source: str | None = None, left: dict[str, int] | None = None
) -> tuple[AnnotatedDocument, int]:
    obj = fields.obj(obj, where)
    left = left if left is not None else {"arcs": 0, "choices": 0}
    text = fields.text(obj, "text", where)
    answer = fields.opt_text(obj, "answer", where)
    meta = dict(fields.opt_obj(obj, "meta", where))
    external = fields.opt_ref(meta, "id", where, name="meta.id") if "id" in meta else None
    external = external if external is not None else fields.opt_ref(obj, "id", where)
    title = fields.opt_text(meta, "title", where, name="meta.title") or ""
    meta.pop("id", None)
    meta.pop("title", None)
    doc = Document(text=text, title=title, external_id=external, meta=meta, source=source)
    status = _STATUS.get(answer) if answer is not None else None
    raw_spans = fields.opt_list(obj, "spans", where)
    if answer is not None and answer != "accept":
        return AnnotatedDocument(doc, (), (), status, number), 1 if raw_spans else 0
    # Prodigy names the coder of a multi-user session in _annotator_id; older db-out files only in _session_id.
    annotator = (
        fields.opt_text(obj, "_annotator_id", where) or fields.opt_text(obj, "_session_id", where) or None
    )
    tokens = fields.opt_list(obj, "tokens", where) if obj.get("tokens") is not None else None
    spans: list[Span] = []
    index: dict[tuple[int, int, str], Span] = {}
    by_token_end: dict[int, Span] = {}
    for i, item in enumerate(raw_spans, 1):
        span = _span(item, text, f"{where}, span {i}", tokens)
        span = Span(
            span.start,
            span.end,
            span.label,
            span.id,
            annotator,
            attributes=span.attributes,
            origin=Origin.IMPORTED,
        )
        spans.append(span)
        index.setdefault((span.start, span.end, span.label), span)
        token_end = item.get("token_end") if isinstance(item, dict) else None
        if isinstance(token_end, int) and not isinstance(token_end, bool):
            by_token_end.setdefault(token_end, span)
    relations: list[Relation] = []
    for i, rel in enumerate(fields.opt_list(obj, "relations", where), 1):
        w = f"{where}, relation {i}"
        rel = fields.obj(rel, w, "an object")
        label = fields.text(rel, "label", w, nonempty=True)
        ends = []
        for key, token_key in (("head_span", "head"), ("child_span", "child")):
            if rel.get(key) is None:
                found = by_token_end.get(fields.whole(rel, token_key, w))
                if found is None:
                    break  # a token-level arc: no span ends at that token
                ends.append(found.id)
                continue
            span = _span(rel.get(key), text, f"{w}, {key}", tokens)
            found = index.get((span.start, span.end, span.label))
            if found is None:
                found = Span(span.start, span.end, span.label, span.id, annotator, origin=Origin.IMPORTED)
                spans.append(found)
                index[(found.start, found.end, found.label)] = found
            ends.append(found.id)
        if len(ends) < 2:
            left["arcs"] += 1
            continue
        relations.append(Relation(ends[0], ends[1], label, annotator=annotator))
    values, other = docvalues.parse_categories(fields.opt_list(obj, "accept", where), annotator)
    left["choices"] += len(other)
    return AnnotatedDocument(doc, tuple(spans), tuple(relations), status, number, tuple(values)), 0


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write Prodigy tasks with spaCy's tokens (white space kept as spaCy does) and inclusive token_end.

    Each line is `json.dumps` of `task(...)` (with the choice options), written and
    checked by `prodigy_write`.
    """
    from annotator.formats import prodigy_write

    return prodigy_write.write(records, out, ctx)


def task(record: AnnotatedDocument, stats: WriteStats, tokenizer: ExportTokenizer) -> dict[str, Any]:
    """The Prodigy task of one document, its tokens from `tokenizer` (spaCy's when installed).

    The writer lays out the same object as bytes (`prodigy_write`); this is it as a dict.
    """
    from annotator.formats import prodigy_write

    rest, (texts, starts, ends, spaces) = prodigy_write.task_parts(record, stats, tokenizer)
    tokens = [
        {"text": t, "start": a, "end": b, "id": i, "ws": ws}
        for i, (t, a, b, ws) in enumerate(zip(texts, starts, ends, spaces, strict=True))
    ]
    return {"text": record.document.text, "meta": rest["meta"], "tokens": tokens} | {
        k: v for k, v in rest.items() if k != "meta"
    }


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check spans against the text and the tokens (token_end inclusive), relation ends, labels and duplicates."""
    result = ValidationResult(NAME)
    keys_seen: set[str] = set()
    for number, raw in nonblank_lines(path, ctx):
        where = f"{path}: line {number}"
        try:
            obj = loads_strict(raw, where)
        except ValidationError as exc:
            result.add(where, str(exc).removeprefix(f"{where}: "))
            continue
        try:
            obj = fields.obj(obj, where)
            text = fields.text(obj, "text", where)
            tokens = fields.opt_list(obj, "tokens", where) if obj.get("tokens") is not None else None
            raw_spans = fields.opt_list(obj, "spans", where)
            raw_rels = fields.opt_list(obj, "relations", where)
        except ValidationError as exc:
            result.add(where, str(exc).removeprefix(f"{where}: "))
            continue
        result.documents += 1
        keys_seen.update(ALL_SPAN_KEYS.intersection(obj))
        for i, tok in enumerate(tokens or []):
            if not _token_matches(tok, text):
                result.add(f"{where}, token {i}", "token text differs from the text at its offsets")
        seen: set[tuple[int, int, str, str | None]] = set()
        items = [(f"{where}, span {i}", s) for i, s in enumerate(raw_spans, 1)]
        for i, rel in enumerate(raw_rels, 1):
            if not isinstance(rel, dict):
                result.add(f"{where}, relation {i}", "expected an object with head, child and label")
                continue
            for key, token_key in (("head_span", "head"), ("child_span", "child")):
                w = f"{where}, relation {i} {key}"
                item = rel.get(key)
                if item is None:
                    if not fields.is_whole(rel.get(token_key)):
                        result.add(
                            f"{where}, relation {i}", f"expected {key}, or {token_key} as a token index"
                        )
                    continue  # a token-level arc
                items.append((w, item))
                end = item.get("token_end") if isinstance(item, dict) else None
                if token_key in rel and end is not None and rel[token_key] != end:
                    result.add(
                        w,
                        f"{token_key} {fields.shown(rel[token_key])} is not the span's token_end {fields.shown(end)} "
                        "(Prodigy's head and child name the last token of each span)",
                    )
        for w, item in items:
            if not isinstance(item, dict):
                result.add(w, "expected an object with start, end, label")
                continue
            in_spans = ", span " in w
            if in_spans:
                result.spans += 1
            ok = check_span(
                result,
                w,
                text,
                item.get("start"),
                item.get("end"),
                item.get("label"),
                quoted=item.get("text"),
                labels=labels,
                seen=seen if in_spans else None,
            )
            problem = _token_problem(item, tokens, item["start"], item["end"]) if ok else None
            if problem:
                result.add(f"{w} [{item.get('start')}, {item.get('end')})", problem)
    check_span_keys(result, path, keys_seen)
    return result


def _token_matches(token: Any, text: str) -> bool:
    """True when a token object's text is the text at its offsets."""
    if not isinstance(token, dict):
        return False
    start, end = token.get("start", 0), token.get("end", 0)
    return fields.is_whole(start) and fields.is_whole(end) and token.get("text") == text[start:end]
