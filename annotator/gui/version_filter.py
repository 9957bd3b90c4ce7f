"""The annotation list's codebook-version filter: a combo over the list, the text dimming what it leaves out.

A methods section needs to say which annotations predate a change of the codebook; a
coder re-checking them needs to find them. The filter keeps the spans and relations
made under one version, before the current one, or with none recorded; the list shows
only those (a span kept only as the head of a kept relation is greyed), the article view
dims the other spans to a wash of their colour, and the count says how many are kept.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from annotator.core.types import Span
from annotator.gui.codebook_versions import EVERY, VersionChoice, choices, position

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


_VERSION = attrgetter("codebook_version")


class VersionFilter(QWidget):
    """The annotation list under its version filter (objectName "annotationsPanel"), wired to the window.

    Attributes:
        combo: all versions, each version that occurs in the article, none recorded, before the
            current version (objectName "versionFilter").
        count: how many annotations the filter keeps, shown while it is on (objectName "versionCount").
        choice: the chosen filter; it stays chosen from one article to the next.

    Signals:
        choice_did_change(): another filter was chosen.
    """

    choice_did_change = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("annotationsPanel")
        self.session, self.article = window.session, window.article
        self.annotations, self.view, self.articles = window.annotations, window.pane.view, window.articles
        self.choice = EVERY
        self._versions: Counter[int | None] = Counter()  # the open article's spans per codebook version
        self._entries: list[tuple[str, VersionChoice]] = []
        self.combo = QComboBox(self)
        self.combo.setObjectName("versionFilter")
        self.combo.setAccessibleName("Codebook version filter")
        self.combo.setToolTip("Show only the annotations made under a codebook version")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.count = QLabel(self)
        self.count.setObjectName("versionCount")
        self.count.hide()
        row = QHBoxLayout()
        row.setContentsMargins(4, 4, 4, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.annotations, 1)
        self.combo.activated.connect(self._on_combo_activated)
        self.session.project_did_change.connect(self._on_session_project_changed)
        self.article.article_did_open.connect(self.refresh)
        self.article.spans_did_change.connect(self._on_article_spans_changed)
        self.refresh()

    # --- what it offers --------------------------------------------------------------

    def refresh(self) -> None:
        """List the versions that occur in the open article (and the chosen one), and count what is kept."""
        self._versions = Counter(map(_VERSION, self.article.annotations))
        self._show()

    def _show(self) -> None:
        found = [v for v, n in self._versions.items() if n > 0]
        found += [r.codebook_version for r in self.article.relations]
        self._entries = choices(found, self.session.codebook_version, self.choice)
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            for text, _choice in self._entries:
                self.combo.addItem(text)
            at = position(self._entries, self.choice)
            self.combo.setCurrentIndex(at)
        finally:
            self.combo.blockSignals(False)
        if self._entries[at][1] != self.choice:  # "before the current version" moved on with the codebook
            self._apply(self._entries[at][1])
        # One version (or none) in the article: nothing to tell apart, the combo only says so.
        single = len(self._entries) <= 2 and not self.choice.active
        self.combo.setEnabled(not single)
        if single and len(self._entries) == 2:
            self.combo.setToolTip(f"Every annotation here was {self._entries[1][1].describe()}")
        else:
            self.combo.setToolTip("Show only the annotations made under a codebook version")
        self._count()

    def choose(self, choice: VersionChoice) -> None:
        """Filter by a choice (as if picked from the combo)."""
        self._apply(choice)
        self._show()

    def _apply(self, choice: VersionChoice) -> None:
        self.choice = choice
        accepts = choice.accepts if choice.active else None
        self.annotations.set_filter(accepts)
        self.view.set_keep(self._keeps if choice.active else None)
        self.choice_did_change.emit()

    def _keeps(self, span: Span) -> bool:
        """Whether the article view shows a span in full colour."""
        return self.choice.accepts(span.codebook_version)

    def _count(self) -> None:
        relations = self.article.relations
        spans = sum(n for n in self._versions.values() if n > 0)
        kept_spans = sum(n for v, n in self._versions.items() if n > 0 and self.choice.accepts(v))
        kept_relations = sum(self.choice.accepts(r.codebook_version) for r in relations)
        self.count.setVisible(self.choice.active)
        self.count.setText(f"{kept_spans + kept_relations} of {spans + len(relations)}")
        self.count.setToolTip(
            f"{kept_spans} of {spans} spans and {kept_relations} of {len(relations)} relations "
            f"{self.choice.describe()}; the other spans are dimmed in the text"
        )

    # --- events ----------------------------------------------------------------------

    @Slot()
    def _on_article_spans_changed(self) -> None:
        delta = self.article.delta
        if delta is None:
            self.refresh()
            return
        delta = delta.annotations()
        self._versions.subtract(s.codebook_version for s in delta.before())
        self._versions.update(s.codebook_version for s in delta.after())
        self._show()

    @Slot(int)
    def _on_combo_activated(self, index: int) -> None:
        if 0 <= index < len(self._entries):
            self.choose(self._entries[index][1])

    @Slot()
    def _on_session_project_changed(self) -> None:
        version = self.session.codebook_version
        self.annotations.model_.current_version = version
        self.view.current_version = version
        self.articles.versions.set_current(version)
        self.refresh()
