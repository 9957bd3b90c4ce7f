"""The HTML importer keeps the page's order: no repeated title, the byline where it stands, captions in place.

Every page here is fictional.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.types import AnnotatedDocument
from annotator.formats import html
from annotator.formats.base import ReadContext

FIRST = "The council of Elmford voted 11 to 4 on Tuesday night to build a new harbour wall."
SECOND = "Opponents said the cost, put at 14 million, would fall on the ferry operators."
THIRD = "Work is expected to begin in the spring, weather permitting, and to last two summers."
FOURTH = "The harbour master said the old wall had been patched every winter since 1987."
CAPTION_ONE = "The old wall at low tide, photographed in January."
CAPTION_TWO = "Ferry operators at the council meeting."


def page(head: str = "", byline: str = "", between: str = "", tail: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour wall approved after long night | The Coastal Ledger</title>
<meta property="og:site_name" content="The Coastal Ledger">{head}
</head><body>
<header><nav><a href="/">Home</a> <a href="/authors">Our authors</a></nav></header>
<article>
<h1>Harbour wall approved after long night</h1>
{byline}
<p>{FIRST}</p>
<figure><img src="wall.jpg" alt=""><figcaption>{CAPTION_ONE}</figcaption></figure>
<p>{SECOND}</p>
{between}
<p>{THIRD}</p>
<p>{FOURTH}</p>
{tail}
</article>
<footer><p>Copyright The Coastal Ledger</p></footer>
</body></html>"""


def read(tmp_path: Path, content: str) -> AnnotatedDocument:
    path = tmp_path / "page.html"
    path.write_text(content, encoding="utf-8")
    (record,) = list(html.read(path, ReadContext()))
    assert isinstance(record, AnnotatedDocument)
    return record


def test_the_title_is_not_repeated_as_the_first_line(tmp_path: Path) -> None:
    record = read(tmp_path, page())
    assert record.document.title == "Harbour wall approved after long night"
    assert record.document.text.startswith(FIRST)
    assert "Harbour wall approved" not in record.document.text


def test_the_byline_is_kept_where_the_page_shows_it_and_as_author(tmp_path: Path) -> None:
    shown = "By Mara Vell, Harbour correspondent"
    record = read(tmp_path, page(byline=f'<p class="byline">{shown}</p>'))
    assert record.document.text.split("\n")[:2] == [shown, FIRST]
    assert record.document.meta["author"].startswith("Mara Vell")


def test_a_byline_link_gives_the_author_and_its_line(tmp_path: Path) -> None:
    byline = '<div class="article-meta">By <a rel="author" href="/jo">Jo Park</a></div>'
    record = read(tmp_path, page(byline=byline))
    assert record.document.meta["author"] == "Jo Park"
    assert record.document.text.split("\n")[:2] == ["By Jo Park", FIRST]
    assert "Our authors" not in record.document.text  # the site's navigation is no byline


def test_a_declared_author_is_kept_and_the_byline_not_doubled(tmp_path: Path) -> None:
    record = read(
        tmp_path,
        page(head='<meta name="author" content="Mara Vell">', byline="<p>By Mara Vell in Elmford</p>"),
    )
    assert record.document.meta["author"] == "Mara Vell"
    assert record.document.text.count("By Mara Vell") <= 1


def test_captions_stay_where_they_stand(tmp_path: Path) -> None:
    between = f'<div class="image-caption">{CAPTION_TWO}</div>'
    record = read(tmp_path, page(between=between))
    text = record.document.text
    assert text.split("\n") == [FIRST, CAPTION_ONE, SECOND, CAPTION_TWO, THIRD, FOURTH]
    assert [(text[s.start : s.end], s.label) for s in record.spans] == [
        (CAPTION_ONE, "CAPTION"),
        (CAPTION_TWO, "CAPTION"),
    ]


def test_two_captions_after_one_paragraph_keep_their_order(tmp_path: Path) -> None:
    between = (
        f"<figure><img src='a.jpg' alt=''><figcaption>{CAPTION_TWO}</figcaption></figure>"
        "<figure><img src='b.jpg' alt=''><figcaption>A third picture of the quay.</figcaption></figure>"
    )
    record = read(tmp_path, page(between=between))
    lines = record.document.text.split("\n")
    assert lines[2:6] == [SECOND, CAPTION_TWO, "A third picture of the quay.", THIRD]
    assert [record.document.text[s.start : s.end] for s in record.spans] == [
        CAPTION_ONE,
        CAPTION_TWO,
        "A third picture of the quay.",
    ]


def test_captions_can_be_left_unmarked_and_still_stand_in_place(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    (record,) = list(html.read(path, ReadContext({"captions": "false"})))
    assert isinstance(record, AnnotatedDocument) and record.spans == ()
    assert CAPTION_ONE not in record.document.text  # unmarked captions are not put back
