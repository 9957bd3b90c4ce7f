"""The open article's annotations as a list (label, text excerpt, note), its relations under their head span.

A codebook-version filter (`set_filter`) keeps the spans and relations made under the
chosen versions; a span that is kept only because a relation it heads is, stays greyed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from annotator.core.types import LabelSchema, Relation, Span
from annotator.gui.codebook_versions import made_under
from annotator.gui.headers import column_title
from annotator.gui.palette import swatch
from annotator.gui.plain import plain
from annotator.gui.span_delta import SpanDelta, same

COLUMNS = ("Label", "Text", "Note")
EXCERPT = 60
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
RELATION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
TOP = 0  # the internal id of a span's row; a relation's row carries its head span's number
Accept = Callable[[int | None], bool]
"""Whether an annotation made under a codebook version (None: not recorded) is shown."""


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A one-line excerpt of span text."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def span_text(span: Span, text: str, limit: int = EXCERPT) -> str:
    """A span's text as one line; the pieces of a discontinuous span joined by an ellipsis."""
    return excerpt(" … ".join(text[s:e] for s, e in span.pieces()), limit)


def relation_line(relation: Relation, head: Span, tail: Span, text: str) -> str:
    """A relation as a sentence: CLAIM 'the wall will cost …' -> ATTRIBUTED_TO -> SOURCE 'the office'."""
    return (
        f"{head.label} '{span_text(head, text, 40)}' -> {relation.label} -> "
        f"{tail.label} '{span_text(tail, text, 40)}'"
    )


def _key(span: Span) -> tuple[int, int, str]:
    return span.start, span.end, span.id


class AnnotationListModel(QAbstractItemModel):
    """The spans of the open article by position; under each, the relations it heads.

    Attributes:
        current_version: the project's codebook version, for the tooltips ("made under v1 (now v3)").
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.current_version: int | None = None
        self._accept: Accept | None = None
        self._all: dict[str, Span] = {}  # every span of the article, shown or not (relation tails)
        self._relations: tuple[Relation, ...] = ()  # every relation, shown or not
        self._context: set[str] = set()  # spans shown only for a relation they head that is kept
        self._text = ""
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, str]] = []
        self._by_id: dict[str, Span] = {}
        self._number: dict[str, int] = {}  # span id -> a number that stays while the span does
        self._by_number: dict[int, str] = {}
        self._children: dict[str, list[Relation]] = {}
        self._icons: dict[str, QIcon] = {}

    def set_schema(self, schema: LabelSchema) -> None:
        """Take label colours from a schema."""
        self._icons = {lab.name: swatch(lab.colour) for lab in schema.labels}

    # --- content ---------------------------------------------------------------------

    def _numbered(self, span_id: str) -> int:
        number = self._number.get(span_id)
        if number is None:
            number = len(self._by_number) + 1
            while number in self._by_number:
                number += 1
            self._number[span_id] = number
            self._by_number[number] = span_id
        return number

    def set_filter(self, accept: Accept | None) -> None:
        """Show only the annotations whose codebook version `accept` keeps (None: all of them)."""
        self._accept = accept
        self.set_article(self._text, list(self._all.values()), self._relations)

    @property
    def filtered(self) -> bool:
        """True while a version filter hides annotations."""
        return self._accept is not None

    def is_context(self, span_id: str) -> bool:
        """True for a span shown only because a relation it heads passes the filter."""
        return span_id in self._context

    def _visible(
        self, spans: list[Span], relations: tuple[Relation, ...]
    ) -> tuple[list[Span], tuple[Relation, ...]]:
        """The spans and relations the filter keeps, and the heads of kept relations."""
        self._all, self._relations = {s.id: s for s in spans}, tuple(relations)
        accept = self._accept
        if accept is None:
            self._context = set()
            return spans, relations
        kept = tuple(r for r in relations if accept(r.codebook_version))
        heads = {r.head for r in kept}
        shown = [s for s in spans if s.id in heads or accept(s.codebook_version)]
        self._context = {s.id for s in shown if not accept(s.codebook_version)}
        return shown, kept

    def set_article(self, text: str, spans: list[Span], relations: tuple[Relation, ...] = ()) -> None:
        """Show another article's spans and relations."""
        spans, relations = self._visible(spans, relations)
        self.beginResetModel()
        self._text = text
        self._spans = sorted(spans, key=_key)
        self._keys = [_key(s) for s in self._spans]
        self._by_id = {s.id: s for s in self._spans}
        self._number, self._by_number = {}, {}
        for span in self._spans:
            self._numbered(span.id)
        self._children = self._group(relations)
        self.endResetModel()

    def _group(self, relations: tuple[Relation, ...]) -> dict[str, list[Relation]]:
        out: dict[str, list[Relation]] = {}
        for rel in relations:
            if rel.head in self._by_id and rel.tail in self._all:
                out.setdefault(rel.head, []).append(rel)
        for rels in out.values():
            rels.sort(key=lambda r: (_key(self._all[r.tail]), r.label, r.id))
        return out

    def set_spans(self, spans: list[Span], relations: tuple[Relation, ...] = ()) -> None:
        """Update the spans and relations of the same article with row inserts and removals, not a reset."""
        was_context = self._context
        spans, relations = self._visible(spans, relations)
        wanted = {s.id: s for s in spans}
        for row in range(len(self._spans) - 1, -1, -1):
            if self._spans[row].id not in wanted:
                self._remove(self._spans[row].id, forget=True)
        for span in list(self._spans):
            if not same(wanted[span.id], span):
                self._replace(wanted[span.id])
        for span in sorted((s for s in spans if s.id not in self._by_id), key=_key):
            self._insert(span)
        self._regroup(relations, was_context)

    def apply(self, delta: SpanDelta, relations: tuple[Relation, ...]) -> None:
        """Update by one change of the article's annotations, touching only the rows it changed."""
        if self._accept is not None:
            # Under a filter, a change can show or hide other spans (heads of kept relations).
            spans = {**self._all}
            for span in delta.before():
                spans.pop(span.id, None)
            spans.update((s.id, s) for s in delta.after())
            self.set_spans(list(spans.values()), relations)
            return
        for span in delta.removed:
            self._all.pop(span.id, None)
            if span.id in self._by_id:
                self._remove(span.id, forget=True)
        for _old, span in delta.changed:
            self._all[span.id] = span
            if span.id in self._by_id:
                self._replace(span)
        for span in delta.added:
            self._all[span.id] = span
            self._insert(span)
        self._relations = tuple(relations)
        self._regroup(relations, set())

    def _remove(self, span_id: str, *, forget: bool) -> None:
        """Remove a span's row (and its relations' rows); `forget` drops its number too."""
        self._set_children(span_id, [])
        row = self._row(span_id)
        assert row is not None
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._spans[row], self._keys[row], self._by_id[span_id]
        if forget:
            self._by_number.pop(self._number.pop(span_id), None)
        self.endRemoveRows()

    def _insert(self, span: Span) -> None:
        row = bisect_left(self._keys, _key(span))
        self.beginInsertRows(QModelIndex(), row, row)
        self._spans.insert(row, span)
        self._keys.insert(row, _key(span))
        self._by_id[span.id] = span
        self._numbered(span.id)
        self.endInsertRows()

    def _replace(self, span: Span) -> None:
        """Show a span's new version; one whose pieces moved (a fragment added) changes place."""
        row = self._row(span.id)
        assert row is not None
        if _key(span) != self._keys[row]:
            self._remove(span.id, forget=False)
            self._insert(span)
            return
        self._spans[row] = self._by_id[span.id] = span
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _regroup(self, relations: tuple[Relation, ...], was_context: set[str]) -> None:
        """Show the relations under their heads; grey or ungrey spans shown only for a relation."""
        grouped = self._group(relations)
        for head in set(self._children) | set(grouped):
            if [r.id for r in self._children.get(head, [])] != [r.id for r in grouped.get(head, [])]:
                self._set_children(head, grouped.get(head, []))
            else:
                self._children[head] = grouped.get(head, [])
        for span_id in was_context ^ self._context:  # greyed, or no longer
            at = self._row(span_id)
            if at is not None:
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))

    def _set_children(self, head: str, relations: list[Relation]) -> None:
        row = self._row(head)
        old = self._children.get(head, [])
        if row is None:
            return
        parent = self.index(row, 0)
        if old:
            self.beginRemoveRows(parent, 0, len(old) - 1)
            self._children[head] = []
            self.endRemoveRows()
        if relations:
            self.beginInsertRows(parent, 0, len(relations) - 1)
            self._children[head] = list(relations)
            self.endInsertRows()
        if not relations:
            self._children.pop(head, None)

    # --- lookups ------------------------------------------------------------------------

    def _row(self, span_id: str) -> int | None:
        span = self._by_id.get(span_id)
        if span is None:
            return None
        row = bisect_left(self._keys, _key(span))
        return row if row < len(self._spans) and self._spans[row].id == span_id else None

    def span_at(self, row: int) -> Span | None:
        """The span of a top-level row (not `span()`, which Qt models reserve for cell spans)."""
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: str) -> int | None:
        """The row of a span."""
        return self._row(span_id)

    def relation_at(self, index: Index) -> Relation | None:
        """The relation of a child row, or None for a span's row."""
        if not index.isValid() or index.internalId() == TOP:
            return None
        head = self._by_number.get(index.internalId())
        rels = self._children.get(head or "", [])
        return rels[index.row()] if 0 <= index.row() < len(rels) else None

    def head_indexes(self) -> list[QModelIndex]:
        """The rows of the spans that head relations."""
        rows = (self._row(head) for head, rels in self._children.items() if rels)
        return [self.index(row, 0) for row in rows if row is not None]

    def relation_index(self, relation_id: str) -> QModelIndex:
        """The index of a relation's row."""
        for head, rels in self._children.items():
            for i, rel in enumerate(rels):
                if rel.id == relation_id:
                    row = self._row(head)
                    if row is not None:
                        return self.index(i, 0, self.index(row, 0))
        return QModelIndex()

    # --- the model ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        """A span's row at the top, a relation's under its head span."""
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP) if row < len(self._spans) else QModelIndex()
        if parent.internalId() != TOP or parent.column() != 0:
            return QModelIndex()
        head = self.span_at(parent.row())
        if head is None or row >= len(self._children.get(head.id, [])):
            return QModelIndex()
        return self.createIndex(row, column, self._number[head.id])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        """A relation's row has its head span's row as parent."""
        if not child.isValid() or child.internalId() == TOP:
            return QModelIndex()
        head = self._by_number.get(child.internalId())
        row = self._row(head) if head else None
        return QModelIndex() if row is None else self.createIndex(row, 0, TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """Spans at the top; under a span, the relations it heads."""
        if not parent.isValid():
            return len(self._spans)
        if parent.internalId() != TOP or parent.column() != 0:
            return 0
        span = self.span_at(parent.row())
        return len(self._children.get(span.id, [])) if span else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        """Label, text, note."""
        return len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Label, excerpt and note (for a relation: its label and the span it points to), as plain text."""
        if not index.isValid():
            return None
        if index.internalId() != TOP:
            return self._relation_data(index, role)
        span = self.span_at(index.row())
        if span is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return span.label
            if column == 1:
                return span_text(span, self._text)
            return excerpt(span.note or "", 40)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icons.get(span.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._span_tip(span, column)
        if span.id in self._context and role == Qt.ItemDataRole.ForegroundRole:
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if span.id in self._context and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if role == SPAN_ID_ROLE:
            return span.id
        return None

    def _span_tip(self, span: Span, column: int) -> str | None:
        """The note over the note column; elsewhere who made the span, under which codebook version."""
        if column == 2:
            return plain(span.note) if span.note else None
        lines = [f"{span.label} — {span.annotator or 'imported, no annotator'}"]
        lines.append(made_under(span.codebook_version, self.current_version))
        if span.id in self._context:
            lines.append("Shown for a relation below it that the version filter keeps.")
        return plain("\n".join(lines))

    def _relation_data(self, index: Index, role: int) -> Any:
        rel = self.relation_at(index)
        if rel is None:
            return None
        head, tail = self._by_id[rel.head], self._all[rel.tail]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return f"→ {rel.label}"
            if index.column() == 1:
                return f"{tail.label} '{span_text(tail, self._text, 48)}'"
            return ""
        if role == Qt.ItemDataRole.ToolTipRole:
            version = made_under(rel.codebook_version, self.current_version)
            return plain(f"{relation_line(rel, head, tail, self._text)}\n{version}")
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return self._icons.get(tail.label)
        if role == SPAN_ID_ROLE:
            return rel.head
        if role == RELATION_ID_ROLE:
            return rel.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        return column_title(COLUMNS, section, orientation, role)


class AnnotationList(QTreeView):
    """The annotation list view (objectName "annotationList").

    Signals:
        span_selected(str): the user selected a span's row ("" when none).
        relation_selected(str): the user selected a relation's row.
    """

    span_selected = Signal(str)
    relation_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationList")
        self.model_ = AnnotationListModel(self)
        self.setModel(self.model_)
        self.setUniformRowHeights(True)
        self.setItemsExpandable(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.header()
        header.setStretchLastSection(False)
        # Fixed widths and a stretching text column: ResizeToContents would measure every
        # row of a 20,000-span article.
        header.resizeSection(0, 130)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, 70)
        self._syncing = False
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.model_.rowsInserted.connect(self._expand_inserted)
        # Expanding only the spans that head relations: expandAll would visit each of 20,000 rows.
        self.model_.modelReset.connect(self._expand_heads)

    def _expand_heads(self) -> None:
        for index in self.model_.head_indexes():
            self.expand(index)

    def _expand_inserted(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if parent.isValid():
            self.expand(parent)

    def set_spans(self, spans: list[Span], relations: tuple[Relation, ...]) -> None:
        """Update the rows; the row current before stays current (a moved span's row is removed and added)."""
        self._keeping_current(lambda: self.model_.set_spans(spans, relations))

    def apply(self, delta: SpanDelta, relations: tuple[Relation, ...]) -> None:
        """Update the rows by one change of the annotations; the row current before stays current."""
        self._keeping_current(lambda: self.model_.apply(delta, relations))

    def set_filter(self, accept: Accept | None) -> None:
        """Filter the rows by codebook version (None: all); the row current before stays current if shown."""
        self._keeping_current(lambda: self.model_.set_filter(accept))

    def _keeping_current(self, change: Callable[[], None]) -> None:
        current = self.currentIndex()
        span_id = self.model_.data(current, SPAN_ID_ROLE) if current.isValid() else None
        relation_id = self.model_.data(current, RELATION_ID_ROLE) if current.isValid() else None
        self._syncing = True
        try:
            change()
        finally:
            self._syncing = False
        if relation_id and self.model_.relation_index(relation_id).isValid():
            self.select_relation(relation_id)
        elif span_id:
            self.select_span(span_id)

    def select_span(self, span_id: str | None, *, keep_relation: bool = True) -> None:
        """Make a span's row current without announcing it (a relation row under it stays, if `keep_relation`)."""
        current = self.currentIndex()
        if (
            keep_relation
            and span_id
            and current.isValid()
            and current.parent().isValid()
            and self.model_.data(current, SPAN_ID_ROLE) == span_id
        ):
            return
        row = self.model_.row_of(span_id) if span_id else None
        self._syncing = True
        try:
            if row is None:
                self.clearSelection()
                self.selectionModel().clearCurrentIndex()
            else:
                index = self.model_.index(row, 0)
                self.setCurrentIndex(index)
                self.scrollTo(index)
        finally:
            self._syncing = False

    def select_relation(self, relation_id: str | None) -> None:
        """Make a relation's row current without announcing it."""
        index = self.model_.relation_index(relation_id) if relation_id else QModelIndex()
        if not index.isValid():
            return
        self._syncing = True
        try:
            self.setCurrentIndex(index)
            self.scrollTo(index)
        finally:
            self._syncing = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        relation = self.model_.relation_at(current)
        if relation is not None:
            self.relation_selected.emit(relation.id)
            return
        span = self.model_.span_at(current.row()) if current.isValid() else None
        self.span_selected.emit(span.id if span else "")
