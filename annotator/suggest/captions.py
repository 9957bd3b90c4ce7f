"""Captions and photo credits: lines with a credit, lines above a credit, captions repeated near the top."""

from __future__ import annotations

import re

from annotator.suggest.cues import CUE_RE, trie_pattern
from annotator.suggest.datelines import DATELINE_RE
from annotator.suggest.lines import Page, word_set
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
# Literals that every credit above holds, all but two capitalised (re scans for a rare first character
# quickly): only lines holding one are searched, from a little before it.
_KEYWORD_RE = re.compile(
    trie_pattern(
        word_set(
            "/ ( Photo PHOTO Picture Image Credit Illustration Video REUTERS Reuters AFP AP Getty Shutterstock"
            " Alamy Supplied Handout HANDOUT Staff File"
        )
    )
)
_PREFIX_RE = re.compile(
    r"(?m)^[^\S\n]*(?:Image caption|Caption|Pictured|Above|Top|Left|Right|Main picture|Photo caption)[,:]\s"
)
_WORD_RE = re.compile(r"\w+")
_BEFORE_KEYWORD = (
    10  # a credit starts at most this far before the keyword it holds ("Bloomberg/", "(AP Photo")
)
_CREDIT_ONLY = 80  # a credit line is at most this long
_CAPTION = 400  # a caption line is at most this long
_TOP_LINES = 15  # "near the top": the first lines of the text


def _words(text: str, a: int, b: int) -> int:
    return len(_WORD_RE.findall(text, a, b))


def _caption_shaped(page: Page, i: int) -> bool:
    """Whether line i reads like a caption sentence (not a headline, a quotation or a heading)."""
    line = page.line(i)
    if len(line) > 350 or line[0] in "\"“”'‘«„" or line[-1] in ":?":
        return False
    if not 4 <= _words(page.text, page.starts[i], page.ends[i]) <= 60:
        return False
    # Not the opening of a story, nor a line that reports speech.
    return not (DATELINE_RE.match(line) or CUE_RE.search(line))


def caption_spans(page: Page) -> list[RuleSpan]:
    """The caption and credit lines of the page, each claimed on the page."""
    text = page.text
    out: list[RuleSpan] = []
    credit_only: set[int] = set()

    def claim(i: int, role: Role, score: float, rule: str) -> None:
        page.taken[i] = role
        out.append(RuleSpan(role, ((page.starts[i], page.ends[i]),), score, rule))

    for prefix in _PREFIX_RE.finditer(text):
        i = page.index_at(prefix.end())
        if i not in page.taken and page.ends[i] - page.starts[i] <= _CAPTION:
            claim(i, "caption", 0.95, "caption.prefix")
    searched: set[int] = set()
    for hit in _KEYWORD_RE.finditer(text):
        i = page.index_at(hit.start())
        a, b = page.starts[i], page.ends[i]
        if i in searched or i in page.taken or b - a > _CAPTION:
            continue
        searched.add(i)
        credit = CREDIT_RE.search(text, max(a, hit.start() - _BEFORE_KEYWORD), b)
        if credit is None:
            continue
        if b - a <= _CREDIT_ONLY and _words(text, a, credit.start()) <= 2:
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
    captions = [page.line(j) for j in top if page.taken.get(j) == "caption"]
    for i in top if captions else ():
        line = page.line(i)
        if (
            i in page.taken
            or line[-1] not in ".)"
            or not any(c.startswith(line) and c != line for c in captions)
        ):
            continue
        if _caption_shaped(page, i):
            claim(i, "caption", 0.8, "caption.repeated")
    return sorted(out, key=lambda s: s.start)
