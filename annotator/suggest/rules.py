"""The entry point of the built-in journalism rules: `suggest_text`."""

from __future__ import annotations

from annotator.core.quotes import find_quotations
from annotator.suggest.according import according_attributions
from annotator.suggest.boilerplate import boilerplate_spans
from annotator.suggest.bylines import byline_spans
from annotator.suggest.captions import caption_spans
from annotator.suggest.datelines import dateline_spans
from annotator.suggest.lines import Page
from annotator.suggest.quotes_rules import quote_attributions
from annotator.suggest.types import RuleAttribution, RuleSpan, RuleSuggestions

# Bump when a rule changes what it finds: stored suggestions name the version that made them.
RULES_VERSION = "1.0"
SUGGESTER_NAME = "builtin-rules"


def suggest_text(text: str) -> RuleSuggestions:
    """Every span and attribution the built-in rules find in one text (offsets in code points)."""
    page = Page(text)
    # Whole-line rules claim lines in this order; a claimed line is not looked at again.
    spans: list[RuleSpan] = caption_spans(page)
    spans += byline_spans(page)
    spans += boilerplate_spans(page)
    spans += dateline_spans(page)
    quotations = find_quotations(text)
    attributions = quote_attributions(page, quotations)
    used_cues = {a.cue.start for a in attributions if a.cue is not None}
    outer = [q.outer for q in quotations]
    attributions += according_attributions(page, outer, used_cues)
    attributions.sort(key=lambda a: a.content.start)
    seen: set[RuleSpan] = set(spans)
    for attribution in attributions:
        for part in (attribution.content, attribution.source, attribution.cue):
            if part is not None and part not in seen:
                seen.add(part)
                spans.append(part)
    spans.sort(key=lambda s: (s.start, s.end, s.role))
    return RuleSuggestions(tuple(spans), tuple(_dedupe(attributions)))


def _dedupe(attributions: list[RuleAttribution]) -> list[RuleAttribution]:
    """The attributions without a second one for the same content."""
    out: list[RuleAttribution] = []
    contents: set[tuple[tuple[int, int], ...]] = set()
    for a in attributions:
        if a.content.fragments not in contents:
            contents.add(a.content.fragments)
            out.append(a)
    return out
