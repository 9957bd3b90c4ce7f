"""The undo and redo history of one session: steps that know how to undo and redo themselves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from annotator.core.changes import Changes
from annotator.core.errors import ConnectionLostError


@dataclass
class Step:
    """One undoable operation: its name ("add CLAIM") and the operations that undo and redo it."""

    text: str
    undo: Callable[[], Changes]
    redo: Callable[[], Changes]


@dataclass
class History:
    """Undo and redo stacks; a new step clears the redo stack."""

    undo_steps: list[Step] = field(default_factory=list)
    redo_steps: list[Step] = field(default_factory=list)

    def push(self, step: Step) -> None:
        """Record a step just done."""
        self.undo_steps.append(step)
        self.redo_steps.clear()

    @property
    def undo_text(self) -> str | None:
        """What Undo would undo, or None."""
        return self.undo_steps[-1].text if self.undo_steps else None

    @property
    def redo_text(self) -> str | None:
        """What Redo would redo, or None."""
        return self.redo_steps[-1].text if self.redo_steps else None

    def undo(self) -> Changes:
        """Undo the newest step."""
        return self._replay(self.undo_steps, self.redo_steps, "undid")

    def redo(self) -> Changes:
        """Redo the newest undone step."""
        return self._replay(self.redo_steps, self.undo_steps, "redid")

    def _replay(self, source: list[Step], target: list[Step], verb: str) -> Changes:
        """Run the newest step of one stack and move it to the other.

        A step that failed for a lost connection stays where it was, so it can be tried
        again; one refused as a conflict (someone else changed the item) can never
        apply, so it is dropped and the error says why.
        """
        if not source:
            return Changes(message=f"nothing to {'undo' if verb == 'undid' else 'redo'}")
        step = source.pop()
        try:
            changes = step.undo() if verb == "undid" else step.redo()
        except ConnectionLostError:
            source.append(step)
            raise
        target.append(step)
        return replace(changes, message=f"{verb} {step.text}", history=True)
