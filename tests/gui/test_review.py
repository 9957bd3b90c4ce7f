"""Reviewing suggestions in the real window: drawn and listed apart, accepted, rejected, corrected, undone."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.types import AnnotatedDocument, Document, Origin, Span
from annotator.gui.highlighter import LABELS_PROPERTY
from annotator.project import Workspace
from tests.gui.helpers import open_article, press, view, wait_idle

TEXT = (
    "SEOUL (Reuters) - The council 👍🏽 voted to build the wall, officials said.\r\n"
    "“We will not back down,” the mayor said.\r\n"
    "Photo: Mara Lind / Reuters"
)


def _suggestion(needle: str, label: str, score: float) -> Span:
    start = TEXT.index(needle)
    return Span(
        start, start + len(needle), label, origin=Origin.SUGGESTED, suggester="rules 1.0", score=score
    )


SUGGESTED = (
    _suggestion("SEOUL (Reuters) -", "CAPTION", 0.6),
    _suggestion("We will not back down,", "CLAIM", 0.9),
    _suggestion("the mayor", "SOURCE", 0.8),
    _suggestion("Photo: Mara Lind / Reuters", "CAPTION", 0.95),
)
OWN = Span(TEXT.index("council"), TEXT.index("council") + 7, "SOURCE", origin=Origin.IMPORTED)


def _open(qtbot, open_window, target):  # type: ignore[no-untyped-def]
    with Workspace.open(target) as ws:
        ws.create_project("p")
        ws.import_records(
            "p", [AnnotatedDocument(Document(TEXT, "Review"), (*SUGGESTED, OWN))], source="s.jsonl"
        )
    window = open_window(target)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    return window


def _stored(target: str, doc_id: int) -> list[Span]:
    with Workspace.open(target) as ws:
        return list(ws.article(doc_id, annotator="alice").spans)


def _select(window, needle: str) -> None:  # type: ignore[no-untyped-def]
    span = next(s for s in window.article.spans if s.text_in(TEXT) == needle)
    window.article.select(span.id)


def test_suggestions_are_outlined_not_filled_and_listed_apart(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    editor = view(window)
    labels = set()
    block = editor.document().firstBlock()
    while block.isValid():
        labels |= {str(r.format.property(LABELS_PROPERTY)) for r in block.layout().formats()}
        block = block.next()
    assert labels == {"SOURCE"}  # only the annotation is filled
    drawn = {span.text_in(TEXT) for span, rects, _chosen in editor.overlay_geometry().suggestions if rects}
    assert drawn == {s.text_in(TEXT) for s in SUGGESTED}
    annotations = window.annotations.model_
    assert annotations.rowCount() == 1 and annotations.span_at(0).label == "SOURCE"
    suggestions = window.review.list.model_
    rows = [
        tuple(suggestions.data(suggestions.index(r, c)) for c in range(4))
        for r in range(suggestions.rowCount())
    ]
    assert rows[1] == ("CLAIM", "We will not back down,", "0.90", "rules 1.0")
    assert len(rows) == 4
    assert window.docks["suggestions"].windowTitle() == "Suggestions (4)"
    assert window.label_palette.model_.data(window.label_palette.model_.index(0, 0)).endswith("(0)")


def test_enter_accepts_x_rejects_and_the_next_suggestion_is_selected(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    doc = window.article.doc_id
    _select(window, "We will not back down,")
    press(qtbot, window, Qt.Key.Key_Return)
    stored = {s.text_in(TEXT): s for s in _stored(sqlite_url, doc)}
    accepted = stored["We will not back down,"]
    assert accepted.origin == Origin.MANUAL and accepted.annotator == "alice" and accepted.label == "CLAIM"
    assert window.article.selected_span().text_in(TEXT) == "the mayor"  # the next suggestion
    press(qtbot, window, "x")
    stored = {s.text_in(TEXT): s for s in _stored(sqlite_url, doc)}
    assert "the mayor" not in stored
    assert window.article.selected_span().text_in(TEXT) == "Photo: Mara Lind / Reuters"
    assert [s.text_in(TEXT) for s in window.article.suggestions] == [
        "SEOUL (Reuters) -",
        "Photo: Mara Lind / Reuters",
    ]
    press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)  # the rejection, undone
    assert "the mayor" in {s.text_in(TEXT) for s in _stored(sqlite_url, doc) if s.origin == Origin.SUGGESTED}
    assert "the mayor" in {s.text_in(TEXT) for s in window.article.suggestions}


def test_accept_all_and_reject_all_are_one_step_each(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    doc = window.article.doc_id
    press(qtbot, window, "A", Qt.KeyboardModifier.ShiftModifier)
    after = _stored(sqlite_url, doc)
    assert not [s for s in after if s.origin == Origin.SUGGESTED]
    assert sum(1 for s in after if s.origin == Origin.MANUAL) == 4
    assert window.review.list.model_.rowCount() == 0 and window.annotations.model_.rowCount() == 5
    press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)
    assert sum(1 for s in _stored(sqlite_url, doc) if s.origin == Origin.SUGGESTED) == 4
    press(qtbot, window, "X", Qt.KeyboardModifier.ShiftModifier)
    assert [s.label for s in _stored(sqlite_url, doc)] == ["SOURCE"]


def test_a_label_key_or_an_edge_key_on_a_suggestion_accepts_it_corrected(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    doc = window.article.doc_id
    _select(window, "SEOUL (Reuters) -")
    press(qtbot, window, "2")  # SOURCE instead of CAPTION
    stored = {s.text_in(TEXT): s for s in _stored(sqlite_url, doc)}
    assert stored["SEOUL (Reuters) -"].label == "SOURCE"
    assert stored["SEOUL (Reuters) -"].origin == Origin.MANUAL
    _select(window, "the mayor")
    press(
        qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    texts = {s.text_in(TEXT): s for s in _stored(sqlite_url, doc)}
    assert texts["the mayor said"].origin == Origin.MANUAL and "the mayor" not in texts
    wait_idle(qtbot, window)


def test_n_walks_the_suggestions_in_text_order(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    editor = view(window)
    cursor = editor.textCursor()
    cursor.setPosition(editor.index.positions.to_display(TEXT.index("council")))
    editor.setTextCursor(cursor)
    seen = []
    for _ in range(5):
        press(qtbot, window, "n")
        seen.append(window.article.selected_span().text_in(TEXT))
    assert seen == [
        "We will not back down,",
        "the mayor",
        "Photo: Mara Lind / Reuters",
        "SEOUL (Reuters) -",
        "We will not back down,",
    ]
