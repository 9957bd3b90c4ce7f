"""A state machine that runs random operation sequences on a Workspace and checks them against a model.

The model knows what add, delete, relabel, note, status, undo and redo must do
(including the duplicate rule and which operations move an article to "in
progress"); after every step the database must hold exactly what the model holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, DocStatus, Document
from annotator.project import Workspace

TEXT = "Mayor Ada Quill 😀 said the wall\r\nwill hold, 👩\u200d🔬 critics disagree."
LABELS = ("CLAIM", "SOURCE", "CAPTION")
ANNOTATOR = "ana"
# A few ranges (astral characters and the CRLF among them), so duplicates and collisions are frequent.
RANGES = ((0, 15), (6, 15), (16, 17), (23, 36), (27, 32), (37, 52), (0, len(TEXT)))


@dataclass(frozen=True)
class Item:
    """A span as the model knows it."""

    start: int
    end: int
    label: str
    note: str | None


@dataclass
class State:
    """What the database must hold for the model's document."""

    spans: dict[str, Item]
    status: DocStatus


@dataclass
class Step:
    """One undoable step of the model: how to undo and redo it."""

    undo: Callable[[State], None]
    redo: Callable[[State], None]


class OperationSequences(RuleBasedStateMachine):
    """Random add/delete/relabel/note/status/undo/redo against a model. Set `url` before running."""

    url = ""

    def __init__(self) -> None:
        super().__init__()
        self.ws = Workspace.open(self.url)
        project = f"p{uuid.uuid4().hex[:8]}"
        self.ws.create_project(project)
        self.ws.import_records(project, [AnnotatedDocument(Document(TEXT, title=project))])
        doc = self.ws.first_document(project)
        assert doc is not None
        self.doc = doc
        self.model = State({}, DocStatus.TODO)
        self.undo_steps: list[Step] = []
        self.redo_steps: list[Step] = []

    def teardown(self) -> None:
        self.ws.close()

    def _push(self, step: Step) -> None:
        self.undo_steps.append(step)
        self.redo_steps.clear()

    def _duplicate(self, start: int, end: int, label: str, other_than: str | None = None) -> bool:
        return any(
            (i.start, i.end, i.label) == (start, end, label) and sid != other_than
            for sid, i in self.model.spans.items()
        )

    @rule(bounds=st.sampled_from(RANGES), label=st.sampled_from(LABELS))
    def add(self, bounds: tuple[int, int], label: str) -> None:
        start, end = bounds
        if self._duplicate(start, end, label):
            try:
                self.ws.add_span(document=self.doc, start=start, end=end, label=label, annotator=ANNOTATOR)
            except ValidationError:
                return
            raise AssertionError("a duplicate span was added")
        span = self.ws.add_span(
            document=self.doc, start=start, end=end, label=label, annotator=ANNOTATOR
        ).value
        item = Item(start, end, label, None)
        self.model.spans[span.id] = item
        if self.model.status == DocStatus.TODO:
            self.model.status = DocStatus.IN_PROGRESS

        def redo(m: State) -> None:
            m.spans[span.id] = item

        self._push(Step(undo=lambda m: m.spans.pop(span.id), redo=redo))

    def _pick(self, data: st.DataObject) -> str:
        # By position, not by id: ids are random, and hypothesis must replay the same choices.
        spans = self.model.spans
        ordered = sorted(spans, key=lambda sid: (spans[sid].start, spans[sid].end, spans[sid].label))
        return ordered[data.draw(st.integers(0, len(ordered) - 1))]

    @precondition(lambda self: self.model.spans)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        sid = self._pick(data)
        self.ws.delete_span(sid)
        item = self.model.spans.pop(sid)

        def undo(m: State) -> None:
            m.spans[sid] = item

        self._push(Step(undo=undo, redo=lambda m: m.spans.pop(sid)))

    @precondition(lambda self: self.model.spans)
    @rule(data=st.data(), label=st.sampled_from(LABELS))
    def relabel(self, data: st.DataObject, label: str) -> None:
        sid = self._pick(data)
        old = self.model.spans[sid]
        if old.label == label:
            return
        if self._duplicate(old.start, old.end, label, other_than=sid):
            try:
                self.ws.relabel_span(sid, label)
            except ValidationError:
                return
            raise AssertionError("a relabel made a duplicate span")
        self.ws.relabel_span(sid, label)
        new = replace(old, label=label)
        self.model.spans[sid] = new
        self._push(Step(undo=lambda m: m.spans.update({sid: old}), redo=lambda m: m.spans.update({sid: new})))

    @precondition(lambda self: self.model.spans)
    @rule(data=st.data(), note=st.sampled_from(["", "check 😀", "second\nline", None]))
    def note(self, data: st.DataObject, note: str | None) -> None:
        sid = self._pick(data)
        old = self.model.spans[sid]
        self.ws.set_note(sid, note)
        new = replace(old, note=note or None)
        self.model.spans[sid] = new
        self._push(Step(undo=lambda m: m.spans.update({sid: old}), redo=lambda m: m.spans.update({sid: new})))

    @rule(status=st.sampled_from(list(DocStatus)))
    def status(self, status: DocStatus) -> None:
        self.ws.set_status(self.doc, status, annotator=ANNOTATOR)
        old = self.model.status
        self.model.status = status

        def set_to(value: DocStatus) -> Callable[[State], None]:
            def apply(m: State) -> None:
                m.status = value

            return apply

        self._push(Step(undo=set_to(old), redo=set_to(status)))

    @rule()
    def undo(self) -> None:
        self.ws.undo()
        if self.undo_steps:
            step = self.undo_steps.pop()
            step.undo(self.model)
            self.redo_steps.append(step)

    @rule()
    def redo(self) -> None:
        self.ws.redo()
        if self.redo_steps:
            step = self.redo_steps.pop()
            step.redo(self.model)
            self.undo_steps.append(step)

    @invariant()
    def database_matches_the_model(self) -> None:
        stored = {
            s.id: Item(s.start, s.end, s.label, s.note) for s in self.ws.spans(self.doc, annotator=ANNOTATOR)
        }
        assert stored == self.model.spans
        assert self.ws.status(self.doc, annotator=ANNOTATOR) == self.model.status
        assert (self.ws.undo_text is None) == (not self.undo_steps)
        assert (self.ws.redo_text is None) == (not self.redo_steps)
