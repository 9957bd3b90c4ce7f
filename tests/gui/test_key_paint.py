"""A label key's span reaches the screen in one paint, and the other views hear of it after the coder's own view."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject

from annotator.core.changes import Changes
from annotator.gui import article_view
from tests.gui.conftest import seed
from tests.gui.helpers import select_text, view, wait_idle


class PaintLog(QObject):
    """Records, at each paint of the article view's viewport, how many spans the article shows."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window = window
        self.paints: list[int] = []
        view(window).viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints.append(len(self.window.article.spans))
        return False


def _held_worker(window: Any) -> threading.Event:
    """Keep the worker busy until the returned event is set, so a key press's operation waits behind it."""
    go = threading.Event()
    window.runner.run(lambda _ws: go.wait(30))
    return go


@pytest.fixture
def window(open_window: Any, sqlite_url: str) -> Any:
    """A window on the seeded articles."""
    seed(sqlite_url)
    return open_window(sqlite_url)


def _press_1(qtbot: Any, window: Any) -> None:
    """Press the label key 1 on the article view (without waiting for what it starts)."""
    editor = view(window)
    editor.setFocus()
    qtbot.keyClick(editor, "1")


def _press_label_key_with_the_worker_held(qtbot: Any, window: Any, wait_ms: int) -> tuple[PaintLog, int]:
    """Label "voted" while the worker is busy, let the event loop run `wait_ms`, then let the worker go."""
    select_text(window, "voted")
    qtbot.wait(50)  # the selection is on screen, as a person sees it before pressing a key
    before = len(window.article.spans)
    log = PaintLog(window)
    go = _held_worker(window)
    _press_1(qtbot, window)
    qtbot.wait(wait_ms)  # the event loop runs while the add waits on the worker
    go.set()
    wait_idle(qtbot, window)
    return log, before


def test_the_cleared_selection_is_painted_with_the_new_span(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_view, "HOLD_MS", 60_000)
    log, before = _press_label_key_with_the_worker_held(qtbot, window, 300)
    assert len(window.article.spans) == before + 1
    assert log.paints, "the view was never painted after the key press"
    assert set(log.paints) == {before + 1}  # no paint of the text without the selection and without the span


def test_a_slow_operation_lets_the_view_paint_after_a_moment(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_view, "HOLD_MS", 20)
    log, before = _press_label_key_with_the_worker_held(qtbot, window, 500)
    assert before in log.paints  # painted while the add still waited
    assert log.paints[-1] == before + 1


def test_the_coders_view_is_updated_before_the_others_hear_of_the_change(qtbot: Any, window: Any) -> None:
    runner = window.runner
    order: list[str] = []
    runner.operation_did_execute.connect(lambda *_: order.append("announced"))
    window.article.spans_did_change.connect(lambda: order.append("span shown"))
    runner.busy_did_change.connect(lambda busy: order.append("busy" if busy else "idle"))
    select_text(window, "voted")
    _press_1(qtbot, window)
    wait_idle(qtbot, window)
    first = order.index("span shown")
    assert "announced" in order[first:]
    assert order.index("idle") > order.index("announced")  # not idle while an announcement is due


def test_each_change_is_announced_before_the_next_result_is_applied(qtbot: Any, window: Any) -> None:
    runner = window.runner
    order: list[str] = []
    runner.operation_did_execute.connect(lambda changes, _who: order.append(f"announced {changes.message}"))
    for name in ("a", "b", "c"):
        runner.run(
            lambda _ws, name=name: Changes(spans=frozenset({1}), message=name),
            on_done=lambda _changes, name=name: order.append(f"done {name}"),
            initiator=object(),
        )
    time.sleep(0.3)  # all three results are queued before this thread applies the first
    wait_idle(qtbot, window)
    assert order == ["done a", "announced a", "done b", "announced b", "done c", "announced c"]


def test_an_undo_is_shown_in_the_article_before_the_others_hear_of_it(qtbot: Any, window: Any) -> None:
    select_text(window, "voted")
    _press_1(qtbot, window)
    wait_idle(qtbot, window)
    added = len(window.article.spans)
    order: list[str] = []
    window.coding.message.connect(lambda _text: order.append("undo done"))
    window.runner.operation_did_execute.connect(lambda *_: order.append("announced"))
    window.article.spans_did_change.connect(lambda: order.append(f"{len(window.article.spans)} spans shown"))
    window.coding.undo()
    wait_idle(qtbot, window)
    # Shown as the undo's own result arrives, not when the others hear of it.
    assert order == [f"{added - 1} spans shown", "undo done", "announced"]
