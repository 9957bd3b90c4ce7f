"""CoNLL-2003 BIO and Hugging Face token classification: tags, dropped overlaps per label, real loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.formats import conll, hf
from annotator.formats.base import ExportContext, ReadContext, WriteStats
from annotator.formats.bio import bio_columns
from annotator.project import Workspace


def _doc() -> AnnotatedDocument:
    text = "Ada Quill of Elmford said the 🧱 wall holds."
    return AnnotatedDocument(
        Document(text, external_id="d1"),
        (
            Span(0, 9, "SOURCE"),  # Ada Quill
            Span(13, 20, "PLACE"),  # Elmford, nested in the next one
            Span(0, 20, "SOURCE"),  # Ada Quill of Elmford: overlaps both
            Span(26, 43, "CLAIM"),  # the 🧱 wall holds.
        ),
    )


def test_conll_golden(tmp_path: Path) -> None:
    out = tmp_path / "o.conll"
    stats = conll.write([_doc()], out, ExportContext(("SOURCE", "PLACE", "CLAIM")))
    assert out.read_text(encoding="utf-8") == (
        "-DOCSTART- -X- -X- O\n\n"
        "Ada -X- _ B-SOURCE\n"
        "Quill -X- _ I-SOURCE\n"
        "of -X- _ I-SOURCE\n"
        "Elmford -X- _ I-SOURCE\n"
        "said -X- _ O\n"
        "the -X- _ B-CLAIM\n"
        "🧱 -X- _ I-CLAIM\n"
        "wall -X- _ I-CLAIM\n"
        "holds -X- _ I-CLAIM\n"
        ". -X- _ I-CLAIM\n\n"
    )
    # The longest of the overlapping spans is kept; the others are counted per label, not lost silently.
    assert stats.notes("conll") == [
        "conll: dropped 1 PLACE item(s): conll cannot hold overlapping or nested spans",
        "conll: dropped 1 SOURCE item(s): conll cannot hold overlapping or nested spans",
    ]
    assert conll.validate(out, ReadContext(), ("SOURCE", "PLACE", "CLAIM")).ok


def test_conll_validator_catches_broken_bio(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("-DOCSTART- -X- -X- O\n\nAda -X- _ I-SOURCE\nsaid -X- _ B-WHO\n", encoding="utf-8")
    result = conll.validate(path, ReadContext(), ("SOURCE",))
    assert [str(p) for p in result.problems] == [
        f"{path}: sentence at line 3, token 1: tag 'I-SOURCE' continues no SOURCE span (no B-SOURCE before it)",
        f"{path}: sentence at line 3, token 2: unknown label 'WHO' (known labels: SOURCE)",
    ]


def test_conll_project_export_reports_drops_per_label(filled: Workspace, tmp_path: Path) -> None:
    report = filled.export("p", tmp_path / "o.conll", format="conll")
    assert "conll: dropped 2 CLAIM item(s): conll cannot hold overlapping or nested spans" in report.notes
    text = (tmp_path / "o.conll").read_text(encoding="utf-8")
    assert text.count("-DOCSTART-") == 7  # the empty document too


def test_hf_writes_ids_and_the_label_list(tmp_path: Path) -> None:
    out = tmp_path / "train.jsonl"
    hf.write([_doc()], out, ExportContext(("SOURCE", "PLACE", "CLAIM")))
    labels = json.loads((tmp_path / "train.labels.json").read_text(encoding="utf-8"))
    assert labels["names"] == ["O", "B-SOURCE", "I-SOURCE", "B-PLACE", "I-PLACE", "B-CLAIM", "I-CLAIM"]
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["tokens"][:5] == ["Ada", "Quill", "of", "Elmford", "said"]
    assert [labels["names"][t] for t in row["ner_tags"][:6]] == [
        "B-SOURCE",
        "I-SOURCE",
        "I-SOURCE",
        "I-SOURCE",
        "O",
        "B-CLAIM",
    ]


def test_datasets_json_loader_reads_the_hf_export(filled: Workspace, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "corpus.jsonl"
    filled.export("p", out, format="hf")
    names = json.loads((tmp_path / "corpus.labels.json").read_text(encoding="utf-8"))["names"]
    ds = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == 7
    assert set(ds.column_names) == {"id", "tokens", "ner_tags"}
    zwj = ds[5]
    tags = [names[t] for t in zwj["ner_tags"]]
    assert list(zip(zwj["tokens"], tags, strict=True))[:4] == [
        ("Team", "B-SOURCE"),
        ("👩\u200d🔬", "I-SOURCE"),
        ("from", "I-SOURCE"),
        ("🇫🇷", "I-SOURCE"),
    ]
    assert ds[6]["tokens"] == []  # the empty document


@pytest.mark.parametrize(
    "text",
    [
        "Plain words 😀 only.",
        "Line one\nline two\r\nand\ttabs\x0b\x0c\x1c here.",
        'She said "no" twice.',
        "A back\\slash and a bell\x07 char.",
        "",
    ],
)
def test_an_hf_line_is_json_dumps_of_its_row(text: str) -> None:
    """The quick line writer writes what json.dumps writes, whichever characters the text holds."""
    spans = (Span(0, 4, "X"), Span(10, 17, "X")) if text else ()
    record = AnnotatedDocument(Document(text=text, external_id="d"), spans)
    tagged = bio_columns(record, WriteStats(), "hf")
    index = {name: i for i, name in enumerate(hf.tag_names(["X"]))}
    row: dict[str, Any] = {"id": "d", "tokens": tagged.texts}
    line = hf._line(row, {}, text, tagged, index)
    expected = {**row, "ner_tags": [index[tag] for tag in tagged.tags]}
    assert tagged.tagged or not text
    assert line == json.dumps(expected, ensure_ascii=False) + "\n"
