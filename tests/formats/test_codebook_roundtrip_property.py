"""Property: native JSONL, brat and Label Studio keep random fragmented spans, relations, attributes and values.

Texts mix emoji (ZWJ, flags), combining marks, CJK, curly quotes, tabs and CR,
LF and CRLF line endings. Each format is given what it can hold (brat: no
annotator, no false flag, one-word text values, fragments that neither start
nor end on a line break nor are separated by line breaks alone), written,
read back, typed with the codebook where the format cannot type values, and
compared with what was written.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.codebook import DocumentValue, ValueType
from annotator.core.coerce import typed_record
from annotator.core.types import AnnotatedDocument, DocStatus, Document, Origin, Relation, Span
from annotator.formats import brat, jsonl, labelstudio, native_check
from annotator.formats.base import ExportContext, ReadContext

from .codebook_fixtures import RELATION_LABELS, SCHEMA, SPAN_LABELS

PIECES = ["a", "Zo", " ", "e\u0301", "\U0001f600", "\U0001f469\u200d\U0001f52c", "\U0001f1eb\U0001f1f7"]
PIECES += ["\u5e02", "\u201c", "\u201d", "\t", ",", "\r\n", "\n", "\r"]
BREAKS = set("\r\n")
WORDS = st.text(alphabet="abcxyzÉé", min_size=1, max_size=6)
ANY_TEXT = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)
CTX = ExportContext(labels=SPAN_LABELS, relation_labels=RELATION_LABELS, schema=SCHEMA)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _brat_ok(text: str, pieces: list[tuple[int, int]]) -> bool:
    """Whether brat gives these pieces back: no piece edge on a line break, no gap of line breaks alone."""
    if any(text[a] in BREAKS or text[b - 1] in BREAKS for a, b in pieces):
        return False
    return all(set(text[b:a]) - BREAKS for (_, b), (a, _) in itertools.pairwise(pieces))


@st.composite
def _pieces(draw: st.DrawFn, text: str) -> list[tuple[int, int]]:
    k = draw(st.integers(1, 3))
    k = min(k, (len(text) + 1) // 2)
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), min_size=2 * k, max_size=2 * k)))
    return [(cuts[i], cuts[i + 1]) for i in range(0, 2 * k, 2)]


def _value(draw: st.DrawFn, spec: Any, fmt: str) -> Any:
    """A value of the spec's type that the format can hold."""
    kind, names = spec.type, list(spec.names())
    if kind == ValueType.CHOICE:
        return draw(st.sampled_from(names))
    if kind == ValueType.MULTI:
        return draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    if kind == ValueType.BOOL:
        return True if fmt == "brat" else draw(st.booleans())
    if kind == ValueType.NUMBER:
        if fmt == "brat":
            return draw(st.integers(1, 5))
        return draw(st.one_of(st.integers(1, 5), st.floats(1, 5, allow_nan=False).map(lambda x: round(x, 3))))
    return draw(WORDS if fmt == "brat" else ANY_TEXT)


@st.composite
def records(draw: st.DrawFn, fmt: str) -> AnnotatedDocument:
    """A random article coded against the fixture codebook, as the format can hold it."""
    text = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
    spans: list[Span] = []
    seen: set[tuple[Any, ...]] = set()
    for _ in range(draw(st.integers(0, 8))):
        pieces = draw(_pieces(text))
        if fmt == "brat" and not _brat_ok(text, pieces):
            continue
        label = draw(st.sampled_from(SPAN_LABELS))
        definition = SCHEMA.get(label)
        assert definition is not None
        attributes = {a.name: _value(draw, a.spec, fmt) for a in definition.attributes if draw(st.booleans())}
        suggested = fmt != "brat" and draw(st.integers(0, 3)) == 0
        annotator = None if fmt == "brat" or suggested else draw(st.sampled_from([None, "alice", "bob"]))
        key = (tuple(pieces), label)
        if fmt == "brat" and key in seen:
            continue  # brat merges identical spans: it has no annotator to tell them apart
        seen.add(key)
        spans.append(
            Span(
                pieces[0][0],
                pieces[-1][1],
                label,
                annotator=annotator,
                note=_note(draw, fmt),
                attributes=attributes,
                origin=Origin.SUGGESTED
                if suggested
                else draw(st.sampled_from([Origin.MANUAL, Origin.IMPORTED])),
                fragments=tuple(pieces) if len(pieces) > 1 else (),
                codebook_version=draw(st.one_of(st.none(), st.integers(0, 9))),
                suggester=draw(st.sampled_from([None, "rules 1.2"])) if suggested else None,
                score=draw(st.one_of(st.none(), st.floats(0, 1, allow_nan=False))) if suggested else None,
            )
        )
    relations = _relations(draw, spans, fmt)
    values = _values(draw, fmt)
    document = Document(text, "t", "doc-1", {"outlet": "Ledger"}, source="in.txt")
    return AnnotatedDocument(document, tuple(spans), tuple(relations), DocStatus.DONE, values=values)


def _note(draw: st.DrawFn, fmt: str) -> str | None:
    """A note the format keeps: any text in JSONL, words apart by single spaces in brat, none in Label Studio."""
    if fmt == "labelstudio" or draw(st.booleans()):
        return None
    if fmt == "brat":
        return " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))
    return draw(ANY_TEXT)


def _group(span: Span) -> tuple[bool, str | None]:
    """The Label Studio annotation or prediction a span lands in."""
    suggested = span.origin == Origin.SUGGESTED
    return suggested, span.suggester if suggested else span.annotator


def _relations(draw: st.DrawFn, spans: list[Span], fmt: str) -> list[Relation]:
    out: list[Relation] = []
    keys: set[tuple[str, str, str]] = set()
    for _ in range(draw(st.integers(0, 4)) if len(spans) > 1 else 0):
        head, tail = draw(st.lists(st.sampled_from(spans), min_size=2, max_size=2, unique_by=lambda s: s.id))
        label = draw(st.sampled_from(RELATION_LABELS))
        if fmt == "labelstudio" and (_group(head) != _group(tail) or (head.id, tail.id, label) in keys):
            continue  # Label Studio relates regions of one annotation, once per label
        keys.add((head.id, tail.id, label))
        if fmt == "labelstudio":
            annotator = head.annotator  # a relation belongs to its annotation
        else:
            annotator = None if fmt == "brat" else draw(st.sampled_from([None, "alice"]))
        origin = head.origin if fmt == "labelstudio" else draw(st.sampled_from(list(Origin)))
        version = draw(st.one_of(st.none(), st.integers(0, 9)))
        out.append(
            Relation(head.id, tail.id, label, annotator=annotator, origin=origin, codebook_version=version)
        )
    return out


def _values(draw: st.DrawFn, fmt: str) -> tuple[DocumentValue, ...]:
    out = []
    for label in SCHEMA.document_labels():
        for annotator in (None, "alice", "bob"):
            if label.spec is not None and draw(st.integers(0, 2)) == 0:
                version = draw(st.one_of(st.none(), st.integers(0, 9)))
                out.append(DocumentValue(label.name, _value(draw, label.spec, fmt), annotator, version))
    return tuple(out)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _span_key(span: Span, origin: Callable[[Span], Origin]) -> tuple[Any, ...]:
    attributes = tuple(sorted((k, _hashable(v)) for k, v in span.attributes.items()))
    return (
        span.pieces(),
        span.label,
        span.annotator,
        attributes,
        origin(span),
        span.suggester,
        span.score,
        span.note,
    )


def _contents(
    record: AnnotatedDocument, origin: Callable[[Span], Origin]
) -> tuple[Counter[Any], Counter[Any]]:
    """The record's spans and relations as multisets, spans by content rather than id."""
    key = {s.id: _span_key(s, origin) for s in record.spans}
    spans = Counter(key.values())
    relations = Counter((key[r.head], key[r.tail], r.label, r.annotator) for r in record.relations)
    return spans, relations


@SETTINGS
@given(records("jsonl"))
def test_native_jsonl_keeps_everything_exactly(record: AnnotatedDocument) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.jsonl"
        with path.open("w", encoding="utf-8", newline="") as fh:
            jsonl.write([record], fh)
        [back] = list(jsonl.read(path))
        result = native_check.validate(path, ReadContext(), SPAN_LABELS)
    assert isinstance(back, AnnotatedDocument), back
    assert replace(back, line=None) == record
    assert [p for p in result.problems if p.kind != "duplicate"] == []
    assert result.spans == len(record.spans)


@SETTINGS
@given(records("brat"))
def test_brat_keeps_fragments_relations_and_attributes(record: AnnotatedDocument) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "brat"
        stats = brat.write([record], out, CTX)
        [back] = list(brat.read(out, ReadContext()))
        result = brat.validate(out, ReadContext(), SPAN_LABELS)
    assert isinstance(back, AnnotatedDocument), back
    back = typed_record(back, SCHEMA)
    assert back.document.text == record.document.text
    assert _contents(back, lambda s: s.origin) == _contents(record, lambda s: Origin.IMPORTED)
    assert sum(n for (_, why), n in stats.dropped.items() if "document variables" in why) == len(
        record.values
    )
    assert not stats.adjusted
    assert result.ok and result.spans == stats.spans == len(record.spans)


@SETTINGS
@given(records("labelstudio"))
def test_label_studio_keeps_fragments_relations_attributes_and_values(record: AnnotatedDocument) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "tasks.json"
        stats = labelstudio.write([record], out, CTX)
        [back] = list(labelstudio.read(out, ReadContext()))
        result = labelstudio.validate(out, ReadContext(), SPAN_LABELS)
    assert isinstance(back, AnnotatedDocument), back
    back = typed_record(back, SCHEMA)

    def imported(s: Span) -> Origin:
        return Origin.SUGGESTED if s.origin == Origin.SUGGESTED else Origin.IMPORTED

    assert _contents(back, lambda s: s.origin) == _contents(record, imported)
    assert Counter((v.label, v.annotator, repr(v.value)) for v in back.values) == Counter(
        (v.label, v.annotator, repr(v.value)) for v in record.values
    )
    assert not stats.dropped
    assert [p for p in result.problems if p.kind != "duplicate"] == []
    assert result.spans == stats.spans == len(record.spans)


def test_the_strategies_reach_fragments_relations_values_and_suggestions() -> None:
    """The properties above are only worth something if the random records hold what they test."""
    found: Counter[str] = Counter()

    # A fixed seed: this checks the strategy's reach, and a random draw of 80 once held no CRLF.
    @settings(max_examples=200, deadline=None, database=None, derandomize=True)
    @given(records("labelstudio"))
    def look(record: AnnotatedDocument) -> None:
        found["fragments"] += any(s.fragments for s in record.spans)
        found["relations"] += bool(record.relations)
        found["values"] += bool(record.values)
        found["suggested"] += any(s.origin == Origin.SUGGESTED for s in record.spans)
        found["crlf"] += "\r\n" in record.document.text

    look()
    assert all(found[k] > 0 for k in ("fragments", "relations", "values", "suggested", "crlf")), found
