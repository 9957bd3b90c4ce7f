"""The coder's value commands: a span's attribute, an article's document variable; one undoable operation each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.core.changes import Changes
from annotator.core.codebook import DocumentValue, check_attributes, check_document_value
from annotator.core.errors import ConflictError, ConnectionLostError, ValidationError
from annotator.core.types import DocStatus, LabelSchema, Span
from annotator.gui import ops
from annotator.gui.coding import RELOADED, Coding

Failed = Callable[[], None]


def coder_value(values: Iterable[DocumentValue], variable: str, annotator: str) -> DocumentValue | None:
    """The coder's value of a variable, else an unattributed imported one, else None."""
    found = [v for v in values if v.label == variable and v.annotator in (annotator, None)]
    return next((v for v in found if v.annotator == annotator), found[0] if found else None)


def missing_required(schema: LabelSchema, values: Iterable[DocumentValue], annotator: str) -> list[str]:
    """The required document variables the coder has not coded (as the project counts them)."""
    coded = {v.label for v in values if v.annotator == annotator}
    return [lab.name for lab in schema.document_labels() if lab.required and lab.name not in coded]


class ValueCoding(QObject):
    """Runs the coder's attribute and document-variable changes on the open article.

    Attributes:
        coding: the coder's other commands (read-only refusal, messages).

    Signals:
        message(str): a line for the status bar.
        error(str): a user-facing error message.
    """

    message = Signal(str)
    error = Signal(str)

    def __init__(self, coding: Coding, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.coding = coding
        self.article = coding.article
        self.session = coding.session
        self.runner = coding.runner

    def set_attribute(self, shown: Span, name: str, value: Any, on_failed: Failed) -> None:
        """Code (or, with None, uncode) one attribute of a span, as it is now in the open article.

        `shown` is the span as the panel last showed it: a text typed for it is still stored
        when another article opened before the field was left.
        """
        span_id = shown.id
        span = self.article.span(span_id) or shown
        label = self.session.schema.get(span.label)
        if label is None or self.coding.refuse_if_read_only():
            on_failed()
            return
        attributes = {**span.attributes, name: value}
        try:
            stored = check_attributes(label, attributes, f"the {label.name} annotation")
        except ValidationError as exc:
            self.error.emit(str(exc))
            on_failed()
            return

        def done(changes: Changes) -> None:
            current = self.article.span(span_id)
            if current is not None:
                self.article.patch(
                    change=self.article.as_stored(changes, replace(current, attributes=stored))
                )
            said = f"{label.name} {name}: {'not coded' if value is None else _shown(value)}"
            self.message.emit(said if changes.message == "annotation changed" else changes.message)

        self.runner.run(
            ops.set_attributes(span_id, attributes),
            on_done=done,
            on_error=lambda error: self._failed(error, on_failed),
            initiator=self.article,
        )

    def set_variable(self, doc_id: int, variable: str, value: Any, on_failed: Failed) -> None:
        """Code (or, with None, uncode) a document variable of an article for the coder."""
        label = self.session.schema.get(variable)
        who = self.session.annotator
        if label is None or self.coding.refuse_if_read_only():
            on_failed()
            return
        try:
            stored = None if value is None else check_document_value(label, value, variable)
        except ValidationError as exc:
            self.error.emit(str(exc))
            on_failed()
            return

        def done(changes: Changes) -> None:
            if self.article.doc_id == doc_id:
                status = DocStatus.IN_PROGRESS if self.article.status == DocStatus.TODO else None
                if stored is None:
                    self.article.patch(unset=variable, status=status)
                else:
                    self.article.patch(value=DocumentValue(variable, stored, who), status=status)
            if changes.message:
                self.message.emit(changes.message if stored is None else f"{variable}: {_shown(stored)}")

        self.runner.run(
            ops.set_value(doc_id, variable, value, who),
            on_done=done,
            on_error=lambda error: self._failed(error, on_failed),
            initiator=self.article,
        )

    def _failed(self, error: Exception, on_failed: Failed) -> None:
        """Say why; the field shows what is stored again (and, after a conflict, the article too)."""
        on_failed()
        if isinstance(error, ConflictError | ConnectionLostError):
            self.error.emit(f"{error}\n\n{RELOADED}")
            self.article.reload()
        else:
            self.runner.report_failure(error)


def _shown(value: Any) -> str:
    """A value as the status bar says it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
