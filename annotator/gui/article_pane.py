"""The centre of the window: the article's title and metadata above its text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.core.types import Document, Span
from annotator.gui.article_view import ArticleView
from annotator.gui.clamped_label import ClampedLabel

META_KEYS = ("outlet", "date", "author", "url")
TITLE_LINES = 3
META_LINES = 2


def metadata_line(meta: Mapping[str, Any]) -> str:
    """Outlet, date, author and URL of an article, as one plain line."""
    parts = []
    for key in META_KEYS:
        value = meta.get(key)
        if value not in (None, ""):
            parts.append(str(value))
    return "  ·  ".join(parts)


def _plain_label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ArticlePane(QWidget):
    """Title, metadata and the article view; an explanatory line when there is no article.

    Attributes:
        title: the article's title, cut to three lines (objectName "articleTitle").
        meta: outlet, date, author and URL, cut to two lines (objectName "articleMeta").
        view: the ArticleView (objectName "articleView").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # At most three lines, so a long headline never pushes the text out of sight.
        self.title = ClampedLabel(TITLE_LINES, self)
        self.title.setObjectName("articleTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        # A long URL breaks anywhere instead of widening the window.
        self.meta = ClampedLabel(META_LINES, self)
        self.meta.setObjectName("articleMeta")
        self.meta.setForegroundRole(self.meta.foregroundRole())
        self.empty = _plain_label("articleEmpty", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view = ArticleView(self)
        self._banners = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.view, 1)
        self.show_empty("No article open.")

    def add_banner(self, banner: QWidget) -> None:
        """Put a banner above the title (below those added before)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(self._banners, banner)
        self._banners += 1

    def show_document(self, document: Document, spans: list[Span]) -> None:
        """Show an article with its spans."""
        self.empty.hide()
        self.title.set_full_text(document.title or "(untitled)")
        self.title.show()
        line = metadata_line(document.meta)
        self.meta.set_full_text(line)
        self.meta.setVisible(bool(line))
        self.view.set_article(document.text, spans)
        self.view.show()

    def show_empty(self, message: str) -> None:
        """Show a message instead of an article."""
        self.view.set_article("", [])
        self.view.hide()
        self.title.hide()
        self.meta.hide()
        self.empty.setText(message)
        self.empty.show()
