"""The reliability sample: documents coded by at least two of the compared coders, and their spans."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.agreement.matching import PairCounts, exact_matches, overlap_matches
from annotator.agreement.model import CodedDocument, CodedSpan
from annotator.agreement.report import Disagreement
from annotator.agreement.unitizing import DocumentSections, sections
from annotator.core.errors import ValidationError


def _span_key(span: CodedSpan) -> tuple[tuple[tuple[int, int], ...], str]:
    return (span.fragments, repr(sorted(span.attributes.items(), key=lambda kv: kv[0])))


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

    def pairs(self) -> list[tuple[int, int]]:
        """Every pair of coder indices (i < j)."""
        n = len(self.coders)
        return [(i, j) for i in range(n) for j in range(i + 1, n)]

    def spans_of(self, row: int, label: str) -> list[list[CodedSpan]]:
        """Each member's spans of one label in one document, in position order."""
        doc = self.docs[row]
        return [
            sorted((s for s in doc.spans.get(self.coders[k], ()) if s.label == label), key=_span_key)
            for k in self.members[row]
        ]


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
    sections: list[DocumentSections] = field(default_factory=list)
    units: list[MatchedUnit] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    spans: int = 0


def collect(sample: Sample, label: str) -> LabelCodings:
    """Pair counts, unitizing sections, matched units and disagreements of one label."""
    out = LabelCodings()
    pair_index = {pair: p for p, pair in enumerate(sample.pairs())}
    for row, members in enumerate(sample.members):
        codings = sample.spans_of(row, label)
        out.spans += sum(len(c) for c in codings)
        out.sections.append(sections(row, sample.docs[row].length, codings))
        edges: list[tuple[tuple[int, int], tuple[int, int]]] = []
        differ = False
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = codings[x], codings[y]
                if not a and not b:
                    continue
                exact = exact_matches(a, b)
                matched = overlap_matches(a, b)
                differ = differ or exact < max(len(a), len(b))
                pair = pair_index[(members[x], members[y])]
                out.counts.append(PairCounts(row, pair, exact, len(matched), len(a) + len(b)))
                edges.extend(((x, i), (y, j)) for i, j in matched)
        if differ:
            counts = {sample.coders[k]: len(c) for k, c in zip(members, codings, strict=True)}
            out.disagreements.append(Disagreement(sample.docs[row].doc_id, counts))
        out.units.extend(_units(row, members, codings, edges))
    return out


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
