"""Starting the app: no display, the screenshot command, import/export from the window, error hook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.gui.display import display_problem
from tests.gui.conftest import seed
from tests.gui.helpers import wait_idle

ROOT = Path(__file__).resolve().parents[2]


def test_display_problem_rules() -> None:
    assert display_problem({}, "linux") is not None
    assert "QT_QPA_PLATFORM=offscreen" in (display_problem({}, "linux") or "")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "darwin") is None


def test_gui_without_display_exits_with_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(tmp_path / "x.sqlite3"), "gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if sys.platform.startswith("linux"):
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "QT_QPA_PLATFORM=offscreen" in lines[0]
        assert "Traceback" not in result.stderr


def test_screenshot_command_renders_demo_with_highlights(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.cli import main

    out = tmp_path / "shot.png"
    assert main(["screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert image.width() == 1280 and image.height() == 800
    colours = {image.pixelColor(x, y).name().upper() for x in range(0, 1280, 2) for y in range(0, 800, 2)}
    assert {"#F5C26B", "#7FC4EC"} <= colours  # CLAIM and SOURCE highlights are on screen
    assert QColor("#F5C26B").darker(135).name().upper() in colours  # an overlap bar


def test_import_and_export_from_the_window(qtbot, open_window, sqlite_url, tmp_path: Path):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    source = tmp_path / "more.jsonl"
    lines = [{"title": f"Imported {i}", "text": f"Imported article number {i}."} for i in range(3)]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n", encoding="utf-8")
    window.files.start_import([source])
    wait_idle(qtbot, window)
    assert window.articles.model.total == 7
    (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "3 document(s) imported" in box.text()
    assert "line 4" in box.detailedText()
    box.close()

    out = tmp_path / "out.jsonl"
    window.files.start_export(out)
    wait_idle(qtbot, window)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7
    assert any(
        "Exported 7 document(s)" in b.text() for b in window.findChildren(QMessageBox) if b.isVisible()
    )


def test_cancelled_import_keeps_nothing(qtbot, open_window, sqlite_url, tmp_path: Path):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    source = tmp_path / "big.jsonl"
    source.write_text(
        "\n".join(json.dumps({"title": f"t{i}", "text": f"body {i}"}) for i in range(1200)), encoding="utf-8"
    )
    window.runner.operation_did_progress.connect(lambda *_: window.transfer.cancel())
    window.files.start_import([source])
    wait_idle(qtbot, window)
    assert window.articles.model.total == 4
    assert any("cancelled" in b.text() for b in window.findChildren(QMessageBox) if b.isVisible())


def test_excepthook_shows_errors_in_a_dialog(qtbot, open_window, sqlite_url, monkeypatch):  # type: ignore[no-untyped-def]
    from annotator.gui.errors import install_excepthook

    seed(sqlite_url)
    window = open_window(sqlite_url)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(window)
    sys.excepthook(AnnotatorError, AnnotatorError("file x.txt: line 3: bad"), None)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        sys.excepthook(RuntimeError, exc, exc.__traceback__)
    texts = [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "file x.txt: line 3: bad" in texts
    assert any("RuntimeError: boom" in t for t in texts)


def test_export_dialog_offers_every_format(qtbot, open_window, sqlite_url, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from annotator.project import export_formats

    seed(sqlite_url)
    window = open_window(sqlite_url)
    offered: list[str] = []

    def fake_dialog(parent, caption, start, filters, selected):  # type: ignore[no-untyped-def]
        offered.extend(filters.split(";;"))
        assert "/" not in Path(start).name
        return str(tmp_path / "for-doccano"), next(f for f in offered if f.startswith("doccano:"))

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    window.files.choose_export()
    wait_idle(qtbot, window)
    assert [f.split(":")[0] for f in offered] == [f.name for f in export_formats()]
    assert offered[0].startswith("jsonl:")
    out = tmp_path / "for-doccano.jsonl"  # the format's ending is added
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert "label" in first and "spans" not in first


@pytest.mark.parametrize("dialog", ["reading", "about"])
def test_the_dialog_screenshots_draw_the_dialog_over_the_window(qapp, tmp_path: Path, dialog: str) -> None:  # type: ignore[no-untyped-def]
    from annotator.gui.screenshot import SIZE, save_screenshot

    plain = QImage(str(save_screenshot(tmp_path / "plain.png")))
    shot = QImage(str(save_screenshot(tmp_path / f"{dialog}.png", dialog=dialog)))
    assert (shot.width(), shot.height()) == SIZE
    centre = [(x, y) for x in range(540, 740, 4) for y in range(340, 460, 4)]
    changed = sum(plain.pixelColor(x, y) != shot.pixelColor(x, y) for x, y in centre)
    assert changed > len(centre) // 2  # the dialog covers the middle of the window
    corner = [(x, y) for x in range(0, 300, 4) for y in range(60, 200, 4)]
    assert all(
        plain.pixelColor(x, y) == shot.pixelColor(x, y) for x, y in corner
    )  # the article list as it was
