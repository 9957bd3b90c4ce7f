"""Checks shared by the validators and writers: span ranges, quoted text, labels, duplicates."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from annotator.core.types import Span
from annotator.formats.base import ValidationResult, WriteStats

SpanKey = tuple[int, int, str, str | None]


def check_span(
    result: ValidationResult,
    where: str,
    text: str,
    start: Any,
    end: Any,
    label: Any,
    *,
    quoted: Any = None,
    labels: Collection[str] | None = None,
    seen: set[SpanKey] | None = None,
    annotator: str | None = None,
    describe: bool = True,
) -> bool:
    """Record every problem of one code-point span; True when it has none."""
    ints = type(start) is int and type(end) is int
    if (
        ints
        and type(label) is str
        and label
        and 0 <= start < end <= len(text)
        and (quoted is None or quoted == text[start:end])
        and (labels is None or label in labels)
    ):
        # The common case: nothing to report but a duplicate, so no message is made.
        if seen is not None:
            key = (start, end, label, annotator)
            if key in seen:
                where = f"{where} [{start}, {end}) {label!r}" if describe else where
                result.add(where, "duplicate span (same offsets, label and annotator)", kind="duplicate")
                return False
            seen.add(key)
        return True
    before = len(result.problems)
    if describe:
        where = f"{where} [{start}, {end}) {label!r}"
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
    if not ints:
        result.add(where, "start and end must be whole numbers")
    elif not 0 <= start < end <= len(text):
        result.add(where, f"offsets are not a non-empty range inside the text (length {len(text)})")
    elif quoted is not None and quoted != text[start:end]:
        result.add(where, f"span text {quoted!r} differs from the text at its offsets {text[start:end]!r}")
    if not isinstance(label, str) or not label:
        result.add(where, "label must be non-empty text")
    elif labels is not None and label not in labels:
        result.add(where, f"unknown label (known labels: {', '.join(labels) or 'none'})")
    if seen is not None and ints and isinstance(label, str):
        key = (start, end, label, annotator)
        if key in seen:
            result.add(where, "duplicate span (same offsets, label and annotator)", kind="duplicate")
        seen.add(key)
    return len(result.problems) == before


# Where each JSON format keeps its spans (or tags), to tell a file checked as the wrong format.
SPAN_KEYS: dict[str, tuple[str, ...]] = {
    "jsonl": ("spans",),
    "doccano": ("label", "entities"),
    "prodigy": ("spans", "relations"),
    "labelstudio": ("annotations", "predictions"),
    "hf": ("ner_tags",),
}
ALL_SPAN_KEYS = frozenset(k for keys in SPAN_KEYS.values() for k in keys)


def check_span_keys(result: ValidationResult, path: object, seen: set[str]) -> None:
    """Report a file whose spans sit under another format's keys only: none was checked, so it is no pass.

    `seen` holds the keys of ALL_SPAN_KEYS that some line has. A file with
    neither its own nor another format's span keys (plain texts) passes.
    """
    own = SPAN_KEYS[result.format]
    other = sorted(seen.difference(own))
    if result.documents and seen.isdisjoint(own) and other:
        names = " or ".join(repr(k) for k in own)
        result.add(
            str(path),
            f"no line has {names}, where {result.format} keeps its spans, so no span was checked "
            f"(its lines have {', '.join(repr(k) for k in other)}: is it another format? "
            f"--format auto tells from the content)",
        )


def unique_spans(spans: Iterable[Span], stats: WriteStats, *, fragments: bool = False) -> list[Span]:
    """Spans with distinct (start, end, label), for formats that do not record the annotator.

    With `fragments`, for formats that keep a span's pieces, spans with the same hull
    but different fragments are distinct.
    """
    seen: set[tuple[int, int, str, tuple[tuple[int, int], ...]]] = set()
    out: list[Span] = []
    for s in spans:
        key = (s.start, s.end, s.label, s.fragments if fragments else ())
        if key in seen:
            stats.drop(s.label, "the same text with the same label by another annotator (merged)")
            continue
        seen.add(key)
        out.append(s)
    return out


def non_overlapping(spans: Iterable[Span], stats: WriteStats, fmt_reason: str) -> list[Span]:
    """A greedy non-overlapping subset (earliest start, then longest first); the rest counted as dropped."""
    kept: list[Span] = []
    reach = -1
    for s in sorted(spans, key=lambda s: (s.start, -s.end, s.label)):
        if s.start < reach:
            stats.drop(s.label, fmt_reason)
            continue
        kept.append(s)
        reach = s.end
    return kept
