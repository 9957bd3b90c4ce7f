"""Curation mode (View > Curation): every coder's annotations beside the gold version, accepted into it undoably.

While it is on, the window codes as the gold annotator: the article view, the list's
statuses, the attributes and document panels show and edit gold's annotations (an edit
or an addition there is an ordinary operation under the gold name), and gold's status for
an article is its curation status. The coders' lanes sit in a dock below the article.
Turning it off gives the window back to the coder who turned it on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSignalBlocker, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from annotator.core.changes import Changes
from annotator.core.types import DocStatus
from annotator.gui import ops
from annotator.gui import settings as cfg
from annotator.gui.article_list import STATUS_TEXT
from annotator.gui.coder_lanes import CoderLanes
from annotator.gui.lane_rows import Pick
from annotator.project.curation import Lanes

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

GOLD_KEY = "team/gold_annotator"
DEFAULT_GOLD = "gold"
DOCK_SHARE = 0.55  # of the window's height, below the gold article
NOTHING_PICKED = "Click a coder's span in a lane, or a coder's entry in the table, then press Enter."


def gold_annotator() -> str:
    """The gold annotator's name (a setting; "gold" by default)."""
    return cfg.get_str(GOLD_KEY, DEFAULT_GOLD).strip() or DEFAULT_GOLD


def set_gold_annotator(name: str) -> None:
    """Remember the gold annotator's name."""
    cfg.set_value(GOLD_KEY, name)


def _action(window: QWidget, text: str, name: str, *keys: str) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
    action.setEnabled(False)
    window.addAction(action)
    return action


class CurationMode(QObject):
    """The curation dock and commands; the window's coder becomes the gold annotator while it is on.

    Attributes:
        active: whether curation is on.
        gold: the gold annotator while it is on.
        coder: the coder to give the window back to.
        dock: the "Coders" dock below the article (objectName "curationDock").
        lanes: the coders' lanes in it.
        status: the open article's curation status (objectName "curationStatus").
        accept, accept_agreeing, curated: the commands (also buttons in the dock).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session, self.article, self.coding = window.session, window.article, window.coding
        self.runner = window.runner
        self.active = False
        self.gold = gold_annotator()
        self.coder = window.session.annotator
        self.current: Lanes | None = None
        self.accept = _action(window, "&Accept the selected annotation", "actionAccept")
        self.accept_agreeing = _action(
            window, "Accept all that &agree", "actionAcceptAgreeing", "Ctrl+Shift+Return", "Ctrl+Shift+Enter"
        )
        self.curated = _action(window, "Mark &curated", "actionCurated")
        self.accept.triggered.connect(self.accept_pick)
        self.accept_agreeing.triggered.connect(self.accept_all_agreeing)
        self.curated.triggered.connect(self.toggle_curated)
        self.lanes = CoderLanes(window, gold_column=True)
        self.lanes.accept_requested.connect(self.accept_pick)
        self.status = QLabel(window)
        self.status.setObjectName("curationStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.dock = self._build_dock()
        self.session.annotator_did_change.connect(self._on_session_annotator_changed)
        self.session.project_did_change.connect(self._on_session_project_changed)
        self.article.article_did_open.connect(self.refresh)
        self.runner.operation_did_execute.connect(self._on_runner_executed)

    def _build_dock(self) -> QDockWidget:
        content = QWidget(self.window)
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 0)
        top.addWidget(self.status, 1)
        for action in (self.accept, self.accept_agreeing, self.curated):
            button = QToolButton(content)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            top.addWidget(button)
        self.accept.setText("Accept (Enter)")
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.lanes, 1)
        dock = QDockWidget("Coders", self.window)
        dock.setObjectName("curationDock")
        dock.setWidget(content)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        # A saved window layout may show the dock again at start; it shows only while curating.
        dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        return dock

    # --- on and off -------------------------------------------------------------------

    def set_active(self, on: bool) -> None:
        """Turn curation on (the window codes as gold) or off (back to the coder)."""
        if on == self.active:
            return
        action = self.window.commands.curation
        with QSignalBlocker(action):
            action.setChecked(on)
        if on:
            self.gold = gold_annotator()
            self.coder = self.session.annotator
            self.active = True
            self._enable(True)
            self.dock.show()
            self._size_dock()
            QTimer.singleShot(0, self._size_dock)  # again once a window opened with --curate is laid out
            self.session.set_annotator(self.gold)
            self.coding.message.emit(f"Curating: your edits are stored as {self.gold}.")
            self.refresh()
        else:
            self.active = False
            self._enable(False)
            self.dock.hide()
            self.current = None
            if self.session.annotator == self.gold:
                self.session.set_annotator(self.coder)

    def _size_dock(self) -> None:
        if self.active:
            self.window.resizeDocks(
                [self.dock], [int(self.window.height() * DOCK_SHARE)], Qt.Orientation.Vertical
            )

    def set_gold(self, name: str) -> None:
        """Use another gold annotator name (remembered); while curating, the window codes as it."""
        set_gold_annotator(name)
        old, self.gold = self.gold, name
        if self.active and self.session.annotator == old:
            self.session.set_annotator(name)

    def _enable(self, on: bool) -> None:
        for action in (self.accept, self.accept_agreeing, self.curated):
            action.setEnabled(on)

    @Slot()
    def _on_session_annotator_changed(self) -> None:
        if self.active and self.session.annotator != self.gold:
            self.coder = self.session.annotator  # switched by hand: stay that coder
            self.set_active(False)

    @Slot()
    def _on_session_project_changed(self) -> None:
        self.lanes.set_schema(self.session.schema)

    @Slot(bool)
    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and not self.active:
            QTimer.singleShot(0, self.dock.hide)

    # --- keeping up --------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the open article's lanes again (on the worker)."""
        if not self.active:
            return
        doc_id, gold = self.article.doc_id, self.gold
        if doc_id is None:
            self._show(None)
            return

        def done(lanes: Lanes) -> None:
            if self.active and self.article.doc_id == doc_id:
                self._show(lanes)

        self.runner.query(ops.lanes(doc_id, gold), on_done=done, on_error=self.coding.report, key="lanes")

    def _show(self, lanes: Lanes | None) -> None:
        self.current = lanes
        self.lanes.set_lanes(lanes, self.gold, "" if lanes is not None else "No article open.")
        if lanes is None:
            self.status.setText("")
            return
        status = lanes.gold.status
        said = "curated (done)" if status == DocStatus.DONE else STATUS_TEXT[status]
        coders = ", ".join(lanes.coders) or "nobody yet"
        self.status.setText(f"Curation: {said}  ·  gold: {self.gold}  ·  coders: {coders}")
        self.curated.setText("Reopen" if status == DocStatus.DONE else "Mark curated")

    @Slot(object, object)
    def _on_runner_executed(self, changes: Changes, _initiator: object) -> None:
        doc_id = self.article.doc_id
        if self.active and doc_id is not None and (doc_id in changes.touched() or -1 in changes.documents):
            self.refresh()

    # --- the commands ------------------------------------------------------------------

    def _doc(self) -> int | None:
        if not self.active or self.current is None or self.coding.refuse_if_read_only():
            return None
        return self.current.document.id

    def _run(self, work: ops.Work[Any]) -> None:
        self.runner.run(
            work, on_done=lambda result: self.coding.said(result.changes), on_error=self.coding.report,
            initiator=self,
        )  # fmt: skip

    @Slot()
    def accept_pick(self) -> None:
        """Accept what the curator selected (a coder's span, relation, value or attribute) into gold."""
        doc_id = self._doc()
        pick = self.lanes.pick()
        if doc_id is None:
            return
        if pick is None:
            self.coding.message.emit(NOTHING_PICKED)
            return
        self._run(self._accept_work(doc_id, pick))

    def _accept_work(self, doc_id: int, pick: Pick) -> ops.Work[Any]:
        gold = self.gold
        if pick.kind == "relation":
            return ops.accept_relation(pick.ref, gold)
        if pick.kind == "value":
            return ops.accept_value(doc_id, pick.ref, pick.coder, gold)
        if pick.kind == "attribute" and pick.gold_span is not None and self.current is not None:
            twin = next((s for s in self.current.gold.spans if s.id == pick.gold_span), None)
            if twin is not None and pick.attribute is not None:
                return ops.set_attributes(twin.id, {**twin.attributes, pick.attribute: pick.value})
        return ops.accept_span(pick.ref, gold)  # a span, or an attribute of a span gold lacks: with it

    @Slot()
    def accept_all_agreeing(self) -> None:
        """Accept into gold everything all of the article's coders agree on."""
        doc_id = self._doc()
        if doc_id is not None:
            self._run(ops.accept_agreeing(doc_id, self.gold))

    @Slot()
    def toggle_curated(self) -> None:
        """Mark the article curated (gold's status done), or reopen it (in progress)."""
        doc_id = self._doc()
        if doc_id is None or self.current is None:
            return
        done = self.current.gold.status == DocStatus.DONE
        status = DocStatus.IN_PROGRESS if done else DocStatus.DONE
        self._run(ops.set_curation_status(doc_id, status, self.gold))
