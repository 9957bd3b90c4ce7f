"""Which of the coders' annotations of one article a strategy settles as gold, and how many it leaves.

Pure: it works on one article's codings. A span is its label and pieces; the coders who have
the same span support it. `majority` settles what more than half of the article's coders
have, `unanimous` what all of them have, `coder:NAME` what NAME has. The same rule settles a
settled span's attributes, the document values and the relations whose two ends are gold.
What gold already has is never replaced, and counts as curated.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import Origin, Relation, Span, new_id
from annotator.project.coded import CodedArticle, Coding

SpanKey = tuple[str, tuple[tuple[int, int], ...]]
"""What makes two coders' spans the same: the label and the pieces."""

STRATEGIES = ("majority", "unanimous", "coder:NAME")


@dataclass(frozen=True)
class Strategy:
    """How gold is settled: "majority", "unanimous", or "coder" with the coder's name."""

    kind: str
    coder: str | None = None

    @classmethod
    def parse(cls, text: str) -> Strategy:
        """Read "majority", "unanimous" or "coder:NAME"."""
        kind, sep, name = text.partition(":")
        if kind == "coder" and sep and name.strip():
            return cls("coder", name.strip())
        if not sep and kind in ("majority", "unanimous"):
            return cls(kind)
        raise ValidationError(f"--strategy must be one of {', '.join(STRATEGIES)}, not {text!r}")

    def __str__(self) -> str:
        return f"coder:{self.coder}" if self.kind == "coder" else self.kind


def span_key(span: Span) -> SpanKey:
    """A span's label and pieces."""
    return span.label, span.pieces()


def canonical(value: Any) -> str:
    """A value as comparable text (a multi value's order does not matter)."""
    if isinstance(value, list | tuple):
        value = sorted(value, key=str)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


@dataclass
class Settlement:
    """What a strategy settles in one article.

    Attributes:
        spans: new gold spans.
        relations: new gold relations (between gold spans, new or already there).
        values: new gold document values (variable -> value).
        attributes: attribute values settled on the new gold spans.
        remaining: annotations (spans, attributes, relations, values) left for curation.
        already: annotations gold already had.
    """

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    attributes: int = 0
    remaining: int = 0
    already: int = 0

    @property
    def settled(self) -> int:
        """Annotations this settlement adds."""
        return len(self.spans) + len(self.relations) + len(self.values) + self.attributes


def _chosen(strategy: Strategy, coders: Sequence[str], supporters: Sequence[str]) -> bool:
    if strategy.kind == "coder":
        return strategy.coder in supporters
    if strategy.kind == "unanimous":
        return len(supporters) == len(coders)
    return len(supporters) * 2 > len(coders)


def settle(
    article: CodedArticle, coders: Sequence[str], strategy: Strategy, gold: str, codebook_version: int
) -> Settlement:
    """What the strategy settles among `coders` (those who coded the article) for the gold annotator."""
    out = Settlement()
    mine = article.coding(gold)
    codings = [article.coding(c) for c in coders]
    gold_spans = {span_key(s): s for s in mine.decided()}
    keys = _span_supporters(codings)
    ends: dict[SpanKey, str] = {k: s.id for k, s in gold_spans.items()}
    for key, by_coder in keys.items():
        if key in gold_spans:
            out.already += 1
            # Gold's span is kept as it is: an attribute the coders gave it and gold lacks is for the curator.
            have = {a for a, v in gold_spans[key].attributes.items() if v is not None}
            coded = {a for x in by_coder.values() for a, v in x.attributes.items() if v is not None}
            out.remaining += len(coded - have)
            out.already += len(coded & have)
            continue
        if not _chosen(strategy, coders, list(by_coder)):
            out.remaining += 1
            continue
        attributes = _settle_attributes(strategy, coders, by_coder, out)
        span = Span(
            key[1][0][0], key[1][-1][1], key[0], new_id(), gold, None, attributes, Origin.MANUAL, 1,
            key[1] if len(key[1]) > 1 else (), codebook_version,
        )  # fmt: skip
        out.spans.append(span)
        ends[key] = span.id
    _settle_relations(strategy, coders, codings, mine, ends, out)
    _settle_values(strategy, coders, codings, mine, out)
    return out


def _span_supporters(codings: Sequence[Coding]) -> dict[SpanKey, dict[str, Span]]:
    """Span key -> coder -> that coder's span, in text order."""
    keys: dict[SpanKey, dict[str, Span]] = {}
    for coding in codings:
        assert coding.annotator is not None
        for span in coding.decided():
            keys.setdefault(span_key(span), {}).setdefault(coding.annotator, span)
    return dict(sorted(keys.items(), key=lambda item: (item[0][1], item[0][0])))


def _settle_attributes(
    strategy: Strategy, coders: Sequence[str], by_coder: dict[str, Span], out: Settlement
) -> dict[str, Any]:
    names = sorted({a for s in by_coder.values() for a, v in s.attributes.items() if v is not None})
    settled: dict[str, Any] = {}
    for name in names:
        picked = _pick(strategy, coders, {c: s.attributes.get(name) for c, s in by_coder.items()})
        if picked is _NONE:
            out.remaining += 1
        else:
            settled[name] = picked
            out.attributes += 1
    return settled


_NONE: Any = object()


def _pick(strategy: Strategy, coders: Sequence[str], values: dict[str, Any]) -> Any:
    """The value the strategy settles among the coders' values (None: not coded), or _NONE."""
    if strategy.kind == "coder":
        value = values.get(strategy.coder or "")
        return _NONE if value is None else value
    groups: dict[str, list[str]] = {}
    first: dict[str, Any] = {}
    for coder, value in values.items():
        if value is not None:
            text = canonical(value)
            groups.setdefault(text, []).append(coder)
            first.setdefault(text, value)
    for text, supporters in groups.items():
        if _chosen(strategy, coders, supporters):
            return first[text]
    return _NONE


def _settle_relations(
    strategy: Strategy,
    coders: Sequence[str],
    codings: Sequence[Coding],
    mine: Coding,
    ends: dict[SpanKey, str],
    out: Settlement,
) -> None:
    def keyed(coding: Coding) -> dict[tuple[str, SpanKey, SpanKey], Relation]:
        spans = {s.id: span_key(s) for s in coding.decided()}
        return {
            (r.label, spans[r.head], spans[r.tail]): r
            for r in coding.relations
            if r.head in spans and r.tail in spans
        }

    gold_keys = set(keyed(mine))
    support: dict[tuple[str, SpanKey, SpanKey], list[str]] = {}
    for coding in codings:
        assert coding.annotator is not None
        for key in keyed(coding):
            support.setdefault(key, []).append(coding.annotator)
    for key, supporters in support.items():
        if key in gold_keys:
            out.already += 1
        elif _chosen(strategy, coders, supporters) and key[1] in ends and key[2] in ends:
            label, head, tail = key
            out.relations.append(
                Relation(ends[head], ends[tail], label, new_id(), mine.annotator, 1, Origin.MANUAL)
            )
        else:
            out.remaining += 1


def _settle_values(
    strategy: Strategy, coders: Sequence[str], codings: Sequence[Coding], mine: Coding, out: Settlement
) -> None:
    variables = sorted({v.label for c in codings for v in c.values})
    for name in variables:
        if mine.value_of(name) is not None:
            out.already += 1
            continue
        picked = _pick(strategy, coders, {c.annotator or "": c.value_of(name) for c in codings})
        if picked is _NONE:
            out.remaining += 1
        else:
            out.values[name] = picked
