"""What the coder lanes' table shows: per document variable, span attribute and relation, each coder's and gold's.

Plain Python (no Qt): rows built from the project's `Lanes` of one article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from annotator.core.types import LabelSchema, Relation, Span
from annotator.project.curation import Lanes
from annotator.project.gold_settle import SpanKey, canonical, span_key

NONE = "—"
QUOTE_CHARS = 28


@dataclass(frozen=True)
class Pick:
    """Something of one coder's the curator can accept into gold.

    Attributes:
        kind: "span", "relation", "value" (a document variable) or "attribute" (of a span).
        coder: whose it is.
        ref: the span id (span, attribute), the relation id, or the variable's name.
        attribute: the attribute's name (attribute).
        value: the attribute's value (attribute).
        gold_span: gold's twin of the span, when gold has it already (attribute).
    """

    kind: str
    coder: str
    ref: str
    attribute: str | None = None
    value: Any = None
    gold_span: str | None = None


@dataclass(frozen=True)
class Cell:
    """One coder's (or gold's) entry in a row: what it shows and what accepting it takes."""

    text: str
    pick: Pick | None = None


@dataclass(frozen=True)
class Row:
    """One line of the table: a variable, a span's attribute or a relation.

    Attributes:
        name: the row's title.
        kind: "variable", "attribute" or "relation".
        cells: coder (and gold) -> cell; a coder without an entry is absent.
        agreed: every coder has the same entry.
    """

    name: str
    kind: str
    cells: Mapping[str, Cell]
    agreed: bool


def shown_value(value: Any) -> str:
    """A coded value as short text (a list joined, a yes/no, an em dash for none)."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value) or NONE
    return str(value)


def quote(text: str, span: Span) -> str:
    """A span's text, cut to a few words, in quotation marks."""
    found = " ".join(span.text_in(text).split())
    return f"“{found if len(found) <= QUOTE_CHARS else found[: QUOTE_CHARS - 1] + '…'}”"


@dataclass(frozen=True)
class Marks:
    """Which spans of each lane to mark, worked out once per article (not once per span).

    Attributes:
        disputed: ids of the spans some coder lacks (same label and pieces).
        in_gold: ids of the coders' spans gold already has.
    """

    disputed: frozenset[str]
    in_gold: frozenset[str]


def marks(lanes: Lanes) -> Marks:
    """The disputed spans and those already in gold, for every lane."""
    everyone = len(lanes.coders)
    held: dict[SpanKey, set[str]] = {}
    for coder in lanes.coders:
        for span in lanes.codings[coder].decided():
            held.setdefault(span_key(span), set()).add(coder)
    gold = {span_key(s) for s in lanes.gold.decided()}
    disputed, in_gold = set(), set()
    for coder in lanes.coders:
        for span in lanes.codings[coder].decided():
            key = span_key(span)
            if len(held[key]) < everyone:
                disputed.add(span.id)
            if key in gold:
                in_gold.add(span.id)
    return Marks(frozenset(disputed), frozenset(in_gold))


def lane_rows(lanes: Lanes, schema: LabelSchema, gold: str | None) -> list[Row]:
    """The rows of an article's lanes: variables, then attributes of the spans, then relations.

    `gold` names the gold column (None: no gold column, as in the drill-down).
    """
    return [*_variables(lanes, schema, gold), *_attributes(lanes, gold), *_relations(lanes, gold)]


def _variables(lanes: Lanes, schema: LabelSchema, gold: str | None) -> list[Row]:
    out = []
    for label in schema.document_labels():
        name = label.name
        values = lanes.values_of(name)
        mine = lanes.gold.value_of(name)
        if not values and mine is None:
            continue
        cells = {c: Cell(shown_value(v), Pick("value", c, name)) for c, v in values.items()}
        if gold is not None and mine is not None:
            cells[gold] = Cell(shown_value(mine))
        out.append(Row(name, "variable", cells, lanes.value_agreed(name)))
    return out


def _attributes(lanes: Lanes, gold: str | None) -> list[Row]:
    text = lanes.document.text
    gold_spans = {span_key(s): s for s in lanes.gold.decided()}
    out = []
    by_key: dict[SpanKey, dict[str, Span]] = {}
    for coder in lanes.coders:
        for span in lanes.codings[coder].decided():
            by_key.setdefault(span_key(span), {}).setdefault(coder, span)
    for key in sorted(by_key, key=lambda k: (k[1], k[0])):  # in text order
        spans = by_key[key]
        if not any(s.attributes for s in spans.values()) and key not in gold_spans:
            continue
        twin = gold_spans.get(key)
        names = sorted(
            {a for s in spans.values() for a in s.attributes} | set(twin.attributes if twin else ())
        )
        for attribute in names:
            cells = {
                c: Cell(
                    shown_value(s.attributes[attribute]),
                    Pick("attribute", c, s.id, attribute, s.attributes[attribute], twin.id if twin else None),
                )
                for c, s in spans.items()
                if s.attributes.get(attribute) is not None
            }
            if gold is not None and twin is not None and twin.attributes.get(attribute) is not None:
                cells[gold] = Cell(shown_value(twin.attributes[attribute]))
            coded = [canonical(s.attributes.get(attribute)) for s in spans.values()]
            agreed = len(spans) == len(lanes.coders) and len(set(coded)) == 1 and None not in coded
            first = next(iter(spans.values()))
            out.append(Row(f"{key[0]} {quote(text, first)} · {attribute}", "attribute", cells, agreed))
    return out


def _relations(lanes: Lanes, gold: str | None) -> list[Row]:
    text = lanes.document.text
    rows: dict[tuple[str, SpanKey | None, SpanKey | None], dict[str, Cell]] = {}
    titles: dict[tuple[str, SpanKey | None, SpanKey | None], str] = {}
    owners = [(c, lanes.codings[c].spans, lanes.codings[c].relations) for c in lanes.coders]
    if gold is not None:
        owners.append((gold, lanes.gold.spans, lanes.gold.relations))
    for owner, spans, relations in owners:
        by_id = {s.id: s for s in spans}
        for relation in relations:
            key = _relation_key(relation, by_id)
            pick = None if owner == gold else Pick("relation", owner, relation.id)
            rows.setdefault(key, {})[owner] = Cell("✓", pick)
            if key not in titles:
                titles[key] = _relation_title(relation, by_id, text)
    return [
        Row(titles[key], "relation", cells, all(c in cells for c in lanes.coders))
        for key, cells in rows.items()
        if any(c in cells for c in lanes.coders) or gold in cells
    ]


def _relation_key(
    relation: Relation, by_id: Mapping[str, Span]
) -> tuple[str, SpanKey | None, SpanKey | None]:
    head, tail = by_id.get(relation.head), by_id.get(relation.tail)
    return relation.label, span_key(head) if head else None, span_key(tail) if tail else None


def _relation_title(relation: Relation, by_id: Mapping[str, Span], text: str) -> str:
    head, tail = by_id.get(relation.head), by_id.get(relation.tail)
    ends = [quote(text, s) if s else "?" for s in (head, tail)]
    return f"{relation.label}: {ends[0]} → {ends[1]}"
