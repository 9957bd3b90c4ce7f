"""CSV/TSV columns and encodings; HTML main text, metadata and captions, with nothing fetched or run."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, InvalidRecord, Origin
from annotator.formats import csvfile, html
from annotator.formats.base import ReadContext
from annotator.project import Workspace


def _csv(path: Path, **options: str) -> tuple[list[AnnotatedDocument | InvalidRecord], list[str]]:
    ctx = ReadContext(options)
    return list(csvfile.read(path, ctx)), ctx.notes


def test_csv_columns_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "\ufeffslug,headline,body,outlet\r\n"
        'w1,Wall vote,"The council voted 11 to 4.\r\nWork starts in May.",Ledger\r\n'
        "w2,Empty,,Ledger\r\n"
        "w3,Short,北京 😀 ok,Wire\r\n",
        encoding="utf-8",
    )
    records, _ = _csv(path, text_column="body", title_column="headline", id_column="slug")
    first, empty, third = records
    assert isinstance(first, AnnotatedDocument) and isinstance(third, AnnotatedDocument)
    assert first.document.text == "The council voted 11 to 4.\nWork starts in May."  # line endings normalised
    assert (first.document.title, first.document.external_id) == ("Wall vote", "w1")
    assert first.document.meta == {"outlet": "Ledger"}
    assert isinstance(empty, InvalidRecord) and "line 4: the 'body' column is empty" in empty.message
    assert third.document.text == "北京 😀 ok" and third.line == 5


def test_csv_missing_column_lists_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("title\tbody\nA\tB\n", encoding="utf-8")
    with pytest.raises(
        ValidationError,
        match=r"no text column 'text' \(columns: title, body\); choose one with --text-column",
    ):
        _csv(path)


def test_csv_refusing_a_json_file_shows_a_short_header(tmp_path: Path) -> None:
    path = tmp_path / "native.jsonl"
    path.write_text('{"id": "a", "text": "' + "The mayor said so. " * 40 + '"}\n', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        _csv(path)
    message = str(caught.value)
    shown = message.split("(columns: ", 1)[1].split(")", 1)[0]
    assert len(shown) <= 80 and shown.endswith("…") and shown.startswith('{"id": "a"')
    assert "it looks like JSON, not CSV" in message
    assert message.count("The mayor said so.") < 5


def test_csv_not_utf8_is_refused_with_a_hint_then_read_when_named(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("text\nLe café a fermé; déjà vu à l'été.\n".encode("cp1252"))
    with pytest.raises(
        ValidationError, match=r"latin.csv: line 2: byte 0xe9 is not UTF-8 text .*pass --encoding cp1252"
    ):
        _csv(path)
    records, notes = _csv(path, encoding="cp1252")
    (record,) = records
    assert (
        isinstance(record, AnnotatedDocument) and record.document.text == "Le café a fermé; déjà vu à l'été."
    )
    assert notes == [f"{path}: read as cp1252 (as asked)"]


PARA = "The harbour board met on Tuesday and agreed to rebuild the northern sea wall before winter. "
PAGE = f"""<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>Sea wall | Harbour Herald</title>
<link rel="canonical" href="https://herald.example/sea-wall">
<meta name="author" content="Rui Santos"><meta property="og:site_name" content="Harbour Herald">
<meta property="article:published_time" content="2026-02-03">
<script>document.title = "INJECTED"; fetch("https://tracker.example/x");</script>
</head><body><nav>Home | Sport | Weather</nav>
<article><h1>Harbour board backs new sea wall</h1>
<p>{PARA * 3}</p>
<figure><img src="https://cdn.example/wall.jpg"><figcaption>Workers inspect the old wall at low tide. 🌊</figcaption></figure>
<p>{PARA * 2} The cost is put at 4 million.</p>
<div class="image-caption">The board chair, Mia Oduya, at the vote.</div>
<p>{PARA * 2} Residents will be consulted.</p>
</article><footer>© Harbour Herald</footer></body></html>"""


def test_html_main_text_metadata_and_captions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_a: object, **_k: object) -> None:
        raise AssertionError("the HTML importer tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    ctx = ReadContext()
    (record,) = list(html.read(path, ctx))
    assert isinstance(record, AnnotatedDocument)
    doc = record.document
    assert "rebuild the northern sea wall" in doc.text and "Residents will be consulted." in doc.text
    assert "INJECTED" not in doc.text and "tracker" not in doc.text and "Home | Sport" not in doc.text
    assert doc.title == "Harbour board backs new sea wall"
    assert doc.meta == {
        "author": "Rui Santos",
        "date": "2026-02-03",
        "outlet": "Harbour Herald",
        "url": "https://herald.example/sea-wall",
    }
    captions = [(doc.text[s.start : s.end], s.label, s.origin) for s in record.spans]
    assert captions == [
        ("Workers inspect the old wall at low tide. 🌊", "CAPTION", Origin.IMPORTED),
        ("The board chair, Mia Oduya, at the vote.", "CAPTION", Origin.IMPORTED),
    ]


def test_html_import_into_a_project_auto_detected(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "saved"  # no extension: decided from the content
    path.write_text(PAGE, encoding="utf-8")
    report = sqlite_workspace.import_paths("p", [path])
    assert report.imported == 1 and report.spans == 2
    assert any("read as html: it starts like an HTML page" in n for n in report.notes)


def test_html_declared_charset_is_used_and_stated(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("🌊", "").replace("©", "(c)")
    page = page.replace("The cost", "Le coût")
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("iso-8859-1"))
    ctx = ReadContext()
    (record,) = list(html.read(path, ctx))
    assert isinstance(record, AnnotatedDocument) and "Le coût" in record.document.text
    assert ctx.notes == [f"{path}: read as iso-8859-1 (declared by the page)"]


@pytest.mark.parametrize(
    "content",
    [
        "Just a plain text file\nsaved with the wrong name, no markup at all.\n",
        "A note about maths: if a < b > c then x <b> y is not a page either.\n",
        '{"text": "a JSON line named .html"}\n',
        "",
    ],
)
def test_html_that_is_not_html_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "story.html"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        list(html.read(path, ReadContext()))
    assert str(caught.value).startswith(f"{path}: does not look like an HTML page")


@pytest.mark.parametrize(
    ("page", "markup"),
    [
        ("<!DOCTYPE html>text", True),
        ("<HTML lang=en>text", True),
        ("text <p>para</p>", True),
        ('<div class="story">text</div>', True),
        ("<article>text</article>", True),
        ("<h2>Heading</h2>", True),
        ('see <a href="https://x.example">this</a>', True),
        ("<br/>", True),
        ("x <b> y and a < b > c", False),
        ("<pre-formatted> notes <divider>", False),
        ("<a> alone, no link", False),
        ("plain text", False),
    ],
)
def test_looks_like_html(page: str, markup: bool) -> None:
    assert html.looks_like_html(page) is markup


def test_a_fragment_saved_without_its_html_element_is_still_a_page(tmp_path: Path) -> None:
    path = tmp_path / "fragment.htm"
    path.write_text(f"<p>{PARA * 4}</p>", encoding="utf-8")  # one element: lxml makes it the root
    (record,) = list(html.read(path, ReadContext()))
    assert isinstance(record, AnnotatedDocument) and "northern sea wall" in record.document.text
