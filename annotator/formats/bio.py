"""BIO tagging of a document's spans over our tokens, shared by the CoNLL and Hugging Face writers.

A BIO sequence holds one label per token: relations, span attributes and
discontinuous spans are left out and counted (see `carry`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ValidationResult, WriteStats
from annotator.formats.carry import attributes_dropped, continuous
from annotator.formats.checks import non_overlapping, unique_spans
from annotator.formats.tokenize import Token, span_boundaries, token_range, tokenize


def bio_tags(record: AnnotatedDocument, stats: WriteStats, fmt: str) -> tuple[list[Token], list[str]]:
    """Tokens and their BIO tags; spans a BIO sequence cannot hold are counted in `stats`."""
    text = record.document.text
    spans = unique_spans(continuous(record.spans, stats, fmt), stats)
    kept = non_overlapping(spans, stats, f"{fmt} cannot hold overlapping or nested spans")
    tokens = tokenize(text, span_boundaries((s.start, s.end) for s in kept))
    starts = [t[1] for t in tokens]
    tags = ["O"] * len(tokens)
    for s in kept:
        found = token_range(tokens, starts, s.start, s.end)
        if found is None:
            stats.drop(s.label, "the span covers white space only, no token")
            continue
        first, last = found
        tags[first] = f"B-{s.label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{s.label}"
        stats.spans += 1
        stats.labels[s.label] += 1
        attributes_dropped([s], stats, fmt)
    for r in record.relations:
        stats.drop(r.label, f"{fmt} holds no relations")
    return tokens, tags


def check_bio(
    result: ValidationResult,
    where: str,
    tags: Sequence[str],
    labels: Collection[str] | None,
) -> None:
    """Record malformed tags (I- without a B- of its label) and unknown labels; count the spans."""
    previous = "O"
    for i, tag in enumerate(tags):
        if tag == "O":
            previous = tag
            continue
        w = f"{where}, token {i + 1}"
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or not label:
            result.add(w, f"tag {tag!r} is not O, B-LABEL or I-LABEL")
            previous = "O"
            continue
        if labels is not None and label not in labels:
            result.add(w, f"unknown label {label!r} (known labels: {', '.join(labels) or 'none'})")
        if prefix == "I" and previous[2:] != label:
            result.add(w, f"tag {tag!r} continues no {label} span (no B-{label} before it)")
        if prefix == "B":
            result.spans += 1
        previous = tag
