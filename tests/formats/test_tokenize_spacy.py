"""The built-in tokenizer against spaCy's English tokenizer: fictional news, random news-like text, the tables.

Every difference is reported; the only ones accepted are named in ACCEPTED with
the reason. The export writers' use of spaCy itself is tested here too: one
pipeline per language, and each document tokenized once.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.formats import export_tokens
from annotator.formats.base import WriteStats
from annotator.formats.tokenize import base_tokens
from annotator.formats.tokenizer_exceptions import special_cases
from annotator.formats.tokenizer_rules import rules, words
from annotator.project import Workspace

spacy = pytest.importorskip("spacy")

CORPUS = Path(__file__).parent / "data" / "news_sentences.txt"
Tok = tuple[int, int, bool]


def _emoji_joint(text: str, i: int) -> bool:
    """True when a cut before text[i] would part an emoji sequence, a flag, or a character from its mark."""
    c, before = text[i], text[i - 1]
    if before == "\u200d" or c in "\u200c\u200d" or unicodedata.category(c).startswith("M"):
        return True  # a zero-width joiner, a combining mark or a variation selector (U+FE0F)
    if 0x1F3FB <= ord(c) <= 0x1F3FF or 0xE0020 <= ord(c) <= 0xE007F:
        return True  # a skin tone, the tag characters of a subdivision flag
    flag_letter = lambda ch: 0x1F1E6 <= ord(ch) <= 0x1F1FF  # noqa: E731
    run = 0
    while i - run - 1 >= 0 and flag_letter(text[i - run - 1]):
        run += 1
    return flag_letter(c) and run % 2 == 1  # the second letter of a flag


def _emoji_kept_whole(text: str, ours: list[Tok], theirs: list[Tok]) -> bool:
    """Our tokens are spaCy's with only the cuts inside emoji sequences taken out."""
    our_cuts = {a for a, _, _ in ours[1:]}
    their_cuts = {a for a, _, _ in theirs[1:]}
    return (
        our_cuts <= their_cuts
        and ours[-1][1:] == theirs[-1][1:]
        and all(_emoji_joint(text, i) for i in their_cuts - our_cuts)
    )


ACCEPTED: dict[str, tuple[str, Callable[[str, list[Tok], list[Tok]], bool]]] = {
    "emoji-sequence": (
        "spaCy cuts an emoji from its skin tone, variation selector or tag characters, at each "
        "zero-width joiner, and a flag into its two letters; the built-in tokenizer keeps each "
        "sequence one token (a lone joiner or flag letter means nothing, and no span edge belongs "
        "inside one). The same rule keeps a combining mark with the character before it.",
        _emoji_kept_whole,
    ),
}


def _spacy_tokens(text: str) -> list[Tok]:
    return [(t.idx, t.idx + len(t), bool(t.whitespace_)) for t in _nlp().make_doc(text)]


@functools.cache
def _nlp() -> Any:
    return spacy.blank("en")


def _differences(text: str) -> list[tuple[list[Tok], list[Tok]]]:
    """The stretches of `text` the two tokenizers split differently: (ours, spaCy's) tokens of each."""
    ours, theirs = base_tokens(text), _spacy_tokens(text)
    out: list[tuple[list[Tok], list[Tok]]] = []
    i = j = 0
    while i < len(ours) and j < len(theirs):
        if ours[i] == theirs[j]:
            i, j = i + 1, j + 1
            continue
        a, b = i, j
        reach = lambda t: t[1] + t[2]  # noqa: E731 - the end, with its trailing space
        end_ours, end_theirs = reach(ours[i]), reach(theirs[j])
        i, j = i + 1, j + 1
        while end_ours != end_theirs:
            if end_ours < end_theirs:
                end_ours, i = reach(ours[i]), i + 1
            else:
                end_theirs, j = reach(theirs[j]), j + 1
        out.append((ours[a:i], theirs[b:j]))
    assert i == len(ours) and j == len(theirs), text  # both cover the whole text
    return out


def _report(texts: list[str]) -> tuple[list[str], list[str], set[str]]:
    """Every difference, as (accepted with its exception's name, not accepted), and the names used."""
    accepted: list[str] = []
    wrong: list[str] = []
    used: set[str] = set()
    for n, text in enumerate(texts, 1):
        for ours, theirs in _differences(text):
            shown = (
                f"text {n}: ours {[text[a:b] for a, b, _ in ours]} spaCy {[text[a:b] for a, b, _ in theirs]}"
            )
            names = [name for name, (_, check) in ACCEPTED.items() if check(text, ours, theirs)]
            if names:
                accepted.append(f"{shown} ({names[0]})")
                used.add(names[0])
            else:
                wrong.append(f"{shown} in {text!r}")
    return accepted, wrong, used


def _sentences() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


def test_the_built_in_tokenizer_splits_fictional_news_as_spacy_does() -> None:
    sentences = _sentences()
    assert len(sentences) >= 200
    accepted, wrong, used = _report([*sentences, "\n".join(sentences), "\n\n".join(sentences)])
    print(f"{len(accepted)} accepted difference(s):", *accepted, sep="\n  ")  # shown with -rP
    assert not wrong, "\n".join(wrong)
    assert used == set(ACCEPTED)  # an exception nothing needs any more is taken out of the list


NEWS_BITS = [
    *words("the The council O'Neill O’Neill isn't It's we'll they’re don't can't won't I'm cannot gonna"),
    *words("3,000 1.2 -0.8 12.5% $ 5 % km 10am 3pm a.m. p.m. Mr. Dr. J. U.S. U.N. Inc. e.g. i.e. vs. No."),
    *words("St. Jan. Sept. Calif. N.Y. Ph.D. ( ) [ ] { } \" “ ” ' ‘ ’ « » „ , . ; : ! ? ¿ ¡ ... … - – — --"),
    *words("/ & * + = < > # @ ^ ~ § ° °C °F. £5m €1.5bn US$ ¥ 1/2 50/50 11-4 2024-05-01 10:30 3x +44 1990s"),
    *words("'90s ’80s rock'n'roll co-op state-of-the-art U.S.-based and/or w/o o'clock y'all :) 8) <3 C++"),
    *words("http://x.example/a?b=1 www.news.example ana@paper.example #tag @user Q&A"),
    *words("café Ærø Łódź İstanbul Nguyễn Þór naïve Straße z.B. Мэр Η 北京 東京 서울 שלום مرحبا"),
    *words("😀 👍 🎉 🔥 🧱 🫠 👍🏽 🇫🇷 👩\u200d🔬 ❤️ 🏳️\u200d🌈"),
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(NEWS_BITS), st.sampled_from(["", "", " ", " ", " ", "  ", "\n", "\n\n", "\t"])
        ),
        min_size=1,
        max_size=12,
    )
)
def test_random_news_like_text_splits_as_spacy_does(bits: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in bits)
    _, wrong, _ = _report([text])
    assert not wrong, "\n".join(wrong)


def test_the_special_cases_are_spacys() -> None:
    from spacy.symbols import ORTH

    theirs = {key: tuple(t[ORTH] for t in parts) for key, parts in _nlp().tokenizer.rules.items()}
    ours = special_cases()
    assert sorted(set(ours) - set(theirs)) == [] and sorted(set(theirs) - set(ours)) == []
    assert [k for k in ours if ours[k] != theirs[k]] == []


def test_the_affix_rules_treat_every_character_as_spacy_does() -> None:
    """Each character (but ideographs and Hangul sampled) in the places where a class decides a split."""
    tokenizer = _nlp().tokenizer
    ours = rules()
    uniform = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF))
    wrong: list[str] = []
    for cp in range(0x20000):
        c = chr(cp)
        if unicodedata.category(c) in ("Cn", "Cs") or (any(a <= cp <= b for a, b in uniform) and cp % 97):
            continue
        for probe in (c, f"{c}.", f"{c}{c}.", f"1{c}"):
            m = ours.suffix.search(probe)
            if (tokenizer.find_suffix(probe) or 0) != (m.end() - m.start() if m else 0):
                wrong.append(f"suffix of {probe!r}")
        m = ours.prefix.match(c)
        if (tokenizer.find_prefix(c) or 0) != (m.end() if m else 0):
            wrong.append(f"prefix {c!r}")
        for probe in (f"a.{c}", f"{c}.A", f"a,{c}", f"{c},a", f"a-{c}", f"{c}-a", f"{c}/a"):
            if [m.span() for m in tokenizer.infix_finditer(probe)] != [
                m.span() for m in ours.infix.finditer(probe)
            ]:
                wrong.append(f"infix in {probe!r}")
        probe = f"x.a{c}"
        if bool(tokenizer.url_match(probe)) != bool(ours.url.match(probe)):
            wrong.append(f"URL {probe!r}")
    assert wrong == []


def test_one_spacy_pipeline_per_language_renewed_when_its_vocabulary_grows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = export_tokens.ExportTokenizer({})
    again = export_tokens.ExportTokenizer({"lang": "en"})
    stats = WriteStats()
    text = "Siobhan O’Neill's 3,000 votes 😀."
    assert first.tokens(text, [], stats) == again.tokens(text, [], stats)
    nlp = export_tokens._pipeline("en")
    assert export_tokens._pipeline("en") is nlp
    assert export_tokens._pipeline("de") is not nlp
    monkeypatch.setattr(export_tokens, "MAX_LEXEMES", len(nlp.vocab) - 1)
    fresh = export_tokens._pipeline("en")
    assert fresh is not nlp and export_tokens._pipeline("en") is fresh


@pytest.mark.parametrize("fmt", ["prodigy", "spacy"])
def test_each_document_is_tokenized_once(
    fmt: str, sqlite_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [f"Mayor J. Smith said {n},000 homes can't wait." for n in range(1, 6)]
    records = [
        AnnotatedDocument(Document(t, external_id=f"d{n}"), (Span(0, 14, "SOURCE"),))
        for n, t in enumerate(texts)
    ]
    sqlite_workspace.import_records("p", records, source="fixtures")
    seen: list[str] = []
    tokenize = export_tokens.ExportTokenizer._spacy

    def counting(self: export_tokens.ExportTokenizer, text: str) -> list[Tok]:
        seen.append(text)
        return tokenize(self, text)

    monkeypatch.setattr(export_tokens.ExportTokenizer, "_spacy", counting)
    sqlite_workspace.export("p", tmp_path / f"out.{fmt}", format=fmt)
    assert sorted(seen) == sorted(texts)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab Z1,.'’-:$%()\n😀🏽\u200d🇫")), max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4),
)
def test_export_tokens_are_spacys_cut_at_span_edges(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [Span(a, b, "X") for a, b in (sorted(p) for p in raw) if b <= len(text) and a < b]
    stats = WriteStats()
    tokens = export_tokens.ExportTokenizer({}).tokens(text, spans, stats)
    assert "".join(t + (" " if ws else "") for t, _, _, ws in tokens) == text
    assert all(text[a:b] == t for t, a, b, _ in tokens)
    theirs = _spacy_tokens(text)
    edges = {e for s in spans for e in (s.start, s.end)}
    # New cuts only at span edges (or before a kept space a span ends just after).
    assert {a for _, a, _, _ in tokens} - {a for a, _, _ in theirs} <= edges | {e - 1 for e in edges}
    assert edges <= {a for _, a, _, _ in tokens} | {b for _, _, b, _ in tokens} | {0}  # every edge a token's
    # A span is counted when an edge falls inside a spaCy token, or it starts on the space a
    # token keeps or ends just after it.
    within = {e for a, b, _ in theirs for e in range(a + 1, b)}
    kept_space = {b for _, b, ws in theirs if ws}
    counted = sum(
        1
        for s in spans
        if s.start in within or s.end in within or s.start in kept_space or s.end - 1 in kept_space
    )
    assert sum(stats.adjusted.values()) == counted
