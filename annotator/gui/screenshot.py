"""Render the main window offscreen with the demo project, for the README."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from annotator.project import Workspace
from annotator.project.demo import DEMO_PROJECT, ensure_demo

SIZE = (1280, 800)


def save_screenshot(
    out: Path,
    db: str | None = None,
    *,
    dark: bool = False,
    codebook: str = "",
    team: str = "",
    suggestions: str = "",
    dialog: str = "",
) -> Path:
    """Save a PNG of the window showing a demo article with its spans highlighted.

    `codebook` "panels" gives the demo a codebook with attributes and document variables and
    shows a source's attributes, the document panel and the Codebook view; "editor" shows
    the codebook editor open over the window. `team` "agreement" or "curation" has two coders
    code the demo and shows the agreement dialog's results, or the curation mode. `suggestions`
    "before" runs the built-in rules and shows the article with the most pending suggestions,
    "after" the same article once reviewed. `dialog` "reading" or "about" shows View > Reading
    view's settings or Help > About over the window.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QStandardPaths, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.reading import Reading
    from annotator.gui.theme import apply_theme

    with tempfile.TemporaryDirectory(prefix="annotator-shot-") as tmp:
        if QApplication.instance() is None:
            # A fresh process: keep the user's settings out of the picture, and the offscreen
            # platform's note that it cannot pass size hints to a window manager off stderr.
            QStandardPaths.setTestModeEnabled(True)
            QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
            qInstallMessageHandler(_quiet)
        app = application()
        apply_theme(dark)
        target = db or str(Path(tmp) / "demo.sqlite3")
        with Workspace.open(target) as ws:
            fresh = ensure_demo(ws) and db is None
            if fresh:
                _add_overlap(ws)
            projects = [p.name for p in ws.projects()]
            project = DEMO_PROJECT if DEMO_PROJECT in projects else (projects[0] if projects else None)
            richest = _richest(ws, project) if project is not None else None
            if codebook and fresh and project is not None:
                from annotator.gui.screenshot_codebook import stage

                richest = stage(ws, project, "demo") or richest
            if team and fresh and project is not None:
                from annotator.gui.screenshot_team import stage as stage_team

                richest = stage_team(ws, project) or richest
            if suggestions and fresh and project is not None:
                from annotator.gui.screenshot_review import stage as stage_review

                richest = stage_review(ws, project, suggestions) or richest
        window = MainWindow("demo")
        window.resize(*SIZE)
        window.pane.view.set_reading(Reading())  # a new user's reading view (no settings restored)
        window.open_database(target, project)
        window.show()
        _settle(app, window)
        if richest is not None:
            doc_id, span_id = richest
            window.article.open(doc_id)
            _settle(app, window)
            if span_id is not None:
                window.article.select(span_id)
        for _ in range(5):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if codebook:
            from annotator.gui.screenshot_codebook import picture

            shot = picture(app, window, editor=codebook == "editor")
        elif team:
            from annotator.gui.screenshot_team import picture as team_picture

            shot = team_picture(app, window, team)
        elif dialog:
            from annotator.gui.screenshot_dialog import picture as dialog_picture

            shot = dialog_picture(app, window, dialog)
        else:
            if suggestions:
                window.docks["suggestions" if suggestions == "before" else "annotations"].raise_()
                window.pane.view.set_selected_span(window.article.selected, scroll=True)
                for _ in range(5):
                    app.processEvents()
            shot = window.grab()
        if not shot.save(str(out)):
            raise OSError(f"{out}: could not write the PNG")
        window.close()
        window.deleteLater()
        app.processEvents()
        if dark:
            apply_theme(False)
    return out


def _quiet(_kind: object, _context: object, message: str) -> None:
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


OVERLAP = "According to the city's engineering office, the wall will cost 48 million euros"


def _add_overlap(ws: Workspace) -> None:
    """In the throwaway demo database: one claim that overlaps a source, to show nesting."""
    for summary in ws.list_documents(DEMO_PROJECT, annotator="demo", limit=50):
        text = ws.document(summary.id).text
        start = text.find(OVERLAP)
        if start >= 0:
            ws.add_span(
                document=summary.id, start=start, end=start + len(OVERLAP), label="CLAIM", annotator="demo"
            )
            return


def _richest(ws: Workspace, project: str) -> tuple[int, str | None] | None:
    """The article with the most relations (then overlaps, then spans), and its span heading the most relations."""
    from annotator.core.spans import overlapping

    best, best_key, best_pick = None, (-1, -1, -1), None
    for summary in ws.list_documents(project, annotator="demo", limit=50):
        article = ws.article(summary.id, annotator="demo")
        spans, relations = article.spans, article.relations
        key = (len(relations), 1 if overlapping(list(spans)) else 0, len(spans))
        if key > best_key:
            heads = [r.head for r in relations]
            start = {sp.id: sp.start for sp in spans}
            by_use = sorted(set(heads), key=lambda h: (-heads.count(h), start.get(h, 0)))
            fallback = spans[min(1, len(spans) - 1)].id if spans else None
            pick = by_use[0] if by_use else fallback
            best, best_key, best_pick = summary.id, key, pick
    return None if best is None else (best, best_pick)


def _settle(app: object, window: object) -> None:
    """Let the worker finish what the window asked for, and the window paint it."""
    runner = window.runner  # type: ignore[attr-defined]
    for _ in range(3):
        app.processEvents()  # type: ignore[attr-defined]
        while not runner.idle:
            app.processEvents()  # type: ignore[attr-defined]
