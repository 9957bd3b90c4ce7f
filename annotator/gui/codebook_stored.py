"""The editor's operations on the stored codebook: save the draft, rename, merge, delete; one operation each.

Each runs on the worker with the editor as its initiator; on success the draft follows
(so unsaved edits elsewhere survive), on refusal the editor says why and stays open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from annotator.core.changes import Changes, OpResult
from annotator.core.errors import AnnotatorError, ValidationError
from annotator.core.schema import check_schema
from annotator.gui import ops
from annotator.gui.codebook_draft import Node
from annotator.gui.dialogs import ask_text
from annotator.gui.plain import plain

if TYPE_CHECKING:
    from annotator.gui.codebook_editor import CodebookEditor


class StoredEdits(QObject):
    """Runs the editor's changes of the stored codebook.

    Attributes:
        editor: the codebook editor they belong to.
    """

    def __init__(self, editor: CodebookEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.session = editor.session
        self.runner = editor.runner

    def _run(self, work: ops.Work[Any], done: Any) -> None:
        def failed(error: Exception) -> None:
            if isinstance(error, AnnotatorError):
                self.editor.say(str(error), error=True)
            else:
                self.runner.report_failure(error)

        self.runner.run(work, on_done=done, on_error=failed, initiator=self.editor)

    def save(self) -> None:
        """Store the edited codebook as one operation; what the project refuses is shown here."""
        if self.editor.project is None or not self.editor.draft.dirty:
            return
        schema = self.editor.draft.schema()
        try:
            check_schema(schema, "the codebook")
        except ValidationError as exc:
            self.editor.say(str(exc), error=True)
            return

        def done(result: OpResult[Any]) -> None:
            self.editor.draft.base = schema
            self.editor.update_state()
            self.editor.say(f"Saved: {result.changes.message}.")

        self._run(ops.update_codebook(self.editor.project.id, schema, self.session.annotator), done)

    def rename(self) -> None:
        """Ask for a new name of the stored label or value selected, and rename it at once."""
        node, project = self.editor.current, self.editor.project
        if node is None or project is None:
            return
        label, who = self.editor.draft.label(node), self.session.annotator
        attribute = self.editor.draft.attribute(node)
        owner = attribute.name if attribute is not None else None
        if node.kind != "label" and self.editor.draft.base.get(label.name) != label:
            self.editor.say(f"Save or revert the edits of {label.name} first.", error=True)
            return
        old = label.name if node.kind == "label" else self.editor.draft.choice(node).name

        def accepted(new: str) -> None:
            new = new.strip()
            if not new or new == old:
                return

            def done(changes: Changes) -> None:
                if node.kind == "label":
                    self.editor.draft.renamed_label(old, new)
                else:
                    self.editor.draft.renamed_value(node, new)
                self.editor.refill(node)
                self.editor.say(f"{changes.message}.")

            if node.kind == "label":
                self._run(ops.rename_label(project.id, old, new, who), done)
            else:
                self._run(ops.rename_value(project.id, label.name, owner, old, new, who), done)

        what = "label" if node.kind == "label" else "value"
        ask_text(self.editor, "Rename", f"New name of the {what} {old}:", old, accepted)

    def merge(self) -> None:
        """Ask which label the selected stored label merges into, and merge at once."""
        node, project = self.editor.current, self.editor.project
        if node is None or project is None or node.kind != "label":
            return
        source = self.editor.draft.label(node)
        targets = [
            lab.name
            for lab in self.editor.draft.base.labels
            if lab.kind == source.kind and lab.name != source.name
        ]
        if not targets:
            self.editor.say(f"No other {source.kind.value} label to merge {source.name} into.", error=True)
            return
        dialog = QInputDialog(self.editor)
        dialog.setObjectName("mergePrompt")
        dialog.setWindowTitle("Merge")
        dialog.setLabelText(plain(f"Merge {source.name} into (its annotations become this label's):"))
        dialog.setComboBoxItems(targets)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(into: str) -> None:
            def done(changes: Changes) -> None:
                self.editor.draft.dropped_label(source.name, into)
                self.editor.refill(
                    Node(next(i for i, lab in enumerate(self.editor.draft.labels) if lab.name == into))
                )
                self.editor.say(f"{changes.message}.")

            self._run(ops.merge_labels(project.id, source.name, into, self.session.annotator), done)

        dialog.textValueSelected.connect(chosen)
        dialog.open()

    def delete(self, name: str) -> None:
        """Delete a stored label at once, after a confirmation naming its annotations when it has any."""
        project = self.editor.project
        if project is None:
            return

        def counted(usage: tuple[int, int, int]) -> None:
            total = sum(usage)
            if total:
                parts = [
                    f"{n} {what}"
                    for n, what in zip(usage, ("span(s)", "relation(s)", "document value(s)"), strict=True)
                    if n
                ]
                answer = QMessageBox.question(
                    self.editor,
                    "Delete label",
                    f"{name} carries {total} annotation(s): {', '.join(parts)}. Delete the label and them?\n\n"
                    "Edit > Undo in the window brings both back.",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return

            def done(changes: Changes) -> None:
                index = next((i for i, lab in enumerate(self.editor.draft.labels) if lab.name == name), 0)
                self.editor.draft.dropped_label(name)
                self.editor.refill(Node(index))
                self.editor.say(f"{changes.message}.")

            self._run(ops.delete_label(project.id, name, self.session.annotator, force=bool(total)), done)

        self.runner.query(
            ops.label_usage(project.id, name),
            on_done=counted,
            on_error=lambda e: self.editor.say(str(e), error=True),
        )
