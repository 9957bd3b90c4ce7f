"""The window's actions, menus and toolbar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget


@dataclass
class Actions:
    """Every action of the main window, by name."""

    new_project: QAction
    new_database: QAction
    open_database: QAction
    import_files: QAction
    export: QAction
    codebook: QAction
    switch_annotator: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    delete: QAction
    note: QAction
    done_next: QAction
    skip: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    focus_document: QAction
    focus_attributes: QAction
    previous: QAction
    next: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    dark: QAction
    snap: QAction
    reading: QAction
    curation: QAction
    agreement: QAction
    gold_annotator: QAction
    shortcuts: QAction
    log_folder: QAction
    about: QAction
    recent_menu: QMenu
    panels_menu: QMenu
    toolbar: QToolBar


def _action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object] | None,
    keys: tuple[QKeySequence | str | QKeySequence.StandardKey, ...] = (),
    *,
    name: str,
    checkable: bool = False,
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    seqs: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            seqs.extend(QKeySequence.keyBindings(key))
        else:
            seqs.append(QKeySequence(key))
    unique = list({seq.toString(): seq for seq in seqs if not seq.isEmpty()}.values())
    if unique:
        # A standard key may already be one of the others (Quit is Ctrl+Q under xcb): twice is ambiguous.
        action.setShortcuts(unique)
    action.setCheckable(checkable)
    if tip:
        action.setStatusTip(tip)
    if slot is not None:
        if checkable:
            action.toggled.connect(slot)
        else:
            # `triggered` passes `checked`; slots with optional parameters must not receive it.
            action.triggered.connect(lambda _checked=False, call=slot: call())
    return action


def _fill(target: QMenu | QToolBar, items: tuple[QAction | None, ...]) -> None:
    """Add actions in order; None adds a separator."""
    for item in items:
        if item is None:
            target.addSeparator()
        else:
            target.addAction(item)


def build_actions(window: QMainWindow, slots: dict[str, Callable[..., object]]) -> Actions:
    """Create the actions, the menus File/Edit/View/Help and the toolbar."""
    s = slots
    a = Actions(
        new_project=_action(window, "&New project…", s["new_project"], name="actionNewProject"),
        new_database=_action(window, "New &database…", s["new_database"], name="actionNewDatabase"),
        open_database=_action(
            window, "&Open database…", s["open_database"], (QKeySequence.StandardKey.Open,), name="actionOpen"
        ),
        import_files=_action(window, "&Import…", s["import_files"], ("Ctrl+I",), name="actionImport"),
        export=_action(window, "&Export…", s["export"], ("Ctrl+Shift+E",), name="actionExport"),
        codebook=_action(window, "&Codebook…", s["codebook"], name="actionCodebook"),
        switch_annotator=_action(window, "Switch &annotator…", s["switch_annotator"], name="actionAnnotator"),
        quit=_action(
            window, "&Quit", window.close, (QKeySequence.StandardKey.Quit, "Ctrl+Q"), name="actionQuit"
        ),
        undo=_action(window, "&Undo", s["undo"], ("Ctrl+Z",), name="actionUndo"),
        redo=_action(window, "&Redo", s["redo"], ("Ctrl+Shift+Z", "Ctrl+Y"), name="actionRedo"),
        delete=_action(window, "&Delete annotation", s["delete"], ("Delete",), name="actionDelete"),
        note=_action(window, "Edit &note…", s["note"], ("Ctrl+E",), name="actionNote"),
        done_next=_action(
            window, "Mark &done, next", s["done_next"], ("Ctrl+Return", "Ctrl+Enter"), name="actionDoneNext"
        ),
        skip=_action(window, "&Skip, next", s["skip"], ("Ctrl+K",), name="actionSkip"),
        find=_action(window, "&Find articles", s["find"], ("Ctrl+F",), name="actionFind"),
        find_next=_action(window, "Next search &hit", s["find_next"], ("F3",), name="actionFindNext"),
        find_previous=_action(
            window, "Previous search hi&t", s["find_previous"], ("Shift+F3",), name="actionFindPrevious"
        ),
        focus_document=_action(
            window,
            "Code the &document variables",
            s["focus_document"],
            ("Ctrl+D",),
            name="actionFocusDocument",
        ),
        focus_attributes=_action(
            window,
            "Code the annotation's &attributes",
            s["focus_attributes"],
            ("Ctrl+Shift+A",),
            name="actionFocusAttributes",
        ),
        previous=_action(window, "&Previous article", s["previous"], ("PgUp",), name="actionPrevious"),
        next=_action(window, "&Next article", s["next"], ("PgDown",), name="actionNext"),
        zoom_in=_action(window, "Zoom &in", s["zoom_in"], ("Ctrl++", "Ctrl+="), name="actionZoomIn"),
        zoom_out=_action(window, "Zoom &out", s["zoom_out"], ("Ctrl+-",), name="actionZoomOut"),
        zoom_reset=_action(window, "&Reset zoom", s["zoom_reset"], ("Ctrl+0",), name="actionZoomReset"),
        dark=_action(window, "&Dark theme", s["dark"], name="actionDark", checkable=True),
        snap=_action(window, "&Snap selection to words", s["snap"], name="actionSnap", checkable=True),
        reading=_action(window, "&Reading view…", s["reading"], name="actionReading"),
        curation=_action(
            window,
            "&Curation",
            s.get("curation"),
            ("Ctrl+Shift+G",),
            name="actionCuration",
            checkable=True,
            tip="Every coder's annotations side by side; accept them into gold",
        ),
        agreement=_action(
            window,
            "&Agreement…",
            s.get("agreement"),
            name="actionAgreement",
            tip="Inter-coder agreement: alpha per variable, span F1, with 95% intervals",
        ),
        gold_annotator=_action(
            window, "&Gold annotator…", s.get("gold_annotator"), name="actionGoldAnnotator"
        ),
        shortcuts=_action(window, "&Keyboard shortcuts", s["shortcuts"], ("F1",), name="actionShortcuts"),
        log_folder=_action(window, "Open &log folder", s["log_folder"], name="actionLogFolder"),
        about=_action(window, "&About Annotator", s["about"], name="actionAbout"),
        recent_menu=QMenu("Recent &databases", window),
        panels_menu=QMenu("&Panels", window),
        toolbar=QToolBar("Articles", window),
    )
    bar = window.menuBar()
    file = bar.addMenu("&File")
    for item in (a.new_database, a.open_database):
        file.addAction(item)
    file.addMenu(a.recent_menu)
    file.addSeparator()
    file.addAction(a.new_project)
    file.addAction(a.import_files)
    file.addAction(a.export)
    file.addSeparator()
    file.addAction(a.codebook)
    file.addSeparator()
    file.addAction(a.switch_annotator)
    file.addSeparator()
    file.addAction(a.quit)
    edit = bar.addMenu("&Edit")
    _fill(
        edit,
        (
            a.undo,
            a.redo,
            None,
            a.delete,
            a.note,
            None,
            a.done_next,
            a.skip,
            None,
            a.find,
            a.find_next,
            a.find_previous,
        ),
    )
    _fill(edit, (None, a.focus_attributes, a.focus_document))
    view = bar.addMenu("&View")
    _fill(
        view,
        (
            a.previous,
            a.next,
            None,
            a.zoom_in,
            a.zoom_out,
            a.zoom_reset,
            None,
            a.dark,
            a.snap,
            a.reading,
            None,
        ),
    )
    view.addMenu(a.panels_menu)
    _fill(view, (None, a.curation))
    _fill(bar.addMenu("&Tools"), (a.agreement, None, a.gold_annotator))
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a.shortcuts)
    help_menu.addAction(a.log_folder)
    help_menu.addAction(a.about)
    # The toolbar shows a fixed word; the menu and the tooltip name the step ("Undo relabel CAPTION").
    a.undo.setIconText("Undo")
    a.redo.setIconText("Redo")
    toolbar = a.toolbar
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    _fill(toolbar, (a.previous, a.next, None, a.done_next, a.skip, None, a.undo, a.redo))
    window.addToolBar(toolbar)
    return a
