"""What a format without discontinuous spans, span attributes or relations leaves out, counted in the export report.

doccano, Prodigy, CoNLL and Hugging Face hold a span as one range: a span of
several fragments is left out whole (its hull would claim the words between
its pieces, e.g. the cue inside a split quote) and counted, and so is every
relation whose head or tail it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.types import Relation, Span
from annotator.formats.base import WriteStats


def continuous(spans: Iterable[Span], stats: WriteStats, fmt: str) -> list[Span]:
    """The spans of one piece; each discontinuous span is counted as dropped."""
    kept: list[Span] = []
    for s in spans:
        if s.fragments:
            stats.drop(
                s.label,
                f"{fmt} has no discontinuous spans (this one has {len(s.fragments)} fragments; "
                "the attributions, spacy, brat, labelstudio and jsonl exports keep them)",
            )
            continue
        kept.append(s)
    return kept


def attributes_dropped(spans: Iterable[Span], stats: WriteStats, fmt: str) -> None:
    """Count every attribute of the written spans as dropped, as `LABEL.attribute`."""
    for s in spans:
        for name in s.attributes:
            stats.drop(f"{s.label}.{name}", f"{fmt} holds no span attributes")


def linked(
    relations: Iterable[Relation], all_spans: Sequence[Span], kept: Iterable[str], stats: WriteStats, fmt: str
) -> list[Relation]:
    """The relations between kept spans; the others are counted, naming why their span is missing."""
    kept_ids = set(kept)
    pieces = {s.id for s in all_spans if s.fragments}
    out: list[Relation] = []
    for r in relations:
        if r.head in kept_ids and r.tail in kept_ids:
            out.append(r)
        elif r.head in pieces or r.tail in pieces:
            stats.drop(r.label, f"its head or tail is a discontinuous span, which {fmt} cannot hold")
        else:
            stats.drop(r.label, "its head or tail span was merged with an identical one")
    return out
