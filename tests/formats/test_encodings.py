"""Encodings of imported files: stated when not UTF-8, --encoding honoured, useful guesses, causes named."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, InvalidRecord
from annotator.formats import registry
from annotator.formats.base import ReadContext
from annotator.formats.encodings import guess_encodings, nul_encoding
from annotator.project import Workspace

FRENCH = (
    "Le café du port est fermé\n"
    "Le propriétaire a déclaré que les prix à la consommation étaient trop élevés cet été. "
    "Les pêcheurs, réunis près de l'église, ont répondu qu'ils reviendraient à l'automne.\n"
)


def _read(path: Path, fmt: str, **options: str) -> tuple[list[AnnotatedDocument], list[str]]:
    ctx = ReadContext(options)
    records = list(registry.get_format(fmt).bind(ctx)(path))
    bad = [r.message for r in records if isinstance(r, InvalidRecord)]
    assert not bad, bad
    return [r for r in records if isinstance(r, AnnotatedDocument)], ctx.notes


@pytest.mark.parametrize(
    ("bom", "codec", "shown"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    ],
)
def test_a_text_file_with_a_utf16_or_utf32_mark_is_read_and_the_encoding_stated(
    tmp_path: Path, bom: bytes, codec: str, shown: str
) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + "Ferry news 😀\nThe ferry is late.\n".encode(codec))
    (record,), notes = _read(path, "txt")
    assert (record.document.title, record.document.text) == ("Ferry news 😀", "The ferry is late.")
    assert notes == [f"{path}: read as {shown} (it starts with a {shown} byte-order mark)"]


def test_utf8_with_or_without_a_mark_is_read_without_a_note(tmp_path: Path) -> None:
    for name, data in (("plain.txt", b""), ("marked.txt", codecs.BOM_UTF8)):
        path = tmp_path / name
        path.write_bytes(data + "Caf\u00e9\nOpen again.\n".encode())
        (record,), notes = _read(path, "txt")
        assert record.document.title == "Caf\u00e9" and notes == []


def test_the_import_report_states_a_utf16_encoding(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Ferry news\nThe ferry is late.\n".encode("utf-16"))
    report = sqlite_workspace.import_paths("p", [path])
    assert report.imported == 1
    assert f"{path}: read as UTF-16 (it starts with a UTF-16 byte-order mark)" in report.notes


def test_the_cli_prints_the_encoding_it_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "db.sqlite3")
    path = tmp_path / "latin1.txt"
    path.write_bytes(FRENCH.encode("latin-1"))
    assert main(["--db", db, "project", "create", "P"]) == 0
    assert main(["--db", db, "import", str(path), "--project", "P", "--encoding", "latin-1"]) == 0
    out = capsys.readouterr().out
    assert f"{path}: read as latin-1 (as asked)" in out and "1 document(s) imported" in out


def _lines(*objs: object) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


TEXT = "Le café a fermé à l'été."
# format -> (file name, file content): each holds TEXT, written below in cp1252.
BY_FORMAT = {
    "txt": ("a.txt", f"Titre\n{TEXT}\n"),
    "csv": ("a.csv", f"text,outlet\n{TEXT},Le Phare\n"),
    "jsonl": ("a.jsonl", _lines({"text": TEXT, "spans": [{"start": 3, "end": 7, "label": "X"}]})),
    "doccano": ("a.jsonl", _lines({"text": TEXT, "label": [[3, 7, "X"]]})),
    "prodigy": ("a.jsonl", _lines({"text": TEXT, "spans": [{"start": 3, "end": 7, "label": "X"}]})),
    "labelstudio": ("a.json", json.dumps([{"data": {"text": TEXT}}], ensure_ascii=False)),
    "html": (
        "a.html",
        f'<html><head><meta charset="utf-8"></head><body><article><p>{TEXT * 8}</p></article></body></html>',
    ),
}


@pytest.mark.parametrize("fmt", sorted(BY_FORMAT))
def test_the_encoding_option_is_honoured_by_every_text_reader(tmp_path: Path, fmt: str) -> None:
    name, content = BY_FORMAT[fmt]
    path = tmp_path / name
    path.write_bytes(content.encode("cp1252"))
    with pytest.raises(ValidationError, match="is not UTF-8") as caught:
        _read(path, fmt)
    assert str(path) in str(caught.value)
    records, notes = _read(path, fmt, encoding="cp1252")
    assert records and all(TEXT in r.document.text for r in records)
    assert f"{path}: read as cp1252 (as asked)" in notes


@pytest.mark.parametrize("fmt", ["txt", "csv", "jsonl", "doccano", "html", "labelstudio"])
def test_an_unknown_encoding_names_the_option_and_the_file(tmp_path: Path, fmt: str) -> None:
    name, content = BY_FORMAT[fmt]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        _read(path, fmt, encoding="bogus")
    assert str(caught.value).startswith(f"{path}: unknown encoding 'bogus' given with --encoding")


@pytest.mark.parametrize(
    ("text", "codec", "first"),
    [
        (FRENCH, "latin-1", "cp1252"),
        (
            "Titel\n\u201eZitat\u201c sagte die B\u00fcrgermeisterin \u00fcber die Stra\u00dfe.\n" * 3,
            "cp1252",
            "cp1252",
        ),
        (
            "Zażółć gęślą jaźń. Mieszkańcy miasta skarżą się na wysokie ceny w sklepach spożywczych.\n" * 2,
            "cp1250",
            "cp1250",
        ),
    ],
)
def test_the_guess_prefers_western_encodings_only_when_they_fit(text: str, codec: str, first: str) -> None:
    names = guess_encodings(text.encode(codec))
    assert names[0] == first
    assert names[0] not in names[1:]


def test_the_hint_is_a_guess_with_runners_up(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(FRENCH.encode("latin-1"))
    with pytest.raises(ValidationError) as caught:
        _read(path, "txt")
    message = str(caught.value)
    assert message.startswith(f"{path}: line 1: byte 0xe9 is not UTF-8 text")
    assert "it may be cp1252 (or " in message and "pass --encoding cp1252" in message


def test_a_utf16_jsonl_with_a_mark_is_detected_read_and_stated(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes(_lines({"text": "Wide 😀 text"}, {"text": "Second"}).encode("utf-16"))
    fmt, why = registry.detect_with_reason(path)
    assert fmt.name == "jsonl" and "'text'" in why
    report = sqlite_workspace.import_paths("p", [path])
    assert report.imported == 2
    assert f"{path}: read as UTF-16 (it starts with a UTF-16 byte-order mark)" in report.notes


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_a_utf16_file_without_a_mark_is_refused_naming_the_encoding(
    sqlite_workspace: Workspace, tmp_path: Path, codec: str
) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes(_lines({"text": "Wide text, no mark"}).encode(codec))
    with pytest.raises(ValidationError) as caught:
        sqlite_workspace.import_paths("p", [path])
    message = str(caught.value)
    assert message.startswith(f"{path}: looks like {codec.upper()} text without a byte-order mark")
    assert f"--encoding {codec}" in message and "which JSON format" not in message
    report = sqlite_workspace.import_paths("p", [path], options={"encoding": codec})
    assert report.imported == 1


def test_a_utf16_text_file_without_a_mark_names_the_encoding_not_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Ferry news\nThe ferry is late.\n".encode("utf-16-le"))
    with pytest.raises(ValidationError, match="looks like UTF-16-LE text without a byte-order mark"):
        _read(path, "txt")
    (record,), _ = _read(path, "txt", encoding="utf-16-le")
    assert record.document.title == "Ferry news"


def test_a_bad_first_json_line_is_named_under_auto(tmp_path: Path) -> None:
    path = tmp_path / "ctl.jsonl"
    path.write_text('{"text": "tab\x01 inside"}\n{"text": "fine"}\n', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        registry.detect_with_reason(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: line 1: not valid JSON (Invalid control character at column 14)")
    assert "which JSON format" not in message


def test_a_first_json_line_longer_than_the_sniffed_part_is_still_detected(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(_lines({"text": "word " * 40_000, "label": [[0, 4, "X"]]}), encoding="utf-8")
    assert registry.detect_with_reason(path)[0].name == "doccano"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"text": "abc"}\n'.encode("utf-16-le"), "utf-16-le"),
        ('{"text": "abc"}\n'.encode("utf-16-be"), "utf-16-be"),
        ('{"text": "abc"}\n'.encode("utf-32-le"), "utf-32-le"),
        ('{"text": "abc"}\n'.encode("utf-32-be"), "utf-32-be"),
        (b'{"text": "abc"}\n', None),
        (b"Title\nbody\x00with one NUL\n", None),
        ("市议会今天批准了防洪墙".encode("utf-16-le"), None),  # no ASCII: no pattern to see
    ],
)
def test_nul_patterns_name_wide_encodings(data: bytes, expected: str | None) -> None:
    assert nul_encoding(data) == expected


@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le"])
@pytest.mark.parametrize("fmt", sorted(BY_FORMAT))
def test_every_reader_drops_a_byte_order_mark(tmp_path: Path, fmt: str, encoding: str | None) -> None:
    name, content = BY_FORMAT[fmt]
    path = tmp_path / name
    codec = encoding or "utf-8"
    # The mark in the file's own encoding: a codec named with its byte order keeps it as U+FEFF.
    path.write_bytes(("\ufeff" + content).encode(codec.removesuffix("-sig")))
    records, _ = _read(path, fmt, **({"encoding": encoding} if encoding else {}))
    assert records
    for record in records:
        doc = record.document
        assert TEXT in doc.text
        for value in (doc.text, doc.title, *doc.meta, *map(str, doc.meta.values())):
            assert not value.startswith("\ufeff"), value
    if fmt == "csv":
        assert records[0].document.meta == {"outlet": "Le Phare"}


def test_brat_drops_a_byte_order_mark_from_the_txt_and_the_ann(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(codecs.BOM_UTF8 + TEXT.encode())
    (tmp_path / "a.ann").write_bytes(codecs.BOM_UTF8 + "T1\tX 3 7\tcafé\nT2\tX 10 15\tfermé\n".encode())
    ctx = ReadContext()
    (record,) = list(registry.get_format("brat").bind(ctx)(tmp_path / "a.ann"))
    assert isinstance(record, AnnotatedDocument) and record.document.text == TEXT
    assert [(s.start, s.end) for s in record.spans] == [(3, 7), (10, 15)]
    assert ctx.notes == []
    result = registry.get_format("brat").validate(tmp_path / "a.ann", ReadContext(), None)  # type: ignore[misc]
    assert result.ok and result.spans == 2


@pytest.mark.parametrize("encoding", ["base64", "rot13", "hex", "zlib", "bz2", "quopri", "uu"])
@pytest.mark.parametrize("fmt", sorted(BY_FORMAT))
def test_an_encoding_that_is_not_a_text_encoding_is_refused_by_every_reader(
    tmp_path: Path, fmt: str, encoding: str
) -> None:
    name, content = BY_FORMAT[fmt]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        _read(path, fmt, encoding=encoding)
    assert str(caught.value).startswith(f"{path}: {encoding!r} is not a text encoding")


@pytest.mark.parametrize("fmt", sorted(BY_FORMAT))
def test_a_lone_surrogate_from_utf7_is_refused_by_every_reader(tmp_path: Path, fmt: str) -> None:
    name, content = BY_FORMAT[fmt]
    path = tmp_path / name
    # In UTF-7 "+2AA-" is U+D800 alone; any other ASCII reads as itself.
    path.write_text(content.replace("é", "e").replace("à", "a").replace("Le", "+2AA-"), encoding="ascii")
    line = next(i for i, text in enumerate(content.split("\n"), 1) if "Le" in text)
    with pytest.raises(ValidationError) as caught:
        _read(path, fmt, encoding="utf-7")
    assert str(caught.value).startswith(
        f"{path}: line {line}: read as utf-7, the text holds a lone surrogate"
    )
