"""The codebook editor's tree: labels, their attributes, and the values of attributes and variables."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from annotator.core.types import LabelKind
from annotator.gui.codebook_draft import Draft, Node
from annotator.gui.guidelines import attribute_tip, choice_tip, label_tip
from annotator.gui.palette import swatch

Index = QModelIndex | QPersistentModelIndex
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Name", "What")
_BITS = 20  # of the internal id per level: a label, an attribute, a value


def _encode(node: Node) -> int:
    """A node as an index's internal id (every level + 1, so 0 stands for none)."""
    attribute = 0 if node.attribute is None else node.attribute + 1
    value = 0 if node.value is None else node.value + 1
    return ((node.label + 1) << (2 * _BITS)) | (attribute << _BITS) | value


def _decode(internal: int) -> Node:
    mask = (1 << _BITS) - 1
    attribute, value = (internal >> _BITS) & mask, internal & mask
    return Node(
        (internal >> (2 * _BITS)) - 1, attribute - 1 if attribute else None, value - 1 if value else None
    )


class CodebookTreeModel(QAbstractItemModel):
    """The draft codebook as a tree of two columns: the name, and what it is."""

    def __init__(self, draft: Draft, parent: Any = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self._icons: dict[str, QIcon] = {}

    def reset(self) -> None:
        """Show the draft again after its structure changed."""
        self.beginResetModel()
        self._icons = {}
        self.endResetModel()

    def node_changed(self, node: Node) -> None:
        """A node's name or kind changed."""
        index = self.index_of(node)
        if index.isValid():
            self._icons.pop(self.draft.label(node).name, None)
            self.dataChanged.emit(index, index.siblingAtColumn(len(HEADERS) - 1))

    # --- nodes and indexes -------------------------------------------------------------

    def node(self, index: Index) -> Node | None:
        """The node of an index."""
        if not index.isValid():
            return None
        node = _decode(index.internalId())
        return node if self.draft.valid(node) else None

    def index_of(self, node: Node | None, column: int = 0) -> QModelIndex:
        """The index of a node."""
        if node is None or not self.draft.valid(node):
            return QModelIndex()
        return self.createIndex(node.row(), column, _encode(node))

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        """The index of a child."""
        if not 0 <= column < len(HEADERS) or row < 0:
            return QModelIndex()
        owner = self.node(parent)
        if parent.isValid() and owner is None:
            return QModelIndex()
        if row >= self.draft.child_count(owner):
            return QModelIndex()
        if owner is None:
            node = Node(row)
        elif owner.kind == "label" and self.draft.label(owner).kind == LabelKind.SPAN:
            node = Node(owner.label, row)
        else:
            node = Node(owner.label, owner.attribute, row)
        return self.createIndex(row, column, _encode(node))

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        """The index of a node's owner."""
        node = self.node(index)
        return self.index_of(node.parent()) if node is not None else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """How many nodes a node holds."""
        if parent.isValid() and parent.column() != 0:
            return 0
        owner = self.node(parent)
        if parent.isValid() and owner is None:
            return 0
        return self.draft.child_count(owner)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        """Name and what."""
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    # --- what a node shows -------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Name, what it is, the label colour, the guidelines as tooltip."""
        node = self.node(index)
        if node is None:
            return None
        if role == NODE_ROLE:
            return node
        if role == Qt.ItemDataRole.DisplayRole:
            return self._name(node) if index.column() == 0 else self._what(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(node)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and node.kind == "label":
            label = self.draft.label(node)
            if label.kind != LabelKind.DOCUMENT:
                if label.name not in self._icons:
                    self._icons[label.name] = swatch(label.colour)
                return self._icons[label.name]
        return None

    def _name(self, node: Node) -> str:
        if node.kind == "value":
            return self.draft.choice(node).name
        attribute = self.draft.attribute(node)
        return attribute.name if attribute is not None else self.draft.label(node).name

    def _what(self, node: Node) -> str:
        label = self.draft.label(node)
        if node.kind == "value":
            return "value"
        spec = self.draft.spec(node)
        if node.kind == "attribute":
            return f"attribute · {spec.type.value}" if spec is not None else "attribute"
        if label.kind == LabelKind.SPAN:
            return f"span label · key {label.hotkey}" if label.hotkey else "span label"
        if label.kind == LabelKind.RELATION:
            return f"relation · {label.head or 'any'} → {label.tail or 'any'}"
        required = ", required" if label.required else ""
        return f"variable · {spec.type.value}{required}" if spec is not None else "variable"

    def _tip(self, node: Node) -> str:
        if node.kind == "value":
            return choice_tip(self.draft.choice(node))
        attribute = self.draft.attribute(node)
        return attribute_tip(attribute) if attribute is not None else label_tip(self.draft.label(node))
