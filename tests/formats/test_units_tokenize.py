"""UTF-16 <-> code point conversion and the deterministic tokenizer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.errors import ValidationError
from annotator.formats.tokenize import spacy_tokens, tokenize
from annotator.formats.units import Utf16Offsets, unit_name, utf16_span_to_code_points

from .conftest import corpus


def test_utf16_offsets_count_astral_characters_twice() -> None:
    text = "a😀b🇫🇷c"
    conv = Utf16Offsets(text)
    assert [conv.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    assert conv.utf16_length == len(text.encode("utf-16-le")) // 2
    assert conv.to_code_point(3) == 2


@pytest.mark.parametrize("unit", [2, 5, 7])
def test_an_offset_inside_a_surrogate_pair_is_refused(unit: int) -> None:
    conv = Utf16Offsets("a😀b🇫🇷c")
    with pytest.raises(ValueError, match="splits the surrogate pair"):
        conv.to_code_point(unit)
    with pytest.raises(ValidationError, match=r"line 3: span \[0, \d\) in UTF-16 units"):
        utf16_span_to_code_points(conv, 0, unit, "f.jsonl: line 3")


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_utf16_round_trip_matches_javascript_lengths(text: str) -> None:
    conv = Utf16Offsets(text)
    for i in range(len(text) + 1):
        unit = conv.to_utf16(i)
        assert unit == len(text[:i].encode("utf-16-le")) // 2
        assert conv.to_code_point(unit) == i


def test_unit_names() -> None:
    assert unit_name("UTF-16") == "utf16"
    assert unit_name("codepoints") == "codepoints"
    with pytest.raises(ValidationError, match="grapheme"):
        unit_name("graphemes")


def test_tokens_keep_marks_emoji_sequences_and_flags_whole() -> None:
    text = "cafe\u0301 👩\u200d🔬 👍🏽 🇫🇷🇩🇪 北京 שלום, ok."
    words = [t[0] for t in tokenize(text)]
    assert words == ["cafe\u0301", "👩\u200d🔬", "👍🏽", "🇫🇷", "🇩🇪", "北京", "שלום", ",", "ok", "."]


def test_tokens_are_cut_at_span_boundaries() -> None:
    assert [t[0] for t in tokenize("Elmford's mayor")] == ["Elmford", "'s", "mayor"]
    assert [t[0] for t in tokenize("Elmford's mayor", [3, 8])] == ["Elm", "ford", "'", "s", "mayor"]


@given(st.text(max_size=60), st.lists(st.integers(0, 60), max_size=6))
def test_spacy_tokens_rebuild_the_text_and_align_every_cut(text: str, raw_cuts: list[int]) -> None:
    cuts = [c for c in raw_cuts if c <= len(text)]
    tokens = spacy_tokens(text, cuts, cuts)
    assert "".join(t[0] + (" " if t[3] else "") for t in tokens) == text
    edges = {t[1] for t in tokens} | {t[2] for t in tokens} | {len(text)} | {0}
    assert set(cuts) <= edges
    for word, start, end, _ws in tokens:
        assert text[start:end] == word


def test_every_fixture_span_is_whole_tokens() -> None:
    for record in corpus():
        text = record.document.text
        starts = [s.start for s in record.spans]
        ends = [s.end for s in record.spans]
        tokens = spacy_tokens(text, starts, ends)
        edges = {t[1] for t in tokens} | {t[2] for t in tokens}
        assert set(starts) | set(ends) <= edges
