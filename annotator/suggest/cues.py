"""Reporting verbs and phrases: the cues that attribute a quotation or a claim to its source."""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.suggest.lines import word_set

# Written out in full (no stemming): the cue is the word as it stands in the text.
REPORTING_VERBS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "add",
    "stated", "states", "warned", "warns", "warn", "argued", "argues", "argue",
    "claimed", "claims", "claim", "insisted", "insists", "insist", "explained", "explains", "explain",
    "noted", "notes", "note", "wrote", "writes", "write", "asked", "asks", "ask",
    "replied", "replies", "reply", "announced", "announces", "confirmed", "confirms",
    "recalled", "recalls", "recall", "acknowledged", "acknowledges", "admitted", "admits", "admit",
    "declared", "declares", "suggested", "suggests", "predicted", "predicts", "urged", "urges",
    "cautioned", "cautions", "conceded", "concedes", "continued", "continues",
    "responded", "responds", "emphasised", "emphasized", "emphasises", "emphasizes",
    "stressed", "stresses", "commented", "comments", "remarked", "remarks", "observed", "observes",
    "tweeted", "tweets", "posted", "reported", "reports", "complained", "complains",
    "joked", "jokes", "shouted", "whispered", "demanded", "demands", "promised", "promises",
    "vowed", "vows", "pledged", "pledges", "countered", "counters", "maintained", "maintains",
    "alleged", "alleges", "estimated", "estimates", "recounted", "recounts", "testified", "testifies",
    "announced", "agreed", "agrees", "concluded", "concludes",
)  # fmt: skip
# Longer phrases win over the verbs they start with ("told reporters" over "told").
REPORTING_PHRASES: tuple[str, ...] = (
    "according to",
    "told reporters",
    "told journalists",
    "told the media",
    "quoted as saying",
)
# A cue word right after one of these is a noun (the notes, his claims, the United States).
_NOUN_BEFORE = word_set("the a an his her its their our my your these those this that")


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of the words shaped as a trie (re tries alternatives one by one)."""
    words = list(words)
    if "" in words and len(words) == 1:
        return ""
    heads: dict[str, list[str]] = {}
    for word in words:
        if word:
            heads.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(h) + trie_pattern(rests) for h, rests in sorted(heads.items())]
    # The longer words first, so "told reporters" wins over "told" (the ending is optional).
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in words else body


_ALTERNATIVES = sorted(set(REPORTING_VERBS) | set(REPORTING_PHRASES) | {"According to"})
# Case matters: a capitalised "Says" or "States" is a name more often than a cue; "According to" opens sentences.
CUE_RE = re.compile(r"\b" + trie_pattern(_ALTERNATIVES) + r"\b")
_WORD_BEFORE_RE = re.compile(r"(\w+)\W*$")


def _noun_use(text: str, start: int) -> bool:
    before = _WORD_BEFORE_RE.search(text, max(0, start - 12), start)
    return before is not None and before.group(1).lower() in _NOUN_BEFORE


def cues_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Every cue in `text[start:end]`, in order, without the cue words used as nouns."""
    return [m.span() for m in CUE_RE.finditer(text, start, end) if not _noun_use(text, m.start())]


def first_cue(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first cue in `text[start:end]`, or None."""
    for m in CUE_RE.finditer(text, start, end):
        if not _noun_use(text, m.start()):
            return m.span()
    return None


def last_cue(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The last cue in `text[start:end]`, or None."""
    found = cues_in(text, start, end)
    return found[-1] if found else None


def is_according(text: str, cue: tuple[int, int]) -> bool:
    """Whether the cue is "according to" (its source follows it)."""
    return text[cue[0] : cue[1]].lower() == "according to"
