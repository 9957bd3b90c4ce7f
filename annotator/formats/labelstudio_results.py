"""The results of one Label Studio annotation or prediction, read into spans, relations and document values.

- `labels` results are regions; regions linked by relations labelled with the
  fragment link (option `fragment_relation`, default "fragment_of") are the
  fragments of one span, read back as one span with `fragments`.
- `choices`, `textarea` and `number` results that carry a region's `id` are
  that region's per-region classifications: span attributes, named by
  `from_name` without the `LABEL.` prefix the writer adds. Those without a
  region are the document's variables (from_name = the variable's name).
- Other `relation` results are relations (`direction: "left"` reversed).

Values are read as Label Studio holds them (a single choice or text as a
string, several as a list); coerce.typed_record gives them the codebook's types.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.core.codebook import DocumentValue
from annotator.core.errors import ValidationError
from annotator.core.spans import validate_span
from annotator.core.types import Origin, Relation, Span
from annotator.formats import fields

FRAGMENT_RELATION = "fragment_of"
"""The default label of the relations that link the regions of one discontinuous span."""
VALUE_KEYS = {"choices": "choices", "textarea": "text", "number": "number"}
"""Classification result type -> the key of its value."""


@dataclass(frozen=True)
class Owner:
    """Who made the results of one annotation or prediction, and how they are stored."""

    annotator: str | None
    origin: Origin
    suggester: str | None = None
    score: float | None = None


@dataclass
class Read:
    """What the results of one annotation or prediction hold."""

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    values: list[DocumentValue] = field(default_factory=list)


@dataclass
class _Region:
    start: int
    end: int
    labels: list[str]
    score: float | None
    where: str


def components(ids: list[str], links: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Region ids grouped by the links between them: the first id of each group -> its ids, in order."""
    parent = {rid: rid for rid in ids}

    def root(rid: str) -> str:
        while parent[rid] != rid:
            parent[rid] = parent[parent[rid]]
            rid = parent[rid]
        return rid

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb, key=ids.index)] = min(ra, rb, key=ids.index)
    groups: dict[str, list[str]] = {}
    for rid in ids:
        groups.setdefault(root(rid), []).append(rid)
    return groups


def read_results(
    results: list[Any], text: str, where: str, owner: Owner, link: str, ignored: Counter[str]
) -> Read:
    """Spans, relations and document values of one annotation's (or prediction's) results."""
    regions: dict[str, _Region] = {}
    relations: list[tuple[str, dict[str, Any]]] = []
    classified: list[tuple[str, str, dict[str, Any]]] = []
    for j, item in enumerate(results, 1):
        w = f"{where}, result {j}"
        item = fields.obj(item, w, "an object")
        kind = fields.opt_text(item, "type", w)
        if kind == "relation":
            relations.append((w, item))
        elif kind == "labels":
            _region(item, text, w, f"#{j}", regions)
        elif kind in VALUE_KEYS:
            classified.append((w, kind, item))
        else:
            ignored[f"result(s) of type {kind!r}"] += 1
    links: list[tuple[str, str]] = []
    pending: list[tuple[str, str, list[str], bool]] = []
    for w, item in relations:
        from_id, to_id = fields.opt_ref(item, "from_id", w), fields.opt_ref(item, "to_id", w)
        if from_id not in regions or to_id not in regions:
            raise ValidationError(f"{w}: from_id/to_id do not name regions of the same annotation")
        assert from_id is not None and to_id is not None
        labels = fields.names(item, "labels", w)
        if link in labels:
            links.append((from_id, to_id))
            labels = [name for name in labels if name != link]
            if not labels:
                continue
        if not labels:
            ignored["relation(s) without a label"] += 1
        backwards = fields.opt_text(item, "direction", w) == "left"
        pending.append((from_id, to_id, labels, backwards))
    out = Read()
    spans_of = _spans(regions, components(list(regions), links), text, owner, classified, out, ignored)
    for from_id, to_id, labels, backwards in pending:
        head, tail = spans_of[from_id][0].id, spans_of[to_id][0].id
        if backwards:
            head, tail = tail, head
        for label in labels:
            out.relations.append(Relation(head, tail, label, annotator=owner.annotator, origin=owner.origin))
    return out


def _region(item: dict[str, Any], text: str, w: str, fallback: str, regions: dict[str, _Region]) -> None:
    rid = fields.opt_ref(item, "id", w) or fallback
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
        where = f"{w} [{start}, {end}) {label!r}"
        validate_span(Span(start, end, label, id=rid), text, where=where)
        if quoted is not None and quoted != text[start:end]:
            raise ValidationError(
                f"{where}: value.text {quoted!r} differs from the text at its offsets {text[start:end]!r}"
            )
    score = fields.opt_number(item, "score", w)
    before = regions.get(rid)
    if before is None:
        regions[rid] = _Region(start, end, list(labels), score, w)
    elif (before.start, before.end) == (start, end):
        before.labels += [name for name in labels if name not in before.labels]
    else:
        raise ValidationError(
            f"{w}: region id {rid!r} is also [{before.start}, {before.end}) ({before.where})"
        )


def _spans(
    regions: dict[str, _Region],
    groups: dict[str, list[str]],
    text: str,
    owner: Owner,
    classified: list[tuple[str, str, dict[str, Any]]],
    out: Read,
    ignored: Counter[str],
) -> dict[str, list[Span]]:
    """The spans of each group of regions (one per label), with their attributes; by region id."""
    of_region: dict[str, str] = {rid: first for first, ids in groups.items() for rid in ids}
    attributes: dict[str, dict[str, Any]] = {}
    for w, kind, item in classified:
        value = _value(item, kind, w)
        rid = fields.opt_ref(item, "id", w)
        if rid is not None and rid in of_region:
            name = fields.text(item, "from_name", w)
            if value is not None:
                attributes.setdefault(of_region[rid], {})[name] = value
        elif isinstance(item.get("value"), dict) and "start" in item["value"]:
            ignored["per-region result(s) whose region has no labels"] += 1
        elif owner.origin == Origin.SUGGESTED:
            ignored["document-level prediction result(s)"] += 1
        elif value is not None:
            name = fields.text(item, "from_name", w)
            if any(v.label == name for v in out.values):
                ignored["document variable(s) given twice in one annotation (the first kept)"] += 1
            else:
                out.values.append(DocumentValue(name, value, owner.annotator))
    spans_of: dict[str, list[Span]] = {}
    for first, ids in groups.items():
        members = sorted((regions[rid] for rid in ids), key=lambda r: r.start)
        labels = members[0].labels
        if any(sorted(r.labels) != sorted(labels) for r in members):
            raise ValidationError(
                f"{regions[first].where}: the regions {', '.join(ids)} are linked as fragments of one span "
                "but carry different labels"
            )
        pieces = tuple((r.start, r.end) for r in members)
        score = regions[first].score
        named = attributes.get(first, {})
        spans = []
        for label in labels:
            prefix = f"{label}."
            span = Span(
                pieces[0][0],
                pieces[-1][1],
                label,
                annotator=owner.annotator,
                attributes={k.removeprefix(prefix): v for k, v in named.items()},
                origin=owner.origin,
                fragments=pieces if len(pieces) > 1 else (),
                suggester=owner.suggester,
                score=score if score is not None else owner.score,
            )
            validate_span(span, text, where=f"{regions[first].where} {label!r}")
            spans.append(span)
        out.spans += spans
        for rid in ids:
            spans_of[rid] = spans
    return spans_of


def _value(item: dict[str, Any], kind: str, w: str) -> Any:
    """A classification's value: one choice or text as a string, several as a list, a number; None if empty."""
    value = fields.obj(item.get("value"), w, "an object in 'value'")
    key = VALUE_KEYS[kind]
    if kind == "number":
        return fields.opt_number(value, key, w, name=f"value.{key}")
    if kind == "textarea":
        raw = value.get(key)
        found = [raw] if isinstance(raw, str) else fields.opt_list(value, key, w, name=f"value.{key}")
        if not all(isinstance(t, str) for t in found):
            raise ValidationError(f"{w}: value.text of a textarea must be a list of texts")
    else:
        found = fields.names(value, key, w, name=f"value.{key}")
    if not found:
        return None
    return found[0] if len(found) == 1 else found
