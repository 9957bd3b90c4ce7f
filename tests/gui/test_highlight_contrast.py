"""Highlighted text stays readable on any label colour: black or white by WCAG contrast, in both themes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from annotator.core.types import Label, LabelSchema, Origin, Span
from annotator.gui.contrast import contrast_ratio, readable_on, relative_luminance
from annotator.gui.highlighter import LABELS_PROPERTY
from tests.gui.conftest import seed

TEXT = "Officials said the bridge will reopen in May, according to the transport agency spokesperson."
SCHEMA = LabelSchema(
    (
        Label("BLACK", colour="#000000", hotkey="1"),
        Label("NAVY", colour="#1F3A93", hotkey="2"),
        Label("SAND", colour="#F5C26B", hotkey="3"),
        Label("WHITE", colour="#FFFFFF", hotkey="4"),
    )
)
WORDS = {"BLACK": "Officials", "NAVY": "bridge", "SAND": "reopen", "WHITE": "transport"}
EXPECTED = {"BLACK": "#ffffff", "NAVY": "#ffffff", "SAND": "#000000", "WHITE": "#000000"}


@pytest.fixture
def restore_palette(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The theme is application-wide: put the palette back for the tests that follow."""
    palette = QApplication.palette()
    yield
    QApplication.setPalette(palette)


def test_wcag_figures() -> None:
    # Reference values of the WCAG 2 definitions (as contrast checkers report them).
    assert relative_luminance(QColor("#FFFFFF")) == pytest.approx(1.0)
    assert relative_luminance(QColor("#000000")) == pytest.approx(0.0)
    assert contrast_ratio(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#FFFFFF"), QColor("#777777")) == contrast_ratio(
        QColor("#777777"), QColor("#FFFFFF")
    )


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#000000", "#ffffff"),
        ("#1F3A93", "#ffffff"),
        ("#C0392B", "#ffffff"),  # a mid red: white has the higher contrast (5.4 against 3.9)
        ("#777777", "#000000"),  # mid grey: black 4.7, white 4.5
        ("#F5C26B", "#000000"),
        ("#7FC4EC", "#000000"),
        ("#FFFFFF", "#000000"),
    ],
)
def test_readable_text_colour(background: str, text: str) -> None:
    chosen = readable_on(QColor(background))
    assert chosen.name() == text
    other = QColor("#000000" if text == "#ffffff" else "#ffffff")
    assert contrast_ratio(chosen, QColor(background)) >= contrast_ratio(other, QColor(background))


def _foregrounds(editor: QPlainTextEdit) -> dict[str, set[str]]:
    """Label (innermost) -> the text colours the highlighter gave its stretches."""
    found: dict[str, set[str]] = {}
    block = editor.document().firstBlock()
    while block.isValid():
        for r in block.layout().formats():
            label = str(r.format.property(LABELS_PROPERTY)).split(",")[0]
            found.setdefault(label, set()).add(r.format.foreground().color().name())
        block = block.next()
    return found


def _span_pixels(editor: QPlainTextEdit, image: QImage, word: str, margin: int = -1) -> list[QColor]:
    """The pixels of the view inside the rectangle of `word`, grown by `margin` on each side."""
    cursor = editor.document().find(word)
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    cursor.setPosition(start)
    left = editor.cursorRect(cursor)
    cursor.setPosition(end)
    right = editor.cursorRect(cursor)
    ratio = image.devicePixelRatio()
    return [
        image.pixelColor(int(x * ratio), int(y * ratio))
        for x in range(left.left() - margin, right.left() + margin)
        for y in range(left.top() - margin - 1, left.bottom() + margin + 1)
    ]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_dark_labels_get_white_text_in_both_themes(open_window, sqlite_url, restore_palette, dark):  # type: ignore[no-untyped-def]
    spans = [
        Span(TEXT.index(w), TEXT.index(w) + len(w), label, origin=Origin.IMPORTED)
        for label, w in WORDS.items()
    ]
    seed(sqlite_url, [("Bridge", TEXT)], {0: spans}, schema=SCHEMA)
    window: Any = open_window(sqlite_url)
    window.commands.dark.setChecked(dark)
    editor = window.findChild(QPlainTextEdit, "articleView")
    editor.setFocus()
    assert (QApplication.palette().base().color().lightness() < 128) == dark
    assert {label: colours for label, colours in _foregrounds(editor).items()} == {
        label: {colour} for label, colour in EXPECTED.items()
    }

    # On screen: white glyphs on the dark labels, none on the light ones (only black and the tint).
    image = editor.viewport().grab().toImage()
    for label, word in WORDS.items():
        pixels = _span_pixels(editor, image, word)
        background = QColor(SCHEMA.get(label).colour)
        assert sum(p == background for p in pixels) > len(pixels) // 3, label  # the highlight itself
        near_white = sum(p.lightness() > 230 for p in pixels)
        near_black = sum(p.lightness() < 25 for p in pixels)
        if EXPECTED[label] == "#ffffff":
            assert near_white > 10, label
            if label == "NAVY":
                assert near_black == 0
        elif label == "SAND":
            assert near_black > 10 and near_white == 0, label


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_selected_dark_span_outline_shows_on_the_label_and_on_the_page(  # type: ignore[no-untyped-def]
    qtbot, open_window, sqlite_url, restore_palette, dark
):
    word = WORDS["NAVY"]
    span = Span(TEXT.index(word), TEXT.index(word) + len(word), "NAVY", origin=Origin.IMPORTED)
    seed(sqlite_url, [("Bridge", TEXT)], {0: [span]}, schema=SCHEMA)
    window: Any = open_window(sqlite_url)
    window.commands.dark.setChecked(dark)
    editor = window.findChild(QPlainTextEdit, "articleView")
    editor.setFocus()
    page = QApplication.palette().base().color()
    before = _span_pixels(editor, editor.viewport().grab().toImage(), word, margin=3)
    window.article.select(window.article.spans[0].id)
    after = _span_pixels(editor, editor.viewport().grab().toImage(), word, margin=3)
    changed = [a for b, a in zip(before, after, strict=True) if a != b]
    navy = QColor(SCHEMA.get("NAVY").colour)
    # An inner ring that stands out on the navy label, an outer one that stands out on the page.
    assert sum(contrast_ratio(c, navy) > 7 for c in changed) > 40
    assert sum(contrast_ratio(c, page) > 7 for c in changed) > 40
