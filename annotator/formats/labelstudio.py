"""Label Studio tasks: a JSON array (the full export) or JSONL, one task each.

`value.start` and `value.end` count code points, `[start, end)`: the Label
Studio frontend converts its JavaScript (UTF-16) positions to code points
before saving (label-studio-frontend `charsToCodePoints`). Annotations import
as their annotator's spans, relations and document variables; predictions
import with origin "suggested", their `model_version` as the suggester and
their (or each result's) `score`. What the results hold, and how fragments,
attributes and document variables are laid out, is in labelstudio_results
(reading) and labelstudio_write (writing); an export also writes the matching
labeling config beside the tasks (labelstudio_config; `--option config=false`
leaves it out).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.codebook import DocumentValue
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, DocStatus, Document, InvalidRecord, Origin, Relation, Span
from annotator.formats import fields
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats, opt_bool, opt_str
from annotator.formats.inputs import stored_name
from annotator.formats.labelstudio_check import validate as _validate
from annotator.formats.labelstudio_config import config_path, config_xml
from annotator.formats.labelstudio_results import FRAGMENT_RELATION, Owner, read_results
from annotator.formats.labelstudio_tasks import iter_tasks
from annotator.formats.labelstudio_write import NAMES_KEY, Names, Written, task

NAME = "labelstudio"
_NAMES_KEY = NAMES_KEY


def read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read Label Studio tasks; annotations as spans, predictions as suggested spans."""
    text_key = opt_str(ctx.options, "text_key", "text")
    link = opt_str(ctx.options, "fragment_relation", FRAGMENT_RELATION)
    ignored: Counter[str] = Counter()
    source = stored_name(path.name)
    number = 0
    for where, obj in iter_tasks(path, ctx):
        number += 1
        if isinstance(obj, ValidationError):
            yield InvalidRecord(str(obj))
            continue
        try:
            yield _parse(obj, where, number, text_key, ignored, source, link)
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
    obj: Any,
    where: str,
    number: int,
    text_key: str,
    ignored: Counter[str],
    source: str | None = None,
    link: str = FRAGMENT_RELATION,
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
    values: list[DocumentValue] = []
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
            owner = Owner(
                None,
                origin,
                fields.opt_ref(group, "model_version", w) or None,
                fields.opt_number(group, "score", w),
            )
        else:
            owner = Owner(_annotator_name(group, names, w), origin)
            done = True
        found = read_results(results, text, w, owner, link, ignored)
        spans += found.spans
        relations += found.relations
        for value in found.values:
            if any(v.label == value.label and v.annotator == value.annotator for v in values):
                ignored["document variable(s) coded twice by one annotator (the first kept)"] += 1
            else:
                values.append(value)
    status = DocStatus.DONE if done else None
    return AnnotatedDocument(doc, tuple(spans), tuple(relations), status, number, tuple(values))


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write a JSON array of tasks, one item at a time, and the matching labeling config beside it."""
    stats = WriteStats()
    names = Names(
        opt_str(ctx.options, "text_key", "text"),
        opt_str(ctx.options, "from_name", "label"),
        opt_str(ctx.options, "to_name", "text"),
        opt_str(ctx.options, "fragment_relation", FRAGMENT_RELATION),
    )
    _check_names(names, ctx)
    seen = Written()
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")
        for record in records:
            if stats.documents:
                fh.write(",")
            fh.write("\n")
            fh.write(json.dumps(task(record, stats, names, ctx.schema, seen), ensure_ascii=False))
            stats.documents += 1
        fh.write("\n]\n")
    how = f"discontinuous, written as one region per fragment linked to the first by {names.link!r} relations"
    for label, n in seen.fragments.items():
        stats.adjusted[(label, how)] += n
    if opt_bool(ctx.options, "config", True):
        xml = config_xml(ctx.schema, ctx.labels, ctx.relation_labels, names, seen)
        config_path(out).write_text(xml, encoding="utf-8")
    return stats


def _check_names(names: Names, ctx: ExportContext) -> None:
    """Refuse a fragment link or control name that a label of the codebook already uses."""
    if names.link in ctx.relation_labels or ctx.schema.get(names.link) is not None:
        raise ValidationError(
            f"the fragment link {names.link!r} is a label of the project: "
            "name another with --option fragment_relation=NAME"
        )
    for lab in ctx.schema.document_labels():
        if lab.name in (names.from_name, names.to_name):
            raise ValidationError(
                f"the document variable {lab.name!r} has the name of the Label Studio control "
                f"{lab.name!r}: choose other names with --option from_name=NAME or to_name=NAME"
            )


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every region's offsets and value.text against data.text, fragments, labels, and duplicates."""
    return _validate(path, ctx, labels)
