"""A fixed corpus for the byte-for-byte export test: every fixture article, with ids that do not change between runs.

It gathers the hard cases of the other format fixtures (emoji, CJK, CRLF,
overlapping and nested spans, spans cutting spaCy tokens, fragments,
attributes, notes, relations, document values, statuses, suggestions), a few
articles of the benchmark corpus, and texts with paragraphs, tabs, runs of
white space and white space at either end. Span and relation ids are fixed,
so two exports of it are the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import replace

from annotator.core.types import AnnotatedDocument, DocStatus, Document, Span
from tests.benchmarks.corpus import article
from tests.formats import codebook_corpus, conftest, tokens_corpus


def _fixed(records: list[AnnotatedDocument], prefix: str) -> list[AnnotatedDocument]:
    """The records with span and relation ids numbered in order, relations pointing at the new ids."""
    out = []
    for i, rec in enumerate(records):
        ids = {s.id: f"{prefix}{i}s{k}" for k, s in enumerate(rec.spans)}
        spans = tuple(replace(s, id=ids[s.id]) for s in rec.spans)
        rels = tuple(
            replace(r, id=f"{prefix}{i}r{k}", head=ids[r.head], tail=ids[r.tail])
            for k, r in enumerate(rec.relations)
        )
        out.append(replace(rec, spans=spans, relations=rels))
    return out


def _white_space() -> list[AnnotatedDocument]:
    """Paragraphs, tabs, double spaces, a leading and a trailing space, a span right after a line break."""
    texts = [
        "  The council met.\n\nThe mayor said the wall will hold.\nCritics disagree.  ",
        "Tabs\tbetween words, said the  two spaces; then a line\r\nbreak and the end.",
        "One line.\n\n\nThree breaks before this claim, said the clerk. ",
        ' Starts with a space: "We won\'t," she said.\u2028Next line\u00a0here.',
    ]
    out = []
    for n, t in enumerate(texts):
        claim_at = t.index("the") if "the" in t else 0
        spans = [
            Span(claim_at, claim_at + 9, "CLAIM", annotator="alice"),
            Span(t.index("said"), t.index("said") + 4, "SOURCE", annotator="bob"),
        ]
        if "\n" in t:
            after = t.rindex("\n") + 1
            spans.append(Span(after, after + 4, "CLAIM", annotator="alice"))
        status = (DocStatus.DONE, DocStatus.SKIPPED, DocStatus.IN_PROGRESS, DocStatus.TODO)[n]
        out.append(
            AnnotatedDocument(
                Document(t, f"Spacing {n}", f"ws-{n}", {"outlet": "Valley Post"}), tuple(spans), (), status
            )
        )
    return out


def _bench(n: int) -> list[AnnotatedDocument]:
    """The first n articles of the benchmark corpus."""
    rng = random.Random(42)
    out = []
    for i in range(n):
        obj = article(rng, i)
        text = str(obj["text"])
        spans = tuple(
            Span(int(s["start"]), int(s["end"]), str(s["label"]))
            for s in obj["spans"]  # type: ignore[attr-defined]
        )
        out.append(
            AnnotatedDocument(Document(text, str(obj["title"]), str(obj["id"]), {"outlet": "o"}), spans)
        )
    return out


def plain() -> list[AnnotatedDocument]:
    """The corpus of the project with the default codebook (labels added on import)."""
    records = [*conftest.corpus(), *tokens_corpus.with_cut(), *_white_space(), *_bench(12)]
    return _fixed(records, "p")


def coded() -> list[AnnotatedDocument]:
    """The corpus of the project with the codebook of `codebook_corpus` (attributes, fragments, values)."""
    return _fixed(codebook_corpus.corpus(), "c")
