"""Property tests: the codebook's JSON reads back to an equal codebook, with and without defaults spelt out."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.codebook import ALLOWED_LEVELS, Attribute, Choice, ValueSpec, ValueType
from annotator.core.palette import PALETTE
from annotator.core.schema import parse_schema, schema_to_json
from annotator.core.types import Label, LabelKind, LabelSchema, Role

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_SHORT = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda s: s == s.strip() and bool(s)
)
_EXAMPLES = st.lists(_SHORT, max_size=3).map(tuple)
_COLOUR = st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)
_NUMBER = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))


@st.composite
def specs(draw: st.DrawFn) -> ValueSpec:
    """A valid spec of any type and allowed level."""
    vtype = draw(st.sampled_from(list(ValueType)))
    level = draw(st.sampled_from(ALLOWED_LEVELS[vtype]))
    choices: tuple[Choice, ...] = ()
    minimum = maximum = None
    if vtype in (ValueType.CHOICE, ValueType.MULTI):
        names = draw(st.lists(_SHORT, min_size=1, max_size=4, unique=True))
        choices = tuple(Choice(n, draw(_TEXT), draw(_EXAMPLES)) for n in names)
    if vtype == ValueType.NUMBER:
        bounds = sorted(draw(st.lists(_NUMBER, min_size=2, max_size=2)))
        if level.value == "ratio":
            bounds = [abs(b) for b in bounds]
            bounds.sort()
        minimum = draw(st.sampled_from([None, bounds[0]]))
        maximum = draw(st.sampled_from([None, bounds[1]]))
    return ValueSpec(vtype, choices, minimum, maximum, level)


@st.composite
def schemas(draw: st.DrawFn) -> LabelSchema:
    """A valid codebook of span, relation and document labels in any order."""
    names = draw(
        st.lists(st.from_regex(r"[A-Z][A-Z_]{0,7}", fullmatch=True), min_size=1, max_size=8, unique=True)
    )
    kinds = [draw(st.sampled_from(list(LabelKind))) for _ in names]
    spans = [n for n, k in zip(names, kinds, strict=True) if k == LabelKind.SPAN]
    # Hotkeys are unique among the span labels, and apart from those among the relation labels.
    free_keys = {kind: [str(i) for i in range(1, 10)] for kind in LabelKind}
    free_roles = [r for r in Role if r != Role.NONE]
    labels = []
    for name, kind in zip(names, kinds, strict=True):
        common: dict[str, Any] = {"description": draw(_TEXT), "examples": draw(_EXAMPLES)}
        if kind == LabelKind.DOCUMENT:
            labels.append(Label(name, kind, spec=draw(specs()), required=draw(st.booleans()), **common))
            continue
        hotkey = draw(st.sampled_from(["", *free_keys[kind]]))
        if hotkey:
            free_keys[kind].remove(hotkey)
        if kind == LabelKind.RELATION:
            ends = st.sampled_from(["", *spans])
            labels.append(
                Label(name, kind, draw(_COLOUR), hotkey, head=draw(ends), tail=draw(ends), **common)
            )
            continue
        role = draw(st.sampled_from([Role.NONE, *free_roles]))
        if role != Role.NONE:
            free_roles.remove(role)
        attr_names = draw(
            st.lists(st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True), max_size=3, unique=True)
        )
        attributes = tuple(Attribute(a, draw(specs()), draw(_TEXT), draw(_EXAMPLES)) for a in attr_names)
        labels.append(Label(name, kind, draw(_COLOUR), hotkey, attributes=attributes, role=role, **common))
    return LabelSchema(tuple(labels))


@settings(max_examples=300)
@given(schemas())
def test_a_codebook_round_trips_through_its_json(schema: LabelSchema) -> None:
    data = json.loads(json.dumps(schema_to_json(schema)))
    assert parse_schema(data) == schema


@settings(max_examples=200)
@given(schemas(), st.data())
def test_a_codebook_with_colours_and_hotkeys_left_out_reads_back_as_it_was_filled_in(
    schema: LabelSchema, data: st.DataObject
) -> None:
    items = schema_to_json(schema)
    for item in items:
        for key in ("colour", "hotkey"):
            if key in item and item.get("kind") != "document" and data.draw(st.booleans()):
                del item[key]
    filled = parse_schema(items)
    assert parse_schema(schema_to_json(filled)) == filled
    named = {item["colour"] for item in items if "colour" in item}
    auto = [
        lab.colour
        for item, lab in zip(items, filled.labels, strict=True)
        if "colour" not in item and lab.kind != LabelKind.DOCUMENT
    ]
    # While the palette lasts, a colour left out is a palette colour no other label has.
    assert all(c in PALETTE for c in auto)
    if len(named) + len(auto) <= len(PALETTE):
        assert len(set(auto)) == len(auto) and not set(auto) & named
    span_keys = [lab.hotkey for lab in filled.span_labels() if lab.hotkey]
    assert len(set(span_keys)) == len(span_keys)
