"""HF and CoNLL and the codebook: `datasets` loads a column per document variable; what BIO cannot hold is counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.codebook import DocumentValue, ValueSpec, ValueType
from annotator.core.types import AnnotatedDocument, Document, Label, LabelKind, LabelSchema
from annotator.formats import conll, hf, registry
from annotator.formats.base import ExportContext, ReadContext
from annotator.formats.exporting import export_single

from .codebook_corpus import context, corpus, split_quote

VARIABLES = ["FRAME", "TOPICS", "BREAKING", "TONE", "SUMMARY"]


def test_datasets_loads_one_column_per_variable(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "corpus.jsonl"
    outcome = export_single(registry.get_format("hf"), out, context(), corpus())
    ds = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.column_names == ["id", "tokens", "ner_tags", *VARIABLES]
    assert ds.features["TOPICS"].feature.dtype == "string"  # a multi is a list of texts
    assert ds.features["BREAKING"].dtype == "bool" and ds.features["TONE"].dtype == "int64"
    first, second = ds[0], ds[1]
    assert [first[v] for v in VARIABLES] == [
        "conflict",
        ["politics", "transport"],
        False,
        2,
        "A board that will not back down.",
    ]
    # Its two coders agree on FRAME and TOPICS but not on BREAKING, which stays empty and is counted.
    assert (second["FRAME"], sorted(second["TOPICS"]), second["BREAKING"]) == (
        "economic",
        ["economy", "transport"],
        None,
    )
    assert any(n.startswith("hf: dropped 1 BREAKING item(s)") for n in outcome.stats.notes("hf"))


def test_the_label_list_describes_the_columns_and_validate_checks_them(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    hf.write(corpus(), out, context())
    described = json.loads(hf.labels_path(out).read_text(encoding="utf-8"))["columns"]
    assert described["FRAME"] == {
        "variable": "FRAME",
        "type": "choice",
        "level": "nominal",
        "values": ["conflict", "economic", "human interest"],
    }
    assert described["TONE"] == {"variable": "TONE", "type": "number", "level": "interval"}
    assert hf.validate(out, ReadContext(), None).problems == []
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    rows[0]["FRAME"] = "sensational"
    del rows[1]["TONE"]
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    problems = [str(p) for p in hf.validate(out, ReadContext(), None).problems]
    assert any("line 1: column 'FRAME': \"sensational\" is not a choice value" in p for p in problems), (
        problems
    )
    assert any("line 2: no column 'TONE'" in p for p in problems), problems


def test_a_variable_named_like_a_column_gets_a_prefix(tmp_path: Path) -> None:
    schema = LabelSchema(
        (Label("CLAIM"), Label("tokens", LabelKind.DOCUMENT, spec=ValueSpec(ValueType.NUMBER)))
    )
    record = AnnotatedDocument(
        Document("Three words here.", external_id="t"), values=(DocumentValue("tokens", 3),)
    )
    out = tmp_path / "t.jsonl"
    hf.write([record], out, ExportContext(("CLAIM",), (), {}, schema))
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["var_tokens"] == 3 and row["tokens"] == ["Three", "words", "here", "."]


@pytest.mark.parametrize("fmt", ["hf", "conll"])
def test_fragments_relations_and_attributes_are_dropped_and_counted(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"corpus.{fmt}"
    outcome = export_single(registry.get_format(fmt), out, context(), [split_quote()])
    dropped = outcome.stats.dropped
    assert sum(n for (label, why), n in dropped.items() if label == "CLAIM" and "discontinuous" in why) == 1
    assert dropped[("ATTRIBUTED_TO", f"{fmt} holds no relations")] == 2
    assert dropped[("CUED_BY", f"{fmt} holds no relations")] == 2
    assert dropped[("SOURCE.named", f"{fmt} holds no span attributes")] == 2
    assert dropped[("SOURCE.type", f"{fmt} holds no span attributes")] == 1
    assert outcome.stats.spans == 6  # 7 spans less the split quote


def test_conll_counts_every_document_value_as_dropped(tmp_path: Path) -> None:
    stats = conll.write([split_quote()], tmp_path / "c.conll", context())
    assert sorted(
        label for (label, why) in stats.dropped if why == "conll holds no document variables"
    ) == sorted(VARIABLES)
