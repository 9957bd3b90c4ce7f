"""Relations in the real window: linking by keys, the list's relation rows, deleting, pieces of a span."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from annotator.core.types import Label, LabelKind, LabelSchema, Origin, Relation, Span
from annotator.project import Workspace
from tests.gui.conftest import seed
from tests.gui.helpers import open_article, press, select_text, shown, view, wait_idle

TEXT = "The wall will cost 48 million euros 💶, the city's engineering office said.\r\nA caption 📷 here."


def _span(needle: str, label: str) -> Span:
    start = TEXT.index(needle)
    return Span(start, start + len(needle), label, origin=Origin.IMPORTED)


CLAIM = _span("The wall will cost 48 million euros", "CLAIM")
SOURCE = _span("the city's engineering office", "SOURCE")
CUE = _span("said", "CUE")
CAPTION = _span("A caption", "CAPTION")


def _open(qtbot, open_window, target: str, spans=(CLAIM, SOURCE, CUE, CAPTION), schema=None):  # type: ignore[no-untyped-def]
    seed(target, [("Wall", TEXT)], spans={0: spans}, schema=schema)
    window = open_window(target)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    return window


def _relations(target: str, doc_id: int) -> list[Relation]:
    with Workspace.open(target) as ws:
        return list(ws.article(doc_id, annotator="alice").relations)


def _id(window, label: str) -> str:  # type: ignore[no-untyped-def]
    return next(s.id for s in window.article.spans if s.label == label)


def test_link_by_keys_arrow_to_the_other_span_then_enter(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    window.article.select(_id(window, "CLAIM"))
    press(qtbot, window, "r")
    assert window.annotate.links.active
    press(qtbot, window, Qt.Key.Key_Right)  # the next annotation: SOURCE
    assert window.article.selected == _id(window, "SOURCE")
    press(qtbot, window, Qt.Key.Key_Return)  # the one relation that fits
    (stored,) = _relations(sqlite_url, window.article.doc_id)
    assert (stored.head, stored.label, stored.tail) == (
        _id(window, "CLAIM"),
        "ATTRIBUTED_TO",
        _id(window, "SOURCE"),
    )
    assert stored.annotator == "alice" and stored.origin == Origin.MANUAL
    assert not window.annotate.links.active
    assert window.article.selected == _id(window, "CLAIM")


def test_linking_from_the_tail_stores_the_codebook_direction(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    window.article.select(_id(window, "CUE"))
    press(qtbot, window, "r")
    window.article.select(_id(window, "CLAIM"))  # a click on the claim
    press(qtbot, window, "1")  # the first relation that fits
    (stored,) = _relations(sqlite_url, window.article.doc_id)
    assert (stored.head, stored.label, stored.tail) == (_id(window, "CLAIM"), "CUED_BY", _id(window, "CUE"))


def test_a_relation_that_does_not_fit_is_refused_naming_both_ends(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    schema = LabelSchema(
        (
            Label("CLAIM", colour="#F5C26B", hotkey="1"),
            Label("SOURCE", colour="#7FC4EC", hotkey="2"),
            Label("CUE", colour="#63C4AA", hotkey="3"),
            Label("CAPTION", colour="#C9A0DC", hotkey="4"),
            Label("ATTRIBUTED_TO", LabelKind.RELATION, "#555555", "1", head="CLAIM", tail="SOURCE"),
        )
    )
    window = _open(qtbot, open_window, sqlite_url, schema=schema)
    errors: list[str] = []
    window.coding.error.connect(errors.append)
    window.article.select(_id(window, "CAPTION"))
    press(qtbot, window, "r")
    window.article.select(_id(window, "SOURCE"))
    press(qtbot, window, "1")
    assert errors and "ATTRIBUTED_TO links CLAIM to SOURCE, not CAPTION to SOURCE" in errors[-1]
    press(qtbot, window, Qt.Key.Key_Return)
    assert "No relation of the codebook links CAPTION and SOURCE" in errors[-1]
    assert _relations(sqlite_url, window.article.doc_id) == []


def test_enter_offers_a_menu_when_several_relations_fit(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    schema = LabelSchema(
        (
            Label("CLAIM", colour="#F5C26B", hotkey="1"),
            Label("SOURCE", colour="#7FC4EC", hotkey="2"),
            Label("CUE", colour="#63C4AA", hotkey="3"),
            Label("CAPTION", colour="#C9A0DC", hotkey="4"),
            Label("ATTRIBUTED_TO", LabelKind.RELATION, "#555555", head="CLAIM", tail="SOURCE"),
            Label("DISPUTED_BY", LabelKind.RELATION, "#AA3377", head="CLAIM", tail="SOURCE"),
        )
    )
    window = _open(qtbot, open_window, sqlite_url, schema=schema)
    window.article.select(_id(window, "CLAIM"))
    press(qtbot, window, "r")
    window.article.select(_id(window, "SOURCE"))
    press(qtbot, window, Qt.Key.Key_Return)
    menu = window.annotate.links.menu
    assert isinstance(menu, QMenu) and menu.isVisible()
    assert [a.text() for a in menu.actions()] == [
        "&1  ATTRIBUTED_TO  (CLAIM → SOURCE)",
        "&2  DISPUTED_BY  (CLAIM → SOURCE)",
    ]
    qtbot.keyClick(QApplication.activePopupWidget() or menu, "2")
    wait_idle(qtbot, window)
    (stored,) = _relations(sqlite_url, window.article.doc_id)
    assert stored.label == "DISPUTED_BY"


def test_relations_are_rows_under_their_head_span_selectable_and_deletable(
    qtbot, open_window, sqlite_url, qtmodeltester
):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    claim, source, cue = (_id(window, name) for name in ("CLAIM", "SOURCE", "CUE"))
    for tail in (source, cue):
        window.article.select(claim)
        press(qtbot, window, "r")
        window.article.select(tail)
        press(qtbot, window, Qt.Key.Key_Return)
    model = window.annotations.model_
    qtmodeltester.check(model)
    row = model.row_of(claim)
    assert [r.label for r in model.relations_under(claim)] == ["ATTRIBUTED_TO", "CUED_BY"]
    child = model.index(row + 1, 1)  # a relation's row follows its head span's
    assert model.data(model.index(row + 1, 0)) == "    → ATTRIBUTED_TO"
    assert model.data(child) == "SOURCE 'the city's engineering office'"
    tip = shown(model.data(child, Qt.ItemDataRole.ToolTipRole))
    assert (
        tip
        == "CLAIM 'The wall will cost 48 million euros' -> ATTRIBUTED_TO -> SOURCE 'the city's engineering office'"
        "\nMade under codebook v1"
    )

    window.annotations.setCurrentIndex(model.index(row + 2, 0))  # the CUED_BY row
    cued = next(r for r in window.article.relations if r.label == "CUED_BY")
    assert window.article.selected_relation == cued.id
    assert window.article.selected == claim
    assert view(window).overlay.selected_relation == cued.id
    window.commands.delete.trigger()
    wait_idle(qtbot, window)
    assert [r.label for r in _relations(sqlite_url, window.article.doc_id)] == ["ATTRIBUTED_TO"]
    assert {s.id for s in window.article.spans} >= {claim, source, cue}
    assert [r.label for r in model.relations_under(claim)] == ["ATTRIBUTED_TO"]


def test_deleting_a_span_deletes_its_relations_and_undo_brings_both_back(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    claim, source = _id(window, "CLAIM"), _id(window, "SOURCE")
    window.article.select(claim)
    press(qtbot, window, "r")
    window.article.select(source)
    press(qtbot, window, Qt.Key.Key_Return)
    window.article.select(source)
    press(qtbot, window, Qt.Key.Key_Delete)
    doc = window.article.doc_id
    assert _relations(sqlite_url, doc) == [] and window.article.relations == ()
    press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)
    (back,) = _relations(sqlite_url, doc)
    assert (back.head, back.tail) == (claim, source)
    assert [r.id for r in window.article.relations] == [back.id]


def test_plus_adds_a_piece_to_the_selected_span_and_minus_removes_the_one_under_the_caret(
    qtbot, open_window, sqlite_url
):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url, spans=(CLAIM,))
    claim = _id(window, "CLAIM")
    window.article.select(claim)
    select_text(window, "engineering office")
    press(qtbot, window, Qt.Key.Key_Plus)
    with Workspace.open(sqlite_url) as ws:
        (stored,) = ws.spans(window.article.doc_id, annotator=None)
    office = TEXT.index("engineering office")
    assert stored.fragments == ((CLAIM.start, CLAIM.end), (office, office + len("engineering office")))
    assert (stored.start, stored.end) == (CLAIM.start, office + len("engineering office"))
    shown = view(window).index.display_pieces(claim)
    assert len(shown) == 2
    list_text = window.annotations.model_.data(window.annotations.model_.index(0, 1))
    assert list_text == "The wall will cost 48 million euros … engineering office"

    cursor = view(window).textCursor()
    cursor.setPosition(view(window).index.display_pieces(claim)[1][0] + 3)
    view(window).setTextCursor(cursor)
    press(qtbot, window, Qt.Key.Key_Minus)
    with Workspace.open(sqlite_url) as ws:
        (stored,) = ws.spans(window.article.doc_id, annotator=None)
    assert (stored.start, stored.end, stored.fragments) == (CLAIM.start, CLAIM.end, ())
