"""Bylines and reporting credits: "By Jane Doe", "(Reporting by ...; Editing by ...)"."""

from __future__ import annotations

import re

from annotator.suggest.lines import Page
from annotator.suggest.types import RuleSpan

_NOT_NAMES = (
    r"(?:The|This|That|Then|Now|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February"
    r"|March|April|May|June|July|August|September|October|November|December|Noon|Midnight|Law)\b"
)
BYLINE_RE = re.compile(
    r"(?m)^[^\S\n]*(?:(?:By|BY|Words by|Story by|Written by|Text by|Reporting by)[^\S\n]+(?!"
    + _NOT_NAMES
    + r")[A-Z]"
    r"|(?:Contributing|Contributors?|Additional reporting(?: by)?)[^\S\n]*:?[^\S\n]+[A-Z])[^\n]*"
)
CREDITS_RE = re.compile(
    r"\((?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Rr]esearch|[Ff]act-checking)"
    r" by [^()\n]{2,300}\)"
)
_WORD_RE = re.compile(r"\w+")
_MAX_WORDS = 12  # a byline line is short


def byline_spans(page: Page) -> list[RuleSpan]:
    """The byline lines and reporting-credit parentheses of the page; byline lines are claimed."""
    text = page.text
    out: list[RuleSpan] = []
    for m in BYLINE_RE.finditer(text):
        i = page.index_at(m.end() - 1)
        a, b = page.starts[i], page.ends[i]
        if i in page.taken or len(_WORD_RE.findall(text, a, b)) > _MAX_WORDS or text[b - 1] in ".?!:":
            continue
        page.taken[i] = "byline"
        out.append(RuleSpan("byline", ((a, b),), 0.9, "byline.line"))
    for m in CREDITS_RE.finditer(text):
        i = page.index_at(m.start())
        if i in page.taken:
            continue
        if m.start() == page.starts[i] and m.end() == page.ends[i]:
            page.taken[i] = "byline"
        out.append(RuleSpan("byline", (m.span(),), 0.95, "byline.credits"))
    return sorted(out, key=lambda s: s.start)
