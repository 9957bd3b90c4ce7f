"""The window's lasting state shown to the coder: the status bar, the read-only and connection banners."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QMainWindow

from annotator.core.errors import ConnectionLostError
from annotator.gui import ops
from annotator.gui.article import OpenArticle
from annotator.gui.article_list import STATUS_TEXT
from annotator.gui.article_pane import ArticlePane
from annotator.gui.banner import Banner
from annotator.gui.coding import READ_ONLY_REASON

RETRYING = "Connection to the database lost – retrying{attempt}…"
LOST = "Connection to the database lost. The next action tries again."
LOST_DETAILS = "This banner goes when the database answers again."
READ_ONLY_DETAILS = (
    "You can read and export the annotations, but not add, change or delete them, "
    "import articles, or mark articles done or skipped."
)


def progress_text(done: int, total: int, mine: int, assigned: int) -> str:
    """The coder's progress: on their assignment when they have one ("12 / 40 assigned done"), else on all."""
    if assigned:
        return f"{mine} / {assigned} assigned done"
    return f"{done} / {total} done" if total else "no articles"


def _status_label(name: str, parent: QMainWindow) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class WindowStatus(QObject):
    """Keeps the status bar (article status, progress, coder, database) and the banners up to date.

    Attributes:
        read_only_banner: above the article while the database is open read-only.
        connection_banner: above the article while the connection is lost.
        labels: the status bar's permanent labels by name.
    """

    def __init__(self, window: QMainWindow, pane: ArticlePane, article: OpenArticle) -> None:
        super().__init__(window)
        self.window = window
        self.article = article
        self.session = article.session
        self.runner = article.runner
        self.read_only_banner = Banner("readOnlyBanner", "warning", pane)
        self.connection_banner = Banner("connectionBanner", "error", pane)
        pane.add_banner(self.read_only_banner)
        pane.add_banner(self.connection_banner)
        self.labels = {
            name: _status_label(f"status{name.capitalize()}", window)
            for name in ("article", "progress", "annotator", "database")
        }
        for label in self.labels.values():
            window.statusBar().addPermanentWidget(label)
        self.runner.operation_did_finish.connect(self._on_runner_finished)
        self.runner.connection_will_retry.connect(self._on_runner_retrying)

    def update(self) -> None:
        """The article's status, the coder and the database, as they are now."""
        s = self.session
        self.labels["article"].setText(
            f"this article: {STATUS_TEXT[self.article.status]}" if self.article.document else ""
        )
        self.labels["annotator"].setText(f"annotator: {s.annotator}")
        self.labels["database"].setText(s.database.url if s.database else "no database")

    def update_read_only(self) -> None:
        """The read-only banner, for the open database."""
        s = self.session
        if s.database is not None and s.read_only:
            self.read_only_banner.show_message(
                f"{READ_ONLY_REASON}\nDatabase: {s.database.url}", READ_ONLY_DETAILS
            )
        else:
            self.read_only_banner.dismiss()

    def refresh_progress(self) -> None:
        """Count the coder's done articles again, on the worker."""
        project, who = self.session.project_id, self.session.annotator
        if project is None:
            self.labels["progress"].setText("no articles")
            return

        def counted(result: tuple[int, int, int, int]) -> None:
            if self.session.project_id == project and self.session.annotator == who:
                done, total, mine, assigned = result
                label = self.labels["progress"]
                label.setText(progress_text(done, total, mine, assigned))
                label.setToolTip(f"{done:,} of the project's {total:,} articles done" if assigned else "")

        self.runner.query(ops.progress_and_assignment(project, who), on_done=counted, key="progress")

    @Slot(object)
    def _on_runner_finished(self, error: Exception | None) -> None:
        if error is None:
            self.connection_banner.dismiss()  # the database answered again
        elif isinstance(error, ConnectionLostError):
            self.connection_banner.show_message(LOST, f"{error}\n{LOST_DETAILS}")

    @Slot(str)
    def _on_runner_retrying(self, message: str) -> None:
        attempt = re.search(r"\(\d+/\d+\)\s*$", message)
        self.connection_banner.show_message(
            RETRYING.format(attempt=f" {attempt.group().strip()}" if attempt else ""), message
        )
