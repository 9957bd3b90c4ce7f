"""The article search's hits in the open article: outlined in the text, F3 / Shift+F3 move between them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from PySide6.QtCore import QObject, Signal

from annotator.gui.article_view import ArticleView

MAX_HITS = 5_000  # more would only clutter the text; the count says how many there are


def search_terms(query: str) -> list[str]:
    """The words of a search as the article list matches them (each a word prefix; quotes ignored)."""
    return [t for t in query.replace('"', " ").split() if any(c.isalnum() for c in t)]


def find_hits(text: str, query: str) -> list[tuple[int, int]]:
    """The words of `text` a search matches: each term at the start of a word, case-insensitive, whole word."""
    terms = search_terms(query)
    if not terms:
        return []
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\w*",
        re.IGNORECASE,
    )
    return [m.span() for m in pattern.finditer(text)]


class SearchHits(QObject):
    """Keeps the view's search-hit outlines equal to the search box and the open article.

    Signals:
        message(str): where the coder is among the hits ("Hit 3 of 12").
    """

    message = Signal(str)

    def __init__(self, view: ArticleView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.query = ""
        self.hits: list[tuple[int, int]] = []  # display ranges
        self.total = 0
        self.current = -1

    def refresh(self, query: str | None = None) -> None:
        """Find the hits of the search (or of `query`) in the text shown."""
        if query is not None:
            self.query = query
        index = self.view.index
        found = find_hits(index.text, self.query)
        self.total = len(found)
        pm = index.positions
        self.hits = [pm.span_to_display(s, e) for s, e in found[:MAX_HITS]]
        self.current = -1
        self.view.overlay.hits = self.hits
        self.view.overlay.current_hit = None
        self.view.viewport().update()

    def step(self, delta: int) -> None:
        """Select the next (1) or previous (-1) hit after or before the caret."""
        if not self.hits:
            self.message.emit(
                "No search hits in this article." if self.query.strip() else "Search first (Ctrl+F)."
            )
            return
        starts = [s for s, _e in self.hits]
        caret = self.view.textCursor()
        here = caret.selectionEnd() if delta > 0 else caret.selectionStart()
        if delta > 0:
            target = bisect_left(starts, here) % len(self.hits)
        else:
            target = (bisect_right(starts, here - 1) - 1) % len(self.hits)
        self.current = target
        s, e = self.hits[target]
        cursor = self.view.textCursor()
        cursor.setPosition(s)
        cursor.setPosition(e, cursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.view.overlay.current_hit = (s, e)
        self.view.viewport().update()
        more = f" (the first {MAX_HITS} are shown)" if self.total > len(self.hits) else ""
        self.message.emit(f"Hit {target + 1} of {self.total}{more}")
