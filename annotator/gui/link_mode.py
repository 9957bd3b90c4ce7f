"""Link mode: R on a selected span, then the other span (click, or ←/→), then the relation's key or Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMenu

from annotator.core.changes import OpResult
from annotator.core.links import LinkChoice, link_choices, misfit_message
from annotator.core.types import Relation, Span
from annotator.gui import ops
from annotator.gui.annotation_model import span_text
from annotator.gui.article_view import ArticleView
from annotator.gui.coding import Coding
from annotator.gui.plain import menu_text

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _spans_by_position(spans: tuple[Span, ...]) -> list[Span]:
    return sorted(spans, key=lambda s: (s.start, s.end, s.id))


class LinkMode(QObject):
    """Turns keys and clicks into a relation between two spans while it is on.

    The span the link starts from stays outlined (with a dashed arc to the span chosen
    as the other end); the selection in the text is the other end, so a click or an arrow
    key picks it. A digit picks the relation with that key, Enter the only one that fits
    or a menu of those that fit; Escape (or R again) cancels.

    Signals:
        active_did_change(bool): the mode was turned on or off.
    """

    active_did_change = Signal(bool)

    def __init__(self, coding: Coding, view: ArticleView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.coding = coding
        self.article = coding.article
        self.view = view
        self.head: str | None = None
        self.menu: QMenu | None = None
        self.article.article_did_open.connect(self.cancel)

    @property
    def active(self) -> bool:
        """Whether a link is being made."""
        return self.head is not None

    def toggle(self) -> None:
        """Start a link from the selected span, or cancel the one being made."""
        if self.active:
            self.cancel()
            self.coding.message.emit("Link cancelled.")
            return
        span = self.article.selected_span()
        if span is None:
            self.coding.message.emit("Select an annotation first, then press R to link it to another.")
            return
        if self.coding.refuse_if_read_only():
            return
        if not self.coding.session.schema.relation_labels():
            self.coding.message.emit("The codebook has no relation labels to link with.")
            return
        self.head = span.id
        self.view.overlay.link_from = span.id
        self.view.installEventFilter(self)
        self.view.viewport().update()
        self.active_did_change.emit(True)
        text = self.article.document.text if self.article.document else ""
        self.coding.message.emit(
            f"Link from {span.label} '{span_text(span, text, 30)}': click or arrow (←/→) to the other "
            "annotation, then press the relation's key or Enter. Escape cancels."
        )

    def cancel(self) -> None:
        """Leave link mode; the span the link started from is selected again."""
        if self.head is None:
            return
        head, self.head = self.head, None
        self.view.overlay.link_from = None
        self.view.removeEventFilter(self)
        if self.menu is not None:
            self.menu.close()
            self.menu = None
        self.article.select(head)
        self.view.viewport().update()
        self.active_did_change.emit(False)

    # --- keys ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Digits, Enter, Escape and ←/→ belong to the link while it is made."""
        if (
            watched is not self.view
            or event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
        ):
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancel()
            self.coding.message.emit("Link cancelled.")
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step(1 if key == Qt.Key.Key_Right else -1)
        elif key in ENTER_KEYS:
            self.choose()
        elif len(event.text()) == 1 and event.text() in "123456789":
            self.choose(event.text())
        else:
            return False
        return True

    def step(self, delta: int) -> None:
        """Make the next (1) or previous (-1) span the other end."""
        spans = [s for s in _spans_by_position(self.article.spans) if s.id != self.head]
        if not spans:
            return
        ids = [s.id for s in spans]
        current = self.article.selected
        if current in ids:
            target = ids[(ids.index(current) + delta) % len(ids)]
        else:
            head = self.article.selected_span()
            after = [s.id for s in spans if head is None or (s.start, s.end) > (head.start, head.end)]
            before = [s.id for s in spans if s.id not in after]
            target = (after or ids)[0] if delta > 0 else (before or ids)[-1]
        self.article.select(target)
        self.view.set_selected_span(target, scroll=True)

    # --- choosing the relation ----------------------------------------------------------

    def _ends(self) -> tuple[Span, Span] | None:
        head = self.article.span(self.head)
        tail = self.article.selected_span()
        if head is None or tail is None or tail.id == head.id:
            return None
        return head, tail

    def choose(self, key: str = "") -> None:
        """Store the relation with that key, or (Enter) the only one that fits, or offer a menu."""
        ends = self._ends()
        if ends is None:
            self.coding.message.emit("Click or arrow (←/→) to the annotation to link to first.")
            return
        first, second = ends
        schema = self.coding.session.schema
        choices = link_choices(schema, first.label, second.label)
        if key:
            picked = next((c for c in choices if c.key == key), None)
            if picked is None:
                keyed = next((r for r in schema.relation_labels() if r.hotkey == key), None)
                if keyed is not None:
                    self.coding.error.emit(f"Not linked: {misfit_message(keyed, first.label, second.label)}.")
                else:
                    self.coding.message.emit(f"No relation has the key {key} here.")
                return
            self.commit(picked)
            return
        if not choices:
            known = ", ".join(
                f"{r.name} ({r.head or 'any'} → {r.tail or 'any'})" for r in schema.relation_labels()
            )
            self.coding.error.emit(
                f"No relation of the codebook links {first.label} and {second.label}. It has: {known}."
            )
            return
        if len(choices) == 1:
            self.commit(choices[0])
            return
        self._offer(choices, first, second)

    def _offer(self, choices: list[LinkChoice], first: Span, second: Span) -> None:
        menu = QMenu(self.view)
        menu.setObjectName("linkMenu")
        for choice in choices:
            head, tail = (second, first) if choice.reversed else (first, second)
            names = menu_text(f"{choice.relation.name}  ({head.label} → {tail.label})")
            action = menu.addAction(f"&{choice.key}  {names}" if choice.key else names)
            action.triggered.connect(lambda _=False, c=choice: self.commit(c))
        self.menu = menu
        rng = self.view.index.display_range(second.id)
        cursor = self.view.textCursor()
        cursor.setPosition(rng[0])
        rect = self.view.cursorRect(cursor)
        menu.popup(self.view.viewport().mapToGlobal(QPoint(rect.left(), rect.bottom() + 2)))

    def commit(self, choice: LinkChoice) -> None:
        """Store the relation (head and tail in the codebook's direction) as one operation."""
        ends = self._ends()
        if ends is None:
            return
        first, second = ends
        head, tail = (second, first) if choice.reversed else (first, second)
        origin = first.id
        self.menu = None
        name = choice.relation.name

        def done(result: OpResult[Relation]) -> None:
            self.article.patch(link=result.value)
            self.article.select(origin)
            self.coding.message.emit(f"Linked: {head.label} → {name} → {tail.label}.")

        self.cancel()
        work = ops.add_relation(head.id, tail.id, name, self.coding.session.annotator)
        self.coding.runner.run(work, on_done=done, on_error=self.coding.report, initiator=self.article)
