"""The window as a whole: contract, list search and filter, overlaps, plain text, models, settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QMessageBox, QPlainTextEdit

from annotator.core.types import DocStatus, Origin, Span
from annotator.gui.highlighter import LABELS_PROPERTY
from annotator.project import Workspace
from tests.gui.conftest import seed
from tests.gui.helpers import press, select_text, wait_idle

OVERLAP_TEXT = "Officials said the bridge will reopen in May, according to the transport agency."


def test_contract_object_names_and_status_bar(open_window, db_url):  # type: ignore[no-untyped-def]
    seed(db_url)
    window = open_window(db_url, "p", "bob")
    assert isinstance(window.findChild(QAbstractItemView, "articleList"), QAbstractItemView)
    assert isinstance(window.findChild(QPlainTextEdit, "articleView"), QPlainTextEdit)
    assert isinstance(window.findChild(QListView, "labelPalette"), QListView)
    assert isinstance(window.findChild(QAbstractItemView, "annotationList"), QAbstractItemView)
    texts = [w.text() for w in window.statusBar().findChildren(QLabel)]
    assert "annotator: bob" in texts and "0 / 4 done" in texts
    assert any(window.session.database.url in t for t in texts)
    assert window.articles.model.rowCount() == 4


def test_hotkey_flow_on_both_backends(qtbot, open_window, db_url):  # type: ignore[no-untyped-def]
    seed(db_url)
    window = open_window(db_url)
    select_text(window, "voted")
    press(qtbot, window, "1")
    with Workspace.open(db_url) as ws:
        (span,) = ws.spans(window.article.document.id, annotator="alice")
    text = window.article.document.text
    assert span.text_in(text) == "voted"


def test_search_and_status_filter_narrow_the_list(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    panel = window.articles
    titles = lambda: [panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())]  # noqa: E731
    qtbot.keyClicks(panel.search, "broadband")
    qtbot.waitUntil(lambda: titles() == ["Plain report"])
    panel.search.clear()
    qtbot.waitUntil(lambda: len(titles()) == 4)
    press(qtbot, window, "\r")  # nothing selected: no-op
    window.coding.finish()
    wait_idle(qtbot, window)
    panel.status.setCurrentIndex(panel.status.findData(DocStatus.DONE.value))
    wait_idle(qtbot, window)
    assert titles() == ["Harbour vote 🌊 passes"]
    panel.status.setCurrentIndex(panel.status.findData(DocStatus.TODO.value))
    wait_idle(qtbot, window)
    assert len(titles()) == 3


def _colour_present(image: QImage, colour: QColor, tolerance: int = 6) -> bool:
    target = (colour.red(), colour.green(), colour.blue())
    for y in range(0, image.height()):
        for x in range(0, image.width()):
            c = image.pixelColor(x, y)
            if all(
                abs(a - b) <= tolerance for a, b in zip((c.red(), c.green(), c.blue()), target, strict=True)
            ):
                return True
    return False


def test_overlapping_spans_render_both_labels(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    outer = Span(0, OVERLAP_TEXT.index(","), "CLAIM", origin=Origin.IMPORTED)
    inner_start = OVERLAP_TEXT.index("the bridge")
    inner = Span(inner_start, inner_start + len("the bridge"), "SOURCE", origin=Origin.IMPORTED)
    seed(sqlite_url, [("Bridge", OVERLAP_TEXT)], {0: [outer, inner]})
    window = open_window(sqlite_url)
    editor = window.findChild(QPlainTextEdit, "articleView")
    layout = editor.document().firstBlock().layout()
    labels = {r.format.property(LABELS_PROPERTY) for r in layout.formats()}
    assert labels == {"CLAIM", "SOURCE,CLAIM"}
    image = editor.viewport().grab().toImage()
    claim, source = QColor("#F5C26B"), QColor("#7FC4EC")
    assert _colour_present(image, claim)
    assert _colour_present(image, source)
    # The outer label's bar is drawn under the inner span, darker, in its own colour.
    assert _colour_present(image, claim.darker(135), tolerance=10)


def test_user_text_is_plain_never_html(open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("<b>Bold</b> &amp; <i>claims</i>", "Body with <script>x</script> tags.")])
    window = open_window(sqlite_url)
    title = window.findChild(QLabel, "articleTitle")
    assert title.textFormat().name == "PlainText"
    assert title.full_text() == "<b>Bold</b> &amp; <i>claims</i>"
    assert title.text().replace("\n", "") == title.full_text()  # wrapped lines of the same text
    assert (
        window.findChild(QPlainTextEdit, "articleView").toPlainText() == "Body with <script>x</script> tags."
    )


def test_item_models_pass_the_model_tester(qtmodeltester, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, spans={0: [Span(4, 11, "CLAIM", origin=Origin.IMPORTED)]})
    window = open_window(sqlite_url)
    qtmodeltester.check(window.articles.model)
    qtmodeltester.check(window.label_palette.model())
    qtmodeltester.check(window.annotations.model())


def test_article_list_fetches_pages_on_demand(qtbot, qtmodeltester, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    from annotator.gui.article_list import LOADING, PAGE

    seed(sqlite_url, [(f"Article {i}", f"Text number {i} about things.") for i in range(PAGE * 2 + 5)])
    window = open_window(sqlite_url)
    model = window.articles.model
    assert model.total == model.rowCount() == PAGE * 2 + 5  # every row counted at once
    last = model.index(model.rowCount() - 1, 0)
    assert model.data(last) == LOADING  # a placeholder until its page is read on the worker
    with qtbot.waitSignal(model.page_did_load):
        pass
    assert model.data(last) == f"Article {PAGE * 2 + 4}"
    assert model.doc_id(PAGE) is None  # the middle page was never in sight, so never read
    qtmodeltester.check(model)


def test_empty_database_shows_guidance(open_window, sqlite_url):  # type: ignore[no-untyped-def]
    Workspace.open(sqlite_url).close()
    window = open_window(sqlite_url)
    empty = window.findChild(QLabel, "articleEmpty")
    assert empty.isVisible() and "New project" in empty.text()


def test_errors_are_shown_as_plain_text_dialogs(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    select_text(window, "voted")
    press(qtbot, window, "1")
    select_text(window, "voted")
    press(qtbot, window, "1")  # the same span again: refused by the facade
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert "already labelled" in boxes[0].text()
    assert boxes[0].textFormat().name == "PlainText"


def test_geometry_and_view_settings_persist(qtbot, open_window, sqlite_url, isolated_settings):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    window.resize(700, 560)  # inside the 800x600 offscreen screen, above the docks' minimum height
    window.commands.snap.setChecked(False)
    window.zoom(1)
    window.close()
    ini = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "annotator", "annotator")
    assert str(isolated_settings) in ini.fileName()
    assert ini.value("view/zoom") in (1, "1")
    again = open_window(sqlite_url)
    assert (again.width(), again.height()) == (700, 560)
    assert not again.commands.snap.isChecked() and not again.coding.snap
    assert again.pane.view.font().pointSizeF() > window.pane.view.font().pointSizeF() - 0.01


def test_long_article_highlights_blocks_as_they_scroll_into_sight(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    paragraph = "Officials said the harbour budget grew again this year. " * 8
    text = "\n".join(paragraph for _ in range(200))  # about 90,000 characters, 200 blocks
    last = text.rindex("budget")
    seed(sqlite_url, [("Long", text)], {0: [Span(last, last + 6, "CAPTION", origin=Origin.IMPORTED)]})
    window = open_window(sqlite_url)
    editor = window.findChild(QPlainTextEdit, "articleView")
    block = editor.document().lastBlock()
    assert not block.layout().formats()  # far below the first screen: not highlighted yet
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    labels = {r.format.property(LABELS_PROPERTY) for r in block.layout().formats()}
    assert labels == {"CAPTION"}
