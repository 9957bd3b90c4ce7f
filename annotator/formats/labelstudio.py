"""Label Studio tasks: a JSON array (the full export) or JSONL, one task each.

`value.start` and `value.end` count code points, `[start, end)`: the Label
Studio frontend converts its JavaScript (UTF-16) positions to code points
before saving (label-studio-frontend `charsToCodePoints`). Annotations import
as their annotator's spans; predictions import with origin "suggested".
"""

from __future__ import annotations

import json
from collections import Counter
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
from annotator.formats import fields
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats, opt_str
from annotator.formats.checks import ALL_SPAN_KEYS, check_span, check_span_keys
from annotator.formats.inputs import stored_name
from annotator.formats.labelstudio_tasks import iter_tasks

NAME = "labelstudio"
_NAMES_KEY = "annotator_names"


def read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read Label Studio tasks; annotations as spans, predictions as suggested spans."""
    text_key = opt_str(ctx.options, "text_key", "text")
    ignored: Counter[str] = Counter()
    source = stored_name(path.name)
    number = 0
    for where, obj in iter_tasks(path, ctx):
        number += 1
        if isinstance(obj, ValidationError):
            yield InvalidRecord(str(obj))
            continue
        try:
            yield _parse(obj, where, number, text_key, ignored, source)
        except ValidationError as exc:
            yield InvalidRecord(str(exc))
    for what, n in sorted(ignored.items()):
        ctx.notes.append(f"{path}: {n} {what} not imported")


def _annotator_name(group: dict[str, Any], names: dict[str, Any], where: str) -> str | None:
    """The annotator of an annotation: its `completed_by` (a user id, an object with one, or a name)."""
    by = group.get("completed_by")
    if isinstance(by, dict):
        key = fields.opt_ref(by, "id", where, name="completed_by.id")
        if key is None:
            key = fields.opt_text(by, "email", where, name="completed_by.email")
        named = key is not None and not fields.is_whole(by.get("id"))
    else:
        key = fields.opt_ref(group, "completed_by", where)
        named = isinstance(by, str)
    if key is None:
        return None
    if key in names:
        value = names[key]
        return value if isinstance(value, str) and value else None
    return key if named else f"labelstudio-user-{key}"


def _parse(
    obj: Any, where: str, number: int, text_key: str, ignored: Counter[str], source: str | None = None
) -> AnnotatedDocument:
    obj = fields.obj(obj, where, "a task object with 'data'")
    if not isinstance(obj.get("data"), dict):
        raise ValidationError(f"{where}: expected a task object with 'data'")
    data = obj["data"]
    text = fields.text(data, text_key, where, name=f"data.{text_key}")
    task_meta = fields.opt_obj(obj, "meta", where)
    names = fields.opt_obj(task_meta, _NAMES_KEY, where, name=f"meta.{_NAMES_KEY}")
    meta = {k: v for k, v in data.items() if k not in (text_key, "id", "title")}
    meta.update({k: v for k, v in task_meta.items() if k != _NAMES_KEY})
    external = fields.opt_ref(data, "id", where, name="data.id")
    external = external if external is not None else fields.opt_ref(obj, "id", where)
    title = fields.opt_text(data, "title", where, name="data.title") or ""
    doc = Document(text=text, title=title, external_id=external, meta=meta, source=source)
    spans: list[Span] = []
    relations: list[Relation] = []
    done = False
    groups = [("annotation", a, Origin.IMPORTED) for a in fields.opt_list(obj, "annotations", where)]
    groups += [("prediction", p, Origin.SUGGESTED) for p in fields.opt_list(obj, "predictions", where)]
    for i, (kind, group, origin) in enumerate(groups, 1):
        w = f"{where}, {kind} {i}"
        group = fields.obj(group, w, "an object")
        if fields.opt_flag(group, "was_cancelled", w):
            ignored["cancelled annotation(s)"] += 1
            continue
        results = fields.opt_list(group, "result", w)
        if origin == Origin.SUGGESTED:
            annotator = None
            attrs: dict[str, Any] = {}
            version = fields.opt_ref(group, "model_version", w)
            score = fields.opt_number(group, "score", w)
            if version is not None:
                attrs["model_version"] = group["model_version"]
            if score is not None:
                attrs["score"] = score
        else:
            annotator = _annotator_name(group, names, w)
            attrs = {}
            done = True
        s, r = _results(results, text, w, annotator, origin, attrs, ignored)
        spans += s
        relations += r
    status = DocStatus.DONE if done else None
    return AnnotatedDocument(doc, tuple(spans), tuple(relations), status, number)


def _results(
    results: list[Any],
    text: str,
    where: str,
    annotator: str | None,
    origin: Origin,
    attrs: dict[str, Any],
    ignored: Counter[str],
) -> tuple[list[Span], list[Relation]]:
    spans: list[Span] = []
    regions: dict[str, str] = {}
    relations: list[Relation] = []
    pending: list[tuple[str, dict[str, Any]]] = []
    for j, item in enumerate(results, 1):
        w = f"{where}, result {j}"
        item = fields.obj(item, w, "an object")
        kind = fields.opt_text(item, "type", w)
        if kind == "relation":
            pending.append((w, item))
            continue
        if kind != "labels":
            ignored[f"result(s) of type {kind!r}"] += 1
            continue
        region = fields.opt_ref(item, "id", w)
        value = item.get("value")
        if not isinstance(value, dict):
            raise ValidationError(f"{w}: 'value' must be an object, got {fields.shown(value)}")
        start = fields.whole(value, "start", w, name="value.start")
        end = fields.whole(value, "end", w, name="value.end")
        labels = fields.names(value, "labels", w, name="value.labels")
        if not labels:
            raise ValidationError(f"{w}: value.labels must be a non-empty list of label names")
        quoted = fields.opt_text(value, "text", w, name="value.text")
        for label in labels:
            span = Span(start, end, label, annotator=annotator, attributes=dict(attrs), origin=origin)
            validate_span(span, text, where=f"{w} [{start}, {end}) {label!r}")
            if quoted is not None and quoted != text[start:end]:
                raise ValidationError(
                    f"{w} [{start}, {end}) {label!r}: value.text {quoted!r} differs from the text at its "
                    f"offsets {text[start:end]!r}"
                )
            spans.append(span)
            if region is not None:
                regions.setdefault(region, span.id)
    for w, item in pending:
        from_id, to_id = fields.opt_ref(item, "from_id", w), fields.opt_ref(item, "to_id", w)
        head = regions.get(from_id) if from_id is not None else None
        tail = regions.get(to_id) if to_id is not None else None
        if head is None or tail is None:
            raise ValidationError(f"{w}: from_id/to_id do not name regions of the same annotation")
        labels = fields.names(item, "labels", w)
        if not labels:
            ignored["relation(s) without a label"] += 1
        backwards = fields.opt_text(item, "direction", w) == "left"
        for label in labels:
            if backwards:
                relations.append(Relation(tail, head, label, annotator=annotator))
            else:
                relations.append(Relation(head, tail, label, annotator=annotator))
    return spans, relations


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write a JSON array of tasks, one item at a time; annotations carry `completed_by`."""
    stats = WriteStats()
    text_key = opt_str(ctx.options, "text_key", "text")
    from_name = opt_str(ctx.options, "from_name", "label")
    to_name = opt_str(ctx.options, "to_name", "text")
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")
        for record in records:
            if stats.documents:
                fh.write(",")
            fh.write("\n")
            item = _task(record, stats, text_key, from_name, to_name)
            fh.write(json.dumps(item, ensure_ascii=False))
            stats.documents += 1
        fh.write("\n]\n")
    return stats


def _task(
    record: AnnotatedDocument, stats: WriteStats, text_key: str, from_name: str, to_name: str
) -> dict[str, Any]:
    doc = record.document
    text = doc.text
    data: dict[str, Any] = {text_key: text}
    data["id"] = doc.external_id if doc.external_id is not None else doc.id
    if doc.title:
        data["title"] = doc.title
    for meta_key, value in doc.meta.items():
        data.setdefault(meta_key, value)
    users: dict[str | None, int] = {}
    groups: dict[tuple[bool, str | None], list[dict[str, Any]]] = {}
    region_of: dict[str, tuple[tuple[bool, str | None], str]] = {}
    for s in sorted(record.spans, key=lambda s: (s.start, s.end, s.label)):
        suggested = s.origin == Origin.SUGGESTED
        group_key = (suggested, None if suggested else s.annotator)
        results = groups.setdefault(group_key, [])
        rid = f"r{len(region_of) + 1}"
        region_of[s.id] = (group_key, rid)
        results.append(
            {
                "id": rid,
                "from_name": from_name,
                "to_name": to_name,
                "type": "labels",
                "origin": "prediction" if suggested else "manual",
                "value": {"start": s.start, "end": s.end, "text": text[s.start : s.end], "labels": [s.label]},
            }
        )
        stats.labels[s.label] += 1
        stats.spans += 1
    for r in record.relations:
        head, tail = region_of.get(r.head), region_of.get(r.tail)
        if head is None or tail is None or head[0] != tail[0]:
            stats.drop(r.label, "Label Studio relations join regions of one annotation only")
            continue
        groups[head[0]].append(
            {
                "from_id": head[1],
                "to_id": tail[1],
                "type": "relation",
                "direction": "right",
                "labels": [r.label],
            }
        )
        stats.relations += 1
    annotations = []
    predictions = []
    for (suggested, who), results in groups.items():
        if suggested:
            predictions.append({"model_version": "annotator-suggestions", "result": results})
            continue
        uid = users.setdefault(who, len(users) + 1)
        annotations.append(
            {"completed_by": uid, "result": results, "was_cancelled": False, "ground_truth": False}
        )
    task: dict[str, Any] = {"data": data, "annotations": annotations, "predictions": predictions}
    if users:
        task["meta"] = {_NAMES_KEY: {str(uid): who for who, uid in users.items()}}
    return task


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every region's offsets and value.text against data.text, labels, and duplicates."""
    text_key = opt_str(ctx.options, "text_key", "text")
    result = ValidationResult(NAME)
    keys_seen: set[str] = set()
    try:
        for where, obj in iter_tasks(path, ctx):
            _validate_task(result, where, obj, text_key, labels)
            if isinstance(obj, dict):
                keys_seen.update(ALL_SPAN_KEYS.intersection(obj))
    except ValidationError as exc:
        result.add(str(path), str(exc).removeprefix(f"{path}: "))
    check_span_keys(result, path, keys_seen)
    return result


def _validate_task(
    result: ValidationResult, where: str, obj: Any, text_key: str, labels: tuple[str, ...] | None
) -> None:
    if isinstance(obj, ValidationError):
        result.add(where, str(obj).removeprefix(f"{where}: "))
        return
    data = obj.get("data") if isinstance(obj, dict) else None
    text = data.get(text_key) if isinstance(data, dict) else None
    if not isinstance(obj, dict) or not isinstance(text, str):
        result.add(where, f"expected a task with data.{text_key} text")
        return
    result.documents += 1
    try:
        groups = [("annotation", a) for a in fields.opt_list(obj, "annotations", where)]
        groups += [("prediction", p) for p in fields.opt_list(obj, "predictions", where)]
    except ValidationError as exc:
        result.add(where, str(exc).removeprefix(f"{where}: "))
        return
    for i, (kind, group) in enumerate(groups, 1):
        w = f"{where}, {kind} {i}"
        try:
            results = fields.opt_list(fields.obj(group, w, "an object"), "result", w)
        except ValidationError as exc:
            result.add(w, str(exc).removeprefix(f"{w}: "))
            continue
        _validate_results(result, w, text, results, labels)


def _validate_results(
    result: ValidationResult, where: str, text: str, results: list[Any], labels: tuple[str, ...] | None
) -> None:
    seen: set[tuple[int, int, str, str | None]] = set()
    ids: set[str] = set()
    for j, item in enumerate(results, 1):
        if not isinstance(item, dict) or item.get("type") != "labels":
            continue
        value: dict[str, Any] = item["value"] if isinstance(item.get("value"), dict) else {}
        ids.add(str(item.get("id")))
        names = value.get("labels")
        for label in names if isinstance(names, list) and names else [names]:
            result.spans += 1
            check_span(
                result,
                f"{where}, result {j}",
                text,
                value.get("start"),
                value.get("end"),
                label,
                quoted=value.get("text"),
                labels=labels,
                seen=seen,
            )
    for j, item in enumerate(results, 1):
        is_relation = isinstance(item, dict) and item.get("type") == "relation"
        if is_relation and (str(item.get("from_id")) not in ids or str(item.get("to_id")) not in ids):
            result.add(f"{where}, result {j}", "relation from_id/to_id name no region of this annotation")
