"""Tokens as columns (token_columns) are exactly the tokenizer's tuples: words, cuts, white space, token ranges."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats import token_columns as C
from annotator.formats import tokenize as T
from tests.formats.test_tokenize_fast import PIECES


def _text(rng: random.Random) -> str:
    return "".join(
        rng.choice(PIECES) + rng.choice([" ", " ", " ", "", "\n", "  "]) for _ in range(rng.randrange(0, 30))
    )


def _check(text: str, cuts: list[int], starts_at: list[int], ends_at: list[int]) -> None:
    tokens = T.tokenize(text, cuts)
    texts, starts, ends = C.words(text, cuts)
    assert list(zip(texts, starts, ends, strict=True)) == tokens, (text, cuts)
    for a in range(len(text) + 1):
        for b in (a + 1, a + 3, len(text)):
            assert C.token_span(starts, ends, a, b) == T.token_range(tokens, starts, a, b), (text, a, b)
    base = T.base_tokens(text)
    columns = C.base_columns(text)
    assert list(zip(*columns, strict=True)) == base
    want, want_inside = T.cut_tokens(text, base, starts_at, ends_at)
    (texts, starts, ends, spaces), inside = C.spaced(text, columns, starts_at, ends_at)
    assert list(zip(texts, starts, ends, spaces, strict=True)) == want, (text, starts_at, ends_at)
    assert inside == want_inside


def test_columns_of_varied_texts_are_the_tokenizers() -> None:
    rng = random.Random(11)
    for _ in range(1500):
        text = _text(rng)
        edges = [rng.randrange(0, len(text) + 1) for _ in range(6)]
        _check(text, sorted(set(edges[:4])), edges[:3], edges[3:])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=20).map(" ".join),
    st.lists(st.integers(0, 200), max_size=5),
    st.lists(st.integers(0, 200), max_size=4),
)
def test_any_text_of_known_pieces_gives_the_same_columns(text: str, cuts: list[int], more: list[int]) -> None:
    cuts = [c for c in cuts if c <= len(text)]
    more = [c for c in more if c <= len(text)]
    _check(text, cuts, cuts[:2] + more[:2], cuts[2:] + more[2:])


def test_spacy_columns_are_its_tokens() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    rng = random.Random(5)
    for _ in range(300):
        doc = nlp.tokenizer(_text(rng))
        assert list(zip(*C.spacy_columns(doc), strict=True)) == [
            (t.idx, t.idx + len(t), bool(t.whitespace_)) for t in doc
        ]
