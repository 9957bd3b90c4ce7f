"""Speed and memory of the window, as numbers against a plain Qt baseline measured in the same run.

Run: python3 -m pytest tests/benchmarks/test_gui_speed.py -m benchmark -s
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from annotator.core.types import AnnotatedDocument, Document, Origin, Span
from annotator.project import Workspace
from tests.gui.helpers import open_article, wait_idle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WORDS = [
    "council",
    "harbour",
    "vote",
    "wall",
    "tide",
    "minister",
    "report",
    "budget",
    "claim",
    "source",
    "agency",
    "statement",
    "city",
    "residents",
    "officials",
    "percent",
    "million",
    "said",
    "according",
    "study",
    "rural",
    "broadband",
    "school",
    "transport",
    "court",
    "filing",
    "witness",
    "parliament",
    "motion",
    "amendment",
    "committee",
    "hearing",
    "evidence",
]
RESULTS: list[str] = []


def _text(size: int, rng: random.Random) -> str:
    """Fictional prose of about `size` characters, in paragraphs."""
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "."
        parts.append(sentence + ("\n\n" if rng.random() < 0.15 else " "))
        length += len(parts[-1])
    return "".join(parts)[:size]


def _spans(text: str, count: int, rng: random.Random) -> list[Span]:
    """`count` spans on word boundaries, about a third overlapping a neighbour."""
    starts = [i for i in range(1, len(text)) if text[i - 1] == " " and text[i] != " "]
    out = []
    seen: set[tuple[int, int, str]] = set()  # import drops exact duplicates
    while len(out) < count:
        start = rng.choice(starts)
        end = text.find(" ", start + rng.randint(3, 60))
        end = len(text) if end < 0 else end
        label = rng.choice(("CLAIM", "SOURCE", "CAPTION"))
        if (start, end, label) not in seen:
            seen.add((start, end, label))
            out.append(Span(start, end, label, origin=Origin.IMPORTED))
    return out


def _ms(fn: Callable[[], object], repeat: int = 5, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of `fn` in milliseconds (`setup` runs untimed before each run)."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _report(name: str, ms: float, baseline: float, what: str) -> None:
    line = f"{name}: {ms:.1f} ms; baseline ({what}) {baseline:.1f} ms; ratio {ms / baseline:.1f}x"
    RESULTS.append(line)
    print("\n" + line)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@pytest.fixture(scope="session")
def settings_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bench-settings")
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(scope="session")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A 100 KB article with 2,000 spans and a 1 MB one with 20,000, in one project."""
    rng = random.Random(7)
    target = str(tmp_path_factory.mktemp("bench-big") / "big.sqlite3")
    with Workspace.open(target) as ws:
        ws.create_project("big")
        records = [AnnotatedDocument(Document("A tiny article.", "tiny"))]
        for size, count in ((100_000, 2_000), (1_000_000, 20_000)):
            text = _text(size, rng)
            records.append(
                AnnotatedDocument(
                    Document(text, f"{size // 1000} KB article"), tuple(_spans(text, count, rng))
                )
            )
        ws.import_records("big", records)
    return target


@pytest.fixture(scope="session")
def many_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A project of 100,000 short articles, generated once per session."""
    rng = random.Random(11)
    target = str(tmp_path_factory.mktemp("bench-many") / "many.sqlite3")
    t0 = time.perf_counter()
    with Workspace.open(target) as ws:
        ws.create_project("many")

        def records() -> Iterator[AnnotatedDocument]:
            for i in range(100_000):
                body = " ".join(rng.choice(WORDS) for _ in range(80))
                yield AnnotatedDocument(
                    Document(f"Article {i}: {body[:40]}", f"Report {i} {rng.choice(WORDS)}")
                )

        ws.import_records("many", records())
    print(f"\n(generated 100,000 articles in {time.perf_counter() - t0:.1f} s)")
    yield target


def _window(qtbot, target: str, project: str):  # type: ignore[no-untyped-def]
    from annotator.gui import build_main_window

    window = build_main_window(target, project, "bench")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, window)
    return window


def _select(view, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Select `[start, end)` (code points) in the article view, as a drag would."""
    cursor = view.textCursor()
    cursor.setPosition(view.index.positions.to_display(start))
    cursor.setPosition(view.index.positions.to_display(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


SETTLE_MS = 200
"""A person sees the selection before pressing a key: each key press is timed from a settled window."""


def _settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Let what the last step left queued run (the scroll to a selection, its paint, follow-up reads)."""
    QApplication.processEvents()
    wait_idle(qtbot, window)
    qtbot.wait(SETTLE_MS)


def _baseline_open(text: str) -> float:
    """A bare QPlainTextEdit: setPlainText of the same text and one paint."""
    edit = QPlainTextEdit()
    edit.resize(600, 700)
    edit.show()

    def run() -> None:
        edit.setPlainText(text)
        edit.viewport().repaint()

    ms = _ms(run)
    edit.close()
    edit.deleteLater()
    return ms


def test_open_article_100kb_2000_spans(qtbot, settings_dir, big_db):  # type: ignore[no-untyped-def]
    window = _window(qtbot, big_db, "big")
    article = window.article
    tiny, ids = window.articles.model.doc_id(0), [window.articles.model.doc_id(r) for r in (1, 2)]

    def open_100kb() -> None:
        with qtbot.waitSignal(article.article_did_open, timeout=10_000):
            article.open(ids[0])
        window.pane.view.viewport().repaint()

    ms = _ms(open_100kb, setup=lambda: open_article(qtbot, window, tiny))
    assert len(article.spans) == 2000
    _report(
        "open 100 KB article, 2,000 spans, to painted view",
        ms,
        _baseline_open(article.document.text),
        "bare QPlainTextEdit setPlainText + paint",
    )


def test_add_and_remove_one_span(qtbot, settings_dir, big_db):  # type: ignore[no-untyped-def]
    window = _window(qtbot, big_db, "big")
    open_article(qtbot, window, window.articles.model.doc_id(1))
    view = window.pane.view
    view.setFocus()
    text = window.article.document.text
    start = text.index(" ", 50_000) + 1
    end = text.index(" ", start + 5)

    def add_then_delete() -> tuple[float, float]:
        _select(view, start, end)
        _settle(qtbot, window)
        t0 = time.perf_counter()
        # waitSignal returns as soon as the result is applied; waitUntil would poll every 10 ms.
        with qtbot.waitSignal(window.runner.operation_did_finish, timeout=5000):
            qtbot.keyClick(view, "1")
        view.viewport().repaint()
        added = (time.perf_counter() - t0) * 1000
        _settle(qtbot, window)
        t0 = time.perf_counter()
        with qtbot.waitSignal(window.runner.operation_did_finish, timeout=5000):
            window.coding.delete_selected()
        view.viewport().repaint()
        removed = (time.perf_counter() - t0) * 1000
        return added, removed

    runs = [add_then_delete() for _ in range(7)]
    add = statistics.median(r[0] for r in runs)
    remove = statistics.median(r[1] for r in runs)
    repaint = _ms(view.viewport().repaint, 7)
    spans = list(window.article.spans)
    extra = Span(start, end, "SOURCE")

    def highlight_only() -> None:
        view.set_spans([*spans, extra])
        view.viewport().repaint()
        view.set_spans(spans)
        view.viewport().repaint()

    _report(
        "add one span: key press to repaint (with committed write)", add, repaint, "one repaint of the view"
    )
    _report(
        "remove one span: request to repaint (with committed write)",
        remove,
        repaint,
        "one repaint of the view",
    )
    _report(
        "add + remove one span, highlighting only (no database)",
        _ms(highlight_only, 7),
        2 * repaint,
        "two repaints",
    )


def test_relabel_and_undo(qtbot, settings_dir, big_db):  # type: ignore[no-untyped-def]
    window = _window(qtbot, big_db, "big")
    open_article(qtbot, window, window.articles.model.doc_id(1))
    view, article = window.pane.view, window.article
    view.setFocus()
    text = article.document.text
    start = text.index(" ", 60_000) + 1
    end = text.index(" ", start + 5)

    def timed(act: Callable[[], object], signal: object) -> float:
        t0 = time.perf_counter()
        with qtbot.waitSignal(signal, timeout=5000):
            act()
        view.viewport().repaint()
        return (time.perf_counter() - t0) * 1000

    def cycle() -> tuple[float, float]:
        _select(view, start, end)
        with qtbot.waitSignal(article.spans_did_change, timeout=5000):
            qtbot.keyClick(view, "1")
        article.select(next(s.id for s in article.spans if (s.start, s.end) == (start, end)))
        _settle(qtbot, window)
        relabel = timed(lambda: window.coding.apply_label("SOURCE", None), article.spans_did_change)
        assert [s.label for s in article.spans if (s.start, s.end) == (start, end)] == ["SOURCE"]
        # Undo ends when the article, read again behind the undo, shows the old label.
        _settle(qtbot, window)
        undo = timed(window.coding.undo, article.spans_did_change)
        with qtbot.waitSignal(article.spans_did_change, timeout=5000):
            window.coding.undo()
        return relabel, undo

    runs = [cycle() for _ in range(7)]
    repaint = _ms(view.viewport().repaint, 7)
    _report(
        "relabel the selected span: request to repaint (with committed write)",
        statistics.median(r[0] for r in runs),
        repaint,
        "one repaint of the view",
    )
    _report(
        "undo a relabel: request to repaint (applied from its span edits)",
        statistics.median(r[1] for r in runs),
        repaint,
        "one repaint of the view",
    )


def test_open_100k_project_and_search(qtbot, settings_dir, many_db):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    window = _window(qtbot, many_db, "many")
    window.articles.view.viewport().repaint()
    opened = (time.perf_counter() - t0) * 1000
    panel = window.articles

    def search(word: str) -> Callable[[], None]:
        def run() -> None:
            panel.search.setText(word)
            with qtbot.waitSignal(panel.model.page_did_load, timeout=10_000):
                panel.apply_filter()
            panel.view.viewport().repaint()

        return run

    terms = iter(["Report 4", "broadband", "Report 99", "witness", "Report 7", "court", "Report 123"])
    ms = _ms(lambda: search(next(terms))(), 7)
    assert panel.model.rowCount() > 0

    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTreeView

    plain = QTreeView()
    plain.resize(330, 700)
    plain.show()

    def baseline() -> None:
        model = QStandardItemModel()
        for i in range(200):
            model.appendRow([QStandardItem(f"Report {i}"), QStandardItem("to do"), QStandardItem("0")])
        plain.setModel(model)
        plain.viewport().repaint()

    base = _ms(baseline)
    plain.close()
    _report(
        "open 100,000-article project to painted list",
        opened,
        base,
        "QTreeView of 200 in-memory rows + paint",
    )
    _report(
        "type a search in 100,000 articles, first rows painted",
        ms,
        base,
        "QTreeView of 200 in-memory rows + paint",
    )
    rss = _rss_mb()
    window.close()
    RESULTS.append(f"resident memory with the 100,000-article project open: {rss:.0f} MB")
    print("\n" + RESULTS[-1])


def _report_open(qtbot, window, doc: int, tiny: int, repeat: int, name: str) -> None:  # type: ignore[no-untyped-def]
    """Report the median ms from asking for article `doc` to its painted view (`tiny` opened before each run)."""
    article, view = window.article, window.pane.view

    def run() -> None:
        with qtbot.waitSignal(article.article_did_open, timeout=120_000):
            article.open(doc)
        view.viewport().repaint()

    ms = _ms(run, repeat, setup=lambda: open_article(qtbot, window, tiny))
    _report(name, ms, _baseline_open(article.document.text), "bare QPlainTextEdit setPlainText + paint")


def _scroll_frame(edit: QPlainTextEdit) -> float:
    """Mean ms of one frame while jumping through the text in 60 steps, each painted."""
    bar = edit.verticalScrollBar()
    steps = [int(bar.maximum() * k / 60) for k in range(61)]
    t0 = time.perf_counter()
    for value in steps:
        bar.setValue(value)
        edit.viewport().repaint()
    return (time.perf_counter() - t0) * 1000 / len(steps)


def test_open_and_scroll_1mb_20000_spans(qtbot, settings_dir, big_db):  # type: ignore[no-untyped-def]
    window = _window(qtbot, big_db, "big")
    article = window.article
    tiny, big = window.articles.model.doc_id(0), window.articles.model.doc_id(2)
    view = window.pane.view

    _report_open(qtbot, window, big, tiny, 3, "open 1 MB article, 20,000 spans, to painted view")
    assert len(article.spans) == 20_000
    text = article.document.text

    frame = _scroll_frame(view)
    plain = QPlainTextEdit()
    plain.resize(view.size())
    plain.show()
    plain.setPlainText(text)
    base = _scroll_frame(plain)
    plain.close()
    _report(
        "scroll the 1 MB article: one frame (jump + paint)",
        frame,
        base,
        "same scroll in a bare QPlainTextEdit",
    )


@pytest.fixture(scope="session")
def huge_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A 10 MB transcript with 200,000 spans (and a tiny article to open first)."""
    rng = random.Random(13)
    target = str(tmp_path_factory.mktemp("bench-huge") / "huge.sqlite3")
    text = _text(10_000_000, rng)
    with Workspace.open(target) as ws:
        ws.create_project("huge")
        ws.import_records(
            "huge",
            [
                AnnotatedDocument(Document("A tiny article.", "tiny")),
                AnnotatedDocument(Document(text, "10 MB transcript"), tuple(_spans(text, 200_000, rng))),
            ],
        )
    return target


def test_open_scroll_and_add_in_10mb_200000_spans(qtbot, settings_dir, huge_db):  # type: ignore[no-untyped-def]
    window = _window(qtbot, huge_db, "huge")
    article, view = window.article, window.pane.view
    tiny, huge = window.articles.model.doc_id(0), window.articles.model.doc_id(1)

    _report_open(qtbot, window, huge, tiny, 2, "open 10 MB transcript, 200,000 spans, to painted view")
    assert len(article.spans) == 200_000
    text = article.document.text
    repaint = _ms(view.viewport().repaint)
    _report(
        "scroll the 10 MB transcript: one frame (jump + paint)", _scroll_frame(view), repaint, "one repaint"
    )
    # What the open and the jump to the selection left queued (Qt shows the scroll bar by a queued
    # call, which lays the text out again; the blocks come into sight) runs long before a person
    # can select and press a key, so the window settles first.
    view.setFocus()
    start = text.index(" ", 5_000_000) + 1
    end = text.index(" ", start + 5)
    _select(view, start, end)
    _settle(qtbot, window)
    t0 = time.perf_counter()
    with qtbot.waitSignal(article.spans_did_change, timeout=10_000):
        qtbot.keyClick(view, "1")
    view.viewport().repaint()
    added = (time.perf_counter() - t0) * 1000
    assert len(article.spans) == 200_001
    _report("add one span to the 10 MB transcript: key press to repaint", added, repaint, "one repaint")


def test_print_summary() -> None:
    """Print every figure once more at the end, for the README."""
    machine = f"{QApplication.platformName() or 'offscreen'}"
    print("\n--- GUI benchmark summary (" + machine + ") ---")
    for line in RESULTS:
        print(line)
