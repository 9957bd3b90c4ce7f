"""The window's team parts: moving on within the coder's assignment, Tools > Agreement, the drill-down, curation.

The window makes one `TeamParts` after its actions; it connects the Tools menu's and
View > Curation's actions itself.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt

from annotator.core.errors import ValidationError
from annotator.core.types import DocStatus
from annotator.core.validation import check_annotator_name
from annotator.gui.agreement_dialog import AgreementDialog
from annotator.gui.curation_mode import CurationMode
from annotator.gui.dialogs import ask_text
from annotator.gui.disagreements_dialog import DisagreementsDialog
from annotator.project import Workspace
from annotator.project.reliability import AgreementOptions

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

ALL_DONE = "Every article of your assignment is done or skipped."


class TeamParts(QObject):
    """Assignments, agreement and curation in the window.

    Attributes:
        curation: the curation mode (View > Curation).
        agreement: the agreement dialog, while it is open.
        drill_downs: the disagreement dialogs open.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.curation = CurationMode(window)
        self._agreement: AgreementDialog | None = None
        self.drill_downs: list[DisagreementsDialog] = []
        commands = window.commands
        commands.agreement.triggered.connect(lambda _checked=False: self.open_agreement())
        commands.curation.toggled.connect(self.curation.set_active)
        commands.gold_annotator.triggered.connect(lambda _checked=False: self.choose_gold())

    # --- moving on within the assignment ------------------------------------------------

    def mark_done(self) -> None:
        """Store what is typed in the document panel, mark the article done and open the next one."""
        self.window.codebook.document.commit()
        self.finish(DocStatus.DONE)

    def finish(self, status: DocStatus = DocStatus.DONE) -> None:
        """Mark the article done (or skipped) and open the next one not finished: of the assignment, when the list shows it."""
        w = self.window
        w.coding.finish(status)
        doc_id, who = w.article.doc_id, w.session.annotator
        if not w.articles.scope.mine or doc_id is None or w.session.read_only:
            return
        left = threading.Event()  # set on the worker when the assignment has nothing left

        # Queued behind the coding's own move (which looks at every article), under the same key, so
        # only this one opens; it moves only if the status was stored (a refusal keeps the article open).
        def target(ws: Workspace, _current: int | None) -> int | None:
            if ws.status(doc_id, annotator=who) != status:
                return None
            found = ws.team.next_unfinished(doc_id, annotator=who)
            if found is None:
                left.set()
            return found

        w.article.go(target, nothing=lambda: ALL_DONE if left.is_set() else "")

    # --- agreement ----------------------------------------------------------------------

    @property
    def agreement(self) -> AgreementDialog | None:
        """The agreement dialog, while it is open."""
        found = self._agreement
        return found if found is not None and shiboken6.isValid(found) and found.isVisible() else None

    def open_agreement(self) -> AgreementDialog | None:
        """Tools > Agreement: open the agreement dialog (or bring it to the front)."""
        if self.window.session.project is None:
            self.window.coding.message.emit("Open or create a project first.")
            return None
        dialog = self.agreement
        if dialog is None:
            dialog = AgreementDialog(
                self.window.session, self.curation.gold, self.show_disagreements, self.window
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._agreement = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_disagreements(self, name: str, options: AgreementOptions) -> DisagreementsDialog | None:
        """Open the list of the articles where the coders disagree on one row of the agreement table."""
        session = self.window.session
        if session.project_id is None:
            return None
        dialog = DisagreementsDialog(
            self.window.runner, session.schema, session.project_id, name, options, self.open_article,
            self.window,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.drill_downs = [d for d in self.drill_downs if shiboken6.isValid(d)] + [dialog]
        dialog.show()
        return dialog

    def open_article(self, doc_id: int) -> None:
        """Open an article in the window and bring the window to the front."""
        self.window.article.open(doc_id)
        self.window.raise_()
        self.window.activateWindow()

    # --- the gold annotator -------------------------------------------------------------

    def choose_gold(self) -> None:
        """Tools > Gold annotator: ask for the name curated annotations are stored under."""
        ask_text(
            self.window, "Gold annotator", "The name the curated (gold) annotations are stored under:",
            self.curation.gold, self.set_gold,
        )  # fmt: skip

    def set_gold(self, name: str) -> None:
        """Use another gold annotator name (remembered)."""
        try:
            check_annotator_name(name.strip(), "gold annotator")
        except ValidationError as exc:
            self.window.show_error(str(exc))
            return
        self.curation.set_gold(name.strip())
        self.window.coding.message.emit(f"Curated annotations are stored as {name.strip()}.")
