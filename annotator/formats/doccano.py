"""doccano JSONL: `{"text", "label": [[start, end, "LABEL"]]}`, `entities` + `cats`, or `entities`/`relations`.

doccano measures offsets in the browser, in JavaScript string units (UTF-16
code units), unless a project uses grapheme mode (doccano#2290, #2484). So an
emoji counts 2 there and 1 here; both directions convert. The unit can be
switched with the `offsets` option (utf16, the default, or codepoints).

doccano's exports (backend/data_export/pipeline/factories.py) have three text
shapes, all read: sequence labelling `label: [[start, end, "LABEL"]]`,
relation extraction `entities: [{"id", "start_offset", "end_offset",
"label"}]` + `relations: [{"id", "from_id", "to_id", "type"}]`, and intent
detection `entities: [[start, end, "LABEL"]]` + `cats: ["flight"]` (text
classification is `label: ["positive"]`, read as categories too). Document
variables are written as `cats`, one `VARIABLE=value` category each (see
`docvalues`): the export takes the intent shape when the codebook has a
choice, multi or bool variable, and adds `cats` to the relations shape with
`--option relations=true`. Number and text variables, span attributes and
discontinuous spans (with their relations) have no place in doccano and are
counted as dropped. Categories read back become document values without an
annotator (doccano's export does not name one).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.spans import validate_span
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord, Origin, Relation, Span, new_id
from annotator.formats import docvalues, fields
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats, opt_bool, opt_str
from annotator.formats.carry import attributes_dropped, continuous, linked
from annotator.formats.checks import ALL_SPAN_KEYS, check_span, check_span_keys, unique_spans
from annotator.formats.inputs import stored_name
from annotator.formats.jsonio import loads_strict, nonblank_lines
from annotator.formats.units import Utf16Offsets, unit_name, utf16_span_to_code_points
from annotator.formats.word_edges import edge_problem

NAME = "doccano"
NO_SPAN_TEXT = "offsets not checkable: this format carries no span text"
_RESERVED = frozenset({"id", "text", "label", "entities", "relations", "cats", "Comments", "meta", "title"})
_NOT_CATEGORIES = "doccano's cats hold categories only, not number or text variables"


def read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read a doccano JSONL export (either form), converting offsets to code points."""
    unit = unit_name(opt_str(ctx.options, "offsets", "utf16"))
    source = stored_name(path.name)
    unnamed: list[Any] = []
    for number, raw in nonblank_lines(path, ctx):
        where = f"{path}: line {number}"
        try:
            yield _parse(loads_strict(raw, where), where, number, unit, source, unnamed)
        except ValidationError as exc:
            yield InvalidRecord(str(exc))
    if unnamed:
        shown = ", ".join(repr(c) for c in dict.fromkeys(map(str, unnamed)))
        ctx.notes.append(
            f"{path}: {len(unnamed)} categor(y/ies) not of the form VARIABLE=value were left out "
            f"({shown[:200]}): rename them in doccano, e.g. FRAME=conflict"
        )


def _raw_spans(obj: dict[str, Any], where: str) -> list[tuple[Any, Any, Any, str | None, str]]:
    """(start, end, label, entity id, where) as written in the file."""
    out: list[tuple[Any, Any, Any, str | None, str]] = []
    if "entities" in obj:
        for i, ent in enumerate(fields.opt_list(obj, "entities", where), 1):
            w = f"{where}, entity {i}"
            if isinstance(ent, list) and len(ent) == 3:  # the intent-detection shape
                out.append((ent[0], ent[1], ent[2], None, w))
                continue
            ent = fields.obj(ent, w, "an object with start_offset, end_offset, label, or [start, end, label]")
            ent_id = fields.opt_ref(ent, "id", w)
            out.append((ent.get("start_offset"), ent.get("end_offset"), ent.get("label"), ent_id, w))
        return out
    for i, item in enumerate(fields.opt_list(obj, "label", where), 1):
        w = f"{where}, label {i}"
        if isinstance(item, str):
            continue  # a text classification category (see _categories)
        if not isinstance(item, list) or len(item) != 3:
            raise ValidationError(f"{w}: expected [start, end, label], got {fields.shown(item)}")
        out.append((item[0], item[1], item[2], None, w))
    return out


def _categories(obj: dict[str, Any], where: str) -> list[Any]:
    """The line's categories: `cats`, and the names in a text classification `label` list."""
    found = list(fields.opt_list(obj, "cats", where))
    if "entities" not in obj and isinstance(obj.get("label"), list):
        found += [item for item in obj["label"] if isinstance(item, str)]
    for i, item in enumerate(found, 1):
        if not isinstance(item, str) or not item:
            raise ValidationError(f"{where}, category {i}: must be non-empty text, got {fields.shown(item)}")
    return found


def _to_code_points(conv: Utf16Offsets | None, start: Any, end: Any, where: str) -> tuple[int, int]:
    for name, value in (("start", start), ("end", end)):
        if not fields.is_whole(value):
            raise ValidationError(f"{where}: {name} must be a whole number, got {fields.shown(value)}")
    if conv is None:
        return start, end
    if not (0 <= start <= conv.utf16_length and 0 <= end <= conv.utf16_length):
        raise ValidationError(
            f"{where}: span [{start}, {end}) is outside the text ({conv.utf16_length} UTF-16 units)"
        )
    return utf16_span_to_code_points(conv, start, end, where)


def _parse(
    obj: Any,
    where: str,
    number: int,
    unit: str,
    source: str | None = None,
    unnamed: list[Any] | None = None,
) -> AnnotatedDocument:
    obj = fields.obj(obj, where)
    text = fields.text(obj, "text", where)
    title = fields.opt_text(obj, "title", where) or ""
    external = fields.opt_ref(obj, "id", where)
    extra_meta = fields.opt_obj(obj, "meta", where)
    conv = Utf16Offsets(text) if unit == "utf16" else None
    if conv is not None and conv.identity:
        conv = None
    spans: list[Span] = []
    by_entity: dict[str, str] = {}
    for start, end, label, ent_id, w in _raw_spans(obj, where):
        s, e = _to_code_points(conv, start, end, w)
        if not isinstance(label, str) or not label:
            raise ValidationError(f"{w}: label must be non-empty text, got {fields.shown(label)}")
        span = Span(s, e, label, new_id(), origin=Origin.IMPORTED)
        validate_span(span, text, where=w)
        spans.append(span)
        if ent_id is not None:
            by_entity[ent_id] = span.id
    relations: list[Relation] = []
    raw_rel = fields.opt_list(obj, "relations", where) if "entities" in obj else []
    for i, rel in enumerate(raw_rel, 1):
        w = f"{where}, relation {i}"
        rel = fields.obj(rel, w, "an object with from_id, to_id, type")
        from_id, to_id = fields.opt_ref(rel, "from_id", w), fields.opt_ref(rel, "to_id", w)
        head = by_entity.get(from_id) if from_id is not None else None
        tail = by_entity.get(to_id) if to_id is not None else None
        if head is None or tail is None:
            raise ValidationError(f"{w}: from_id/to_id do not name entities of this line")
        relations.append(Relation(head, tail, fields.text(rel, "type", w, nonempty=True)))
    values, other = docvalues.parse_categories(_categories(obj, where))
    if unnamed is not None:
        unnamed += other
    meta = {k: v for k, v in obj.items() if k not in _RESERVED}
    meta.update(extra_meta)
    doc = Document(text=text, title=title, external_id=external, meta=meta, source=source)
    return AnnotatedDocument(doc, tuple(spans), tuple(relations), None, number, tuple(values))


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write doccano JSONL; `relations=true` writes the entities/relations form, document variables `cats`."""
    unit = unit_name(opt_str(ctx.options, "offsets", "utf16"))
    with_relations = opt_bool(ctx.options, "relations", False)
    with_cats = bool(docvalues.variables(ctx.schema))
    stats = WriteStats()
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for record in records:
            values = docvalues.agreed(record, stats, NAME)
            cats = docvalues.categories_of(values, ctx.schema, stats, NAME, _NOT_CATEGORIES)
            obj = _record(record, unit, with_relations, cats if with_cats or cats else None, stats)
            fh.write(json.dumps(obj, ensure_ascii=False))
            fh.write("\n")
            stats.documents += 1
    return stats


def _record(
    record: AnnotatedDocument, unit: str, with_relations: bool, cats: list[str] | None, stats: WriteStats
) -> dict[str, Any]:
    """One line; `cats` None writes none (and the label form rather than the intent form)."""
    doc = record.document
    conv = Utf16Offsets(doc.text) if unit == "utf16" else None
    spans = unique_spans(continuous(record.spans, stats, NAME), stats)
    attributes_dropped(spans, stats, NAME)

    def off(cp: int) -> int:
        return conv.to_utf16(cp) if conv is not None else cp

    obj: dict[str, Any] = {"id": doc.external_id if doc.external_id is not None else doc.id, "text": doc.text}
    if with_relations:
        index = {s.id: i for i, s in enumerate(spans)}
        obj["entities"] = [
            {"id": i, "start_offset": off(s.start), "end_offset": off(s.end), "label": s.label}
            for i, s in enumerate(spans)
        ]
        rels = [
            {"id": i, "from_id": index[r.head], "to_id": index[r.tail], "type": r.label}
            for i, r in enumerate(linked(record.relations, record.spans, index, stats, NAME))
        ]
        obj["relations"] = rels
        stats.relations += len(rels)
    else:
        # With categories, doccano's intent shape: the same triples, under "entities".
        obj["label" if cats is None else "entities"] = [[off(s.start), off(s.end), s.label] for s in spans]
        for r in record.relations:
            stats.drop(
                r.label, "doccano's label and intent forms hold no relations (use --option relations=true)"
            )
    if cats is not None:
        obj["cats"] = cats
    for s in spans:
        stats.labels[s.label] += 1
    stats.spans += len(spans)
    if doc.title:
        obj["title"] = doc.title
    for key, value in doc.meta.items():
        obj[key if key not in _RESERVED else f"meta.{key}"] = value
    obj["Comments"] = []
    return obj


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every line: offsets in the file's unit, whole characters, known labels, no duplicates, categories.

    doccano writes no span text, so a shifted offset cannot be caught: the result says so
    (`unchecked`). With the option `strict`, a span whose edge splits a word is a problem.
    """
    unit = unit_name(opt_str(ctx.options, "offsets", "utf16"))
    strict = opt_bool(ctx.options, "strict", False)
    result = ValidationResult(NAME)
    keys_seen: set[str] = set()
    for number, raw in nonblank_lines(path, ctx):
        where = f"{path}: line {number}"
        try:
            obj = loads_strict(raw, where)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValidationError(f"{where}: expected an object with a 'text'")
            raw_spans = _raw_spans(obj, where)
            _categories(obj, where)
        except ValidationError as exc:
            result.add(where, str(exc).removeprefix(f"{where}: "))
            continue
        result.documents += 1
        keys_seen.update(ALL_SPAN_KEYS.intersection(obj))
        text = obj["text"]
        conv = Utf16Offsets(text) if unit == "utf16" else None
        seen: set[tuple[int, int, str, str | None]] = set()
        for start, end, label, _id, w in raw_spans:
            result.spans += 1
            try:
                s, e = _to_code_points(conv, start, end, w)
            except ValidationError as exc:
                result.add(w, str(exc).removeprefix(f"{w}: "))
                continue
            unit_note = " (UTF-16)" if conv is not None else ""
            w = f"{w} [{start}, {end}){unit_note} {label!r}"
            if check_span(result, w, text, s, e, label, labels=labels, seen=seen, describe=False) and strict:
                problem = edge_problem(text, s, e)
                if problem is not None:
                    result.add(w, problem)
    check_span_keys(result, path, keys_seen)
    if result.spans:
        result.unchecked = NO_SPAN_TEXT
    return result
