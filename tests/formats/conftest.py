"""Fixtures for the format tests: fictional articles with the hard cases, loaded into a project.

Every text here is written for these tests. The documents cover emoji (astral,
ZWJ sequences, skin tones, flags), CJK, right-to-left text, combining marks,
CRLF line endings, overlapping and nested spans, a relation, two annotators
marking the same span, and an empty document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.types import AnnotatedDocument, DocStatus, Document, Origin, Relation, Span
from annotator.project import Workspace


def find(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """Code-point offsets of the nth occurrence of `part` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def span(text: str, part: str, label: str, who: str | None = "alice", **kw: object) -> Span:
    """A span over `part` of `text`."""
    start, end = find(text, part)
    return Span(start, end, label, annotator=who, **kw)  # type: ignore[arg-type]


def corpus() -> list[AnnotatedDocument]:
    """The fictional fixture articles."""
    docs: list[AnnotatedDocument] = []

    t = "Mayor Ada Quill 😀 said the 🧱 wall will hold.\nCritics from Elmford disagree."
    claim = span(t, "the 🧱 wall will hold", "CLAIM")
    source = span(t, "Mayor Ada Quill", "SOURCE")
    nested = span(t, "🧱 wall", "CLAIM", note="nested in the claim")
    docs.append(
        AnnotatedDocument(
            Document(t, "Flood wall", "emoji-1", {"outlet": "Coastal Ledger", "date": "2026-03-14"}),
            (source, claim, nested, span(t, "Critics from Elmford", "SOURCE")),
            (Relation(claim.id, source.id, "ATTRIBUTED_TO", annotator="alice"),),
            DocStatus.DONE,
        )
    )
    t = "市议会今天批准了防洪墙。发言人李明表示工程将于明年完工。"
    docs.append(
        AnnotatedDocument(
            Document(t, "防洪墙", "cjk-1", {"outlet": "Wire Service"}),
            (
                span(t, "发言人李明", "SOURCE"),
                span(t, "工程将于明年完工", "CLAIM"),
                span(t, "工程将于明年完工", "CLAIM", who="bob"),
            ),
            (),
            DocStatus.DONE,
        )
    )
    t = "אמרה ראש העירייה כי החומה תושלם בשנה הבאה."
    docs.append(
        AnnotatedDocument(
            Document(t, "חומה", "rtl-1", {"outlet": "Wire Service"}),
            (span(t, "ראש העירייה", "SOURCE"), span(t, "החומה תושלם", "CLAIM")),
        )
    )
    t = "The cafe\u0301 owner Zoe\u0308 Marsh said prices rose by 5\u202f% in May."
    docs.append(
        AnnotatedDocument(
            Document(t, "Prices", "comb-1", {"outlet": "Valley Post"}),
            (
                span(t, "cafe\u0301 owner Zoe\u0308 Marsh", "SOURCE"),
                span(t, "prices rose by 5\u202f%", "CLAIM"),
            ),
        )
    )
    t = "Line one says the budget doubled.\r\nLine two quotes the auditor, Ines Oduya.\r\n"
    docs.append(
        AnnotatedDocument(
            Document(t, "Budget", "crlf-1", {"outlet": "Valley Post"}),
            (
                span(t, "the budget doubled", "CLAIM"),
                span(t, "budget doubled.\r\nLine two", "CLAIM"),  # overlaps, crosses the CRLF
                span(t, "the auditor, Ines Oduya", "SOURCE"),
            ),
        )
    )
    t = "Team 👩\u200d🔬 from 🇫🇷 confirmed the 👍🏽 result on Tuesday."
    docs.append(
        AnnotatedDocument(
            Document(t, "Lab", "zwj-1", {"outlet": "Science Desk"}),
            (
                span(t, "Team 👩\u200d🔬 from 🇫🇷", "SOURCE"),
                span(t, "👍🏽 result", "CLAIM", who=None, origin=Origin.SUGGESTED),
            ),
        )
    )
    docs.append(AnnotatedDocument(Document("", "Empty", "empty-1", {"outlet": "Coastal Ledger"})))
    return docs


@pytest.fixture
def filled(sqlite_workspace: Workspace) -> Workspace:
    """A SQLite workspace whose project "p" holds the fixture corpus."""
    report = sqlite_workspace.import_records("p", corpus(), source="fixtures")
    assert report.imported == len(corpus())
    return sqlite_workspace


def spans_by_text(ws: Workspace, project: str = "p") -> dict[str, set[tuple[int, int, str]]]:
    """(start, end, label) of every span, by document text."""
    out: dict[str, set[tuple[int, int, str]]] = {}
    for rec in ws.export_records(project, status="all", annotator=None, labels=None, progress=None):
        out[rec.document.text] = {(s.start, s.end, s.label) for s in rec.spans}
    return out


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Workspace]:
    """A second, empty workspace with project "q", to import exports back into."""
    ws = Workspace.open(str(tmp_path / "second.sqlite3"))
    ws.create_project("q")
    yield ws
    ws.close()
