"""Datelines: the place (and date and agency) that opens a wire story, "SEOUL (Reuters) -"."""

from __future__ import annotations

import re

from annotator.suggest.lines import Page, word_set
from annotator.suggest.types import RuleSpan

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_AGENCY = r"\((?:[A-Z][A-Za-z&.'’]{1,14}(?: [A-Z][A-Za-z&.'’]{1,14}){0,2})\)"
_CAPS_PLACE = r"[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3}"
_REGION = r"(?:, [A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,2})"
_DATE = rf"(?:, {_MONTH} \d{{1,2}})"
_MIXED_PLACE = r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}"
# The place in capitals, or in mixed case when an agency follows; the span stops before the dash.
DATELINE_RE = re.compile(
    rf"(?:{_CAPS_PLACE}{_REGION}?{_DATE}?(?: {_AGENCY})?|{_MIXED_PLACE}{_REGION}?{_DATE}? {_AGENCY}|{_AGENCY})"
    r"(?=[^\S\n]*(?:-|–|—|:)[^\S\n]+\S)"
)
_NOT_PLACES = word_set(
    "BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION EDITORIAL CORRECTION NOTE PHOTO"
    " VIDEO FILE WARNING ALERT FACT CHECK REVIEW INTERVIEW Q&A BY"
)
_FIRST_LINES = 4  # a dateline opens one of the first lines not taken by another rule
_WORD_RE = re.compile(r"\w+")


def dateline_spans(page: Page) -> list[RuleSpan]:
    """The dateline that opens one of the first body lines of the page, if any."""
    text = page.text
    looked = 0
    for i in range(len(page)):
        if looked == _FIRST_LINES:
            break
        if i in page.taken:
            continue
        looked += 1
        m = DATELINE_RE.match(text, page.starts[i], page.ends[i])
        if m is None or m.group().split(",")[0].split(" (")[0] in _NOT_PLACES:
            continue
        if len(_WORD_RE.findall(text, m.end(), page.ends[i])) < 5:
            continue  # a heading such as "UPDATE: Road closed", not the opening of a story
        return [RuleSpan("dateline", (m.span(),), 0.9, "dateline.opening")]
    return []
