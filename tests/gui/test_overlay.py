"""The overlay follows the text: arcs and fragment connectors after scrolling and zoom, and drawn in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPalette

from annotator.core.types import AnnotatedDocument, Document, Origin, Relation, Span
from annotator.gui.contrast import contrast_ratio
from annotator.project import Workspace
from tests.gui.helpers import open_article, view, wait_idle

FILLER = (
    "Filler paragraph {n} about the harbour 🌊 and its wall, long enough to wrap once or twice in the view."
)
CLAIM_PIECES = ("The wall will cost", "48 million euros")
QUOTE = "“The wall will cost,” she said, “48 million euros.”"
SOURCE_TEXT = "the city's engineering office"


def _text() -> str:
    paragraphs = [FILLER.format(n=n) for n in range(12)]
    paragraphs.append(QUOTE)
    paragraphs.append(f"So said {SOURCE_TEXT}.")
    paragraphs += [FILLER.format(n=n) for n in range(12, 40)]
    return "\r\n".join(paragraphs)


TEXT = _text()


def _seeded(target: str) -> None:
    quote = TEXT.index(QUOTE)
    pieces = tuple(
        (quote + QUOTE.index(piece), quote + QUOTE.index(piece) + len(piece)) for piece in CLAIM_PIECES
    )
    claim = Span(pieces[0][0], pieces[-1][1], "CLAIM", origin=Origin.IMPORTED, fragments=pieces)
    start = TEXT.index(SOURCE_TEXT)
    source = Span(start, start + len(SOURCE_TEXT), "SOURCE", origin=Origin.IMPORTED)
    with Workspace.open(target) as ws:
        ws.create_project("p")
        record = AnnotatedDocument(
            Document(TEXT, "Long article"), (claim, source), (Relation(claim.id, source.id, "ATTRIBUTED_TO"),)
        )
        ws.import_records("p", [record], source="fixture.jsonl")


@pytest.fixture
def window(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    _seeded(sqlite_url)
    win = open_window(sqlite_url)
    win.resize(1000, 640)
    open_article(qtbot, win, win.articles.model.doc_id(0))
    claim = next(s for s in win.article.spans if s.label == "CLAIM")
    win.article.select(claim.id)
    view(win).set_selected_span(claim.id, scroll=True)
    qtbot.wait(20)
    return win


def _caret_x_y(editor, display_pos: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    cursor = editor.textCursor()
    cursor.setPosition(display_pos)
    rect = editor.cursorRect(cursor)
    return float(rect.x()), float(rect.bottom())


def _check_follows_text(editor) -> None:  # type: ignore[no-untyped-def]
    """The connector runs from the end of the first piece to the start of the second, where Qt puts them."""
    geometry = editor.overlay_geometry()
    claim = next(s for s in editor.index.spans() if s.label == "CLAIM")
    (first_end, second_start) = (
        editor.index.display_pieces(claim.id)[0][1],
        editor.index.display_pieces(claim.id)[1][0],
    )
    (connector,) = geometry.connectors
    x1, bottom1 = _caret_x_y(editor, first_end)
    x2, bottom2 = _caret_x_y(editor, second_start)
    assert connector.start.x() == pytest.approx(x1, abs=2.5)
    assert connector.end.x() == pytest.approx(x2, abs=2.5)
    assert connector.start.y() == pytest.approx(bottom1, abs=3)
    assert connector.end.y() == pytest.approx(bottom2, abs=3)
    (arc,) = geometry.arcs
    source = next(s for s in editor.index.spans() if s.label == "SOURCE")
    s, e = editor.index.display_range(source.id)
    (sx, sbottom), (ex, ebottom) = _caret_x_y(editor, s), _caret_x_y(editor, e)
    # The arrow lands on the source's first line: above its text, right of where it starts
    # (and left of where it ends, when it ends on that line).
    assert arc.end.x() > sx and (ebottom != sbottom or arc.end.x() < ex)
    assert sbottom - 40 < arc.end.y() < sbottom
    assert arc.relation.label == "ATTRIBUTED_TO"
    assert set(geometry.related) == {source.id}


def test_connector_and_arc_follow_the_spans_after_scrolling_and_zoom(window, qtbot):  # type: ignore[no-untyped-def]
    editor = view(window)
    _check_follows_text(editor)
    before = editor.overlay_geometry().connectors[0].start
    bar = editor.verticalScrollBar()
    bar.setValue(bar.value() + 1)
    qtbot.wait(10)
    after = editor.overlay_geometry().connectors[0].start
    assert after.y() < before.y() and after.x() == pytest.approx(before.x())
    _check_follows_text(editor)
    window.zoom(3)
    claim = window.article.selected
    editor.set_selected_span(claim, scroll=True)
    qtbot.wait(10)
    zoomed = editor.overlay_geometry().connectors[0]
    assert zoomed.end.x() - zoomed.start.x() != pytest.approx(after.x())
    _check_follows_text(editor)


def test_a_related_span_out_of_sight_gets_an_arc_to_the_edge(window, qtbot):  # type: ignore[no-untyped-def]
    editor = view(window)
    bar = editor.verticalScrollBar()
    claim_block = (
        editor.document().findBlock(editor.index.display_range(window.article.selected)[0]).blockNumber()
    )
    while editor.firstVisibleBlock().blockNumber() < claim_block:
        bar.setValue(bar.value() + 1)  # until the quote is the first paragraph in sight
    qtbot.wait(10)
    (arc,) = editor.overlay_geometry().arcs
    assert 0 <= arc.start.y() <= editor.viewport().height()
    while editor.firstVisibleBlock().blockNumber() <= claim_block:
        bar.setValue(bar.value() + 1)  # the quote scrolled out of sight above; the source first
    qtbot.wait(10)
    (arc,) = editor.overlay_geometry().arcs
    assert arc.start.y() < 0 < arc.end.y() < editor.viewport().height()


def _pixel(image: QImage, point: QPointF) -> QColor:
    return image.pixelColor(point.toPoint())


@pytest.mark.parametrize("dark", [False, True])
def test_the_arc_is_drawn_readable_on_the_page(window, qtbot, tmp_path, dark):  # type: ignore[no-untyped-def]
    window.set_dark(dark)
    qtbot.wait(20)
    editor = view(window)
    (arc,) = editor.overlay_geometry().arcs
    image = editor.viewport().grab().toImage()
    image.save(str(tmp_path / "overlay.png"))
    base = editor.palette().color(QPalette.ColorRole.Base)
    path = arc.path()
    # Some pixel near a quarter of the curve carries the line, standing out from the page.
    quarter = path.pointAtPercent(0.25)
    near = [_pixel(image, quarter + QPointF(dx, dy)) for dx in range(-2, 3) for dy in range(-2, 3)]
    assert max(contrast_ratio(c, base) for c in near) >= 3
    # Away from the arc and the text, the page keeps its colour.
    corner = _pixel(image, QPointF(editor.viewport().width() - 3, editor.viewport().height() - 3))
    assert contrast_ratio(corner, base) < 1.1
    window.set_dark(False)
    wait_idle(qtbot, window)
