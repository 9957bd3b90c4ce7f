"""Each format declares the --option keys it reads, and an unknown key is refused before anything happens."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import LabelKind
from annotator.formats import registry
from annotator.formats.base import ExportContext, ReadContext
from annotator.project import Workspace, check_option_keys


class Asked(Mapping[str, Any]):
    """Options that are all unset, remembering every key a format asks for."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.keys.add(key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _export(ws: Workspace, name: str, out: Path) -> set[str]:
    """The option keys the writer of `name` asks for while writing the fixture corpus."""
    schema = ws.schema("p")
    asked = Asked()
    ctx = ExportContext(schema.names(), schema.names(LabelKind.RELATION), asked, schema)
    fmt = registry.get_format(name)
    assert fmt.write is not None
    fmt.write(ws.export_records("p"), out, ctx)
    return asked.keys


def _read(name: str, path: Path) -> set[str]:
    """The option keys the reader of `name` asks for while reading `path` to its end."""
    asked = Asked()
    fmt = registry.get_format(name)
    assert fmt.read is not None
    list(fmt.read(path, ReadContext(asked)))
    return asked.keys


@pytest.mark.parametrize("name", registry.writer_names())
def test_writers_and_readers_ask_only_for_the_keys_they_declare(
    filled: Workspace, tmp_path: Path, name: str
) -> None:
    if name == "spacy":
        pytest.importorskip("spacy")
    fmt = registry.get_format(name)
    out = tmp_path / f"out{fmt.suffix}"
    assert _export(filled, name, out) <= set(fmt.write_options)
    if fmt.read is not None:
        read_from = out if name != "brat" else next(out.rglob("*.ann"))
        assert _read(name, read_from) <= set(fmt.read_options)


def test_plain_readers_ask_only_for_the_keys_they_declare(tmp_path: Path) -> None:
    files = {
        "txt": ("a.txt", "Title\n\nThe body of the article."),
        "csv": ("a.csv", "text,title\nThe body of the article.,Title\n"),
        "html": ("a.html", "<html><body><h1>Title</h1><p>The body of the article, long enough.</p>"
                           "<figure><figcaption>A caption</figcaption></figure></body></html>"),
    }  # fmt: skip
    for name, (file, text) in files.items():
        path = tmp_path / file
        path.write_text(text, encoding="utf-8")
        asked = _read(name, path)
        assert asked <= set(registry.get_format(name).read_options), name
        assert "encoding" in asked, name


def test_an_unknown_key_names_the_key_the_format_and_its_keys() -> None:
    spacy = registry.get_format("spacy")
    with pytest.raises(ValidationError) as exc:
        registry.check_option_keys([spacy], ["shard_doc"], export=True)
    assert str(exc.value) == (
        "--option shard_doc: the spacy export reads no such option "
        "(its options: spans_key, lang, shard_docs, cats); nothing was written"
    )
    registry.check_option_keys([spacy], ["shard_docs", "lang"], export=True)
    with pytest.raises(ValidationError, match=r"--option relations: the doccano import .*offsets"):
        registry.check_option_keys([registry.get_format("doccano")], ["relations"], export=False)


def test_import_checks_against_the_detected_formats(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "An article."}) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("text\nAnother article.\n", encoding="utf-8")
    check_option_keys([tmp_path / "a.jsonl"], "auto", ["encoding"])
    with pytest.raises(
        ValidationError, match=r"--option text_column: the jsonl import .*\(its options: encoding\)"
    ):
        check_option_keys([tmp_path / "a.jsonl"], "auto", ["text_column"])
    check_option_keys([tmp_path], "auto", ["text_column"])  # the folder's CSV file reads it
    with pytest.raises(
        ValidationError, match=r"none of the formats of the files reads it .*jsonl: encoding; csv: "
    ):
        check_option_keys([tmp_path], "auto", ["shard_docs"])
    with pytest.raises(ValidationError, match=r"the csv import reads no such option"):
        check_option_keys([tmp_path / "a.jsonl"], "csv", ["caption_label"])
