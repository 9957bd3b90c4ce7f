"""File > Codebook…: add, edit, reorder and delete labels, attributes, values and document variables.

The edits are held in a draft and saved as one operation (the project checks the whole
codebook, and refuses what would break stored annotations; the dialog shows why and stays
open). Renaming a stored label or value, merging two labels and deleting a stored label
run at once as operations of their own, since they move or remove annotations. Every one
is undone from the window (Edit > Undo).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import LabelKind, LabelSchema
from annotator.gui.codebook_draft import Draft, Node, has_values
from annotator.gui.codebook_forms import AttributeForm, LabelForm, ValueForm, focus_name
from annotator.gui.codebook_model import CodebookTreeModel
from annotator.gui.codebook_stored import StoredEdits
from annotator.gui.plain import window_title
from annotator.gui.session import Session

ERROR_LIGHT, ERROR_DARK = "#B00020", "#FF8A80"
EMPTY = "Select a label, attribute, value or variable to edit it, or add one."


class CodebookEditor(QDialog):
    """The codebook editor (objectName "codebookEditor"); not modal, so the window's Undo stays at hand.

    Attributes:
        draft: the codebook as edited.
        model: the tree of the draft.
        current: the node the forms show, or None.
        message: the line that says what happened or why a change was refused.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session, self.runner = session, session.runner
        self.project = session.project
        self.draft = Draft(session.schema)
        self.model = CodebookTreeModel(self.draft, self)
        self.current: Node | None = None
        self.stored = StoredEdits(self)
        self._build()
        self.session.project_did_change.connect(self._on_session_project_changed)
        self.resize(940, 620)
        self.refill()
        self._select(Node(0) if self.draft.labels else None)

    # --- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        self.tree = QTreeView(self)
        self.tree.setObjectName("codebookTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.tree)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_current)
        self.add = QToolButton(self)
        self.add.setObjectName("addButton")
        self.add.setText("&Add")
        self.add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add)
        self.add_actions = {
            "span": menu.addAction("Span label", lambda: self.add_label(LabelKind.SPAN)),
            "relation": menu.addAction("Relation", lambda: self.add_label(LabelKind.RELATION)),
            "document": menu.addAction("Document variable", lambda: self.add_label(LabelKind.DOCUMENT)),
            "attribute": menu.addAction("Attribute of the span label", self.add_attribute),
            "value": menu.addAction("Value", self.add_value),
        }
        self.add.setMenu(menu)
        self.up = self._button("Up", "Ctrl+Up", lambda: self.move_current(-1))
        self.down = self._button("Down", "Ctrl+Down", lambda: self.move_current(1))
        self.delete = self._button("Delete", "", self.delete_current)
        tools = QHBoxLayout()
        for widget in (self.add, self.up, self.down, self.delete):
            tools.addWidget(widget)
        tools.addStretch(1)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.tree, 1)
        column.addLayout(tools)
        self.label_form, self.attribute_form, self.value_form = (
            LabelForm(self),
            AttributeForm(self),
            ValueForm(self),
        )
        self.empty = QLabel(EMPTY, self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        for page in (self.empty, self.label_form, self.attribute_form, self.value_form):
            self.stack.addWidget(page)
        for form in (self.label_form, self.attribute_form, self.value_form):
            form.changed.connect(self._on_form_changed)
        self.label_form.rename_requested.connect(self.rename_current)
        self.value_form.rename_requested.connect(self.rename_current)
        self.label_form.merge_requested.connect(self.merge_current)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.stack)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setSizes([400, 540])
        splitter.setChildrenCollapsible(False)
        self.message = QLabel(self)
        self.message.setObjectName("codebookMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.save)
        self.revert_button = buttons.addButton("&Revert", QDialogButtonBox.ButtonRole.ResetRole)
        self.revert_button.clicked.connect(self.revert)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        # Enter in a name saves; no other button of the forms may take it (Rename, Merge, Colour).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.activated.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _button(self, text: str, key: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(f"{text.lower()}Button")
        button.setAutoDefault(False)
        if key:
            button.setShortcut(QKeySequence(key))
            button.setToolTip(key)
        button.clicked.connect(slot)
        return button

    # --- showing --------------------------------------------------------------------

    def refill(self, keep: Node | None = None) -> None:
        """Show the draft's tree again, the keyboard on `keep` (or the nearest node left)."""
        self.model.reset()
        self.tree.expandAll()
        self.current = None
        self._select(keep)

    def _select(self, node: Node | None) -> None:
        while node is not None and not self.draft.valid(node):
            row = node.row()
            node = node.sibling(row - 1) if row > 0 else node.parent()
        if node is None and self.draft.labels:
            node = Node(0)
        index = self.model.index_of(node)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self._show(node)

    @Slot(QModelIndex, QModelIndex)
    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(current)
        if node != self.current:
            self._show(node)

    def _show(self, node: Node | None) -> None:
        self.current = node
        if node is None:
            self.stack.setCurrentWidget(self.empty)
        elif node.kind == "label":
            span_labels = tuple(lab.name for lab in self.draft.labels if lab.kind == LabelKind.SPAN)
            self.label_form.load(self.draft.label(node), self.draft.stored(node), span_labels)
            self.stack.setCurrentWidget(self.label_form)
        elif node.kind == "attribute":
            attribute = self.draft.attribute(node)
            assert attribute is not None
            self.attribute_form.load(attribute)
            self.stack.setCurrentWidget(self.attribute_form)
        else:
            self.value_form.load(self.draft.choice(node), self.draft.stored(node))
            self.stack.setCurrentWidget(self.value_form)
        self.update_state()

    def update_state(self) -> None:
        """Enable what applies to the selected item; mark unsaved edits in the title."""
        node, draft = self.current, self.draft
        span = node is not None and draft.label(node).kind == LabelKind.SPAN
        self.add_actions["attribute"].setEnabled(span)
        self.add_actions["value"].setEnabled(node is not None and has_values(draft.spec(node)))
        parent = node.parent() if node is not None else None
        self.up.setEnabled(node is not None and node.row() > 0)
        self.down.setEnabled(node is not None and node.row() < draft.child_count(parent) - 1)
        self.delete.setEnabled(node is not None)
        self.save_button.setEnabled(draft.dirty)
        self.revert_button.setEnabled(draft.dirty)
        name = self.project.name if self.project else ""
        self.setWindowTitle(window_title(f"Codebook of {name}") + "[*]")
        self.setWindowModified(draft.dirty)

    def say(self, text: str, *, error: bool = False) -> None:
        """Show what happened (or, `error`, why it was refused) under the forms."""
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        colour = (
            (ERROR_DARK if dark else ERROR_LIGHT)
            if error
            else self.palette().color(QPalette.ColorRole.WindowText).name()
        )
        palette = self.message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        self.message.setPalette(palette)
        self.message.setText(text)

    # --- editing the draft ------------------------------------------------------------

    @Slot()
    def _on_form_changed(self) -> None:
        node = self.current
        forms = {"label": self.label_form, "attribute": self.attribute_form, "value": self.value_form}
        if node is None or self.sender() is not forms[node.kind]:
            return  # a form not shown (a signal of its own loading) edits nothing
        before = self.draft.child_count(node)
        if node.kind == "label":
            self.draft.set_label(node, self.label_form.value())
        elif node.kind == "attribute":
            self.draft.set_attribute(node, self.attribute_form.value())
        else:
            self.draft.set_choice(node, self.value_form.value())
        if self.draft.child_count(node) != before:
            self.model.reset()  # a type with values or without them: the values appear or go
            self.tree.expandAll()
            self.tree.setCurrentIndex(self.model.index_of(node))
        else:
            self.model.node_changed(node)
        self.update_state()

    def add_label(self, kind: LabelKind) -> Node:
        """Add a span label, a relation or a document variable at the end, and edit its name."""
        node = self.draft.add_label(kind)
        self.refill(node)
        focus_name(self.label_form)
        return node

    def add_attribute(self) -> Node | None:
        """Add an attribute to the span label selected (or whose attribute is selected)."""
        node = self.current
        if node is None or self.draft.label(node).kind != LabelKind.SPAN:
            self.say("Select a span label first: attributes belong to span labels.", error=True)
            return None
        added = self.draft.add_attribute(Node(node.label))
        self.refill(added)
        focus_name(self.attribute_form)
        return added

    def add_value(self) -> Node | None:
        """Add a value to the choice or multi selected (an attribute, a variable, or one of its values)."""
        node = self.current
        if node is None or not has_values(self.draft.spec(node)):
            self.say("Select a choice or multi attribute or variable first.", error=True)
            return None
        added = self.draft.add_value(node)
        self.refill(added)
        focus_name(self.value_form)
        return added

    def move_current(self, delta: int) -> None:
        """Move the selected item up (-1) or down (1) among its siblings."""
        if self.current is not None:
            moved = self.draft.move(self.current, delta)
            if moved is not None:
                self.refill(moved)

    def delete_current(self) -> None:
        """Remove the selected item; a stored label is deleted at once (after confirmation if it is used)."""
        node = self.current
        if node is None:
            return
        if node.kind == "label" and self.draft.stored(node):
            self.stored.delete(self.draft.label(node).name)
            return
        self.draft.remove(node)
        self.refill(node)

    def revert(self) -> None:
        """Drop the unsaved edits."""
        self.draft.labels = list(self.draft.base.labels)
        self.refill(self.current)
        self.say("Unsaved changes dropped.")

    # --- operations -----------------------------------------------------------------------

    def save(self) -> None:
        """Store the edited codebook as one operation; what the project refuses is shown here."""
        self.stored.save()

    def rename_current(self) -> None:
        """Ask for a new name of the stored label or value selected, and rename it at once."""
        self.stored.rename()

    def merge_current(self) -> None:
        """Ask which label the selected stored label merges into, and merge at once."""
        self.stored.merge()

    # --- keeping up ------------------------------------------------------------------------

    @Slot()
    def _on_session_project_changed(self) -> None:
        """The stored codebook changed (an operation, an undo, another coder): follow it."""
        project, schema = self.session.project, self.session.schema
        if project is None or self.project is None or project.id != self.project.id:
            self.project = project
            self.draft = Draft(schema if project is not None else LabelSchema())
            self.model.draft = self.draft
        elif schema != self.draft.base:
            self.draft.rebase(schema)
        else:
            return
        self.refill(self.current)

    def reject(self) -> None:
        """Close (Escape, the Close button, the title bar), asking before dropping unsaved edits."""
        if self.draft.dirty:
            answer = QMessageBox.question(
                self,
                "Codebook",
                "Close and drop the unsaved changes to the codebook?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
