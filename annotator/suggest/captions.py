"""Captions and photo credits: lines with a credit, lines above a credit, captions repeated near the top."""

from __future__ import annotations

import re

from annotator.suggest.cues import CUE_RE
from annotator.suggest.datelines import DATELINE_RE
from annotator.suggest.lines import Page
from annotator.suggest.types import Role, RuleSpan

CREDIT_RE = re.compile(
    r"\((?:AP|AFP|Reuters|EPA|PA) Photo\b[^)\n]*\)"
    r"|\((?:[Pp]hoto(?:graph)?s?|[Pp]icture|[Ii]mage|[Cc]redit|[Ff]ile photo|[Ii]llustration)\b[^)\n]*\)"
    r"|\b(?:REUTERS|AFP|EPA|AP|ANSA|Xinhua|Anadolu|Bloomberg|dpa)/\S"
    r"|/(?:REUTERS|Reuters|AFP|AP|EPA|Getty Images)\b"
    r"|\bvia (?:REUTERS|Reuters|Getty Images|AP|AFP)\b"
    r"|\b(?:Getty Images|Shutterstock|Alamy|Associated Press Photo)\b"
    r"|\b(?:Photo|Photograph|Picture|Image|Credit|Photos|Illustration|Video|Photo credit)\s?:\s*\S"
    r"|\b(?:[Ss]taff |[Ff]ile )?(?:[Pp]hoto(?:graph)?|[Pp]icture) (?:by|courtesy of) [A-Z]"
    r"|\bFILE PHOTO\b|\bFile [Pp]hoto\b"
    r"|\bImage source, "
    r"|\((?:Supplied|Handout|HANDOUT|[Cc]ourtesy\b[^)\n]*)\)"
)
_PREFIX_RE = re.compile(
    r"(?m)^[^\S\n]*(?:Image caption|Caption|Pictured|Above|Top|Left|Right|Main picture|Photo caption)[,:]\s"
)
_WORD_RE = re.compile(r"\w+")
_CREDIT_ONLY = 80  # a credit line is at most this long
_CAPTION = 400  # a caption line is at most this long
_TOP_LINES = 15  # "near the top": the first lines of the text


def _words(text: str, a: int, b: int) -> int:
    return len(_WORD_RE.findall(text, a, b))


def _caption_shaped(page: Page, i: int) -> bool:
    """Whether line i reads like a caption sentence (not a headline, a quotation or a heading)."""
    line = page.line(i)
    if DATELINE_RE.match(line) or CUE_RE.search(line):
        return False  # the opening of a story, or a line that reports speech
    return (
        4 <= _words(page.text, page.starts[i], page.ends[i]) <= 60
        and len(line) <= 350
        and (line[0] not in "\"“”'‘«„" and line[-1] not in ":?")
    )


def caption_spans(page: Page) -> list[RuleSpan]:
    """The caption and credit lines of the page, each claimed on the page."""
    text = page.text
    out: list[RuleSpan] = []
    credit_only: set[int] = set()

    def claim(i: int, role: Role, score: float, rule: str) -> None:
        page.taken[i] = role
        out.append(RuleSpan(role, ((page.starts[i], page.ends[i]),), score, rule))

    for m in _PREFIX_RE.finditer(text):
        i = page.index_at(m.end())
        if i not in page.taken and page.ends[i] - page.starts[i] <= _CAPTION:
            claim(i, "caption", 0.95, "caption.prefix")
    for m in CREDIT_RE.finditer(text):
        i = page.index_at(m.start())
        a, b = page.starts[i], page.ends[i]
        if i in page.taken or b - a > _CAPTION:
            continue
        if b - a <= _CREDIT_ONLY and _words(text, a, m.start()) <= 2:
            claim(i, "credit", 0.95, "caption.credit_line")
            credit_only.add(i)
        else:
            claim(i, "caption", 0.9, "caption.credit_marker")
    for i in sorted(credit_only):
        if i > 0 and i - 1 not in page.taken and _caption_shaped(page, i - 1):
            claim(i - 1, "caption", 0.75, "caption.above_credit")
    seen: dict[str, list[int]] = {}
    for i in range(min(len(page), _TOP_LINES)):
        seen.setdefault(page.line(i), []).append(i)
    for line, where in seen.items():
        if len(where) < 2 or line[-1] not in ".)" or _words(line, 0, len(line)) < 5:
            continue
        if all(page.taken.get(i, "caption") == "caption" for i in where) and _caption_shaped(page, where[0]):
            for i in where:
                if i not in page.taken:
                    claim(i, "caption", 0.8, "caption.repeated")
    # The caption again with its credit appended: "Workers stack sandbags." then "Workers stack sandbags. Photo: X".
    top = range(min(len(page), _TOP_LINES))
    for i in top:
        if i in page.taken or not _caption_shaped(page, i) or page.line(i)[-1] not in ".)":
            continue
        line = page.line(i)
        if any(page.taken.get(j) == "caption" and page.line(j).startswith(line) for j in top if j != i):
            claim(i, "caption", 0.8, "caption.repeated")
    return sorted(out, key=lambda s: s.start)
