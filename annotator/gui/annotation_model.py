"""The rows of the annotation list: the open article's spans by position, each followed by the relations it heads.

The rows are flat (a table, not a tree): a tree view lays out every row through Python
after each insert, half a second at 200,000 spans, where a table lays out none. A
codebook-version filter (`set_filter`) keeps the spans and relations made under the
chosen versions; a span that is kept only because a relation it heads is, stays greyed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPalette

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
RELATION_MARK = "    → "  # a relation's row, indented under its head span's
Index = QModelIndex | QPersistentModelIndex
Accept = Callable[[int | None], bool]
"""Whether an annotation made under a codebook version (None: not recorded) is shown."""
Key = tuple[Any, ...]


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


def _key(span: Span) -> Key:
    return span.start, span.end, span.id


def _relation_key(relation: Relation, head: Span, tail: Span) -> Key:
    """Sorts right after its head span's key (which is its prefix), by tail, label and id."""
    return head.start, head.end, head.id, tail.start, tail.end, tail.id, relation.label, relation.id


_SPAN_KEY = attrgetter("start", "end", "id")  # `_key`, in C: an opening article sorts all its spans


def _ordered(spans: Iterable[Span], relations: list[Relation], keys: dict[str, Key]) -> list[Span | Relation]:
    """Span rows by key, each followed by the rows of the relations it heads, by their keys."""
    ordered: list[Span | Relation] = sorted(spans, key=_SPAN_KEY)
    if not relations:
        return ordered
    headed: dict[str, list[Relation]] = {}
    for rel in sorted(relations, key=lambda r: keys[r.id]):
        headed.setdefault(rel.head, []).append(rel)
    rows: list[Span | Relation] = []
    for span in ordered:
        rows.append(span)
        rows += headed.get(span.id, ())
    return rows


class AnnotationListModel(QAbstractTableModel):
    """Span rows by position, each followed by the rows of the relations it heads.

    Attributes:
        current_version: the project's codebook version, for the tooltips ("made under v1 (now v3)").
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.current_version: int | None = None
        self._accept: Accept | None = None
        self._text = ""
        self._all: dict[str, Span] = {}  # every annotation of the article, shown or not (relation tails)
        self._relations: tuple[Relation, ...] = ()  # every relation, shown or not
        self._context: set[str] = set()  # spans shown only for a relation they head that is kept
        self._rows: list[Span | Relation] = []
        self._shown: dict[str, Span] = {}  # span id -> its row's span
        self._shown_relations: dict[str, Key] = {}  # relation id -> its row's key
        self._icons: dict[str, QIcon] = {}

    def set_schema(self, schema: LabelSchema) -> None:
        """Take label colours from a schema."""
        self._icons = {lab.name: swatch(lab.colour) for lab in schema.labels}

    # --- content ---------------------------------------------------------------------

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

    def set_article(self, text: str, spans: list[Span], relations: tuple[Relation, ...] = ()) -> None:
        """Show another article's spans and relations."""
        self.beginResetModel()
        self._text = text
        self._all, self._relations = {s.id: s for s in spans}, tuple(relations)
        shown, kept = self._visible()
        self._shown = dict(shown)  # never `_all` itself: the rows change only through `_sync`
        self._shown_relations = {
            rel.id: _relation_key(rel, self._shown[rel.head], self._all[rel.tail]) for rel in kept
        }
        self._rows = _ordered(self._shown.values(), kept, self._shown_relations)
        self.endResetModel()

    def set_spans(self, spans: list[Span], relations: tuple[Relation, ...] = ()) -> None:
        """Update the spans and relations of the same article with row inserts and removals, not a reset."""
        self._all, self._relations = {s.id: s for s in spans}, tuple(relations)
        self._resync()

    def apply(self, delta: SpanDelta, relations: tuple[Relation, ...]) -> None:
        """Update by one change of the article's annotations, touching only the rows it changed."""
        for span in delta.removed:
            self._all.pop(span.id, None)
        for span in delta.after():
            self._all[span.id] = span
        self._relations = tuple(relations)
        if self._accept is not None:
            self._resync()  # under a filter a change can show or hide other spans (heads of kept relations)
            return
        _shown, kept = self._visible()
        self._sync([s.id for s in delta.removed if s.id in self._shown], delta.after(), kept, set())

    def _resync(self) -> None:
        """Bring the rows to what the filter shows of every span, comparing each with its row."""
        was_context = self._context
        shown, kept = self._visible()
        gone = [sid for sid in self._shown if sid not in shown]
        put = [s for s in shown.values() if s.id not in self._shown or not same(s, self._shown[s.id])]
        self._sync(gone, put, kept, was_context)

    def _visible(self) -> tuple[dict[str, Span], list[Relation]]:
        """The spans the filter shows (and context heads, in `_context`) and the relations it keeps."""
        spans, accept = self._all, self._accept
        if accept is None:
            self._context = set()
            return spans, [r for r in self._relations if r.head in spans and r.tail in spans]
        kept = [
            r for r in self._relations if accept(r.codebook_version) and r.head in spans and r.tail in spans
        ]
        heads = {r.head for r in kept}
        shown = {sid: s for sid, s in spans.items() if sid in heads or accept(s.codebook_version)}
        self._context = {sid for sid, s in shown.items() if not accept(s.codebook_version)}
        return shown, kept

    def _sync(
        self, gone: Iterable[str], put: Iterable[Span], kept: list[Relation], was_context: set[str]
    ) -> None:
        """Remove span rows, show new or changed spans, then show exactly the relations `kept`."""
        put, every = list(put), self._all  # `_all` holds the new spans already
        moved = {s.id for s in put}
        wanted = {rel.id: (_relation_key(rel, every[rel.head], every[rel.tail]), rel) for rel in kept}
        for rel_id, key in list(self._shown_relations.items()):
            new = wanted.get(rel_id)
            if new is None or new[0] != key or new[1] != self._rows[self._row_of_key(key)]:
                self._remove_row(self._row_of_key(key))
                del self._shown_relations[rel_id]
        for sid in gone:
            self._remove_row(self._row_of_key(_key(self._shown.pop(sid))))
        for span in put:
            self._show_span(span)
        for rel_id, (key, rel) in wanted.items():
            if rel_id not in self._shown_relations:
                self._insert_row(key, rel)
                self._shown_relations[rel_id] = key
            elif rel.head in moved or rel.tail in moved:  # its row shows both spans' labels and text
                self._refresh(self._row_of_key(key))
        for span_id in was_context ^ self._context:  # greyed, or no longer
            at = self.row_of(span_id)
            if at is not None:
                self._refresh(at)

    def _show_span(self, span: Span) -> None:
        """Add a span's row, or show its new version (a span whose pieces moved changes place)."""
        old = self._shown.get(span.id)
        self._shown[span.id] = span
        if old is not None and _key(old) == _key(span):
            row = self._row_of_key(_key(span))
            self._rows[row] = span
            self._refresh(row)
            return
        if old is not None:
            self._remove_row(self._row_of_key(_key(old)))
        self._insert_row(_key(span), span)

    def _refresh(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _row_key(self, item: Span | Relation) -> Key:
        """The key a row was put in place by (a relation's is kept: its spans may have moved since)."""
        return self._shown_relations[item.id] if isinstance(item, Relation) else _key(item)

    def _remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def _insert_row(self, key: Key, item: Span | Relation) -> None:
        row = bisect_left(self._rows, key, key=self._row_key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, item)
        self.endInsertRows()

    def _row_of_key(self, key: Key) -> int:
        row = bisect_left(self._rows, key, key=self._row_key)
        assert row < len(self._rows) and self._row_key(self._rows[row]) == key, (
            "the annotation list lost a row"
        )
        return row

    # --- lookups ------------------------------------------------------------------------

    def span_at(self, row: int) -> Span | None:
        """The span of a span's row (None for a relation's row; not `span()`, which Qt reserves)."""
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, Span) else None

    def row_of(self, span_id: str) -> int | None:
        """The row of a span, or None when it is not shown."""
        span = self._shown.get(span_id)
        return None if span is None else self._row_of_key(_key(span))

    def relation_at(self, index: Index) -> Relation | None:
        """The relation of a relation's row, or None."""
        item = self._rows[index.row()] if index.isValid() and 0 <= index.row() < len(self._rows) else None
        return item if isinstance(item, Relation) else None

    def relation_index(self, relation_id: str) -> QModelIndex:
        """The index of a relation's row (invalid when it is not shown)."""
        key = self._shown_relations.get(relation_id)
        return QModelIndex() if key is None else self.index(self._row_of_key(key), 0)

    def relations_under(self, span_id: str) -> list[Relation]:
        """The relations shown under a span's row, in order."""
        row, out = self.row_of(span_id), []
        at = len(self._rows) if row is None else row + 1
        while at < len(self._rows) and isinstance(item := self._rows[at], Relation):
            out.append(item)
            at += 1
        return out

    # --- the model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """Spans and, after each, the relations it heads."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        """Label, text, note."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Label, excerpt and note (for a relation: its label and the span it points to), as plain text."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if isinstance(item, Relation):
            return self._relation_data(item, index.column(), role)
        return self._span_data(item, index.column(), role)

    def _span_data(self, span: Span, column: int, role: int) -> Any:
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

    def _relation_data(self, rel: Relation, column: int, role: int) -> Any:
        head, tail = self._all[rel.head], self._all[rel.tail]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{RELATION_MARK}{rel.label}"
            if column == 1:
                return f"{tail.label} '{span_text(tail, self._text, 48)}'"
            return ""
        if role == Qt.ItemDataRole.ToolTipRole:
            version = made_under(rel.codebook_version, self.current_version)
            return plain(f"{relation_line(rel, head, tail, self._text)}\n{version}")
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
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
