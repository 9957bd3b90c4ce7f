"""What every suggester proposes for a text (labelled spans, relations between them), and its interface."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from annotator.suggest.mapping import apply_mapping
from annotator.suggest.rules import RULES_VERSION, suggest_text
from annotator.suggest.types import RuleSpan


@dataclass(frozen=True)
class Proposed:
    """One suggested span under a label of the project.

    Attributes:
        label: the label's name.
        fragments: its pieces, `[start, end)` in code points, ordered and disjoint (one for most).
        score: the suggester's confidence from 0 to 1, or None when it has none.
    """

    label: str
    fragments: tuple[tuple[int, int], ...]
    score: float | None = None

    @property
    def start(self) -> int:
        """The first code point of the hull."""
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        """One past the last code point of the hull."""
        return self.fragments[-1][1]


@dataclass(frozen=True)
class ProposedRelation:
    """A relation between two proposed spans of the same text (indexes into `Proposal.spans`)."""

    label: str
    head: int
    tail: int


@dataclass(frozen=True)
class Proposal:
    """What a suggester proposes for one text."""

    spans: tuple[Proposed, ...] = ()
    relations: tuple[ProposedRelation, ...] = ()


class Suggester(Protocol):
    """Something that proposes spans for texts, in batches.

    Attributes:
        name: the suggester's name and version as stored with each suggestion ("rules 1.0").
        family: what `--replace` matches: stored suggesters equal to it, or starting with it
            when it ends with a space ("rules " replaces every version of the rules).
        labels: the labels it can propose.
        parallel: it is plain Python that can be pickled and run in another process.
    """

    name: str
    family: str
    labels: tuple[str, ...]

    def suggest(self, texts: Sequence[str]) -> list[Proposal]:
        """One proposal per text, in order."""
        ...


class RulesSuggester:
    """The built-in journalism rules under a project's labels (`core.roles.suggester_labels`)."""

    family = "rules "
    parallel = True

    def __init__(
        self,
        labels: Mapping[str, str],
        relations: Mapping[str, str],
        only: Collection[str] | None = None,
    ) -> None:
        """Rules mapped by role -> label and attribution part -> relation; `only` keeps some labels."""
        self._labels = {role: lab for role, lab in labels.items() if only is None or lab in only}
        self._relations = dict(relations)
        self.name = f"rules {RULES_VERSION}"
        self.labels = tuple(dict.fromkeys(self._labels.values()))

    def suggest(self, texts: Sequence[str]) -> list[Proposal]:
        """The rules' spans and attribution relations for each text."""
        return [self.suggest_one(text) for text in texts]

    def suggest_one(self, text: str) -> Proposal:
        """The rules' spans and attribution relations for one text."""
        spans, relations = apply_mapping(suggest_text(text), self._labels, self._relations)
        index: dict[tuple[str, RuleSpan], int] = {}
        out: list[Proposed] = []
        for item in spans:
            key = (item.label, item.span)
            if key not in index:
                index[key] = len(out)
                out.append(Proposed(item.label, item.span.fragments, round(item.span.score, 4)))
        links = [
            ProposedRelation(
                r.label,
                index[(self._labels[r.head.role], r.head)],
                index[(self._labels[r.tail.role], r.tail)],
            )
            for r in relations
            if (self._labels[r.head.role], r.head) in index and (self._labels[r.tail.role], r.tail) in index
        ]
        return Proposal(tuple(out), tuple(links))
