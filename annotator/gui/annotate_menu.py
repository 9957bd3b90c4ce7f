"""The Annotate menu: relations, attributions, quotations and the pieces of a span, with their keys.

The keys act while the article text has the focus (a letter typed in the search box
stays a letter); the menu shows them and works with the mouse.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from annotator.gui.article_pane import ArticlePane
from annotator.gui.attribution_mode import AttributionMode
from annotator.gui.banner import Banner
from annotator.gui.coding import Coding
from annotator.gui.edges import EdgeEditor
from annotator.gui.link_mode import LinkMode

SHORTCUTS = (
    ("R", "Link the selected annotation to another (then click or ←/→, and the relation's key or Enter)"),
    ("W", "Attribution mode: content, Enter, source, Enter, cue (optional), Enter"),
    ("Q", "Select the quotation around the selection (again: the next one out)"),
    ("+", "Add the selected text as another piece of the selected annotation"),
    ("-", "Remove the piece under the caret from the selected annotation"),
    ("Alt+→ / Alt+←", "Select the next / previous annotation"),
    ("Alt+Shift+→ / ←", "Move the selected annotation's end by a word (a character with snapping off)"),
    ("Alt+Ctrl+→ / ←", "Move its start the same way; or drag an edge of the selected annotation"),
)


@dataclass
class AnnotateActions:
    """The Annotate menu's actions."""

    link: QAction
    attribution: QAction
    quotation: QAction
    add_piece: QAction
    remove_piece: QAction
    next_span: QAction
    previous_span: QAction
    end_right: QAction
    end_left: QAction
    start_right: QAction
    start_left: QAction
    menu: QMenu


class AnnotateCommands(QObject):
    """Builds the Annotate menu and the link and attribution modes, and carries out their commands.

    Attributes:
        links: the link mode.
        attribution: the attribution mode.
        actions: the menu's actions.
    """

    def __init__(self, window: QMainWindow, coding: Coding, pane: ArticlePane) -> None:
        super().__init__(window)
        self.coding = coding
        self.article = coding.article
        self.view = pane.view
        self.banner = Banner("attributionBanner", "info", pane)
        pane.add_banner(self.banner)
        self.links = LinkMode(coding, self.view, self)
        self.attribution = AttributionMode(coding, self.view, self.banner, self)
        self.edges = EdgeEditor(coding, self.view, self)
        self.actions = self._build(window)
        self.attribution.active_did_change.connect(self.actions.attribution.setChecked)

    def _action(
        self, text: str, keys: tuple[str, ...], name: str, slot: object, checkable: bool = False
    ) -> QAction:
        action = QAction(text, self.view)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _=False, call=slot: call())
        self.view.addAction(action)
        return action

    def _build(self, window: QMainWindow) -> AnnotateActions:
        a = AnnotateActions(
            link=self._action("&Link to another annotation", ("R",), "actionLink", self.links.toggle),
            attribution=self._action(
                "&Attribution mode", ("W",), "actionAttribution", self.attribution.set_active, True
            ),
            quotation=self._action("Select &quotation", ("Q",), "actionQuotation", self.select_quotation),
            add_piece=self._action(
                "Add &piece to the annotation", ("+", "="), "actionAddPiece", self.add_piece
            ),
            remove_piece=self._action(
                "&Remove the piece under the caret", ("-",), "actionRemovePiece", self.remove_piece
            ),
            next_span=self._action(
                "&Next annotation", ("Alt+Right",), "actionNextSpan", lambda: self.step(1)
            ),
            previous_span=self._action(
                "&Previous annotation", ("Alt+Left",), "actionPreviousSpan", lambda: self.step(-1)
            ),
            end_right=self._action(
                "Move the end &right",
                ("Alt+Shift+Right",),
                "actionEndRight",
                lambda: self.edges.step("end", 1),
            ),
            end_left=self._action(
                "Move the end &left", ("Alt+Shift+Left",), "actionEndLeft", lambda: self.edges.step("end", -1)
            ),
            start_right=self._action(
                "Move the start r&ight",
                ("Alt+Ctrl+Right",),
                "actionStartRight",
                lambda: self.edges.step("start", 1),
            ),
            start_left=self._action(
                "Move the start l&eft",
                ("Alt+Ctrl+Left",),
                "actionStartLeft",
                lambda: self.edges.step("start", -1),
            ),
            menu=QMenu("&Annotate", window),
        )
        menu = a.menu
        menu.setObjectName("annotateMenu")
        for item in (
            a.link,
            a.attribution,
            None,
            a.quotation,
            a.add_piece,
            a.remove_piece,
            None,
            a.next_span,
            a.previous_span,
            None,
            a.end_left,
            a.end_right,
            a.start_left,
            a.start_right,
        ):
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(item)
        bar = window.menuBar()
        help_menu = next((m.menuAction() for m in bar.findChildren(QMenu) if m.title() == "&Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        return a

    def set_writable(self, writable: bool) -> None:
        """Enable the commands that change annotations."""
        a = self.actions
        edges = (a.end_left, a.end_right, a.start_left, a.start_right)
        for action in (a.link, a.attribution, a.add_piece, a.remove_piece, *edges):
            action.setEnabled(writable)
        if not writable:
            self.links.cancel()
            self.attribution.set_active(False)

    # --- commands ---------------------------------------------------------------------

    def select_quotation(self) -> None:
        """Extend the selection to the quotation around it (pressed again: the one around that)."""
        document = self.article.document
        if document is None:
            return
        found = self.view.quotation_around()
        if found is None:
            self.coding.message.emit("No quotation marks around the selection.")
            return
        self.view.select_range(*found)

    def add_piece(self) -> None:
        """In attribution mode: gather a piece; otherwise add the selection as a piece of the selected span."""
        if self.attribution.active:
            self.attribution.add_piece()
        elif self.coding.add_fragment(self.view.selected_range()):
            self.view.clear_selection()

    def remove_piece(self) -> None:
        """Remove the selected span's piece under the caret."""
        self.coding.remove_fragment(self.view.caret())

    def step(self, delta: int) -> None:
        """Select the next or previous annotation in the text."""
        spans = sorted(self.article.spans, key=lambda s: (s.start, s.end, s.id))
        if not spans:
            return
        ids = [s.id for s in spans]
        current = self.article.selected
        if current in ids:
            target = ids[(ids.index(current) + delta) % len(ids)]
        else:
            caret = self.view.caret()
            after = [s.id for s in spans if s.start >= caret]
            before = [s.id for s in spans if s.start < caret]
            target = (after or ids)[0] if delta > 0 else (before or ids)[-1]
        self.article.select(target)
        self.view.set_selected_span(target, scroll=True)
