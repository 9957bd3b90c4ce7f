"""Sources: the name, title or noun phrase next to a cue, by capitalisation and a few word lists."""

from __future__ import annotations

import re

from annotator.suggest.cues import REPORTING_VERBS
from annotator.suggest.lines import word_set

# A token: an initial run (J. R.), a titled abbreviation (Dr., Sen.), a word (O'Malley, Ji-won, city's), a sign.
_TOKEN_RE = re.compile(
    r"(?:[A-Z]\.)+(?=\s)"
    r"|(?:Dr|Mr|Mrs|Ms|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Insp|Det|Supt|Rev|Cllr|Mt|Ft)\."
    r"|\w+(?:[’'\-]\w+)*(?:(?<=s)[’'](?!\w))?"
    r"|[^\w\s]"
)
PRONOUNS = word_set("he she they it we i you him her them")
_DETERMINERS = word_set(
    "the a an one another two three four several some many other its his her their our this that these"
    " those each both all"
)
# Words that end a noun phrase: the clause goes on after them.
_STOP = word_set(
    "who which that whose whom when while where as since after before during until on in at to into"
    " last yesterday today tonight this also later then earlier again once still now just only"
    " has have had is was were are be been being will would could can may might should must did does do"
    " not never and or but nor if than so because though although however about over under"
    " shortly recently previously afterwards first whether what why how"
    " monday tuesday wednesday thursday friday saturday sunday january february april june july august"
    " september october november december"
) | frozenset(REPORTING_VERBS)
_COMPLEMENT = word_set("of for at from with by")
_NAME_LINKS = word_set("of for the de del della da di van von der den la le al bin ibn y and")
# Capitalised words that are not names where a sentence or clause begins.
_NOT_NAMES = word_set(
    "The A An But And Or So Yet Still However Meanwhile Then Later Earlier Now Asked Speaking On In At"
    " After Before During Last This That These Those It He She They We I You His Her Their Its Our"
    " Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July"
    " August September October November December Yesterday Today Tonight Also When While If As Since"
    " Although Though Because Instead Separately Afterwards Indeed"
)

Source = tuple[int, int, str]  # start, end, kind: "name", "phrase" or "pronoun"


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, end)]


def _is_name(word: str) -> bool:
    return word[0].isupper() and word not in _NOT_NAMES and (word[0].isalpha())


def _is_word(word: str) -> bool:
    return word[0].isalnum() and word.lower() not in _STOP


def _name_run(toks: list[tuple[int, int, str]], i: int) -> int:
    """The end index of a run of name words from i (links such as "of" or "van" only between names)."""
    k = i + 1
    while k < len(toks):
        word = toks[k][2]
        if _is_name(word) and word not in ("The", "A", "An"):
            k += 1
            continue
        j = k
        while j < len(toks) and j - k < 2 and toks[j][2] in _NAME_LINKS:
            j += 1
        if j > k and j < len(toks) and _is_name(toks[j][2]):
            k = j + 1
            continue
        # Up to two lower-case title words between names: Belgian minister Anke Peeters.
        j = k
        while j < len(toks) and j - k < 2 and toks[j][2][0].islower() and _is_word(toks[j][2]):
            j += 1
        if j > k and j < len(toks) and _is_name(toks[j][2]):
            k = j + 1
            continue
        break
    return k


def _participle(toks: list[tuple[int, int, str]], k: int) -> int:
    """Past a participle that takes a "by" complement (a notice posted by the utility)."""
    if k + 1 < len(toks) and toks[k + 1][2] == "by" and toks[k][2].isalpha() and toks[k][2].islower():
        return k + 1
    return k


def _chunk(toks: list[tuple[int, int, str]], i: int, depth: int = 0) -> tuple[int, str] | None:
    """The noun phrase starting at token i: (end index, kind), or None."""
    word = toks[i][2]
    lower = word.lower()
    if lower in PRONOUNS and not (lower == "her" and i + 1 < len(toks) and _is_word(toks[i + 1][2])):
        return i + 1, "pronoun"
    if lower in _DETERMINERS:
        k = i + 1
        while k < len(toks) and k - i <= 6 and _is_word(toks[k][2]) and toks[k][2] not in _COMPLEMENT:
            k += 1
        if k == i + 1 and not (k < len(toks) and toks[k][2] == "of"):
            return None
        kind = "phrase"
        k = _participle(toks, k)
    elif _is_name(word):
        k, kind = _name_run(toks, i), "name"
    elif word[0].islower() and _is_word(word) and word not in _COMPLEMENT:
        k = i + 1
        while k < len(toks) and k - i < 4 and toks[k][2][0].islower() and _is_word(toks[k][2]):
            if toks[k][2] in _COMPLEMENT:
                break
            k += 1
        kind = "phrase"
        k = _participle(toks, k)
        if k < len(toks) and _is_name(toks[k][2]):
            k, kind = _name_run(toks, k), "name"
    else:
        return None
    if kind == "phrase" and depth == 0 and k + 1 < len(toks) and toks[k][2] in _COMPLEMENT:
        sub = _chunk(toks, k + 1, depth + 1)
        if sub is not None and sub[1] != "pronoun":
            k = sub[0]
    return k, kind


def source_after(text: str, start: int, end: int) -> Source | None:
    """The noun phrase that begins `text[start:end]` (after a cue: said Maria Lopez, according to police)."""
    toks = _tokens(text, start, end)
    if not toks:
        return None
    found = _chunk(toks, 0)
    if found is None:
        return None
    k, kind = found
    return toks[0][0], toks[k - 1][1], kind


_SUBJECT_TAIL_RE = re.compile(
    r"\s*(?:,(?P<apposition>[^,\n]{1,80}),)?\s*"
    r"(?:(?:also|later|then|again|once|had|has|have|was|were|is|are|would|will|could|did|does|do|previously"
    r"|earlier|recently|simply|only|now|\w+ly)\s+)*"
)
# Openings of a sentence before its subject: "In a letter to parents, ...", "Asked about it, ...", "But ...".
_LEADING = word_set(
    "In On At After Before During Asked Speaking Later Earlier Meanwhile Separately Writing Talking"
    " Responding Addressing Interviewed Yesterday Today Last Still Afterwards"
)
_CONJUNCTIONS = word_set("But And Yet So However Instead Now Then Also")


def _skip_opening(text: str, start: int, end: int) -> int:
    """Where the subject may begin once an opening phrase or conjunction is passed over."""
    toks = _tokens(text, start, end)
    if not toks:
        return start
    if toks[0][2] in _CONJUNCTIONS:
        rest = toks[2:] if len(toks) > 1 and toks[1][2] == "," else toks[1:]
        return rest[0][0] if rest else end
    if toks[0][2] in _LEADING:
        for tok in toks:
            if tok[2] == ",":
                return tok[1]
        return toks[1][0] if len(toks) > 1 else end
    return start


def subject_of_cue(text: str, start: int, end: int) -> Source | None:
    """The subject when `text[start:end]`, just before a cue, is a subject and nothing else.

    It may open with a phrase passed over ("In a statement, the ministry said"), carry an apposition
    ("Maria Lopez, the water director, said") and end with adverbs or auxiliaries ("later", "has").
    When the subject is a descriptive phrase and its apposition a name, the name is the source
    ("the council's transport lead, Cllr Ben Achebe, said").
    """
    start = _skip_opening(text, start, end)
    toks = _tokens(text, start, end)
    if not toks:
        return None
    found = _chunk(toks, 0)
    if found is None:
        return None
    k, kind = found
    subject = (toks[0][0], toks[k - 1][1], kind)
    tail = _SUBJECT_TAIL_RE.fullmatch(text, subject[1], end)
    if tail is None:
        return None
    if tail.group("apposition") and kind == "phrase":
        named = source_after(text, tail.start("apposition"), tail.end("apposition"))
        if named is not None and named[2] == "name":
            return named
    return subject
