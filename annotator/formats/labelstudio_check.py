"""Validation of Label Studio task files: region offsets and texts, fragments, labels, duplicates, relations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.spans import check_fragments
from annotator.formats import fields
from annotator.formats.base import ReadContext, ValidationResult, opt_str
from annotator.formats.checks import ALL_SPAN_KEYS, check_span, check_span_keys
from annotator.formats.labelstudio_results import FRAGMENT_RELATION, components
from annotator.formats.labelstudio_tasks import iter_tasks

NAME = "labelstudio"


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every region's offsets and value.text against data.text, fragments, labels, and duplicates.

    Regions linked as the fragments of one span count as one span.
    """
    text_key = opt_str(ctx.options, "text_key", "text")
    link = opt_str(ctx.options, "fragment_relation", FRAGMENT_RELATION)
    result = ValidationResult(NAME)
    keys_seen: set[str] = set()
    try:
        for where, obj in iter_tasks(path, ctx):
            _validate_task(result, where, obj, text_key, labels, link)
            if isinstance(obj, dict):
                keys_seen.update(ALL_SPAN_KEYS.intersection(obj))
    except ValidationError as exc:
        result.add(str(path), str(exc).removeprefix(f"{path}: "))
    check_span_keys(result, path, keys_seen)
    return result


def _validate_task(
    result: ValidationResult, where: str, obj: Any, text_key: str, labels: tuple[str, ...] | None, link: str
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
        _validate_results(result, w, text, results, labels, link)


def _validate_results(
    result: ValidationResult,
    where: str,
    text: str,
    results: list[Any],
    labels: tuple[str, ...] | None,
    link: str,
) -> None:
    regions: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    links: list[tuple[str, str]] = []
    for j, item in enumerate(results, 1):
        if isinstance(item, dict) and item.get("type") == "labels":
            rid = str(item.get("id")) if item.get("id") is not None else f"#{j}"
            regions.setdefault(rid, []).append((f"{where}, result {j}", item))
    for j, item in enumerate(results, 1):
        if not (isinstance(item, dict) and item.get("type") == "relation"):
            continue
        ends = (str(item.get("from_id")), str(item.get("to_id")))
        if not all(e in regions for e in ends):
            result.add(f"{where}, result {j}", "relation from_id/to_id name no region of this annotation")
        elif isinstance(item.get("labels"), list) and link in item["labels"]:
            links.append(ends)
    seen: set[tuple[int, int, str, str | None]] = set()
    seen_pieces: set[tuple[Any, ...]] = set()
    for ids in components(list(regions), links).values():
        pieces: list[tuple[int, int]] = []
        names: set[str] = set()
        fine = True
        for rid in ids:
            for w, item in regions[rid]:
                value: dict[str, Any] = item["value"] if isinstance(item.get("value"), dict) else {}
                found = value.get("labels")
                region_labels = found if isinstance(found, list) and found else [found]
                for label in region_labels:
                    fine = (
                        check_span(
                            result,
                            w,
                            text,
                            value.get("start"),
                            value.get("end"),
                            label,
                            quoted=value.get("text"),
                            labels=labels,
                            seen=seen if len(ids) == 1 else None,
                        )
                        and fine
                    )
                    if len(ids) == 1:
                        result.spans += 1
                if len(ids) > 1:
                    pieces.append((value.get("start"), value.get("end")))  # type: ignore[arg-type]
                    names.update(str(n) for n in region_labels)
        if len(ids) > 1:
            result.spans += len(names)
            if fine:
                _check_linked(result, regions[ids[0]][0][0], pieces, names, ids, regions, seen_pieces)


def _check_linked(
    result: ValidationResult,
    where: str,
    pieces: list[tuple[int, int]],
    names: set[str],
    ids: list[str],
    regions: dict[str, list[tuple[str, dict[str, Any]]]],
    seen: set[tuple[Any, ...]],
) -> None:
    """Regions linked as one span's fragments: the same labels, pieces ordered and apart."""
    for rid in ids:
        own = {str(n) for _, item in regions[rid] for n in item["value"]["labels"]}
        if own != names:
            result.add(
                where,
                f"the regions {', '.join(ids)} are linked as fragments of one span but carry different labels",
            )
            return
    pieces = sorted(set(pieces))
    try:
        check_fragments(pieces, pieces[0][0], pieces[-1][1], where)
    except ValidationError as exc:
        result.add(where, str(exc).removeprefix(f"{where}: "))
        return
    key = (tuple(pieces), tuple(sorted(names)))
    if key in seen:
        result.add(where, "duplicate span (same fragments and label)", kind="duplicate")
    seen.add(key)
