"""Site boilerplate: copyright and rights lines, dates of publication, prompts, footers with a domain."""

from __future__ import annotations

import re

from annotator.suggest.lines import Page
from annotator.suggest.types import RuleSpan

# Lines that open with one of these are the site's, not the story's.
_OPENINGS = (
    r"©|\([Cc]\)[^\S\n]*\d{4}|Copyright\b|All rights reserved|(?:First )?[Pp]ublished\b|(?:Last )?[Uu]pdated\b"
    r"|Posted\b|Sign up\b|Subscribe\b|Follow (?:us\b|[A-Z][^\n]{0,40}? on\b)|Share (?:this|on)\b|Read more\b"
    r"|Related(?: articles| stories)?:|Advertisement\b|ADVERTISEMENT|Story continues\b|Click here\b"
    r"|Listen to this article|Contact us\b|Privacy [Pp]olicy|Terms of (?:[Uu]se|[Ss]ervice)|Cookie"
    r"|More from\b|Most read\b|Recommended\b|Skip to\b|Download (?:our|the) app|Get the app|Watch:|Sponsored\b"
)
OPENING_RE = re.compile(r"(?m)^[^\S\n]*(?:" + _OPENINGS + r")")
# Whole lines of page furniture: buttons, headings of widgets, comment counts, breadcrumbs.
FURNITURE_RE = re.compile(
    r"(?mi)^[^\S\n]*(?:share|live|menu|search|print|email|home|next|previous|comments|key events"
    r"|most popular|trending|\d+ comments?|comments \(\d+\)|(?:[\w&' -]{1,25} > ){1,5}[\w&' -]{1,25})[^\S\n]*$"
)
# Anywhere in a short line: the rights and legal furniture of a footer.
ANYWHERE_RE = re.compile(r"All rights reserved|©|Privacy [Pp]olicy|Terms of (?:[Uu]se|[Ss]ervice)")
# The end of a web domain; it opens with a literal full stop, which re scans for quickly.
DOMAIN_RE = re.compile(r"\.(?:com|org|net|co\.uk|org\.uk|gov\.uk|uk|gov|news|io|info|de|fr|ie|eu|au|ca)\b")
_DOMAIN_START_RE = re.compile(r"[\w.-]*$")
_DATED = re.compile(r"\d")
_SEPARATORS = (" | ", " · ", " • ", " / ")
_LINE = 200  # a boilerplate line is at most this long
_DATE_LINE = 80  # "Published ..." and "Updated ..." lines are short and hold a number
_WORD_RE = re.compile(r"\w+")


def _claim(page: Page, i: int, score: float, rule: str, out: list[RuleSpan]) -> None:
    page.taken[i] = "boilerplate"
    out.append(RuleSpan("boilerplate", ((page.starts[i], page.ends[i]),), score, rule))


def boilerplate_spans(page: Page) -> list[RuleSpan]:
    """The boilerplate lines of the page, each claimed; the site's name on the first line when a footer names it."""
    text = page.text
    out: list[RuleSpan] = []
    for m in OPENING_RE.finditer(text):
        i = page.index_at(m.end() - 1)
        a, b = page.starts[i], page.ends[i]
        if i in page.taken or b - a > _LINE:
            continue
        word = text[a : a + 9].lower()
        dated = word.startswith(("published", "first pub", "updated", "last upda", "posted"))
        if dated and (b - a > _DATE_LINE or not _DATED.search(text, a, b)):
            continue
        _claim(page, i, 0.9, "boilerplate.opening", out)
    for m in FURNITURE_RE.finditer(text):
        i = page.index_at(m.end() - 1)
        if i not in page.taken:
            _claim(page, i, 0.8, "boilerplate.furniture", out)
    for pattern in (ANYWHERE_RE, DOMAIN_RE):
        for m in pattern.finditer(text):
            i = page.index_at(m.start())
            a, b = page.starts[i], page.ends[i]
            if i in page.taken or b - a > _LINE:
                continue
            line = text[a:b]
            if pattern is DOMAIN_RE:
                if m.start() == a or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "-"):
                    continue  # ".com" after a space is not a domain
                start = _DOMAIN_START_RE.search(text, a, m.start())
                opens = start is not None and start.start() == a
                if not (opens or any(sep in line for sep in _SEPARATORS) or len(_WORD_RE.findall(line)) <= 4):
                    continue
            _claim(page, i, 0.85, "boilerplate.footer", out)
    if out and len(page) > 1 and 0 not in page.taken:
        name = page.line(0)
        words = name.split()
        shaped = len(words) <= 5 and len(name) <= 40 and all(w[0].isupper() for w in words)
        if shaped and name[-1].isalnum() and any(name in s.text_in(text) for s in out):
            _claim(page, 0, 0.7, "boilerplate.site_name", out)
    return sorted(out, key=lambda s: s.start)
