"""The reliability sample: documents coded by at least two of the compared coders, and their spans."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from annotator.agreement.matching import PairCounts, exact_matches, overlap_matches
from annotator.agreement.model import CodedDocument, CodedSpan
from annotator.agreement.report import Disagreement
from annotator.agreement.unitizing import Pieces
from annotator.core.errors import ValidationError


@dataclass(frozen=True)
class Sample:
    """The documents that at least two compared coders coded.

    Attributes:
        coders: the compared coders, in report order.
        docs: the sample's documents (their position is their bootstrap row).
        members: per document, the indices (into coders) of its compared coders, ascending.
    """

    coders: tuple[str, ...]
    docs: tuple[CodedDocument, ...]
    members: tuple[tuple[int, ...], ...]

    def member_matrix(self) -> npt.NDArray[np.bool_]:
        """Documents x coders: whether the coder coded the document."""
        matrix = np.zeros((len(self.docs), len(self.coders)), bool)
        for row, members in enumerate(self.members):
            matrix[row, list(members)] = True
        return matrix

    def pairs(self) -> list[tuple[int, int]]:
        """Every pair of coder indices (i < j)."""
        n = len(self.coders)
        return [(i, j) for i in range(n) for j in range(i + 1, n)]


def select(documents: Iterable[CodedDocument], coders: Sequence[str] | None) -> Sample:
    """Check the documents and keep those coded by at least two of the coders (all coders by default)."""
    docs = list(documents)
    seen_ids: set[object] = set()
    everyone: set[str] = set()
    for doc in docs:
        doc.check()
        if doc.doc_id in seen_ids:
            raise ValidationError(f"document {doc.doc_id} is given twice")
        seen_ids.add(doc.doc_id)
        everyone.update(doc.coders)
    chosen = tuple(sorted(everyone)) if coders is None else tuple(coders)
    if len(set(chosen)) != len(chosen):
        raise ValidationError(f"a coder is named twice in {', '.join(chosen)}")
    unknown = [c for c in chosen if c not in everyone]
    if unknown:
        raise ValidationError(f"no document was coded by {', '.join(unknown)}")
    if len(chosen) < 2:
        found = ", ".join(chosen) or "none"
        raise ValidationError(f"agreement needs at least two coders (found: {found})")
    index = {c: i for i, c in enumerate(chosen)}
    kept, members = [], []
    for doc in docs:
        mine = tuple(sorted(index[c] for c in doc.coders if c in index))
        if len(mine) >= 2:
            kept.append(doc)
            members.append(mine)
    return Sample(chosen, tuple(kept), tuple(members))


@dataclass(frozen=True)
class MatchedUnit:
    """Spans of one label that overlap matching put together (at most one per coder).

    Attributes:
        row: the document's bootstrap row.
        spans: coder index -> that coder's span.
    """

    row: int
    spans: dict[int, CodedSpan]


@dataclass
class LabelCodings:
    """Everything the span figures of one label need, gathered in one pass over the sample."""

    counts: list[PairCounts] = field(default_factory=list)
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)
    units: list[MatchedUnit] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    spans: int = 0

    def piece_arrays(self) -> Pieces:
        """The pieces as (row, coder, start, end) arrays."""
        table = np.array(self.pieces, np.int64).reshape(-1, 4)
        return Pieces(table[:, 0], table[:, 1], table[:, 2], table[:, 3])


def collect(sample: Sample, labels: Sequence[str], matched: Iterable[str] = ()) -> dict[str, LabelCodings]:
    """Per label: pair counts, unitizing sections, disagreements, and (for `matched` labels) matched units."""
    out = {label: LabelCodings() for label in labels}
    with_units = set(matched)
    pair_index = {pair: p for p, pair in enumerate(sample.pairs())}
    for row, (doc, members) in enumerate(zip(sample.docs, sample.members, strict=True)):
        grouped: list[dict[str, list[CodedSpan]]] = []
        for k in members:
            mine: dict[str, list[CodedSpan]] = {}
            for span in doc.spans.get(sample.coders[k], ()):
                mine.setdefault(span.label, []).append(span)
            for spans in mine.values():
                spans.sort(key=_position)
            grouped.append(mine)
        pairs = [
            (x, y, pair_index[(members[x], members[y])])
            for x in range(len(members))
            for y in range(x + 1, len(members))
        ]
        for label, result in out.items():
            codings = [mine.get(label, []) for mine in grouped]
            for k, spans in zip(members, codings, strict=True):
                result.pieces.extend((row, k, b, e) for span in spans for b, e in span.fragments)
            _collect_document(result, row, doc, codings, pairs, label in with_units, sample, members)
    return out


def _position(span: CodedSpan) -> tuple[tuple[int, int], ...]:
    return span.fragments


def _collect_document(
    out: LabelCodings,
    row: int,
    doc: CodedDocument,
    codings: list[list[CodedSpan]],
    pairs: list[tuple[int, int, int]],
    with_units: bool,
    sample: Sample,
    members: tuple[int, ...],
) -> None:
    n_spans = sum(len(c) for c in codings)
    out.spans += n_spans
    if not n_spans:
        return
    edges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    differ = False
    for x, y, pair in pairs:
        a, b = codings[x], codings[y]
        if not a and not b:
            continue
        exact = exact_matches(a, b)
        matched = overlap_matches(a, b)
        differ = differ or exact < len(a) or exact < len(b)
        out.counts.append((row, pair, exact, len(matched), len(a) + len(b)))
        if with_units:
            edges.extend(((x, i), (y, j)) for i, j in matched)
    if differ:
        counts = {sample.coders[k]: len(c) for k, c in zip(members, codings, strict=True)}
        out.disagreements.append(Disagreement(doc.doc_id, counts))
    if with_units:
        out.units.extend(_units(row, members, codings, edges))


def _units(
    row: int,
    members: tuple[int, ...],
    codings: list[list[CodedSpan]],
    edges: list[tuple[tuple[int, int], tuple[int, int]]],
) -> list[MatchedUnit]:
    """Connected groups of matched spans; a group holding two spans of one coder falls back to its pairs."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    units = []
    for nodes in groups.values():
        coders = [x for x, _ in nodes]
        if len(set(coders)) == len(coders):
            units.append(MatchedUnit(row, {members[x]: codings[x][i] for x, i in sorted(nodes)}))
    in_groups = {n: find(n) for n in parent}
    for a, b in edges:
        nodes = groups[in_groups[a]]
        if len({x for x, _ in nodes}) != len(nodes):
            units.append(
                MatchedUnit(row, {members[a[0]]: codings[a[0]][a[1]], members[b[0]]: codings[b[0]][b[1]]})
            )
    return sorted(units, key=lambda u: min(s.start for s in u.spans.values()))
