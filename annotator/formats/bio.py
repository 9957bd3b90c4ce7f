"""BIO tagging of a document's spans over our tokens, shared by the CoNLL and Hugging Face writers.

A BIO sequence holds one label per token: relations, span attributes and
discontinuous spans are left out and counted (see `carry`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import compress, count, groupby

from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ValidationResult, WriteStats
from annotator.formats.carry import attributes_dropped, continuous
from annotator.formats.checks import non_overlapping, unique_spans
from annotator.formats.token_columns import token_span, words
from annotator.formats.tokenize import Token, span_boundaries


def bio_tags(record: AnnotatedDocument, stats: WriteStats, fmt: str) -> tuple[list[Token], list[str]]:
    """Tokens and their BIO tags; spans a BIO sequence cannot hold are counted in `stats`."""
    tagged = bio_columns(record, stats, fmt)
    return list(zip(tagged.texts, tagged.starts, tagged.ends, strict=True)), tagged.tags


class Tagged:
    """A document's tokens as columns with their BIO tags.

    Attributes:
        texts, starts, ends: the tokens (no white space), cut at the kept spans' edges.
        tags: "O", "B-LABEL" or "I-LABEL" per token.
        tagged: the indices of the tokens not tagged "O", in order.
    """

    __slots__ = ("ends", "starts", "tagged", "tags", "texts")

    def __init__(
        self, texts: list[str], starts: list[int], ends: list[int], tags: list[str], tagged: list[int]
    ) -> None:
        self.texts, self.starts, self.ends, self.tags, self.tagged = texts, starts, ends, tags, tagged


def bio_columns(record: AnnotatedDocument, stats: WriteStats, fmt: str) -> Tagged:
    """`bio_tags` as columns, without a Python step per token; spans a BIO sequence cannot hold are counted."""
    spans = unique_spans(continuous(record.spans, stats, fmt), stats)
    kept = non_overlapping(spans, stats, f"{fmt} cannot hold overlapping or nested spans")
    texts, starts, ends = words(record.document.text, span_boundaries((s.start, s.end) for s in kept))
    tags = ["O"] * len(texts)
    tagged: list[int] = []
    for s in kept:
        found = token_span(starts, ends, s.start, s.end)
        if found is None:
            stats.drop(s.label, "the span covers white space only, no token")
            continue
        first, last = found
        tags[first] = f"B-{s.label}"
        if last > first:
            tags[first + 1 : last + 1] = [f"I-{s.label}"] * (last - first)
        tagged += range(first, last + 1)
        stats.spans += 1
        stats.labels[s.label] += 1
        attributes_dropped([s], stats, fmt)
    for r in record.relations:
        stats.drop(r.label, f"{fmt} holds no relations")
    return Tagged(texts, starts, ends, tags, tagged)


def check_bio(
    result: ValidationResult,
    where: str,
    tags: Sequence[str],
    labels: Collection[str] | None,
) -> None:
    """Record malformed tags (I- without a B- of its label) and unknown labels; count the spans."""
    if _well_formed(result, tags, labels):
        return
    for i in compress(count(), map("O".__ne__, tags)):  # only the tagged tokens: most are O
        tag = tags[i]
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or not label:
            result.add(f"{where}, token {i + 1}", f"tag {tag!r} is not O, B-LABEL or I-LABEL")
            continue
        if labels is not None and label not in labels:
            result.add(
                f"{where}, token {i + 1}",
                f"unknown label {label!r} (known labels: {', '.join(labels) or 'none'})",
            )
        if prefix == "B":
            result.spans += 1
            continue
        before = tags[i - 1] if i else "O"
        if before[2:] != label or before[:2] not in ("B-", "I-"):  # no B- or I- of its label before it
            result.add(
                f"{where}, token {i + 1}", f"tag {tag!r} continues no {label} span (no B-{label} before it)"
            )


def _well_formed(result: ValidationResult, tags: Sequence[str], labels: Collection[str] | None) -> bool:
    """True (and the spans counted) when the tags have nothing to report, looking at each run of one tag once."""
    spans = 0
    previous = ""  # the label the run before carries on
    for tag, run in groupby(tags):
        if tag == "O":
            previous = ""
            continue
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or not label or (labels is not None and label not in labels):
            return False
        if prefix == "B":
            spans += len(list(run))
        elif previous != label:
            return False
        previous = label
    result.spans += spans
    return True
