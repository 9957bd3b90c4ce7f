"""Deterministic train/dev/test splits by document that keep groups and duplicate texts together.

Documents are joined into units: all documents sharing a group value (e.g.
the same outlet, with `--group-by outlet`) and all documents with exactly the
same text form one unit, transitively. Units are ordered by a seeded hash of
their smallest text hash (so the order does not depend on database ids) and
each goes to the part furthest below its target size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.core.errors import ValidationError

PART_NAMES = ("train", "dev", "test")


def parse_ratios(raw: str) -> tuple[float, ...]:
    """Parse "0.8,0.1,0.1" (2 or 3 non-negative parts summing to 1)."""
    try:
        ratios = tuple(float(x) for x in raw.split(","))
    except ValueError:
        raise ValidationError(f"--split {raw!r}: expected numbers like 0.8,0.1,0.1") from None
    if len(ratios) not in (2, 3):
        raise ValidationError(f"--split {raw!r}: give 2 (train, dev) or 3 (train, dev, test) parts")
    if any(r < 0 for r in ratios) or abs(sum(ratios) - 1.0) > 1e-6:
        raise ValidationError(f"--split {raw!r}: the parts must be non-negative and add up to 1")
    return ratios


@dataclass(frozen=True)
class Item:
    """What the split needs to know of one document."""

    doc_id: int
    text_hash: str
    group: str | None = None


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def assign(items: Iterable[Item], ratios: Sequence[float], seed: int) -> dict[int, str]:
    """Map each document id to "train", "dev" or "test"."""
    names = PART_NAMES[: len(ratios)]
    union = _Union()
    docs: list[tuple[int, str]] = []
    for item in items:
        node = f"t:{item.text_hash}"
        union.find(node)
        if item.group is not None:
            union.join(node, f"g:{item.group}")
        docs.append((item.doc_id, node))
    units: dict[str, list[int]] = {}
    ident: dict[str, str] = {}
    for doc_id, node in docs:
        root = union.find(node)
        units.setdefault(root, []).append(doc_id)
        ident[root] = min(ident.get(root, node), node)
    order = sorted(units, key=lambda r: hashlib.sha256(f"{seed}:{ident[r]}".encode()).hexdigest())
    total = len(docs)
    targets = [r * total for r in ratios]
    counts = [0] * len(ratios)
    out: dict[int, str] = {}
    open_parts = [i for i, r in enumerate(ratios) if r > 0]
    for root in order:
        members = units[root]
        # The part furthest below its target (ties to the earlier part) takes the whole unit.
        best = max(open_parts, key=lambda i: (targets[i] - counts[i], -i))
        counts[best] += len(members)
        for doc_id in members:
            out[doc_id] = names[best]
    return out
