"""Under a real X11 display (Xvfb, the xcb platform): no ambiguous shortcut, and Ctrl+Q quits.

Offscreen, Qt's standard keys map to nothing, so a key bound twice under xcb went unseen
(issue 15, bug 2). This test runs the window in a child process on Xvfb where that exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.gui.platform_check import xcb_problem

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import Qt, QTimer, qInstallMessageHandler
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtTest import QTest
    from annotator.gui.app import application
    from annotator.gui.main_window import build_main_window

    warnings = []
    qInstallMessageHandler(lambda _kind, _ctx, message: warnings.append(message))
    app = application()
    window = build_main_window(sys.argv[1], "p", "alice")
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(300)
    quit_keys = [k.toString() for k in window.commands.quit.shortcuts()]
    bound = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            bound.setdefault(key.toString(), []).append(action.objectName())
    twice = {k: v for k, v in bound.items() if len(v) > 1}
    window.activateWindow()
    print("ACTIVE", QTest.qWaitForWindowActive(window))
    QTest.keyClick(window.pane.view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    QTest.qWait(300)
    print("QUIT_KEYS", quit_keys)
    print("TWICE", twice)
    print("VISIBLE", window.isVisible())
    print("AMBIGUOUS", [w for w in warnings if "Ambiguous" in w])
    """
)


def _xcb_ready() -> str:
    if not sys.platform.startswith("linux"):
        return "xcb is the Linux X11 platform"
    if shutil.which("xvfb-run") is None:
        return "Xvfb is not installed (Debian: apt-get install xvfb)"
    problem = xcb_problem({**os.environ, "DISPLAY": ":99", "QT_QPA_PLATFORM": "xcb"})
    return problem or ""


@pytest.mark.skipif(bool(_xcb_ready()), reason=_xcb_ready() or "ready")
def test_under_xcb_every_key_is_bound_once_and_ctrl_q_quits(tmp_path: Path) -> None:
    from tests.gui.conftest import seed

    target = str(tmp_path / "xcb.sqlite3")
    seed(target)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env |= {"QT_QPA_PLATFORM": "xcb", "ANNOTATOR_LOG_DIR": str(tmp_path / "logs"), "HOME": str(tmp_path)}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        ["xvfb-run", "-a", sys.executable, str(script), target],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    out = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert "QUIT_KEYS ['Ctrl+Q'" in out, out
    assert "TWICE {}" in out, out
    assert "AMBIGUOUS []" in out, out
    assert "VISIBLE False" in out, out
