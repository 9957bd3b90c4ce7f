"""The article list shows the coder's assignment by default (a switch shows all), the status bar their progress on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from annotator.core.types import DocStatus
from annotator.project import Workspace
from tests.gui.conftest import seed
from tests.gui.helpers import open_article, press, wait_idle
from tests.gui.team_seed import assigned, assignment

CTRL = Qt.KeyboardModifier.ControlModifier


def _rows(window: object) -> list[int]:
    model = window.articles.model  # type: ignore[attr-defined]
    return [model.doc_id(r) for r in range(model.rowCount())]


def _progress(window: object) -> str:
    label = window.findChild(QLabel, "statusProgress")  # type: ignore[attr-defined]
    return str(label.text())


def test_the_list_shows_the_coders_assignment_and_switches_to_all(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    ids = assigned(sqlite_url)
    mine = assignment(sqlite_url, "alice")
    assert 0 < len(mine) < len(ids)
    window = open_window(sqlite_url, "P", "alice")
    combo = window.findChild(QComboBox, "assignmentFilter")
    assert combo.isVisible() and combo.currentText() == f"Assigned to me ({len(mine)})"
    assert _rows(window) == mine
    assert window.articles.list_filter().assigned_to == "alice"

    combo.setCurrentIndex(1)  # All articles
    wait_idle(qtbot, window)
    assert sorted(_rows(window)) == sorted(ids)
    assert window.articles.list_filter().assigned_to is None

    again = open_window(sqlite_url, "P", "alice")  # the choice is remembered
    assert again.findChild(QComboBox, "assignmentFilter").currentText() == "All articles"
    assert sorted(_rows(again)) == sorted(ids)
    again.articles.scope.show_all(False)
    wait_idle(qtbot, again)
    assert _rows(again) == mine


def test_a_coder_without_an_assignment_sees_every_article(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    ids = assigned(sqlite_url)
    window = open_window(sqlite_url, "P", "carol")  # the project has assignments, carol none
    assert not window.findChild(QComboBox, "assignmentFilter").isVisible()
    assert sorted(_rows(window)) == sorted(ids)
    assert _progress(window) == f"0 / {len(ids)} done"
    window.session.set_annotator("bob")  # bob has one: the list and the status bar follow
    wait_idle(qtbot, window)
    assert _rows(window) == assignment(sqlite_url, "bob")
    assert _progress(window) == f"0 / {len(assignment(sqlite_url, 'bob'))} assigned done"


def test_a_project_without_assignments_lists_all_as_before(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url, "p", "alice")
    assert not window.findChild(QComboBox, "assignmentFilter").isVisible()
    assert window.articles.model.total == 4
    assert _progress(window) == "0 / 4 done"


def test_done_next_and_page_down_stay_within_the_assignment(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    ids = assigned(sqlite_url)
    mine = assignment(sqlite_url, "alice")
    others = set(ids) - set(mine)
    window = open_window(sqlite_url, "P", "alice")
    open_article(qtbot, window, mine[0])
    assert _progress(window) == f"0 / {len(mine)} assigned done"

    press(qtbot, window, Qt.Key.Key_Return, CTRL)  # done, then the next article of the assignment
    assert window.article.doc_id == mine[1]
    assert _progress(window) == f"1 / {len(mine)} assigned done"
    with Workspace.open(sqlite_url) as ws:
        assert ws.status(mine[0], annotator="alice") == DocStatus.DONE

    for expected in mine[2:]:
        window.commands.next.trigger()  # PageDown follows the list as filtered
        wait_idle(qtbot, window)
        assert window.article.doc_id == expected and expected not in others
    window.commands.next.trigger()
    wait_idle(qtbot, window)
    assert window.article.doc_id == mine[-1]  # the end of the assignment

    open_article(qtbot, window, mine[0])  # done already: Ctrl+Enter keeps it done and moves on
    for _ in mine:
        press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert _progress(window) == f"{len(mine)} / {len(mine)} assigned done"
    assert window.article.doc_id == mine[-1]  # nothing of the assignment is left: it stays
    assert window.statusBar().currentMessage() == "Every article of your assignment is done or skipped."


def test_without_the_filter_done_next_goes_through_all_articles(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    ids = assigned(sqlite_url)
    window = open_window(sqlite_url, "P", "alice")
    window.articles.scope.show_all(True)
    wait_idle(qtbot, window)
    open_article(qtbot, window, ids[0])
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert window.article.doc_id == ids[1]  # the next article of the project, assigned or not
