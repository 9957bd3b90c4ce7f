"""PositionMap against a real QTextDocument: every code point lands on exactly its characters in Qt."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.core.positions import PositionMap
from annotator.gui.span_index import SpanIndex

PARAGRAPH = "\u2029"
# What QTextCursor.insertText turns into a block break (a CRLF pair is one break).
_BREAKS = re.compile("\r\n|[\r\n\u2029\ufdd0\ufdd1]")

TEXTS = [
    "",
    "plain ascii",
    "astral 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "skin tone 👍🏽 flag 🇩🇪🇫🇷 family 👩\u200d👩\u200d👧\u200d👦",
    "combining e\u0301\u0302 a\u030a and Hangul \u1100\u1161\u11a8",
    "crlf\r\nline\r\n\r\nend\r\n",
    "lone cr\rhere\r\r\n\n",
    "separators\u2028line\u2029para\u2028",
    "tab\there\x00nul\x00",
    "\r\n😀\r\n\u0301",
    "\ufeffbom at the start, \ufeff not inside",
    "frame markers \ufdd0 and \ufdd1 break blocks",
]


def qt_form(text: str) -> str:
    """The text as QTextCursor.selectedText() reports what Qt stored: block breaks as U+2029, no leading BOM."""
    return _BREAKS.sub(PARAGRAPH, text.removeprefix("\ufeff"))


def selected(doc: QTextDocument, start: int, end: int) -> str:
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def check(text: str) -> None:
    doc = QTextDocument()
    doc.setPlainText(text)
    pm = PositionMap(text)
    assert pm.display_length == doc.characterCount() - 1
    assert selected(doc, 0, pm.display_length) == qt_form(text)
    cp = 0
    if text.startswith("\ufeff"):  # setPlainText drops a leading BOM: it takes no position
        assert pm.to_display(0) == pm.to_display(1) == 0
        assert pm.to_code_point(0) == 1
        cp = 1
    while cp < len(text):
        step = 2 if text.startswith("\r\n", cp) else 1
        start, end = pm.to_display(cp), pm.to_display(cp + step)
        assert selected(doc, start, end) == _BREAKS.sub(PARAGRAPH, text[cp : cp + step]), (text, cp)
        assert pm.to_code_point(start) == cp
        if step == 2:  # inside a CRLF pair: the LF shares the break's position
            assert pm.to_display(cp + 1) == start
        if end - start == 2:  # inside a surrogate pair: maps back to the character's start
            assert pm.to_code_point(start + 1) == cp
        cp += step
    assert pm.to_code_point(pm.display_length) == len(text)
    # The span index finds the same blocks as the QTextDocument.
    assert SpanIndex(text).block_count == doc.blockCount()


@pytest.mark.parametrize("text", TEXTS)
def test_every_position_of_tricky_texts(qapp, text: str) -> None:  # type: ignore[no-untyped-def]
    check(text)


ALPHABET = st.sampled_from(
    [
        "a",
        " ",
        "\t",
        "\x00",
        "\r",
        "\n",
        "\r\n",
        "\u2028",
        "\u2029",
        "\u0301",
        "😀",
        "🇩🇪",
        "👩\u200d👧",
        "\ufeff",
        "é",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ALPHABET | st.characters(blacklist_categories=["Cs"]), max_size=40).map("".join))
def test_every_position_of_arbitrary_texts(qapp, text: str) -> None:  # type: ignore[no-untyped-def]
    check(text)
