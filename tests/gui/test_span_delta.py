"""A change applied to the views as a delta leaves them as rebuilding them from the new spans would."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from annotator.core.types import Origin, Relation, Span
from annotator.gui import span_index
from annotator.gui.annotation_model import RELATION_ID_ROLE, SPAN_ID_ROLE, AnnotationListModel
from annotator.gui.span_delta import SpanDelta, diff
from annotator.gui.span_index import SpanIndex
from tests.gui.test_span_index import SHORTS, TEXT, _state

IDS = [f"s{i}" for i in range(8)]


@st.composite
def _span(draw: st.DrawFn, span_id: str, origins: list[Origin]) -> Span:
    start = draw(st.integers(0, len(TEXT) - 1))
    end = draw(st.integers(start + 1, len(TEXT)))
    label = draw(st.sampled_from(["CLAIM", "SOURCE"]))
    version = draw(st.sampled_from([1, 2, None]))
    origin = draw(st.sampled_from(origins))
    return Span(start, end, label, span_id, origin=origin, codebook_version=version)


@st.composite
def _change(draw: st.DrawFn, origins: list[Origin]) -> tuple[list[Span], list[Span]]:
    """Spans before and after one change: the same objects, equal copies, relabelled, moved, added, removed."""
    old = [draw(_span(i, origins)) for i in draw(st.sets(st.sampled_from(IDS)))]
    new = []
    for span_id in draw(st.sets(st.sampled_from(IDS))):
        was = next((s for s in old if s.id == span_id), None)
        how = draw(st.sampled_from(["same", "copy", "relabel", "edit"])) if was else "edit"
        if was is not None and how == "same":
            new.append(was)
        elif was is not None and how == "copy":
            new.append(replace(was))
        elif was is not None and how == "relabel":  # same place, other label and version
            label = "SOURCE" if was.label == "CLAIM" else "CLAIM"
            new.append(replace(was, label=label, codebook_version=draw(st.sampled_from([1, 2, None]))))
        else:
            new.append(draw(_span(span_id, origins)))
    return old, new


@st.composite
def _relations(draw: st.DrawFn, spans: list[Span]) -> tuple[Relation, ...]:
    if len(spans) < 2:
        return ()
    out = []
    for i in range(draw(st.integers(0, 4))):
        head, tail = draw(st.permutations(spans))[:2]
        label = draw(st.sampled_from(["ATTRIBUTED_TO", "CUED_BY"]))
        out.append(Relation(head.id, tail.id, label, f"r{i}", codebook_version=draw(st.sampled_from([1, 2]))))
    return tuple(out)


def test_diff_finds_what_was_added_removed_and_changed() -> None:
    a, b, c = Span(0, 4, "CLAIM", "a"), Span(5, 9, "SOURCE", "b"), Span(1, 2, "CLAIM", "c")
    edited = replace(b, label="CLAIM")
    delta = diff([a, b], [replace(a), edited, c])
    assert delta == SpanDelta(added=(c,), removed=(), changed=((b, edited),))
    assert not diff([a], [replace(a)])
    assert diff([a, c], [c]).removed == (a,)


def test_accepting_a_suggestion_adds_an_annotation_to_views_of_annotations() -> None:
    pending = Span(0, 4, "CLAIM", "a", origin=Origin.SUGGESTED)
    accepted = replace(pending, origin=Origin.MANUAL)
    seen = diff([pending], [accepted]).annotations()
    assert seen == SpanDelta(added=(accepted,))
    assert diff([accepted], [pending]).annotations() == SpanDelta(removed=(accepted,))


@settings(max_examples=80, derandomize=True, deadline=None)
@given(_change([Origin.MANUAL, Origin.SUGGESTED]), SHORTS)
def test_the_span_index_after_a_delta_equals_one_opened_on_the_new_spans(change: Any, short: int) -> None:
    old, new = change
    with mock.patch.object(span_index, "SHORT", short):
        index = SpanIndex(TEXT, old)
        before = [index.block_segments(b) for b in range(index.block_count)]
        touched = index.apply(diff(old, new))
        fresh = SpanIndex(TEXT, new)
        assert _state(index) == _state(fresh)
        after = [index.block_segments(b) for b in range(index.block_count)]
        assert {b for b in range(index.block_count) if before[b] != after[b]} <= touched


def _rows(model: AnnotationListModel) -> list[tuple[Any, ...]]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SPAN_ID_ROLE, RELATION_ID_ROLE)
    out = []
    for row in range(model.rowCount()):
        cells = tuple(model.data(model.index(row, c), role) for c in range(3) for role in roles)
        span = model.span_at(row)
        out.append((*cells, span is not None and model.is_context(span.id)))
    return out


@st.composite
def _coded_change(
    draw: st.DrawFn,
) -> tuple[list[Span], list[Span], tuple[Relation, ...], tuple[Relation, ...]]:
    old, new = draw(_change([Origin.MANUAL]))
    return old, new, draw(_relations(old)), draw(_relations(new))


@settings(max_examples=80, derandomize=True, deadline=None)
@given(_coded_change(), st.booleans())
def test_the_annotation_list_after_a_delta_equals_one_built_from_the_new_spans(
    qapp: Any, change: Any, filtered: bool
) -> None:
    old, new, old_relations, new_relations = change
    accept = (lambda version: version == 2) if filtered else None
    model, fresh = AnnotationListModel(), AnnotationListModel()
    for m, spans, relations in ((model, old, old_relations), (fresh, new, new_relations)):
        m.set_article(TEXT, spans, relations)
        m.set_filter(accept)
    model.apply(diff(old, new), new_relations)
    assert _rows(model) == _rows(fresh)
    assert [model.row_of(s.id) for s in new] == [fresh.row_of(s.id) for s in new]


def test_equal_relations_read_again_keep_their_rows_and_a_relabelled_tail_repaints_its_relation(
    qapp: Any,
) -> None:
    claim, source = Span(0, 5, "CLAIM", "c"), Span(10, 20, "SOURCE", "s")
    relation = Relation("c", "s", "ATTRIBUTED_TO", "r")
    model = AnnotationListModel()
    model.set_article(TEXT, [claim, source], (relation,))
    removed: list[int] = []
    repainted: list[int] = []
    model.rowsRemoved.connect(lambda _parent, first, _last: removed.append(first))
    model.dataChanged.connect(lambda top, _bottom: repainted.append(top.row()))
    model.apply(SpanDelta(), (replace(relation),))  # the same relation, read again as a new object
    assert removed == []
    relabelled = replace(source, label="CLAIM")
    model.apply(SpanDelta(changed=((source, relabelled),)), (relation,))
    row = model.relation_index("r").row()
    assert row in repainted and removed == []
    assert model.data(model.index(row, 1)).startswith("CLAIM ")
