"""The BIO check that looks only at tagged tokens reports what the token-by-token check reported, and bio_columns tags as bio_tags did."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.formats.base import ValidationResult, WriteStats
from annotator.formats.bio import bio_columns, check_bio
from annotator.formats.tokenize import span_boundaries, token_range, tokenize


def _reference(
    result: ValidationResult, where: str, tags: Sequence[str], labels: Collection[str] | None
) -> None:
    """check_bio as it was, one token at a time."""
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


def test_the_sparse_check_reports_what_the_full_one_did() -> None:
    rng = random.Random(3)
    choices = ["O", "O", "O", "B-X", "I-X", "B-Y", "I-Y", "I-Z", "B-", "X-Y", "I-X-Y", "B-X-Y", "B", "I"]
    for _ in range(5000):
        tags = [rng.choice(choices) for _ in range(rng.randrange(0, 12))]
        labels = rng.choice([None, ("X",), ("X", "Y", "X-Y")])
        fast, slow = ValidationResult("t"), ValidationResult("t")
        check_bio(fast, "here", tags, labels)
        _reference(slow, "here", tags, labels)
        assert (fast.problems, fast.spans) == (slow.problems, slow.spans), tags


def test_bio_columns_tag_as_before() -> None:
    text = "Mayor J. Smith said: the wall (built 1999) won't hold, in  two\nlines."
    spans = (
        Span(0, 14, "SOURCE"),
        Span(21, 29, "CLAIM"),
        Span(26, 41, "CLAIM"),  # overlaps: dropped
        Span(30, 35, "CLAIM"),  # inside a token: the tokens are cut
        Span(len(text) - 6, len(text), "SOURCE"),
    )
    record = AnnotatedDocument(Document(text), spans)
    tagged = bio_columns(record, WriteStats(), "t")
    kept = [s for s in spans if s.start != 26]
    tokens = tokenize(text, span_boundaries((s.start, s.end) for s in kept))
    assert list(zip(tagged.texts, tagged.starts, tagged.ends, strict=True)) == tokens
    starts = [t[1] for t in tokens]
    tags = ["O"] * len(tokens)
    for s in kept:
        found = token_range(tokens, starts, s.start, s.end)
        assert found is not None
        tags[found[0] : found[1] + 1] = [f"B-{s.label}"] + [f"I-{s.label}"] * (found[1] - found[0])
    assert tagged.tags == tags
    assert tagged.tagged == [i for i, t in enumerate(tags) if t != "O"]
