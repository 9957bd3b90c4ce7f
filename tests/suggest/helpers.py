"""Small readers of rule output for the tests: the text of spans and attributions."""

from __future__ import annotations

from annotator.suggest import RuleSpan, RuleSuggestions, suggest_text


def pieces(text: str, span: RuleSpan | None) -> list[str] | None:
    """The text of each fragment of a span (None for no span)."""
    return None if span is None else [text[a:b] for a, b in span.fragments]


def by_role(text: str, role: str) -> list[list[str]]:
    """The fragments' text of every span of one role, in order."""
    return [[text[a:b] for a, b in s.fragments] for s in suggest_text(text).spans if s.role == role]


def attributions(text: str) -> list[tuple[list[str] | None, list[str] | None, list[str] | None]]:
    """(content, source, cue) fragment texts of each attribution, in order."""
    found: RuleSuggestions = suggest_text(text)
    return [
        (pieces(text, a.content), pieces(text, a.source), pieces(text, a.cue)) for a in found.attributions
    ]
