"""GUI fixtures: isolated settings, databases with fictional articles, a shown main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from annotator.core.types import AnnotatedDocument, Document, LabelSchema, Span
from annotator.project import Workspace

# The offscreen platform warns about window-manager requests it cannot honour (size hints, and
# raising a window such as a tooltip, grabbing the keyboard for a popup menu).
OFFSCREEN_NOISE = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen platform's harmless warning in the GUI tests."""
    for item in items:
        if "gui" in Path(str(item.path)).parts:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point QSettings and QStandardPaths at a temporary folder, never the user's config."""
    from PySide6.QtCore import QSettings, QStandardPaths

    folder = tmp_path_factory.mktemp("settings")
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


ARTICLES = (
    ("Harbour vote 🌊 passes", "The council 👍🏽 voted to build the wall.\r\nResidents cheered loudly."),
    ("Café rules", "Cafe\u0301 owners say the new rules double costs.\r\n\r\nA spokesperson disagreed."),
    ("Flags and families", "Fans waved 🇩🇪 flags; the 👩\u200d👩\u200d👧 family watched the parade."),
    ("Plain report", "The ministry said broadband reaches nine in ten rural homes."),
)


def seed(
    target: str,
    articles: Sequence[tuple[str, str]] = ARTICLES,
    spans: dict[int, Sequence[Span]] | None = None,
    project: str = "p",
    schema: LabelSchema | None = None,
) -> None:
    """Create a project (default labels, or `schema`) with the given articles and imported spans by article index."""
    spans = spans or {}
    with Workspace.open(target) as ws:
        if schema is None:
            ws.create_project(project)
        else:
            ws.create_project(project, schema)
        records = [
            AnnotatedDocument(
                Document(text, title, meta={"outlet": "Test Gazette", "date": "2026-01-0" + str(i + 1)}),
                tuple(spans.get(i, ())),
            )
            for i, (title, text) in enumerate(articles)
        ]
        ws.import_records(project, records, source="fixture.jsonl")


@pytest.fixture
def open_window(qtbot, isolated_settings: Path) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """Build, show and register a main window for a database."""

    def make(target: str, project: str | None = None, annotator: str = "alice") -> object:
        from annotator.gui import build_main_window
        from tests.gui.helpers import wait_idle

        window = build_main_window(target, project, annotator)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_idle(qtbot, window)
        return window

    return make
