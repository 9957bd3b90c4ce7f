"""The default mapping of rule roles to schema labels, and its application to suggestions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from annotator.suggest.types import RuleSpan, RuleSuggestions

# Roles without a label here (dateline, byline, boilerplate) are produced only when a project maps them.
DEFAULT_LABELS: Mapping[str, str] = {
    "caption": "CAPTION",
    "credit": "CAPTION",
    "content": "CLAIM",
    "source": "SOURCE",
    "cue": "CUE",
}
# The relation from an attribution's content to its source, and to its cue.
DEFAULT_RELATIONS: Mapping[str, str] = {"source": "ATTRIBUTED_TO", "cue": "CUED_BY"}


@dataclass(frozen=True)
class LabelledSpan:
    """A rule span under the label a mapping gives its role."""

    label: str
    span: RuleSpan


@dataclass(frozen=True)
class LabelledRelation:
    """A relation between two labelled spans (head: the content; tail: its source or cue)."""

    label: str
    head: RuleSpan
    tail: RuleSpan


def apply_mapping(
    suggestions: RuleSuggestions,
    labels: Mapping[str, str] = DEFAULT_LABELS,
    relations: Mapping[str, str] = DEFAULT_RELATIONS,
) -> tuple[tuple[LabelledSpan, ...], tuple[LabelledRelation, ...]]:
    """The spans whose role is mapped, under their labels, and the relations between mapped spans."""
    spans = tuple(LabelledSpan(labels[s.role], s) for s in suggestions.spans if s.role in labels)
    links: list[LabelledRelation] = []
    for attribution in suggestions.attributions:
        if attribution.content.role not in labels:
            continue
        for part, tail in (("source", attribution.source), ("cue", attribution.cue)):
            if tail is not None and tail.role in labels and part in relations:
                links.append(LabelledRelation(relations[part], attribution.content, tail))
    return spans, tuple(links)
