"""The codebook-version filter in the real window: the annotation list, the text's marks, tooltips, the article list."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QComboBox

from annotator.core.types import LabelSchema, Origin, Span
from annotator.gui.highlighter import DIM_ALPHA
from annotator.project import Workspace
from tests.gui.codebook_data import ARTICLES, CODEBOOK
from tests.gui.conftest import seed
from tests.gui.helpers import open_article, press, select_text, shown, view, wait_idle

TEXT = ARTICLES[0][1]
SAID = TEXT.index("said")
IMPORTED_CUE = Span(SAID, SAID + 4, "CUE", origin=Origin.IMPORTED)  # imported without a codebook version
CLAIM_TEXT, MAYOR, COUNCIL = "the wall will cost 48 million euros", "The mayor", "The council"


def _code(qtbot: Any, window: Any, needle: str, key: str) -> str:
    """Label the first `needle` with a hotkey; the new span's id."""
    select_text(window, needle)
    press(qtbot, window, key)
    return next(s.id for s in window.article.spans if s.text_in(TEXT) == needle)


def _link(qtbot: Any, window: Any, head: str, tail: str) -> None:
    window.article.select(head)
    press(qtbot, window, "r")
    window.article.select(tail)
    press(qtbot, window, Qt.Key.Key_Return)


def _change_codebook(
    qtbot: Any, window: Any, target: str, definition: str = "A claim with its source."
) -> None:
    """Change CLAIM's definition elsewhere (the codebook's version goes up), then reload as F5 does."""
    with Workspace.open(target) as ws:
        schema = ws.schema("p")
        labels = tuple(
            replace(lab, description=definition) if lab.name == "CLAIM" else lab for lab in schema.labels
        )
        ws.codebook.update("p", LabelSchema(labels))
    window.watcher.reload_now()
    wait_idle(qtbot, window)


def _coded_across_versions(qtbot: Any, open_window: Any, target: str) -> tuple[Any, dict[str, str]]:
    """CLAIM and SOURCE 'The mayor' linked under v1, SOURCE 'The council' under v2, an imported CUE without one."""
    seed(target, ARTICLES, spans={0: [IMPORTED_CUE]}, schema=CODEBOOK)
    window = open_window(target)
    ids = {"claim": _code(qtbot, window, CLAIM_TEXT, "1"), "mayor": _code(qtbot, window, MAYOR, "2")}
    _link(qtbot, window, ids["claim"], ids["mayor"])
    _change_codebook(qtbot, window, target)
    assert window.session.codebook_version == 2
    ids["council"] = _code(qtbot, window, COUNCIL, "2")
    ids["cue"] = next(s.id for s in window.article.spans if s.label == "CUE")
    return window, ids


def _choose(qtbot: Any, window: Any, text: str) -> None:
    """Pick an entry of the version filter from the keyboard, as a coder would."""
    combo = window.findChild(QComboBox, "versionFilter")
    target = combo.findText(text)
    assert target >= 0, f"{text!r} not in {_entries(window)}"
    combo.setFocus()
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)
    wait_idle(qtbot, window)


def _entries(window: Any) -> list[str]:
    combo = window.findChild(QComboBox, "versionFilter")
    return [combo.itemText(i) for i in range(combo.count())]


def _rows(window: Any) -> list[tuple[str, str, list[str]]]:
    """The list's rows: label, text, and the relation rows under each."""
    model = window.annotations.model()
    out: list[tuple[str, str, list[str]]] = []
    for row in range(model.rowCount()):
        label, text = model.data(model.index(row, 0)), model.data(model.index(row, 1))
        if model.span_at(row) is None:  # a relation's row, under the span row before it
            out[-1][2].append(label.strip())
        else:
            out.append((label, text, []))
    return out


def _alpha_at(window: Any, needle: str) -> int:
    """The alpha of the highlight the text view paints on the first character of `needle`."""
    editor = view(window)
    cursor = editor.document().find(needle)
    block = cursor.block()
    at = cursor.selectionStart() - block.position()
    for fmt in block.layout().formats():
        if fmt.start <= at < fmt.start + fmt.length:
            return int(fmt.format.background().color().alpha())
    raise AssertionError(f"{needle!r} is not highlighted")


def test_filtering_by_codebook_version_lists_and_marks_the_annotations_made_under_it(
    qtbot, open_window, sqlite_url
):  # type: ignore[no-untyped-def]
    window, _ids = _coded_across_versions(qtbot, open_window, sqlite_url)
    assert _entries(window) == [
        "All codebook versions",
        "Made under v1",
        "Made under v2 (current)",
        "Version not recorded",
        "Made before the current version (v2)",
    ]
    count = window.versions.count
    assert not count.isVisible()  # no filter, no count
    assert [r[0] for r in _rows(window)] == ["SOURCE", "SOURCE", "CUE", "CLAIM"]

    _choose(qtbot, window, "Made under v1")
    assert _rows(window) == [
        ("SOURCE", MAYOR, []),
        ("CLAIM", CLAIM_TEXT, ["→ ATTRIBUTED_TO"]),
    ]
    assert count.isVisible() and count.text() == "3 of 5"  # 2 of 4 spans, 1 of 1 relation
    assert _alpha_at(window, MAYOR) == 255 and _alpha_at(window, CLAIM_TEXT) == 255
    assert _alpha_at(window, COUNCIL) == DIM_ALPHA and _alpha_at(window, "said") == DIM_ALPHA

    _choose(qtbot, window, "Version not recorded")
    assert _rows(window) == [("CUE", "said", [])]
    assert _alpha_at(window, "said") == 255 and _alpha_at(window, MAYOR) == DIM_ALPHA

    _choose(qtbot, window, "Made before the current version (v2)")
    assert [r[1] for r in _rows(window)] == [MAYOR, CLAIM_TEXT]  # an unrecorded version predates nothing

    _choose(qtbot, window, "All codebook versions")
    assert len(_rows(window)) == 4 and not count.isVisible()
    assert all(_alpha_at(window, n) == 255 for n in (MAYOR, CLAIM_TEXT, COUNCIL, "said"))


def test_a_relation_is_filtered_by_its_own_version_under_its_greyed_head(
    qtbot, open_window, sqlite_url, qtmodeltester
):  # type: ignore[no-untyped-def]
    window, ids = _coded_across_versions(qtbot, open_window, sqlite_url)
    _link(qtbot, window, ids["claim"], ids["council"])  # a v2 relation from a v1 span
    _choose(qtbot, window, "Made under v2 (current)")
    assert _rows(window) == [
        ("SOURCE", COUNCIL, []),
        ("CLAIM", CLAIM_TEXT, ["→ ATTRIBUTED_TO"]),  # only the v2 relation under it
    ]
    model = window.annotations.model()
    qtmodeltester.check(model)
    claim_row = model.index(model.row_of(ids["claim"]), 0)
    assert model.is_context(ids["claim"]) and not model.is_context(ids["council"])
    grey = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert model.data(claim_row, Qt.ItemDataRole.ForegroundRole) == grey
    assert "Shown for a relation below it" in shown(model.data(claim_row, Qt.ItemDataRole.ToolTipRole))
    relation = shown(model.data(model.index(claim_row.row() + 1, 1), Qt.ItemDataRole.ToolTipRole))
    assert relation.endswith("\nMade under codebook v2")
    assert _alpha_at(window, CLAIM_TEXT) == DIM_ALPHA  # the text marks the spans themselves


def test_tooltips_and_the_attributes_panel_say_which_version_an_annotation_was_made_under(
    qtbot, open_window, sqlite_url
):  # type: ignore[no-untyped-def]
    window, ids = _coded_across_versions(qtbot, open_window, sqlite_url)
    model = window.annotations.model()
    tip = shown(model.data(model.index(model.row_of(ids["mayor"]), 0), Qt.ItemDataRole.ToolTipRole))
    assert tip == "SOURCE — alice\nMade under codebook v1 (now v2)"
    window.article.select(ids["mayor"])
    panel = window.codebook.attributes
    assert panel.version.isVisible() and panel.version.text() == "Made under codebook v1 (now v2)"
    window.article.select(ids["council"])
    assert panel.version.text() == "Made under codebook v2"
    window.article.select(ids["cue"])  # CUE has no attributes: the version is still said
    assert panel.version.text() == "Codebook version not recorded (imported without one)"
    window.article.select(None)
    assert not panel.version.isVisible()


def test_the_filter_stays_chosen_while_coding_and_on_the_next_article(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window, ids = _coded_across_versions(qtbot, open_window, sqlite_url)
    _choose(qtbot, window, "Made under v1")
    window.article.select(ids["mayor"])
    assert window.annotations.currentIndex().data() == "SOURCE"
    _code(qtbot, window, "harbour wall", "1")  # coded now, under v2: dimmed, not listed
    assert [r[1] for r in _rows(window)] == [MAYOR, CLAIM_TEXT]
    assert window.versions.count.text() == "3 of 6" and _alpha_at(window, "harbour wall") == DIM_ALPHA
    open_article(qtbot, window, window.articles.model.doc_id(1))
    assert window.versions.combo.currentText() == "Made under v1" and _rows(window) == []
    assert window.versions.count.text() == "0 of 0"
    select_text(window, "Nurses")
    press(qtbot, window, "2")
    assert _rows(window) == [] and window.versions.count.text() == "0 of 1"


def test_the_article_list_finds_the_articles_coded_before_the_current_codebook(
    qtbot, open_window, sqlite_url
):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    combo = window.findChild(QComboBox, "articleVersionFilter")
    assert not combo.isVisible()  # at v1 nothing predates the codebook
    _code(qtbot, window, MAYOR, "2")
    assert _entries(window) == ["All codebook versions", "Made under v1 (current)"]
    assert not window.versions.combo.isEnabled()  # one version: nothing to tell apart
    assert "made under codebook v1" in window.versions.combo.toolTip()
    _change_codebook(qtbot, window, sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(2))
    select_text(window, "A transport expert")
    press(qtbot, window, "2")  # coded under v2
    assert combo.isVisible() and combo.itemText(1) == "Coded before v2"
    combo.setCurrentIndex(1)
    wait_idle(qtbot, window)
    model = window.articles.model
    assert model.rowCount() == 1 and model.summary(0).title == ARTICLES[0][0]
    _change_codebook(
        qtbot, window, sqlite_url, "Any claim."
    )  # v3: the article coded under v2 predates it too
    wait_idle(qtbot, window)
    assert combo.itemText(1) == "Coded before v3"
    assert [model.summary(r).title for r in range(model.rowCount())] == [ARTICLES[0][0], ARTICLES[2][0]]
    combo.setCurrentIndex(0)
    wait_idle(qtbot, window)
    assert model.rowCount() == 3
