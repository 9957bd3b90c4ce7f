"""Right-click menus: on the article text (a span, or selected text) and on the article list."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QTableView

from annotator.core.types import DocStatus, Span
from annotator.gui import ops
from annotator.gui.article_view import ArticleView
from annotator.gui.coding import Coding
from annotator.gui.plain import menu_text


def offsets_line(span: Span, text: str) -> str:
    """A span as one copyable line: label, offsets (each piece) and text, e.g. CLAIM [4, 9) "wall"."""
    pieces = " + ".join(f"[{s}, {e})" for s, e in span.pieces())
    quoted = " … ".join(text[s:e] for s, e in span.pieces())
    return f'{span.label} {pieces} "{quoted}"'


class ContextMenus(QObject):
    """Builds and shows the context menus; each entry runs the command the menus and keys already have.

    Attributes:
        last_menu: the menu shown last (tests read it).
    """

    def __init__(
        self,
        window: QMainWindow,
        coding: Coding,
        view: ArticleView,
        articles: QTableView,
        commands: Mapping[str, Callable[[], object]],
        label: Callable[[str], object],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.coding = coding
        self.article = coding.article
        self.view = view
        self.articles = articles
        self.commands = commands
        self.label = label
        self.last_menu: QMenu | None = None
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_view_menu)
        articles.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        articles.customContextMenuRequested.connect(self._on_list_menu)

    def _add(self, menu: QMenu, text: str, slot: Callable[[], object], *, enabled: bool = True) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, call=slot: call())
        action.setEnabled(enabled)
        return action

    def _labeller(self, name: str) -> Callable[[], object]:
        return lambda: self.label(name)

    def _show(self, menu: QMenu, at: QPoint) -> None:
        self.last_menu = menu
        menu.popup(at)

    # --- the article text -----------------------------------------------------------

    def view_menu(self, point: QPoint) -> QMenu:
        """The menu for a right-click at a viewport point: the span there, or the selected text."""
        menu = QMenu(self.view)
        menu.setObjectName("articleContextMenu")
        writable = not self.coding.session.read_only
        document = self.article.document
        pos = self.view.char_at_point(point)
        hit = self.view.index.spans_at_display(pos) if pos is not None else []
        selection = self.view.selected_range()
        schema = self.coding.session.schema
        if hit and not selection:
            span = next((s for s in hit if s.id == self.article.selected), hit[0])
            self.article.select(span.id)
            relabel = menu.addMenu("&Relabel as")
            for lab in schema.span_labels():
                key = f"\t{lab.hotkey}" if lab.hotkey else ""
                entry = self._add(relabel, menu_text(lab.name) + key, self._labeller(lab.name))
                entry.setEnabled(writable and lab.name != span.label)
            self._add(menu, "Edit &note…", self.commands["note"], enabled=writable)
            self._add(menu, "&Link to another annotation\tR", self.commands["link"], enabled=writable)
            self._add(menu, "&Delete annotation\tDelete", self.commands["delete"], enabled=writable)
            menu.addSeparator()
            text = document.text if document else ""
            self._add(menu, "&Copy text", lambda: self._copy(" … ".join(text[s:e] for s, e in span.pieces())))
            self._add(menu, "Copy text with &offsets", lambda: self._copy(offsets_line(span, text)))
        else:
            label_as = menu.addMenu("&Label as")
            label_as.setEnabled(writable and selection is not None)
            for lab in schema.span_labels():
                key = f"\t{lab.hotkey}" if lab.hotkey else ""
                self._add(label_as, menu_text(lab.name) + key, self._labeller(lab.name))
            self._add(menu, "Select &quotation\tQ", self.commands["quotation"])
            menu.addSeparator()
            self._add(menu, "&Copy", self.view.copy, enabled=selection is not None)
        self._add(menu, "Select &all", self.view.selectAll)
        return menu

    def _on_view_menu(self, point: QPoint) -> None:
        self._show(self.view_menu(point), self.view.viewport().mapToGlobal(point))

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.coding.message.emit("Copied.")

    # --- the article list -----------------------------------------------------------

    def list_menu(self, point: QPoint) -> QMenu | None:
        """The menu for a right-click on a row of the article list, or None off the rows."""
        index = self.articles.indexAt(point)
        model = self.articles.model()
        doc_id = getattr(model, "doc_id", lambda _row: None)(index.row()) if index.isValid() else None
        if doc_id is None:
            return None
        menu = QMenu(self.articles)
        menu.setObjectName("articleListContextMenu")
        writable = not self.coding.session.read_only
        self._add(menu, "&Open", lambda: self.article.open(doc_id))
        menu.addSeparator()
        self._add(menu, "Mark &done", lambda: self.set_status(doc_id, DocStatus.DONE), enabled=writable)
        self._add(menu, "&Skip", lambda: self.set_status(doc_id, DocStatus.SKIPPED), enabled=writable)
        self._add(menu, "Mark &to do", lambda: self.set_status(doc_id, DocStatus.TODO), enabled=writable)
        return menu

    def _on_list_menu(self, point: QPoint) -> None:
        menu = self.list_menu(point)
        if menu is not None:
            self._show(menu, self.articles.viewport().mapToGlobal(point))

    def set_status(self, doc_id: int, status: DocStatus) -> None:
        """Set an article's status from the list, without opening it (one undoable operation)."""
        if self.coding.refuse_if_read_only():
            return
        who = self.coding.session.annotator
        self.coding.runner.run(
            ops.set_status(doc_id, status, who), on_done=self.coding.said, on_error=self.coding.report
        )
