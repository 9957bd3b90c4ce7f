"""The frozen values the journalism rules return: spans with a role, and attributions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["caption", "credit", "dateline", "byline", "boilerplate", "content", "source", "cue"]
ROLES: tuple[Role, ...] = (
    "caption",
    "credit",
    "dateline",
    "byline",
    "boilerplate",
    "content",
    "source",
    "cue",
)


@dataclass(frozen=True)
class RuleSpan:
    """One suggested span.

    Attributes:
        role: what the span is (caption, credit, dateline, byline, boilerplate, content, source, cue).
        fragments: its pieces, `[start, end)` in code points, ordered and disjoint (one for most spans).
        score: how sure the rule is, from 0 to 1.
        rule: the name of the rule that made it (e.g. "caption.credit_marker").
    """

    role: Role
    fragments: tuple[tuple[int, int], ...]
    score: float
    rule: str

    @property
    def start(self) -> int:
        """The first code point of the hull."""
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        """One past the last code point of the hull."""
        return self.fragments[-1][1]

    def text_in(self, text: str) -> str:
        """The text of the hull, `text[start:end]`."""
        return text[self.start : self.end]


@dataclass(frozen=True)
class RuleAttribution:
    """Who said what: a content span, with its source and cue when the rules found them."""

    content: RuleSpan
    source: RuleSpan | None
    cue: RuleSpan | None


@dataclass(frozen=True)
class RuleSuggestions:
    """What the rules found in one text: every span (attribution parts included) and the attributions."""

    spans: tuple[RuleSpan, ...]
    attributions: tuple[RuleAttribution, ...]
