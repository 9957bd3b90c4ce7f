"""The tokenizer's whole-text layout (tokenize_fast) gives exactly the chunk-by-chunk tokens, white space and cuts included."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats import tokenize as T

PIECES = [
    "Dr.", "don't", "U.S.", "(hello)", "said,", "it's", "e-mail", "http://x.com/a.b", "3.5%", "$100",
    "👍🏽", "🇫🇷🇩🇪", "e\u0301", "can't.", "a", "\n", "\n\n", "  ", "\t", " ", "\u00a0", "\u2028", "—",
    "...", "etc.", "N.Y.", "'s", "O'Neil", "x" * 50, "Mr", "St.", "'", '"', "word", "the", "wall.", "北京",
]  # fmt: skip


def _slow_words(text: str, cuts: list[int]) -> list[tuple[str, int, int]]:
    words = [(a, b, False) for a, b, _ in T._base_tokens(text) if not text[a].isspace()]
    return [(t, a, b) for t, a, b, _ in T.cut_tokens(text, words, cuts, cuts)[0]]


def test_the_layout_of_varied_texts_is_the_tokenizers() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(
            rng.choice(PIECES) + rng.choice([" ", " ", " ", "", "\n", "  "])
            for _ in range(rng.randrange(1, 30))
        )
        assert T.base_tokens(text) == T._base_tokens(text), repr(text)
        cuts = sorted({rng.randrange(0, len(text) + 1) for _ in range(4)})
        assert T.tokenize(text, cuts) == _slow_words(text, cuts), (repr(text), cuts)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=20).map(" ".join), st.lists(st.integers(0, 200), max_size=5)
)
def test_any_text_of_known_pieces_lays_out_alike(text: str, cuts: list[int]) -> None:
    cuts = [c for c in cuts if c <= len(text)]
    assert T.base_tokens(text) == T._base_tokens(text)
    assert T.tokenize(text, cuts) == _slow_words(text, cuts)
