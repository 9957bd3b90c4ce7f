"""Curation mode: the coders' lanes beside gold, accepting a span, a value or all that agree, undo, curation status."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from annotator.core.types import DocStatus
from annotator.gui.curation_mode import gold_annotator
from annotator.project import Workspace
from tests.gui.helpers import open_article, select_text, view, wait_idle
from tests.gui.team_seed import coded


def _gold(target: str, doc_id: int, gold: str = "gold") -> tuple[set[tuple[str, int, int]], dict[str, Any]]:
    with Workspace.open(target) as ws:
        lanes = ws.team.lanes(doc_id, gold=gold)
        return {(s.label, s.start, s.end) for s in lanes.gold.spans}, {
            v.label: v.value for v in lanes.gold.values
        }


@pytest.fixture
def curating(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    ids = coded(sqlite_url)
    window = open_window(sqlite_url, "P", "alice")
    open_article(qtbot, window, ids[0])
    window.commands.curation.trigger()
    wait_idle(qtbot, window)
    return window, ids


def test_curation_shows_every_coders_lane_and_codes_as_gold(curating, qtbot):  # type: ignore[no-untyped-def]
    window, _ids = curating
    mode = window.team.curation
    assert mode.active and window.commands.curation.isChecked()
    assert window.session.annotator == "gold" and gold_annotator() == "gold"
    assert window.findChild(QDockWidget, "curationDock").isVisible()
    lanes = mode.lanes
    assert tuple(lanes.views) == ("alice", "bob", "carol")
    alice = lanes.views["alice"]
    spans = {s.start: s for s in lanes.lanes.codings["alice"].decided()}
    assert spans[30].id in alice.disputed and spans[0].id not in alice.disputed  # only alice has 30-40
    rows = {r.name: r for r in lanes.table.rows}
    assert not rows["FRAME"].agreed and rows["TONE"].agreed
    assert rows["FRAME"].cells["carol"].text == "economic"
    assert "Curation: to do" in mode.status.text()

    window.commands.curation.trigger()  # off: the window is alice's again
    wait_idle(qtbot, window)
    assert not mode.active and window.session.annotator == "alice"
    assert not window.findChild(QDockWidget, "curationDock").isVisible()


def test_accepting_a_coders_span_puts_it_in_gold_and_undo_removes_it(curating, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, ids = curating
    lanes = window.team.curation.lanes
    alone = next(s for s in lanes.lanes.codings["alice"].decided() if s.start == 30)
    lanes.select_span("alice", alone.id)
    lane = lanes.views["alice"]
    lane.setFocus()
    qtbot.keyClick(lane, Qt.Key.Key_Return)  # Enter accepts the selected span
    wait_idle(qtbot, window)
    assert _gold(sqlite_url, ids[0])[0] == {("CLAIM", 30, 40)}
    assert alone.id in lanes.views["alice"].in_gold  # marked in the lane
    assert [(s.label, s.start) for s in window.article.spans] == [("CLAIM", 30)]  # the gold view shows it
    assert "Curation: in progress" in window.team.curation.status.text()

    window.commands.undo.trigger()
    wait_idle(qtbot, window)
    assert _gold(sqlite_url, ids[0])[0] == set()
    assert not window.article.spans and not lanes.views["alice"].in_gold


def test_accept_all_that_agree_then_undo(curating, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, ids = curating
    window.team.curation.accept_agreeing.trigger()
    wait_idle(qtbot, window)
    spans, values = _gold(sqlite_url, ids[0])
    assert spans == {("CLAIM", 0, 9), ("SOURCE", 13, 21)} and values == {"TONE": 3}
    assert "accepted 3 annotation(s)" in window.statusBar().currentMessage()
    window.team.curation.accept_agreeing.trigger()  # nothing new
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "nothing new that all coders agree on"
    window.commands.undo.trigger()
    wait_idle(qtbot, window)
    assert _gold(sqlite_url, ids[0]) == (set(), {})


def test_a_value_and_a_relation_are_accepted_from_the_table(curating, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, ids = curating
    table = window.team.curation.lanes.table
    names = [r.name for r in table.rows]
    column = list(window.team.curation.lanes.lanes.coders).index("carol")
    table.setCurrentCell(names.index("FRAME"), column)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert _gold(sqlite_url, ids[0])[1] == {"FRAME": "economic"}
    relation = next(i for i, r in enumerate(table.rows) if r.kind == "relation")
    table.setCurrentCell(relation, 1)  # bob's
    window.team.curation.accept.trigger()
    wait_idle(qtbot, window)
    spans, _values = _gold(sqlite_url, ids[0])
    assert spans == {("CLAIM", 0, 9), ("SOURCE", 13, 21)}  # the relation brought its two spans
    assert len(window.article.relations) == 1
    gold_row = next(r for r in table.rows if r.kind == "relation")
    assert gold_row.cells["gold"].text == "✓"


def test_a_disputed_attribute_is_set_on_golds_span(curating, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, ids = curating
    mode = window.team.curation
    mode.accept_agreeing.trigger()  # SOURCE 13-21 goes to gold; its type is disputed
    wait_idle(qtbot, window)
    table = mode.lanes.table
    row = next(i for i, r in enumerate(table.rows) if r.kind == "attribute" and r.name.endswith("· type"))
    assert not table.rows[row].agreed
    table.setCurrentCell(row, list(mode.lanes.lanes.coders).index("carol"))
    mode.accept.trigger()
    wait_idle(qtbot, window)
    with Workspace.open(sqlite_url) as ws:
        (source,) = [s for s in ws.spans(ids[0], annotator="gold") if s.label == "SOURCE"]
    assert source.attributes == {"type": "expert"}


def test_editing_in_the_gold_view_is_an_ordinary_operation_as_gold(curating, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, ids = curating
    select_text(window, "budget")
    qtbot.keyClick(view(window), "1")  # CLAIM, by the curator, in gold
    wait_idle(qtbot, window)
    with Workspace.open(sqlite_url) as ws:
        assert [(s.label, s.annotator) for s in ws.spans(ids[0], annotator="gold")] == [("CLAIM", "gold")]
        assert len(ws.spans(ids[0], annotator="alice")) == 4  # alice's coding is untouched


def test_the_curation_status_is_set_and_reopened(curating, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, ids = curating
    mode = window.team.curation
    mode.curated.trigger()
    wait_idle(qtbot, window)
    with Workspace.open(sqlite_url) as ws:
        assert ws.status(ids[0], annotator="gold") == DocStatus.DONE
    assert "Curation: curated (done)" in mode.status.text() and mode.curated.text() == "Reopen"
    mode.curated.trigger()
    wait_idle(qtbot, window)
    with Workspace.open(sqlite_url) as ws:
        assert ws.status(ids[0], annotator="gold") == DocStatus.IN_PROGRESS
    window.commands.undo.trigger()
    wait_idle(qtbot, window)
    with Workspace.open(sqlite_url) as ws:
        assert ws.status(ids[0], annotator="gold") == DocStatus.DONE


def test_the_gold_annotator_is_configurable(curating, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, ids = curating
    window.team.set_gold("adjudicator")
    wait_idle(qtbot, window)
    assert gold_annotator() == "adjudicator" and window.session.annotator == "adjudicator"
    window.team.curation.accept_agreeing.trigger()
    wait_idle(qtbot, window)
    assert _gold(sqlite_url, ids[0], "adjudicator")[0] == {("CLAIM", 0, 9), ("SOURCE", 13, 21)}
    assert _gold(sqlite_url, ids[0])[0] == set()
    window.team.set_gold("bad\nname")
    wait_idle(qtbot, window)
    assert gold_annotator() == "adjudicator"


def test_an_article_without_coders_says_so(curating, qtbot):  # type: ignore[no-untyped-def]
    window, ids = curating
    open_article(qtbot, window, ids[3])
    lanes = window.team.curation.lanes
    assert not lanes.views and lanes.empty.text() == "No coder has annotated this article yet."
    window.team.curation.accept.trigger()
    wait_idle(qtbot, window)


def test_gui_curate_starts_in_curation_mode(qtbot, sqlite_url, isolated_settings):  # type: ignore[no-untyped-def]
    from annotator.cli import build_parser
    from annotator.gui import build_main_window

    args = build_parser().parse_args(["gui", "--curate", "--annotator", "alice"])
    assert args.curate
    ids = coded(sqlite_url)
    window = build_main_window(sqlite_url, "P", "alice")
    qtbot.addWidget(window)
    window.team.curation.set_active(True)  # what `annotator gui --curate` does before the database opens
    window.show()
    wait_idle(qtbot, window)
    open_article(qtbot, window, ids[0])
    assert window.session.annotator == "gold" and tuple(window.team.curation.lanes.views) == (
        "alice",
        "bob",
        "carol",
    )


@pytest.mark.parametrize("team", ["agreement", "curation"])
def test_the_team_screenshots_are_drawn(qtbot, tmp_path, team):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from annotator.gui.screenshot import SIZE, save_screenshot

    out = save_screenshot(tmp_path / f"{team}.png", team=team)
    image = QImage(str(out))
    assert (image.width(), image.height()) == SIZE


def test_a_window_closed_while_curating_opens_as_the_coder(curating, qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window, _ids = curating
    window.save_settings()  # the dock was shown: the saved layout says so
    again = open_window(sqlite_url, "P", "alice")
    assert not again.team.curation.active and again.session.annotator == "alice"
    assert not again.findChild(QDockWidget, "curationDock").isVisible()
