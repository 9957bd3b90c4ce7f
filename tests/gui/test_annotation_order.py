"""The annotation list's rows on opening: spans by position, each followed by the relations it heads."""

from __future__ import annotations

import random
from functools import partial

from annotator.core.types import Relation, Span
from annotator.gui.annotation_model import _key, _ordered, _relation_key


def test_rows_are_in_the_order_one_sort_by_row_key_gives() -> None:
    rng = random.Random(4)
    for _ in range(200):
        spans = [
            Span(rng.randrange(5), rng.randrange(5, 9), "CLAIM", f"s{rng.randrange(10**6)}-{i}")
            for i in range(rng.randrange(1, 12))
        ]
        relations = [
            Relation(rng.choice(spans).id, rng.choice(spans).id, rng.choice(["A", "B"]), f"r{i}")
            for i in range(rng.randrange(0, 10))
        ]
        by_id = {s.id: s for s in spans}
        keys = {r.id: _relation_key(r, by_id[r.head], by_id[r.tail]) for r in relations}

        rng.shuffle(spans)
        assert _ordered(spans, relations, keys) == sorted([*spans, *relations], key=partial(_row_key, keys))


def _row_key(keys: dict[str, tuple[object, ...]], item: Span | Relation) -> tuple[object, ...]:
    """The key the list sorted every row by before: a relation's own, a span's (start, end, id)."""
    return keys[item.id] if isinstance(item, Relation) else _key(item)
