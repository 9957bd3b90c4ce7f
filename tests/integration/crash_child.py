"""Child process of the crash tests: creates annotations one by one, acknowledging each.

Run as ``python crash_child.py DB PROJECT ANNOTATOR MODE``. MODE "gui" drives the real
window (a selection in articleView and the label hotkey), "facade" calls
Workspace.add_span, and "auto" uses the window when annotator.gui.build_main_window
exists. It prints "MODE <gui|facade>", "READY", then "ACK <id> <doc> <start> <end>
<label>" only after the span is stored, and runs until it is killed (or LIMIT spans).
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator

LABEL, HOTKEY = "CLAIM", "1"


def say(line: str) -> None:
    """One line to the parent, flushed at once (a line is acknowledged only once whole)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def candidates(text: str, taken: set[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Distinct whole-word [start, end) ranges not yet annotated, in a fixed order.

    Whole words, because the window snaps a selection to word boundaries by default.
    """
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    for width in range(1, len(words) + 1):
        for i in range(len(words) - width + 1):
            pair = (words[i][0], words[i + width - 1][1])
            if pair not in taken:
                yield pair


def gui_available() -> bool:
    """True when the window's testing entry point exists."""
    try:
        import annotator.gui as gui
    except ImportError:
        return False
    return hasattr(gui, "build_main_window")


def run_facade(db: str, project: str, who: str, limit: int) -> None:
    """Create spans through the facade, as the GUI's worker thread would."""
    from annotator.project import Workspace

    ws = Workspace.open(db)
    doc = ws.first_document(project)
    assert doc is not None
    text = ws.document(doc).text
    taken = {(s.start, s.end) for s in ws.spans(doc, annotator=who)}
    say("READY")
    for n, (start, end) in enumerate(candidates(text, taken)):
        if n >= limit:
            break
        span = ws.add_span(document=doc, start=start, end=end, label=LABEL, annotator=who).value
        say(f"ACK {span.id} {doc} {span.start} {span.end} {span.label}")


def run_gui(db: str, project: str, who: str, limit: int) -> None:
    """Create spans by selecting text in the real window and pressing the label hotkey."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit

    from annotator.gui import build_main_window
    from annotator.project import Workspace

    app = QApplication.instance() or QApplication([])
    window = build_main_window(db, project, who)
    window.show()
    view = window.findChild(QPlainTextEdit, "articleView") or window.findChild(QTextEdit, "articleView")
    if view is None:
        say("FAIL no widget named articleView")
        sys.exit(3)
    observer = Workspace.open(db)  # a second connection: sees only committed spans
    doc = observer.first_document(project)
    assert doc is not None
    text = observer.document(doc).text
    deadline = time.monotonic() + 60
    while view.toPlainText() != text:
        if time.monotonic() > deadline:
            say("FAIL the article never appeared in articleView")
            sys.exit(3)
        QTest.qWait(5)
    known = {s.id: s for s in observer.spans(doc, annotator=who)}
    taken = {(s.start, s.end) for s in known.values()}
    say("READY")
    for n, (start, end) in enumerate(candidates(text, taken)):
        if n >= limit:
            break
        cursor = view.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        QTest.keyClick(view, Qt.Key.Key_1)
        deadline = time.monotonic() + 60
        while True:
            new = [s for s in observer.spans(doc, annotator=who) if s.id not in known]
            if new:
                break
            if time.monotonic() > deadline:
                say(f"FAIL no span appeared for [{start}, {end})")
                sys.exit(3)
            QTest.qWait(1)
        for span in new:
            known[span.id] = span
            if (span.start, span.end) != (start, end):
                say(f"MISMATCH {span.id} selected [{start}, {end}) stored [{span.start}, {span.end})")
            say(f"ACK {span.id} {doc} {span.start} {span.end} {span.label}")
    say("DONE")
    # Skip interpreter teardown: PySide6 can abort while finalising a window that was
    # never closed ("Fatal Python error: bool_dealloc"); everything is committed by now.
    del app
    os._exit(0)


def main() -> None:
    """Parse the arguments and run the chosen driver."""
    db, project, who, mode = sys.argv[1:5]
    limit = int(os.environ.get("CRASH_CHILD_LIMIT", "1000000"))
    if mode == "auto":
        mode = "gui" if gui_available() else "facade"
    say(f"MODE {mode}")
    if mode == "gui":
        run_gui(db, project, who, limit)
    else:
        run_facade(db, project, who, limit)
    say("DONE")


if __name__ == "__main__":
    main()
