"""Attribution mode in the real window: a quote split by its cue, its source and cue, coded from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.types import Origin, Span
from annotator.project import Workspace
from tests.gui.conftest import seed
from tests.gui.helpers import open_article, press, view, wait_idle

TEXT = (
    "Harbour 🌊 news.\r\n"
    "“We will not back down 💪,” the mayor said, “not this year.”\r\n"
    "The council 👍🏽 agreed, a spokesperson told reporters."
)


def _caret(window, needle: str) -> None:  # type: ignore[no-untyped-def]
    """Put the caret before `needle`, as a click there would."""
    editor = view(window)
    found = editor.document().find(needle)
    assert not found.isNull()
    cursor = editor.textCursor()
    cursor.setPosition(found.selectionStart())
    editor.setTextCursor(cursor)


def _select_by_keys(qtbot, window, needle: str, words: int) -> None:  # type: ignore[no-untyped-def]
    """Select `words` words from the start of `needle` with Ctrl+Shift+Right."""
    _caret(window, needle)
    for _ in range(words):
        qtbot.keyClick(
            view(window),
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
        )


def _db(target: str, doc_id: int) -> tuple[list[Span], list]:  # type: ignore[type-arg]
    with Workspace.open(target) as ws:
        article = ws.article(doc_id, annotator="alice")
        return list(article.spans), list(article.relations)


def _piece(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def _code_attribution(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, "w")
    assert window.annotate.attribution.active
    _caret(window, "We will")
    press(qtbot, window, "q")  # the quotation around the caret
    press(qtbot, window, Qt.Key.Key_Plus)  # its first piece
    _caret(window, "not this")
    press(qtbot, window, "q")
    press(qtbot, window, Qt.Key.Key_Return)  # the content: two pieces
    _select_by_keys(qtbot, window, "the mayor", 2)
    press(qtbot, window, Qt.Key.Key_Return)  # the source
    _select_by_keys(qtbot, window, "said,", 1)
    press(qtbot, window, Qt.Key.Key_Return)  # the cue: stored
    wait_idle(qtbot, window)


def test_full_attribution_from_the_keyboard_then_undo_and_redo_as_one(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Split quote", TEXT)])
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    doc_id = window.article.doc_id
    _code_attribution(qtbot, window)

    spans, relations = _db(sqlite_url, doc_id)
    by_label = {s.label: s for s in spans}
    assert sorted(by_label) == ["CLAIM", "CUE", "SOURCE"]
    claim = by_label["CLAIM"]
    first, second = _piece("We will not back down 💪,"), _piece("not this year.")
    assert claim.fragments == (first, second)
    assert (claim.start, claim.end) == (first[0], second[1])
    assert TEXT[slice(*claim.fragments[1])] == "not this year."
    assert by_label["SOURCE"].text_in(TEXT) == "the mayor"
    assert by_label["CUE"].text_in(TEXT) == "said"
    assert all(s.annotator == "alice" and s.origin == Origin.MANUAL for s in spans)
    links = {(r.head, r.label, r.tail) for r in relations}
    assert links == {
        (claim.id, "ATTRIBUTED_TO", by_label["SOURCE"].id),
        (claim.id, "CUED_BY", by_label["CUE"].id),
    }
    assert all(r.annotator == "alice" and r.codebook_version is not None for r in relations)
    # What the window shows is what is stored.
    assert {s.id for s in window.article.spans} == {s.id for s in spans}
    assert {r.id for r in window.article.relations} == {r.id for r in relations}
    assert window.article.selected == claim.id

    press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)
    assert _db(sqlite_url, doc_id) == ([], [])
    assert window.article.spans == () and window.article.relations == ()
    press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    again, links_again = _db(sqlite_url, doc_id)
    assert {(s.id, s.fragments) for s in again} == {(s.id, s.fragments) for s in spans}
    assert {r.id for r in links_again} == {r.id for r in relations}


def test_a_source_already_coded_is_reused_and_the_cue_may_be_left_out(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Split quote", TEXT)])
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    doc_id = window.article.doc_id
    _code_attribution(qtbot, window)
    source = next(s for s in window.article.spans if s.label == "SOURCE")

    _select_by_keys(qtbot, window, "The council", 2)
    press(qtbot, window, Qt.Key.Key_Return)  # a second content
    window.article.select(source.id)  # a click on the SOURCE already there
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Return)  # no cue
    spans, relations = _db(sqlite_url, doc_id)
    assert [s.label for s in spans].count("SOURCE") == 1
    claims = [s for s in spans if s.label == "CLAIM"]
    assert {c.text_in(TEXT) for c in claims} >= {"The council"}
    assert sum(1 for r in relations if r.label == "ATTRIBUTED_TO" and r.tail == source.id) == 2
    assert sum(1 for r in relations if r.label == "CUED_BY") == 1


def test_escape_drops_the_parts_chosen_and_a_second_escape_leaves_the_mode(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Split quote", TEXT)])
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    press(qtbot, window, "w")
    _select_by_keys(qtbot, window, "The council", 2)
    press(qtbot, window, Qt.Key.Key_Return)
    mode = window.annotate.attribution
    assert len(mode.parts) == 1 and "step 2 of 3" in mode.banner.text()
    assert [p.tag for p in view(window).overlay.parts] == ["content"]
    press(qtbot, window, Qt.Key.Key_Escape)
    assert mode.parts == [] and mode.active and "step 1 of 3" in mode.banner.text()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not mode.active and mode.banner.isHidden()
    assert not window.annotate.actions.attribution.isChecked()
    assert _db(sqlite_url, window.article.doc_id) == ([], [])


def test_a_codebook_without_a_source_role_refuses_the_mode_with_a_message(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    from annotator.core.types import Label, LabelSchema

    seed(
        sqlite_url,
        [("Split quote", TEXT)],
        schema=LabelSchema((Label("QUOTE", colour="#F5C26B", hotkey="1"),)),
    )
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    errors: list[str] = []
    window.coding.error.connect(errors.append)
    press(qtbot, window, "w")
    assert not window.annotate.attribution.active
    assert not window.annotate.actions.attribution.isChecked()
    assert errors and "role 'content'" in errors[0]
