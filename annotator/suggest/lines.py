"""A text cut into lines (its paragraphs), which whole-line rules claim one by one, and its sentences."""

from __future__ import annotations

import re
from bisect import bisect_right


def word_set(words: str) -> frozenset[str]:
    """The set of the space-separated words of a string (word lists written as prose)."""
    return frozenset(words.split())


_LINE_RE = re.compile(r"[^\S\n]*(\S(?:[^\n]*\S)?)")
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’'»]*(?=\s|$)")
# A full stop after one of these does not end a sentence (Dr. Yusuf, Arlington, Va., on Jan. 5).
_ABBREVIATIONS = word_set(
    "mr mrs ms dr st sen rep gov gen lt col sgt capt prof insp det supt rev jr sr cllr mt ft no vs"
    " jan feb mar apr jun jul aug sep sept oct nov dec inc co corp ltd"
    " ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev"
    " okla ore pa tenn tex va vt wash wis wyo"
)


class Page:
    """The non-empty lines of a text, trimmed, and the role a whole-line rule gave each one."""

    __slots__ = ("ends", "starts", "taken", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _LINE_RE.finditer(text):
            self.starts.append(m.start(1))
            self.ends.append(m.end(1))
        self.taken: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, i: int) -> str:
        """The text of line i."""
        return self.text[self.starts[i] : self.ends[i]]

    def index_at(self, pos: int) -> int:
        """The index of the line holding position pos (the line before it when pos is between lines)."""
        return bisect_right(self.starts, pos) - 1

    def taken_at(self, pos: int) -> bool:
        """Whether the line holding pos was claimed by a whole-line rule."""
        i = self.index_at(pos)
        return i >= 0 and pos <= self.ends[i] and i in self.taken


def sentence_bounds(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The sentence of `text[start:end]` (one line) holding pos: from its first character to past its final mark."""
    s, e = start, end
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        word_start = m.start()
        while word_start > start and text[word_start - 1].isalpha():
            word_start -= 1
        word = text[word_start : m.start()].lower()
        if text[m.start()] == "." and (word in _ABBREVIATIONS or len(word) == 1):
            continue
        if m.end() <= pos:
            s = m.end()
        else:
            e = m.end()
            break
    while s < e and text[s].isspace():
        s += 1
    return s, e
