"""Attribution mode: content, then source, then (optionally) cue, Enter after each; stored as one operation.

Each part is the text selected (with pieces gathered by +, for a quote split by its
cue) or, with no text selected, the annotation selected: a source that said several
things is one SOURCE span reused by many contents.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

from annotator.core.changes import OpResult
from annotator.core.pieces import merge_pieces
from annotator.core.roles import attribution_relation
from annotator.core.spans import clean_selection
from annotator.core.types import DocStatus, Role
from annotator.gui import ops
from annotator.gui.article_view import ArticleView
from annotator.gui.banner import Banner
from annotator.gui.coding import Coding
from annotator.gui.overlay import Part as DrawnPart
from annotator.project.relations import Attribution, Part

STEPS = (Role.CONTENT, Role.SOURCE, Role.CUE)
ASK = {
    Role.CONTENT: "select what was said (the content, {label}) and press Enter",
    Role.SOURCE: "select who said it (the source, {label}) and press Enter",
    Role.CUE: "select the attributing words (the cue, {label}) and press Enter, or press Enter for none",
}
HELP = "+ adds a piece; with no text selected, Enter takes the selected annotation. Escape starts over; W leaves."


class AttributionMode(QObject):
    """The attribution gesture while the mode is on (key W).

    Attributes:
        parts: the parts chosen so far, in step order.
        pending: pieces (code points) gathered with + for the current part.
        banner: the strip above the article saying what to select next.

    Signals:
        active_did_change(bool): the mode was turned on or off.
    """

    active_did_change = Signal(bool)

    def __init__(
        self, coding: Coding, view: ArticleView, banner: Banner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.coding = coding
        self.article = coding.article
        self.session = coding.session
        self.view = view
        self.banner = banner
        self.active = False
        self.parts: list[Part | None] = []
        self.pending: tuple[tuple[int, int], ...] = ()
        self.article.article_did_open.connect(self.restart)

    # --- on and off -----------------------------------------------------------------------

    def set_active(self, on: bool) -> None:
        """Turn the mode on (if the codebook has the labels it needs) or off."""
        if on == self.active:
            return
        if on:
            problem = self._missing()
            if problem:
                self.coding.error.emit(problem)
                self.active_did_change.emit(False)
                return
            if self.coding.refuse_if_read_only():
                self.active_did_change.emit(False)
                return
            self.active = True
            self.view.installEventFilter(self)
        else:
            self.active = False
            self.view.removeEventFilter(self)
        self.restart()
        self.active_did_change.emit(self.active)

    def _missing(self) -> str:
        """Why the codebook cannot code attributions, or ""."""
        schema = self.session.schema
        for role in (Role.CONTENT, Role.SOURCE):
            if schema.by_role(role) is None:
                return (
                    f"Attribution mode needs a span label with the role {role.value!r} in the codebook "
                    "(Codebook > Edit: give a label the role, or import a codebook that has one)."
                )
        if attribution_relation(schema, Role.SOURCE) is None:
            content, source = schema.by_role(Role.CONTENT), schema.by_role(Role.SOURCE)
            assert content is not None and source is not None
            return f"Attribution mode needs a relation from {content.name} to {source.name} in the codebook."
        return ""

    def restart(self) -> None:
        """Drop the parts chosen so far; ask for the content again."""
        self.parts = []
        self.pending = ()
        self._show()

    @property
    def step(self) -> Role:
        """The part asked for now."""
        return STEPS[min(len(self.parts), len(STEPS) - 1)]

    def _show(self) -> None:
        """The banner's request and the parts drawn so far."""
        drawn: list[DrawnPart] = []
        index = self.view.index
        for role, part in zip(STEPS, self.parts, strict=False):
            label = self.session.schema.by_role(role)
            if part is None or label is None:
                continue
            if part.span_id is not None and index.get(part.span_id) is not None:
                pieces = index.display_pieces(part.span_id)
            else:
                pieces = tuple(index.positions.span_to_display(s, e) for s, e in part.pieces)
            drawn.append(DrawnPart(role.value, label.name, pieces))
        if self.pending:
            label = self.session.schema.by_role(self.step)
            pieces = tuple(index.positions.span_to_display(s, e) for s, e in self.pending)
            drawn.append(DrawnPart(f"{self.step.value} …", label.name if label else "", pieces))
        self.view.overlay.parts = drawn if self.active else []
        self.view.viewport().update()
        if not self.active:
            self.banner.dismiss()
            return
        label = self.session.schema.by_role(self.step)
        request = ASK[self.step].format(label=label.name if label else self.step.value)
        number = STEPS.index(self.step) + 1
        self.banner.show_message(f"Attribution, step {number} of 3: {request}. {HELP}")

    # --- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter takes the part; Escape starts over (or leaves the mode when nothing is chosen)."""
        if (
            watched is not self.view
            or event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
        ):
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.take()
            return True
        if event.key() == Qt.Key.Key_Escape:
            if self.parts or self.pending:
                self.restart()
                self.view.clear_selection()
                self.coding.message.emit("Attribution dropped: select the content again.")
            else:
                self.set_active(False)
            return True
        return False

    def _selection(self) -> tuple[int, int] | None:
        document = self.article.document
        selected = self.view.selected_range()
        if document is None or selected is None:
            return None
        start, end = clean_selection(document.text, *selected, snap=self.coding.snap)
        return (start, end) if start < end else None

    def add_piece(self) -> None:
        """Gather the text selection as one more piece of the current part."""
        piece = self._selection()
        if piece is None:
            self.coding.message.emit("Select the next piece of text first, then press +.")
            return
        self.pending = merge_pieces((*self.pending, piece))
        self.view.clear_selection()
        self._show()
        self.coding.message.emit(
            f"{len(self.pending)} piece(s) gathered; select the last one and press Enter."
        )

    def take(self) -> None:
        """Take the current part (selected text, gathered pieces or the selected annotation) and move on."""
        piece = self._selection()
        pieces = merge_pieces((*self.pending, piece) if piece else self.pending)
        chosen = {p.span_id for p in self.parts if p is not None and p.span_id}
        span = self.article.selected_span()
        if pieces:
            part: Part | None = Part(pieces=pieces)
        elif span is not None and span.id not in chosen:
            part = Part(span_id=span.id)
        elif self.step == Role.CUE:
            part = None
        else:
            self.coding.message.emit(f"Nothing selected: {ASK[self.step].format(label=self._label())}.")
            return
        self.parts.append(part)
        self.pending = ()
        self.view.clear_selection()
        self.article.select(None)
        if len(self.parts) == len(STEPS) or (
            self.step == Role.CUE and attribution_relation(self.session.schema, Role.CUE) is None
        ):
            self._store()
        else:
            self._show()

    def _label(self) -> str:
        label = self.session.schema.by_role(self.step)
        return label.name if label else self.step.value

    # --- storing ---------------------------------------------------------------------------

    def _store(self) -> None:
        document = self.article.document
        if document is None or document.id is None or not self.parts or self.parts[0] is None:
            self.restart()
            return
        parts = self.parts + [None] * (len(STEPS) - len(self.parts))
        content, source, cue = parts[0], parts[1], parts[2]
        assert content is not None
        doc_id = document.id
        self.restart()

        def done(result: OpResult[Attribution]) -> None:
            if self.article.doc_id != doc_id:
                return
            stored = result.value
            have = {s.id for s in self.article.spans}
            for span in (stored.content, stored.source, stored.cue):
                if span is not None and span.id not in have:
                    self.article.patch(add=span)
            for relation in stored.relations:
                self.article.patch(link=relation)
            if self.article.status == DocStatus.TODO:
                self.article.patch(status=DocStatus.IN_PROGRESS)
            self.article.select(stored.content.id)
            self._show()
            what = " and ".join(r.label for r in stored.relations)
            self.coding.message.emit(f"Attribution stored ({what}); select the next content.")

        work = ops.add_attribution(doc_id, content, source, cue, self.session.annotator)
        self.coding.runner.run(work, on_done=done, on_error=self.coding.report, initiator=self.article)
