"""Quotations with their attribution: the quoted content, the cue beside it and its source."""

from __future__ import annotations

import re

from annotator.core.quotes import Quotation
from annotator.suggest.cues import first_cue, is_according, last_cue
from annotator.suggest.lines import Page, sentence_bounds
from annotator.suggest.sources import Source, source_after, subject_of_cue
from annotator.suggest.types import Role, RuleAttribution, RuleSpan

_AFTER = 90  # characters after a closing mark in which its cue may start
_GAP = 60  # at most this far from a cue to the quotation it introduces, or to the next piece
_SUBJECT = 80  # at most this long a subject between a closing mark and its cue
_SEPARATOR = 80  # at most this long the rest of an attribution clause before the quote goes on
_BREAK_RE = re.compile(
    r"[!?;]|(?<![A-Z])(?<!\b(?:Dr|Mr|Ms|St|Lt|Jr|Sr|Mt|Ft))(?<!\b(?:Mrs|Sen|Rep|Gov|Gen|Col|Sgt|Rev))\."
)
_WORD_RE = re.compile(r"\w+")
_DOUBLE_MARKS = frozenset('"“”„«»‹›')


def _no_break(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` holds neither a sentence end nor a double quotation mark."""
    if _BREAK_RE.search(text, start, end):
        return False
    return not any(c in _DOUBLE_MARKS for c in text[start:end])


def content_pieces(text: str, q: Quotation) -> list[tuple[int, int]]:
    """The quoted text of a quotation, piece by piece: without white space or the comma before its cue."""
    out = []
    for a, b in q.pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and text[b - 1] == ",":
            b -= 1
            while b > a and text[b - 1].isspace():
                b -= 1
        if b > a:
            out.append((a, b))
    return out


def _span(role: Role, rng: tuple[int, int] | Source, score: float, rule: str) -> RuleSpan:
    return RuleSpan(role, ((rng[0], rng[1]),), score, rule)


def _continues(text: str, page: Page, clause_end: int, nxt: Quotation) -> bool:
    """Whether the next quotation goes on from the attribution clause ending at clause_end."""
    if page.index_at(nxt.open) != page.index_at(clause_end) or nxt.open - clause_end > _SEPARATOR:
        return False
    separator = text[clause_end : nxt.open].rstrip()
    if separator and separator[-1] not in ",.:":
        return False
    return _no_break(text, clause_end, clause_end + max(0, len(separator) - 1))


def _after(text: str, page: Page, q: Quotation) -> tuple[tuple[int, int], Source | None, int] | None:
    """The cue and source after a closing mark ("...," said Maria Lopez), and where that clause ends."""
    line_end = page.ends[page.index_at(q.close)]
    a = q.close + 1
    cue = first_cue(text, a, min(line_end, a + _AFTER))
    if cue is None or not _no_break(text, a, cue[0]):
        return None
    between = text[a : cue[0]].strip(" ,\u00a0—–-")
    if text[q.close - 1] == "." and (between[0] if between else text[cue[0]]).isupper():
        return None  # "...ready." She said ...: a new sentence begins after the quote
    if not between:
        source = source_after(text, cue[1], min(line_end, cue[1] + _SUBJECT))
        if source is not None and source[2] == "pronoun":
            source = None
        return cue, source, max(cue[1], source[1] if source else 0)
    if len(between) > _SUBJECT:
        return None
    source = subject_of_cue(text, text.index(between[0], a), cue[0])
    if source is None:
        return None
    return cue, (None if source[2] == "pronoun" else source), cue[1]


def _before(
    text: str, page: Page, q: Quotation, floor: int
) -> tuple[tuple[int, int], Source | None, float] | None:
    """The cue and source before an opening mark (Maria Lopez said: "...), in the same sentence."""
    line = page.index_at(q.open)
    start = max(page.starts[line], floor)
    start = sentence_bounds(text, start, q.open, q.open)[0]
    cue = last_cue(text, start, q.open)
    if cue is None or q.open - cue[1] > _GAP or not _no_break(text, cue[1], q.open):
        return None
    gap = text[cue[1] : q.open].rstrip()
    score = 0.9 if (not gap or gap[-1] in ":," or gap.endswith("that")) else 0.75
    if is_according(text, cue) or not text[start : cue[0]].strip():
        source = source_after(text, cue[1], q.open)
    else:
        source = subject_of_cue(text, start, cue[0])
        if source is None:
            return None
    if source is not None and source[2] == "pronoun":
        source = None
    return cue, source, score


def _words(text: str, pieces: list[tuple[int, int]]) -> int:
    return sum(len(_WORD_RE.findall(text, a, b)) for a, b in pieces)


def _utterance(text: str, page: Page, q: Quotation, pieces: list[tuple[int, int]]) -> bool:
    """Whether an unattributed quotation reads as something said, not a title, name or scare quote."""
    words = [w for a, b in pieces for w in _WORD_RE.findall(text, a, b)]
    if len(words) < 4:
        return False
    if sum(w[0].isupper() for w in words) > 0.6 * len(words):
        return False
    first = text[pieces[0][0]]
    opens_line = q.open == page.starts[page.index_at(q.open)]
    if not (first.isupper() or opens_line):
        return False
    return text[pieces[-1][1] - 1] in ".!?" or len(words) >= 8


def quote_attributions(page: Page, quotations: list[Quotation]) -> list[RuleAttribution]:
    """Every quotation read as content, with its cue and source where they are found beside it.

    Pieces of one quote split by its cue ("...," she said, "...") are one content of several
    fragments; so is a quote that goes on after its attribution clause in the same paragraph.
    """
    text = page.text
    tops = [q for q in quotations if q.depth == 0 and not page.taken_at(q.open)]
    out: list[RuleAttribution] = []
    merged: set[int] = set()
    floor = 0
    for idx, q in enumerate(tops):
        if idx in merged:
            continue
        pieces = content_pieces(text, q)
        if not pieces:
            continue
        after = _after(text, page, q)
        cue: tuple[int, int] | None = None
        source: Source | None = None
        if after is not None:
            cue, source, clause_end = after
            score, rule = 0.9, "quote.cue_after"
            nxt = tops[idx + 1] if idx + 1 < len(tops) else None
            if (
                nxt is not None
                and _continues(text, page, clause_end, nxt)
                and _after(text, page, nxt) is None
            ):
                pieces += content_pieces(text, nxt)
                merged.add(idx + 1)
                rule = "quote.split"
        else:
            before = _before(text, page, q, floor)
            if before is not None and before[2] < 0.9 and _words(text, pieces) < 4:
                before = None  # a partial quote of a few words inside reported speech ('a slow decline')
            if before is not None:
                cue, source, score = before
                rule = "quote.cue_before"
            elif _utterance(text, page, q, pieces):
                score, rule = 0.6, "quote.unattributed"
            else:
                floor = q.close + 1
                continue
        if cue is not None and source is None:
            score -= 0.05
        content = RuleSpan("content", tuple(pieces), score, rule)
        out.append(
            RuleAttribution(
                content,
                None if source is None else _span("source", source, score, rule),
                None if cue is None else _span("cue", cue, score, rule),
            )
        )
        floor = (tops[idx + 1] if idx + 1 in merged else q).close + 1
    return out
