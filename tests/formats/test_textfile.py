"""Plain-text articles: a one-line or title-only file is an article whose text is that line."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument
from annotator.formats.textfile import read_text_file
from annotator.project import Workspace

PARAGRAPH = (
    "The harbour board voted on Tuesday to double the mooring fees, a move the ferry operators "
    "called ruinous and the mayor called overdue."
)


def _one(path: Path) -> AnnotatedDocument:
    [record] = list(read_text_file(path))
    assert isinstance(record, AnnotatedDocument)
    return record


@pytest.mark.parametrize(
    "content",
    [PARAGRAPH, PARAGRAPH + "\n", f"\n\n  {PARAGRAPH}  \r\n\r\n", PARAGRAPH + "\n   \n\t\n"],
    ids=["no newline", "newline", "blank lines around", "white-space lines after"],
)
def test_a_one_line_file_is_an_article_whose_text_and_title_are_that_line(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(content, encoding="utf-8")
    record = _one(path)
    assert record.document.text == PARAGRAPH
    assert record.document.title == PARAGRAPH


def test_a_title_and_body_are_still_split(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"Mooring fees double\n\n{PARAGRAPH}\n", encoding="utf-8")
    record = _one(path)
    assert (record.document.title, record.document.text) == ("Mooring fees double", PARAGRAPH)


@pytest.mark.parametrize("content", ["", "\n\n", "  \t\n \r\n"])
def test_an_empty_file_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match="empty.txt: is empty"):
        list(read_text_file(path))


def test_two_one_line_articles_are_two_documents_not_duplicates(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "a.txt").write_text(PARAGRAPH + "\n", encoding="utf-8")
    (folder / "b.txt").write_text("Ferry timetable cut again\n", encoding="utf-8")
    (folder / "c.txt").write_text("Council approves the flood wall\n\n\n", encoding="utf-8")
    report = sqlite_workspace.import_paths("p", [folder])
    assert (report.imported, report.duplicates) == (3, 0)
    records = list(
        sqlite_workspace.export_records("p", status="all", annotator=None, labels=None, progress=None)
    )
    texts = sorted(r.document.text for r in records)
    assert texts == sorted([PARAGRAPH, "Ferry timetable cut again", "Council approves the flood wall"])
    assert all(r.document.text.strip() for r in records)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "  \n\n\t\n", "\n\n\n", " "])
def test_trailing_white_space_of_the_body_is_trimmed(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"Mooring fees double\n\n  {PARAGRAPH}\n\nSecond paragraph.{ending}", encoding="utf-8")
    record = _one(path)
    # The text ends at its last word (Ctrl+End then Shift+Home selects the last line); the rest is kept.
    assert record.document.text == f"  {PARAGRAPH}\n\nSecond paragraph."
