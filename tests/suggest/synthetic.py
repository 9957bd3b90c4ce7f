"""A synthetic news corpus whose SOURCE and CUE spans follow learnable cues, for training tests and benchmarks.

Names are made of random syllables (so a model cannot learn them by heart) and appear both as
sources (next to a reporting verb) and in other roles (visiting, meeting, a street named after
them), so a model has to learn the context, not the capital letters. Each document has an outlet.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from annotator.core.types import AnnotatedDocument, DocStatus, Document, Origin, Span

SYLLABLES = ["ka", "lo", "mi", "ran", "te", "vo", "su", "del", "ar", "no", "bre", "ix", "ul", "pa", "zor"]
TITLES = ["Mayor", "Minister", "Dr.", "Councillor", "Professor", "Inspector"]
OUTLETS = [f"Outlet {i}" for i in range(12)]
# Reporting verbs (a CUE) and other verbs used in the very same frames (not a CUE): a few real
# ones, then made-up words, drawn with a long-tailed frequency, so which verb reports speech has
# to be learnt word by word and a model trained on few documents has seen the common ones only.
_MADE_UP = random.Random(13)


def _made_up_verbs(n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        word = (
            "".join(
                _MADE_UP.choice(["ka", "lo", "mi", "te", "vo", "su", "ar", "no", "pa", "ri"])
                for _ in range(3)
            )
            + "ed"
        )
        if word not in out:
            out.append(word)
    return out


MADE_UP = 400  # made-up verbs of each kind
_VERBS = _made_up_verbs(2 * MADE_UP)
CUES = ["said", "told reporters", "added", "warned", "claimed", "noted", "explained", "stated"]  # fmt: skip
CUES += _VERBS[:MADE_UP]
OTHER_VERBS = ["hoped", "doubted", "forgot", "noticed", "feared", "guessed", "wished", "assumed"]  # fmt: skip
OTHER_VERBS += _VERBS[MADE_UP:]
assert not set(CUES) & set(OTHER_VERBS)
ORGS = [
    "port authority",
    "health ministry",
    "fire brigade",
    "water board",
    "chamber of commerce",
    "rail union",
]
FILLER = [
    "The council voted on Thursday to build a flood wall along the harbour.",
    "Residents said the water reached the second step of the church.",
    "The plan still needs the approval of the regional assembly.",
    "Shops on the quay have been closed since Monday.",
    "Insurers paid out more than in the previous five years combined.",
    "Engineers inspected the old wall after the storm.",
]
CLAIMS = [
    "the wall will be finished by the spring",
    "the budget cannot grow any further",
    "families deserve better protection",
    "the pumps failed twice last winter",
    "nobody was hurt in the flooding",
]


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def _zipf(rng: random.Random, items: list[str]) -> str:
    return rng.choices(items, weights=[1 / (rank + 1) ** 0.6 for rank in range(len(items))])[0]


def _person(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return f"a spokesperson for the {rng.choice(ORGS)}"
    name = _name(rng)
    return f"{rng.choice(TITLES)} {name}" if rng.random() < 0.5 else name


def _sentence(rng: random.Random) -> tuple[str, list[tuple[str, int, int]]]:
    """One sentence and its spans (label, start, end) within it.

    Each frame comes with a reporting verb (coded: the verb a CUE, the person a SOURCE) or, as
    often, with another verb (nothing coded), so only the verb tells them apart.
    """
    person, claim = _person(rng), rng.choice(CLAIMS)
    reports = rng.random() < 0.5
    verb = _zipf(rng, CUES) if reports else _zipf(rng, OTHER_VERBS)
    cue, source = ("CUE", "SOURCE") if reports else (None, None)
    parts: list[tuple[str, str | None]]
    kind = rng.randrange(5)
    if kind == 0:
        parts = [(f'"{claim.capitalize()}," ', None), (verb, cue), (" ", None), (person, source), (".", None)]
    elif kind == 1:
        parts = [(person.capitalize(), source), (" ", None), (verb, cue), (f" that {claim}.", None)]
    elif kind == 2:
        parts = [
            (person.capitalize(), source),
            (" ", None),
            (verb, cue),
            (f': "{claim.capitalize()}."', None),
        ]
    elif kind == 3:
        parts = [
            (f"{claim.capitalize()}, ", None),
            ("according to", "CUE"),
            (" ", None),
            (person, "SOURCE"),
            (".", None),
        ]
    else:
        parts = [(rng.choice(FILLER), None)]
    text, spans, at = "", [], 0
    for piece, label in parts:
        if label is not None:
            spans.append((label, at, at + len(piece)))
        text += piece
        at += len(piece)
    return text, spans


def synthetic_documents(n: int, seed: int = 0, annotator: str = "ana") -> Iterator[AnnotatedDocument]:
    """n documents of 4 to 8 sentences, coded (SOURCE, CUE) and marked done by `annotator`."""
    rng = random.Random(seed)
    for i in range(n):
        text, spans = "", []
        for _ in range(rng.randint(4, 8)):
            sentence, found = _sentence(rng)
            if text:
                text += " "
            spans += [(label, len(text) + a, len(text) + b) for label, a, b in found]
            text += sentence
        coded = tuple(Span(a, b, label, annotator=annotator, origin=Origin.IMPORTED) for label, a, b in spans)
        meta = {"outlet": OUTLETS[i % len(OUTLETS)]}
        yield AnnotatedDocument(
            Document(text=text, title=f"doc {i}", meta=meta), coded, status=DocStatus.DONE
        )
